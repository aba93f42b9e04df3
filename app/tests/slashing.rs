//! Slashing and evidence through the whole app, as CometBFT drives it: a validator absent from
//! too many of the last commit's votes is slashed by the downtime fraction, jailed, leaves the
//! set, and returns by MsgUnjail once its jail time has passed; a double sign reported as
//! misbehaviour slashes 5 % of the stake at the infraction — the unbonding and the redelegation
//! that left after it included — jails forever and tombstones. Every refusal carries the SDK's
//! code; the staking, bank and distribution invariants hold after every block, and the supply is
//! genesis + minted − burnt.

use crate::common;

use common::net::*;
use symbiote_app::testing::BlockResult;
use symbiote_app::tx::build::any;
use symbiote_core::ValAddress;
use symbiote_slashing::{MsgUnjail, SlashingRead};
use symbiote_staking::{BondStatus, StakingRead};
use tendermint::abci::types::{Misbehavior, MisbehaviorKind};
use tendermint::block::BlockIdFlag;

fn attr<'a>(r: &'a BlockResult, kind: &str, key: &str) -> Option<&'a str> {
    r.events
        .iter()
        .filter(|e| e.kind == kind)
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key_bytes() == key.as_bytes())
        .map(|a| std::str::from_utf8(a.value_bytes()).unwrap())
}

fn unjail(op: ValAddress) -> symbiote_core::Any {
    any(&MsgUnjail { validator_addr: op })
}

/// A window of 4 blocks of which at least half must be signed (so 3 misses are too many), 10 s
/// in jail, 1 % for downtime.
async fn short_windows() -> Net {
    net_custom(|g| {
        g.slashing.params.signed_blocks_window = 4;
        g.slashing.params.downtime_jail_duration = std::time::Duration::from_secs(10);
    })
    .await
}

#[tokio::test]
async fn an_absent_validator_is_slashed_jailed_and_returns_after_its_jail_time() {
    let mut n = short_windows().await;
    let v2 = n.v2.clone();
    n.context.last_commit = vec![vote(1, 10, BlockIdFlag::Commit), vote(2, 10, BlockIdFlag::Absent)];
    // Bonded at genesis (start height 0), so misses are punished only past height 0 + 4: it
    // misses every block from h1 on (a test liberty: CometBFT has no votes at h1), and is over
    // the limit from h3, but only h5 punishes.
    for h in 1..=4 {
        let r = n.block(vec![]).await;
        assert!(attr(&r, "slash", "reason").is_none(), "h{h}: not before a full window");
        assert!(attr(&r, "liveness", "missed_blocks").is_some());
    }
    let supply_before = n.supply().await;
    let r = n.block(vec![]).await; // h5
    assert_eq!(attr(&r, "slash", "reason"), Some("missing_signature"));
    assert_eq!(attr(&r, "slash", "burned_coins"), Some("100000"), "1 % of power 10 × 10^6");
    let v = n.validator(&v2).await.unwrap();
    assert!(v.jailed);
    assert_eq!(v.tokens.to_string(), "9900000");
    assert_eq!(v.status, BondStatus::Unbonding, "out of the set at this block's end");
    assert_eq!(r.validator_updates.len(), 1);
    assert_eq!(r.validator_updates[0].power.value(), 0);
    assert_eq!(n.supply().await, supply_before - 100_000 + minted(&r), "the slash burns");
    let info = n.node.app.storage().latest_snapshot().signing_info(&consensus_key(2).address()).await.unwrap().unwrap();
    assert_eq!((info.missed_blocks_counter, info.index_offset), (0, 0), "the window restarts");

    // Jailed until h5 + 10 s = h7 (blocks are 5 s apart).
    n.context.last_commit = vec![vote(1, 10, BlockIdFlag::Commit)];
    n.refused(&v2, unjail(operator(&v2)), "slashing", 4, "still jailed").await; // h6
    let tx = n.tx(&v2, vec![unjail(operator(&v2))]);
    let r = n.block(vec![tx]).await; // h7
    assert_eq!(r.tx_results[0].code.value(), 0, "{}", r.tx_results[0].log);
    assert_eq!(r.validator_updates.len(), 1, "back in the set");
    assert_eq!(r.validator_updates[0].power.value(), 9, "9.9M tokens");
    assert!(!n.validator(&v2).await.unwrap().jailed);
    let info = n.node.app.storage().latest_snapshot().signing_info(&consensus_key(2).address()).await.unwrap().unwrap();
    assert_eq!(info.start_height, 7, "its window starts again where it rebonded");
    n.refused(&v2, unjail(operator(&v2)), "slashing", 5, "not jailed").await;
}

#[tokio::test]
async fn a_double_sign_slashes_the_stake_at_the_infraction_and_tombstones() {
    let mut n = short_windows().await;
    let (v1, d1) = (n.v1.clone(), n.d1.clone());
    n.ok(&d1, vec![delegate(&d1, &v1, 2_000_000)]).await; // h1: v1 has 12M (power 12)
    n.block(vec![]).await; // h2: the double sign happens here
    n.ok(&d1, vec![undelegate(&d1, &v1, 1_000_000)]).await; // h3: 1M leaves after it
    let not_bonded_before = n.balance(&symbiote_staking::state::not_bonded_pool()).await;

    // CometBFT reports it at h4 with the power v1 had then.
    let height = 2u32.into();
    n.context.misbehavior = vec![Misbehavior {
        kind: MisbehaviorKind::DuplicateVote,
        validator: tendermint::abci::types::Validator {
            address: *consensus_key(1).address().as_bytes(),
            power: 12u32.into(),
        },
        height,
        time: n.block_time(2).await,
        total_voting_power: 22u32.into(),
    }];
    let r = n.block(vec![]).await; // h4
    n.context.misbehavior.clear();
    assert_eq!(attr(&r, "slash", "reason"), Some("double_sign"));
    // 5 % of 12M = 600,000: 50,000 from the unbonding entry created after the infraction
    // (5 % of its 1M), the remaining 550,000 from v1's tokens.
    assert_eq!(attr(&r, "slash", "burned_coins"), Some("550000"));
    // The entry's 50,000 burnt from the not-bonded pool, and v1's remaining 10,450,000 moved
    // there as it left the set (jailed) at this block's end.
    assert_eq!(n.balance(&symbiote_staking::state::not_bonded_pool()).await, not_bonded_before - 50_000 + 10_450_000);
    let v = n.validator(&v1).await.unwrap();
    assert_eq!((v.tokens.to_string().as_str(), v.jailed), ("10450000", true));
    let snap = n.node.app.storage().latest_snapshot();
    let ubd = snap.unbonding_delegation(&d1.address(), &operator(&v1)).await.unwrap().unwrap();
    assert_eq!(ubd.entries[0].balance.to_string(), "950000");
    let info = snap.signing_info(&consensus_key(1).address()).await.unwrap().unwrap();
    assert!(info.tombstoned);
    assert_eq!(info.jailed_until, symbiote_slashing::state::double_sign_jail_end());
    let slashes = {
        use symbiote_distribution::DistributionRead;
        snap.slash_events(&operator(&v1)).await.unwrap()
    };
    assert_eq!(slashes.len(), 1, "distribution recorded the slash for F1");
    assert_eq!(slashes[0].fraction.to_string(), "0.050000000000000000", "550,000 of the 11M tokens it had");

    // The same evidence again changes nothing; unjailing is refused for good.
    n.refused(&v1, unjail(operator(&v1)), "slashing", 4, "tombstoned").await;
}

#[tokio::test]
async fn a_double_sign_reaches_the_redelegations_made_after_it() {
    let mut n = short_windows().await;
    let (v1, v2, d1) = (n.v1.clone(), n.v2.clone(), n.d1.clone());
    n.ok(&d1, vec![delegate(&d1, &v1, 2_000_000)]).await; // h1: v1 has 12M (power 12)
    n.block(vec![]).await; // h2: the double sign
    n.ok(&d1, vec![redelegate(&d1, &v1, &v2, 1_000_000)]).await; // h3: 1M moves to v2 after it
    n.context.misbehavior = vec![Misbehavior {
        kind: MisbehaviorKind::DuplicateVote,
        validator: tendermint::abci::types::Validator {
            address: *consensus_key(1).address().as_bytes(),
            power: 12u32.into(),
        },
        height: 2u32.into(),
        time: n.block_time(2).await,
        total_voting_power: 22u32.into(),
    }];
    let r = n.block(vec![]).await; // h4
    n.context.misbehavior.clear();
    // 5 % of 12M = 600,000: 50,000 (5 % of the redelegated 1M) unbonded from d1's new delegation
    // to v2 and burnt, the remaining 550,000 from v1.
    assert_eq!(attr(&r, "slash", "burned_coins"), Some("550000"));
    let snap = n.node.app.storage().latest_snapshot();
    let moved = snap.delegation(&d1.address(), &operator(&v2)).await.unwrap().unwrap();
    assert_eq!(moved.shares.to_string(), "950000.000000000000000000");
    assert_eq!(n.validator(&v2).await.unwrap().tokens.to_string(), "10950000");
    assert_eq!(n.validator(&v1).await.unwrap().tokens.to_string(), "10450000");
}

#[tokio::test]
async fn unjail_refusals_carry_the_sdks_codes() {
    // Nothing matures during this test, so a refused tx's block changes no staking state.
    let mut n = net_custom(|g| g.staking.params.unbonding_time = std::time::Duration::from_secs(7 * 24 * 3600)).await;
    let (v2, v3, d1) = (n.v2.clone(), n.v3.clone(), n.d1.clone());
    n.refused(&v3, unjail(operator(&v3)), "slashing", 2, "no such validator").await;
    n.refused(&d1, unjail(operator(&d1)), "slashing", 2, "an account that is no validator").await;
    n.refused(&v2, unjail(operator(&v2)), "slashing", 5, "not jailed").await;

    // v3 bonds 2M with a 1.5M minimum; unbonding 1M jails it (self-bond below the minimum)
    // without it ever having been slashed.
    let mut create = create_validator(&v3, 3, 2_000_000);
    create.min_self_delegation = symbiote_core::Amount::from(1_500_000u64);
    n.ok(&v3, vec![any(&create)]).await;
    n.ok(&v3, vec![undelegate(&v3, &v3, 1_000_000)]).await;
    assert!(n.validator(&v3).await.unwrap().jailed);
    n.refused(&v3, unjail(operator(&v3)), "slashing", 7, "self-bond below the minimum").await;
    n.ok(&v3, vec![undelegate(&v3, &v3, 1_000_000)]).await;
    n.refused(&v3, unjail(operator(&v3)), "slashing", 6, "no self-delegation left").await;
}
