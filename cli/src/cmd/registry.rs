//! The model registry from the command line:
//!
//! * `symbiote tx registry upload-model FILE --name N --card card.json` uploads the ONNX bytes in
//!   chunks (one tx each, within the chain's `max_chunk_bytes`), then registers the version;
//!   `tx registry set-alias NAME ALIAS VERSION`, `deprecate NAME VERSION`, `hand-to-community NAME`;
//! * `symbiote query registry model|models|version|resolve|lineage|aliases|params`, and
//!   `query registry download REF --out FILE` (every chunk, checked against the model id).
//!
//! The card file holds everything registration records besides the bytes:
//!
//! ```json
//! { "license": "Apache-2.0", "intended_use": "...", "limitations": "...",
//!   "features": [{"name": "age", "unit": "years", "sensitive": false}, "bmi"],
//!   "class_labels": ["negative", "positive"], "positive_class": 1,
//!   "explanation": {"method": "shapley_sampled", "baseline": ["0", "0"], "sample_budget": 32},
//!   "inference_fee": "1000usym", "parent_version": 0,
//!   "training": [{"dataset_id": 1, "consent_id": 1, "purpose": "HMB"}] }
//! ```

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use cosmos_sdk_proto::Any;
use prost::Message;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use symbiote_core::{Address, Coin};
use symbiote_proto::symbiote::consent::v1 as cpb;
use symbiote_proto::symbiote::registry::v1 as pb;

use super::query::Call;
use super::staking::PageArgs;
use crate::client::Node;

/// A symbiote message as a tx's `Any` (prost-build does not give symbiote's types their names,
/// so the type URL is spelled out; the Cosmos types use `staking::to_any`).
pub fn any<M: Message>(type_url: &str, msg: &M) -> Any {
    Any { type_url: type_url.to_string(), value: msg.encode_to_vec() }
}

#[derive(clap::Subcommand, Debug)]
pub enum RegistryTx {
    /// Upload FILE in chunks and register it as the next version of --name.
    UploadModel {
        file: PathBuf,
        #[arg(long)]
        name: String,
        /// Model card, schemas, explanation, fee and lineage, as JSON: {"license": "Apache-2.0",
        /// "intended_use": "...", "limitations": "...", "features": [{"name": "age", "unit":
        /// "years", "sensitive": false}, "bmi"], "class_labels": ["no", "yes"], "positive_class": 1,
        /// "explanation": {"method": "shapley_sampled", "baseline": ["0", "0"], "sample_budget":
        /// 32}, "inference_fee": "1000usym", "parent_version": 0, "training": [{"dataset_id": 1,
        /// "consent_id": 1, "purpose": "HMB"}]}
        #[arg(long)]
        card: PathBuf,
    },
    /// Point NAME@ALIAS at VERSION (0 removes the alias).
    SetAlias {
        name: String,
        alias: String,
        version: u32,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// No new aliases or inferences for NAME:VERSION (it is never deleted).
    Deprecate {
        name: String,
        version: u32,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Hand NAME to the community: from then on only governance moves its aliases. One way.
    HandToCommunity { name: String },
}

/// The registration message for `bytes` split into `chunk` hashes, from the card file.
fn register_msg(
    owner: Address,
    name: &str,
    bytes: &[u8],
    chunks: Vec<Vec<u8>>,
    card: &Path,
) -> Result<pb::MsgRegisterModel> {
    let raw = std::fs::read(card).with_context(|| format!("reading {}", card.display()))?;
    let c: Value = serde_json::from_slice(&raw).with_context(|| format!("parsing {}", card.display()))?;
    let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
    let features = c["features"]
        .as_array()
        .ok_or_else(|| anyhow!("{}: `features` lists the input features in order", card.display()))?
        .iter()
        .map(|f| match f {
            Value::String(n) => pb::Feature { name: n.clone(), ..Default::default() },
            f => pb::Feature {
                name: f["name"].as_str().unwrap_or_default().into(),
                unit: f["unit"].as_str().unwrap_or_default().into(),
                sensitive: f["sensitive"].as_bool().unwrap_or(false),
            },
        })
        .collect();
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string)).collect())
            .unwrap_or_default()
    };
    let e = &c["explanation"];
    let explanation = pb::ExplanationDefault {
        method: e["method"].as_str().unwrap_or("shapley_sampled").into(),
        baseline: strings(&e["baseline"]),
        sample_budget: e["sample_budget"].as_u64().unwrap_or(32) as u32,
    };
    let inference_fee = match c["inference_fee"].as_str() {
        None | Some("") => None,
        Some(f) => {
            let coin: Coin = f.parse().map_err(|e: symbiote_core::SdkError| anyhow!("inference_fee: {}", e.log))?;
            Some(coin.to_proto())
        }
    };
    let training = c["training"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|t| pb::TrainingData {
                    dataset_id: t["dataset_id"].as_u64().unwrap_or(0),
                    consent_id: t["consent_id"].as_u64().unwrap_or(0),
                    purpose: Some(cpb::Purpose {
                        code: t["purpose"].as_str().unwrap_or_default().into(),
                        ..Default::default()
                    }),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(pb::MsgRegisterModel {
        owner: owner.to_string(),
        name: name.to_string(),
        model_id: Sha256::digest(bytes).to_vec(),
        chunks,
        card: Some(pb::ModelCard {
            license: s("license"),
            intended_use: s("intended_use"),
            limitations: s("limitations"),
        }),
        features,
        output: Some(pb::OutputSchema {
            class_labels: strings(&c["class_labels"]),
            positive_class: c["positive_class"].as_u64().unwrap_or(0) as u32,
        }),
        explanation: Some(explanation),
        inference_fee,
        lineage: Some(pb::Lineage { parent_version: c["parent_version"].as_u64().unwrap_or(0) as u32, training }),
    })
}

/// The txs `cmd` sends, in order (upload-model: one per chunk, then the registration).
pub async fn build_txs(cmd: &RegistryTx, sender: Address, node: &Node) -> Result<Vec<Vec<Any>>> {
    let s = sender.to_string();
    Ok(match cmd {
        RegistryTx::UploadModel { file, name, card } => {
            let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            if bytes.is_empty() {
                bail!("{} is empty", file.display());
            }
            let params: pb::QueryParamsResponse =
                node.query("/symbiote.registry.v1.Query/Params", &pb::QueryParamsRequest {}, 0).await?;
            let limit = params.params.map_or(512 << 10, |p| p.max_chunk_bytes) as usize;
            let mut txs = Vec::new();
            let mut hashes = Vec::new();
            for chunk in bytes.chunks(limit) {
                let sha = Sha256::digest(chunk).to_vec();
                hashes.push(sha.clone());
                let msg = pb::MsgUploadChunk { uploader: s.clone(), sha256: sha, data: chunk.to_vec() };
                txs.push(vec![any("/symbiote.registry.v1.MsgUploadChunk", &msg)]);
            }
            let register = register_msg(sender, name, &bytes, hashes, card)?;
            txs.push(vec![any("/symbiote.registry.v1.MsgRegisterModel", &register)]);
            txs
        }
        RegistryTx::SetAlias { name, alias, version, reason } => vec![vec![any(
            "/symbiote.registry.v1.MsgSetAlias",
            &pb::MsgSetAlias {
                sender: s,
                name: name.clone(),
                alias: alias.clone(),
                version: *version,
                reason: reason.clone(),
            },
        )]],
        RegistryTx::Deprecate { name, version, reason } => vec![vec![any(
            "/symbiote.registry.v1.MsgDeprecateVersion",
            &pb::MsgDeprecateVersion { sender: s, name: name.clone(), version: *version, reason: reason.clone() },
        )]],
        RegistryTx::HandToCommunity { name } => vec![vec![any(
            "/symbiote.registry.v1.MsgHandToCommunity",
            &pb::MsgHandToCommunity { owner: s, name: name.clone() },
        )]],
    })
}

#[derive(clap::Subcommand, Debug)]
pub enum RegistryQuery {
    /// A model: owner, governance, latest version, aliases.
    Model {
        name: String,
    },
    Models {
        #[command(flatten)]
        page: PageArgs,
    },
    /// One version: model id, chunks, engine report, card, schemas, explanation, fee, lineage.
    Version {
        name: String,
        version: u32,
    },
    /// The version `name@alias`, `name:3` or a model id points at now.
    Resolve {
        reference: String,
    },
    /// A version and its ancestors, with their training datasets and consents.
    Lineage {
        name: String,
        version: u32,
    },
    /// The model's aliases and every move of them (height, who, why).
    Aliases {
        name: String,
    },
    Params,
    /// Fetch every chunk of REF, check them against the model id, write the ONNX bytes to --out.
    Download {
        reference: String,
        #[arg(long)]
        out: PathBuf,
    },
}

const P: &str = "symbiote.registry.v1";

pub fn request(q: &RegistryQuery) -> Result<Call> {
    Ok(match q {
        RegistryQuery::Model { name } => {
            (P, "Model", pb::QueryModelRequest { name: name.clone() }.encode_to_vec(), "QueryModelResponse")
        }
        RegistryQuery::Models { page } => {
            (P, "Models", pb::QueryModelsRequest { pagination: page.request()? }.encode_to_vec(), "QueryModelsResponse")
        }
        RegistryQuery::Version { name, version } => (
            P,
            "Version",
            pb::QueryVersionRequest { name: name.clone(), version: *version }.encode_to_vec(),
            "QueryVersionResponse",
        ),
        RegistryQuery::Resolve { reference } => (
            P,
            "Resolve",
            pb::QueryResolveRequest { reference: reference.clone() }.encode_to_vec(),
            "QueryResolveResponse",
        ),
        RegistryQuery::Lineage { name, version } => (
            P,
            "Lineage",
            pb::QueryLineageRequest { name: name.clone(), version: *version }.encode_to_vec(),
            "QueryLineageResponse",
        ),
        RegistryQuery::Aliases { name } => {
            (P, "Aliases", pb::QueryAliasesRequest { name: name.clone() }.encode_to_vec(), "QueryAliasesResponse")
        }
        RegistryQuery::Params => (P, "Params", pb::QueryParamsRequest {}.encode_to_vec(), "QueryParamsResponse"),
        RegistryQuery::Download { .. } => bail!("download is not a single query"),
    })
}

/// `query registry download`: every chunk at one height, each checked against its hash and the
/// whole against the model id.
pub async fn download(node: &Node, reference: &str, out: &Path, height: u64) -> Result<(Value, String)> {
    let (bytes, model_id, count) = model_bytes(node, reference, height).await?;
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    let v = json!({ "model_id": hex::encode(&model_id), "size_bytes": bytes.len(), "chunks": count, "file": out.display().to_string() });
    let text = format!(
        "{} bytes in {count} chunks, model id {} verified, written to {}",
        bytes.len(),
        hex::encode(&model_id),
        out.display()
    );
    Ok((v, text))
}

/// A registered model's bytes, chunk by chunk, each checked against its hash and the whole
/// against the model id; with the id and the chunk count.
pub async fn model_bytes(node: &Node, reference: &str, height: u64) -> Result<(Vec<u8>, Vec<u8>, u32)> {
    let mut bytes = Vec::new();
    let mut index = 0u32;
    let (model_id, count) = loop {
        let req = pb::QueryModelBytesRequest { reference: reference.to_string(), index };
        let r: pb::QueryModelBytesResponse = node.query("/symbiote.registry.v1.Query/ModelBytes", &req, height).await?;
        if Sha256::digest(&r.data).as_slice() != r.sha256.as_slice() {
            bail!("chunk {index} does not match its hash");
        }
        bytes.extend(r.data);
        index += 1;
        if index >= r.chunk_count {
            break (r.model_id, r.chunk_count);
        }
    };
    if Sha256::digest(&bytes).as_slice() != model_id.as_slice() {
        bail!("the downloaded bytes do not hash to the model id {}", hex::encode(&model_id));
    }
    Ok((bytes, model_id, count))
}
