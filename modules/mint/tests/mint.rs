//! x/mint end to end on one in-memory chain: what each block mints, where it goes, what is
//! stored and reported, the gov-only params update, and the query service.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::mint::v1beta1 as pb;
use cosmos_sdk_proto::cosmos::mint::v1beta1::query_server::Query;
use symbiote_auth::fee_collector_address;
use symbiote_core::module_account::{authority, MINT};
use symbiote_core::{Address, Amount, Module};
use symbiote_mint::genesis::GenesisState;
use symbiote_mint::query::MintQuery;
use symbiote_mint::{Mint, MintRead, Minter, MsgUpdateParams, Params};
use symbiote_staking::state::bonded_pool;
use tendermint::abci::Event;

fn u128_of(a: Amount) -> u128 {
    a.to_u128().unwrap()
}

fn atoms(d: symbiote_core::LegacyDec) -> i128 {
    d.atoms_i128().unwrap()
}

/// Twenty blocks a year, so the rate visibly moves each block.
fn fast_params() -> Params {
    Params { blocks_per_year: 20, ..Params::default() }
}

async fn chain(params: Params, funded: Vec<(u8, u64)>) -> Chain {
    Chain::with(Setup { mint: GenesisState { minter: Minter::default(), params }, funded }).await
}

/// Runs one begin block and checks it against the reference from the state before it: the
/// stored minter, the fee collector's and the supply's growth, the mint account left empty, and
/// the events. Returns the amount minted.
async fn begin_and_check(c: &mut Chain) -> u128 {
    let params = c.state.mint_params().await.unwrap();
    let before = c.state.minter().await.unwrap();
    let bonded = u128_of(c.balance_of(&bonded_pool(), DENOM).await);
    let staking_supply = u128_of(c.supply(DENOM).await);
    let fees_before = u128_of(c.balance_of(&fee_collector_address(), &params.mint_denom).await);
    let minted_supply_before = u128_of(c.supply(&params.mint_denom).await);

    let (ratio, inflation, annual, minted) =
        reference(atoms(before.inflation), bonded, staking_supply, RefParams::of(&params));

    let events = c.begin_block().await;

    let after = c.state.minter().await.unwrap();
    assert_eq!((atoms(after.inflation), atoms(after.annual_provisions)), (inflation, annual), "stored minter");
    let fees = u128_of(c.balance_of(&fee_collector_address(), &params.mint_denom).await);
    assert_eq!(fees - fees_before, minted, "the fee collector receives exactly the block provision");
    let supply = u128_of(c.supply(&params.mint_denom).await);
    assert_eq!(supply - minted_supply_before, minted, "the supply grows by the same amount");
    assert!(c.balance_of(&Address::module(MINT), &params.mint_denom).await.is_zero(), "nothing stays in mint");

    let mint: Vec<&Event> = events.iter().filter(|e| e.kind == "mint").collect();
    assert_eq!(mint.len(), 1, "{events:?}");
    assert_eq!(attr(mint[0], "bonded_ratio"), dec_string(ratio));
    assert_eq!(attr(mint[0], "inflation"), dec_string(inflation));
    assert_eq!(attr(mint[0], "annual_provisions"), dec_string(annual));
    assert_eq!(attr(mint[0], "amount"), minted.to_string());

    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    if minted == 0 {
        assert_eq!(kinds, ["mint"], "minting nothing records no coin events");
    } else {
        assert_eq!(kinds, ["coin_received", "coinbase", "coin_spent", "coin_received", "transfer", "message", "mint"]);
        let amount = format!("{minted}{}", params.mint_denom);
        let coinbase = &events[1];
        assert_eq!(attr(coinbase, "minter"), Address::module(MINT).to_string());
        assert_eq!(attr(coinbase, "amount"), amount);
        let transfer = &events[4];
        assert_eq!(attr(transfer, "sender"), Address::module(MINT).to_string());
        assert_eq!(attr(transfer, "recipient"), fee_collector_address().to_string());
        assert_eq!(attr(transfer, "amount"), amount);
    }
    minted
}

#[tokio::test]
async fn each_block_mints_its_provision_to_the_fee_collector_as_the_bonded_ratio_moves() {
    let mut c = chain(fast_params(), (1..=4).map(|n| (n, 1_000_000_000)).collect()).await;
    let supply0 = u128_of(c.supply(DENOM).await);
    let mut total = 0;

    // Nothing bonded: inflation climbs toward the max.
    total += begin_and_check(&mut c).await;
    c.exec(create_validator(1, 1_000_000_000)).await.unwrap();
    c.end_block().await;
    assert_eq!(u128_of(c.balance_of(&bonded_pool(), DENOM).await), 1_000_000_000, "the validator is bonded");

    // About a quarter bonded: still below the goal, up to the max and held there.
    let mut rates = vec![];
    for _ in 0..20 {
        total += begin_and_check(&mut c).await;
        rates.push(c.state.minter().await.unwrap().inflation);
        c.end_block().await;
    }
    assert!(rates.windows(2).all(|w| w[0] <= w[1]), "below the goal the rate only rises: {rates:?}");
    assert_eq!(*rates.last().unwrap(), dec("0.2"), "and stops at the max");

    // Every genesis token bonded (the minted ones sit with the fee collector): above the goal,
    // the rate falls each block.
    for n in 2..=4 {
        c.exec(delegate(n, 1, 1_000_000_000)).await.unwrap();
    }
    c.end_block().await;
    let ratio = symbiote_mint::minter::bonded_ratio(c.balance_of(&bonded_pool(), DENOM).await, c.supply(DENOM).await);
    assert!(ratio.unwrap() > dec("0.67"));
    let mut rates = vec![];
    for _ in 0..5 {
        total += begin_and_check(&mut c).await;
        rates.push(c.state.minter().await.unwrap().inflation);
        c.end_block().await;
    }
    assert!(rates.windows(2).all(|w| w[0] > w[1]), "above the goal the rate falls: {rates:?}");

    assert!(total > 0);
    assert_eq!(u128_of(c.balance_of(&fee_collector_address(), DENOM).await), total);
    assert_eq!(u128_of(c.supply(DENOM).await), supply0 + total);
    symbiote_bank::invariants::total_supply(&c.state).await.unwrap();
}

#[tokio::test]
async fn with_no_staking_supply_nothing_is_minted_but_the_event_is_recorded() {
    let mut c = chain(Params::default(), vec![]).await;
    for _ in 0..3 {
        assert_eq!(begin_and_check(&mut c).await, 0);
        c.end_block().await;
    }
    assert!(c.supply(DENOM).await.is_zero());
}

#[tokio::test]
async fn the_mint_denom_may_differ_from_the_bond_denom() {
    let params = Params { mint_denom: "uother".into(), ..fast_params() };
    let mut c = chain(params, vec![(1, 500_000_000)]).await;
    let minted = begin_and_check(&mut c).await;
    assert!(minted > 0);
    assert_eq!(u128_of(c.balance_of(&fee_collector_address(), "uother").await), minted);
    assert_eq!(u128_of(c.supply(DENOM).await), 500_000_000, "the bond denom's supply is untouched");
}

#[tokio::test]
async fn update_params_is_governance_only_and_validated() {
    let mut c = chain(fast_params(), vec![(1, 1_000_000_000)]).await;
    let before = (c.state.mint_params().await.unwrap(), c.state.minter().await.unwrap());
    let wanted = Params { blocks_per_year: 1_000, inflation_max: dec("0.5"), ..Params::default() };

    let e =
        c.exec(MsgUpdateParams { authority: Address::from_bytes([1; 20]), params: wanted.clone() }).await.unwrap_err();
    assert_eq!((e.codespace, e.code), ("gov", 13), "{e}");
    assert!(e.log.contains("invalid authority; expected"), "{}", e.log);
    assert_eq!((c.state.mint_params().await.unwrap(), c.state.minter().await.unwrap()), before, "nothing changed");

    let invalid = Params { goal_bonded: dec("0"), ..wanted.clone() };
    let e = c.exec(MsgUpdateParams { authority: authority(), params: invalid }).await.unwrap_err();
    assert_eq!((e.codespace, e.code), ("sdk", 18), "{e}");
    assert!(e.log.contains("goal bonded must be positive"), "{}", e.log);
    assert_eq!(c.state.mint_params().await.unwrap(), before.0, "nothing changed");

    c.exec(MsgUpdateParams { authority: authority(), params: wanted.clone() }).await.unwrap();
    assert_eq!(c.state.mint_params().await.unwrap(), wanted);
    // The next block mints by the new params (begin_and_check reads them from state).
    begin_and_check(&mut c).await;

    // The message round-trips through its Any, as the tx decoder sees it.
    let msg = MsgUpdateParams { authority: authority(), params: wanted };
    let any = symbiote_core::msg::encode_any(&msg);
    assert_eq!(any.type_url, "/cosmos.mint.v1beta1.MsgUpdateParams");
    let decoded = <symbiote_mint::MintMsg as symbiote_core::MsgSet>::decode(&any).unwrap().unwrap();
    assert_eq!(decoded, symbiote_mint::MintMsg::UpdateParams(msg));
}

#[tokio::test]
async fn queries_answer_params_inflation_and_annual_provisions() {
    let mut c = chain(fast_params(), vec![(1, 1_000_000_000), (2, 3_000_000_000)]).await;
    for _ in 0..3 {
        begin_and_check(&mut c).await;
        c.end_block().await;
    }
    let minter = c.state.minter().await.unwrap();
    let params = c.state.mint_params().await.unwrap();
    let snapshots = c.commit().await;
    let query = MintQuery::new(snapshots);

    let got = query.params(tonic::Request::new(pb::QueryParamsRequest {})).await.unwrap().into_inner();
    let p = got.params.unwrap();
    assert_eq!(p.mint_denom, "usym");
    assert_eq!(p.blocks_per_year, 20);
    assert_eq!(p.inflation_rate_change, "130000000000000000", "protobuf Decs are the atoms");
    assert_eq!(p.goal_bonded, "670000000000000000");
    assert_eq!(Params::from_proto(&p).unwrap(), params);

    // cosmjs: Decimal.fromAtomics(new TextDecoder().decode(bytes), 18).
    let from_atomics = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap().parse::<i128>().unwrap();
    let inflation = query.inflation(tonic::Request::new(pb::QueryInflationRequest {})).await.unwrap();
    assert!(inflation.metadata().get("x-cosmos-block-height").is_some());
    assert_eq!(from_atomics(inflation.into_inner().inflation), atoms(minter.inflation));
    let annual = query
        .annual_provisions(tonic::Request::new(pb::QueryAnnualProvisionsRequest {}))
        .await
        .unwrap()
        .into_inner()
        .annual_provisions;
    assert_eq!(from_atomics(annual), atoms(minter.annual_provisions));
    assert!(minter.annual_provisions.is_positive());
}

#[tokio::test]
async fn exported_genesis_inits_to_the_same_state() {
    let mut c = chain(fast_params(), vec![(1, 1_000_000_000)]).await;
    for _ in 0..4 {
        begin_and_check(&mut c).await;
        c.end_block().await;
    }
    let exported = Mint::export_genesis(&c.state).await.unwrap();
    assert_ne!(exported.minter, Minter::default(), "the minter moved");
    Mint::validate_genesis(&exported).unwrap();
    let json = serde_json::to_string(&exported).unwrap();
    let again = Chain::with(Setup { mint: serde_json::from_str(&json).unwrap(), funded: vec![] }).await;
    assert_eq!(Mint::export_genesis(&again.state).await.unwrap(), exported);
}
