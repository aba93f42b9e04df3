//! The one permission check every use of consented data goes through — a recorded use
//! (`MsgRecordUse`), a model's training data (the registry), an inference (the inference module),
//! an audit (governance), and the dry-run query — and the receipt every use writes.
//!
//! The check runs against the consent state at this block, in this order, each refusal coded and
//! naming its rule: the consent exists (4) and is neither withdrawn (7) nor revoked (8) nor expired
//! (9) nor out of uses (10); the requester is its grantee (11); it permits the use (12) and the
//! model (13); the DUO terms permit the declared purpose (14, [`crate::duo`]); a disclosure, if
//! any, is of this dataset, reveals only permitted fields (17) — those the consent lists and, for a
//! model, those its schema needs — and verifies against the dataset's commitment (16).
//! Withdrawal and revocation are not retroactive: receipts of earlier uses stay.

use cnidarium::{StateRead, StateWrite};
use symbiote_core::store::WriteExt;
use symbiote_core::{Address, SdkResult};
use symbiote_proto::symbiote::consent::v1 as pb;
use tendermint::Time;

use crate::commitment::{self, Hash};
use crate::state::{self, ConsentRead};
use crate::terms::{purpose_from_proto, stored_terms, Use};
use crate::{errors, events};

/// The model a use involves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelUse {
    /// Its reference as the requester gave it, or its registered name.
    pub name: String,
    /// Its id (hex SHA-256 of the bytes), if known.
    pub model_id: String,
    /// The features its schema needs: a disclosure may reveal only these. `None`: unchecked (a
    /// use recorded without running the model).
    pub features: Option<Vec<String>>,
}

/// One use of consented data, as asked.
#[derive(Clone, Debug, PartialEq)]
pub struct UseRequest {
    pub requester: Address,
    pub consent_id: u64,
    pub use_: Use,
    pub purpose: pb::Purpose,
    pub model: Option<ModelUse>,
    pub disclosure: Option<pb::Disclosure>,
}

/// What a successful check found (the consent and dataset as they are at this block).
#[derive(Clone, Debug, PartialEq)]
pub struct Permit {
    pub consent: pb::Consent,
    pub dataset: pb::Dataset,
    /// Fields disclosed, in the disclosure's order.
    pub fields: Vec<String>,
}

/// Where and why a use happened, for its receipt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UseAt {
    pub height: u64,
    pub time: Option<Time>,
    pub tx_hash: [u8; 32],
    /// The inference trace's id (hex), when the use is an inference.
    pub trace_id: String,
}

/// Whether `request` is permitted at block time `now`; the refusal (coded) if not.
pub async fn check_use<S: StateRead + ?Sized>(state: &S, request: &UseRequest, now: Time) -> SdkResult<Permit> {
    let consent = state.existing_consent(request.consent_id).await?;
    let id = consent.id;
    if let Some(w) = &consent.withdrawn {
        return Err(errors::withdrawn(format!("consent {id} was withdrawn by the data owner at height {}", w.height)));
    }
    if let Some(r) = &consent.revoked {
        return Err(errors::revoked(format!("consent {id} was revoked by {} at height {}", r.by, r.height)));
    }
    let terms = stored_terms(&consent)?;
    if let Some(at) = terms.expires_at {
        if now >= at {
            return Err(errors::expired(format!("consent {id} expired at {at}")));
        }
    }
    if terms.max_uses > 0 && consent.uses >= terms.max_uses {
        return Err(errors::uses_exhausted(format!("consent {id} allowed {} uses, all made", terms.max_uses)));
    }
    if let Some(grantee) = terms.grantee {
        if grantee != request.requester {
            return Err(errors::not_grantee(format!("consent {id} is granted to {grantee}")));
        }
    }
    if !terms.uses.contains(&request.use_) {
        let allowed: Vec<&str> = terms.uses.iter().map(|u| u.as_str()).collect();
        return Err(errors::use_not_permitted(format!(
            "consent {id} permits {} use, not {}",
            allowed.join(", "),
            request.use_
        )));
    }
    if !terms.allowed_models.is_empty() {
        let allowed = request.model.as_ref().is_some_and(|m| {
            terms
                .allowed_models
                .iter()
                .any(|a| *a == m.name || (!m.model_id.is_empty() && a.eq_ignore_ascii_case(&m.model_id)))
        });
        if !allowed {
            let asked = request.model.as_ref().map_or("no model".to_string(), |m| format!("model {:?}", m.name));
            return Err(errors::model_not_permitted(format!(
                "consent {id} permits only the models {:?}; the request names {asked}",
                terms.allowed_models
            )));
        }
    }
    let declared = purpose_from_proto(&request.purpose)?;
    terms.data_use.permits(&declared).map_err(errors::purpose_not_permitted)?;

    let dataset = state
        .dataset(consent.dataset_id)
        .await?
        .ok_or_else(|| state::corrupt(&format!("consent {id} names a missing dataset")))?;
    let fields = match &request.disclosure {
        None => Vec::new(),
        Some(d) => {
            let params = state.consent_params().await?;
            verify_disclosure(d, &dataset, &terms.fields, request.model.as_ref(), params.max_disclosed_fields)?
        }
    };
    Ok(Permit { consent, dataset, fields })
}

/// Checks a disclosure against the dataset's commitment and the fields it may reveal; returns
/// the field names revealed.
pub fn verify_disclosure(
    d: &pb::Disclosure,
    dataset: &pb::Dataset,
    consented_fields: &[String],
    model: Option<&ModelUse>,
    max_fields: u32,
) -> SdkResult<Vec<String>> {
    if d.dataset_id != dataset.id {
        return Err(errors::invalid_disclosure(format!(
            "the disclosure is of dataset {}, the consent of dataset {}",
            d.dataset_id, dataset.id
        )));
    }
    if d.record >= dataset.record_count {
        return Err(errors::invalid_disclosure(format!(
            "record {} is out of range: dataset {} has {} records",
            d.record, dataset.id, dataset.record_count
        )));
    }
    if d.fields.is_empty() || d.fields.len() > max_fields as usize {
        return Err(errors::invalid_disclosure(format!(
            "a disclosure reveals 1 to {max_fields} fields, not {}",
            d.fields.len()
        )));
    }
    let bad_proof =
        |what: &str| errors::invalid_disclosure(format!("record {} of dataset {}: {what}", d.record, dataset.id));
    let mut names = Vec::with_capacity(d.fields.len());
    let mut record_root: Option<Hash> = None;
    for f in &d.fields {
        let index = dataset.schema.iter().position(|s| s.name == f.name).ok_or_else(|| {
            errors::invalid_disclosure(format!("field {:?} is not in dataset {}'s schema", f.name, dataset.id))
        })?;
        if names.contains(&f.name) {
            return Err(errors::invalid_disclosure(format!("field {:?} is disclosed twice", f.name)));
        }
        if !consented_fields.is_empty() && !consented_fields.contains(&f.name) {
            return Err(errors::field_not_permitted(format!(
                "the consent permits disclosing only {consented_fields:?}, not {:?}",
                f.name
            )));
        }
        if let Some(features) = model.and_then(|m| m.features.as_ref()) {
            if !features.contains(&f.name) {
                return Err(errors::field_not_permitted(format!(
                    "model {:?} does not use field {:?}: only the fields its schema needs may be revealed",
                    model.map(|m| m.name.as_str()).unwrap_or_default(),
                    f.name
                )));
            }
        }
        let salt: [u8; commitment::SALT_BYTES] = f
            .salt
            .as_slice()
            .try_into()
            .map_err(|_| bad_proof(&format!("the salt of {:?} is not 32 bytes", f.name)))?;
        let proof = commitment::hashes(&f.proof).ok_or_else(|| bad_proof("a proof hash is not 32 bytes"))?;
        let leaf = commitment::field_leaf(d.record, index as u32, &f.name, &salt, &f.value);
        let root = commitment::root_from_proof(&leaf, index as u64, dataset.schema.len() as u64, &proof)
            .ok_or_else(|| bad_proof(&format!("the proof of field {:?} has the wrong shape", f.name)))?;
        if record_root.is_some_and(|r| r != root) {
            return Err(bad_proof(&format!("field {:?} proves a different record root", f.name)));
        }
        record_root = Some(root);
        names.push(f.name.clone());
    }
    let record_root = record_root.ok_or_else(|| bad_proof("no field"))?;
    let proof = commitment::hashes(&d.record_proof).ok_or_else(|| bad_proof("a record proof hash is not 32 bytes"))?;
    let leaf = commitment::record_leaf(d.record, &record_root);
    let root = commitment::root_from_proof(&leaf, d.record, dataset.record_count, &proof);
    if root.as_ref().map(|r| r.as_slice()) != Some(dataset.merkle_root.as_slice()) {
        return Err(bad_proof("the proof does not lead to the dataset's committed root"));
    }
    Ok(names)
}

/// Records a permitted use: one more use of the consent, a receipt, an event. Returns the
/// receipt's id.
pub async fn record_use<S: StateWrite + ?Sized>(
    state: &mut S,
    request: &UseRequest,
    permit: Permit,
    at: &UseAt,
) -> SdkResult<u64> {
    let Permit { mut consent, dataset, fields } = permit;
    consent.uses = consent.uses.checked_add(1).ok_or_else(|| state::corrupt("use counter"))?;
    state::put_consent(state, &consent)?;
    let id = state::take_id(state, state::RECEIPT).await?;
    let receipt = pb::Receipt {
        id,
        receipt_version: "KI-CR-v1.1.0".into(),
        consent_timestamp: consent.granted_time,
        pii_principal: dataset.owner.clone(),
        controller: if dataset.controller.is_empty() { dataset.owner.clone() } else { dataset.controller.clone() },
        policy_url_hash: hex::encode(&dataset.policy_hash),
        consent_id: consent.id,
        consent_version: consent.version,
        dataset_id: dataset.id,
        record: request.disclosure.as_ref().map(|d| d.record),
        fields,
        r#use: request.use_.as_str().to_string(),
        purpose: Some(request.purpose.clone()),
        requester: request.requester.to_string(),
        model: request
            .model
            .as_ref()
            .map(|m| if m.model_id.is_empty() { m.name.clone() } else { format!("{}@{}", m.name, m.model_id) })
            .unwrap_or_default(),
        trace_id: at.trace_id.clone(),
        height: at.height,
        tx_hash: at.tx_hash.to_vec(),
        time: at.time.map(Into::into),
    };
    state::put_receipt(state, &receipt)?;
    state.record(events::used(&receipt));
    state.check_gas("consent receipt")?;
    Ok(id)
}
