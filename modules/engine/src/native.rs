//! Models with tree ensembles: which part runs natively, which part in tract, and how the native
//! part runs and is digested.
//!
//! **The split.** Every `TreeEnsembleClassifier` / `TreeEnsembleRegressor` node and everything
//! downstream of its outputs is the *native part*; the rest of the graph is the *prefix* and runs in
//! tract under the deterministic profile exactly as a tree-free model does (same allowlist, same
//! checks, one optimized plan), with the ensembles' inputs and any model outputs it computes made its
//! outputs. The downstream nodes must be ops that are exact on the engine's fixed-point values:
//! `Identity`, `Cast` that keeps the representation (to INT64 of the integer label, to FLOAT of
//! fixed-point scores) and `Mul` by a constant f32 scalar (what onnxmltools appends after LightGBM
//! ensembles; computed exactly on the fixed-point value, rounded half away from zero). Anything else
//! after an ensemble (including a second ensemble fed by the first) is refused with rule `placement`:
//! an ensemble's outputs never go back into tract. This covers what skl2onnx and onnxmltools export
//! for tree models (the ensemble alone, or behind feature preprocessing such as the
//! standardization prefix of the breast-cancer fixtures).
//!
//! When every ensemble reads the model's input directly and the native part computes every output
//! (a plain exported tree model), tract is not used at all and the input may hold NaN (a missing
//! value, see [`crate::tree`]) or ±infinity; with a prefix the input must be finite as for any tract
//! model. An ensemble's input must be a `[1, n]` (or `[n]`) f32 or integer tensor.
//!
//! **Node digests.** The prefix's plan nodes are digested as for any model (plan order, tract node
//! ids); the native nodes follow in graph order, numbered after the prefix's plan nodes (from 0 when
//! there is no prefix) and named by their ONNX node name. A native node's digest is SHA-256 of:
//! for an ensemble, `"leaves"`, the tree count (u64 LE) and each tree's reached leaf as its position
//! in the model's `nodes_*` lists (u32 LE, trees in order of first appearance), then `"margins"` and
//! the fixed-point margins (i64 LE); then for every node, each output as its type tag (`"I64"` for
//! integers, `"FIXED"` for fixed point), shape (u64 LE per dimension) and values (i64 LE).

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use sha2::{Digest, Sha256};
use tract_onnx::pb::tensor_proto::DataType;
use tract_onnx::pb::{GraphProto, NodeProto, TensorProto};

use crate::runtime::{FixedTensor, NodeDigest};
use crate::tree::shap::MarginRef;
use crate::tree::{self, Ensemble, TreeRule};
use crate::EngineError;

pub(crate) fn is_tree_op(n: &NodeProto) -> bool {
    n.domain == "ai.onnx.ml" && matches!(n.op_type.as_str(), "TreeEnsembleClassifier" | "TreeEnsembleRegressor")
}

/// A node's name for errors, reports and digests: its ONNX name, or `op_output` when it has none.
pub(crate) fn node_name(n: &NodeProto) -> String {
    if n.name.is_empty() {
        format!("{}_{}", n.op_type, n.output.first().map(String::as_str).unwrap_or(""))
    } else {
        n.name.clone()
    }
}

fn placement(node: &NodeProto, detail: String) -> EngineError {
    EngineError::Tree { node: node_name(node), rule: TreeRule::Placement, detail }
}

/// Which nodes run where, decided from the graph alone.
pub(crate) struct Split {
    /// Graph nodes the prefix keeps, in graph order.
    pub prefix_nodes: Vec<usize>,
    /// Tensors the prefix must output: ensemble inputs other than the model input, then model
    /// outputs it computes.
    pub prefix_outputs: Vec<String>,
    /// Native nodes in a topological order (graph order when the graph is sorted).
    pub native_nodes: Vec<usize>,
    /// Whether tract runs at all.
    pub needs_prefix: bool,
}

/// The f32 scalar a constant tensor holds, if it is one.
fn scalar_f32(t: &TensorProto) -> Option<f32> {
    if DataType::try_from(t.data_type).ok()? != DataType::Float || t.data_location == Some(1) {
        return None;
    }
    if t.dims.iter().any(|d| *d != 1) {
        return None;
    }
    match (t.float_data.as_slice(), t.raw_data.as_slice()) {
        ([x], []) => Some(*x),
        ([], raw) if raw.len() == 4 => Some(f32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]])),
        _ => None,
    }
}

/// Splits `graph` (whose single input is `input`) if it has tree ensembles; None if it has none.
pub(crate) fn split(graph: &GraphProto, input: &str) -> Result<Option<Split>, EngineError> {
    let trees: Vec<usize> = (0..graph.node.len()).filter(|i| is_tree_op(&graph.node[*i])).collect();
    if trees.is_empty() {
        return Ok(None);
    }
    let mut consumers: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in graph.node.iter().enumerate() {
        for x in n.input.iter().filter(|x| !x.is_empty()) {
            consumers.entry(x.as_str()).or_default().push(i);
        }
    }
    // Everything reachable from an ensemble's outputs.
    let mut native = BTreeSet::new();
    let mut queue: VecDeque<usize> = trees.iter().copied().collect();
    while let Some(i) = queue.pop_front() {
        if !native.insert(i) {
            continue;
        }
        for out in graph.node[i].output.iter().filter(|o| !o.is_empty()) {
            for c in consumers.get(out.as_str()).into_iter().flatten() {
                queue.push_back(*c);
            }
        }
    }
    let produced_natively: BTreeSet<&str> =
        native.iter().flat_map(|i| graph.node[*i].output.iter().map(String::as_str)).collect();
    // Constants a native Mul reads, by name.
    let initializers: HashMap<&str, &TensorProto> = graph.initializer.iter().map(|t| (t.name.as_str(), t)).collect();
    let constant_nodes: HashMap<&str, usize> = graph
        .node
        .iter()
        .enumerate()
        .filter(|(_, n)| n.op_type == "Constant" && (n.domain.is_empty() || n.domain == "ai.onnx"))
        .filter_map(|(i, n)| n.output.first().map(|o| (o.as_str(), i)))
        .collect();
    let mut native_constants = BTreeSet::new();
    for &i in &native {
        let n = &graph.node[i];
        if is_tree_op(n) {
            if n.input.iter().any(|x| produced_natively.contains(x.as_str())) {
                return Err(placement(n, "a tree ensemble reads another ensemble's output".into()));
            }
            continue;
        }
        let op = n.op_type.as_str();
        let standard = n.domain.is_empty() || n.domain == "ai.onnx";
        match op {
            "Identity" | "Cast" if standard && n.input.len() == 1 => {}
            "Mul" if standard && n.input.len() == 2 => {
                let other: Vec<&String> = n.input.iter().filter(|x| !produced_natively.contains(x.as_str())).collect();
                let [c] = other.as_slice() else {
                    return Err(placement(n, "Mul of two tree-ensemble results".into()));
                };
                if let Some(&k) = constant_nodes.get(c.as_str()) {
                    native_constants.insert(k);
                } else if !initializers.contains_key(c.as_str()) {
                    return Err(placement(n, format!("Mul of a tree-ensemble result by {c:?}, which is not a constant")));
                }
            }
            _ => {
                return Err(placement(
                    n,
                    format!("{op} reads a tree ensemble's output; after an ensemble only Identity, Cast and Mul by a constant run"),
                ))
            }
        }
    }
    // Native constants stay out of the prefix when nothing else reads them.
    native_constants.retain(|k| {
        graph.node[*k].output.iter().all(|o| {
            consumers.get(o.as_str()).into_iter().flatten().all(|c| native.contains(c))
                && !graph.output.iter().any(|g| g.name == *o)
        })
    });
    let prefix_nodes: Vec<usize> =
        (0..graph.node.len()).filter(|i| !native.contains(i) && !native_constants.contains(i)).collect();
    let prefix_produced: BTreeSet<&str> =
        prefix_nodes.iter().flat_map(|i| graph.node[*i].output.iter().map(String::as_str)).collect();

    let mut prefix_outputs: Vec<String> = vec![];
    for &t in &trees {
        let n = &graph.node[t];
        let x = n.input.first().map(String::as_str).unwrap_or("");
        if n.input.len() != 1 || (x != input && !prefix_produced.contains(x)) {
            return Err(EngineError::Tree {
                node: node_name(n),
                rule: TreeRule::TreeInput,
                detail: format!(
                    "the ensemble reads {:?}; it must read one tensor computed from the model input",
                    n.input
                ),
            });
        }
        if x != input && !prefix_outputs.iter().any(|p| p == x) {
            prefix_outputs.push(x.to_string());
        }
    }
    let mut needs_prefix = !prefix_outputs.is_empty();
    for o in &graph.output {
        if produced_natively.contains(o.name.as_str()) {
            continue;
        }
        needs_prefix = true;
        if !prefix_outputs.contains(&o.name) {
            prefix_outputs.push(o.name.clone());
        }
    }
    // Topological order of the native part (ONNX graphs are sorted; this does not rely on it).
    let mut ready: BTreeSet<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
    ready.insert(input);
    ready.extend(prefix_produced.iter().copied());
    for k in &native_constants {
        ready.extend(graph.node[*k].output.iter().map(String::as_str));
    }
    let mut pending: Vec<usize> = native.iter().copied().collect();
    let mut native_nodes = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|i| {
            let n = &graph.node[*i];
            if n.input.iter().all(|x| x.is_empty() || ready.contains(x.as_str())) {
                native_nodes.push(*i);
                ready.extend(n.output.iter().map(String::as_str));
                false
            } else {
                true
            }
        });
        if pending.len() == before {
            return Err(placement(&graph.node[pending[0]], "its inputs are never computed (a cycle?)".into()));
        }
    }
    Ok(Some(Split { prefix_nodes, prefix_outputs, native_nodes, needs_prefix }))
}

/// Ops each of whose output elements is an exactly rounded (or exact) function of the same element
/// of its inputs: element j of the result depends on element j of each input and nothing else, by
/// the same IEEE operations whatever kernel runs it. Transcendental ops (Exp, Sigmoid, …) are left
/// out: their kernels approximate, and a different code path for a tail element could round
/// differently.
const FEATUREWISE_OPS: &[&str] = &[
    "Abs",
    "Add",
    "Cast",
    "Clip",
    "Div",
    "Equal",
    "Greater",
    "Identity",
    "LeakyRelu",
    "Less",
    "Max",
    "Min",
    "Mul",
    "Neg",
    "Reciprocal",
    "Relu",
    "Sqrt",
    "Sub",
    "Sum",
    "Where",
];

/// How a tensor depends on the model input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dependence {
    /// Not at all (initializers, `Constant`, ops of constants only).
    Constant,
    /// Element by element: the model input, or [`FEATUREWISE_OPS`] of such tensors and constants.
    /// With the same shape as the input (the ensemble's input is checked to be `[1, M]`), its
    /// element j is a function of the model's feature j alone, so mixing two inputs feature by
    /// feature mixes this tensor the same way.
    Featurewise,
    /// Any other way (or unknown).
    Mixed,
}

/// How `tensor` depends on the graph's `input` (an explicit-stack walk: graphs can be deep).
pub(crate) fn dependence(graph: &GraphProto, input: &str, tensor: &str) -> Dependence {
    let producer: HashMap<&str, &NodeProto> =
        graph.node.iter().rev().flat_map(|n| n.output.iter().map(move |o| (o.as_str(), n))).collect();
    let initializers: BTreeSet<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
    let mut known: HashMap<&str, Dependence> = HashMap::new();
    let mut open: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<(&str, bool)> = vec![(tensor, false)];
    while let Some((t, expanded)) = stack.pop() {
        if known.contains_key(t) {
            continue;
        }
        // Met again below itself: a cycle (tract refuses such graphs anyway).
        let leaf = if !expanded && open.contains(t) {
            Some(Dependence::Mixed)
        } else if t == input {
            Some(Dependence::Featurewise)
        } else if initializers.contains(t) {
            Some(Dependence::Constant)
        } else {
            match producer.get(t) {
                None => Some(Dependence::Mixed),
                Some(n) if n.op_type == "Constant" => Some(Dependence::Constant),
                Some(_) => None,
            }
        };
        if let Some(d) = leaf {
            known.insert(t, d);
            continue;
        }
        let n = producer[t];
        let inputs = n.input.iter().map(String::as_str).filter(|x| !x.is_empty());
        if !expanded {
            open.insert(t);
            stack.push((t, true));
            stack.extend(inputs.filter(|x| !known.contains_key(x)).map(|x| (x, false)));
            continue;
        }
        open.remove(t);
        let deps: Vec<Dependence> = inputs.map(|x| known.get(x).copied().unwrap_or(Dependence::Mixed)).collect();
        let standard = n.domain.is_empty() || n.domain == "ai.onnx";
        let d = if deps.iter().all(|d| *d == Dependence::Constant) {
            Dependence::Constant
        } else if standard
            && FEATUREWISE_OPS.contains(&n.op_type.as_str())
            && deps.iter().all(|d| *d != Dependence::Mixed)
        {
            Dependence::Featurewise
        } else {
            Dependence::Mixed
        };
        known.insert(t, d);
    }
    known.get(tensor).copied().unwrap_or(Dependence::Mixed)
}

/// Where a native step reads from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Source {
    /// The model input (pure native models).
    Input,
    /// The prefix's output with this index.
    Prefix(usize),
    /// A native value slot.
    Slot(usize),
}

#[derive(Debug)]
enum Step {
    Tree {
        name: String,
        ensemble: Ensemble,
        input: Source,
        /// Whether the ensemble's feature j is a function of the model's feature j alone (the model
        /// input itself, or element-wise ops of it and constants): what tree Shapley values need.
        featurewise: bool,
        label: Option<usize>,
        scores: Option<usize>,
    },
    /// Identity and representation-keeping Cast.
    Copy {
        name: String,
        input: usize,
        output: usize,
    },
    Scale {
        name: String,
        input: usize,
        factor: f32,
        output: usize,
    },
}

/// The compiled native part.
#[derive(Debug)]
pub(crate) struct Program {
    steps: Vec<Step>,
    slots: usize,
    /// Per model output: where it comes from.
    pub outputs: Vec<Source>,
    /// Per slot: shape and whether fixed point (for the report).
    shapes: Vec<(Vec<usize>, bool)>,
}

impl Program {
    /// Compiles the native part. `features(name)` gives the feature count of an ensemble input
    /// (from the model input or the prefix's typed outputs).
    pub(crate) fn compile(
        graph: &GraphProto,
        split: &Split,
        input: &str,
        mut features: impl FnMut(&NodeProto, &str) -> Result<usize, EngineError>,
    ) -> Result<Program, EngineError> {
        let mut slot_of: BTreeMap<String, usize> = BTreeMap::new();
        let mut shapes: Vec<(Vec<usize>, bool)> = vec![];
        let mut steps = Vec::with_capacity(split.native_nodes.len());
        let initializers: HashMap<&str, &TensorProto> =
            graph.initializer.iter().map(|t| (t.name.as_str(), t)).collect();
        let constant = |name: &str| -> Option<f32> {
            if let Some(t) = initializers.get(name) {
                return scalar_f32(t);
            }
            let n = graph
                .node
                .iter()
                .find(|n| n.op_type == "Constant" && n.output.first().map(String::as_str) == Some(name))?;
            match n.attribute.as_slice() {
                [a] if a.name == "value" => a.t.as_ref().and_then(scalar_f32),
                [a] if a.name == "value_float" => Some(a.f),
                _ => None,
            }
        };
        // A slot for a named output (None for an unused, unnamed one).
        fn new_slot(
            slot_of: &mut BTreeMap<String, usize>,
            shapes: &mut Vec<(Vec<usize>, bool)>,
            out: &str,
            shape: Vec<usize>,
            fixed: bool,
        ) -> Option<usize> {
            if out.is_empty() {
                return None;
            }
            shapes.push((shape, fixed));
            slot_of.insert(out.to_string(), shapes.len() - 1);
            Some(shapes.len() - 1)
        }
        for &i in &split.native_nodes {
            let n = &graph.node[i];
            let name = node_name(n);
            if is_tree_op(n) {
                let x = n.input[0].as_str();
                let f = features(n, x)?;
                let ensemble = tree::parse(n, f)?;
                let (input, featurewise) = if x == input {
                    (Source::Input, true)
                } else {
                    (
                        Source::Prefix(
                            split.prefix_outputs.iter().position(|p| p == x).expect("split lists every tree input"),
                        ),
                        dependence(graph, input, x) == Dependence::Featurewise,
                    )
                };
                let outs: Vec<&str> = n.output.iter().map(String::as_str).collect();
                let (label, scores) = match &ensemble.kind {
                    tree::Kind::Classifier { .. } => {
                        if outs.len() != 2 {
                            return Err(placement(n, format!("a classifier has 2 outputs, this one {}", outs.len())));
                        }
                        let label = new_slot(&mut slot_of, &mut shapes, outs[0], vec![1], false);
                        let scores = new_slot(&mut slot_of, &mut shapes, outs[1], vec![1, ensemble.n_scores], true);
                        (label, scores)
                    }
                    tree::Kind::Regressor => {
                        if outs.len() != 1 {
                            return Err(placement(n, format!("a regressor has 1 output, this one {}", outs.len())));
                        }
                        (None, new_slot(&mut slot_of, &mut shapes, outs[0], vec![1, ensemble.n_scores], true))
                    }
                };
                steps.push(Step::Tree { name, ensemble, input, featurewise, label, scores });
                continue;
            }
            let read = |slot_of: &BTreeMap<String, usize>, x: &str| {
                slot_of.get(x).copied().ok_or_else(|| placement(n, format!("{x:?} is not a tree-ensemble result")))
            };
            match n.op_type.as_str() {
                "Identity" | "Cast" => {
                    let from = read(&slot_of, &n.input[0])?;
                    let (shape, fixed) = shapes[from].clone();
                    if n.op_type == "Cast" {
                        let to = n.attribute.iter().find(|a| a.name == "to").map(|a| a.i).unwrap_or(0);
                        let keeps = (to == DataType::Int64 as i64 && !fixed) || (to == DataType::Float as i64 && fixed);
                        if !keeps {
                            return Err(placement(
                                n,
                                format!(
                                    "Cast to type {to} of {} tree-ensemble result",
                                    if fixed { "a fixed-point" } else { "an integer" }
                                ),
                            ));
                        }
                    }
                    let out = n.output.first().map(String::as_str).unwrap_or("");
                    if let Some(output) = new_slot(&mut slot_of, &mut shapes, out, shape, fixed) {
                        steps.push(Step::Copy { name, input: from, output });
                    }
                }
                "Mul" => {
                    let (x, c) = if slot_of.contains_key(n.input[0].as_str()) {
                        (&n.input[0], &n.input[1])
                    } else {
                        (&n.input[1], &n.input[0])
                    };
                    let from = read(&slot_of, x)?;
                    let (shape, fixed) = shapes[from].clone();
                    let factor = constant(c)
                        .filter(|f| f.is_finite())
                        .ok_or_else(|| placement(n, format!("{c:?} is not one finite f32")))?;
                    if !fixed {
                        return Err(placement(n, "Mul of an integer tree-ensemble result".into()));
                    }
                    let out = n.output.first().map(String::as_str).unwrap_or("");
                    if let Some(output) = new_slot(&mut slot_of, &mut shapes, out, shape, true) {
                        steps.push(Step::Scale { name, input: from, factor, output });
                    }
                }
                other => unreachable!("split() admits no {other} after an ensemble"),
            }
        }
        let mut outputs = Vec::with_capacity(graph.output.len());
        for o in &graph.output {
            outputs.push(match slot_of.get(o.name.as_str()) {
                Some(s) => Source::Slot(*s),
                None => Source::Prefix(
                    split.prefix_outputs.iter().position(|p| *p == o.name).expect("split lists prefix outputs"),
                ),
            });
        }
        Ok(Program { steps, slots: shapes.len(), outputs, shapes })
    }

    pub(crate) fn ensembles(&self) -> impl Iterator<Item = &Ensemble> {
        self.steps.iter().filter_map(|s| match s {
            Step::Tree { ensemble, .. } => Some(ensemble),
            _ => None,
        })
    }

    /// Shape of a native model output.
    pub(crate) fn slot_shape(&self, slot: usize) -> &[usize] {
        &self.shapes[slot].0
    }

    /// Cost of one pass: each ensemble's `cost()`, plus per step 1 and per scaled value 1.
    pub(crate) fn cost(&self) -> u64 {
        self.steps
            .iter()
            .map(|s| match s {
                Step::Tree { ensemble, .. } => 1 + ensemble.cost(),
                Step::Copy { .. } => 1,
                Step::Scale { input, .. } => 1 + self.shapes[*input].0.iter().product::<usize>() as u64,
            })
            .sum()
    }

    /// The ensemble whose scores model output `output` (its position) is, through the native ops
    /// after it, and the margin behind its value `index`: for tree Shapley values, which explain
    /// that margin. Errors name why there is none.
    pub(crate) fn explained_margin(
        &self,
        output: usize,
        index: usize,
    ) -> Result<(&Ensemble, Source, MarginRef), EngineError> {
        let not_tree = |why: &str| {
            EngineError::Explain(format!(
                "tree Shapley explains a tree ensemble's margin; the explained output {why} (use shapley_exact or \
                 shapley_sampled)"
            ))
        };
        let Some(Source::Slot(mut slot)) = self.outputs.get(output).copied() else {
            return Err(not_tree("is not computed by a tree ensemble"));
        };
        // Back through Identity, Cast and Mul to the step that wrote the slot first.
        loop {
            let writer = self.steps.iter().find(|s| match s {
                Step::Tree { label, scores, .. } => *label == Some(slot) || *scores == Some(slot),
                Step::Copy { output, .. } | Step::Scale { output, .. } => *output == slot,
            });
            match writer {
                Some(Step::Copy { input, .. } | Step::Scale { input, .. }) => slot = *input,
                Some(Step::Tree { ensemble, input, featurewise, scores, .. }) if *scores == Some(slot) => {
                    if !featurewise {
                        return Err(not_tree(
                            "comes from an ensemble whose features are not the model's features one by one (tract \
                             computes them with ops other than element-wise ones)",
                        ));
                    }
                    if index >= ensemble.n_scores {
                        return Err(EngineError::Explain(format!(
                            "output index {index} is out of range ({} values)",
                            ensemble.n_scores
                        )));
                    }
                    let margin = match ensemble.form {
                        tree::Form::Scores => MarginRef { index, negate: false },
                        // Score 1 is a function of s, score 0 of −s.
                        tree::Form::BinaryLogistic | tree::Form::BinaryComplement => {
                            MarginRef { index: 0, negate: index == 0 }
                        }
                    };
                    return Ok((ensemble, *input, margin));
                }
                Some(Step::Tree { .. }) => return Err(not_tree("is a tree ensemble's label")),
                None => return Err(not_tree("is not computed by a tree ensemble")),
            }
        }
    }

    /// Whether an ensemble reads the model input directly.
    pub(crate) fn reads_input(&self) -> bool {
        self.steps.iter().any(|s| matches!(s, Step::Tree { input: Source::Input, .. }))
    }

    pub(crate) fn node_count(&self) -> usize {
        self.steps.len()
    }

    /// Runs the native part. `features(source)` gives an ensemble's input features.
    pub(crate) fn run<'a>(
        &self,
        mut features: impl FnMut(Source) -> Result<std::borrow::Cow<'a, [f32]>, EngineError>,
        first_node: usize,
        digests: Option<&mut Vec<NodeDigest>>,
    ) -> Result<Vec<Option<FixedTensor>>, EngineError> {
        let mut slots: Vec<Option<FixedTensor>> = vec![None; self.slots];
        let mut digests = digests;
        let tensor = |shape: &[usize], fixed: bool, values: Vec<i64>| FixedTensor {
            name: String::new(),
            shape: shape.to_vec(),
            fixed_point: fixed,
            values,
        };
        for (k, step) in self.steps.iter().enumerate() {
            let mut h = digests.is_some().then(Sha256::new);
            let (name, written): (&str, Vec<usize>) = match step {
                Step::Tree { name, ensemble, input, label, scores, .. } => {
                    let x = features(*input)?;
                    let out = ensemble.evaluate(&x)?;
                    if let Some(h) = h.as_mut() {
                        h.update(b"leaves");
                        h.update((out.leaves.len() as u64).to_le_bytes());
                        for l in &out.leaves {
                            h.update(l.to_le_bytes());
                        }
                        h.update(b"margins");
                        for m in &out.margins {
                            h.update(m.to_le_bytes());
                        }
                    }
                    let mut written = vec![];
                    if let (Some(s), Some(l)) = (label, out.label) {
                        slots[*s] = Some(tensor(&self.shapes[*s].0, false, vec![l]));
                        written.push(*s);
                    }
                    if let Some(s) = scores {
                        slots[*s] = Some(tensor(&self.shapes[*s].0, true, out.scores));
                        written.push(*s);
                    }
                    (name, written)
                }
                Step::Copy { name, input, output } => {
                    slots[*output] = slots[*input].clone();
                    (name, vec![*output])
                }
                Step::Scale { name, input, factor, output } => {
                    let from = slots[*input].as_ref().expect("steps run in order");
                    let values = from
                        .values
                        .iter()
                        .map(|v| {
                            scale(*v, *factor).ok_or_else(|| {
                                EngineError::Run(format!("{name}: {v} × {factor} is outside the fixed-point range"))
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    slots[*output] = Some(tensor(&from.shape, true, values));
                    (name, vec![*output])
                }
            };
            if let (Some(mut h), Some(d)) = (h.take(), digests.as_mut()) {
                for s in written {
                    let t = slots[s].as_ref().expect("just written");
                    h.update(if t.fixed_point { b"FIXED".as_slice() } else { b"I64".as_slice() });
                    for dim in &t.shape {
                        h.update((*dim as u64).to_le_bytes());
                    }
                    for v in &t.values {
                        h.update(v.to_le_bytes());
                    }
                }
                d.push(NodeDigest { node: first_node + k, name: name.to_string(), sha256: h.finalize().into() });
            }
        }
        Ok(slots)
    }
}

/// `v × factor` for a fixed-point `v` and a finite f32 factor, exactly, rounded half away from zero;
/// None outside i64.
pub(crate) fn scale(v: i64, factor: f32) -> Option<i64> {
    if factor == 0.0 || v == 0 {
        return Some(0);
    }
    let bits = factor.to_bits();
    let exp_bits = ((bits >> 23) & 0xff) as i32;
    let frac = i128::from(bits & 0x7f_ffff);
    let (mantissa, exp) = if exp_bits == 0 { (frac, -149) } else { (frac | 0x80_0000, exp_bits - 150) };
    let mantissa = if bits >> 31 == 1 { -mantissa } else { mantissa };
    // |v| < 2^63, |mantissa| < 2^24: the product is below 2^87.
    let product = i128::from(v) * mantissa;
    let result = if exp >= 0 {
        // exp ≤ 104; anything shifted past 2^63 is out of range.
        if exp > 63 {
            return None;
        }
        product.checked_mul(1i128 << exp)?
    } else {
        let shift = (-exp) as u32;
        if shift >= 127 {
            0
        } else {
            let magnitude = product.unsigned_abs();
            let q = (magnitude >> shift) + ((magnitude >> (shift - 1)) & 1);
            let q = i128::try_from(q).ok()?;
            if product < 0 {
                -q
            } else {
                q
            }
        }
    };
    i64::try_from(result).ok()
}

#[cfg(test)]
mod tests {
    use super::scale;

    #[test]
    fn scaling_is_exact_and_rounded_half_away() {
        assert_eq!(scale(123, 1.0), Some(123));
        assert_eq!(scale(-123, 1.0), Some(-123));
        assert_eq!(scale(5, 0.5), Some(3));
        assert_eq!(scale(-5, 0.5), Some(-3));
        assert_eq!(scale(7, -0.25), Some(-2));
        assert_eq!(scale(1_000_000_000, 0.1), Some(100_000_001));
        assert_eq!(scale(i64::MAX, 2.0), None);
        assert_eq!(scale(1, f32::MIN_POSITIVE), Some(0));
        assert_eq!(scale(1 << 40, 1e30), None);
        assert_eq!(scale(i64::MIN, 1.0), Some(i64::MIN));
    }
}
