//! The fairness audit of a bias correction: the target (a community model's alias, its current
//! version and a candidate descended from it), both versions run through the deterministic engine
//! on every row of an audit dataset, the decisions scored by [`crate::fairness`], and the gate
//! the candidate must pass.

use cnidarium::StateRead;
use symbiote_core::{LegacyDec, SdkError, SdkResult};
use symbiote_engine::EngineError;
use symbiote_proto::symbiote::gov::v1 as pb;
use symbiote_proto::symbiote::registry::v1 as registry_pb;
use symbiote_registry::msg::COMMUNITY;
use symbiote_registry::RegistryRead;

use crate::fairness::{self, Decision};
use crate::{errors, AuditParams};

/// What a bias correction moves: `model@alias` from `current` to `candidate`.
pub(crate) struct Target {
    pub current: registry_pb::ModelVersion,
    pub candidate: registry_pb::ModelVersion,
    /// The class counted as the positive outcome (the current version's card).
    pub positive_label: String,
}

fn invalid(detail: impl std::fmt::Display) -> SdkError {
    errors::invalid_bias_correction(detail)
}

/// The target, checked (gov code 105; the registry's codes for what does not exist): a
/// community-governed model (only governance moves its aliases); the alias exists; the candidate
/// is another version, not deprecated, whose lineage names the alias's version as its parent;
/// both are classifiers with the same class labels.
pub(crate) async fn target<S: StateRead + ?Sized>(
    state: &S,
    model: &str,
    alias: &str,
    candidate: u32,
) -> SdkResult<Target> {
    let m = state.existing_model(model).await?;
    if m.governance != COMMUNITY {
        return Err(invalid(format!(
            "model {model:?} is governed by its owner; bias corrections move community models' aliases"
        )));
    }
    let a =
        state.alias(model, alias).await?.ok_or_else(|| invalid(format!("model {model:?} has no alias {alias:?}")))?;
    let current = state.existing_version(model, a.version).await?;
    let candidate = state.existing_version(model, candidate).await?;
    if candidate.version == current.version {
        return Err(invalid(format!("{model}@{alias} already points at version {}", current.version)));
    }
    if candidate.deprecated {
        return Err(invalid(format!("{model}:{} is deprecated", candidate.version)));
    }
    let parent = candidate.lineage.as_ref().map_or(0, |l| l.parent_version);
    if parent != current.version {
        return Err(invalid(format!(
            "{model}:{}'s lineage names version {parent} as its parent, not {model}@{alias} (version {})",
            candidate.version, current.version
        )));
    }
    let labels = |v: &registry_pb::ModelVersion| v.output.as_ref().map(|o| o.class_labels.clone()).unwrap_or_default();
    let current_labels = labels(&current);
    if current_labels.len() < 2 || current_labels != labels(&candidate) {
        return Err(invalid(format!(
            "an audit compares two classifiers with the same class labels: {:?} and {:?}",
            current_labels,
            labels(&candidate)
        )));
    }
    let positive = current.output.as_ref().map_or(0, |o| o.positive_class) as usize;
    let positive_label =
        current_labels.get(positive).cloned().ok_or_else(|| SdkError::internal("positive class out of range"))?;
    Ok(Target { current, candidate, positive_label })
}

/// Engine cost units of running both versions on `rows` rows.
pub(crate) fn cost(target: &Target, rows: u64) -> u64 {
    let per_pass = |v: &registry_pb::ModelVersion| v.report.as_ref().map_or(0, |r| r.cost_per_pass);
    per_pass(&target.current).saturating_add(per_pass(&target.candidate)).saturating_mul(rows)
}

fn engine_error(e: EngineError) -> SdkError {
    match e {
        EngineError::Profile(_) => SdkError::internal(e),
        e => errors::audit_failed(e),
    }
}

/// `version`'s decisions on every row: its features taken from the row's columns by name, the
/// group from the sensitive column, the truth from the label column.
pub(crate) async fn decisions<S: StateRead + ?Sized>(
    state: &S,
    version: &registry_pb::ModelVersion,
    dataset: &pb::AuditDataset,
    rows: &[pb::AuditRow],
    sensitive: usize,
    positive_label: &str,
) -> SdkResult<Vec<Decision>> {
    let column = |name: &str| dataset.columns.iter().position(|c| c == name);
    let label = column(&dataset.label_column).ok_or_else(|| SdkError::internal("label column not in columns"))?;
    let features: Vec<usize> = version
        .features
        .iter()
        .map(|f| {
            column(&f.name).ok_or_else(|| {
                invalid(format!(
                    "{}:{} takes feature {:?}, which audit dataset {} does not have",
                    version.name, version.version, f.name, dataset.id
                ))
            })
        })
        .collect::<SdkResult<_>>()?;
    let report = version.report.clone().ok_or_else(|| SdkError::internal("a version without its report"))?;
    let count = usize::try_from(report.feature_count).map_err(|_| SdkError::internal("feature count"))?;
    let labels = version.output.as_ref().map(|o| o.class_labels.clone()).unwrap_or_default();
    let model = symbiote_inference::prepare::engine().load(&state.model_bytes(version).await?).map_err(engine_error)?;
    rows.iter()
        .map(|row| {
            let value = |i: usize| row.values.get(i).cloned().ok_or_else(|| SdkError::internal("short audit row"));
            let input: Vec<String> = features.iter().map(|&i| value(i)).collect::<SdkResult<_>>()?;
            let input = symbiote_inference::input::parse_features(&input, &report.input_type, count)
                .map_err(|e| errors::audit_failed(format!("row {}: {}", row.record, e.log)))?;
            let forward = model.run(&input).map_err(engine_error)?;
            let predicted = forward
                .label()
                .and_then(|i| labels.get(i))
                .ok_or_else(|| errors::audit_failed(format!("row {}: the model gave no class", row.record)))?;
            Ok(Decision {
                group: value(sensitive)?,
                actual: value(label)? == positive_label,
                predicted: predicted == positive_label,
            })
        })
        .collect()
}

fn dec(s: &str) -> SdkResult<LegacyDec> {
    s.parse().map_err(|_| SdkError::internal(format!("a stored figure {s:?} does not parse")))
}

/// The gate: the candidate's demographic-parity ratio at least `min_parity_ratio`, and its
/// accuracy at most `max_accuracy_loss` below the current version's.
pub fn gate(
    current: &pb::FairnessReport,
    candidate: &pb::FairnessReport,
    params: &AuditParams,
) -> SdkResult<pb::GateResult> {
    let ratio = dec(&candidate.demographic_parity_ratio)?;
    let loss = dec(&current.accuracy)?.checked_sub(dec(&candidate.accuracy)?).map_err(SdkError::internal)?;
    let mut reasons = Vec::new();
    if ratio < params.min_parity_ratio {
        reasons.push(format!("the candidate's demographic-parity ratio {ratio} is below {}", params.min_parity_ratio));
    }
    if loss > params.max_accuracy_loss {
        reasons.push(format!("the candidate loses {loss} accuracy, more than {}", params.max_accuracy_loss));
    }
    Ok(pb::GateResult {
        passes: reasons.is_empty(),
        reason: reasons.join("; "),
        min_parity_ratio: params.min_parity_ratio.to_string(),
        max_accuracy_loss: params.max_accuracy_loss.to_string(),
    })
}

/// Both versions' reports on the dataset.
pub(crate) async fn run<S: StateRead + ?Sized>(
    state: &S,
    target: &Target,
    dataset: &pb::AuditDataset,
    rows: &[pb::AuditRow],
    sensitive: &str,
) -> SdkResult<(pb::FairnessReport, pb::FairnessReport)> {
    let sensitive_index = dataset
        .columns
        .iter()
        .position(|c| c == sensitive)
        .ok_or_else(|| invalid(format!("audit dataset {} has no column {sensitive:?}", dataset.id)))?;
    if dataset.columns[sensitive_index] == dataset.label_column {
        return Err(invalid("the sensitive attribute cannot be the label"));
    }
    let mut reports = Vec::with_capacity(2);
    for v in [&target.current, &target.candidate] {
        let d = decisions(state, v, dataset, rows, sensitive_index, &target.positive_label).await?;
        reports.push(fairness::report(v.version, &hex::encode(&v.model_id), &d)?);
    }
    let candidate = reports.pop().ok_or_else(|| SdkError::internal("two reports"))?;
    let current = reports.pop().ok_or_else(|| SdkError::internal("two reports"))?;
    Ok((current, candidate))
}
