//! `MsgRegisterAuditDataset`: a consent-ledger dataset flagged `audit` becomes an audit dataset
//! that bias-correction proposals can name. Stateless (owner address; 2 to 64 unique column
//! names, the label among them; a name within 128 bytes) → stateful (none) → execute (the consent
//! ledger's check for an audit use by the gov account with the declared purpose — consent codes;
//! the signer granted that consent, gov 102; its dataset is an audit dataset whose schema has every
//! column, gov 101; stored with no rows yet).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_consent::{check_use, Use, UseRequest};
use symbiote_core::module_account::authority;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::consent::v1 as consent_pb;
use symbiote_proto::symbiote::gov::v1 as pb;

use crate::state::{self, GovRead};
use crate::{errors, events};

pub const MAX_COLUMNS: usize = 64;
const MAX_NAME: usize = 128;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgRegisterAuditDataset {
    pub owner: Address,
    pub consent_id: u64,
    pub purpose: consent_pb::Purpose,
    pub columns: Vec<String>,
    pub label_column: String,
    pub name: String,
}

/// The consent ledger's check of an audit use by governance (no disclosure: the dataset as a whole).
pub(crate) fn audit_use(consent_id: u64, purpose: &consent_pb::Purpose) -> UseRequest {
    UseRequest {
        requester: authority(),
        consent_id,
        use_: Use::Audit,
        purpose: purpose.clone(),
        model: None,
        disclosure: None,
    }
}

#[async_trait]
impl MsgHandler for MsgRegisterAuditDataset {
    const TYPE_URL: &'static str = "/symbiote.gov.v1.MsgRegisterAuditDataset";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.gov.v1.MsgRegisterAuditDatasetResponse";
    type Proto = pb::MsgRegisterAuditDataset;
    type Response = pb::MsgRegisterAuditDatasetResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            owner: p.owner.parse()?,
            consent_id: p.consent_id,
            purpose: p.purpose.unwrap_or_default(),
            columns: p.columns,
            label_column: p.label_column,
            name: p.name,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgRegisterAuditDataset {
            owner: self.owner.to_string(),
            consent_id: self.consent_id,
            purpose: Some(self.purpose.clone()),
            columns: self.columns.clone(),
            label_column: self.label_column.clone(),
            name: self.name.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.columns.len() < 2 || self.columns.len() > MAX_COLUMNS {
            return Err(errors::invalid_audit_dataset(format!(
                "an audit dataset has 2 to {MAX_COLUMNS} columns (features, a sensitive attribute, the label), not {}",
                self.columns.len()
            )));
        }
        for (i, c) in self.columns.iter().enumerate() {
            if c.is_empty() || self.columns[..i].contains(c) {
                return Err(errors::invalid_audit_dataset(format!("column {i} ({c:?}) is empty or repeated")));
            }
        }
        if !self.columns.contains(&self.label_column) {
            return Err(errors::invalid_audit_dataset(format!(
                "the label column {:?} is not one of the columns",
                self.label_column
            )));
        }
        if self.name.len() > MAX_NAME {
            return Err(errors::invalid_audit_dataset(format!(
                "the name has {} bytes, over {MAX_NAME}",
                self.name.len()
            )));
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let permit = check_use(state, &audit_use(self.consent_id, &self.purpose), ctx.time).await?;
        if permit.consent.granter != self.owner.to_string() {
            return Err(errors::not_audit_owner(format!(
                "consent {} was granted by {}, not {}",
                self.consent_id, permit.consent.granter, self.owner
            )));
        }
        let dataset = &permit.dataset;
        if !dataset.audit {
            return Err(errors::invalid_audit_dataset(format!(
                "dataset {} was not registered as an audit dataset (public, labelled rows)",
                dataset.id
            )));
        }
        if let Some(missing) = self.columns.iter().find(|c| !dataset.schema.iter().any(|f| &f.name == *c)) {
            return Err(errors::invalid_audit_dataset(format!("dataset {} has no field {missing:?}", dataset.id)));
        }
        if dataset.record_count > crate::fairness::MAX_ROWS {
            return Err(errors::invalid_audit_dataset(format!(
                "dataset {} has {} records; an audit takes at most {}",
                dataset.id,
                dataset.record_count,
                crate::fairness::MAX_ROWS
            )));
        }
        let id = state.next_audit_dataset_id().await?;
        let audit = pb::AuditDataset {
            id,
            owner: self.owner.to_string(),
            dataset_id: dataset.id,
            consent_id: self.consent_id,
            purpose: Some(self.purpose.clone()),
            columns: self.columns.clone(),
            label_column: self.label_column.clone(),
            row_count: dataset.record_count,
            rows_added: 0,
            name: self.name.clone(),
            created_height: ctx.height,
        };
        state::set_next_audit_dataset_id(state, id + 1)?;
        state::put_audit_dataset(state, &audit)?;
        state.record(events::audit_dataset(&audit));
        Ok(pb::MsgRegisterAuditDatasetResponse { audit_dataset_id: id })
    }
}
