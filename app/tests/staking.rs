//! Staking through the whole app, as CometBFT drives it: the genesis validator set decided by
//! gentxs at InitChain, validators joining and leaving through the validator updates of
//! FinalizeBlock, unbonded tokens paid at completion time, and every staking message's failure
//! with the SDK's codespace and code, changing no staking state and no balance but the fee. After every block the SDK's crisis invariants hold: staking's (bonded
//! pool = Σ bonded tokens, not-bonded pool = Σ unbonding entries + unbonding/unbonded tokens,
//! power index, shares) and bank's total supply = Σ balances.

use crate::common;

use common::net::*;
use common::FUNDS;
use symbiote_app::testing::BlockResult;
use symbiote_app::tx::build::any;
use symbiote_core::Amount;
use symbiote_staking::state::{bonded_pool, not_bonded_pool};
use symbiote_staking::validator::{Description, DO_NOT_MODIFY};
use symbiote_staking::{BondStatus, MsgCancelUnbondingDelegation, MsgDelegate, MsgEditValidator, StakingRead};

fn power_of(r: &BlockResult, seed: u8) -> Option<u64> {
    let key = consensus_key(seed);
    r.validator_updates.iter().find(|u| u.pub_key.to_bytes() == key.0).map(|u| u.power.value())
}

#[tokio::test]
async fn gentxs_decide_the_genesis_validator_set() {
    let mut n = net().await;
    let mut set: Vec<(Vec<u8>, u64)> =
        n.node.genesis_validators.iter().map(|u| (u.pub_key.to_bytes(), u.power.value())).collect();
    set.sort();
    let mut want = vec![(consensus_key(1).0.to_vec(), 10), (consensus_key(2).0.to_vec(), 10)];
    want.sort();
    assert_eq!(set, want, "power = self-bond / 10^6");
    let v1 = n.validator(&n.v1).await.unwrap();
    assert_eq!(v1.status, BondStatus::Bonded);
    assert_eq!(n.balance(&bonded_pool()).await, 2 * u128::from(SELF_BOND));
    assert_eq!(n.balance(&n.v1.address()).await, FUNDS - u128::from(SELF_BOND), "gentxs pay no fee");
    // Blocks go on with no validator change.
    let r = n.block(vec![]).await;
    assert!(r.validator_updates.is_empty());
}

#[tokio::test]
async fn a_validator_joins_and_leaves_through_validator_updates() {
    let mut n = net().await;
    let v3 = n.v3.clone();
    let r = n.ok(&v3, vec![any(&create_validator(&v3, 3, 25_000_000))]).await;
    assert_eq!(power_of(&r, 3), Some(25), "the new validator is in this block's updates");
    assert_eq!(r.validator_updates.len(), 1);
    let d1 = n.d1.clone();
    let r = n.ok(&d1, vec![delegate(&d1, &v3, 3_500_000)]).await;
    assert_eq!(power_of(&r, 3), Some(28), "power is truncated tokens / 10^6");
    let r = n.ok(&d1, vec![delegate(&d1, &v3, 400_000)]).await;
    assert!(r.validator_updates.is_empty(), "28.9M tokens is still power 28: no update");

    // Everybody leaves: power 0 at once, the tokens wait in the not-bonded pool.
    n.ok(&d1, vec![undelegate(&d1, &v3, 3_900_000)]).await;
    let before = n.balance(&v3.address()).await;
    let r = n.ok(&v3, vec![undelegate(&v3, &v3, 25_000_000)]).await;
    assert_eq!(power_of(&r, 3), Some(0));
    let v = n.validator(&v3).await.unwrap();
    assert_eq!((v.status, v.jailed), (BondStatus::Unbonding, true), "self-bond below the minimum jails");
    assert_eq!(n.balance(&v3.address()).await, before - FEE);
    // Paid exactly at completion: blocks are 5 s apart and unbonding takes 12 s.
    n.block(vec![]).await;
    n.block(vec![]).await;
    assert_eq!(n.balance(&v3.address()).await, before - FEE, "10 s after: still unbonding");
    let r = n.block(vec![]).await;
    assert_eq!(n.balance(&v3.address()).await, before - FEE + 25_000_000, "15 s after: paid");
    assert!(r.events.iter().any(|e| e.kind == "complete_unbonding"));
    assert!(n.validator(&v3).await.is_none(), "an unbonded validator with no shares is removed");
}

#[tokio::test]
async fn redelegation_then_cancelled_unbonding_move_pools_as_the_sdk_does() {
    let mut n = net().await;
    let (v1, v2, d1) = (n.v1.clone(), n.v2.clone(), n.d1.clone());
    n.ok(&d1, vec![delegate(&d1, &v1, 4_000_000)]).await;
    let r = n.ok(&d1, vec![redelegate(&d1, &v1, &v2, 1_000_000)]).await;
    assert_eq!((power_of(&r, 1), power_of(&r, 2)), (Some(13), Some(11)));
    // Bonded to bonded: the bonded pool does not change.
    assert_eq!(n.balance(&bonded_pool()).await, 24_000_000);
    let r = n.ok(&d1, vec![undelegate(&d1, &v1, 2_000_000)]).await;
    assert_eq!(power_of(&r, 1), Some(11));
    assert_eq!(n.balance(&not_bonded_pool()).await, 2_000_000);
    let snap = n.node.app.storage().latest_snapshot();
    let ubd = snap.unbonding_delegation(&d1.address(), &operator(&v1)).await.unwrap().unwrap();
    let height = ubd.entries[0].creation_height;
    let cancel = any(&MsgCancelUnbondingDelegation {
        delegator_address: d1.address(),
        validator_address: operator(&v1),
        amount: usym(500_000),
        creation_height: i64::try_from(height).unwrap(),
    });
    let r = n.ok(&d1, vec![cancel]).await;
    assert_eq!(power_of(&r, 1), None, "11.5M tokens is still power 11");
    assert_eq!(n.balance(&not_bonded_pool()).await, 1_500_000);
    let d = snap.delegation(&d1.address(), &operator(&v1)).await.unwrap().unwrap();
    assert_eq!(d.shares, dec("1000000"), "the snapshot before the cancel");
    let snap = n.node.app.storage().latest_snapshot();
    assert_eq!(snap.delegation(&d1.address(), &operator(&v1)).await.unwrap().unwrap().shares, dec("1500000"));
}

#[tokio::test]
async fn every_staking_message_fails_with_the_sdks_code_and_changes_nothing() {
    // Nothing matures during this test, so any change in a refused tx's block would be the tx's.
    let mut n = net_with(7 * 24 * 3600).await;
    let (v1, v2, v3, d1, d2) = (n.v1.clone(), n.v2.clone(), n.v3.clone(), n.d1.clone(), n.d2.clone());
    n.ok(&d1, vec![delegate(&d1, &v1, 2_000_000)]).await;

    n.refused(&d2, delegate(&d2, &v3, 1), "staking", 3, "unknown validator").await;
    let mut wrong_denom =
        MsgDelegate { delegator_address: d2.address(), validator_address: operator(&v1), amount: usym(1) };
    wrong_denom.amount.denom = "uatom".into();
    n.refused(&d2, any(&wrong_denom), "sdk", 18, "wrong denom").await;
    n.refused(&d2, undelegate(&d2, &v1, 1), "staking", 19, "no delegation").await;
    n.refused(&d1, undelegate(&d1, &v1, 2_000_001), "sdk", 18, "more than the delegation's shares").await;
    n.refused(&d1, redelegate(&d1, &v1, &v1, 1), "staking", 29, "self-redelegation").await;
    n.refused(&d1, redelegate(&d1, &v1, &v2, 2_000_001), "sdk", 18, "redelegating more than delegated").await;

    // v3 becomes a validator so that a transitive redelegation can be tried: d1 moves v1 → v2,
    // then may not move v2 → v3 until the first completes.
    n.ok(&v3, vec![any(&create_validator(&v3, 3, 5_000_000))]).await;
    n.ok(&d1, vec![delegate(&d1, &v2, 1_000_000)]).await;
    n.ok(&d1, vec![redelegate(&d1, &v1, &v2, 500_000)]).await;
    n.refused(&d1, redelegate(&d1, &v2, &v3, 100), "staking", 32, "transitive redelegation").await;

    // max_entries is 2 in this genesis.
    n.ok(&d1, vec![undelegate(&d1, &v1, 1)]).await;
    n.ok(&d1, vec![undelegate(&d1, &v1, 1)]).await;
    n.refused(&d1, undelegate(&d1, &v1, 1), "staking", 27, "too many unbonding entries").await;

    // Validator creation and commission rules.
    n.refused(&v1, any(&create_validator(&v1, 9, 1_000_000)), "staking", 4, "operator exists").await;
    n.refused(&d2, any(&create_validator(&d2, 1, 1_000_000)), "staking", 5, "duplicate consensus pubkey").await;
    let mut above_max = create_validator(&d2, 9, 1_000_000);
    above_max.commission.as_mut().unwrap().rate = dec("0.3");
    n.refused(&d2, any(&above_max), "staking", 11, "rate above max rate").await;
    let mut change_above_max = create_validator(&d2, 9, 1_000_000);
    change_above_max.commission.as_mut().unwrap().max_change_rate = dec("0.25");
    n.refused(&d2, any(&change_above_max), "staking", 14, "max change rate above max rate").await;
    let mut below_min = create_validator(&d2, 9, 1_000_000);
    below_min.min_self_delegation = Amount::from(2_000_000u64);
    n.refused(&d2, any(&below_min), "staking", 16, "self-delegation below its minimum").await;
    let edit = MsgEditValidator {
        description: Description {
            moniker: DO_NOT_MODIFY.into(),
            identity: DO_NOT_MODIFY.into(),
            website: DO_NOT_MODIFY.into(),
            security_contact: DO_NOT_MODIFY.into(),
            details: DO_NOT_MODIFY.into(),
        },
        validator_address: operator(&v3),
        commission_rate: Some(dec("0.105")),
        min_self_delegation: None,
    };
    n.refused(&v3, any(&edit), "staking", 12, "commission change within 24 h").await;
    let cancel = any(&MsgCancelUnbondingDelegation {
        delegator_address: d2.address(),
        validator_address: operator(&v1),
        amount: usym(1),
        creation_height: 1,
    });
    n.refused(&d2, cancel, "staking", 26, "no unbonding delegation to cancel").await;
}
