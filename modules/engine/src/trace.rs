//! The explainability trace (`symbiote.inference.v1.Trace`): model, input commitment, outputs,
//! label, explanation, node digests, engine version and profile. Its canonical encoding is prost's
//! (fields in number order, defaults omitted, packed scalars); the trace id is SHA-256 of it, so any
//! validator that re-runs the inference can recompute the same id.

use prost::Message;
use sha2::{Digest, Sha256};
use symbiote_proto::symbiote::inference::v1 as pb;

use crate::explain::{Explained, Explanation, Method};
use crate::runtime::{Forward, Input, LoadedModel};

/// The engine version recorded in traces: this crate's and tract's.
pub const ENGINE_VERSION: &str = concat!("symbiote-engine ", env!("CARGO_PKG_VERSION"), "; tract-onnx 0.23.9");

pub fn input_proto(input: &Input) -> pb::Input {
    match input {
        Input::F32(v) => pb::Input { f32_bits: v.iter().map(|x| x.to_bits()).collect(), ints: vec![] },
        Input::Int(v) => pb::Input { f32_bits: vec![], ints: v.clone() },
    }
}

/// SHA-256 of the input's canonical encoding: what the trace commits to when the input is private.
pub fn input_commitment(input: &Input) -> [u8; 32] {
    Sha256::digest(input_proto(input).encode_to_vec()).into()
}

/// Assembles the trace of one inference (and its explanation, if one was computed).
pub fn build(
    model: &LoadedModel,
    model_version: &str,
    input: &Input,
    public_input: bool,
    forward: &Forward,
    explanation: Option<(&Explanation, &Input, Method)>,
) -> pb::Trace {
    let explanation = explanation.map(|(e, baseline, method)| {
        let (seed, permutations) = match method {
            Method::Sampled { seed, permutations } => (seed.to_vec(), permutations),
            _ => (vec![], 0),
        };
        pb::Explanation {
            method: e.method.to_string(),
            additive: e.additive,
            // explain() rejects output indices over u32::MAX and models with more than u32::MAX
            // features (so every `top` index fits); these casts are lossless.
            output_index: e.output_index as u32,
            baseline: Some(input_proto(baseline)),
            seed,
            permutations,
            passes: e.passes,
            base_value: e.base_value,
            value: e.value,
            attributions: e.attributions.clone(),
            residual: e.residual,
            top: e.top.iter().map(|i| *i as u32).collect(),
            feature_names: model.report.feature_names.clone(),
            explained: match e.explained {
                Explained::Output => pb::ExplainedValue::Output,
                Explained::Margin => pb::ExplainedValue::Margin,
            } as i32,
        }
    });
    pb::Trace {
        model_sha256: hex::decode(&model.report.sha256).expect("hex of a SHA-256"),
        model_version: model_version.to_string(),
        input_commitment: input_commitment(input).to_vec(),
        input: public_input.then(|| input_proto(input)),
        outputs: forward
            .outputs
            .iter()
            .map(|o| pb::Tensor {
                name: o.name.clone(),
                // usize → u64 is lossless (asserted in lib.rs).
                shape: o.shape.iter().map(|d| *d as u64).collect(),
                fixed_point: o.fixed_point,
                values: o.values.clone(),
            })
            .collect(),
        // A label indexes an output, and forward() rejects outputs with more than u32::MAX values.
        label: forward.label().map(|l| l as u32),
        explanation,
        node_digests: forward
            .node_digests
            .iter()
            // Node ids index the plan, which validation limits to u32::MAX nodes.
            .map(|d| pb::NodeDigest { node: d.node as u32, name: d.name.clone(), sha256: d.sha256.to_vec() })
            .collect(),
        engine_version: ENGINE_VERSION.to_string(),
        profile: crate::profile::PROFILE_NAME.to_string(),
        // The chain context is the chain module's to fill in (empty off chain).
        ..Default::default()
    }
}

pub fn encode(trace: &pb::Trace) -> Vec<u8> {
    trace.encode_to_vec()
}

pub fn trace_id(trace: &pb::Trace) -> [u8; 32] {
    Sha256::digest(encode(trace)).into()
}

/// The first node whose digest differs between two traces of the same model and input: where a
/// disagreeing verifier's computation diverged.
pub fn first_divergence(a: &pb::Trace, b: &pb::Trace) -> Option<String> {
    for (x, y) in a.node_digests.iter().zip(&b.node_digests) {
        if x != y {
            return Some(format!("node {} ({})", x.node, x.name));
        }
    }
    (a.node_digests.len() != b.node_digests.len()).then(|| "the plans have different node counts".to_string())
}
