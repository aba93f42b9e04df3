//! A model's input from a request: a public feature vector, or the fields of disclosed records
//! matched to the model's feature schema by name. Either way the values are parsed as the model
//! takes them (f32: finite decimals; integer models: integers), so every validator feeds the
//! engine the same bit patterns.

use std::collections::BTreeMap;

use symbiote_consent::{Permit, UseRequest};
use symbiote_core::{SdkError, SdkResult};
use symbiote_engine::Input;
use symbiote_proto::symbiote::registry::v1 as registry_pb;

use crate::errors;

/// Features as given (decimal or integer strings, in input order), parsed for the model.
pub fn parse_features(features: &[String], input_type: &str, count: usize) -> SdkResult<Input> {
    if features.len() != count {
        return Err(errors::invalid_input(format!("the model takes {count} features, got {}", features.len())));
    }
    if input_type == "f32" {
        let values = features
            .iter()
            .enumerate()
            .map(|(i, v)| match v.trim().parse::<f32>() {
                Ok(x) if x.is_finite() => Ok(x),
                _ => Err(errors::invalid_input(format!("feature {i} is {v:?}, not a finite number"))),
            })
            .collect::<SdkResult<_>>()?;
        Ok(Input::F32(values))
    } else {
        let values = features
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.trim()
                    .parse::<i64>()
                    .map_err(|_| errors::invalid_input(format!("feature {i} is {v:?}, not an integer")))
            })
            .collect::<SdkResult<_>>()?;
        Ok(Input::Int(values))
    }
}

/// The version's explanation baseline, or zeros.
pub(crate) fn baseline(version: &registry_pb::ModelVersion, input_type: &str, count: usize) -> SdkResult<Input> {
    let given = version.explanation.as_ref().map(|e| e.baseline.clone()).unwrap_or_default();
    if given.is_empty() {
        return Ok(if input_type == "f32" { Input::F32(vec![0.0; count]) } else { Input::Int(vec![0; count]) });
    }
    // Checked at registration; a failure here is corruption.
    parse_features(&given, input_type, count).map_err(|_| SdkError::internal("a registered baseline does not parse"))
}

/// A disclosed value as a feature: numbers as written, booleans as 1 or 0; text is refused.
fn as_feature(field: &str, kind: &str, value: &str) -> SdkResult<String> {
    match kind {
        "int" | "decimal" => Ok(value.to_string()),
        "bool" => match value.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok("1".into()),
            "false" | "0" => Ok("0".into()),
            _ => Err(errors::invalid_input(format!("field {field:?} is {value:?}, not a boolean"))),
        },
        _ => Err(errors::invalid_input(format!(
            "field {field:?} is of type {kind}; a model takes numbers (int, decimal or bool fields)"
        ))),
    }
}

/// The feature vector the disclosures give, in the order of the model's `schema`: each feature
/// disclosed exactly once across the records, by name. `uses` are the records' use requests with
/// the consent ledger's permits (whose checks also confined each disclosure to the fields the
/// model needs).
pub(crate) fn features_from_records(
    schema: &[registry_pb::Feature],
    uses: &[(UseRequest, Permit)],
) -> SdkResult<Vec<String>> {
    let mut disclosed: BTreeMap<&str, String> = BTreeMap::new();
    for (request, permit) in uses {
        for f in request.disclosure.iter().flat_map(|d| &d.fields) {
            let kind = permit
                .dataset
                .schema
                .iter()
                .find(|s| s.name == f.name)
                .map(|s| s.r#type.as_str())
                .ok_or_else(|| SdkError::internal("a verified disclosure names a field outside its schema"))?;
            let value = as_feature(&f.name, kind, &f.value)?;
            if disclosed.insert(f.name.as_str(), value).is_some() {
                return Err(errors::invalid_input(format!("feature {:?} is disclosed by two records", f.name)));
            }
        }
    }
    schema
        .iter()
        .map(|feature| {
            disclosed.remove(feature.name.as_str()).ok_or_else(|| {
                errors::invalid_input(format!("the model needs feature {:?}; no record discloses it", feature.name))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disclosed_values_become_numbers_or_are_refused() {
        assert_eq!(as_feature("a", "decimal", "7.9").unwrap(), "7.9");
        assert_eq!(as_feature("a", "bool", "TRUE").unwrap(), "1");
        assert_eq!(as_feature("a", "bool", "0").unwrap(), "0");
        assert_eq!(as_feature("a", "bool", "maybe").unwrap_err().code, 4);
        assert_eq!(as_feature("a", "category", "F").unwrap_err().code, 4);
        assert_eq!(as_feature("a", "string", "E11").unwrap_err().code, 4);
    }

    #[test]
    fn public_features_are_finite_and_as_many_as_the_model_takes() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(parse_features(&s(&["1", "2.5"]), "f32", 2).unwrap(), Input::F32(vec![1.0, 2.5]));
        for bad in [s(&["1"]), s(&["1", "NaN"]), s(&["1", "inf"]), s(&["1", "x"])] {
            assert_eq!(parse_features(&bad, "f32", 2).unwrap_err().code, 4, "{bad:?}");
        }
        assert_eq!(parse_features(&s(&["3", "-4"]), "i64", 2).unwrap(), Input::Int(vec![3, -4]));
        assert_eq!(parse_features(&s(&["3", "1.5"]), "i64", 2).unwrap_err().code, 4);
    }
}
