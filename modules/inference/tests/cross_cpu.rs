//! Cross-CPU determinism: the fixture suite (tract models and native tree ensembles) gives identical
//! digests natively and under
//! `qemu-x86_64 -cpu Nehalem` (SSE4.2, no AVX) and `-cpu Haswell` (AVX2 + FMA). Without the
//! deterministic profile, SIMD kernels chosen per CPU tier change float bits and validators on
//! different hardware would disagree on the app hash. qemu-user comes from scripts/install-deps.sh.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_determinism-digest");

fn digest(runner: Option<&str>) -> String {
    let out = match runner {
        None => Command::new(BIN).output(),
        Some(cpu) => Command::new("qemu-x86_64").args(["-cpu", cpu, BIN]).output(),
    }
    .unwrap_or_else(|e| panic!("running {BIN} {runner:?} (is qemu-user installed? scripts/install-deps.sh): {e}"));
    assert!(out.status.success(), "{runner:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn fixture_digests_are_identical_across_cpu_models() {
    let native = digest(None);
    // 11 fixture models (6 through tract, 5 tree ensembles through the native evaluator) and "all".
    assert!(native.lines().count() == 12, "{native}");
    for cpu in ["Nehalem", "Haswell"] {
        assert_eq!(digest(Some(cpu)), native, "results under -cpu {cpu} differ from native");
    }
}
