#!/usr/bin/env bash
# System packages symbiote needs to build and test, from Debian's archive. Idempotent: installs only
# what is missing. libclang-dev: RocksDB's bindgen (via cnidarium). qemu-user: the cross-CPU
# determinism test runs the inference engine under emulated older and newer x86-64 CPUs.
set -euo pipefail
want=(libclang-dev qemu-user "$@")
missing=()
for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >&2
