//! `MsgAddAuditRows`: rows of an audit dataset, each a disclosure of every column of one record,
//! verified against the dataset's commitment by the consent ledger. Stateless (owner address;
//! 1 to 1,000 rows) → stateful (none) → execute (the audit dataset exists, gov 100, and is the
//! signer's, 102; per row: the consent ledger's check of an audit use with the disclosure —
//! consent codes, 16 for a proof that does not verify; exactly the columns, gov 103; a record not
//! added before, 103; stored in column order).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_consent::check_use;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::consent::v1 as consent_pb;
use symbiote_proto::symbiote::gov::v1 as pb;

use super::register_audit_dataset::audit_use;
use crate::state::{self, GovRead};
use crate::{errors, events};

pub const MAX_ROWS_PER_MSG: usize = 1_000;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgAddAuditRows {
    pub owner: Address,
    pub audit_dataset_id: u64,
    pub rows: Vec<consent_pb::Disclosure>,
}

#[async_trait]
impl MsgHandler for MsgAddAuditRows {
    const TYPE_URL: &'static str = "/symbiote.gov.v1.MsgAddAuditRows";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.gov.v1.MsgAddAuditRowsResponse";
    type Proto = pb::MsgAddAuditRows;
    type Response = pb::MsgAddAuditRowsResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { owner: p.owner.parse()?, audit_dataset_id: p.audit_dataset_id, rows: p.rows })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgAddAuditRows {
            owner: self.owner.to_string(),
            audit_dataset_id: self.audit_dataset_id,
            rows: self.rows.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.rows.is_empty() || self.rows.len() > MAX_ROWS_PER_MSG {
            return Err(errors::invalid_audit_row(format!(
                "a message adds 1 to {MAX_ROWS_PER_MSG} rows, not {}",
                self.rows.len()
            )));
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let mut audit = state.existing_audit_dataset(self.audit_dataset_id).await?;
        if audit.owner != self.owner.to_string() {
            return Err(errors::not_audit_owner(format!("audit dataset {} is {}'s", audit.id, audit.owner)));
        }
        let purpose = audit.purpose.clone().unwrap_or_default();
        for disclosure in &self.rows {
            let record = disclosure.record;
            let mut request = audit_use(audit.consent_id, &purpose);
            request.disclosure = Some(disclosure.clone());
            check_use(state, &request, ctx.time).await?;
            if disclosure.fields.len() != audit.columns.len() {
                return Err(errors::invalid_audit_row(format!(
                    "record {record} discloses {} fields; a row discloses exactly the {} columns",
                    disclosure.fields.len(),
                    audit.columns.len()
                )));
            }
            let values = audit
                .columns
                .iter()
                .map(|c| {
                    disclosure.fields.iter().find(|f| &f.name == c).map(|f| f.value.clone()).ok_or_else(|| {
                        errors::invalid_audit_row(format!("record {record} does not disclose column {c:?}"))
                    })
                })
                .collect::<SdkResult<Vec<_>>>()?;
            if state.audit_row(audit.id, record).await?.is_some() {
                return Err(errors::invalid_audit_row(format!(
                    "record {record} is already a row of audit dataset {}",
                    audit.id
                )));
            }
            state::put_audit_row(state, audit.id, &pb::AuditRow { record, values })?;
            audit.rows_added += 1;
        }
        state::put_audit_dataset(state, &audit)?;
        state.record(events::audit_rows(&audit, self.rows.len()));
        Ok(pb::MsgAddAuditRowsResponse { rows_added: audit.rows_added })
    }
}
