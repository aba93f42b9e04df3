//! Governance from the command line, as the Cosmos SDK v0.50 CLI does it:
//!
//! * `symbiote tx gov submit-proposal FILE.json | deposit ID AMOUNT | vote ID OPTION |
//!   weighted-vote ID yes=0.6,no=0.4 | cancel ID` ([`build_msgs`]; `tx.rs` signs and broadcasts);
//! * `symbiote query gov proposal ID | proposals | votes ID | vote ID VOTER | deposits ID |
//!   deposit ID DEPOSITOR | tally ID | params`: `cosmos.gov.v1.Query` through `abci_query`, printed
//!   as the SDK's JSON.
//!
//! The proposal file is the SDK's (`simd tx gov draft-proposal` writes one):
//!
//! ```json
//! {"messages": [{"@type": "/cosmos.mint.v1beta1.MsgUpdateParams", "authority": "sym10d07y…",
//!                "params": {...}}],
//!  "metadata": "ipfs://…", "deposit": "10000000usym", "title": "…", "summary": "…",
//!  "expedited": false}
//! ```

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use prost::Message;
use serde_json::Value;
use symbiote_core::{Address, Any, Coins};

use symbiote_proto::symbiote::gov::v1 as gov_pb;

use super::query::Call;
use super::staking::{to_any, PageArgs};

#[derive(clap::Subcommand, Debug)]
pub enum GovTx {
    /// Submit the proposal in FILE (JSON: messages, metadata, deposit, title, summary, expedited).
    SubmitProposal { file: PathBuf },
    /// Add AMOUNT (e.g. 1000000usym) to proposal ID's deposits.
    Deposit { id: u64, amount: String },
    /// Vote on proposal ID: yes, no, abstain or no_with_veto.
    Vote {
        id: u64,
        option: String,
        #[arg(long, default_value = "")]
        metadata: String,
    },
    /// Split a vote on proposal ID: `yes=0.6,no=0.4` (weights summing to exactly 1).
    WeightedVote {
        id: u64,
        options: String,
        #[arg(long, default_value = "")]
        metadata: String,
    },
    /// Cancel proposal ID (its proposer only; loses the params' cancel ratio of the deposits).
    #[command(alias = "cancel-proposal")]
    Cancel { id: u64 },
    /// Make a consent-ledger audit dataset (registered with --audit) usable by bias-correction
    /// proposals: CONSENT must let the gov account use it for audits, under --purpose.
    RegisterAuditDataset {
        #[arg(long)]
        consent: u64,
        /// The columns every row discloses (default: every field of --csv).
        #[arg(long, value_delimiter = ',')]
        columns: Vec<String>,
        /// The CSV the dataset was committed from (for the default columns).
        #[arg(long)]
        csv: Option<PathBuf>,
        /// The column holding the true label.
        #[arg(long)]
        label: String,
        #[arg(long, default_value = "")]
        name: String,
        #[command(flatten)]
        purpose: super::consent::PurposeArgs,
    },
    /// Add every record of CSV (committed with `symbiote data commit`) as rows of audit dataset
    /// ID, disclosed with their proofs, in txs of --batch rows.
    AddAuditRows {
        id: u64,
        csv: PathBuf,
        /// The consent-ledger dataset's id.
        #[arg(long)]
        dataset_id: u64,
        /// The columns to disclose (the audit dataset's; default: every field).
        #[arg(long, value_delimiter = ',')]
        columns: Vec<String>,
        #[arg(long)]
        secrets: Option<PathBuf>,
        #[arg(long, default_value_t = 100)]
        batch: usize,
    },
    /// Propose moving community model MODEL's alias to a candidate version, with a fairness audit
    /// of both on an audit dataset computed on chain at submission.
    ProposeBiasCorrection {
        model: String,
        #[arg(long)]
        candidate: u32,
        #[arg(long)]
        audit_dataset: u64,
        /// The sensitive attribute's column.
        #[arg(long)]
        sensitive: String,
        #[arg(long, default_value = "production")]
        alias: String,
        #[arg(long, default_value = "")]
        deposit: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        summary: Option<String>,
        #[arg(long, default_value = "")]
        metadata: String,
    },
}

/// `yes` | `no` | `abstain` | `no_with_veto` (or the SDK's `VOTE_OPTION_…` names) → the enum value.
fn option_number(text: &str) -> Result<i32> {
    let name = text.trim().to_ascii_uppercase().replace('-', "_");
    let name = if name.starts_with("VOTE_OPTION_") { name } else { format!("VOTE_OPTION_{name}") };
    match pb::VoteOption::from_str_name(&name) {
        Some(pb::VoteOption::Unspecified) | None => {
            bail!("invalid vote option {text:?}: one of yes, no, abstain, no_with_veto")
        }
        Some(o) => Ok(o as i32),
    }
}

fn coins(text: &str) -> Result<Coins> {
    text.parse().map_err(|e: symbiote_core::SdkError| anyhow!("invalid amount {text:?}: {}", e.log))
}

/// One message of a proposal file: `{"@type": URL, ...fields}` → its `Any`.
fn message_any(json: &Value) -> Result<Any> {
    let mut fields = json.as_object().cloned().ok_or_else(|| anyhow!("each message must be a JSON object"))?;
    let type_url = fields
        .remove("@type")
        .and_then(|t| t.as_str().map(str::to_string))
        .ok_or_else(|| anyhow!("each message needs its \"@type\""))?;
    let name = type_url.strip_prefix('/').ok_or_else(|| anyhow!("type URL {type_url:?} must start with /"))?;
    let value = symbiote_app::tx::json::message_from_json(name, &Value::Object(fields))
        .map_err(|e| anyhow!("message {type_url}: {e}"))?;
    Ok(Any { type_url, value })
}

/// The proposal file → `MsgSubmitProposal` from `proposer`.
pub fn proposal_from_file(path: &Path, proposer: Address) -> Result<pb::MsgSubmitProposal> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let json: Value = serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", path.display()))?;
    let object = json.as_object().ok_or_else(|| anyhow!("{} must hold a JSON object", path.display()))?;
    const KNOWN: [&str; 6] = ["messages", "metadata", "deposit", "title", "summary", "expedited"];
    if let Some(unknown) = object.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        bail!("unknown field {unknown:?} in {} (known: {})", path.display(), KNOWN.join(", "));
    }
    let text = |key: &str| object.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let messages = match object.get("messages") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(list)) => list.iter().map(message_any).collect::<Result<_>>()?,
        Some(_) => bail!("\"messages\" must be a list"),
    };
    let deposit = text("deposit");
    let initial_deposit = if deposit.is_empty() { vec![] } else { coins(&deposit)?.to_proto() };
    Ok(pb::MsgSubmitProposal {
        messages,
        initial_deposit,
        proposer: proposer.to_string(),
        metadata: text("metadata"),
        title: text("title"),
        summary: text("summary"),
        expedited: object.get("expedited").and_then(Value::as_bool).unwrap_or(false),
    })
}

/// `yes=0.6,no=0.4` → weighted options (weights as written; the chain checks they sum to 1).
fn weighted(text: &str) -> Result<Vec<pb::WeightedVoteOption>> {
    text.split(',')
        .map(|part| {
            let (option, weight) =
                part.split_once('=').ok_or_else(|| anyhow!("{part:?}: expected OPTION=WEIGHT, e.g. yes=0.6"))?;
            let weight: symbiote_core::LegacyDec =
                weight.trim().parse().map_err(|_| anyhow!("{part:?}: the weight must be a decimal"))?;
            Ok(pb::WeightedVoteOption { option: option_number(option)?, weight: weight.to_string() })
        })
        .collect()
}

/// The txs `cmd` sends from `sender`, in order (several only for `add-audit-rows`).
pub fn build_txs(cmd: &GovTx, sender: Address) -> Result<Vec<Vec<Any>>> {
    let sender_text = sender.to_string();
    Ok(match cmd {
        GovTx::RegisterAuditDataset { consent, columns, csv, label, name, purpose } => {
            let columns = match (columns.is_empty(), csv) {
                (false, _) => columns.clone(),
                (true, Some(csv)) => super::data::csv_header(csv)?,
                (true, None) => bail!("give --columns or --csv"),
            };
            let purpose =
                purpose.to_proto().ok_or_else(|| anyhow!("--purpose is required (the audits' DUO purpose)"))?;
            vec![vec![super::registry::any(
                "/symbiote.gov.v1.MsgRegisterAuditDataset",
                &gov_pb::MsgRegisterAuditDataset {
                    owner: sender_text,
                    consent_id: *consent,
                    purpose: Some(purpose),
                    columns,
                    label_column: label.clone(),
                    name: name.clone(),
                },
            )]]
        }
        GovTx::AddAuditRows { id, csv, dataset_id, columns, secrets, batch } => {
            let columns = if columns.is_empty() { super::data::csv_header(csv)? } else { columns.clone() };
            let secrets = secrets.clone().unwrap_or_else(|| {
                let mut s = csv.as_os_str().to_owned();
                s.push(".secrets.json");
                PathBuf::from(s)
            });
            let rows = super::data::disclose_all(csv, &secrets, *dataset_id, &columns)?;
            rows.chunks((*batch).max(1))
                .map(|chunk| {
                    vec![super::registry::any(
                        "/symbiote.gov.v1.MsgAddAuditRows",
                        &gov_pb::MsgAddAuditRows {
                            owner: sender_text.clone(),
                            audit_dataset_id: *id,
                            rows: chunk.to_vec(),
                        },
                    )]
                })
                .collect()
        }
        GovTx::ProposeBiasCorrection {
            model,
            candidate,
            audit_dataset,
            sensitive,
            alias,
            deposit,
            title,
            summary,
            metadata,
        } => {
            let title =
                title.clone().unwrap_or_else(|| format!("Bias correction: {model}@{alias} to version {candidate}"));
            let summary = summary.clone().unwrap_or_else(|| {
                format!(
                    "Move {model}@{alias} to version {candidate}, audited on dataset {audit_dataset} by {sensitive}."
                )
            });
            vec![vec![super::registry::any(
                "/symbiote.gov.v1.MsgSubmitBiasCorrection",
                &gov_pb::MsgSubmitBiasCorrection {
                    proposer: sender_text,
                    model: model.clone(),
                    alias: alias.clone(),
                    candidate_version: *candidate,
                    audit_dataset_id: *audit_dataset,
                    sensitive_column: sensitive.clone(),
                    initial_deposit: if deposit.is_empty() { vec![] } else { coins(deposit)?.to_proto() },
                    title,
                    summary,
                    metadata: metadata.clone(),
                },
            )]]
        }
        other => vec![build_msgs(other, sender)?],
    })
}

pub fn build_msgs(cmd: &GovTx, sender: Address) -> Result<Vec<Any>> {
    let sender_text = sender.to_string();
    Ok(vec![match cmd {
        GovTx::SubmitProposal { file } => to_any(&proposal_from_file(file, sender)?),
        GovTx::Deposit { id, amount } => {
            to_any(&pb::MsgDeposit { proposal_id: *id, depositor: sender_text, amount: coins(amount)?.to_proto() })
        }
        GovTx::Vote { id, option, metadata } => to_any(&pb::MsgVote {
            proposal_id: *id,
            voter: sender_text,
            option: option_number(option)?,
            metadata: metadata.clone(),
        }),
        GovTx::WeightedVote { id, options, metadata } => to_any(&pb::MsgVoteWeighted {
            proposal_id: *id,
            voter: sender_text,
            options: weighted(options)?,
            metadata: metadata.clone(),
        }),
        GovTx::Cancel { id } => to_any(&pb::MsgCancelProposal { proposal_id: *id, proposer: sender_text }),
        GovTx::RegisterAuditDataset { .. } | GovTx::AddAuditRows { .. } | GovTx::ProposeBiasCorrection { .. } => {
            return Ok(build_txs(cmd, sender)?.into_iter().flatten().collect())
        }
    }])
}

#[derive(clap::Subcommand, Debug)]
pub enum GovQuery {
    Proposal {
        id: u64,
    },
    /// Every proposal, optionally those in one status or voted / deposited on by an address.
    Proposals {
        /// deposit_period, voting_period, passed, rejected or failed.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        voter: Option<String>,
        #[arg(long)]
        depositor: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    Votes {
        id: u64,
        #[command(flatten)]
        page: PageArgs,
    },
    Vote {
        id: u64,
        voter: String,
    },
    Deposits {
        id: u64,
        #[command(flatten)]
        page: PageArgs,
    },
    Deposit {
        id: u64,
        depositor: String,
    },
    /// The tally: live while voting, final after.
    Tally {
        id: u64,
    },
    Params,
    /// A bias-correction proposal's fairness audit (a table, current vs candidate, in text mode).
    Audit {
        proposal_id: u64,
    },
    AuditDataset {
        id: u64,
    },
    AuditDatasets {
        #[command(flatten)]
        page: PageArgs,
    },
    AuditParams,
}

fn status_number(text: &str) -> Result<i32> {
    let name = text.trim().to_ascii_uppercase().replace('-', "_");
    let name = if name.starts_with("PROPOSAL_STATUS_") { name } else { format!("PROPOSAL_STATUS_{name}") };
    pb::ProposalStatus::from_str_name(&name)
        .map(|s| s as i32)
        .ok_or_else(|| anyhow!("unknown status {text:?}: deposit_period, voting_period, passed, rejected or failed"))
}

fn address(text: &str) -> Result<String> {
    text.parse::<Address>().map(|a| a.to_string()).map_err(|e| anyhow!(e.log))
}

pub fn request(q: &GovQuery) -> Result<Call> {
    const P: &str = "cosmos.gov.v1";
    const S: &str = "symbiote.gov.v1";
    Ok(match q {
        GovQuery::Proposal { id } => {
            (P, "Proposal", pb::QueryProposalRequest { proposal_id: *id }.encode_to_vec(), "QueryProposalResponse")
        }
        GovQuery::Proposals { status, voter, depositor, page } => (
            P,
            "Proposals",
            pb::QueryProposalsRequest {
                proposal_status: status.as_deref().map(status_number).transpose()?.unwrap_or(0),
                voter: voter.as_deref().map(address).transpose()?.unwrap_or_default(),
                depositor: depositor.as_deref().map(address).transpose()?.unwrap_or_default(),
                pagination: page.request()?,
            }
            .encode_to_vec(),
            "QueryProposalsResponse",
        ),
        GovQuery::Votes { id, page } => (
            P,
            "Votes",
            pb::QueryVotesRequest { proposal_id: *id, pagination: page.request()? }.encode_to_vec(),
            "QueryVotesResponse",
        ),
        GovQuery::Vote { id, voter } => (
            P,
            "Vote",
            pb::QueryVoteRequest { proposal_id: *id, voter: address(voter)? }.encode_to_vec(),
            "QueryVoteResponse",
        ),
        GovQuery::Deposits { id, page } => (
            P,
            "Deposits",
            pb::QueryDepositsRequest { proposal_id: *id, pagination: page.request()? }.encode_to_vec(),
            "QueryDepositsResponse",
        ),
        GovQuery::Deposit { id, depositor } => (
            P,
            "Deposit",
            pb::QueryDepositRequest { proposal_id: *id, depositor: address(depositor)? }.encode_to_vec(),
            "QueryDepositResponse",
        ),
        GovQuery::Tally { id } => (
            P,
            "TallyResult",
            pb::QueryTallyResultRequest { proposal_id: *id }.encode_to_vec(),
            "QueryTallyResultResponse",
        ),
        GovQuery::Params => {
            (P, "Params", pb::QueryParamsRequest { params_type: String::new() }.encode_to_vec(), "QueryParamsResponse")
        }
        GovQuery::Audit { proposal_id } => {
            (S, "Audit", gov_pb::QueryAuditRequest { proposal_id: *proposal_id }.encode_to_vec(), "QueryAuditResponse")
        }
        GovQuery::AuditDataset { id } => (
            S,
            "AuditDataset",
            gov_pb::QueryAuditDatasetRequest { id: *id }.encode_to_vec(),
            "QueryAuditDatasetResponse",
        ),
        GovQuery::AuditDatasets { page } => (
            S,
            "AuditDatasets",
            gov_pb::QueryAuditDatasetsRequest { pagination: page.request()? }.encode_to_vec(),
            "QueryAuditDatasetsResponse",
        ),
        GovQuery::AuditParams => {
            (S, "AuditParams", gov_pb::QueryAuditParamsRequest {}.encode_to_vec(), "QueryAuditParamsResponse")
        }
    })
}

/// An audit report as a table: each figure, current version against candidate, then the gate.
pub fn audit_table(report: &Value) -> String {
    let r = report.get("report").unwrap_or(report);
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let short = |v: &Value| {
        let s = text(v);
        match s.parse::<f64>() {
            Ok(x) if s.contains('.') => format!("{x:.4}"),
            _ => s,
        }
    };
    let (cur, cand) = (&r["current"], &r["candidate"]);
    let mut lines = vec![format!(
        "audit of proposal {}: {}@{} version {} -> {} on audit dataset {} ({} rows) by {:?}, positive class {:?}",
        text(&r["proposal_id"]),
        text(&r["model"]),
        text(&r["alias"]),
        text(&r["current_version"]),
        text(&r["candidate_version"]),
        text(&r["audit_dataset_id"]),
        text(&r["rows"]),
        text(&r["sensitive_column"]),
        text(&r["positive_label"]),
    )];
    lines.push(format!("{:<34} {:>12} {:>12}", "", "current", "candidate"));
    for (label, key) in [
        ("accuracy", "accuracy"),
        ("selection rate", "selection_rate"),
        ("demographic parity difference", "demographic_parity_difference"),
        ("demographic parity ratio", "demographic_parity_ratio"),
        ("equalized odds difference", "equalized_odds_difference"),
        ("equal opportunity difference", "equal_opportunity_difference"),
    ] {
        lines.push(format!("{label:<34} {:>12} {:>12}", short(&cur[key]), short(&cand[key])));
    }
    let groups = |f: &Value| f["groups"].as_array().cloned().unwrap_or_default();
    for (g_cur, g_cand) in groups(cur).iter().zip(groups(cand).iter()) {
        let name = text(&g_cur["group"]);
        for (label, key) in [
            ("selection rate", "selection_rate"),
            ("true positive rate", "true_positive_rate"),
            ("false positive rate", "false_positive_rate"),
            ("accuracy", "accuracy"),
        ] {
            lines.push(format!(
                "{:<34} {:>12} {:>12}",
                format!("  {} = {name}: {label}", text(&r["sensitive_column"])),
                short(&g_cur[key]),
                short(&g_cand[key])
            ));
        }
    }
    let gate = &r["gate"];
    let passes = gate["passes"].as_bool().unwrap_or(false);
    lines.push(format!(
        "gate (parity ratio >= {}, accuracy loss <= {}): {}",
        short(&gate["min_parity_ratio"]),
        short(&gate["max_accuracy_loss"]),
        if passes { "passes".to_string() } else { format!("fails: {}", text(&gate["reason"])) }
    ));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_weights_parse_as_the_sdk_cli_names_them() {
        assert_eq!(option_number("yes").unwrap(), 1);
        assert_eq!(option_number("No_With_Veto").unwrap(), 4);
        assert_eq!(option_number("VOTE_OPTION_ABSTAIN").unwrap(), 2);
        assert!(option_number("maybe").is_err() && option_number("unspecified").is_err());
        let w = weighted("yes=0.6,no=0.4").unwrap();
        assert_eq!((w[0].option, w[0].weight.as_str(), w[1].option), (1, "0.600000000000000000", 3));
        assert!(weighted("yes").is_err() && weighted("yes=lots").is_err());
        assert_eq!(status_number("voting_period").unwrap(), 2);
        assert!(status_number("pending").is_err());
    }

    #[test]
    fn a_proposal_file_becomes_the_message_with_its_messages_encoded() {
        let dir = tempfile::tempdir().unwrap();
        let gov = symbiote_core::module_account::authority();
        let file = dir.path().join("p.json");
        let json = serde_json::json!({
            "messages": [{
                "@type": "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend",
                "authority": gov.to_string(),
                "recipient": gov.to_string(),
                "amount": [{"denom": "usym", "amount": "5"}]
            }],
            "deposit": "1000usym", "title": "T", "summary": "S", "expedited": true
        });
        std::fs::write(&file, json.to_string()).unwrap();
        let sender = Address::from_bytes([3; 20]);
        let m = proposal_from_file(&file, sender).unwrap();
        assert_eq!(m.messages[0].type_url, "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend");
        assert_eq!((m.title.as_str(), m.expedited, m.initial_deposit[0].amount.as_str()), ("T", true, "1000"));
        std::fs::write(&file, r#"{"messages": [], "titel": "typo"}"#).unwrap();
        assert!(proposal_from_file(&file, sender).unwrap_err().to_string().contains("titel"));
        std::fs::write(&file, r#"{"messages": [{"authority": "x"}]}"#).unwrap();
        assert!(proposal_from_file(&file, sender).unwrap_err().to_string().contains("@type"));
    }

    #[test]
    fn the_audit_table_sets_current_against_candidate() {
        let figures = |ratio: &str| {
            serde_json::json!({
                "accuracy": "0.766968325791855204", "selection_rate": "0.5",
                "demographic_parity_difference": "0.2", "demographic_parity_ratio": ratio,
                "equalized_odds_difference": "0.3", "equal_opportunity_difference": "0.3",
                "groups": [{"group": "1", "selection_rate": "0.4", "true_positive_rate": "0.6",
                            "false_positive_rate": "0.2", "accuracy": "0.7"}]
            })
        };
        let report = serde_json::json!({"report": {
            "proposal_id": "3", "model": "diabetes", "alias": "production", "current_version": 1,
            "candidate_version": 2, "audit_dataset_id": "1", "rows": "442", "sensitive_column": "sex",
            "positive_label": "high", "current": figures("0.664248343215905127"),
            "candidate": figures("0.897315569695764566"),
            "gate": {"passes": true, "min_parity_ratio": "0.800000000000000000", "max_accuracy_loss": "0.05"}
        }});
        let table = audit_table(&report);
        assert!(table.contains("diabetes@production version 1 -> 2"), "{table}");
        let row = table.lines().find(|l| l.starts_with("demographic parity ratio")).unwrap();
        assert!(row.contains("0.6642") && row.contains("0.8973"), "{row}");
        assert!(table.contains("sex = 1: true positive rate"), "{table}");
        assert!(table.ends_with("passes"), "{table}");
    }
}
