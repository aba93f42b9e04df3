//! Deterministic ONNX inference for on-chain AI decisions.
//!
//! Validators run registered models inside block execution; if two compute one bit differently the
//! chain halts. This crate is the engine, a library that knows no chain (the chain module that
//! takes inference requests in transactions is `modules/inference`, issue 13): [`validate`](mod@validate) (what
//! registration accepts), [`runtime`] (the pinned profile: generic kernels, batch 1, one thread,
//! one optimized plan; fixed-point outputs; per-node digests), [`tree`] (a native evaluator for the
//! ai.onnx.ml tree ensembles, in fixed point; [`native`] splits a graph between it and tract) and
//! [`explain`](mod@explain) (exact, sampled and occlusion attributions in integer arithmetic, and
//! exact tree Shapley values of tree ensembles' margins for any number of features). Read
//! shared/notes/determinism.md before changing anything here.

pub mod explain;
pub mod fixed;
pub mod native;
pub mod profile;
pub mod runtime;
pub mod synth;
pub mod trace;
pub mod tree;
pub mod validate;

pub use explain::{explain, Explained, Explanation, Method};
pub use runtime::{Engine, Forward, Input, LoadedModel, TreeShapley};
pub use tree::TreeRule;
pub use validate::{validate, ModelReport, TreeEnsembleReport};

// Shapes, lengths and counts are `usize` in memory and `u64` in digests, reports and traces: the
// `usize as u64` casts in this crate are lossless because of this bound.
const _: () = assert!(usize::BITS <= u64::BITS);

/// Every way the engine refuses, each naming the offender.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum EngineError {
    #[error("deterministic profile unavailable: {0}")]
    Profile(String),
    #[error("model is {size} bytes, over the {limit}-byte limit")]
    TooLarge { size: usize, limit: usize },
    #[error("malformed ONNX model: {0}")]
    Malformed(String),
    #[error("a model must have exactly one input, found {count}: {0:?}", count = .0.len())]
    InputCount(Vec<String>),
    #[error("input {input:?} has type {found}; only f32 and integer inputs are supported")]
    InputType { input: String, found: String },
    #[error("input {input:?} has a non-fixed dimension at axis {axis} (only the batch axis may vary)")]
    DynamicShape { input: String, axis: usize },
    #[error("op {op} (node {node:?}) is not on the deterministic allowlist")]
    Op { op: String, node: String },
    #[error("f16/f64 math is not deterministic across CPUs: {what}")]
    FloatWidth { what: String },
    #[error("tree ensemble {node:?} breaks rule `{rule}`: {detail}")]
    Tree { node: String, rule: tree::TreeRule, detail: String },
    #[error("tract cannot run this model: {0}")]
    Unsupported(String),
    #[error("expected {expected} input features, got {got}")]
    InputLength { expected: usize, got: usize },
    #[error("invalid input: {0}")]
    InputValue(String),
    #[error("inference failed: {0}")]
    Run(String),
    #[error("explanation needs {needed} forward passes, over the budget of {budget}")]
    Budget { needed: u64, budget: u64 },
    #[error("cannot explain: {0}")]
    Explain(String),
}
