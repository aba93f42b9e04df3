//! A native, deterministic evaluator for the ai.onnx.ml tree ensembles.
//!
//! `TreeEnsembleClassifier` and `TreeEnsembleRegressor` (opset 1 and 3 attribute forms, including
//! the `_as_tensor` variants with f32 data) are parsed into [`Ensemble`] at registration and run
//! here instead of in tract (which walks every leaf, cannot load the regressor and mishandles binary
//! classifiers). What is computed, step by step:
//!
//! 1. **Traversal.** Each tree starts at the first node listed for its tree id (onnxruntime and the
//!    ONNX reference agree) and compares the f32 feature with the f32 threshold exactly as the node's
//!    mode says: `BRANCH_LEQ` x ≤ t, `BRANCH_LT` x < t, `BRANCH_GTE` x ≥ t, `BRANCH_GT` x > t,
//!    `BRANCH_EQ` x = t, `BRANCH_NEQ` x ≠ t (IEEE comparisons: −0 = +0, no rounding, the same on
//!    every CPU). A NaN feature is a missing value and takes the true branch exactly when the node's
//!    `nodes_missing_value_tracks_true` is 1, as the ONNX specification and reference define it for
//!    every mode (onnxruntime differs in one case: it sends NaN down the true branch of a
//!    `BRANCH_NEQ` node, because NaN ≠ t). Integer features are converted to the nearest f32 first,
//!    as onnxruntime compares them.
//! 2. **Leaf sums in fixed point.** Every leaf weight and base value is converted once to the
//!    engine's fixed point (`fixed::from_f32`, 10^9 units per 1.0, exact rounding of the f32's
//!    value). Per target, the reached leaves' weights are combined by the aggregate function in
//!    `i128` (SUM; AVERAGE = SUM / number of trees, rounded half away from zero; MIN / MAX over the
//!    leaves that carry a weight for that target, 0 when none does, as onnxruntime), then the base
//!    value is added to every target, as the ONNX specification says (onnxruntime 1.32 leaves a
//!    multi-target regressor's target at 0, without its base value, when no reached leaf weights
//!    it). Integer addition is exact, so the order is irrelevant; the trees are still walked in the
//!    order their ids first appear. Classifiers always sum (the operator has no aggregate
//!    function). The result per target is the **margin**: the raw score before the post transform,
//!    the value exact tree Shapley values explain ([`shap`]).
//! 3. **Post transform** in integer arithmetic ([`math`]: NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO;
//!    within ½ unit + 3·10^-5 units of the exact real function of the margins; SOFTMAX_ZERO of all
//!    zeros is 0.5 each as in the ONNX reference, where onnxruntime divides 0 by 0). PROBIT is
//!    refused at registration. A single-target regressor's post transform must be NONE
//!    (onnxruntime ignores any other, the ONNX reference does not implement it).
//! 4. **Binary classifiers.** With two class labels and every weight on class 0 (the form
//!    scikit-learn's gradient boosting and LightGBM export), the one margin s becomes the two scores
//!    `[1 − logistic(s), logistic(s)]` when the post transform is LOGISTIC, or `[1 − s, s]` when it
//!    is NONE and no weight is negative; those are the cases where onnxruntime (1.32, measured) and
//!    the ONNX reference agree. Any other one-column binary form is refused (rule `binary_form`:
//!    e.g. NONE with a negative weight is `[−s, s]` in onnxruntime and `[1 − s, s]` in the
//!    reference). Two-column binary classifiers (weights on both classes) are ordinary classifiers
//!    but may not have base values (onnxruntime adds them to one column only).
//! 5. **Outputs** stay fixed point: a regressor's `[1, n_targets]` values, a classifier's
//!    `[1, n_classes]` scores and its label output, `classlabels_int64s[argmax]` of the fixed-point
//!    scores (lowest index on ties), the same class the engine's `Forward::label` reports. String
//!    class labels are refused (traces hold integers).
//!
//! The structures keep everything a tree walk needs (feature, f32 threshold, mode, both children,
//! missing-value direction, leaf weights per target), so exact tree Shapley values of the margins
//! are computed from them without the model file ([`shap`]: interventional TreeSHAP with one
//! reference row, in integer arithmetic).
//!
//! Registration refuses malformed ensembles with [`crate::EngineError::Tree`] naming one
//! [`TreeRule`]; the limits are [`MAX_TREE_DEPTH`], [`MAX_TREE_NODES`] and [`MAX_TARGETS`].

pub mod math;
mod parse;
pub mod shap;

pub(crate) use parse::parse;

use crate::fixed::SCALE;
use crate::EngineError;

/// Deepest root-to-leaf path allowed, in branch nodes. Bounds the work per tree and pass, and keeps
/// exact tree Shapley arithmetic within i128 (33! < 2^127).
pub const MAX_TREE_DEPTH: usize = 32;
/// Most nodes (branches and leaves, all trees together) in one ensemble. A 4 MiB model holds about
/// 150 000; registration, memory and a full tree walk stay bounded.
pub const MAX_TREE_NODES: usize = 65_536;
/// Most classes (classifier) or targets (regressor) of one ensemble.
pub const MAX_TARGETS: usize = 4_096;

/// The validation rules for tree ensembles, each named in the error that breaks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TreeRule {
    /// A required attribute is missing, given twice or in both plain and `_as_tensor` form, has the
    /// wrong type, an unknown name, external data, or a value outside its domain.
    Attribute,
    /// Per-node or per-weight attribute lists of different lengths, or base values of a length that
    /// matches neither 1 nor the number of targets.
    AttributeLength,
    /// A node mode other than the seven ONNX defines.
    Mode,
    /// An aggregate function other than SUM, AVERAGE, MIN, MAX.
    AggregateFunction,
    /// An unknown post transform, PROBIT (not computed exactly), or a transform on a single-target
    /// regressor.
    PostTransform,
    /// Two nodes with the same (tree, node) id, a child or a weight that names no node of its tree,
    /// or a weight on a branch node.
    NodeId,
    /// A branch testing a feature the input does not have.
    FeatureId,
    /// A weight for a class or target that does not exist.
    TargetId,
    /// A node reachable from itself.
    Cycle,
    /// A node with two parents, a node its tree's root does not reach, or a tree whose nodes are not
    /// listed together.
    NotATree,
    /// A tree deeper than [`MAX_TREE_DEPTH`].
    Depth,
    /// More than [`MAX_TREE_NODES`] nodes, or none.
    NodeCount,
    /// No target, or more than [`MAX_TARGETS`] classes or targets.
    TargetCount,
    /// A branch threshold that is NaN or infinite.
    Threshold,
    /// A leaf weight or base value that is not finite or does not fit the fixed-point range.
    Weight,
    /// A two-class classifier whose scores onnxruntime and the ONNX reference define differently.
    Binary,
    /// Class labels missing, fewer than two, given both ways, or strings.
    Labels,
    /// The ensemble's outputs feed an op the native evaluator does not run, another ensemble, or
    /// nothing the graph can reach.
    Placement,
    /// The ensemble's input is not a `[1, features]` tensor computed from the model's input.
    TreeInput,
}

impl TreeRule {
    pub fn name(&self) -> &'static str {
        match self {
            TreeRule::Attribute => "attribute",
            TreeRule::AttributeLength => "attribute_length",
            TreeRule::Mode => "mode",
            TreeRule::AggregateFunction => "aggregate_function",
            TreeRule::PostTransform => "post_transform",
            TreeRule::NodeId => "node_id",
            TreeRule::FeatureId => "feature_id",
            TreeRule::TargetId => "target_id",
            TreeRule::Cycle => "cycle",
            TreeRule::NotATree => "not_a_tree",
            TreeRule::Depth => "depth",
            TreeRule::NodeCount => "node_count",
            TreeRule::TargetCount => "target_count",
            TreeRule::Threshold => "threshold",
            TreeRule::Weight => "weight",
            TreeRule::Binary => "binary_form",
            TreeRule::Labels => "labels",
            TreeRule::Placement => "placement",
            TreeRule::TreeInput => "tree_input",
        }
    }
}

impl std::fmt::Display for TreeRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A branch node's comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Leq,
    Lt,
    Gte,
    Gt,
    Eq,
    Neq,
}

impl Mode {
    /// Whether feature `x` goes to the true child: NaN follows the node's missing-value direction.
    #[inline]
    pub fn goes_true(self, x: f32, threshold: f32, missing_true: bool) -> bool {
        if x.is_nan() {
            return missing_true;
        }
        match self {
            Mode::Leq => x <= threshold,
            Mode::Lt => x < threshold,
            Mode::Gte => x >= threshold,
            Mode::Gt => x > threshold,
            Mode::Eq => x == threshold,
            Mode::Neq => x != threshold,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Mode::Leq => "BRANCH_LEQ",
            Mode::Lt => "BRANCH_LT",
            Mode::Gte => "BRANCH_GTE",
            Mode::Gt => "BRANCH_GT",
            Mode::Eq => "BRANCH_EQ",
            Mode::Neq => "BRANCH_NEQ",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostTransform {
    None,
    Logistic,
    Softmax,
    SoftmaxZero,
}

impl PostTransform {
    pub fn name(self) -> &'static str {
        match self {
            PostTransform::None => "NONE",
            PostTransform::Logistic => "LOGISTIC",
            PostTransform::Softmax => "SOFTMAX",
            PostTransform::SoftmaxZero => "SOFTMAX_ZERO",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    Sum,
    Average,
    Min,
    Max,
}

impl Aggregate {
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Sum => "SUM",
            Aggregate::Average => "AVERAGE",
            Aggregate::Min => "MIN",
            Aggregate::Max => "MAX",
        }
    }
}

/// How margins become the output scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// One score per target (class): the post transform of the margins.
    Scores,
    /// Binary classifier, one margin s: `[1 − logistic(s), logistic(s)]`.
    BinaryLogistic,
    /// Binary classifier, one margin s, no negative weight: `[1 − s, s]`.
    BinaryComplement,
}

/// One node, children indexing the same tree's `nodes`.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Branch {
        feature: u32,
        /// The threshold exactly as the model holds it.
        threshold: f32,
        mode: Mode,
        /// Where a NaN (missing) feature goes.
        missing_true: bool,
        if_true: u32,
        if_false: u32,
    },
    /// `weights[start..end]` of the ensemble, in the model's order.
    Leaf { start: u32, end: u32 },
}

/// One tree, nodes in depth-first order from the root (index 0), true child first.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree {
    /// The model's tree id.
    pub id: i64,
    pub nodes: Vec<Node>,
    /// Per node, its position in the model's `nodes_*` lists (what the trace's leaf digest records).
    pub source: Vec<u32>,
    /// Branch nodes on the longest root-to-leaf path.
    pub depth: u32,
}

impl Tree {
    /// The leaf `x` reaches (index into `nodes`). Validation guarantees termination: children are in
    /// range and the tree is acyclic.
    #[inline]
    pub fn leaf(&self, x: &[f32]) -> u32 {
        let mut i = 0u32;
        loop {
            match &self.nodes[i as usize] {
                Node::Branch { feature, threshold, mode, missing_true, if_true, if_false } => {
                    i = if mode.goes_true(x[*feature as usize], *threshold, *missing_true) {
                        *if_true
                    } else {
                        *if_false
                    };
                }
                Node::Leaf { .. } => return i,
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `labels` are `classlabels_int64s`.
    Classifier {
        labels: Vec<i64>,
    },
    Regressor,
}

/// A validated tree ensemble.
#[derive(Clone, Debug, PartialEq)]
pub struct Ensemble {
    /// The ONNX node's name (for errors and digests).
    pub name: String,
    pub kind: Kind,
    pub trees: Vec<Tree>,
    /// Leaf weights: (target or class, fixed-point weight).
    pub weights: Vec<(u32, i64)>,
    /// Margins per pass: classes or targets, or 1 for the one-column binary forms.
    pub n_margins: usize,
    /// Output scores per pass (2 for the binary forms).
    pub n_scores: usize,
    /// Features the input must have (the branches test only features below it).
    pub n_features: usize,
    /// Fixed-point base value per margin (0 where the model gives none).
    pub base: Vec<i64>,
    pub aggregate: Aggregate,
    pub post_transform: PostTransform,
    pub form: Form,
}

/// One evaluation: everything the trace digests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeOutput {
    /// Per tree, the reached leaf as its position in the model's `nodes_*` lists.
    pub leaves: Vec<u32>,
    /// Aggregated leaf weights plus base values, before the post transform.
    pub margins: Vec<i64>,
    /// The output scores (fixed point).
    pub scores: Vec<i64>,
    /// Classifiers: the label output, `classlabels_int64s[argmax scores]`.
    pub label: Option<i64>,
}

/// `n / d` rounded half away from zero, d > 0.
fn div_round_away(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d {
        q + n.signum()
    } else {
        q
    }
}

/// argmax, lowest index on ties.
pub fn argmax(values: &[i64]) -> usize {
    let mut best = 0;
    for (i, v) in values.iter().enumerate() {
        if *v > values[best] {
            best = i;
        }
    }
    best
}

impl Ensemble {
    pub fn n_nodes(&self) -> usize {
        self.trees.iter().map(|t| t.nodes.len()).sum()
    }

    pub fn n_leaves(&self) -> usize {
        self.trees.iter().map(|t| t.nodes.iter().filter(|n| matches!(n, Node::Leaf { .. })).count()).sum()
    }

    pub fn max_depth(&self) -> u32 {
        self.trees.iter().map(|t| t.depth).max().unwrap_or(0)
    }

    fn range_error(&self, what: String) -> EngineError {
        EngineError::Run(format!("tree ensemble {:?}: {what} is outside the fixed-point range", self.name))
    }

    /// Margins from the reached leaves (indices into each tree's `nodes`).
    pub fn margins(&self, leaves: impl Iterator<Item = (usize, u32)>) -> Result<Vec<i64>, EngineError> {
        let n = self.n_margins;
        let mut acc = vec![0i128; n];
        let mut seen = vec![false; n];
        for (t, leaf) in leaves {
            let Node::Leaf { start, end } = self.trees[t].nodes[leaf as usize] else {
                unreachable!("Tree::leaf returns leaves")
            };
            for &(target, w) in &self.weights[start as usize..end as usize] {
                let (slot, w) = (target as usize, i128::from(w));
                acc[slot] = match self.aggregate {
                    // At most MAX_TREE_NODES weights of |w| < 2^63 each: no i128 overflow.
                    Aggregate::Sum | Aggregate::Average => acc[slot] + w,
                    Aggregate::Min if seen[slot] => acc[slot].min(w),
                    Aggregate::Max if seen[slot] => acc[slot].max(w),
                    Aggregate::Min | Aggregate::Max => w,
                };
                seen[slot] = true;
            }
        }
        let trees = self.trees.len().max(1) as i128;
        acc.iter()
            .zip(&self.base)
            .enumerate()
            .map(|(i, (a, b))| {
                let a = if self.aggregate == Aggregate::Average { div_round_away(*a, trees) } else { *a };
                i64::try_from(a + i128::from(*b)).map_err(|_| self.range_error(format!("the margin of target {i}")))
            })
            .collect()
    }

    /// The output scores from the margins.
    pub fn scores(&self, margins: &[i64]) -> Result<Vec<i64>, EngineError> {
        match self.form {
            Form::BinaryLogistic => {
                let p = math::logistic(margins[0]);
                Ok(vec![SCALE - p, p])
            }
            Form::BinaryComplement => {
                let s = margins[0];
                Ok(vec![SCALE.checked_sub(s).ok_or_else(|| self.range_error("1 − margin".into()))?, s])
            }
            Form::Scores => match self.post_transform {
                PostTransform::None => Ok(margins.to_vec()),
                PostTransform::Logistic => Ok(margins.iter().map(|m| math::logistic(*m)).collect()),
                PostTransform::Softmax => Ok(math::softmax(margins)),
                PostTransform::SoftmaxZero => {
                    math::softmax_zero(margins).ok_or_else(|| self.range_error("a SOFTMAX_ZERO score".into()))
                }
            },
        }
    }

    /// One pass over features `x` (length ≥ `n_features`).
    pub fn evaluate(&self, x: &[f32]) -> Result<TreeOutput, EngineError> {
        debug_assert!(x.len() >= self.n_features);
        let reached: Vec<u32> = self.trees.iter().map(|t| t.leaf(x)).collect();
        let margins = self.margins(reached.iter().enumerate().map(|(t, l)| (t, *l)))?;
        let scores = self.scores(&margins)?;
        let label = match &self.kind {
            Kind::Classifier { labels } => Some(labels[argmax(&scores)]),
            Kind::Regressor => None,
        };
        let leaves = reached.iter().zip(&self.trees).map(|(l, t)| t.source[*l as usize]).collect();
        Ok(TreeOutput { leaves, margins, scores, label })
    }

    /// Deterministic cost of one pass: per tree its depth + 1 (nodes visited at most) plus the most
    /// weights any of its leaves carries, plus per output score 1 (NONE) or 32 (an exponential).
    pub fn cost(&self) -> u64 {
        let per_tree: u64 = self
            .trees
            .iter()
            .map(|t| {
                let heaviest = t
                    .nodes
                    .iter()
                    .map(|n| match n {
                        Node::Leaf { start, end } => u64::from(end - start),
                        Node::Branch { .. } => 0,
                    })
                    .max()
                    .unwrap_or(0);
                u64::from(t.depth) + 1 + heaviest
            })
            .sum();
        let per_score = match (self.form, self.post_transform) {
            (Form::BinaryComplement, _) | (Form::Scores, PostTransform::None) => 1,
            _ => 32,
        };
        // ≤ 65 536 trees · (33 + 65 536) + 4 096 · 32: far inside u64.
        per_tree + per_score * self.n_scores as u64
    }
}
