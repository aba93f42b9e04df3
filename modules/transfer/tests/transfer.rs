//! `MsgTransfer` refusals, each with its code and no change to state: a bad form (zero amount, no
//! timeout, a malformed voucher denom, an oversized memo, no receiver), sending disabled, a voucher whose trace this chain never
//! saw, a balance too small, a channel that does not exist. (Transfers that succeed need a
//! counterparty: `cli/tests/ibc.rs` runs them between two chains through Hermes.) Also: voucher
//! names and escrow addresses as ibc-go derives them, and the genesis section round trip.

use cnidarium::StateWrite;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use ibc::core::host::types::identifiers::{ChannelId, PortId};
use ibc_proto::ibc::applications::transfer::v1 as pb;
use ibc_proto::ibc::core::channel::v1 as chan;
use ibc_proto::ibc::core::client::v1::Height;
use prost::Message;
use sha2::Digest;
use symbiote_bank::genesis::{GenesisBalance, GenesisCoin, GenesisState as BankGenesis};
use symbiote_core::testing::TestChain;
use symbiote_core::{Address, Hooks, Module, MsgHandler};
use symbiote_transfer::genesis::GenesisState;
use symbiote_transfer::{MsgTransfer, Transfer};

const VOUCHER: &str = "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2";

fn alice() -> Address {
    Address::from_bytes([1; 20])
}

async fn chain(genesis: GenesisState) -> TestChain {
    let mut hooks = Hooks::new();
    Transfer::register_hooks(&mut hooks);
    let substores = ["bank", "staking", "ibc", "transfer"];
    let mut chain = TestChain::with_substores(Transfer::ACCOUNTS, hooks, &substores).await;
    let ctx = chain.genesis_ctx();
    let balances = vec![GenesisBalance {
        address: alice().to_string(),
        coins: vec![GenesisCoin { denom: "usym".into(), amount: "1000".into() }],
    }];
    symbiote_bank::Bank::init_genesis(&mut chain.state, &BankGenesis { balances, ..Default::default() }, &ctx)
        .await
        .unwrap();
    symbiote_staking::Staking::init_genesis(&mut chain.state, &Default::default(), &ctx).await.unwrap();
    symbiote_ibc::Ibc::init_genesis(&mut chain.state, &Default::default(), &ctx).await.unwrap();
    Transfer::init_genesis(&mut chain.state, &genesis, &ctx).await.unwrap();
    chain
}

fn transfer(denom: &str, amount: &str) -> pb::MsgTransfer {
    pb::MsgTransfer {
        source_port: "transfer".into(),
        source_channel: "channel-0".into(),
        token: Some(ProtoCoin { denom: denom.into(), amount: amount.into() }),
        sender: alice().to_string(),
        receiver: "sym1anywhere".into(),
        timeout_height: Some(Height { revision_number: 1, revision_height: 100 }),
        timeout_timestamp: 0,
        memo: String::new(),
    }
}

fn msg(raw: pb::MsgTransfer) -> MsgTransfer {
    MsgTransfer::from_proto(raw).unwrap()
}

#[tokio::test]
async fn refused_transfers_have_their_codes_and_change_nothing() {
    let mut chain = chain(GenesisState::default()).await;
    // Form.
    chain.refused(msg(transfer("usym", "0")), "transfer", 5, "").await;
    let mut no_timeout = transfer("usym", "10");
    no_timeout.timeout_height = None;
    chain.refused(msg(no_timeout), "transfer", 2, "").await;
    chain.refused(msg(transfer("ibc/abc", "10")), "transfer", 3, "").await;
    let mut long_memo = transfer("usym", "10");
    long_memo.memo = "m".repeat(32_769);
    chain.refused(msg(long_memo), "transfer", 11, "").await;
    let mut no_receiver = transfer("usym", "10");
    no_receiver.receiver = " ".into();
    chain.refused(msg(no_receiver), "sdk", 7, "").await;
    // State: no such channel; then an open channel end (without its connection).
    let log = chain.refused(msg(transfer("usym", "10")), "ibc", 4, "").await;
    assert!(log.contains("channel-0 on port transfer not found"), "{log}");
    let end = chan::Channel {
        state: chan::State::Open as i32,
        ordering: chan::Order::Unordered as i32,
        counterparty: Some(chan::Counterparty { port_id: "transfer".into(), channel_id: "channel-7".into() }),
        connection_hops: vec!["connection-0".into()],
        version: "ics20-1".into(),
        upgrade_sequence: 0,
    };
    chain.state.put_raw("ibc/channelEnds/ports/transfer/channels/channel-0".into(), end.encode_to_vec());
    chain.refused(msg(transfer(VOUCHER, "10")), "transfer", 6, "").await;
    chain.refused(msg(transfer("usym", "1001")), "sdk", 5, "").await;
    let log = chain.refused(msg(transfer("usym", "10")), "ibc", 4, "").await;
    assert!(log.contains("missing state"), "{log}");

    let mut closed = chain_with_sending_disabled().await;
    closed.refused(msg(transfer("usym", "10")), "transfer", 7, "").await;
}

async fn chain_with_sending_disabled() -> TestChain {
    chain(GenesisState {
        params: symbiote_transfer::Params { send_enabled: false, receive_enabled: true },
        ..Default::default()
    })
    .await
}

#[test]
fn escrow_addresses_and_vouchers_are_ibc_gos() {
    // ibc-go: sha256("ics20-1\0transfer/channel-0")[:20].
    let escrow = symbiote_transfer::token::escrow_address(&PortId::transfer(), &ChannelId::new(0));
    let mut preimage = b"ics20-1\0".to_vec();
    preimage.extend_from_slice(b"transfer/channel-0");
    assert_eq!(escrow.as_bytes()[..], sha2::Sha256::digest(&preimage)[..20]);
    let trace: ibc::apps::transfer::types::PrefixedDenom = "transfer/channel-0/uatom".parse().unwrap();
    assert_eq!(symbiote_transfer::denom::bank_denom(&trace), VOUCHER);
}

#[tokio::test]
async fn the_genesis_section_round_trips() {
    let genesis = GenesisState {
        denom_traces: vec![symbiote_transfer::genesis::DenomTrace {
            path: "transfer/channel-0".into(),
            base_denom: "uatom".into(),
        }],
        total_escrowed: vec![symbiote_transfer::genesis::EscrowTotal {
            denom: "usym".into(),
            amount: "42".parse().unwrap(),
        }],
        ..Default::default()
    };
    genesis.validate().unwrap();
    let chain = chain(genesis.clone()).await;
    assert_eq!(GenesisState::export(&chain.state).await.unwrap(), genesis);
    let json = serde_json::to_value(&genesis).unwrap();
    assert_eq!(json["port_id"], "transfer");
    assert_eq!(json["params"]["send_enabled"], true);
}
