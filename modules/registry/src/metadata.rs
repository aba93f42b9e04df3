//! What a version carries besides its bytes — model card, feature and output schemas, default
//! explanation, inference fee, lineage — checked on its own ([`check_stateless`]) and against the
//! engine's report of the bytes ([`check_against_report`]).

use symbiote_core::coin::{parse_amount, validate_denom};
use symbiote_core::SdkResult;
use symbiote_engine::{Method, ModelReport};
use symbiote_proto::symbiote::registry::v1 as pb;

use crate::errors;
use crate::Params;

/// The explanation methods a default may name.
pub const METHODS: &[&str] = &["shapley_exact", "shapley_sampled", "occlusion", "shapley_tree"];

/// SPDX license expressions: identifiers (`Apache-2.0`, `LicenseRef-x`), `+`, `WITH`, `AND`, `OR`,
/// parentheses. The chain checks the shape, not the SPDX list (which changes).
fn check_license(license: &str) -> SdkResult<()> {
    let ok = !license.trim().is_empty()
        && license.split([' ', '(', ')']).filter(|t| !t.is_empty()).all(|t| {
            matches!(t, "WITH" | "AND" | "OR")
                || t.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'))
        });
    if ok {
        Ok(())
    } else {
        Err(errors::invalid_metadata(format!("license {license:?} is not an SPDX license expression")))
    }
}

fn text(what: &str, s: &str, max: usize) -> SdkResult<()> {
    if s.len() > max {
        return Err(errors::invalid_metadata(format!("{what} is {} bytes, over {max}", s.len())));
    }
    Ok(())
}

/// Everything that needs neither state nor the bytes.
pub fn check_stateless(m: &pb::MsgRegisterModel) -> SdkResult<()> {
    let card = m.card.as_ref().ok_or_else(|| errors::invalid_metadata("a model card is required"))?;
    check_license(&card.license)?;
    if card.intended_use.trim().is_empty() {
        return Err(errors::invalid_metadata("the model card must state the intended use"));
    }
    if m.features.is_empty() {
        return Err(errors::invalid_metadata("the feature schema names every input feature"));
    }
    for (i, f) in m.features.iter().enumerate() {
        if f.name.trim().is_empty() {
            return Err(errors::invalid_metadata(format!("feature {i} has no name")));
        }
        text("a feature name", &f.name, 128)?;
        text("a feature unit", &f.unit, 64)?;
        if m.features[..i].iter().any(|g| g.name == f.name) {
            return Err(errors::invalid_metadata(format!("feature {:?} appears twice", f.name)));
        }
    }
    let output = m.output.clone().unwrap_or_default();
    if !output.class_labels.is_empty() && output.positive_class as usize >= output.class_labels.len() {
        return Err(errors::invalid_metadata(format!(
            "positive_class {} is not one of the {} class labels",
            output.positive_class,
            output.class_labels.len()
        )));
    }
    for l in &output.class_labels {
        text("a class label", l, 128)?;
    }
    let e = m.explanation.as_ref().ok_or_else(|| errors::invalid_metadata("a default explanation is required"))?;
    if !METHODS.contains(&e.method.as_str()) {
        return Err(errors::invalid_metadata(format!(
            "explanation method {:?}; one of {}",
            e.method,
            METHODS.join(", ")
        )));
    }
    if let Some(fee) = &m.inference_fee {
        validate_denom(&fee.denom).map_err(|e| errors::invalid_metadata(format!("inference fee: {}", e.log)))?;
        parse_amount(&fee.amount).map_err(|e| errors::invalid_metadata(format!("inference fee: {}", e.log)))?;
    }
    let lineage = m.lineage.clone().unwrap_or_default();
    for (i, t) in lineage.training.iter().enumerate() {
        if t.dataset_id == 0 || t.consent_id == 0 {
            return Err(errors::invalid_lineage(format!("training entry {i} needs a dataset id and a consent id")));
        }
        if lineage.training[..i].iter().any(|u| u.dataset_id == t.dataset_id) {
            return Err(errors::invalid_lineage(format!("dataset {} is listed twice", t.dataset_id)));
        }
        if t.purpose.is_none() {
            return Err(errors::invalid_lineage(format!("training entry {i} must declare its purpose")));
        }
    }
    Ok(())
}

/// Size limits that are params.
pub fn check_sizes(m: &pb::MsgRegisterModel, params: &Params) -> SdkResult<()> {
    let card = m.card.clone().unwrap_or_default();
    let size = card.license.len() + card.intended_use.len() + card.limitations.len();
    if size as u64 > params.max_card_bytes {
        return Err(errors::invalid_metadata(format!(
            "the model card is {size} bytes, over {}",
            params.max_card_bytes
        )));
    }
    Ok(())
}

fn method(e: &pb::ExplanationDefault) -> Method {
    match e.method.as_str() {
        "shapley_exact" => Method::Exact,
        "occlusion" => Method::Occlusion,
        "shapley_tree" => Method::Tree,
        _ => Method::Sampled { seed: [0; 32], permutations: e.sample_budget },
    }
}

/// The schemas and the default explanation against what the engine found in the bytes.
pub fn check_against_report(m: &pb::MsgRegisterModel, report: &ModelReport, params: &Params) -> SdkResult<()> {
    let n = report.feature_count;
    if m.features.len() != n {
        return Err(errors::invalid_metadata(format!(
            "the feature schema lists {} features, the model takes {n}",
            m.features.len()
        )));
    }
    let output = m.output.clone().unwrap_or_default();
    if !output.class_labels.is_empty() {
        // The scores output, as the engine picks it: the first output with more than one value.
        let scores = report.output_shapes.iter().map(|s| s.iter().product::<usize>()).find(|len| *len > 1);
        if scores != Some(output.class_labels.len()) {
            return Err(errors::invalid_metadata(format!(
                "{} class labels, but the model's scores output has {}",
                output.class_labels.len(),
                scores.map_or("a single value".to_string(), |s| format!("{s} values"))
            )));
        }
    }
    let e = m.explanation.clone().unwrap_or_default();
    if !e.baseline.is_empty() && e.baseline.len() != n {
        return Err(errors::invalid_metadata(format!(
            "the baseline has {} values, the model takes {n}",
            e.baseline.len()
        )));
    }
    let integer_input = report.input_type != "f32";
    for v in &e.baseline {
        let ok = if integer_input { v.parse::<i64>().is_ok() } else { v.parse::<f32>().is_ok_and(f32::is_finite) };
        if !ok {
            return Err(errors::invalid_metadata(format!(
                "baseline value {v:?} is not a {} number",
                report.input_type
            )));
        }
    }
    let method = method(&e);
    if method == Method::Tree && report.tree_ensembles.is_empty() {
        return Err(errors::invalid_metadata("shapley_tree explains tree ensembles only; this model has none"));
    }
    if method == Method::Exact && n > params.max_exact_shapley_features as usize {
        return Err(errors::invalid_metadata(format!(
            "exact Shapley of {n} features is over the limit of {}; use shapley_sampled",
            params.max_exact_shapley_features
        )));
    }
    if method != Method::Tree {
        let passes = method.passes(n).map_err(|e| errors::invalid_metadata(e.to_string()))?;
        if passes > params.max_explanation_passes {
            return Err(errors::invalid_metadata(format!(
                "the default explanation needs {passes} forward passes, over {}",
                params.max_explanation_passes
            )));
        }
    }
    Ok(())
}

/// The engine's report as stored.
pub fn report_proto(r: &ModelReport) -> pb::EngineReport {
    pb::EngineReport {
        ops: r.ops.clone(),
        input_type: r.input_type.clone(),
        input_shape: r.input_shape.iter().map(|d| *d as u64).collect(),
        feature_count: r.feature_count as u64,
        outputs: r.outputs.clone(),
        output_shapes: r
            .output_shapes
            .iter()
            .map(|s| pb::Shape { dims: s.iter().map(|d| *d as u64).collect() })
            .collect(),
        parameter_count: r.parameter_count,
        cost_per_pass: r.cost_per_pass,
        executor: r.executor.clone(),
    }
}
