//! The native tree-ensemble evaluator on small models built here: every node mode, missing values,
//! every aggregate function and post transform (expected values hand-computed, and where noted
//! measured with onnxruntime 1.32 on the same model), `_as_tensor` attributes, integer inputs, the
//! split with tract, native ops after an ensemble, node digests, the report, and every tree rule.

use prost014::Message;
use symbiote_engine::fixed::{from_f32, SCALE};
use symbiote_engine::{explain, Engine, EngineError, Input, Method, TreeRule};
use tract_onnx::pb::tensor_proto::DataType;
use tract_onnx::pb::tensor_shape_proto::dimension::Value as Dim;
use tract_onnx::pb::tensor_shape_proto::Dimension;
use tract_onnx::pb::type_proto::{Tensor as TensorType, Value as TypeValue};
use tract_onnx::pb::*;

// ---------------------------------------------------------------------------------------- builders

fn ints(name: &str, v: &[i64]) -> AttributeProto {
    AttributeProto { name: name.into(), ints: v.to_vec(), r#type: 7, ..Default::default() }
}

fn floats(name: &str, v: &[f32]) -> AttributeProto {
    AttributeProto { name: name.into(), floats: v.to_vec(), r#type: 6, ..Default::default() }
}

fn strings(name: &str, v: &[&str]) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        strings: v.iter().map(|s| s.as_bytes().to_vec()).collect(),
        r#type: 8,
        ..Default::default()
    }
}

fn string(name: &str, v: &str) -> AttributeProto {
    AttributeProto { name: name.into(), s: v.as_bytes().to_vec(), r#type: 3, ..Default::default() }
}

fn int(name: &str, v: i64) -> AttributeProto {
    AttributeProto { name: name.into(), i: v, r#type: 2, ..Default::default() }
}

fn tensor_attr(name: &str, t: TensorProto) -> AttributeProto {
    AttributeProto { name: name.into(), t: Some(t), r#type: 4, ..Default::default() }
}

fn f32_tensor(name: &str, dims: &[i64], values: &[f32]) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.to_vec(),
        data_type: DataType::Float as i32,
        float_data: values.to_vec(),
        ..Default::default()
    }
}

fn value_info(name: &str, elem_type: DataType, dims: &[i64]) -> ValueInfoProto {
    ValueInfoProto {
        name: name.into(),
        r#type: Some(TypeProto {
            value: Some(TypeValue::TensorType(TensorType {
                elem_type: elem_type as i32,
                shape: Some(TensorShapeProto {
                    dim: dims
                        .iter()
                        .map(|d| Dimension { value: Some(Dim::DimValue(*d)), ..Default::default() })
                        .collect(),
                }),
            })),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn node(op: &str, inputs: &[&str], outputs: &[&str], attrs: Vec<AttributeProto>) -> NodeProto {
    let ml = op.starts_with("TreeEnsemble");
    NodeProto {
        op_type: op.into(),
        domain: if ml { "ai.onnx.ml".into() } else { String::new() },
        name: format!("{op}_{}", outputs[0]),
        input: inputs.iter().map(|s| s.to_string()).collect(),
        output: outputs.iter().map(|s| s.to_string()).collect(),
        attribute: attrs,
        ..Default::default()
    }
}

fn model_with(
    nodes: Vec<NodeProto>,
    inits: Vec<TensorProto>,
    input: ValueInfoProto,
    outputs: Vec<ValueInfoProto>,
) -> Vec<u8> {
    ModelProto {
        ir_version: 8,
        opset_import: vec![
            OperatorSetIdProto { domain: String::new(), version: 15 },
            OperatorSetIdProto { domain: "ai.onnx.ml".into(), version: 3 },
        ],
        graph: Some(GraphProto {
            node: nodes,
            initializer: inits,
            input: vec![input],
            output: outputs,
            name: "g".into(),
            ..Default::default()
        }),
        ..Default::default()
    }
    .encode_to_vec()
}

/// A regressor on `features` f32 inputs with `n_targets` outputs.
fn regressor(attrs: Vec<AttributeProto>, features: i64, n_targets: i64) -> Vec<u8> {
    model_with(
        vec![node("TreeEnsembleRegressor", &["x"], &["y"], attrs)],
        vec![],
        value_info("x", DataType::Float, &[1, features]),
        vec![value_info("y", DataType::Float, &[1, n_targets])],
    )
}

/// A classifier on `features` f32 inputs with `classes` classes.
fn classifier(attrs: Vec<AttributeProto>, features: i64, classes: i64) -> Vec<u8> {
    model_with(
        vec![node("TreeEnsembleClassifier", &["x"], &["label", "scores"], attrs)],
        vec![],
        value_info("x", DataType::Float, &[1, features]),
        vec![value_info("label", DataType::Int64, &[1]), value_info("scores", DataType::Float, &[1, classes])],
    )
}

/// One tree `x[0] MODE threshold ? 1.0 : 2.0` (single target), with the given missing direction.
fn stump(mode: &str, threshold: f32, missing_true: i64) -> Vec<AttributeProto> {
    vec![
        ints("nodes_treeids", &[0, 0, 0]),
        ints("nodes_nodeids", &[0, 1, 2]),
        ints("nodes_featureids", &[0, 0, 0]),
        strings("nodes_modes", &[mode, "LEAF", "LEAF"]),
        floats("nodes_values", &[threshold, 0.0, 0.0]),
        ints("nodes_truenodeids", &[1, 0, 0]),
        ints("nodes_falsenodeids", &[2, 0, 0]),
        ints("nodes_missing_value_tracks_true", &[missing_true, 0, 0]),
        ints("target_treeids", &[0, 0]),
        ints("target_nodeids", &[1, 2]),
        ints("target_ids", &[0, 0]),
        floats("target_weights", &[1.0, 2.0]),
        int("n_targets", 1),
    ]
}

/// Replaces (or adds) attributes by name.
fn with(mut attrs: Vec<AttributeProto>, changes: Vec<AttributeProto>) -> Vec<AttributeProto> {
    for c in changes {
        attrs.retain(|a| a.name != c.name);
        attrs.push(c);
    }
    attrs
}

fn without(mut attrs: Vec<AttributeProto>, name: &str) -> Vec<AttributeProto> {
    attrs.retain(|a| a.name != name);
    attrs
}

fn f(v: f64) -> i64 {
    (v * SCALE as f64).round() as i64
}

/// Output `i`'s fixed-point values for input `x`.
fn run(bytes: &[u8], x: &[f32], i: usize) -> Vec<i64> {
    let m = Engine::default().load(bytes).unwrap_or_else(|e| panic!("load: {e}"));
    m.run(&Input::F32(x.to_vec())).unwrap_or_else(|e| panic!("run: {e}")).outputs[i].values.clone()
}

fn rule_of(bytes: &[u8]) -> TreeRule {
    match Engine::default().load(bytes) {
        Err(EngineError::Tree { rule, .. }) => rule,
        Err(other) => panic!("expected a tree rule, got {other}"),
        Ok(_) => panic!("expected a tree rule, the model loaded"),
    }
}

// ------------------------------------------------------------------------------- modes and missing

#[test]
fn every_mode_compares_the_f32_input_exactly() {
    let below = f32::from_bits(0.5f32.to_bits() - 1);
    let above = f32::from_bits(0.5f32.to_bits() + 1);
    // (mode, [x = below, x = 0.5, x = above, -inf, +inf]) → true branch?
    let table = [
        ("BRANCH_LEQ", [true, true, false, true, false]),
        ("BRANCH_LT", [true, false, false, true, false]),
        ("BRANCH_GTE", [false, true, true, false, true]),
        ("BRANCH_GT", [false, false, true, false, true]),
        ("BRANCH_EQ", [false, true, false, false, false]),
        ("BRANCH_NEQ", [true, false, true, true, true]),
    ];
    for (mode, expected) in table {
        let m = regressor(stump(mode, 0.5, 0), 1, 1);
        for (x, want) in [below, 0.5, above, f32::NEG_INFINITY, f32::INFINITY].iter().zip(expected) {
            let y = run(&m, &[*x], 0)[0];
            assert_eq!(y, if want { SCALE } else { 2 * SCALE }, "{mode} at {x}");
        }
    }
    // IEEE equality: −0 equals a +0 threshold.
    assert_eq!(run(&regressor(stump("BRANCH_EQ", 0.0, 0), 1, 1), &[-0.0], 0), vec![SCALE]);
}

#[test]
fn nan_follows_the_missing_value_direction_for_every_mode() {
    for mode in ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"] {
        for (missing_true, want) in [(0, 2 * SCALE), (1, SCALE)] {
            // ONNX: a missing value takes the true branch exactly when tracks_true is 1. (onnxruntime
            // 1.32 agrees except for BRANCH_NEQ with tracks_true 0, where it goes true: NaN ≠ t.)
            let y = run(&regressor(stump(mode, 0.5, missing_true), 1, 1), &[f32::NAN], 0)[0];
            assert_eq!(y, want, "{mode}, tracks_true {missing_true}");
        }
    }
    // Without the attribute every missing value goes false.
    let m = regressor(without(stump("BRANCH_LEQ", 0.5, 0), "nodes_missing_value_tracks_true"), 1, 1);
    assert_eq!(run(&m, &[f32::NAN], 0), vec![2 * SCALE]);
}

// --------------------------------------------------------------------------------------- aggregates

/// Two trees, two targets: tree 0 is a stump on x0 (leaf 1: target 0 += 1, leaf 2: target 0 += 2),
/// tree 1 a single leaf (target 0 += 3, target 1 += 4); base values 0.25 and 0.5.
fn two_trees(aggregate: &str, transform: &str) -> Vec<u8> {
    regressor(
        vec![
            ints("nodes_treeids", &[0, 0, 0, 1]),
            ints("nodes_nodeids", &[0, 1, 2, 0]),
            ints("nodes_featureids", &[0, 0, 0, 0]),
            strings("nodes_modes", &["BRANCH_LEQ", "LEAF", "LEAF", "LEAF"]),
            floats("nodes_values", &[0.5, 0.0, 0.0, 0.0]),
            ints("nodes_truenodeids", &[1, 0, 0, 0]),
            ints("nodes_falsenodeids", &[2, 0, 0, 0]),
            ints("target_treeids", &[0, 0, 1, 1]),
            ints("target_nodeids", &[1, 2, 0, 0]),
            ints("target_ids", &[0, 0, 0, 1]),
            floats("target_weights", &[1.0, 2.0, 3.0, 4.0]),
            int("n_targets", 2),
            floats("base_values", &[0.25, 0.5]),
            string("aggregate_function", aggregate),
            string("post_transform", transform),
        ],
        1,
        2,
    )
}

#[test]
fn aggregates_combine_leaves_as_onnxruntime_does() {
    // onnxruntime 1.32 on the same model and x = 0: SUM [4.25, 4.5], AVERAGE [2.25, 2.5] (divided
    // by the number of trees), MIN [1.25, 4.5], MAX [3.25, 4.5].
    for (aggregate, want) in
        [("SUM", [4.25, 4.5]), ("AVERAGE", [2.25, 2.5]), ("MIN", [1.25, 4.5]), ("MAX", [3.25, 4.5])]
    {
        assert_eq!(run(&two_trees(aggregate, "NONE"), &[0.0], 0), vec![f(want[0]), f(want[1])], "{aggregate}");
    }
    // x = 1 reaches leaf 2 (weight 2) in tree 0.
    assert_eq!(run(&two_trees("MIN", "NONE"), &[1.0], 0), vec![f(2.25), f(4.5)]);
    assert_eq!(run(&two_trees("MAX", "NONE"), &[1.0], 0), vec![f(3.25), f(4.5)]);
}

#[test]
fn base_values_are_added_to_targets_no_leaf_weights() {
    // One stump weighting only target 0 of two; base [0.25, 0.5]. The ONNX specification adds the
    // base value to every target: [1.25, 0.5]. (onnxruntime 1.32 gives [1.25, 0.0].)
    for aggregate in ["SUM", "AVERAGE", "MIN", "MAX"] {
        let m = regressor(
            with(
                stump("BRANCH_LEQ", 0.5, 0),
                vec![int("n_targets", 2), floats("base_values", &[0.25, 0.5]), string("aggregate_function", aggregate)],
            ),
            1,
            2,
        );
        assert_eq!(run(&m, &[0.0], 0), vec![f(1.25), f(0.5)], "{aggregate}");
    }
    // Single target, a leaf without weights reached: the base value (onnxruntime agrees).
    let m = regressor(
        with(
            stump("BRANCH_LEQ", 0.5, 0),
            vec![
                ints("target_treeids", &[0]),
                ints("target_nodeids", &[2]),
                ints("target_ids", &[0]),
                floats("target_weights", &[2.0]),
                floats("base_values", &[0.25]),
            ],
        ),
        1,
        1,
    );
    assert_eq!(run(&m, &[0.0], 0), vec![f(0.25)]);
}

#[test]
fn average_rounds_half_away_from_zero() {
    // Two trees; the stump's leaves weigh ±1 unit (1e-9 is 1.00000001e-9 as f32: 1 unit), the
    // other tree 0: the average is ±0.5 units, rounded to ±1.
    let tiny = 1e-9f32;
    assert_eq!(from_f32(tiny), Some(1));
    let m = |w: f32| {
        regressor(
            vec![
                ints("nodes_treeids", &[0, 0, 0, 1]),
                ints("nodes_nodeids", &[0, 1, 2, 0]),
                ints("nodes_featureids", &[0, 0, 0, 0]),
                strings("nodes_modes", &["BRANCH_LEQ", "LEAF", "LEAF", "LEAF"]),
                floats("nodes_values", &[0.5, 0.0, 0.0, 0.0]),
                ints("nodes_truenodeids", &[1, 0, 0, 0]),
                ints("nodes_falsenodeids", &[2, 0, 0, 0]),
                ints("target_treeids", &[0, 0, 1]),
                ints("target_nodeids", &[1, 2, 0]),
                ints("target_ids", &[0, 0, 0]),
                floats("target_weights", &[w, 3.0 * w, 0.0]),
                int("n_targets", 1),
                string("aggregate_function", "AVERAGE"),
            ],
            1,
            1,
        )
    };
    assert_eq!(run(&m(tiny), &[0.0], 0), vec![1]);
    assert_eq!(run(&m(-tiny), &[0.0], 0), vec![-1]);
    // 3 units / 2 = 1.5 → 2.
    assert_eq!(run(&m(tiny), &[1.0], 0), vec![2]);
}

// ---------------------------------------------------------------------------------- post transforms

/// The exact logistic in units, for comparisons within one unit.
fn logistic(x: f64) -> f64 {
    1e9 / (1.0 + (-x).exp())
}

fn within_one_unit(got: &[i64], want: &[f64]) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert!((*g as f64 - w).abs() <= 1.0, "{got:?} vs {want:?}");
    }
}

#[test]
fn multi_target_post_transforms() {
    // Margins at x = 0 with SUM: [1 + 3 + 0.25, 4 + 0.5].
    let margins = [4.25f64, 4.5];
    within_one_unit(&run(&two_trees("SUM", "LOGISTIC"), &[0.0], 0), &margins.map(logistic));
    let e: Vec<f64> = margins.iter().map(|m| (m - 4.5).exp()).collect();
    let s: f64 = e.iter().sum();
    within_one_unit(&run(&two_trees("SUM", "SOFTMAX"), &[0.0], 0), &[1e9 * e[0] / s, 1e9 * e[1] / s]);
    within_one_unit(&run(&two_trees("SUM", "SOFTMAX_ZERO"), &[0.0], 0), &[1e9 * e[0] / s, 1e9 * e[1] / s]);
}

/// A 3-class classifier: one stump on x0; leaf 1 weighs (class 0: a, class 1: b), leaf 2 (class 0:
/// 0, class 1: 0); class 2 has no weight.
fn three_classes(a: f32, b: f32, transform: &str, labels: &[i64]) -> Vec<u8> {
    classifier(
        vec![
            ints("nodes_treeids", &[0, 0, 0]),
            ints("nodes_nodeids", &[0, 1, 2]),
            ints("nodes_featureids", &[0, 0, 0]),
            strings("nodes_modes", &["BRANCH_LEQ", "LEAF", "LEAF"]),
            floats("nodes_values", &[0.5, 0.0, 0.0]),
            ints("nodes_truenodeids", &[1, 0, 0]),
            ints("nodes_falsenodeids", &[2, 0, 0]),
            ints("class_treeids", &[0, 0, 0, 0]),
            ints("class_nodeids", &[1, 2, 1, 2]),
            ints("class_ids", &[0, 0, 1, 1]),
            floats("class_weights", &[a, 0.0, b, 0.0]),
            ints("classlabels_int64s", labels),
            string("post_transform", transform),
        ],
        1,
        3,
    )
}

#[test]
fn softmax_zero_matches_onnxruntime() {
    // onnxruntime 1.32: scores [0.5, 1e-8, 0] → [1.0, 6.065306479e-09, 0.0]; 1e-8 (10 units) is a
    // "zero": 10 · e^-0.5 / 1 = 6.07 units.
    assert_eq!(run(&three_classes(0.5, 1e-8, "SOFTMAX_ZERO", &[0, 1, 2]), &[0.0], 1), vec![SCALE, 6, 0]);
    // [-3, 8e-8, 0] → [1.0, 1.60684283e-06, 0.0]: 80 units · e^3 = 1606.8 units.
    assert_eq!(run(&three_classes(-3.0, 8e-8, "SOFTMAX_ZERO", &[0, 1, 2]), &[0.0], 1), vec![SCALE, 1607, 0]);
    // All zero: 0.5 each (the ONNX reference; onnxruntime divides 0 by 0 and gives NaN).
    assert_eq!(run(&three_classes(0.0, 0.0, "SOFTMAX_ZERO", &[0, 1, 2]), &[0.0], 1), vec![SCALE / 2; 3]);
}

#[test]
fn classifier_transforms_and_labels() {
    let m = three_classes(1.5, -0.5, "SOFTMAX", &[0, 1, 2]);
    let e = [1.5f64.exp(), (-0.5f64).exp(), 1.0];
    let s: f64 = e.iter().sum();
    within_one_unit(&run(&m, &[0.0], 1), &e.map(|v| 1e9 * v / s));
    within_one_unit(
        &run(&three_classes(1.5, -0.5, "LOGISTIC", &[0, 1, 2]), &[0.0], 1),
        &[logistic(1.5), logistic(-0.5), logistic(0.0)],
    );
    // The label output is classlabels_int64s[argmax], lowest index on ties (onnxruntime: 7).
    let tie = three_classes(0.5, 0.5, "NONE", &[7, 8, 9]);
    assert_eq!(run(&tie, &[0.0], 0), vec![7]);
    let loaded = Engine::default().load(&tie).unwrap();
    let out = loaded.run(&Input::F32(vec![0.0])).unwrap();
    assert_eq!((out.label(), out.outputs[0].fixed_point, out.outputs[1].fixed_point), (Some(0), false, true));
    // x = 1: every class scores 0; the label is the first class.
    assert_eq!(run(&tie, &[1.0], 0), vec![7]);
}

/// Binary classifier, every weight on class 0: leaf 1 `w1`, leaf 2 `w2`.
fn binary(w1: f32, w2: f32, transform: &str, base: Option<f32>) -> Vec<u8> {
    let mut attrs = vec![
        ints("nodes_treeids", &[0, 0, 0]),
        ints("nodes_nodeids", &[0, 1, 2]),
        ints("nodes_featureids", &[0, 0, 0]),
        strings("nodes_modes", &["BRANCH_LEQ", "LEAF", "LEAF"]),
        floats("nodes_values", &[0.5, 0.0, 0.0]),
        ints("nodes_truenodeids", &[1, 0, 0]),
        ints("nodes_falsenodeids", &[2, 0, 0]),
        ints("class_treeids", &[0, 0]),
        ints("class_nodeids", &[1, 2]),
        ints("class_ids", &[0, 0]),
        floats("class_weights", &[w1, w2]),
        ints("classlabels_int64s", &[0, 1]),
        string("post_transform", transform),
    ];
    if let Some(b) = base {
        attrs.push(floats("base_values", &[b]));
    }
    classifier(attrs, 1, 2)
}

#[test]
fn binary_forms_match_onnxruntime() {
    // onnxruntime 1.32 at x = 0 (leaf 1): LOGISTIC with mixed weights [-0.25, 0.75] gives
    // [0.562176526, 0.437823474]; with base 0.5 [0.437823474, 0.562176526] and label 1; with
    // positive weights [0.25, 0.75] [0.437823474, 0.562176526].
    within_one_unit(&run(&binary(-0.25, 0.75, "LOGISTIC", None), &[0.0], 1), &[logistic(0.25), logistic(-0.25)]);
    let with_base = binary(-0.25, 0.75, "LOGISTIC", Some(0.5));
    within_one_unit(&run(&with_base, &[0.0], 1), &[logistic(-0.25), logistic(0.25)]);
    assert_eq!(run(&with_base, &[0.0], 0), vec![1]);
    within_one_unit(&run(&binary(0.25, 0.75, "LOGISTIC", None), &[0.0], 1), &[logistic(-0.25), logistic(0.25)]);
    // The two scores sum to exactly 1.
    let p = run(&binary(-0.3, 0.75, "LOGISTIC", None), &[0.0], 1);
    assert_eq!(p[0] + p[1], SCALE);
    // NONE without negative weights: [1 − s, s] (onnxruntime: [0.75, 0.25]).
    assert_eq!(run(&binary(0.25, 0.75, "NONE", None), &[0.0], 1), vec![f(0.75), f(0.25)]);
    assert_eq!(run(&binary(0.25, 0.75, "NONE", None), &[1.0], 0), vec![1]);
}

// ----------------------------------------------------------------------------- attribute variants

#[test]
fn as_tensor_attributes_equal_the_plain_ones() {
    let plain = two_trees("SUM", "NONE");
    let raw = |v: &[f32]| TensorProto {
        dims: vec![v.len() as i64],
        data_type: DataType::Float as i32,
        raw_data: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        ..Default::default()
    };
    let tensors = regressor(
        vec![
            ints("nodes_treeids", &[0, 0, 0, 1]),
            ints("nodes_nodeids", &[0, 1, 2, 0]),
            ints("nodes_featureids", &[0, 0, 0, 0]),
            strings("nodes_modes", &["BRANCH_LEQ", "LEAF", "LEAF", "LEAF"]),
            tensor_attr("nodes_values_as_tensor", raw(&[0.5, 0.0, 0.0, 0.0])),
            ints("nodes_truenodeids", &[1, 0, 0, 0]),
            ints("nodes_falsenodeids", &[2, 0, 0, 0]),
            ints("target_treeids", &[0, 0, 1, 1]),
            ints("target_nodeids", &[1, 2, 0, 0]),
            ints("target_ids", &[0, 0, 0, 1]),
            tensor_attr("target_weights_as_tensor", f32_tensor("", &[4], &[1.0, 2.0, 3.0, 4.0])),
            int("n_targets", 2),
            tensor_attr("base_values_as_tensor", raw(&[0.25, 0.5])),
            tensor_attr("nodes_hitrates_as_tensor", f32_tensor("", &[4], &[1.0; 4])),
            string("aggregate_function", "SUM"),
        ],
        1,
        2,
    );
    for x in [0.0, 1.0] {
        assert_eq!(run(&tensors, &[x], 0), run(&plain, &[x], 0));
    }
    // Double thresholds are f64 data: refused like any f64 in a model.
    let double = TensorProto {
        dims: vec![3],
        data_type: DataType::Double as i32,
        double_data: vec![0.5, 0.0, 0.0],
        ..Default::default()
    };
    let m = regressor(
        with(without(stump("BRANCH_LEQ", 0.5, 0), "nodes_values"), vec![tensor_attr("nodes_values_as_tensor", double)]),
        1,
        1,
    );
    assert!(matches!(Engine::default().load(&m), Err(EngineError::FloatWidth { .. })));
}

#[test]
fn integer_inputs_compare_as_the_nearest_f32() {
    // 2^24 + 1 is not an f32: it compares as 2^24, like onnxruntime's int64-to-float comparison.
    let m = model_with(
        vec![node("TreeEnsembleRegressor", &["x"], &["y"], stump("BRANCH_EQ", 16_777_216.0, 0))],
        vec![],
        value_info("x", DataType::Int64, &[1, 1]),
        vec![value_info("y", DataType::Float, &[1, 1])],
    );
    let loaded = Engine::default().load(&m).unwrap();
    assert_eq!(loaded.report.executor, "native");
    for (x, want) in [(16_777_217i64, SCALE), (16_777_216, SCALE), (16_777_218, 2 * SCALE)] {
        assert_eq!(loaded.run(&Input::Int(vec![x])).unwrap().outputs[0].values, vec![want], "{x}");
    }
    assert!(matches!(loaded.run(&Input::F32(vec![1.0])), Err(EngineError::InputValue(_))));
    let narrow = model_with(
        vec![node("TreeEnsembleRegressor", &["x"], &["y"], stump("BRANCH_LEQ", 0.5, 0))],
        vec![],
        value_info("x", DataType::Int8, &[1, 1]),
        vec![value_info("y", DataType::Float, &[1, 1])],
    );
    let loaded = Engine::default().load(&narrow).unwrap();
    assert!(matches!(loaded.run(&Input::Int(vec![300])), Err(EngineError::InputValue(_))));
    assert_eq!(loaded.run(&Input::Int(vec![-3])).unwrap().outputs[0].values, vec![SCALE]);
}

// ------------------------------------------------------------------------- split and native ops

#[test]
fn a_tract_prefix_feeds_the_ensemble_and_native_ops_follow() {
    // x → Mul(2) [tract] → regressor → Identity → Mul(Constant 0.1) → y ; the stump at 0.5 sees 2x.
    let two = f32_tensor("two", &[1], &[2.0]);
    let tenth =
        AttributeProto { name: "value".into(), t: Some(f32_tensor("", &[], &[0.1])), r#type: 4, ..Default::default() };
    let m = model_with(
        vec![
            node("Mul", &["x", "two"], &["x2"], vec![]),
            node("TreeEnsembleRegressor", &["x2"], &["raw"], stump("BRANCH_LEQ", 0.5, 0)),
            node("Identity", &["raw"], &["same"], vec![]),
            node("Constant", &[], &["tenth"], vec![tenth]),
            node("Mul", &["same", "tenth"], &["y"], vec![]),
        ],
        vec![two],
        value_info("x", DataType::Float, &[1, 1]),
        vec![value_info("y", DataType::Float, &[1, 1]), value_info("raw", DataType::Float, &[1, 1])],
    );
    let loaded = Engine::default().load(&m).unwrap();
    assert_eq!(loaded.report.executor, "tract+native");
    assert_eq!(loaded.report.output_shapes, vec![vec![1, 1], vec![1, 1]]);
    // 0.1f32 = 0.100000001490116…: 1.0 × it = 100000001 units, 2.0 × it = 200000003 units.
    let out = loaded.run(&Input::F32(vec![0.25])).unwrap();
    assert_eq!((out.outputs[0].values[0], out.outputs[1].values[0]), (100_000_001, SCALE));
    let out = loaded.run(&Input::F32(vec![0.3])).unwrap();
    assert_eq!((out.outputs[0].values[0], out.outputs[1].values[0]), (200_000_003, 2 * SCALE));
    // Node digests: tract's plan nodes, then the three native nodes named by their ONNX names.
    let names: Vec<&str> = out.node_digests.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(&names[names.len() - 3..], ["TreeEnsembleRegressor_raw", "Identity_same", "Mul_y"]);
    let ids: Vec<usize> = out.node_digests.iter().map(|d| d.node).collect();
    let (tract_ids, native_ids) = ids.split_at(ids.len() - 3);
    let first = native_ids[0];
    assert_eq!(native_ids, [first, first + 1, first + 2]);
    assert!(!tract_ids.is_empty() && tract_ids.iter().all(|i| *i < first), "{ids:?}");
    // tract reads the input: NaN is refused as for any tract model.
    assert!(matches!(loaded.run(&Input::F32(vec![f32::NAN])), Err(EngineError::InputValue(_))));
}

#[test]
fn an_ensemble_on_the_model_input_next_to_a_tract_output() {
    // x → regressor (native, reading x itself) and x → Relu → z (tract): both outputs.
    let m = model_with(
        vec![
            node("TreeEnsembleRegressor", &["x"], &["y"], stump("BRANCH_LEQ", 0.5, 0)),
            node("Relu", &["x"], &["z"], vec![]),
        ],
        vec![],
        value_info("x", DataType::Float, &[1, 1]),
        vec![value_info("y", DataType::Float, &[1, 1]), value_info("z", DataType::Float, &[1, 1])],
    );
    let loaded = Engine::default().load(&m).unwrap();
    assert_eq!(loaded.report.executor, "tract+native");
    for (x, y, z) in [(-2.0f32, SCALE, 0), (3.0, 2 * SCALE, 3 * SCALE)] {
        let out = loaded.run(&Input::F32(vec![x])).unwrap();
        assert_eq!((out.outputs[0].values[0], out.outputs[1].values[0]), (y, z), "{x}");
    }
    assert!(matches!(loaded.run(&Input::F32(vec![f32::NAN])), Err(EngineError::InputValue(_))));
}

#[test]
fn label_cast_and_score_identity_after_a_classifier() {
    // onnxmltools' tail after LightGBM: Identity, Cast(label → INT64), Mul(scores, 1) (here the 1 is
    // a Constant node's value_float; the LightGBM fixture has it as an initializer).
    let one = AttributeProto { name: "value_float".into(), f: 1.0, r#type: 1, ..Default::default() };
    let cast = AttributeProto { name: "to".into(), i: DataType::Int64 as i64, r#type: 2, ..Default::default() };
    let base = three_classes(1.5, -0.5, "SOFTMAX", &[4, 5, 6]);
    let graph = ModelProto::decode(base.as_slice()).unwrap().graph.unwrap();
    let mut nodes = graph.node.clone();
    nodes[0].output = vec!["l".into(), "s".into()];
    nodes.push(node("Identity", &["l"], &["l2"], vec![]));
    nodes.push(node("Cast", &["l2"], &["label"], vec![cast]));
    nodes.push(node("Constant", &[], &["one"], vec![one]));
    nodes.push(node("Mul", &["one", "s"], &["scores"], vec![]));
    let m = model_with(nodes, vec![], graph.input[0].clone(), graph.output.clone());
    assert_eq!(Engine::default().load(&m).unwrap().report.executor, "native");
    assert_eq!(run(&m, &[0.0], 0), run(&base, &[0.0], 0));
    assert_eq!(run(&m, &[0.0], 1), run(&base, &[0.0], 1));
    assert_eq!(run(&m, &[0.0], 0), vec![4]);
}

#[test]
fn node_digests_pin_the_leaves_reached() {
    // Two leaves with the same weight: equal outputs, different leaves, different digests.
    let m = regressor(with(stump("BRANCH_LEQ", 0.5, 0), vec![floats("target_weights", &[1.0, 1.0])]), 1, 1);
    let loaded = Engine::default().load(&m).unwrap();
    let a = loaded.run(&Input::F32(vec![0.0])).unwrap();
    let b = loaded.run(&Input::F32(vec![1.0])).unwrap();
    assert_eq!(a.outputs, b.outputs);
    assert_eq!(a.node_digests.len(), 1);
    assert_eq!((a.node_digests[0].node, a.node_digests[0].name.as_str()), (0, "TreeEnsembleRegressor_y"));
    assert_ne!(a.node_digests, b.node_digests);
    assert_eq!(a, loaded.run(&Input::F32(vec![-7.0])).unwrap(), "same leaf, same digest");
    assert!(loaded.forward(&Input::F32(vec![0.0]), false).unwrap().node_digests.is_empty());
    assert!(matches!(loaded.run(&Input::F32(vec![0.0, 1.0])), Err(EngineError::InputLength { expected: 1, got: 2 })));
}

#[test]
fn report_describes_the_ensemble() {
    let loaded = Engine::default().load(&two_trees("AVERAGE", "SOFTMAX")).unwrap();
    let r = &loaded.report;
    assert_eq!(r.executor, "native");
    assert_eq!(r.ops, vec!["ai.onnx.ml:TreeEnsembleRegressor".to_string()]);
    let t = &r.tree_ensembles[0];
    assert_eq!((t.trees, t.nodes, t.leaves, t.max_depth, t.features, t.targets), (2, 4, 3, 1, 1, 2));
    assert_eq!((t.aggregate_function.as_str(), t.post_transform.as_str()), ("AVERAGE", "SOFTMAX"));
    // (depth 1 + 1 + 1 weight) + (0 + 1 + 2 weights) + 2 scores · 32.
    assert_eq!(t.cost_per_pass, 3 + 3 + 64);
    // Plus one per native node.
    assert_eq!(r.cost_per_pass, t.cost_per_pass + 1);
    // Coefficients: 8 int lists and 2 float lists of 4 entries, 2 base values (scalars not counted).
    assert_eq!(r.parameter_count, 8 * 4 + 2 * 4 + 2);
}

#[test]
fn explanations_of_native_models_are_exact() {
    // y = (x0 ≤ 0.5 ? 1 : 2) + (x1 ≤ 0.5 ? 10 : 20) as two trees: additive, so Shapley values are the
    // per-tree differences.
    let m = regressor(
        vec![
            ints("nodes_treeids", &[0, 0, 0, 1, 1, 1]),
            ints("nodes_nodeids", &[0, 1, 2, 0, 1, 2]),
            ints("nodes_featureids", &[0, 0, 0, 1, 0, 0]),
            strings("nodes_modes", &["BRANCH_LEQ", "LEAF", "LEAF", "BRANCH_LEQ", "LEAF", "LEAF"]),
            floats("nodes_values", &[0.5, 0.0, 0.0, 0.5, 0.0, 0.0]),
            ints("nodes_truenodeids", &[1, 0, 0, 1, 0, 0]),
            ints("nodes_falsenodeids", &[2, 0, 0, 2, 0, 0]),
            ints("target_treeids", &[0, 0, 1, 1]),
            ints("target_nodeids", &[1, 2, 1, 2]),
            ints("target_ids", &[0, 0, 0, 0]),
            floats("target_weights", &[1.0, 2.0, 10.0, 20.0]),
            int("n_targets", 1),
        ],
        2,
        1,
    );
    let loaded = Engine::default().load(&m).unwrap();
    let (x, base) = (Input::F32(vec![0.0, 1.0]), Input::F32(vec![1.0, 0.0]));
    let e = explain(&loaded, &x, &base, 0, Method::Exact, 100).unwrap();
    assert_eq!((e.value, e.base_value), (21 * SCALE, 12 * SCALE));
    assert_eq!(e.attributions, vec![-SCALE, 10 * SCALE]);
    assert_eq!(e.residual, 0);
}

// ------------------------------------------------------------------------------ tree Shapley values

/// Brute-force Shapley numerators over M! of scores value `k`, from the model's outputs on all 2^M
/// coalitions: for NONE regressors the margin itself.
fn brute_force(m: &symbiote_engine::LoadedModel, x: &[f32], b: &[f32], k: usize) -> (Vec<i128>, i128) {
    let n = x.len();
    let v: Vec<i64> = (0..1usize << n)
        .map(|mask| {
            let mixed = (0..n).map(|i| if mask >> i & 1 == 1 { x[i] } else { b[i] }).collect();
            m.forward(&Input::F32(mixed), false).unwrap().scores().unwrap().values[k]
        })
        .collect();
    let fact = |n: usize| (1..=n as i128).product::<i128>();
    let numerators = (0..n)
        .map(|i| {
            (0..1usize << n)
                .filter(|mask| mask >> i & 1 == 0)
                .map(|mask| {
                    let s = mask.count_ones() as usize;
                    fact(s) * fact(n - s - 1) * (i128::from(v[mask | 1 << i]) - i128::from(v[mask]))
                })
                .sum()
        })
        .collect();
    (numerators, fact(n))
}

/// One tree on three features: x0 ≤ 0.5 ? (x1 ≤ 0.5 ? (x2 ≤ 0.5 ? lll : llr) : lr) : r.
fn chain(lll: f32, llr: f32, lr: f32, r: f32) -> Vec<u8> {
    regressor(
        vec![
            ints("nodes_treeids", &[0; 7]),
            ints("nodes_nodeids", &[0, 1, 2, 3, 4, 5, 6]),
            ints("nodes_featureids", &[0, 1, 2, 0, 0, 0, 0]),
            strings("nodes_modes", &["BRANCH_LEQ", "BRANCH_LEQ", "BRANCH_LEQ", "LEAF", "LEAF", "LEAF", "LEAF"]),
            floats("nodes_values", &[0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0]),
            ints("nodes_truenodeids", &[1, 2, 3, 0, 0, 0, 0]),
            ints("nodes_falsenodeids", &[6, 5, 4, 0, 0, 0, 0]),
            ints("target_treeids", &[0; 4]),
            ints("target_nodeids", &[3, 4, 5, 6]),
            ints("target_ids", &[0; 4]),
            floats("target_weights", &[lll, llr, lr, r]),
            int("n_targets", 1),
            floats("base_values", &[10.0]),
        ],
        3,
        1,
    )
}

#[test]
fn tree_shapley_of_a_hand_computed_tree() {
    // x = (0, 0, 0) goes left everywhere, b = (1, 1, 1) right at the root. Each leaf is reached by
    // the coalitions S with A ⊆ S and B ∩ S = ∅:
    //   lll = 1:     A = {0, 1, 2}          → 1/3 to each
    //   llr = 0.25:  A = {0, 1}, B = {2}    → 0.25 · 1!1!/3! = 1/24 to x0, x1; −0.25 · 2!0!/3! = −1/12 to x2
    //   lr = 0.5:    A = {0}, B = {1}       → 0.5 · 0!1!/2! = 1/4 to x0; −1/4 to x1
    //   r = −1:      B = {0}                → −(−1) = 1 to x0
    // φ = (1/3 + 1/24 + 1/4 + 1, 1/3 + 1/24 − 1/4, 1/3 − 1/12) = (39/24, 3/24, 6/24), summing to
    // f(x) − f(b) = 1 − (−1) = 2 (the base value 10 cancels).
    let loaded = Engine::default().load(&chain(1.0, 0.25, 0.5, -1.0)).unwrap();
    let (x, b) = (Input::F32(vec![0.0; 3]), Input::F32(vec![1.0; 3]));
    let e = explain(&loaded, &x, &b, 0, Method::Tree, 2).unwrap();
    assert_eq!((e.method, e.explained, e.passes), ("shapley_tree", symbiote_engine::Explained::Margin, 2));
    assert_eq!((e.value, e.base_value), (11 * SCALE, 9 * SCALE));
    assert_eq!(e.attributions, vec![1_625_000_000, 125_000_000, 250_000_000]);
    assert_eq!((e.residual, e.top.clone()), (0, vec![0, 2, 1]));
    // Exactly: numerators over lcm(1, 2, 3) = 6 (the tree is 3 deep).
    let exact = loaded.tree_shapley(&x, &b, 0).unwrap().exact;
    assert_eq!(exact.denominator, 6);
    assert_eq!(exact.numerators, vec![9_750_000_000, 750_000_000, 1_500_000_000]);
    // The same as brute force over the 8 coalitions (the output is the margin: NONE).
    assert_eq!(explain(&loaded, &x, &b, 0, Method::Exact, 8).unwrap().attributions, e.attributions);
    // Against itself: nothing to attribute.
    let same = explain(&loaded, &x, &x, 0, Method::Tree, 2).unwrap();
    assert_eq!((same.attributions, same.value - same.base_value), (vec![0, 0, 0], 0));

    // Rounding: only lll = 1 gives 1/3 each of 10^9 units, 333333333.33…; the floors leave one
    // unit, which goes to the largest remainder, ties to the lowest index.
    let thirds = Engine::default().load(&chain(1.0, 0.0, 0.0, 0.0)).unwrap();
    let e = explain(&thirds, &x, &b, 0, Method::Tree, 2).unwrap();
    assert_eq!(e.attributions, vec![333_333_334, 333_333_333, 333_333_333]);
    assert_eq!(thirds.tree_shapley(&x, &b, 0).unwrap().exact.numerators, vec![2 * SCALE as i128; 3]);
    // The baseline on the other side of x2 only: a single path split, the leaf difference to x2.
    let e = explain(&thirds, &x, &Input::F32(vec![0.0, 0.0, 1.0]), 0, Method::Tree, 2).unwrap();
    assert_eq!(e.attributions, vec![0, 0, SCALE]);
}

#[test]
fn tree_shapley_follows_a_feature_decided_higher_up() {
    // x0 ≤ 0.5 ? (x0 ≤ -1 ? 4 : 2) : 1, one feature: φ0 = f(x) − f(b) whatever the path.
    let m = regressor(
        vec![
            ints("nodes_treeids", &[0; 5]),
            ints("nodes_nodeids", &[0, 1, 2, 3, 4]),
            ints("nodes_featureids", &[0, 0, 0, 0, 0]),
            strings("nodes_modes", &["BRANCH_LEQ", "BRANCH_LEQ", "LEAF", "LEAF", "LEAF"]),
            floats("nodes_values", &[0.5, -1.0, 0.0, 0.0, 0.0]),
            ints("nodes_truenodeids", &[1, 2, 0, 0, 0]),
            ints("nodes_falsenodeids", &[4, 3, 0, 0, 0]),
            ints("target_treeids", &[0; 3]),
            ints("target_nodeids", &[2, 3, 4]),
            ints("target_ids", &[0; 3]),
            floats("target_weights", &[4.0, 2.0, 1.0]),
            int("n_targets", 1),
        ],
        1,
        1,
    );
    let loaded = Engine::default().load(&m).unwrap();
    for (x, b, want) in [(-2.0f32, 3.0f32, 3), (0.0, -2.0, -2), (3.0, -2.0, -3), (f32::NAN, -2.0, -3)] {
        let e = explain(&loaded, &Input::F32(vec![x]), &Input::F32(vec![b]), 0, Method::Tree, 2).unwrap();
        assert_eq!(e.attributions, vec![want * SCALE], "x = {x}, b = {b}");
    }
}

#[test]
fn tree_shapley_of_binary_classifiers_explains_s_and_minus_s() {
    // One-column binary LOGISTIC classifier: output 1 = logistic(s), output 0 = logistic(−s).
    let m = Engine::default().load(&binary(-0.25, 0.75, "LOGISTIC", Some(0.5))).unwrap();
    let (x, b) = (Input::F32(vec![0.0]), Input::F32(vec![1.0]));
    let scores = m.run(&x).unwrap().scores().unwrap().values.clone();
    let one = explain(&m, &x, &b, 1, Method::Tree, 2).unwrap();
    let zero = explain(&m, &x, &b, 0, Method::Tree, 2).unwrap();
    assert_eq!((one.value, one.base_value), (f(0.25), f(1.25)));
    assert_eq!((zero.value, zero.base_value), (f(-0.25), f(-1.25)));
    assert_eq!((one.attributions.clone(), zero.attributions), (vec![-SCALE], vec![SCALE]));
    use symbiote_engine::tree::math::logistic;
    assert_eq!((logistic(zero.value), logistic(one.value)), (scores[0], scores[1]));
    assert!(matches!(explain(&m, &x, &b, 2, Method::Tree, 2), Err(EngineError::Explain(_))));
    // The post-transformed output itself is still brute force (and says so).
    let brute = explain(&m, &x, &b, 1, Method::Exact, 2).unwrap();
    assert_eq!((brute.explained, brute.value), (symbiote_engine::Explained::Output, scores[1]));
    // A multi-class classifier's margin k is its class k's.
    let m = Engine::default().load(&three_classes(1.5, -0.5, "SOFTMAX", &[0, 1, 2])).unwrap();
    let per_class: Vec<i64> =
        (0..3).map(|k| explain(&m, &x, &b, k, Method::Tree, 2).unwrap().attributions[0]).collect();
    assert_eq!(per_class, vec![f(1.5), f(-0.5), 0]);
}

#[test]
fn tree_shapley_of_averages_sums_to_the_rounded_margins() {
    // Two trees averaged: the stump weighs −1 unit at x = 0, +1 unit at x = 1, the other tree 0.
    // Margins: −1/2 → −1 and 1/2 → 1 (half away from zero): a difference of −2 units, where the
    // exact Shapley value of the average game is −1. The floors leave −1 unit: taken back from the
    // smallest remainder, so the attribution is −2 and the sum exact.
    let tiny = 1e-9f32;
    let m = |aggregate: &str, features: i64| {
        regressor(
            vec![
                ints("nodes_treeids", &[0, 0, 0, 1]),
                ints("nodes_nodeids", &[0, 1, 2, 0]),
                ints("nodes_featureids", &[0, 0, 0, 0]),
                strings("nodes_modes", &["BRANCH_LEQ", "LEAF", "LEAF", "LEAF"]),
                floats("nodes_values", &[0.5, 0.0, 0.0, 0.0]),
                ints("nodes_truenodeids", &[1, 0, 0, 0]),
                ints("nodes_falsenodeids", &[2, 0, 0, 0]),
                ints("target_treeids", &[0, 0, 1]),
                ints("target_nodeids", &[1, 2, 0]),
                ints("target_ids", &[0, 0, 0]),
                floats("target_weights", &[-tiny, tiny, 0.0]),
                int("n_targets", 1),
                string("aggregate_function", aggregate),
            ],
            features,
            1,
        )
    };
    let avg = Engine::default().load(&m("AVERAGE", 1)).unwrap();
    let (x, b) = (Input::F32(vec![0.0]), Input::F32(vec![1.0]));
    let e = explain(&avg, &x, &b, 0, Method::Tree, 2).unwrap();
    assert_eq!((e.value, e.base_value, e.attributions.clone(), e.residual), (-1, 1, vec![-2], 0));
    let exact = avg.tree_shapley(&x, &b, 0).unwrap().exact;
    assert_eq!((exact.numerators, exact.denominator), (vec![-2], 2));
    // Two features, the second unused (remainder 0 as well): the unit comes off the higher index.
    let e = explain(
        &Engine::default().load(&m("AVERAGE", 2)).unwrap(),
        &Input::F32(vec![0.0, 5.0]),
        &Input::F32(vec![1.0, 5.0]),
        0,
        Method::Tree,
        2,
    )
    .unwrap();
    assert_eq!(e.attributions, vec![-1, -1]);
    // MIN and MAX do not decompose over trees: refused, with the methods that work named.
    for aggregate in ["MIN", "MAX"] {
        match explain(&Engine::default().load(&m(aggregate, 1)).unwrap(), &x, &b, 0, Method::Tree, 2) {
            Err(EngineError::Explain(msg)) => {
                assert!(msg.contains(aggregate) && msg.contains("shapley_exact"), "{msg}")
            }
            other => panic!("{aggregate}: {other:?}"),
        }
    }
}

#[test]
fn tree_shapley_through_a_prefix_needs_featurewise_features() {
    // x → Sub(c) → Mul(2) [tract] → regressor on two features: element-wise, so the ensemble's
    // feature j is the model's feature j; the values equal brute force through the whole model.
    let two_features = |prefix: Vec<NodeProto>, inits: Vec<TensorProto>| {
        let mut nodes = prefix;
        nodes.push(node(
            "TreeEnsembleRegressor",
            &["z"],
            &["y"],
            vec![
                ints("nodes_treeids", &[0, 0, 0, 0, 0]),
                ints("nodes_nodeids", &[0, 1, 2, 3, 4]),
                ints("nodes_featureids", &[0, 1, 0, 0, 0]),
                strings("nodes_modes", &["BRANCH_LEQ", "BRANCH_GT", "LEAF", "LEAF", "LEAF"]),
                floats("nodes_values", &[0.5, 1.0, 0.0, 0.0, 0.0]),
                ints("nodes_truenodeids", &[1, 2, 0, 0, 0]),
                ints("nodes_falsenodeids", &[4, 3, 0, 0, 0]),
                ints("target_treeids", &[0, 0, 0]),
                ints("target_nodeids", &[2, 3, 4]),
                ints("target_ids", &[0, 0, 0]),
                floats("target_weights", &[3.0, -1.0, 0.5]),
                int("n_targets", 1),
            ],
        ));
        model_with(
            nodes,
            inits,
            value_info("x", DataType::Float, &[1, 2]),
            vec![value_info("y", DataType::Float, &[1, 1])],
        )
    };
    let c = f32_tensor("c", &[1, 2], &[0.25, -1.0]);
    let k = f32_tensor("k", &[1], &[2.0]);
    let featurewise = two_features(
        vec![node("Sub", &["x", "c"], &["d"], vec![]), node("Mul", &["d", "k"], &["z"], vec![])],
        vec![c, k],
    );
    let loaded = Engine::default().load(&featurewise).unwrap();
    assert_eq!(loaded.report.executor, "tract+native");
    let (x, b) = ([0.0f32, 0.0], [1.0f32, 2.0]);
    let e = explain(&loaded, &Input::F32(x.to_vec()), &Input::F32(b.to_vec()), 0, Method::Tree, 2).unwrap();
    let brute = explain(&loaded, &Input::F32(x.to_vec()), &Input::F32(b.to_vec()), 0, Method::Exact, 4).unwrap();
    assert_eq!((e.attributions.clone(), e.value, e.base_value), (brute.attributions, brute.value, brute.base_value));
    assert_ne!(e.attributions, vec![0, 0]);
    // A MatMul swapping the features mixes them: refused rather than explained on the wrong features.
    let swap = f32_tensor("swap", &[2, 2], &[0.0, 1.0, 1.0, 0.0]);
    let mixed = two_features(vec![node("MatMul", &["x", "swap"], &["z"], vec![])], vec![swap]);
    let loaded = Engine::default().load(&mixed).unwrap();
    match explain(&loaded, &Input::F32(x.to_vec()), &Input::F32(b.to_vec()), 0, Method::Tree, 2) {
        Err(EngineError::Explain(msg)) => assert!(msg.contains("element-wise"), "{msg}"),
        other => panic!("{other:?}"),
    }
    // Brute force still explains it.
    assert!(explain(&loaded, &Input::F32(x.to_vec()), &Input::F32(b.to_vec()), 0, Method::Exact, 4).is_ok());
}

#[test]
fn tree_shapley_needs_a_tree_output() {
    // The scores output is tract's (a model without ensembles, or an output before the ensemble).
    let m = model_with(
        vec![
            node("Relu", &["x"], &["z"], vec![]),
            node("TreeEnsembleRegressor", &["x"], &["y"], stump("BRANCH_LEQ", 0.5, 0)),
        ],
        vec![],
        value_info("x", DataType::Float, &[1, 1]),
        vec![value_info("z", DataType::Float, &[1, 1]), value_info("y", DataType::Float, &[1, 1])],
    );
    let loaded = Engine::default().load(&m).unwrap();
    let one = Input::F32(vec![1.0]);
    match explain(&loaded, &one, &one, 0, Method::Tree, 2) {
        Err(EngineError::Explain(msg)) => assert!(msg.contains("not computed by a tree ensemble"), "{msg}"),
        other => panic!("{other:?}"),
    }
    let relu = model_with(
        vec![node("Relu", &["x"], &["z"], vec![])],
        vec![],
        value_info("x", DataType::Float, &[1, 1]),
        vec![value_info("z", DataType::Float, &[1, 1])],
    );
    let loaded = Engine::default().load(&relu).unwrap();
    assert!(matches!(explain(&loaded, &one, &one, 0, Method::Tree, 2), Err(EngineError::Explain(_))));
    // The budget counts the input's and the baseline's passes.
    let loaded = Engine::default().load(&regressor(stump("BRANCH_LEQ", 0.5, 0), 1, 1)).unwrap();
    assert!(matches!(explain(&loaded, &one, &one, 0, Method::Tree, 1), Err(EngineError::Budget { needed: 2, .. })));
}

#[test]
fn tree_shapley_traces_say_a_margin_was_explained() {
    use symbiote_engine::trace;
    use symbiote_proto::symbiote::inference::v1 as pb;
    let loaded = Engine::default().load(&chain(1.0, 0.25, 0.5, -1.0)).unwrap();
    let (x, b) = (Input::F32(vec![0.0; 3]), Input::F32(vec![1.0; 3]));
    let fwd = loaded.run(&x).unwrap();
    let tree = explain(&loaded, &x, &b, 0, Method::Tree, 2).unwrap();
    let t = trace::build(&loaded, "v1", &x, true, &fwd, Some((&tree, &b, Method::Tree)));
    let e = t.explanation.as_ref().unwrap();
    assert_eq!((e.method.as_str(), e.explained()), ("shapley_tree", pb::ExplainedValue::Margin));
    assert_eq!((e.value, e.base_value, e.attributions.clone()), (tree.value, tree.base_value, tree.attributions));
    // Brute force of the output: OUTPUT, the field's default, so absent from the encoding.
    let brute = explain(&loaded, &x, &b, 0, Method::Exact, 8).unwrap();
    let u = trace::build(&loaded, "v1", &x, true, &fwd, Some((&brute, &b, Method::Exact)));
    assert_eq!(u.explanation.as_ref().unwrap().explained(), pb::ExplainedValue::Output);
    let mut without = u.explanation.clone().unwrap();
    without.explained = 0;
    assert_eq!(prost::Message::encode_to_vec(&without), prost::Message::encode_to_vec(u.explanation.as_ref().unwrap()));
    assert_ne!(trace::trace_id(&t), trace::trace_id(&u));
}

// ------------------------------------------------------------------------------------------- rules

#[test]
fn attribute_rules() {
    let s = || stump("BRANCH_LEQ", 0.5, 0);
    let cases = [
        with(s(), vec![int("nodes_extra", 1)]),
        without(s(), "nodes_modes"),
        without(s(), "nodes_values"),
        with(s(), vec![tensor_attr("nodes_values_as_tensor", f32_tensor("", &[3], &[0.5, 0.0, 0.0]))]),
        with(s(), vec![ints("nodes_missing_value_tracks_true", &[2, 0, 0])]),
        with(
            s(),
            vec![AttributeProto { name: "nodes_values".into(), ints: vec![1, 2, 3], r#type: 7, ..Default::default() }],
        ),
        with(s(), vec![tensor_attr("target_weights_as_tensor", f32_tensor("", &[3], &[1.0, 2.0]))]),
        {
            let mut a = s();
            a.push(int("n_targets", 1));
            a
        },
    ];
    for (i, attrs) in cases.into_iter().enumerate() {
        assert_eq!(rule_of(&regressor(attrs, 1, 1)), TreeRule::Attribute, "case {i}");
    }
    let lengths = [
        with(s(), vec![floats("nodes_values", &[0.5, 0.0])]),
        with(s(), vec![ints("nodes_falsenodeids", &[2, 0, 0, 0])]),
        with(s(), vec![ints("nodes_missing_value_tracks_true", &[0, 0])]),
        with(s(), vec![floats("target_weights", &[1.0])]),
        with(s(), vec![floats("base_values", &[1.0, 2.0])]),
    ];
    for (i, attrs) in lengths.into_iter().enumerate() {
        assert_eq!(rule_of(&regressor(attrs, 1, 1)), TreeRule::AttributeLength, "case {i}");
    }
    assert_eq!(
        rule_of(&regressor(with(s(), vec![strings("nodes_modes", &["BRANCH_LEQ", "LEAF", "LEEF"])]), 1, 1)),
        TreeRule::Mode
    );
    assert_eq!(
        rule_of(&regressor(with(s(), vec![string("aggregate_function", "sum")]), 1, 1)),
        TreeRule::AggregateFunction
    );
    for transform in ["PROBIT", "LOGIT", "LOGISTIC", "SOFTMAX"] {
        // PROBIT and unknown names always; any transform on a single-target regressor.
        assert_eq!(
            rule_of(&regressor(with(s(), vec![string("post_transform", transform)]), 1, 1)),
            TreeRule::PostTransform,
            "{transform}"
        );
    }
    assert_eq!(rule_of(&three_classes(1.0, 1.0, "PROBIT", &[0, 1, 2])), TreeRule::PostTransform);
}

#[test]
fn structure_rules() {
    let s = || stump("BRANCH_LEQ", 0.5, 0);
    let node_ids = [
        with(s(), vec![ints("nodes_nodeids", &[0, 1, 1])]),
        with(s(), vec![ints("nodes_truenodeids", &[5, 0, 0])]),
        with(s(), vec![ints("target_nodeids", &[1, 3])]),
        with(s(), vec![ints("target_nodeids", &[0, 2])]),
        with(s(), vec![ints("target_treeids", &[0, 1])]),
    ];
    for (i, attrs) in node_ids.into_iter().enumerate() {
        assert_eq!(rule_of(&regressor(attrs, 1, 1)), TreeRule::NodeId, "case {i}");
    }
    assert_eq!(rule_of(&regressor(with(s(), vec![ints("nodes_featureids", &[1, 0, 0])]), 1, 1)), TreeRule::FeatureId);
    assert_eq!(rule_of(&regressor(with(s(), vec![ints("nodes_featureids", &[-1, 0, 0])]), 1, 1)), TreeRule::FeatureId);
    // A leaf's feature id is not used and not checked.
    assert!(Engine::default().load(&regressor(with(s(), vec![ints("nodes_featureids", &[0, 9, -4])]), 1, 1)).is_ok());
    assert_eq!(rule_of(&regressor(with(s(), vec![ints("target_ids", &[0, 1])]), 1, 1)), TreeRule::TargetId);
    assert_eq!(rule_of(&regressor(with(s(), vec![ints("target_ids", &[0, -1])]), 1, 1)), TreeRule::TargetId);
    // A self-loop is a cycle; so is a child pointing back up.
    assert_eq!(rule_of(&regressor(with(s(), vec![ints("nodes_truenodeids", &[0, 0, 0])]), 1, 1)), TreeRule::Cycle);
    let chain = |true_ids: &[i64], false_ids: &[i64], tree_ids: &[i64], modes: &[&str]| {
        let n = modes.len();
        regressor(
            vec![
                ints("nodes_treeids", tree_ids),
                ints("nodes_nodeids", &(0..n as i64).collect::<Vec<_>>()),
                ints("nodes_featureids", &vec![0; n]),
                strings("nodes_modes", modes),
                floats("nodes_values", &vec![0.5; n]),
                ints("nodes_truenodeids", true_ids),
                ints("nodes_falsenodeids", false_ids),
                int("n_targets", 1),
            ],
            1,
            1,
        )
    };
    let b = "BRANCH_LEQ";
    assert_eq!(rule_of(&chain(&[1, 2, 0, 0], &[3, 0, 0, 0], &[0; 4], &[b, b, "LEAF", "LEAF"])), TreeRule::Cycle);
    // Two parents; an unreachable node; a tree listed in two places; the same node as both children.
    assert_eq!(rule_of(&chain(&[1, 2, 0, 0], &[2, 3, 0, 0], &[0; 4], &[b, b, "LEAF", "LEAF"])), TreeRule::NotATree);
    assert_eq!(
        rule_of(&chain(&[1, 0, 0, 0], &[2, 0, 0, 0], &[0; 4], &[b, "LEAF", "LEAF", "LEAF"])),
        TreeRule::NotATree
    );
    assert_eq!(rule_of(&chain(&[0, 0, 0], &[0, 0, 0], &[5, 6, 5], &["LEAF"; 3])), TreeRule::NotATree);
    assert_eq!(rule_of(&chain(&[1, 0], &[1, 0], &[0, 0], &[b, "LEAF"])), TreeRule::NotATree);
    // Depth: a chain of 32 branches loads, 33 does not.
    for (branches, ok) in [(32usize, true), (33, false)] {
        let n = 2 * branches + 1;
        let modes: Vec<&str> = (0..n).map(|i| if i < branches { b } else { "LEAF" }).collect();
        let t: Vec<i64> = (0..n).map(|i| if i < branches { (branches + i) as i64 } else { 0 }).collect();
        let fl: Vec<i64> = (0..n)
            .map(|i| match i {
                i if i + 1 < branches => i as i64 + 1,
                i if i + 1 == branches => 2 * branches as i64,
                _ => 0,
            })
            .collect();
        let m = chain(&t, &fl, &vec![0; n], &modes);
        match Engine::default().load(&m) {
            Ok(loaded) => {
                assert!(ok);
                assert_eq!(loaded.report.tree_ensembles[0].max_depth, 32);
                // All features 0 > 0.5: every branch false, the deepest leaf.
                assert_eq!(loaded.run(&Input::F32(vec![1.0])).unwrap().outputs[0].values, vec![0]);
            }
            Err(EngineError::Tree { rule: TreeRule::Depth, .. }) => assert!(!ok),
            Err(e) => panic!("{e}"),
        }
    }
    // No nodes at all.
    let empty: Vec<AttributeProto> = s()
        .into_iter()
        .map(|mut a| {
            if a.name.starts_with("nodes_") || a.name.starts_with("target_") {
                a.ints.clear();
                a.floats.clear();
                a.strings.clear();
            }
            a
        })
        .collect();
    assert_eq!(rule_of(&regressor(empty, 1, 1)), TreeRule::NodeCount);
}

#[test]
fn value_rules() {
    let s = || stump("BRANCH_LEQ", 0.5, 0);
    for t in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        assert_eq!(
            rule_of(&regressor(with(s(), vec![floats("nodes_values", &[t, 0.0, 0.0])]), 1, 1)),
            TreeRule::Threshold
        );
    }
    // A leaf's threshold is not used and not checked.
    assert!(Engine::default()
        .load(&regressor(with(s(), vec![floats("nodes_values", &[0.5, f32::NAN, 0.0])]), 1, 1))
        .is_ok());
    for w in [f32::NAN, f32::INFINITY, 1e10, -1e10] {
        assert_eq!(rule_of(&regressor(with(s(), vec![floats("target_weights", &[w, 1.0])]), 1, 1)), TreeRule::Weight);
        assert_eq!(rule_of(&regressor(with(s(), vec![floats("base_values", &[w])]), 1, 1)), TreeRule::Weight);
    }
    for n in [0, -1, 4097, i64::MAX] {
        assert_eq!(rule_of(&regressor(with(s(), vec![int("n_targets", n)]), 1, 1)), TreeRule::TargetCount, "{n}");
    }
    let many: Vec<i64> = (0..4097).collect();
    assert_eq!(rule_of(&three_classes(1.0, 1.0, "NONE", &many)), TreeRule::TargetCount);
    // Sums beyond the fixed-point range fail at run time with a coded error, not a wrap.
    let big = regressor(
        vec![
            ints("nodes_treeids", &[0, 1]),
            ints("nodes_nodeids", &[0, 0]),
            ints("nodes_featureids", &[0, 0]),
            strings("nodes_modes", &["LEAF", "LEAF"]),
            floats("nodes_values", &[0.0, 0.0]),
            ints("nodes_truenodeids", &[0, 0]),
            ints("nodes_falsenodeids", &[0, 0]),
            ints("target_treeids", &[0, 1]),
            ints("target_nodeids", &[0, 0]),
            ints("target_ids", &[0, 0]),
            floats("target_weights", &[9e9, 9e9]),
            int("n_targets", 1),
        ],
        1,
        1,
    );
    let loaded = Engine::default().load(&big).unwrap();
    assert!(matches!(loaded.run(&Input::F32(vec![0.0])), Err(EngineError::Run(msg)) if msg.contains("fixed-point")));
}

#[test]
fn classifier_rules() {
    // Binary forms onnxruntime and the ONNX reference disagree on.
    assert_eq!(rule_of(&binary(-0.25, 0.75, "NONE", None)), TreeRule::Binary);
    assert_eq!(rule_of(&binary(0.25, 0.75, "SOFTMAX", None)), TreeRule::Binary);
    assert_eq!(rule_of(&binary(0.25, 0.75, "SOFTMAX_ZERO", None)), TreeRule::Binary);
    let class_one = with(
        ModelProto::decode(binary(0.25, 0.75, "LOGISTIC", None).as_slice()).unwrap().graph.unwrap().node[0]
            .attribute
            .clone(),
        vec![ints("class_ids", &[1, 1])],
    );
    assert_eq!(rule_of(&classifier(class_one.clone(), 1, 2)), TreeRule::Binary);
    let two_columns = with(class_one, vec![ints("class_ids", &[0, 1]), floats("base_values", &[0.5, 0.5])]);
    assert_eq!(rule_of(&classifier(two_columns.clone(), 1, 2)), TreeRule::Binary);
    // Without base values the two-column form is an ordinary classifier.
    let plain = without(with(two_columns, vec![string("post_transform", "NONE")]), "base_values");
    assert_eq!(run(&classifier(plain, 1, 2), &[0.0], 1), vec![f(0.25), 0]);
    // Labels.
    let attrs = || {
        ModelProto::decode(three_classes(1.0, 1.0, "NONE", &[0, 1, 2]).as_slice()).unwrap().graph.unwrap().node[0]
            .attribute
            .clone()
    };
    assert_eq!(
        rule_of(&classifier(
            with(without(attrs(), "classlabels_int64s"), vec![strings("classlabels_strings", &["a", "b", "c"])]),
            1,
            3
        )),
        TreeRule::Labels
    );
    assert_eq!(rule_of(&classifier(without(attrs(), "classlabels_int64s"), 1, 3)), TreeRule::Labels);
    assert_eq!(rule_of(&classifier(with(attrs(), vec![ints("classlabels_int64s", &[0])]), 1, 3)), TreeRule::Labels);
    // A regressor attribute on a classifier is unknown.
    assert_eq!(
        rule_of(&classifier(with(attrs(), vec![string("aggregate_function", "SUM")]), 1, 3)),
        TreeRule::Attribute
    );
}

#[test]
fn placement_and_input_rules() {
    let reg = || node("TreeEnsembleRegressor", &["x"], &["t"], stump("BRANCH_LEQ", 0.5, 0));
    let x = || value_info("x", DataType::Float, &[1, 1]);
    let y = || vec![value_info("y", DataType::Float, &[1, 1])];
    let bias = f32_tensor("b", &[1], &[1.0]);
    let cases = [
        model_with(vec![reg(), node("Add", &["t", "b"], &["y"], vec![])], vec![bias.clone()], x(), y()),
        model_with(vec![reg(), node("Mul", &["t", "t"], &["y"], vec![])], vec![], x(), y()),
        model_with(vec![reg(), node("Mul", &["t", "x"], &["y"], vec![])], vec![], x(), y()),
        model_with(
            vec![reg(), node("Mul", &["t", "v"], &["y"], vec![])],
            vec![f32_tensor("v", &[2], &[1.0, 2.0])],
            x(),
            y(),
        ),
        model_with(
            vec![
                reg(),
                node(
                    "Cast",
                    &["t"],
                    &["y"],
                    vec![AttributeProto { name: "to".into(), i: 7, r#type: 2, ..Default::default() }],
                ),
            ],
            vec![],
            x(),
            y(),
        ),
        model_with(
            vec![reg(), node("TreeEnsembleRegressor", &["t"], &["y"], stump("BRANCH_LEQ", 0.5, 0))],
            vec![],
            x(),
            y(),
        ),
    ];
    for (i, m) in cases.iter().enumerate() {
        assert_eq!(rule_of(m), TreeRule::Placement, "case {i}");
    }
    // The ensemble reads a constant, or a rank-3 input.
    let constant = model_with(
        vec![
            node("TreeEnsembleRegressor", &["b"], &["y"], stump("BRANCH_LEQ", 0.5, 0)),
            node("Relu", &["x"], &["z"], vec![]),
        ],
        vec![bias],
        x(),
        vec![value_info("y", DataType::Float, &[1, 1]), value_info("z", DataType::Float, &[1, 1])],
    );
    assert_eq!(rule_of(&constant), TreeRule::TreeInput);
    let rank3 = model_with(
        vec![node("TreeEnsembleRegressor", &["x"], &["y"], stump("BRANCH_LEQ", 0.5, 0))],
        vec![],
        value_info("x", DataType::Float, &[1, 1, 1]),
        y(),
    );
    assert_eq!(rule_of(&rank3), TreeRule::TreeInput);
    // An output nothing computes is malformed (tract would index a missing name).
    let dangling = model_with(vec![reg()], vec![], x(), vec![value_info("nowhere", DataType::Float, &[1, 1])]);
    assert!(matches!(Engine::default().load(&dangling), Err(EngineError::Malformed(msg)) if msg.contains("nowhere")));
}

// ------------------------------------------------------------------------------ hostile ensembles

mod hostile {
    use super::*;
    use proptest::prelude::*;

    const MODES: [&str; 8] =
        ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ", "LEAF", "BRANCH"];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Random ids, children, features, modes, thresholds, targets and weights on 6 nodes: loading
        /// refuses with a coded error or accepts, and an accepted model runs (or refuses) on any
        /// input, including NaN and infinities; never a panic or a hang.
        #[test]
        fn random_ensembles_never_panic(
            tree_ids in proptest::collection::vec(0i64..3, 6),
            node_ids in proptest::collection::vec(-1i64..7, 6),
            true_ids in proptest::collection::vec(-1i64..7, 6),
            false_ids in proptest::collection::vec(-1i64..7, 6),
            features in proptest::collection::vec(-1i64..4, 6),
            modes in proptest::collection::vec(0usize..8, 6),
            thresholds in proptest::collection::vec(prop_oneof![Just(f32::NAN), -2.0f32..2.0], 6),
            missing in proptest::collection::vec(0i64..2, 6),
            weight_nodes in proptest::collection::vec((0i64..3, -1i64..7, -1i64..4, -3.0f32..3.0), 0..8),
            transform in 0usize..4,
            classes in 2usize..4,
            x in proptest::collection::vec(prop_oneof![Just(f32::NAN), Just(f32::INFINITY), -2.0f32..2.0], 3),
        ) {
            let labels: Vec<i64> = (0..classes as i64).collect();
            let attrs = vec![
                ints("nodes_treeids", &tree_ids),
                ints("nodes_nodeids", &node_ids),
                ints("nodes_featureids", &features),
                strings("nodes_modes", &modes.iter().map(|m| MODES[*m]).collect::<Vec<_>>()),
                floats("nodes_values", &thresholds),
                ints("nodes_truenodeids", &true_ids),
                ints("nodes_falsenodeids", &false_ids),
                ints("nodes_missing_value_tracks_true", &missing),
                ints("class_treeids", &weight_nodes.iter().map(|w| w.0).collect::<Vec<_>>()),
                ints("class_nodeids", &weight_nodes.iter().map(|w| w.1).collect::<Vec<_>>()),
                ints("class_ids", &weight_nodes.iter().map(|w| w.2).collect::<Vec<_>>()),
                floats("class_weights", &weight_nodes.iter().map(|w| w.3).collect::<Vec<_>>()),
                ints("classlabels_int64s", &labels),
                string("post_transform", ["NONE", "LOGISTIC", "SOFTMAX", "SOFTMAX_ZERO"][transform]),
            ];
            match Engine::default().load(&classifier(attrs, 3, classes as i64)) {
                Err(EngineError::Tree { .. }) => {}
                Err(other) => prop_assert!(false, "not a tree rule: {other}"),
                Ok(m) => {
                    let out = m.run(&Input::F32(x.clone())).unwrap();
                    prop_assert_eq!(out.outputs[1].values.len(), classes);
                    prop_assert_eq!(out, m.run(&Input::F32(x)).unwrap());
                }
            }
        }

        /// Random valid ensembles (1–3 trees of up to 6 branches, random node ids, nodes listed in
        /// random order after each root, random modes, thresholds, missing directions and leaf
        /// weights) against a direct walk over the attribute lists, summed in fixed point.
        #[test]
        fn random_valid_ensembles_match_a_direct_walk(
            seed in any::<u64>(),
            x in proptest::collection::vec(prop_oneof![Just(f32::NAN), Just(-0.0f32), -1.5f32..1.5], 3),
            transform in 0usize..4,
            classes in 2usize..4,
        ) {
            let mut state = seed;
            let mut next = |n: u64| {
                // splitmix64
                state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
                let mut z = state;
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                (z ^ (z >> 31)) % n
            };
            let modes = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"];
            let (mut t_ids, mut n_ids, mut feats, mut ms, mut vals, mut yes, mut no, mut miss) =
                (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
            let (mut w_t, mut w_n, mut w_c, mut w_v) = (vec![], vec![], vec![], vec![]);
            for tree in 0..1 + next(3) as i64 {
                // Shape: children[i] = Some((true, false)) for branches.
                let mut children: Vec<Option<(usize, usize)>> = vec![None];
                for _ in 0..next(7) {
                    let leaves: Vec<usize> = (0..children.len()).filter(|i| children[*i].is_none()).collect();
                    let split = leaves[next(leaves.len() as u64) as usize];
                    children[split] = Some((children.len(), children.len() + 1));
                    children.extend([None, None]);
                }
                let len = children.len();
                // Node ids: a random permutation offset by 10; listing order: root first, rest shuffled.
                let mut ids: Vec<i64> = (0..len as i64).map(|i| 10 + i).collect();
                for i in (1..len).rev() {
                    ids.swap(i, next(i as u64 + 1) as usize);
                }
                let mut order: Vec<usize> = (1..len).collect();
                for i in (1..order.len()).rev() {
                    order.swap(i, next(i as u64 + 1) as usize);
                }
                order.insert(0, 0);
                for &i in &order {
                    t_ids.push(tree);
                    n_ids.push(ids[i]);
                    match children[i] {
                        Some((a, b)) => {
                            feats.push(next(3) as i64);
                            ms.push(modes[next(6) as usize]);
                            vals.push([-1.0f32, -0.5, 0.0, 0.5, 1.0][next(5) as usize]);
                            yes.push(ids[a]);
                            no.push(ids[b]);
                            miss.push(next(2) as i64);
                        }
                        None => {
                            feats.push(0);
                            ms.push("LEAF");
                            vals.push(0.0);
                            yes.push(0);
                            no.push(0);
                            miss.push(0);
                            for _ in 0..next(3) {
                                w_t.push(tree);
                                w_n.push(ids[i]);
                                w_c.push(next(classes as u64) as i64);
                                w_v.push(next(17) as f32 * 0.25 - 2.0);
                            }
                        }
                    }
                }
            }
            let transform = ["NONE", "LOGISTIC", "SOFTMAX", "SOFTMAX_ZERO"][transform];
            let labels: Vec<i64> = (0..classes as i64).map(|c| 100 + c).collect();
            let attrs = vec![
                ints("nodes_treeids", &t_ids),
                ints("nodes_nodeids", &n_ids),
                ints("nodes_featureids", &feats),
                strings("nodes_modes", &ms),
                floats("nodes_values", &vals),
                ints("nodes_truenodeids", &yes),
                ints("nodes_falsenodeids", &no),
                ints("nodes_missing_value_tracks_true", &miss),
                ints("class_treeids", &w_t),
                ints("class_nodeids", &w_n),
                ints("class_ids", &w_c),
                floats("class_weights", &w_v),
                ints("classlabels_int64s", &labels),
                string("post_transform", transform),
            ];
            // The direct walk: from each tree's first listed node, by (tree, node id) lookups.
            let n = t_ids.len();
            let find = |t: i64, id: i64| (0..n).find(|j| t_ids[*j] == t && n_ids[*j] == id).unwrap();
            let mut margins = vec![0i128; classes];
            let mut trees_seen = vec![];
            for i in 0..n {
                if trees_seen.contains(&t_ids[i]) {
                    continue;
                }
                trees_seen.push(t_ids[i]);
                let mut at = i;
                while ms[at] != "LEAF" {
                    let v = x[feats[at] as usize];
                    let th = vals[at];
                    let go = if v.is_nan() {
                        miss[at] == 1
                    } else {
                        match ms[at] {
                            "BRANCH_LEQ" => v <= th,
                            "BRANCH_LT" => v < th,
                            "BRANCH_GTE" => v >= th,
                            "BRANCH_GT" => v > th,
                            "BRANCH_EQ" => v == th,
                            _ => v != th,
                        }
                    };
                    at = find(t_ids[at], if go { yes[at] } else { no[at] });
                }
                for k in 0..w_t.len() {
                    if w_t[k] == t_ids[at] && w_n[k] == n_ids[at] {
                        margins[w_c[k] as usize] += i128::from(from_f32(w_v[k]).unwrap());
                    }
                }
            }
            let margins: Vec<i64> = margins.iter().map(|m| *m as i64).collect();
            let used: std::collections::BTreeSet<i64> = w_c.iter().copied().collect();
            let negative = w_v.iter().any(|w| *w < 0.0);
            use symbiote_engine::tree::math;
            let expected: Result<Vec<i64>, TreeRule> = if classes == 2 && used.len() == 1 {
                let s = margins[0];
                match (used.contains(&0), transform, negative) {
                    (false, _, _) => Err(TreeRule::Binary),
                    (true, "LOGISTIC", _) => Ok(vec![SCALE - math::logistic(s), math::logistic(s)]),
                    (true, "NONE", false) => Ok(vec![SCALE - s, s]),
                    _ => Err(TreeRule::Binary),
                }
            } else {
                Ok(match transform {
                    "NONE" => margins.clone(),
                    "LOGISTIC" => margins.iter().map(|m| math::logistic(*m)).collect(),
                    "SOFTMAX" => math::softmax(&margins),
                    _ => math::softmax_zero(&margins).unwrap(),
                })
            };
            let bytes = classifier(attrs, 3, classes as i64);
            match (Engine::default().load(&bytes), expected) {
                (Ok(m), Ok(scores)) => {
                    let out = m.run(&Input::F32(x.clone())).unwrap();
                    let best = (0..scores.len()).fold(0, |b, i| if scores[i] > scores[b] { i } else { b });
                    prop_assert_eq!(&out.outputs[1].values, &scores);
                    prop_assert_eq!(&out.outputs[0].values, &vec![labels[best]]);
                    // Tree Shapley values explain the margins behind the scores (s and −s for the
                    // one-column binary forms) and sum to their difference exactly.
                    let b = Input::F32(vec![0.25, f32::NAN, -0.75]);
                    for k in 0..scores.len() {
                        let e = explain(&m, &Input::F32(x.clone()), &b, k, Method::Tree, 2).unwrap();
                        let margin = match (classes == 2 && used.len() == 1, k) {
                            (true, 0) => -margins[0],
                            (true, _) => margins[0],
                            _ => margins[k],
                        };
                        prop_assert_eq!(e.value, margin);
                        prop_assert_eq!(e.attributions.iter().sum::<i64>(), e.value - e.base_value);
                    }
                }
                (Err(EngineError::Tree { rule, .. }), Err(want)) => prop_assert_eq!(rule, want),
                (got, want) => prop_assert!(false, "engine {:?}, expected {:?}", got.map(|_| ()), want),
            }
        }
    }
}

// ------------------------------------------------------------------ tree Shapley on random ensembles

mod random_tree_shapley {
    use super::*;
    use proptest::prelude::*;

    /// Random regressor attributes: 1–3 trees of up to 12 branches on `features` features (a
    /// feature may repeat on a path, some go unused), random modes, thresholds, missing directions,
    /// leaf weights that are multiples of 1/4 on random ones of `targets` targets (some leaves
    /// without weight, some with two on one target).
    fn random_regressor(seed: u64, aggregate: &str, features: u64, targets: u64) -> Vec<AttributeProto> {
        let mut state = seed;
        let mut next = |n: u64| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)) % n
        };
        let modes = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"];
        let (mut t_ids, mut n_ids, mut feats, mut ms, mut vals, mut yes, mut no, mut miss) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        let (mut w_t, mut w_n, mut w_id, mut w_v) = (vec![], vec![], vec![], vec![]);
        for tree in 0..1 + next(3) as i64 {
            let mut children: Vec<Option<(usize, usize)>> = vec![None];
            for _ in 0..next(13) {
                // Half the time the newest leaf, so that deep paths (large A and B) are common.
                let leaves: Vec<usize> = (0..children.len()).filter(|i| children[*i].is_none()).collect();
                let split = if next(2) == 0 { children.len() - 1 } else { leaves[next(leaves.len() as u64) as usize] };
                children[split] = Some((children.len(), children.len() + 1));
                children.extend([None, None]);
            }
            for (i, c) in children.iter().enumerate() {
                t_ids.push(tree);
                n_ids.push(i as i64);
                match c {
                    Some((a, b)) => {
                        feats.push(next(features) as i64);
                        ms.push(modes[next(6) as usize]);
                        vals.push([-1.0f32, -0.5, 0.0, 0.5, 1.0][next(5) as usize]);
                        yes.push(*a as i64);
                        no.push(*b as i64);
                        miss.push(next(2) as i64);
                    }
                    None => {
                        feats.push(0);
                        ms.push("LEAF");
                        vals.push(0.0);
                        yes.push(0);
                        no.push(0);
                        miss.push(0);
                        for _ in 0..next(3) {
                            w_t.push(tree);
                            w_n.push(i as i64);
                            w_id.push(next(targets) as i64);
                            w_v.push(next(17) as f32 * 0.25 - 2.0);
                        }
                    }
                }
            }
        }
        vec![
            ints("nodes_treeids", &t_ids),
            ints("nodes_nodeids", &n_ids),
            ints("nodes_featureids", &feats),
            strings("nodes_modes", &ms),
            floats("nodes_values", &vals),
            ints("nodes_truenodeids", &yes),
            ints("nodes_falsenodeids", &no),
            ints("nodes_missing_value_tracks_true", &miss),
            ints("target_treeids", &w_t),
            ints("target_nodeids", &w_n),
            ints("target_ids", &w_id),
            floats("target_weights", &w_v),
            int("n_targets", targets as i64),
            floats("base_values", &vec![0.75; targets as usize]),
            string("aggregate_function", aggregate),
        ]
    }

    /// Complete trees of depth `depth` (1–2 trees, `BRANCH_LEQ 0.5` on random ones of `features`
    /// features, leaf weights multiples of 1/4): with x = 0 and b = 1 on most features, x and b part at
    /// most branches, so leaves are reached with every split of a path's features into A and B.
    fn complete_regressor(seed: u64, depth: u32, features: u64) -> Vec<AttributeProto> {
        let mut state = seed ^ 0x5851_f42d_4c95_7f2d;
        let mut next = |n: u64| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % n
        };
        let branches = (1i64 << depth) - 1;
        let nodes = 2 * branches + 1;
        let (mut t_ids, mut n_ids, mut feats, mut ms, mut vals, mut yes, mut no) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        let (mut w_t, mut w_n, mut w_v) = (vec![], vec![], vec![]);
        for tree in 0..1 + next(2) as i64 {
            for i in 0..nodes {
                t_ids.push(tree);
                n_ids.push(i);
                if i < branches {
                    feats.push(next(features) as i64);
                    ms.push("BRANCH_LEQ");
                    vals.push(0.5f32);
                    yes.push(2 * i + 1);
                    no.push(2 * i + 2);
                } else {
                    feats.push(0);
                    ms.push("LEAF");
                    vals.push(0.0);
                    yes.push(0);
                    no.push(0);
                    w_t.push(tree);
                    w_n.push(i);
                    w_v.push(next(17) as f32 * 0.25 - 2.0);
                }
            }
        }
        vec![
            ints("nodes_treeids", &t_ids),
            ints("nodes_nodeids", &n_ids),
            ints("nodes_featureids", &feats),
            strings("nodes_modes", &ms),
            floats("nodes_values", &vals),
            ints("nodes_truenodeids", &yes),
            ints("nodes_falsenodeids", &no),
            ints("target_treeids", &w_t),
            ints("target_nodeids", &w_n),
            ints("target_ids", &vec![0; w_t.len()]),
            floats("target_weights", &w_v),
            int("n_targets", 1),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Tree Shapley values equal brute force over all 2^M coalitions exactly (as rationals),
        /// for every target of SUM ensembles of 1–6 features; for AVERAGE they are the SUM game's
        /// divided by the number of trees, and the integers still sum exactly to the (rounded)
        /// margin difference, each within 2 units of its exact value.
        #[test]
        fn random_ensembles_equal_brute_force(
            seed in any::<u64>(),
            features in 1usize..=6,
            targets in 1u64..=2,
            x in proptest::collection::vec(prop_oneof![Just(f32::NAN), Just(-0.0f32), -1.5f32..1.5], 6),
            b in proptest::collection::vec(prop_oneof![Just(f32::NAN), Just(0.5f32), -1.5f32..1.5], 6),
        ) {
            let (x, b) = (&x[..features], &b[..features]);
            let f = features as i64;
            let t = targets as i64;
            let sum = Engine::default().load(&regressor(random_regressor(seed, "SUM", features as u64, targets), f, t)).unwrap();
            let avg =
                Engine::default().load(&regressor(random_regressor(seed, "AVERAGE", features as u64, targets), f, t)).unwrap();
            let trees = sum.report.tree_ensembles[0].trees as i128;
            let (xi, bi) = (Input::F32(x.to_vec()), Input::F32(b.to_vec()));
            for k in 0..targets as usize {
                let (brute, factorial) = brute_force(&sum, x, b, k);
                let tree = sum.tree_shapley(&xi, &bi, k).unwrap();
                for (t, bf) in tree.exact.numerators.iter().zip(&brute) {
                    prop_assert_eq!(t * factorial, bf * tree.exact.denominator);
                }
                prop_assert_eq!(
                    tree.exact.numerators.iter().sum::<i128>(),
                    tree.exact.denominator * i128::from(tree.value - tree.base_value)
                );
                let e = explain(&sum, &xi, &bi, k, Method::Tree, 2).unwrap();
                let exact = explain(&sum, &xi, &bi, k, Method::Exact, 64).unwrap();
                prop_assert_eq!(&e.attributions, &exact.attributions);
                prop_assert_eq!((e.value, e.base_value), (exact.value, exact.base_value));

                let tree = avg.tree_shapley(&xi, &bi, k).unwrap();
                for (t, bf) in tree.exact.numerators.iter().zip(&brute) {
                    prop_assert_eq!(t * factorial * trees, bf * tree.exact.denominator);
                }
                let e = explain(&avg, &xi, &bi, k, Method::Tree, 2).unwrap();
                let margins = |i: &Input| avg.run(i).unwrap().outputs[0].values[k];
                prop_assert_eq!((e.value, e.base_value), (margins(&xi), margins(&bi)));
                prop_assert_eq!(e.attributions.iter().sum::<i64>(), e.value - e.base_value);
                for (a, n) in e.attributions.iter().zip(&tree.exact.numerators) {
                    prop_assert!((i128::from(*a) * tree.exact.denominator - n).abs() <= 2 * tree.exact.denominator);
                }
            }
        }

        /// Deep paths: complete trees of depth 1–5 on 1–6 features, x = 0 against b = 1 except on
        /// the features in `same` (equal there, or NaN on both sides); every leaf weight split
        /// (|A|, |B|) up to the depth occurs. Equal to brute force exactly.
        #[test]
        fn complete_trees_equal_brute_force(
            seed in any::<u64>(),
            depth in 1u32..=5,
            features in 1usize..=6,
            same in proptest::collection::vec(0u8..6, 6),
        ) {
            let model = regressor(complete_regressor(seed, depth, features as u64), features as i64, 1);
            let loaded = Engine::default().load(&model).unwrap();
            let pick = |i: usize, v: f32| match same[i] { 0 => 0.0, 1 => f32::NAN, _ => v };
            let x: Vec<f32> = (0..features).map(|i| pick(i, 0.0)).collect();
            let b: Vec<f32> = (0..features).map(|i| pick(i, 1.0)).collect();
            let (brute, factorial) = brute_force(&loaded, &x, &b, 0);
            let (xi, bi) = (Input::F32(x), Input::F32(b));
            let tree = loaded.tree_shapley(&xi, &bi, 0).unwrap();
            for (t, bf) in tree.exact.numerators.iter().zip(&brute) {
                prop_assert_eq!(t * factorial, bf * tree.exact.denominator);
            }
            let e = explain(&loaded, &xi, &bi, 0, Method::Tree, 2).unwrap();
            prop_assert_eq!(e.attributions, explain(&loaded, &xi, &bi, 0, Method::Exact, 64).unwrap().attributions);
        }
    }
}
