//! The chain's inference module from the command line: `symbiote tx inference infer MODEL --input
//! JSON [--explain METHOD] [--max-fee COIN]` (a registered model run in a block, its trace stored)
//! and `symbiote query inference trace ID|params`.

use anyhow::{anyhow, Result};
use cosmos_sdk_proto::Any;
use prost::Message;
use serde_json::Value;
use symbiote_core::{Address, Coin};
use symbiote_proto::symbiote::inference::v1 as pb;

use super::query::Call;

#[derive(clap::Subcommand, Debug)]
pub enum InferenceTx {
    /// Run MODEL (name@alias, name:version or a model id) on --input in a block.
    Infer {
        model: String,
        /// Features in the model's input order, as a JSON array: '[6.3, 2.8, 5.1, 1.5]'.
        #[arg(long)]
        input: String,
        /// shapley_exact, shapley_sampled, occlusion or shapley_tree (default: the model's).
        #[arg(long, default_value = "")]
        explain: String,
        #[arg(long, default_value_t = 0)]
        permutations: u32,
        /// The most the inference fee may be (the model's fee is charged).
        #[arg(long, default_value = "0usym")]
        max_fee: String,
    },
}

pub fn build_msgs(cmd: &InferenceTx, sender: Address) -> Result<Vec<Any>> {
    let InferenceTx::Infer { model, input, explain, permutations, max_fee } = cmd;
    let values: Vec<Value> = serde_json::from_str(input).map_err(|e| anyhow!("--input is not a JSON array: {e}"))?;
    let features = values
        .iter()
        .map(|v| match v {
            Value::Number(n) => Ok(n.to_string()),
            Value::String(s) => Ok(s.clone()),
            v => Err(anyhow!("feature {v} is not a number")),
        })
        .collect::<Result<Vec<_>>>()?;
    let max_fee: Coin = max_fee.parse().map_err(|e: symbiote_core::SdkError| anyhow!("--max-fee: {}", e.log))?;
    let msg = pb::MsgInfer {
        requester: sender.to_string(),
        model: model.clone(),
        features,
        explain: explain.clone(),
        permutations: *permutations,
        max_fee: Some(max_fee.to_proto()),
    };
    Ok(vec![super::registry::any("/symbiote.inference.v1.MsgInfer", &msg)])
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
    Params,
}

pub fn request(q: &InferenceQuery) -> Result<Call> {
    const P: &str = "symbiote.inference.v1";
    Ok(match q {
        InferenceQuery::Trace { id } => {
            (P, "Trace", pb::QueryTraceRequest { id: id.clone() }.encode_to_vec(), "QueryTraceResponse")
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
        InferenceQuery::Params => (P, "Params", pb::QueryParamsRequest {}.encode_to_vec(), "QueryParamsResponse"),
    })
}
