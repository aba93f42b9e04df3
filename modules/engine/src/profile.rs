//! The deterministic profile (see shared/notes/determinism.md): tract's portable (generic) kernels
//! on every CPU, batch 1, one thread, one optimized plan. SIMD kernels give different float bits on
//! different CPU tiers, and validators that compute one bit differently halt the chain.

use std::sync::OnceLock;

use tract_onnx::tract_core::knobs;
use tract_onnx::tract_core::tract_linalg;

/// Recorded in every trace, so a verifier knows which rules produced it.
pub const PROFILE_NAME: &str = "symbiote-generic-v1";

/// Every SIMD feature tract's x86-64 kernels could pick, removed.
pub const FORCED_ISA: &str = "-avx,-avx2,-fma,-f16c,-avx512f,-avx512vnni,-avxvnni,-avx512fp16,-amx-int8,-amx-bf16";

/// The kernel set the profile must leave: plain SSE2, which every x86-64 CPU has.
pub const EXPECTED_ISA: &str = "sse2";

static PROFILE: OnceLock<Result<String, String>> = OnceLock::new();

/// Forces the generic kernels before tract first probes the CPU and checks that it took effect.
/// Call before any other tract use (the engine does); fails if tract already chose other kernels.
pub fn ensure() -> Result<(), crate::EngineError> {
    PROFILE
        .get_or_init(|| {
            if !cfg!(target_arch = "x86_64") {
                return Err("the deterministic profile is defined for x86-64 validators only".into());
            }
            if !knobs::set_str("TRACT_CPU_ISA", FORCED_ISA) {
                return Err("tract has no TRACT_CPU_ISA knob: wrong tract version".into());
            }
            let isa = tract_linalg::isa::native();
            let nickname = isa.nickname().to_string();
            if nickname != EXPECTED_ISA {
                return Err(format!(
                    "tract kernels are {nickname:?}, expected {EXPECTED_ISA:?} (generic) after forcing"
                ));
            }
            Ok(nickname)
        })
        .clone()
        .map(|_| ())
        .map_err(crate::EngineError::Profile)
}

#[cfg(test)]
mod tests {
    #[test]
    fn forcing_generic_kernels_takes_effect() {
        super::ensure().expect("profile");
        assert_eq!(tract_onnx::tract_core::tract_linalg::isa::native().nickname(), super::EXPECTED_ISA);
    }
}
