//! From an ONNX `TreeEnsembleClassifier` / `TreeEnsembleRegressor` node to a validated [`Ensemble`],
//! or an error naming the broken [`TreeRule`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use tract_onnx::pb::tensor_proto::DataType;
use tract_onnx::pb::{AttributeProto, NodeProto, TensorProto};

use super::{
    Aggregate, Ensemble, Form, Kind, Mode, Node, PostTransform, Tree, TreeRule, MAX_TARGETS, MAX_TREE_DEPTH,
    MAX_TREE_NODES,
};
use crate::{fixed, EngineError};

/// What an attribute holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ty {
    Int,
    Ints,
    Floats,
    String,
    Strings,
    Tensor,
}

impl Ty {
    /// The `AttributeProto.type` value (`AttributeType`).
    fn code(self) -> i32 {
        match self {
            Ty::Int => 2,
            Ty::String => 3,
            Ty::Tensor => 4,
            Ty::Floats => 6,
            Ty::Ints => 7,
            Ty::Strings => 8,
        }
    }
}

const COMMON: &[(&str, Ty)] = &[
    ("base_values", Ty::Floats),
    ("base_values_as_tensor", Ty::Tensor),
    ("nodes_falsenodeids", Ty::Ints),
    ("nodes_featureids", Ty::Ints),
    ("nodes_hitrates", Ty::Floats),
    ("nodes_hitrates_as_tensor", Ty::Tensor),
    ("nodes_missing_value_tracks_true", Ty::Ints),
    ("nodes_modes", Ty::Strings),
    ("nodes_nodeids", Ty::Ints),
    ("nodes_treeids", Ty::Ints),
    ("nodes_truenodeids", Ty::Ints),
    ("nodes_values", Ty::Floats),
    ("nodes_values_as_tensor", Ty::Tensor),
    ("post_transform", Ty::String),
];

const CLASSIFIER: &[(&str, Ty)] = &[
    ("class_ids", Ty::Ints),
    ("class_nodeids", Ty::Ints),
    ("class_treeids", Ty::Ints),
    ("class_weights", Ty::Floats),
    ("class_weights_as_tensor", Ty::Tensor),
    ("classlabels_int64s", Ty::Ints),
    ("classlabels_strings", Ty::Strings),
];

const REGRESSOR: &[(&str, Ty)] = &[
    ("aggregate_function", Ty::String),
    ("n_targets", Ty::Int),
    ("target_ids", Ty::Ints),
    ("target_nodeids", Ty::Ints),
    ("target_treeids", Ty::Ints),
    ("target_weights", Ty::Floats),
    ("target_weights_as_tensor", Ty::Tensor),
];

struct Attrs<'a> {
    node: &'a str,
    map: BTreeMap<&'a str, &'a AttributeProto>,
}

fn err(node: &str, rule: TreeRule, detail: impl Into<String>) -> EngineError {
    EngineError::Tree { node: node.to_string(), rule, detail: detail.into() }
}

impl<'a> Attrs<'a> {
    fn new(node: &'a NodeProto, name: &'a str, classifier: bool) -> Result<Self, EngineError> {
        let known = |n: &str| {
            COMMON.iter().chain(if classifier { CLASSIFIER } else { REGRESSOR }).find(|(k, _)| *k == n).map(|(_, t)| *t)
        };
        let mut map = BTreeMap::new();
        for a in &node.attribute {
            let ty = known(&a.name)
                .ok_or_else(|| err(name, TreeRule::Attribute, format!("unknown attribute {:?}", a.name)))?;
            if a.r#type != 0 && a.r#type != ty.code() {
                return Err(err(name, TreeRule::Attribute, format!("attribute {:?} has type {}", a.name, a.r#type)));
            }
            if map.insert(a.name.as_str(), a).is_some() {
                return Err(err(name, TreeRule::Attribute, format!("attribute {:?} is given twice", a.name)));
            }
        }
        Ok(Self { node: name, map })
    }

    fn ints(&self, name: &str) -> &'a [i64] {
        self.map.get(name).map(|a| a.ints.as_slice()).unwrap_or_default()
    }

    fn strings(&self, name: &str) -> &'a [Vec<u8>] {
        self.map.get(name).map(|a| a.strings.as_slice()).unwrap_or_default()
    }

    fn string(&self, name: &str) -> Option<&'a [u8]> {
        self.map.get(name).map(|a| a.s.as_slice())
    }

    fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// A float list given as `name` or `name_as_tensor` (f32 data only: f64 math is not on the
    /// deterministic profile); None if neither is given.
    fn floats(&self, name: &str) -> Result<Option<Vec<f32>>, EngineError> {
        let tensor_name = format!("{name}_as_tensor");
        match (self.map.get(name), self.map.get(tensor_name.as_str())) {
            (Some(_), Some(_)) => {
                Err(err(self.node, TreeRule::Attribute, format!("both {name:?} and {tensor_name:?} are given")))
            }
            (Some(a), None) => Ok(Some(a.floats.clone())),
            (None, Some(a)) => {
                let t = a
                    .t
                    .as_ref()
                    .ok_or_else(|| err(self.node, TreeRule::Attribute, format!("{tensor_name:?} holds no tensor")))?;
                tensor_f32(self.node, &tensor_name, t).map(Some)
            }
            (None, None) => Ok(None),
        }
    }
}

fn tensor_f32(node: &str, name: &str, t: &TensorProto) -> Result<Vec<f32>, EngineError> {
    match DataType::try_from(t.data_type) {
        Ok(DataType::Float) => {}
        Ok(DataType::Double | DataType::Float16 | DataType::Bfloat16) => {
            return Err(EngineError::FloatWidth {
                what: format!("attribute {name:?} of tree ensemble {node:?} is not f32"),
            })
        }
        _ => return Err(err(node, TreeRule::Attribute, format!("{name:?} is not a float tensor"))),
    }
    if t.data_location == Some(1) || !t.external_data.is_empty() {
        return Err(err(node, TreeRule::Attribute, format!("{name:?} uses external data")));
    }
    let values: Vec<f32> = if !t.raw_data.is_empty() {
        if !t.raw_data.len().is_multiple_of(4) {
            return Err(err(node, TreeRule::Attribute, format!("{name:?} has {} raw bytes", t.raw_data.len())));
        }
        t.raw_data.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
    } else {
        t.float_data.clone()
    };
    let declared = t.dims.iter().try_fold(1i64, |acc, d| if *d < 0 { None } else { acc.checked_mul(*d) });
    if declared != i64::try_from(values.len()).ok() {
        return Err(err(
            node,
            TreeRule::Attribute,
            format!("{name:?} has dims {:?} but {} values", t.dims, values.len()),
        ));
    }
    Ok(values)
}

fn parse_mode(s: &[u8]) -> Option<Option<Mode>> {
    Some(match s {
        b"BRANCH_LEQ" => Some(Mode::Leq),
        b"BRANCH_LT" => Some(Mode::Lt),
        b"BRANCH_GTE" => Some(Mode::Gte),
        b"BRANCH_GT" => Some(Mode::Gt),
        b"BRANCH_EQ" => Some(Mode::Eq),
        b"BRANCH_NEQ" => Some(Mode::Neq),
        b"LEAF" => None,
        _ => return None,
    })
}

fn lossy(s: &[u8]) -> String {
    String::from_utf8_lossy(s).into_owned()
}

/// Parses and validates one tree-ensemble node whose input has `n_features` features.
pub(crate) fn parse(node: &NodeProto, n_features: usize) -> Result<Ensemble, EngineError> {
    let name = crate::native::node_name(node);
    let classifier = node.op_type == "TreeEnsembleClassifier";
    let a = Attrs::new(node, &name, classifier)?;
    let e = |rule: TreeRule, detail: String| err(&name, rule, detail);

    // Counts first: everything below is bounded by them.
    let tree_ids = a.ints("nodes_treeids");
    let n = tree_ids.len();
    if n == 0 || n > MAX_TREE_NODES {
        return Err(e(TreeRule::NodeCount, format!("{n} nodes; an ensemble has 1 to {MAX_TREE_NODES}")));
    }
    for required in ["nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_truenodeids", "nodes_falsenodeids"] {
        if !a.has(required) {
            return Err(e(TreeRule::Attribute, format!("{required:?} is missing")));
        }
    }
    let node_ids = a.ints("nodes_nodeids");
    let features = a.ints("nodes_featureids");
    let modes = a.strings("nodes_modes");
    let true_ids = a.ints("nodes_truenodeids");
    let false_ids = a.ints("nodes_falsenodeids");
    let missing = a.ints("nodes_missing_value_tracks_true");
    let thresholds =
        a.floats("nodes_values")?.ok_or_else(|| e(TreeRule::Attribute, "\"nodes_values\" is missing".into()))?;
    for (list, len) in [
        ("nodes_nodeids", node_ids.len()),
        ("nodes_featureids", features.len()),
        ("nodes_modes", modes.len()),
        ("nodes_truenodeids", true_ids.len()),
        ("nodes_falsenodeids", false_ids.len()),
        ("nodes_values", thresholds.len()),
    ] {
        if len != n {
            return Err(e(TreeRule::AttributeLength, format!("{list} has {len} entries, nodes_treeids {n}")));
        }
    }
    if !missing.is_empty() && missing.len() != n {
        return Err(e(
            TreeRule::AttributeLength,
            format!("nodes_missing_value_tracks_true has {} entries, nodes_treeids {n}", missing.len()),
        ));
    }
    if let Some(bad) = missing.iter().find(|m| !matches!(m, 0 | 1)) {
        return Err(e(TreeRule::Attribute, format!("nodes_missing_value_tracks_true holds {bad}; only 0 and 1")));
    }

    // Weights and their targets.
    let (ids_name, nodes_name, trees_name, weights_name) = if classifier {
        ("class_ids", "class_nodeids", "class_treeids", "class_weights")
    } else {
        ("target_ids", "target_nodeids", "target_treeids", "target_weights")
    };
    let w_ids = a.ints(ids_name);
    let w_nodes = a.ints(nodes_name);
    let w_trees = a.ints(trees_name);
    let w_values = a.floats(weights_name)?.unwrap_or_default();
    for (list, len) in [(nodes_name, w_nodes.len()), (trees_name, w_trees.len()), (weights_name, w_values.len())] {
        if len != w_ids.len() {
            return Err(e(TreeRule::AttributeLength, format!("{list} has {len} entries, {ids_name} {}", w_ids.len())));
        }
    }

    // Targets, labels, transform, aggregate.
    let (kind, n_targets) = if classifier {
        if a.has("classlabels_strings") {
            return Err(e(TreeRule::Labels, "string class labels (the trace stores integer labels)".into()));
        }
        if !a.has("classlabels_int64s") {
            return Err(e(TreeRule::Labels, "no classlabels_int64s".into()));
        }
        let labels = a.ints("classlabels_int64s").to_vec();
        if labels.len() > MAX_TARGETS {
            return Err(e(TreeRule::TargetCount, format!("{} classes, over {MAX_TARGETS}", labels.len())));
        }
        if labels.len() < 2 {
            return Err(e(TreeRule::Labels, format!("{} class label(s); a classifier needs 2 or more", labels.len())));
        }
        let count = labels.len();
        (Kind::Classifier { labels }, count)
    } else {
        let declared = a.map.get("n_targets").map(|t| t.i).unwrap_or(0);
        let count = usize::try_from(declared)
            .ok()
            .filter(|c| (1..=MAX_TARGETS).contains(c))
            .ok_or_else(|| e(TreeRule::TargetCount, format!("n_targets = {declared}; 1 to {MAX_TARGETS}")))?;
        (Kind::Regressor, count)
    };
    let post_transform = match a.string("post_transform").unwrap_or(b"NONE") {
        b"NONE" => PostTransform::None,
        b"LOGISTIC" => PostTransform::Logistic,
        b"SOFTMAX" => PostTransform::Softmax,
        b"SOFTMAX_ZERO" => PostTransform::SoftmaxZero,
        b"PROBIT" => {
            return Err(e(
                TreeRule::PostTransform,
                "PROBIT (an approximate inverse erf) is not computed exactly".into(),
            ))
        }
        other => return Err(e(TreeRule::PostTransform, format!("unknown post transform {:?}", lossy(other)))),
    };
    let aggregate = match a.string("aggregate_function").unwrap_or(b"SUM") {
        b"SUM" => Aggregate::Sum,
        b"AVERAGE" => Aggregate::Average,
        b"MIN" => Aggregate::Min,
        b"MAX" => Aggregate::Max,
        other => return Err(e(TreeRule::AggregateFunction, format!("unknown aggregate function {:?}", lossy(other)))),
    };
    if !classifier && n_targets == 1 && post_transform != PostTransform::None {
        return Err(e(
            TreeRule::PostTransform,
            format!("{} on a single-target regressor (onnxruntime ignores it)", post_transform.name()),
        ));
    }

    // Per node: mode, and for branches a finite threshold and a feature in range.
    let mut parsed_modes = Vec::with_capacity(n);
    for i in 0..n {
        let mode = parse_mode(&modes[i])
            .ok_or_else(|| e(TreeRule::Mode, format!("node {i} has mode {:?}", lossy(&modes[i]))))?;
        if mode.is_some() {
            if !thresholds[i].is_finite() {
                return Err(e(TreeRule::Threshold, format!("node {i} has threshold {}", thresholds[i])));
            }
            if usize::try_from(features[i]).map_or(true, |f| f >= n_features) {
                return Err(e(
                    TreeRule::FeatureId,
                    format!("node {i} tests feature {} of an input with {n_features}", features[i]),
                ));
            }
        }
        parsed_modes.push(mode);
    }

    // Ids: unique per tree; trees in order of first appearance, each listed contiguously.
    let mut index: HashMap<(i64, i64), usize> = HashMap::with_capacity(n);
    for i in 0..n {
        if index.insert((tree_ids[i], node_ids[i]), i).is_some() {
            return Err(e(TreeRule::NodeId, format!("node id {} appears twice in tree {}", node_ids[i], tree_ids[i])));
        }
    }
    let mut roots: Vec<usize> = vec![];
    let mut seen_trees: HashSet<i64> = HashSet::new();
    for i in 0..n {
        if i == 0 || tree_ids[i] != tree_ids[i - 1] {
            if !seen_trees.insert(tree_ids[i]) {
                return Err(e(
                    TreeRule::NotATree,
                    format!("the nodes of tree {} are not listed together", tree_ids[i]),
                ));
            }
            roots.push(i);
        }
    }
    let child = |i: usize, id: i64, which: &str| {
        index.get(&(tree_ids[i], id)).copied().ok_or_else(|| {
            e(TreeRule::NodeId, format!("node {i}'s {which} child {id} is not a node of tree {}", tree_ids[i]))
        })
    };
    let mut children: Vec<Option<(usize, usize)>> = Vec::with_capacity(n);
    for i in 0..n {
        children.push(match parsed_modes[i] {
            Some(_) => Some((child(i, true_ids[i], "true")?, child(i, false_ids[i], "false")?)),
            None => None,
        });
    }

    // Weights: each on a leaf of its tree, for an existing target, in the fixed-point range.
    let mut leaf_weights: Vec<Vec<(u32, i64)>> = vec![vec![]; n];
    let mut negative_weight = false;
    let mut weight_targets = BTreeSet::new();
    for k in 0..w_ids.len() {
        let at = index.get(&(w_trees[k], w_nodes[k])).copied().ok_or_else(|| {
            e(
                TreeRule::NodeId,
                format!("weight {k} names node {} of tree {}, which does not exist", w_nodes[k], w_trees[k]),
            )
        })?;
        if parsed_modes[at].is_some() {
            return Err(e(
                TreeRule::NodeId,
                format!("weight {k} is on branch node {} of tree {}", w_nodes[k], w_trees[k]),
            ));
        }
        let target = usize::try_from(w_ids[k])
            .ok()
            .filter(|t| *t < n_targets)
            .ok_or_else(|| e(TreeRule::TargetId, format!("weight {k} is for target {} of {n_targets}", w_ids[k])))?;
        let w = fixed::from_f32(w_values[k])
            .ok_or_else(|| e(TreeRule::Weight, format!("weight {k} = {} has no fixed-point value", w_values[k])))?;
        negative_weight |= w_values[k] < 0.0;
        weight_targets.insert(target);
        // target < MAX_TARGETS.
        leaf_weights[at].push((target as u32, w));
    }
    let base_values = a.floats("base_values")?.unwrap_or_default();
    let mut base_fixed = Vec::with_capacity(base_values.len());
    for (i, b) in base_values.iter().enumerate() {
        base_fixed.push(
            fixed::from_f32(*b)
                .ok_or_else(|| e(TreeRule::Weight, format!("base value {i} = {b} has no fixed-point value")))?,
        );
    }

    // Output form and base values per margin.
    let form = if classifier && n_targets == 2 {
        let one_column = weight_targets.iter().eq([0usize].iter());
        if weight_targets.iter().eq([1usize].iter()) {
            return Err(e(
                TreeRule::Binary,
                "every weight is for class 1; only the class-0 column form is defined".into(),
            ));
        }
        if one_column {
            if base_fixed.len() > 1 {
                return Err(e(
                    TreeRule::Binary,
                    format!("{} base values for a one-column binary classifier", base_fixed.len()),
                ));
            }
            match (post_transform, negative_weight) {
                (PostTransform::Logistic, _) => Form::BinaryLogistic,
                (PostTransform::None, false) => Form::BinaryComplement,
                (t, negative) => {
                    return Err(e(
                        TreeRule::Binary,
                        format!(
                            "one-column binary classifier with post transform {} and {} weights: onnxruntime and \
                             the ONNX reference disagree (supported: LOGISTIC, or NONE without negative weights)",
                            t.name(),
                            if negative { "negative" } else { "no negative" }
                        ),
                    ))
                }
            }
        } else {
            if !base_fixed.is_empty() {
                return Err(e(TreeRule::Binary, "base values on a two-column binary classifier".into()));
            }
            Form::Scores
        }
    } else {
        Form::Scores
    };
    let n_margins = if form == Form::Scores { n_targets } else { 1 };
    let base = match base_fixed.len() {
        0 => vec![0; n_margins],
        len if len == n_margins => base_fixed,
        len => {
            return Err(e(TreeRule::AttributeLength, format!("{len} base values for {n_margins} target(s)")));
        }
    };

    // Structure: from each root, every node of the tree once, no cycle, depth in bounds.
    let mut trees = Vec::with_capacity(roots.len());
    let mut weights = Vec::with_capacity(w_ids.len());
    for (t, &root) in roots.iter().enumerate() {
        let end = roots.get(t + 1).copied().unwrap_or(n);
        let tree_id = tree_ids[root];
        // 0 = unvisited, 1 = on the current path, 2 = finished.
        let mut state = vec![0u8; end - root];
        let mut new_index = vec![u32::MAX; end - root];
        let mut nodes: Vec<Node> = Vec::with_capacity(end - root);
        let mut source = Vec::with_capacity(end - root);
        let mut depth = 0usize;
        // (node, its depth, its parent's new index and whether it is the true child) or an exit.
        enum Step {
            Enter(usize, usize, Option<(usize, bool)>),
            Exit(usize),
        }
        let mut stack = vec![Step::Enter(root, 0, None)];
        while let Some(step) = stack.pop() {
            let (i, d, parent) = match step {
                Step::Exit(i) => {
                    state[i - root] = 2;
                    continue;
                }
                Step::Enter(i, d, parent) => (i, d, parent),
            };
            match state[i - root] {
                1 => {
                    return Err(e(
                        TreeRule::Cycle,
                        format!("node {} of tree {tree_id} is its own descendant", node_ids[i]),
                    ))
                }
                2 => {
                    return Err(e(
                        TreeRule::NotATree,
                        format!("node {} of tree {tree_id} has two parents", node_ids[i]),
                    ))
                }
                _ => {}
            }
            if d > MAX_TREE_DEPTH {
                return Err(e(TreeRule::Depth, format!("tree {tree_id} is deeper than {MAX_TREE_DEPTH}")));
            }
            depth = depth.max(d);
            state[i - root] = 1;
            let me = nodes.len();
            new_index[i - root] = me as u32;
            source.push(i as u32);
            if let Some((p, is_true)) = parent {
                if let Node::Branch { if_true, if_false, .. } = &mut nodes[p] {
                    *(if is_true { if_true } else { if_false }) = me as u32;
                }
            }
            stack.push(Step::Exit(i));
            match (parsed_modes[i], children[i]) {
                (Some(mode), Some((yes, no))) => {
                    nodes.push(Node::Branch {
                        feature: features[i] as u32,
                        threshold: thresholds[i],
                        mode,
                        missing_true: missing.get(i) == Some(&1),
                        if_true: u32::MAX,
                        if_false: u32::MAX,
                    });
                    // True child first in depth-first order: pushed last.
                    stack.push(Step::Enter(no, d + 1, Some((me, false))));
                    stack.push(Step::Enter(yes, d + 1, Some((me, true))));
                }
                _ => {
                    let start = weights.len() as u32;
                    weights.extend_from_slice(&leaf_weights[i]);
                    nodes.push(Node::Leaf { start, end: weights.len() as u32 });
                }
            }
        }
        if let Some(orphan) = state.iter().position(|s| *s == 0) {
            return Err(e(
                TreeRule::NotATree,
                format!("node {} of tree {tree_id} is not reachable from the root", node_ids[root + orphan]),
            ));
        }
        trees.push(Tree { id: tree_id, nodes, source, depth: depth as u32 });
    }

    let n_scores = if form == Form::Scores { n_targets } else { 2 };
    Ok(Ensemble {
        name,
        kind,
        trees,
        weights,
        n_margins,
        n_scores,
        n_features,
        base,
        aggregate: if classifier { Aggregate::Sum } else { aggregate },
        post_transform,
        form,
    })
}
