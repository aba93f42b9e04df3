//! The chain's inference module from the command line:
//! - `symbiote tx inference infer MODEL (--input JSON | --disclosure FILE --consent ID ...)
//!   [--purpose HMB ...] [--explain METHOD] [--max-fee COIN]`: a registered model run in a block;
//!   prints the decision with its attribution bars;
//! - `symbiote tx inference withdraw-rewards`: the fee shares accrued to the signer;
//! - `symbiote query inference trace ID | traces --model|--requester | use-log --owner|--consent |
//!   rewards ADDR | params`.

use std::path::PathBuf;

use anyhow::{anyhow, bail, Context, Result};
use cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData;
use cosmos_sdk_proto::Any;
use prost::Message;
use serde_json::Value;
use symbiote_core::{Address, Coin};
use symbiote_engine::fixed::to_decimal;
use symbiote_proto::symbiote::inference::v1 as pb;
use symbiote_proto::symbiote::registry::v1 as registry_pb;

use super::consent::PurposeArgs;
use super::data::read_disclosure;
use super::query::Call;
use crate::client::Node;

#[derive(clap::Subcommand, Debug)]
pub enum InferenceTx {
    /// Run MODEL (name@alias, name:version or a model id) in a block, on public features (--input)
    /// or on records disclosed under consent (--disclosure with --consent, and --purpose).
    Infer {
        model: String,
        /// Public features in the model's input order, as a JSON array: '[6.3, 2.8, 5.1, 1.5]'.
        #[arg(long, conflicts_with = "disclosures")]
        input: Option<String>,
        /// A disclosure file from `symbiote data disclose` (repeat for several records).
        #[arg(long = "disclosure")]
        disclosures: Vec<PathBuf>,
        /// The consent each --disclosure is used under, in the same order.
        #[arg(long = "consent")]
        consents: Vec<u64>,
        #[command(flatten)]
        purpose: Box<PurposeArgs>,
        /// shapley_exact, shapley_sampled, occlusion or shapley_tree (default: the model's).
        #[arg(long, default_value = "")]
        explain: String,
        #[arg(long, default_value_t = 0)]
        permutations: u32,
        /// The most the inference fee may be (the model's fee is charged).
        #[arg(long, default_value = "0usym")]
        max_fee: String,
    },
    /// Withdraw the inference rewards accrued to the signer.
    WithdrawRewards,
}

fn public_features(input: &str) -> Result<Vec<String>> {
    let values: Vec<Value> = serde_json::from_str(input).map_err(|e| anyhow!("--input is not a JSON array: {e}"))?;
    values
        .iter()
        .map(|v| match v {
            Value::Number(n) => Ok(n.to_string()),
            Value::String(s) => Ok(s.clone()),
            v => Err(anyhow!("feature {v} is not a number")),
        })
        .collect()
}

pub fn build_msgs(cmd: &InferenceTx, sender: Address) -> Result<Vec<Any>> {
    let InferenceTx::Infer { model, input, disclosures, consents, purpose, explain, permutations, max_fee } = cmd
    else {
        let msg = pb::MsgWithdrawRewards { owner: sender.to_string() };
        return Ok(vec![super::registry::any("/symbiote.inference.v1.MsgWithdrawRewards", &msg)]);
    };
    if disclosures.len() != consents.len() {
        bail!("give one --consent per --disclosure ({} disclosures, {} consents)", disclosures.len(), consents.len());
    }
    let features = match input {
        Some(input) => public_features(input)?,
        None if disclosures.is_empty() => bail!("give --input, or --disclosure with --consent"),
        None => vec![],
    };
    let records = disclosures
        .iter()
        .zip(consents)
        .map(|(path, consent)| Ok(pb::RecordInput { consent_id: *consent, disclosure: Some(read_disclosure(path)?) }))
        .collect::<Result<Vec<_>>>()?;
    let max_fee: Coin = max_fee.parse().map_err(|e: symbiote_core::SdkError| anyhow!("--max-fee: {}", e.log))?;
    let msg = pb::MsgInfer {
        requester: sender.to_string(),
        model: model.clone(),
        features,
        explain: explain.clone(),
        permutations: *permutations,
        max_fee: Some(max_fee.to_proto()),
        records,
        purpose: purpose.to_proto(),
    };
    Ok(vec![super::registry::any("/symbiote.inference.v1.MsgInfer", &msg)])
}

/// The trace an included `MsgInfer` tx wrote, from its result data.
pub async fn decided(node: &Node, data: &[u8]) -> Result<(pb::Trace, Vec<String>)> {
    let responses = TxMsgData::decode(data).context("decoding the tx's result data")?.msg_responses;
    let response = responses
        .iter()
        .find(|r| r.type_url == "/symbiote.inference.v1.MsgInferResponse")
        .ok_or_else(|| anyhow!("the tx has no inference response"))?;
    let id = pb::MsgInferResponse::decode(response.value.as_slice())?.trace_id;
    let r: pb::QueryTraceResponse = node
        .query("/symbiote.inference.v1.Query/Trace", &pb::QueryTraceRequest { id: hex::encode(id), prove: false }, 0)
        .await?;
    let trace = r.trace.ok_or_else(|| anyhow!("the node returned no trace"))?;
    let labels = class_labels(node, &trace).await.unwrap_or_default();
    Ok((trace, labels))
}

/// The class labels of the trace's model version, from the registry.
async fn class_labels(node: &Node, trace: &pb::Trace) -> Result<Vec<String>> {
    let version: u32 = trace.model_version.parse()?;
    let request = registry_pb::QueryVersionRequest { name: trace.model_name.clone(), version };
    let r: registry_pb::QueryVersionResponse = node.query("/symbiote.registry.v1.Query/Version", &request, 0).await?;
    Ok(r.version.and_then(|v| v.output).map(|o| o.class_labels).unwrap_or_default())
}

/// A decision for people: the label, the model, the data it used, and the attribution bars.
pub fn render(trace: &pb::Trace, labels: &[String]) -> String {
    let id = hex::encode(symbiote_engine::trace::trace_id(trace));
    let label = match trace.label {
        Some(l) => match labels.get(l as usize) {
            Some(name) => format!("{name} (class {l})"),
            None => format!("class {l}"),
        },
        None => trace.outputs.first().and_then(|o| o.values.first()).map(|v| to_decimal(*v)).unwrap_or_default(),
    };
    let alias = if trace.alias.is_empty() { String::new() } else { format!(" via @{}", trace.alias) };
    let mut out = format!(
        "decision: {label}\nmodel: {}:{}{alias}  ({})\ntrace: {id}  (height {})\n",
        trace.model_name,
        trace.model_version,
        hex::encode(&trace.model_sha256),
        trace.height
    );
    if !trace.consent_ids.is_empty() {
        let purpose = trace.purpose.as_ref().map(|p| p.code.as_str()).unwrap_or_default();
        out +=
            &format!("data: consents {:?}, receipts {:?}, purpose {purpose}\n", trace.consent_ids, trace.receipt_ids);
    }
    if let Some(e) = &trace.explanation {
        out += &format!(
            "why ({}, {} passes): value {} from base {}, residual {}\n",
            e.method,
            e.passes,
            to_decimal(e.value),
            to_decimal(e.base_value),
            to_decimal(e.residual)
        );
        let order: Vec<usize> = e.top.iter().map(|&i| i as usize).collect();
        out += &super::model::bars(&e.attributions, &order, &e.feature_names, order.len());
    }
    out.trim_end().to_string()
}

#[derive(clap::Subcommand, Debug)]
pub enum InferenceQuery {
    /// A decision's trace, by id (hex).
    Trace {
        id: String,
    },
    /// Decisions by --model (all versions, or --version N) or by --requester, oldest first.
    Traces {
        #[arg(long, default_value = "")]
        model: String,
        #[arg(long, default_value_t = 0)]
        version: u32,
        #[arg(long, default_value = "")]
        requester: String,
        #[command(flatten)]
        page: super::staking::PageArgs,
    },
    /// A data owner's use log (--owner) or a consent's (--consent): each use's receipt, with its
    /// decision's trace when the use was an inference; oldest first.
    UseLog {
        #[arg(long, default_value = "")]
        owner: String,
        #[arg(long, default_value_t = 0)]
        consent: u64,
        #[command(flatten)]
        page: super::staking::PageArgs,
    },
    /// Inference rewards accrued to ADDRESS and not yet withdrawn.
    Rewards {
        address: String,
    },
    Params,
}

/// `query inference trace ID`: the trace as JSON, and for people the decision with its bars.
pub async fn trace(node: &Node, id: &str, height: u64) -> Result<(Value, String)> {
    let request = pb::QueryTraceRequest { id: id.to_string(), prove: false }.encode_to_vec();
    let bytes = node.query_raw("/symbiote.inference.v1.Query/Trace", request, height).await?;
    let v = symbiote_app::tx::json::message_to_json("symbiote.inference.v1.QueryTraceResponse", &bytes)
        .map_err(|e| anyhow!(e))?;
    let trace =
        pb::QueryTraceResponse::decode(bytes.as_slice())?.trace.ok_or_else(|| anyhow!("the node returned no trace"))?;
    let labels = class_labels(node, &trace).await.unwrap_or_default();
    Ok((v, render(&trace, &labels)))
}

pub fn request(q: &InferenceQuery) -> Result<Call> {
    const P: &str = "symbiote.inference.v1";
    Ok(match q {
        InferenceQuery::Trace { id } => {
            (P, "Trace", pb::QueryTraceRequest { id: id.clone(), prove: false }.encode_to_vec(), "QueryTraceResponse")
        }
        InferenceQuery::Traces { model, version, requester, page } => match (model.is_empty(), requester.is_empty()) {
            (false, true) => (
                P,
                "TracesByModel",
                pb::QueryTracesByModelRequest { name: model.clone(), version: *version, pagination: page.request()? }
                    .encode_to_vec(),
                "QueryTracesResponse",
            ),
            (true, false) => (
                P,
                "TracesByRequester",
                pb::QueryTracesByRequesterRequest { requester: requester.clone(), pagination: page.request()? }
                    .encode_to_vec(),
                "QueryTracesResponse",
            ),
            _ => return Err(anyhow!("give exactly one of --model or --requester")),
        },
        InferenceQuery::UseLog { owner, consent, page } => (
            P,
            "UseLog",
            pb::QueryUseLogRequest { owner: owner.clone(), consent_id: *consent, pagination: page.request()? }
                .encode_to_vec(),
            "QueryUseLogResponse",
        ),
        InferenceQuery::Rewards { address } => {
            (P, "Rewards", pb::QueryRewardsRequest { address: address.clone() }.encode_to_vec(), "QueryRewardsResponse")
        }
        InferenceQuery::Params => (P, "Params", pb::QueryParamsRequest {}.encode_to_vec(), "QueryParamsResponse"),
    })
}
