//! Governance on the running four-validator localnet (voting period 25 s), with a delegator who
//! votes against its validator (plainly, and split by weight): a param change passes and takes
//! effect; a community-pool spend pays a grantee; a proposal whose message is not signed by the
//! gov account is refused at submission; one opened by a second deposit is cancelled by its
//! proposer, losing half of each deposit. Then a bias correction: a curator publishes scikit-learn's diabetes data as an
//! audit dataset (committed, consented to governance's audits, every row disclosed); a community
//! model whose `production` version has a demographic-parity ratio by sex of 0.66 gets two
//! proposals, each carrying the fairness audit computed on chain — one to a candidate at 0.90,
//! which passes by stake-weighted vote and moves the alias in the same block, and one to a
//! candidate at 0.69, which the audit gate stops however the validators vote. Decisions before
//! keep the old version in their traces; decisions after run the new one and say so.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use tendermint_rpc::Client;

use super::common::*;
use super::registry::{code, tx_big};
use super::staking::{address, balance, json, query, tx_ok, Localnet};

/// `symbiote tx ...` with the gas simulated (audits and row uploads vary in size).
fn tx_auto(home: &Path, node: &str, args: &[&str]) -> Value {
    let mut all: Vec<&str> = vec!["tx"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--keyring-backend", "test", "--node", node, "--output", "json"]);
    let out = sym(home, &all);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("symbiote {all:?}: not JSON ({e}):\n{}", String::from_utf8_lossy(&out.stderr)))
}

fn ok(v: &Value) -> &Value {
    let txs = v["txs"].as_array().cloned().unwrap_or_else(|| vec![v.clone()]);
    assert!(txs.iter().all(|t| t["code"] == 0), "{v}");
    v
}

/// The proposal id a submission's response data holds (TxMsgData, first response, field 1).
fn proposal_id(home: &Path, node: &str) -> u64 {
    let list = query(home, node, 0, &["gov", "proposals", "--reverse", "--limit", "1"]);
    let id = &list["proposals"][0]["id"];
    id.as_str().map_or_else(|| id.as_u64().unwrap(), |s| s.parse().unwrap())
}

fn status(home: &Path, node: &str, id: u64) -> (String, String) {
    let p = query(home, node, 0, &["gov", "proposal", &id.to_string()]);
    let p = &p["proposal"];
    (p["status"].as_str().unwrap_or_default().to_string(), p["failed_reason"].as_str().unwrap_or_default().to_string())
}

/// Waits until every proposal in `ids` has left its voting period.
async fn voted(home: &Path, node: &str, client: &tendermint_rpc::HttpClient, ids: &[u64]) {
    for _ in 0..120 {
        if ids.iter().all(|id| status(home, node, *id).0 != "PROPOSAL_STATUS_VOTING_PERIOD") {
            return;
        }
        let h = client.status().await.unwrap().sync_info.latest_block_height.value();
        wait_height(client, h + 3, Duration::from_secs(30)).await;
    }
    panic!("proposals {ids:?} still voting");
}

pub async fn gov_phase(net: Localnet<'_>) {
    let home0 = net.data.join("node0");
    let node = format!("http://127.0.0.1:{}", net.node0_rpc);
    let client = rpc(net.node0_rpc);
    let work = net.dir.join("gov");
    std::fs::create_dir_all(&work).unwrap();
    let gov = symbiote_core::module_account::authority().to_string();
    let homes: Vec<_> = (0..4).map(|i| net.data.join(format!("node{i}"))).collect();

    for k in ["voter", "grantee", "curator", "steward"] {
        sym_ok(&home0, &["keys", "add", k, "--keyring-backend", "test"]);
    }
    let [voter, grantee, curator, steward] =
        ["voter", "grantee", "curator", "steward"].map(|k| address(&home0, k, "acc"));
    for who in [&voter, &curator, &steward] {
        tx_ok(&home0, &node, &["bank", "send", "alice", who, "100000000000usym"]);
    }
    // The delegator: 50 SYM with node 0's validator (power 100), voting against it below.
    let val0 = address(&homes[0], "validator", "val");
    tx_ok(&home0, &node, &["staking", "delegate", &val0, "50000000usym", "--from", "voter"]);

    // A param change and a community-pool spend, submitted and voted together.
    let mint = query(&home0, &node, 0, &["mint", "params"]);
    let mut params = mint["params"].clone();
    params["inflation_max"] = "0.250000000000000000".into();
    let param_change = work.join("param-change.json");
    std::fs::write(
        &param_change,
        serde_json::json!({
            "messages": [{"@type": "/cosmos.mint.v1beta1.MsgUpdateParams", "authority": gov, "params": params}],
            "deposit": "10000000usym", "title": "Raise the inflation ceiling", "summary": "To 25 %."
        })
        .to_string(),
    )
    .unwrap();
    tx_ok(&home0, &node, &["distribution", "fund-community-pool", "5000000usym", "--from", "alice"]);
    let spend = work.join("spend.json");
    std::fs::write(
        &spend,
        serde_json::json!({
            "messages": [{
                "@type": "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend", "authority": gov,
                "recipient": grantee, "amount": [{"denom": "usym", "amount": "3000000"}]
            }],
            "deposit": "10000000usym", "title": "Fund an AI audit", "summary": "3 SYM to the auditors."
        })
        .to_string(),
    )
    .unwrap();
    ok(&tx_auto(&home0, &node, &["gov", "submit-proposal", param_change.to_str().unwrap(), "--from", "alice"]));
    let p_params = proposal_id(&home0, &node);
    ok(&tx_auto(&home0, &node, &["gov", "submit-proposal", spend.to_str().unwrap(), "--from", "alice"]));
    let p_spend = proposal_id(&home0, &node);
    assert_eq!(status(&home0, &node, p_spend).0, "PROPOSAL_STATUS_VOTING_PERIOD", "the deposit reached the minimum");

    for (i, home) in homes.iter().enumerate() {
        for id in [p_params, p_spend] {
            let v = tx_auto(home, &node, &["gov", "vote", &id.to_string(), "yes", "--from", "validator"]);
            assert_eq!(v["code"], 0, "validator {i}: {v}");
        }
    }
    ok(&tx_auto(&home0, &node, &["gov", "vote", &p_params.to_string(), "no", "--from", "voter"]));
    ok(&tx_auto(&home0, &node, &["gov", "weighted-vote", &p_spend.to_string(), "yes=0.6,no=0.4", "--from", "voter"]));
    let tally = query(&home0, &node, 0, &["gov", "tally", &p_params.to_string()]);
    assert_eq!(tally["tally"]["no_count"], "50000000", "the delegator's own stake overrides its validator: {tally}");
    let tally = query(&home0, &node, 0, &["gov", "tally", &p_spend.to_string()]);
    assert_eq!(tally["tally"]["no_count"], "20000000", "a weighted vote splits the delegator's stake: {tally}");
    // While the votes run: a refused submission, and a cancelled proposal.
    // A message the gov account does not sign cannot be proposed (gov 13), and nothing is stored.
    let theft = work.join("theft.json");
    std::fs::write(
        &theft,
        serde_json::json!({
            "messages": [{"@type": "/cosmos.bank.v1beta1.MsgSend", "from_address": voter, "to_address": steward,
                          "amount": [{"denom": "usym", "amount": "1"}]}],
            "deposit": "10000000usym", "title": "Move the voter's coins", "summary": "Not ours to move."
        })
        .to_string(),
    )
    .unwrap();
    // (Broadcast without simulating, which already refuses it, to see the block's coded result.)
    let refused =
        super::staking::tx(&home0, &node, &["gov", "submit-proposal", theft.to_str().unwrap(), "--from", "alice"]);
    assert_eq!(code(&refused), (13, "gov".to_string()), "{refused}");
    assert_eq!(proposal_id(&home0, &node), p_spend, "no proposal was stored");

    // Half the minimum deposit leaves a proposal in its deposit period; the voter's deposit opens
    // its vote; its proposer cancels it, losing half of each deposit (burnt), the rest refunded.
    let mut half: Value = serde_json::from_slice(&std::fs::read(&spend).unwrap()).unwrap();
    half["deposit"] = "5000000usym".into();
    let half_path = work.join("half.json");
    std::fs::write(&half_path, half.to_string()).unwrap();
    ok(&tx_auto(&home0, &node, &["gov", "submit-proposal", half_path.to_str().unwrap(), "--from", "alice"]));
    let p_half = proposal_id(&home0, &node);
    assert_eq!(status(&home0, &node, p_half).0, "PROPOSAL_STATUS_DEPOSIT_PERIOD");
    ok(&tx_auto(&home0, &node, &["gov", "deposit", &p_half.to_string(), "5000000usym", "--from", "voter"]));
    assert_eq!(status(&home0, &node, p_half).0, "PROPOSAL_STATUS_VOTING_PERIOD");
    let voter_before = balance(&home0, &node, 0, &voter);
    let cancelled = ok(&tx_auto(&home0, &node, &["gov", "cancel", &p_half.to_string(), "--from", "alice"])).clone();
    assert_eq!(balance(&home0, &node, 0, &voter), voter_before + 2_500_000, "half refunded: {cancelled}");
    let gone = sym(&home0, &["query", "gov", "proposal", &p_half.to_string(), "--node", &node]);
    assert!(!gone.status.success(), "a cancelled proposal is deleted");

    let grantee_before = balance(&home0, &node, 0, &grantee);

    // The audit dataset: the curator commits the CSV, registers it as an audit dataset in the
    // consent ledger, consents to governance's audits of it, and discloses every row.
    let fixtures = repo().join("modules/gov/fixtures");
    let csv = work.join("diabetes.csv");
    std::fs::copy(fixtures.join("diabetes_audit.csv"), &csv).unwrap();
    let committed = json(&sym_ok(&home0, &["data", "commit", csv.to_str().unwrap(), "--output", "json"]));
    let secrets = committed["secrets_file"].as_str().unwrap().to_string();
    let register = ["consent", "register-dataset", "--commitment", &secrets, "--name", "diabetes", "--audit"];
    tx_ok(&home0, &node, &[&register[..], &["--from", "curator"]].concat());
    let datasets = query(&home0, &node, 0, &["consent", "datasets", "--owner", &curator]);
    let dataset = datasets["datasets"][0]["id"].as_str().unwrap().to_string();
    let grant = ["consent", "grant", &dataset, "--grantee", &gov, "--uses", "audit", "--permission", "GRU"];
    tx_ok(&home0, &node, &[&grant[..], &["--from", "curator"]].concat());
    let consents = query(&home0, &node, 0, &["consent", "consents", &dataset]);
    let consent = consents["consents"][0]["id"].as_str().unwrap().to_string();
    let csv_path = csv.to_str().unwrap();
    let audit = ["gov", "register-audit-dataset", "--consent", &consent, "--csv", csv_path, "--label", "progression"];
    ok(&tx_auto(
        &home0,
        &node,
        &[&audit[..], &["--name", "diabetes", "--purpose", "GRU", "--from", "curator"]].concat(),
    ));
    let rows = tx_auto(
        &home0,
        &node,
        &["gov", "add-audit-rows", "1", csv_path, "--dataset-id", &dataset, "--from", "curator"],
    );
    assert_eq!(ok(&rows)["txs"].as_array().unwrap().len(), 5, "442 rows in txs of 100");
    let a = query(&home0, &node, 0, &["gov", "audit-dataset", "1"]);
    assert_eq!(
        (a["dataset"]["rows_added"].clone(), a["dataset"]["row_count"].clone()),
        ("442".into(), "442".into()),
        "{a}"
    );

    // The model: three versions, production at 1, handed to the community.
    for v in 1..=3 {
        let mut card: Value =
            serde_json::from_slice(&std::fs::read(fixtures.join(format!("diabetes_v{v}.card.json"))).unwrap()).unwrap();
        card["parent_version"] = if v == 1 { 0 } else { 1 }.into();
        let card_path = work.join(format!("v{v}.card.json"));
        std::fs::write(&card_path, card.to_string()).unwrap();
        let model = fixtures.join(format!("diabetes_v{v}.onnx"));
        let up = tx_big(
            &home0,
            &node,
            &[
                "registry",
                "upload-model",
                model.to_str().unwrap(),
                "--name",
                "diabetes",
                "--card",
                card_path.to_str().unwrap(),
                "--from",
                "steward",
            ],
        );
        assert!(up["txs"].as_array().map_or(up["code"] == 0, |t| t.iter().all(|t| t["code"] == 0)), "{up}");
    }
    tx_ok(&home0, &node, &["registry", "set-alias", "diabetes", "production", "1", "--from", "steward"]);
    tx_ok(&home0, &node, &["registry", "hand-to-community", "diabetes", "--from", "steward"]);

    // A decision through the alias before the correction.
    let input = r#"[59.0, 32.1, 101.0, 157.0, 93.2, 38.0, 4.0, 4.8598, 87.0]"#;
    let before = ok(&tx_auto(
        &home0,
        &node,
        &["inference", "infer", "diabetes@production", "--input", input, "--max-fee", "1000usym", "--from", "steward"],
    ))
    .clone();
    let before_trace = query(&home0, &node, 0, &["inference", "trace", before["trace_id"].as_str().unwrap()]);
    let version_alias = |t: &Value| (t["trace"]["model_version"].clone(), t["trace"]["alias"].clone());
    assert_eq!(version_alias(&before_trace), ("1".into(), "production".into()), "{before_trace}");

    // Meanwhile the first two proposals' votes ended.
    voted(&home0, &node, &client, &[p_params, p_spend]).await;
    assert_eq!(status(&home0, &node, p_params).0, "PROPOSAL_STATUS_PASSED");
    assert_eq!(status(&home0, &node, p_spend).0, "PROPOSAL_STATUS_PASSED");
    let mint = query(&home0, &node, 0, &["mint", "params"]);
    assert_eq!(mint["params"]["inflation_max"], "0.250000000000000000", "{mint}");
    assert_eq!(balance(&home0, &node, 0, &grantee), grantee_before + 3_000_000, "the grantee was paid from the pool");

    // Two bias corrections, each audited on chain at submission.
    let propose = |candidate: &str| {
        let args = [
            "gov",
            "propose-bias-correction",
            "diabetes",
            "--candidate",
            candidate,
            "--audit-dataset",
            "1",
            "--sensitive",
            "sex",
        ];
        ok(&tx_auto(&home0, &node, &[&args[..], &["--deposit", "10000000usym", "--from", "steward"]].concat()));
        proposal_id(&home0, &node)
    };
    let (p_fair, p_biased) = (propose("2"), propose("3"));
    let table = sym_ok(&home0, &["query", "gov", "audit", &p_fair.to_string(), "--node", &node]);
    assert!(
        table.contains("demographic parity ratio") && table.contains("0.6642") && table.contains("0.8973"),
        "{table}"
    );
    assert!(table.trim_end().ends_with("passes"), "{table}");
    let report = query(&home0, &node, 0, &["gov", "audit", &p_biased.to_string()]);
    assert_eq!(report["report"]["gate"]["passes"], false, "{report}");

    // Every validator votes yes on both; the delegator abstains. Only the fair one passes.
    for home in &homes {
        for id in [p_fair, p_biased] {
            ok(&tx_auto(home, &node, &["gov", "vote", &id.to_string(), "yes", "--from", "validator"]));
        }
    }
    voted(&home0, &node, &client, &[p_fair, p_biased]).await;
    assert_eq!(status(&home0, &node, p_fair).0, "PROPOSAL_STATUS_PASSED");
    let (biased, why) = status(&home0, &node, p_biased);
    assert_eq!(biased, "PROPOSAL_STATUS_REJECTED");
    assert!(why.contains("the audit gate refuses the candidate"), "{why}");
    let aliases = query(&home0, &node, 0, &["registry", "aliases", "diabetes"]);
    let production =
        aliases["aliases"].as_array().unwrap().iter().find(|a| a["alias"] == "production").unwrap().clone();
    assert_eq!(production["version"], 2, "the alias moved in the voting end's block: {aliases}");
    let last = aliases["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["reason"], format!("bias correction: gov proposal {p_fair}"), "{aliases}");
    assert_eq!(last["by"], gov.as_str(), "{aliases}");

    // After: decisions through the alias run version 2 and say so; the earlier trace keeps 1.
    let after = ok(&tx_auto(
        &home0,
        &node,
        &[
            "inference",
            "infer",
            "diabetes@production",
            "--input",
            r#"[59.0, 2.0, 32.1, 101.0, 157.0, 93.2, 38.0, 4.0, 4.8598, 87.0]"#,
            "--max-fee",
            "1000usym",
            "--from",
            "steward",
        ],
    ))
    .clone();
    let after_trace = query(&home0, &node, 0, &["inference", "trace", after["trace_id"].as_str().unwrap()]);
    assert_eq!(version_alias(&after_trace), ("2".into(), "production".into()), "{after_trace}");
    let again = query(&home0, &node, 0, &["inference", "trace", before["trace_id"].as_str().unwrap()]);
    assert_eq!(version_alias(&again), ("1".into(), "production".into()), "traces made before keep their version");
}
