//! Cross-CPU determinism through the chain path: the traces the inference module stores, and the
//! committed state's root, are identical natively and under `qemu-x86_64 -cpu Nehalem` (SSE4.2,
//! no AVX) and `-cpu Haswell` (AVX2 + FMA) — what the engine's own cross-CPU test shows for bare
//! traces (modules/engine/tests/cross_cpu.rs), here for decisions made by `MsgInfer` in a block:
//! model resolution, disclosed-record inputs, sampled Shapley seeded by the tx hash, tree Shapley,
//! fee split, receipts. qemu-user comes from scripts/install-deps.sh.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_chain-trace-digest");

fn digest(cpu: Option<&str>) -> String {
    let out = match cpu {
        None => Command::new(BIN).output(),
        Some(cpu) => Command::new("qemu-x86_64").args(["-cpu", cpu, BIN]).output(),
    }
    .unwrap_or_else(|e| panic!("running {BIN} {cpu:?} (is qemu-user installed? scripts/install-deps.sh): {e}"));
    assert!(out.status.success(), "{cpu:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn chain_traces_and_the_state_root_are_identical_across_cpu_models() {
    let native = digest(None);
    // Four decisions and the root.
    assert_eq!(native.lines().count(), 5, "{native}");
    assert!(native.lines().all(|l| l.split_whitespace().nth(1).is_some_and(|h| h.len() == 64)), "{native}");
    for cpu in ["Nehalem", "Haswell"] {
        assert_eq!(digest(Some(cpu)), native, "decisions under -cpu {cpu} differ from native");
    }
}
