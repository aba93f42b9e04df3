//! Cross-CPU determinism: the fixture suite (tract models and native tree ensembles, with exact
//! tree-Shapley explanations of every tree fixture's rows) gives identical digests natively and under
//! `qemu-x86_64 -cpu Nehalem` (SSE4.2, no AVX) and `-cpu Haswell` (AVX2 + FMA). Without the
//! deterministic profile, SIMD kernels chosen per CPU tier change float bits and validators on
//! different hardware would disagree on the app hash. qemu-user comes from scripts/install-deps.sh.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_determinism-digest");

const TREE_FIXTURES: [&str; 5] =
    ["breast_cancer_gbdt", "breast_cancer_lightgbm", "wine_forest", "diabetes_gbdt", "diabetes_forest"];

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
    // Every tree fixture's digest covers its tree-Shapley traces (one per row and output) as well as
    // its occlusion traces; the tract models have none.
    for line in native.lines().filter(|l| !l.starts_with("all ")) {
        let count = |key: &str| -> usize {
            let field = line.split_whitespace().find_map(|w| w.strip_prefix(key)).unwrap_or_else(|| panic!("{line}"));
            field.parse().unwrap_or_else(|_| panic!("{line}"))
        };
        let (traces, tree) = (count("traces="), count("tree_shapley="));
        let is_tree = TREE_FIXTURES.iter().any(|t| line.starts_with(&format!("{t} ")));
        assert!(traces > tree && (tree > 0) == is_tree, "{line}");
    }
    for cpu in ["Nehalem", "Haswell"] {
        assert_eq!(digest(Some(cpu)), native, "results under -cpu {cpu} differ from native");
    }
}
