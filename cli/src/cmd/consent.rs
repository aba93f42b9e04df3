//! The consent ledger from the command line:
//!
//! * `symbiote tx consent register-dataset --commitment FILE.secrets.json` (the root, record count
//!   and schema from `data commit`; the secret never leaves the file), `grant DATASET ...terms`,
//!   `amend CONSENT ...terms`, `withdraw CONSENT`, `revoke CONSENT`, `record-use CONSENT ...purpose
//!   [--disclosure FILE]`;
//! * `symbiote query consent dataset|datasets|consent|consents|receipt|receipts|params`, and
//!   `query consent check CONSENT --requester ADDR ...purpose`: would this use be permitted now, and
//!   if not, the rule that refuses it.
//!
//! Terms: `--uses inference,training --permission HMB [--disease MONDO:…] --modifier NCU --modifier
//! GS=NL [--grantee ADDR] [--models a,b] [--fields f,g] [--expires RFC3339] [--max-uses N]`.
//! Purposes: `--purpose DS --disease MONDO:… [--commercial] [--for-profit] [--attest IRB] ...`; DUO
//! terms by short name or ID (`DUO:0000006`).

use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};
use cosmos_sdk_proto::Any;
use prost::Message;
use sha2::{Digest, Sha256};
use symbiote_core::Address;
use symbiote_proto::symbiote::consent::v1 as pb;

use super::data::{read_disclosure, Secrets};
use super::query::Call;
use super::registry::any;
use super::staking::PageArgs;

fn address(text: &str) -> Result<Address> {
    text.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))
}

#[derive(clap::Args, Debug, Clone)]
pub struct TermsArgs {
    /// Who may use the data (default: anyone).
    #[arg(long)]
    pub grantee: Option<String>,
    #[arg(long, value_delimiter = ',', required = true)]
    pub uses: Vec<String>,
    /// DUO data use permission: NRES, GRU, HMB, DS (with --disease) or POA.
    #[arg(long)]
    pub permission: String,
    #[arg(long, default_value = "")]
    pub disease: String,
    /// DUO modifier, CODE or CODE=VALUE (GS=NL, PS=project, IS=institution, MOR=2027-01-01T00:00:00Z).
    #[arg(long = "modifier")]
    pub modifiers: Vec<String>,
    #[arg(long, value_delimiter = ',')]
    pub models: Vec<String>,
    #[arg(long, value_delimiter = ',')]
    pub fields: Vec<String>,
    /// RFC 3339 time after which no use is permitted.
    #[arg(long)]
    pub expires: Option<String>,
    #[arg(long, default_value_t = 0)]
    pub max_uses: u64,
}

impl TermsArgs {
    fn to_proto(&self) -> Result<pb::Terms> {
        let expires_at = match &self.expires {
            None => None,
            Some(t) => {
                Some(tendermint::Time::parse_from_rfc3339(t).map_err(|e| anyhow!("--expires {t:?}: {e}"))?.into())
            }
        };
        Ok(pb::Terms {
            grantee: self.grantee.as_deref().map(address).transpose()?.map(|a| a.to_string()).unwrap_or_default(),
            uses: self.uses.clone(),
            permission: self.permission.clone(),
            disease: self.disease.clone(),
            modifiers: self
                .modifiers
                .iter()
                .map(|m| {
                    let (code, value) = m.split_once('=').unwrap_or((m, ""));
                    pb::Modifier { code: code.into(), value: value.into() }
                })
                .collect(),
            allowed_models: self.models.clone(),
            fields: self.fields.clone(),
            expires_at,
            max_uses: self.max_uses,
        })
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct PurposeArgs {
    /// The DUO purpose: GRU, HMB, DS (with --disease), POA or CC.
    #[arg(long)]
    pub purpose: Option<String>,
    #[arg(long)]
    pub disease: Option<String>,
    #[arg(long)]
    pub commercial: bool,
    #[arg(long)]
    pub for_profit: bool,
    #[arg(long)]
    pub methods_research: bool,
    #[arg(long)]
    pub genetic_study: bool,
    /// Obligations the requester attests to: IRB, PUB, COL, RTN, MOR.
    #[arg(long = "attest")]
    pub attestations: Vec<String>,
    #[arg(long)]
    pub location: Option<String>,
    #[arg(long)]
    pub project: Option<String>,
    #[arg(long)]
    pub institution: Option<String>,
}

impl PurposeArgs {
    /// The declared purpose, if `--purpose` was given.
    pub fn to_proto(&self) -> Option<pb::Purpose> {
        Some(pb::Purpose {
            code: self.purpose.clone()?,
            disease: self.disease.clone().unwrap_or_default(),
            commercial: self.commercial,
            for_profit: self.for_profit,
            methods_research: self.methods_research,
            genetic_study: self.genetic_study,
            attestations: self.attestations.clone(),
            location: self.location.clone().unwrap_or_default(),
            project: self.project.clone().unwrap_or_default(),
            institution: self.institution.clone().unwrap_or_default(),
        })
    }

    /// The declared purpose, which this command requires.
    fn required(&self) -> Result<pb::Purpose> {
        self.to_proto().ok_or_else(|| anyhow!("--purpose is required: GRU, HMB, DS (with --disease), POA or CC"))
    }
}

#[derive(clap::Subcommand, Debug)]
pub enum ConsentTx {
    /// Register a dataset from the secrets file `symbiote data commit` wrote.
    RegisterDataset {
        #[arg(long)]
        commitment: PathBuf,
        #[arg(long, default_value = "")]
        name: String,
        /// A controller (e.g. the hospital) that may revoke consents.
        #[arg(long)]
        controller: Option<String>,
        /// The data policy document; its SHA-256 is recorded.
        #[arg(long)]
        policy: Option<PathBuf>,
        /// A public, labelled dataset for fairness audits.
        #[arg(long)]
        audit: bool,
    },
    /// Grant a consent on DATASET.
    Grant {
        dataset: u64,
        #[command(flatten)]
        terms: TermsArgs,
    },
    /// Supersede CONSENT's terms with a new version.
    Amend {
        consent: u64,
        #[command(flatten)]
        terms: TermsArgs,
    },
    /// Withdraw CONSENT (the data owner): later uses are refused, earlier receipts stay.
    Withdraw {
        consent: u64,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Revoke CONSENT (the dataset's controller, or governance).
    Revoke {
        consent: u64,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Record a use of data under CONSENT (with the disclosed fields, if any), with a receipt.
    RecordUse {
        consent: u64,
        #[arg(long = "use")]
        use_: String,
        #[command(flatten)]
        purpose: PurposeArgs,
        #[arg(long, default_value = "")]
        model: String,
        /// A disclosure file from `symbiote data disclose`.
        #[arg(long)]
        disclosure: Option<PathBuf>,
    },
}

pub fn build_msgs(cmd: &ConsentTx, sender: Address) -> Result<Vec<Any>> {
    let s = sender.to_string();
    Ok(vec![match cmd {
        ConsentTx::RegisterDataset { commitment, name, controller, policy, audit } => {
            let secrets = Secrets::read(commitment)?;
            let policy_hash = match policy {
                Some(p) => {
                    Sha256::digest(std::fs::read(p).with_context(|| format!("reading {}", p.display()))?).to_vec()
                }
                None => vec![],
            };
            let msg = pb::MsgRegisterDataset {
                owner: s,
                controller: controller.as_deref().map(address).transpose()?.map(|a| a.to_string()).unwrap_or_default(),
                name: name.clone(),
                merkle_root: secrets.root()?,
                record_count: secrets.record_count,
                schema: secrets.schema(),
                policy_hash,
                audit: *audit,
            };
            any("/symbiote.consent.v1.MsgRegisterDataset", &msg)
        }
        ConsentTx::Grant { dataset, terms } => any(
            "/symbiote.consent.v1.MsgGrantConsent",
            &pb::MsgGrantConsent { granter: s, dataset_id: *dataset, terms: Some(terms.to_proto()?) },
        ),
        ConsentTx::Amend { consent, terms } => any(
            "/symbiote.consent.v1.MsgAmendConsent",
            &pb::MsgAmendConsent { granter: s, consent_id: *consent, terms: Some(terms.to_proto()?) },
        ),
        ConsentTx::Withdraw { consent, reason } => any(
            "/symbiote.consent.v1.MsgWithdrawConsent",
            &pb::MsgWithdrawConsent { owner: s, consent_id: *consent, reason: reason.clone() },
        ),
        ConsentTx::Revoke { consent, reason } => any(
            "/symbiote.consent.v1.MsgRevokeConsent",
            &pb::MsgRevokeConsent { authority: s, consent_id: *consent, reason: reason.clone() },
        ),
        ConsentTx::RecordUse { consent, use_, purpose, model, disclosure } => any(
            "/symbiote.consent.v1.MsgRecordUse",
            &pb::MsgRecordUse {
                requester: s,
                consent_id: *consent,
                r#use: use_.clone(),
                purpose: Some(purpose.required()?),
                model: model.clone(),
                disclosure: disclosure.as_deref().map(read_disclosure).transpose()?,
            },
        ),
    }])
}

#[derive(clap::Subcommand, Debug)]
pub enum ConsentQuery {
    Dataset {
        id: u64,
    },
    /// Every dataset, or --owner's.
    Datasets {
        #[arg(long, default_value = "")]
        owner: String,
        #[command(flatten)]
        page: PageArgs,
    },
    /// A consent, with its superseded versions.
    Consent {
        id: u64,
    },
    /// The consents on DATASET.
    Consents {
        dataset: u64,
        #[command(flatten)]
        page: PageArgs,
    },
    Receipt {
        id: u64,
    },
    /// Receipts: every use of --owner's data, or under --consent, or by --requester.
    Receipts {
        #[arg(long, default_value = "")]
        owner: String,
        #[arg(long, default_value_t = 0)]
        consent: u64,
        #[arg(long, default_value = "")]
        requester: String,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Would --requester's use under CONSENT be permitted now? If not, which rule refuses it.
    Check {
        consent: u64,
        #[arg(long)]
        requester: String,
        #[arg(long = "use")]
        use_: String,
        #[command(flatten)]
        purpose: PurposeArgs,
        #[arg(long, default_value = "")]
        model: String,
        #[arg(long)]
        disclosure: Option<PathBuf>,
    },
    Params,
}

const P: &str = "symbiote.consent.v1";

pub fn request(q: &ConsentQuery) -> Result<Call> {
    Ok(match q {
        ConsentQuery::Dataset { id } => {
            (P, "Dataset", pb::QueryDatasetRequest { dataset_id: *id }.encode_to_vec(), "QueryDatasetResponse")
        }
        ConsentQuery::Datasets { owner, page } => (
            P,
            "Datasets",
            pb::QueryDatasetsRequest { owner: owner.clone(), pagination: page.request()? }.encode_to_vec(),
            "QueryDatasetsResponse",
        ),
        ConsentQuery::Consent { id } => {
            (P, "Consent", pb::QueryConsentRequest { consent_id: *id }.encode_to_vec(), "QueryConsentResponse")
        }
        ConsentQuery::Consents { dataset, page } => (
            P,
            "Consents",
            pb::QueryConsentsRequest { dataset_id: *dataset, pagination: page.request()? }.encode_to_vec(),
            "QueryConsentsResponse",
        ),
        ConsentQuery::Receipt { id } => {
            (P, "Receipt", pb::QueryReceiptRequest { receipt_id: *id }.encode_to_vec(), "QueryReceiptResponse")
        }
        ConsentQuery::Receipts { owner, consent, requester, page } => (
            P,
            "Receipts",
            pb::QueryReceiptsRequest {
                owner: owner.clone(),
                consent_id: *consent,
                requester: requester.clone(),
                pagination: page.request()?,
            }
            .encode_to_vec(),
            "QueryReceiptsResponse",
        ),
        ConsentQuery::Check { consent, requester, use_, purpose, model, disclosure } => (
            P,
            "CheckPermission",
            pb::QueryCheckPermissionRequest {
                requester: requester.clone(),
                consent_id: *consent,
                r#use: use_.clone(),
                purpose: Some(purpose.required()?),
                model: model.clone(),
                disclosure: disclosure.as_deref().map(read_disclosure).transpose()?,
            }
            .encode_to_vec(),
            "QueryCheckPermissionResponse",
        ),
        ConsentQuery::Params => (P, "Params", pb::QueryParamsRequest {}.encode_to_vec(), "QueryParamsResponse"),
    })
}
