//! Staking operations end to end on one in-memory chain: the SDK's rules for shares, pools,
//! entries, queues, the validator set and hooks, with the invariants checked after every block.

mod common;

use common::*;
use symbiote_core::Amount;
use symbiote_staking::{
    BondStatus, MsgBeginRedelegate, MsgCancelUnbondingDelegation, MsgDelegate, MsgEditValidator, MsgUndelegate,
    StakingRead,
};

fn delegate(n: u8, val: u8, amount: u64) -> MsgDelegate {
    MsgDelegate { delegator_address: account(n), validator_address: operator(val), amount: coin(amount) }
}

fn undelegate(n: u8, val: u8, amount: u64) -> MsgUndelegate {
    MsgUndelegate { delegator_address: account(n), validator_address: operator(val), amount: coin(amount) }
}

fn redelegate(n: u8, src: u8, dst: u8, amount: u64) -> MsgBeginRedelegate {
    MsgBeginRedelegate {
        delegator_address: account(n),
        validator_src_address: operator(src),
        validator_dst_address: operator(dst),
        amount: coin(amount),
    }
}

fn code(e: symbiote_core::SdkError) -> (&'static str, u32) {
    (e.codespace, e.code)
}

#[tokio::test]
async fn a_created_validator_bonds_at_the_end_of_the_block_with_power_tokens_over_a_million() {
    let mut c = Chain::new().await;
    c.exec(create_validator(1, 5_000_000)).await.unwrap();
    let v = c.validator(1).await;
    assert_eq!((v.status, v.tokens, v.delegator_shares), (BondStatus::Unbonded, 5_000_000u64.into(), dec("5000000")));
    assert_eq!(c.pools().await, (Amount::ZERO, 5_000_000u64.into()), "unbonded tokens wait in the not-bonded pool");
    assert_eq!(c.balance(1).await, Amount::from(995_000_000u64));
    assert_eq!(c.recorder.take(), ["created v1", "delegation-created 1 v1", "delegation-modified 1 v1"]);
    let e = &c.take_events("create_validator")[0];
    assert_eq!((attr(e, "validator"), attr(e, "amount")), (operator(1).to_string().as_str(), "5000000usym"));

    let updates = c.end_block(5).await;
    assert_eq!(power_of(&updates, &consensus_key(1)), Some(5));
    assert_eq!(c.validator(1).await.status, BondStatus::Bonded);
    assert_eq!(c.pools().await, (5_000_000u64.into(), Amount::ZERO));
    assert_eq!(c.recorder.take(), ["bonded v1"]);
    assert_eq!(c.state.last_validator_power(&operator(1)).await.unwrap(), Some(5));
    assert!(c.end_block(5).await.is_empty(), "no change, no update");
    let hist = c.state.historical_info(2).await.unwrap().expect("begin block records history");
    assert_eq!(hist.valset.len(), 1);
}

#[tokio::test]
async fn delegations_issue_shares_and_change_power_once_per_block() {
    let mut c = Chain::new().await;
    c.exec(create_validator(1, 5_000_000)).await.unwrap();
    c.end_block(5).await;
    c.recorder.take();
    c.exec(delegate(2, 1, 2_500_000)).await.unwrap();
    let d = c.state.delegation(&account(2), &operator(1)).await.unwrap().unwrap();
    assert_eq!(d.shares, dec("2500000"));
    let e = &c.take_events("delegate")[0];
    assert_eq!(attr(e, "new_shares"), "2500000.000000000000000000");
    assert_eq!(c.pools().await.0, Amount::from(7_500_000u64), "a bonded validator's tokens go to the bonded pool");
    assert_eq!(c.recorder.take(), ["delegation-created 2 v1", "delegation-modified 2 v1"]);
    c.exec(delegate(2, 1, 1)).await.unwrap();
    assert_eq!(c.recorder.take(), ["shares-modified 2 v1", "delegation-modified 2 v1"]);
    let updates = c.end_block(5).await;
    assert_eq!(power_of(&updates, &consensus_key(1)), Some(7));
}

#[tokio::test]
async fn undelegated_tokens_arrive_exactly_at_completion_time() {
    let mut c = Chain::new().await;
    c.exec(create_validator(1, 5_000_000)).await.unwrap();
    c.end_block(5).await;
    c.exec(delegate(2, 1, 3_000_000)).await.unwrap();
    c.end_block(5).await;
    let before = c.balance(2).await;
    let unbond_time = c.time;
    let r = c.exec(undelegate(2, 1, 1_000_000)).await.unwrap();
    assert_eq!(r.amount.unwrap().amount, "1000000");
    let completion = symbiote_staking::time::from_timestamp(&r.completion_time.unwrap()).unwrap();
    assert_eq!(completion, unbond_time.checked_add(std::time::Duration::from_secs(100)).unwrap());
    let e = &c.take_events("unbond")[0];
    assert_eq!(attr(e, "amount"), "1000000usym");
    assert_eq!(c.pools().await, (7_000_000u64.into(), 1_000_000u64.into()));
    let ubd = c.state.unbonding_delegation(&account(2), &operator(1)).await.unwrap().unwrap();
    assert_eq!((ubd.entries.len(), ubd.entries[0].creation_height), (1, c.height));

    // 99 seconds later nothing is paid; at exactly 100 it is.
    c.end_block(99).await; // ends the block at T; the next is at T+99
    c.end_block(1).await; // ends T+99: not due; the next is at T+100
    assert_eq!(c.balance(2).await, before);
    assert!(c.take_events("complete_unbonding").is_empty());
    c.end_block(1).await; // ends the block at T+100
                          // The block whose time is the completion time pays in its end block.
    let paid = c.take_events("complete_unbonding");
    assert_eq!(paid.len(), 1);
    assert_eq!(attr(&paid[0], "amount"), "1000000usym");
    assert_eq!(c.balance(2).await, before.checked_add(1_000_000u64.into()).unwrap());
    assert!(c.state.unbonding_delegation(&account(2), &operator(1)).await.unwrap().is_none());
    assert_eq!(c.pools().await.1, Amount::ZERO);
}

#[tokio::test]
async fn redelegation_moves_shares_now_and_refuses_transitive_self_and_excess_entries() {
    let mut c = Chain::new().await;
    for n in 1..=3 {
        c.exec(create_validator(n, 5_000_000)).await.unwrap();
    }
    c.end_block(5).await;
    c.exec(delegate(4, 1, 3_000_000)).await.unwrap();
    c.exec(redelegate(4, 1, 2, 1_000_000)).await.unwrap();
    assert_eq!(c.state.delegation(&account(4), &operator(2)).await.unwrap().unwrap().shares, dec("1000000"));
    assert_eq!(c.state.delegation(&account(4), &operator(1)).await.unwrap().unwrap().shares, dec("2000000"));
    assert_eq!(code(c.exec(redelegate(4, 2, 3, 1)).await.unwrap_err()), ("staking", 32), "transitive");
    assert_eq!(code(c.exec(redelegate(4, 1, 1, 1)).await.unwrap_err()), ("staking", 29), "to itself");
    assert_eq!(code(c.exec(redelegate(4, 1, 9, 1)).await.unwrap_err()), ("staking", 31), "unknown destination");
    assert_eq!(code(c.exec(redelegate(4, 9, 1, 1)).await.unwrap_err()), ("staking", 3), "unknown source");
    for _ in 1..7 {
        c.exec(redelegate(4, 1, 2, 1)).await.unwrap();
    }
    assert_eq!(code(c.exec(redelegate(4, 1, 2, 1)).await.unwrap_err()), ("staking", 33), "max entries");
    c.end_block(100).await;
    c.end_block(1).await;
    assert!(c.state.redelegation(&account(4), &operator(1), &operator(2)).await.unwrap().is_none());
    assert_eq!(c.take_events("complete_redelegation").len(), 1);
    c.exec(redelegate(4, 2, 3, 1)).await.unwrap();
}

#[tokio::test]
async fn cancelling_an_unbonding_delegates_back_and_shrinks_the_entry() {
    let mut c = Chain::new().await;
    c.exec(create_validator(1, 5_000_000)).await.unwrap();
    c.end_block(5).await;
    c.exec(delegate(2, 1, 3_000_000)).await.unwrap();
    c.exec(undelegate(2, 1, 1_000_000)).await.unwrap();
    let height = c.height as i64;
    let cancel = |amount: u64, h: i64| MsgCancelUnbondingDelegation {
        delegator_address: account(2),
        validator_address: operator(1),
        amount: coin(amount),
        creation_height: h,
    };
    assert!(c.exec(cancel(1, height + 1)).await.unwrap_err().is(symbiote_core::error::Code::NotFound));
    assert_eq!(c.exec(cancel(2_000_000, height)).await.unwrap_err().code, 18, "more than the entry");
    c.exec(cancel(400_000, height)).await.unwrap();
    let ubd = c.state.unbonding_delegation(&account(2), &operator(1)).await.unwrap().unwrap();
    assert_eq!((ubd.entries[0].balance, ubd.entries[0].initial_balance), (600_000u64.into(), 600_000u64.into()));
    assert_eq!(c.pools().await, (7_400_000u64.into(), 600_000u64.into()));
    c.exec(cancel(600_000, height)).await.unwrap();
    assert!(c.state.unbonding_delegation(&account(2), &operator(1)).await.unwrap().is_none());
    assert_eq!(c.take_events("cancel_unbonding_delegation").len(), 2);
    c.end_block(200).await;
    c.end_block(1).await;
    assert_eq!(c.balance(2).await, Amount::from(997_000_000u64), "nothing left to pay out");
}

#[tokio::test]
async fn self_bond_below_the_minimum_jails_and_the_set_drops_the_validator() {
    let mut c = Chain::new().await;
    let mut msg = create_validator(1, 5_000_000);
    msg.min_self_delegation = 4_000_000u64.into();
    c.exec(msg).await.unwrap();
    c.exec(create_validator(2, 5_000_000)).await.unwrap();
    c.end_block(5).await;
    c.recorder.take();
    c.exec(undelegate(1, 1, 2_000_000)).await.unwrap();
    assert!(c.validator(1).await.jailed);
    let updates = c.end_block(5).await;
    assert_eq!(power_of(&updates, &consensus_key(1)), Some(0));
    assert_eq!(c.validator(1).await.status, BondStatus::Unbonding);
    assert!(c.recorder.take().contains(&"begin-unbonding v1".to_string()));
    // Unbonding ends after the unbonding time; the validator keeps its remaining self-bond.
    c.end_block(100).await;
    c.end_block(1).await;
    assert_eq!(c.validator(1).await.status, BondStatus::Unbonded);
    // Delegating to a jailed validator is allowed; it does not re-enter the set.
    c.exec(delegate(3, 1, 10_000_000)).await.unwrap();
    assert!(c.end_block(1).await.is_empty());
}

#[tokio::test]
async fn only_max_validators_are_bonded_and_the_weakest_leaves_with_power_zero() {
    let mut setup = Setup::default();
    setup.params.max_validators = 2;
    let mut c = Chain::with(setup).await;
    c.exec(create_validator(1, 3_000_000)).await.unwrap();
    c.exec(create_validator(2, 2_000_000)).await.unwrap();
    c.exec(create_validator(3, 1_000_000)).await.unwrap();
    let updates = c.end_block(5).await;
    assert_eq!(updates.len(), 2);
    assert_eq!(c.validator(3).await.status, BondStatus::Unbonded);
    assert_eq!(c.pools().await, (5_000_000u64.into(), 1_000_000u64.into()));
    c.exec(delegate(4, 3, 5_000_000)).await.unwrap();
    let updates = c.end_block(5).await;
    assert_eq!(power_of(&updates, &consensus_key(3)), Some(6));
    assert_eq!(power_of(&updates, &consensus_key(2)), Some(0));
    assert_eq!(c.validator(2).await.status, BondStatus::Unbonding);
    assert_eq!(c.state.last_total_power().await.unwrap(), Amount::from(9u64));
    // v2 back to 6 ties v3 at 6; both outrank v1 (3), which leaves.
    c.exec(delegate(4, 2, 4_000_000)).await.unwrap();
    let updates = c.end_block(5).await;
    assert_eq!(power_of(&updates, &consensus_key(2)), Some(6));
    assert_eq!(power_of(&updates, &consensus_key(1)), Some(0));
    assert_eq!(power_of(&updates, &consensus_key(3)), None, "unchanged, no update");
    // A three-way tie at 6 for two places: the lower operator addresses (v1, v2) win.
    c.exec(delegate(4, 1, 3_000_000)).await.unwrap();
    let updates = c.end_block(5).await;
    assert_eq!(power_of(&updates, &consensus_key(1)), Some(6));
    assert_eq!(power_of(&updates, &consensus_key(3)), Some(0));
    assert_eq!(c.validator(3).await.status, BondStatus::Unbonding);
}

#[tokio::test]
async fn every_message_fails_with_the_sdks_code_and_changes_nothing() {
    let mut c = Chain::new().await;
    c.exec(create_validator(1, 5_000_000)).await.unwrap();
    c.end_block(5).await;
    c.events.clear();
    let snapshot_balance = (c.balance(1).await, c.balance(2).await, c.pools().await);

    assert_eq!(code(c.exec(delegate(2, 9, 1)).await.unwrap_err()), ("staking", 3), "unknown validator");
    let mut wrong = delegate(2, 1, 1);
    wrong.amount.denom = "uatom".into();
    assert_eq!(code(c.exec(wrong).await.unwrap_err()), ("sdk", 18), "wrong denom");
    assert_eq!(code(c.exec(undelegate(2, 1, 1)).await.unwrap_err()), ("staking", 19), "no delegation");
    c.exec(delegate(2, 1, 100)).await.unwrap();
    assert_eq!(code(c.exec(undelegate(2, 1, 101)).await.unwrap_err()), ("sdk", 18), "more than delegated");
    for _ in 0..7 {
        c.exec(undelegate(2, 1, 1)).await.unwrap();
        c.end_block(1).await;
    }
    assert_eq!(code(c.exec(undelegate(2, 1, 1)).await.unwrap_err()), ("staking", 27), "too many entries");
    assert_eq!(code(c.exec(create_validator(1, 1_000_000)).await.unwrap_err()), ("staking", 4), "operator exists");
    let mut same_key = create_validator(5, 1_000_000);
    same_key.pubkey = Some(consensus_key(1));
    assert_eq!(code(c.exec(same_key).await.unwrap_err()), ("staking", 5), "duplicate pubkey");
    let mut bad_rate = create_validator(5, 1_000_000);
    bad_rate.commission.as_mut().unwrap().rate = dec("0.3");
    assert_eq!(code(c.exec(bad_rate).await.unwrap_err()), ("staking", 11), "rate above max");
    let mut below_min = create_validator(5, 1_000_000);
    below_min.min_self_delegation = 2_000_000u64.into();
    assert_eq!(code(c.exec(below_min).await.unwrap_err()), ("staking", 16));
    let edit = |rate: &str| MsgEditValidator {
        description: symbiote_staking::validator::Description {
            moniker: symbiote_staking::validator::DO_NOT_MODIFY.into(),
            identity: symbiote_staking::validator::DO_NOT_MODIFY.into(),
            website: symbiote_staking::validator::DO_NOT_MODIFY.into(),
            security_contact: symbiote_staking::validator::DO_NOT_MODIFY.into(),
            details: symbiote_staking::validator::DO_NOT_MODIFY.into(),
        },
        validator_address: operator(1),
        commission_rate: Some(dec(rate)),
        min_self_delegation: None,
    };
    assert_eq!(code(c.exec(edit("0.105")).await.unwrap_err()), ("staking", 12), "within 24h of creation");
    c.end_block(86_400).await;
    assert_eq!(code(c.exec(edit("0.2")).await.unwrap_err()), ("staking", 15), "beyond max change rate");
    c.exec(edit("0.105")).await.unwrap();
    assert_eq!(c.validator(1).await.commission.commission_rates.rate, dec("0.105"));
    assert_eq!(c.validator(1).await.description.moniker, "val1", "[do-not-modify] keeps the moniker");

    assert_eq!(c.balance(1).await, snapshot_balance.0, "failures moved no coins");
}

#[tokio::test]
async fn a_validator_with_no_shares_left_is_removed_after_unbonding() {
    let mut c = Chain::new().await;
    c.exec(create_validator(1, 5_000_000)).await.unwrap();
    c.exec(create_validator(2, 5_000_000)).await.unwrap();
    c.end_block(5).await;
    c.recorder.take();
    c.exec(undelegate(1, 1, 5_000_000)).await.unwrap();
    let updates = c.end_block(5).await;
    assert_eq!(power_of(&updates, &consensus_key(1)), Some(0));
    c.end_block(100).await;
    c.end_block(1).await;
    assert!(c.state.validator(&operator(1)).await.unwrap().is_none());
    assert!(c.recorder.take().contains(&"removed v1".to_string()));
}

#[tokio::test]
async fn genesis_exports_and_reimports_to_the_same_state() {
    let mut c = Chain::new().await;
    c.exec(create_validator(1, 5_000_000)).await.unwrap();
    c.exec(create_validator(2, 7_000_000)).await.unwrap();
    c.end_block(5).await;
    c.exec(delegate(3, 1, 1_000_000)).await.unwrap();
    c.exec(undelegate(3, 1, 500_000)).await.unwrap();
    c.exec(redelegate(3, 1, 2, 100_000)).await.unwrap();
    c.end_block(5).await;
    let exported = symbiote_staking::genesis::GenesisState::export(&c.state).await.unwrap();
    assert!(exported.exported);
    assert_eq!(exported.validators.len(), 2);
    let json = serde_json::to_value(&exported).unwrap();
    let back: symbiote_staking::genesis::GenesisState = serde_json::from_value(json).unwrap();
    assert_eq!(back, exported);
    back.validate().unwrap();
}
