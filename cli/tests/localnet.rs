//! The README's localnet with four validators (from gentxs): every validator proposes, all agree on
//! the app hash at each common height, a tx sent through one node is visible through another,
//! staking works end to end (`localnet/staking.rs`: a fifth validator joins and leaves), so does
//! slashing (`localnet/slashing.rs`: a validator stopped is jailed for downtime and comes back; a
//! validator whose key signs on two nodes is tombstoned), and SIGTERM (what Ctrl-C becomes) stops
//! every process. Before staking, the model registry and consent ledger (`localnet/registry.rs`):
//! a patient's dataset, consents, disclosures, withdrawal, and a 3 MiB model in chunks; then
//! in-block inference (`localnet/inference.rs`): a clinic's decision on a patient's disclosed
//! record, identical on all four validators, verified against a signed header, its fee split;
//! then governance (`localnet/gov.rs`): a param change, a community-pool spend, a refused
//! proposal, and bias corrections audited on chain — one moves a model's alias, one the audit
//! gate stops.

mod common;
#[path = "localnet/gov.rs"]
mod gov;
#[path = "localnet/inference.rs"]
mod inference;
#[path = "localnet/registry.rs"]
mod registry;
#[path = "localnet/slashing.rs"]
mod slashing;
#[path = "localnet/staking.rs"]
mod staking;

use std::collections::BTreeSet;
use std::process::Command;
use std::time::Duration;

use common::*;
use cosmos_sdk_proto::cosmos::bank::v1beta1::query_client::QueryClient as BankClient;
use cosmos_sdk_proto::cosmos::bank::v1beta1::QueryBalanceRequest;
use futures::FutureExt;
use tendermint_rpc::Client;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_validators_agree_on_app_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("net");
    // Below the kernel's ephemeral range (32768+): an outgoing connection cannot take these
    // between the check and CometBFT's bind (CI once saw "bind: address already in use" at 40k+).
    let (base, grpc) = port_block(4, 4_000);
    let mut net = start_localnet(
        &[
            "--validators",
            "4",
            "--block-time",
            "300ms",
            "--unbonding-time",
            "20s",
            "--genesis",
            "app_state.slashing.params.signed_blocks_window=10",
            "--genesis",
            "app_state.slashing.params.downtime_jail_duration=15s",
            // The expedited period first: each setting is validated as it is made.
            "--genesis",
            "app_state.gov.params.expedited_voting_period=10s",
            "--genesis",
            "app_state.gov.params.voting_period=25s",
        ],
        &data,
        base,
        grpc,
        &dir.path().join("localnet.log"),
    );
    let clients: Vec<_> = (0..4).map(|i| rpc(base + 1 + 10 * i)).collect();
    // The start, with the script's and every node's log if it does not come.
    let started = async {
        for c in &clients {
            wait_height(c, 10, Duration::from_secs(120)).await;
        }
    };
    if std::panic::AssertUnwindSafe(started).catch_unwind().await.is_err() {
        let logs: Vec<String> = std::iter::once(dir.path().join("localnet.log"))
            .chain((0..4).map(|i| data.join(format!("node{i}/node.log"))))
            .map(|p| format!("--- {}:\n{}", p.display(), tail(&p)))
            .collect();
        panic!("the localnet did not reach height 10 within 120 s:\n{}", logs.join("\n"));
    }

    let mut proposers = BTreeSet::new();
    for h in 1..=9u64 {
        let height = tendermint::block::Height::try_from(h).unwrap();
        let mut hashes = BTreeSet::new();
        for c in &clients {
            let b = c.block(height).await.unwrap();
            hashes.insert(b.block.header.app_hash.to_string());
            proposers.insert(b.block.header.proposer_address.to_string());
        }
        assert_eq!(hashes.len(), 1, "validators disagree on the app hash at height {h}: {hashes:?}");
    }
    // Each node checks the header's app hash against its own FinalizeBlock result and halts on a
    // mismatch, so all four having reached height 10 means every app computed the same hashes.
    assert_eq!(proposers.len(), 4, "every validator proposed a block: {proposers:?}");

    // A tx through node 2 is visible over node 3's gRPC.
    let home0 = data.join("node0");
    let bob = sym_ok(&home0, &["keys", "show", "bob", "-a", "--keyring-backend", "test"]).trim().to_string();
    let node2 = format!("http://127.0.0.1:{}", base + 1 + 20);
    sym_ok(&home0, &["tx", "bank", "send", "alice", &bob, "4242usym", "--keyring-backend", "test", "--node", &node2]);
    let h = clients[3].status().await.unwrap().sync_info.latest_block_height.value();
    wait_height(&clients[3], h + 1, Duration::from_secs(30)).await;
    let mut bank = BankClient::connect(format!("http://127.0.0.1:{}", grpc + 3)).await.unwrap();
    let balance = bank.balance(QueryBalanceRequest { address: bob, denom: "usym".into() }).await.unwrap().into_inner();
    assert_eq!(balance.balance.unwrap().amount, (1_000_000_000_000u64 + 4242).to_string());

    let localnet = || staking::Localnet { dir: dir.path(), data: &data, node0_rpc: base + 1, node0_p2p: base };
    registry::registry_consent_phase(localnet()).await;
    inference::inference_phase(localnet()).await;
    gov::gov_phase(localnet()).await;
    staking::staking_phase(localnet()).await;
    slashing::slashing_phase(localnet()).await;

    net.signal("TERM");
    assert!(
        net.wait_exit(Duration::from_secs(30)),
        "localnet did not stop:\n{}",
        tail(&dir.path().join("localnet.log"))
    );
    let left = Command::new("pgrep").arg("-f").arg(data.to_str().unwrap()).output().unwrap();
    assert!(left.stdout.is_empty(), "processes left running: {}", String::from_utf8_lossy(&left.stdout));
}
