//! ibc-rs' own handlers over symbiote's store through `IbcContext`: creating a Tendermint client
//! stores what ibc-go stores, where ibc-go stores it (the bytes Hermes and counterparties read),
//! a create with an expired consensus state is refused, and this chain's own client state is
//! checked as ibc-go checks it (proof specs, unbonding period, upgrade path, revision).

use std::time::Duration;

use cnidarium::{StateDelta, StateRead, TempStorage};
use ibc::clients::tendermint::client_state::ClientState;
use ibc::clients::tendermint::consensus_state::ConsensusState;
use ibc::clients::tendermint::types::{
    AllowUpdate, ClientState as TmClientState, ConsensusState as TmConsensusState, TrustThreshold,
};
use ibc::core::channel::types::packet::Receipt;
use ibc::core::client::context::{ClientValidationContext, ExtClientValidationContext};
use ibc::core::client::types::msgs::{ClientMsg, MsgCreateClient};
use ibc::core::client::types::Height;
use ibc::core::commitment_types::commitment::CommitmentRoot;
use ibc::core::entrypoint::dispatch;
use ibc::core::handler::types::events::IbcEvent;
use ibc::core::handler::types::msgs::MsgEnvelope;
use ibc::core::host::types::identifiers::{ChainId, ChannelId, ClientId, PortId, Sequence};
use ibc::core::host::types::path::ReceiptPath;
use ibc::core::host::ValidationContext;
use ibc::core::router::module::Module;
use ibc::core::router::router::Router;
use ibc::core::router::types::module::ModuleId;
use ibc::primitives::proto::Any;
use prost::Message;
use symbiote_ibc::ctx::{Host, IbcContext, Shared};
use symbiote_ibc::host::proof_specs;

const UNBONDING: Duration = Duration::from_secs(21 * 24 * 3600);

/// No applications bound to ports yet.
struct NoApps;

impl Router for NoApps {
    fn get_route(&self, _: &ModuleId) -> Option<&dyn Module> {
        None
    }
    fn get_route_mut(&mut self, _: &ModuleId) -> Option<&mut dyn Module> {
        None
    }
    fn lookup_module(&self, _: &PortId) -> Option<ModuleId> {
        None
    }
}

fn time(secs: i64) -> tendermint::Time {
    tendermint::Time::from_unix_timestamp(secs, 0).unwrap()
}

fn host(height: u64) -> Host {
    Host::new("symbiote-a-1", height, time(1_700_000_000 + 5 * height as i64), UNBONDING, Duration::from_secs(30))
        .unwrap()
}

/// A client of chain `chain_id` at its height `h` whose consensus state is from `consensus_time`.
fn client_of(chain_id: &str, h: u64, consensus_time: tendermint::Time) -> (ClientState, ConsensusState) {
    let cs = TmClientState::new(
        ChainId::new(chain_id).unwrap(),
        TrustThreshold::ONE_THIRD,
        Duration::from_secs(14 * 24 * 3600),
        UNBONDING,
        Duration::from_secs(10),
        Height::new(symbiote_ibc::host::revision_number(chain_id), h).unwrap(),
        proof_specs(),
        vec!["upgrade".into(), "upgradedIBCState".into()],
        AllowUpdate { after_expiry: true, after_misbehaviour: true },
    )
    .unwrap();
    let cons =
        TmConsensusState::new(CommitmentRoot::from_bytes(&[7; 32]), consensus_time, tendermint::Hash::Sha256([9; 32]));
    (cs.into(), cons.into())
}

fn create(cs: ClientState, cons: ConsensusState) -> MsgEnvelope {
    MsgEnvelope::Client(ClientMsg::CreateClient(MsgCreateClient::new(
        Any::from(cs),
        Any::from(cons),
        "sym1relayer".to_string().into(),
    )))
}

#[tokio::test]
async fn creating_a_client_stores_what_ibc_go_stores() {
    let storage = TempStorage::new_with_prefixes(vec!["ibc".into()]).await.unwrap();
    let state = Shared::new(StateDelta::new(storage.latest_snapshot()));
    let (cs, cons) = client_of("symbiote-b-1", 10, time(1_700_000_000));

    let mut ctx = IbcContext::new(&state, host(20));
    dispatch(&mut ctx, &mut NoApps, create(cs.clone(), cons.clone())).unwrap();
    assert!(ctx.read_failure().is_none());
    let events = ctx.take_events();
    assert!(matches!(events.as_slice(), [IbcEvent::Message(_), IbcEvent::CreateClient(_)]), "{events:?}");

    let client = ClientId::new("07-tendermint", 0).unwrap();
    let at = Height::new(1, 10).unwrap();
    assert_eq!(ValidationContext::client_counter(&ctx).unwrap(), 1);
    assert_eq!(ctx.client_state(&client).unwrap(), cs);
    assert_eq!(ctx.consensus_state_heights(&client).unwrap(), vec![at]);
    let (processed_time, processed_height) = ctx.client_update_meta(&client, &at).unwrap();
    assert_eq!(processed_height, Height::new(1, 20).unwrap());
    assert_eq!(processed_time, ValidationContext::host_timestamp(&ctx).unwrap());
    drop(ctx);
    let state = state.into_inner();

    // The bytes under the ICS-24 paths: Any-wrapped protobuf states, an 8-byte big-endian counter.
    let raw = state.get_raw("ibc/clients/07-tendermint-0/clientState").await.unwrap().unwrap();
    let any = Any::decode(raw.as_slice()).unwrap();
    assert_eq!(any.type_url, "/ibc.lightclients.tendermint.v1.ClientState");
    assert_eq!(any, Any::from(cs));
    let raw = state.get_raw("ibc/clients/07-tendermint-0/consensusStates/1-10").await.unwrap().unwrap();
    assert_eq!(Any::decode(raw.as_slice()).unwrap(), Any::from(cons));
    assert_eq!(state.get_raw("ibc/nextClientSequence").await.unwrap().unwrap(), vec![0, 0, 0, 0, 0, 0, 0, 1]);

    // A second client gets the next id.
    let (cs2, cons2) = client_of("symbiote-c-1", 3, time(1_700_000_050));
    let state = Shared::new(state);
    let mut ctx = IbcContext::new(&state, host(21));
    dispatch(&mut ctx, &mut NoApps, create(cs2.clone(), cons2)).unwrap();
    assert_eq!(ctx.client_state(&ClientId::new("07-tendermint", 1).unwrap()).unwrap(), cs2);
    // A packet never received has no receipt (not an error: receiving asks first).
    let receipt = ReceiptPath::new(&PortId::transfer(), &ChannelId::new(0), Sequence::from(1));
    assert!(matches!(ctx.get_packet_receipt(&receipt).unwrap(), Receipt::None));
}

#[tokio::test]
async fn an_expired_consensus_state_is_refused() {
    let storage = TempStorage::new_with_prefixes(vec!["ibc".into()]).await.unwrap();
    let state = Shared::new(StateDelta::new(storage.latest_snapshot()));
    // Older than the trusting period (14 days) at the host's time.
    let (cs, cons) = client_of("symbiote-b-1", 10, time(1_700_000_000 - 15 * 24 * 3600));
    let mut ctx = IbcContext::new(&state, host(20));
    let err = dispatch(&mut ctx, &mut NoApps, create(cs, cons)).unwrap_err().to_string();
    assert!(err.contains("Expired"), "{err}");
    assert!(ctx.read_failure().is_none(), "the user's error, not the store's");
    assert_eq!(ValidationContext::client_counter(&ctx).unwrap(), 0);
}

#[tokio::test]
async fn this_chains_client_state_is_checked_as_ibc_go_checks_it() {
    let storage = TempStorage::new_with_prefixes(vec!["ibc".into()]).await.unwrap();
    let state = Shared::new(StateDelta::new(storage.latest_snapshot()));
    let ctx = IbcContext::new(&state, host(20));
    let ours = |h: u64| client_of("symbiote-a-1", h, time(1_700_000_000)).0;
    ctx.validate_self_client(ours(19)).unwrap();
    // Not below our height, another revision, another chain.
    assert!(ctx.validate_self_client(ours(20)).is_err());
    assert!(ctx.validate_self_client(client_of("symbiote-a-2", 5, time(1_700_000_000)).0).is_err());
    assert!(ctx.validate_self_client(client_of("symbiote-b-1", 5, time(1_700_000_000)).0).is_err());
    // Other proof specs (the SDK's IAVL ones) or another unbonding period.
    let mut inner = ours(19).inner().clone();
    inner.proof_specs = ibc::core::commitment_types::specs::ProofSpecs::cosmos();
    assert!(ctx.validate_self_client(inner.into()).is_err());
    let mut inner = ours(19).inner().clone();
    inner.unbonding_period = UNBONDING / 2;
    inner.trusting_period = UNBONDING / 4;
    assert!(ctx.validate_self_client(inner.into()).is_err());
    let mut inner = ours(19).inner().clone();
    inner.upgrade_path = vec!["elsewhere".into()];
    assert!(ctx.validate_self_client(inner.into()).is_err());
}
