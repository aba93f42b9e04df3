//! `symbiote trace verify --node URL ID`: a decision stored on chain, checked without trusting the
//! node that serves it. The node returns the trace with its ICS23 proof at height h; the proof is
//! checked against the app hash in the header of block h + 1, whose commit must carry signatures
//! of more than 2/3 of the voting power of the validator set the header names (the set's hash is
//! checked against the header); the model's bytes are fetched and checked against the trace's
//! model id; then the inference is re-executed offline under the deterministic profile and every
//! field and node digest compared. The first failing step is named and the exit code is non-zero.
//!
//! What this trusts: the validator set at h + 1 as the node reports it (its hash is the header's).
//! A client that also wants to be sure of that set follows the headers from a trusted one (a light
//! client, as Hermes does); this command checks one block.

use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use prost::Message;
use serde_json::{json, Value};
use symbiote_engine::trace;
use symbiote_proto::symbiote::inference::v1 as pb;
use tendermint::block::Height;
use tendermint::validator;
use tendermint_light_client_verifier::types::UntrustedBlockState;
use tendermint_light_client_verifier::{ProdVerifier, Verdict};
use tendermint_rpc::{Client, Paging};

use crate::client::Node;

/// The step that failed, for the report.
fn failed(step: &str, detail: impl std::fmt::Display) -> (Value, String, bool) {
    (json!({ "ok": false, "failed": step, "detail": detail.to_string() }), format!("FAILED at {step}: {detail}"), false)
}

/// The header of block `height` with its commit and validator set, once the node has it.
async fn signed_block(
    node: &Node,
    height: u64,
) -> Result<(tendermint::block::signed_header::SignedHeader, validator::Set)> {
    let h = Height::try_from(height)?;
    let mut waited = Duration::ZERO;
    let commit = loop {
        match node.rpc().commit(h).await {
            Ok(c) if c.canonical => break c,
            _ if waited < Duration::from_secs(30) => {
                tokio::time::sleep(Duration::from_millis(250)).await;
                waited += Duration::from_millis(250);
            }
            Ok(_) => bail!("block {height} has no canonical commit yet"),
            Err(e) => bail!("fetching the commit of block {height}: {e}"),
        }
    };
    let validators = node.rpc().validators(h, Paging::All).await.context("fetching the validator set")?;
    Ok((commit.signed_header, validator::Set::without_proposer(validators.validators)))
}

/// Checks the commit of `header` against `validators` (hash and more than 2/3 of the power).
fn check_header(header: &tendermint::block::signed_header::SignedHeader, validators: &validator::Set) -> Result<()> {
    let untrusted = UntrustedBlockState { signed_header: header, validators, next_validators: None };
    let verifier = ProdVerifier::default();
    for verdict in [verifier.verify_validator_sets(&untrusted), verifier.verify_commit(&untrusted)] {
        match verdict {
            Verdict::Success => {}
            Verdict::NotEnoughTrust(tally) => bail!("the commit is not signed by more than 2/3 of the power: {tally}"),
            Verdict::Invalid(detail) => bail!("{detail}"),
        }
    }
    Ok(())
}

/// Checks the two ICS23 ops: `value` at the trace's key in the inference substore, the substore's
/// root under `inference` in the tree whose root is `app_hash`.
fn check_proof(proof: &cosmos_sdk_proto::tendermint::crypto::ProofOps, value: &[u8], app_hash: &[u8]) -> Result<()> {
    use ics23::commitment_proof::Proof;
    let [inner, outer] = proof.ops.as_slice() else {
        bail!("expected two proof ops (substore, then app), got {}", proof.ops.len());
    };
    let decode = |op: &cosmos_sdk_proto::tendermint::crypto::ProofOp| {
        ics23::CommitmentProof::decode(op.data.as_slice()).context("a proof op is not an ICS23 commitment proof")
    };
    let (inner_proof, outer_proof) = (decode(inner)?, decode(outer)?);
    let Some(Proof::Exist(existence)) = &outer_proof.proof else { bail!("the app-level proof is not of existence") };
    let substore_root = existence.value.clone();
    let spec = cnidarium::ics23_spec();
    if !ics23::verify_membership::<ics23::HostFunctionsManager>(&inner_proof, &spec, &substore_root, &inner.key, value)
    {
        bail!("the trace is not proven in the inference substore (key {})", String::from_utf8_lossy(&inner.key));
    }
    if outer.key != b"inference" {
        bail!("the app-level proof is of substore {:?}, not inference", String::from_utf8_lossy(&outer.key));
    }
    if !ics23::verify_membership::<ics23::HostFunctionsManager>(
        &outer_proof,
        &spec,
        &app_hash.to_vec(),
        &outer.key,
        &substore_root,
    ) {
        bail!("the inference substore's root is not proven against the app hash");
    }
    Ok(())
}

pub async fn verify_on_chain(node_url: &str, id: &str) -> Result<(Value, String, bool)> {
    let node = Node::new(node_url)?;
    let request = pb::QueryTraceRequest { id: id.to_string(), prove: true };
    let r: pb::QueryTraceResponse = node.query("/symbiote.inference.v1.Query/Trace", &request, 0).await?;
    let claimed = r.trace.ok_or_else(|| anyhow!("the node returned no trace"))?;
    let proof = r.proof.ok_or_else(|| anyhow!("the node returned no proof"))?;
    let value = trace::encode(&claimed);
    if hex::encode(trace::trace_id(&claimed)) != id.to_ascii_lowercase() {
        return Ok(failed("trace id", "the returned trace does not hash to the requested id"));
    }

    let (header, validators) = signed_block(&node, r.height + 1).await?;
    if let Err(e) = check_header(&header, &validators) {
        return Ok(failed("header", format!("block {}: {e}", r.height + 1)));
    }
    let app_hash = header.header.app_hash.as_bytes().to_vec();
    if let Err(e) = check_proof(&proof, &value, &app_hash) {
        return Ok(failed("proof", e));
    }

    let model_id = hex::encode(&claimed.model_sha256);
    let (bytes, _, _) = super::registry::model_bytes(&node, &model_id, r.height).await?;
    let (mut v, text, ok) = super::model::verify_trace(&claimed, &bytes)?;
    if !ok {
        v["failed"] = json!("re-execution");
        return Ok((v, format!("FAILED at re-execution: {text}"), false));
    }
    let signed: u64 = header.commit.signatures.iter().filter(|s| s.is_commit()).count() as u64;
    v["height"] = json!(r.height);
    v["app_hash"] = json!(hex::encode_upper(&app_hash));
    v["header_height"] = json!(r.height + 1);
    let text = format!(
        "proof: trace {id} is in the state at height {} (ICS23, inference substore → app hash {})\n\
         header: block {} committed by {signed} of {} validators (> 2/3 of the voting power)\n\
         model: {} bytes, id {model_id}\n{text}",
        r.height,
        hex::encode_upper(&app_hash),
        r.height + 1,
        validators.validators().len(),
        bytes.len(),
    );
    Ok((v, text, true))
}
