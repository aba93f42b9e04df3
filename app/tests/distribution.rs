//! Mint and distribution through the whole app, as CometBFT drives it: each block's fees and
//! newly minted coins shared by the last commit's voting power, the community tax and the
//! rounding dust to the community pool, commission, and F1 delegator rewards, checked against
//! an independent computation in plain integers (18-decimal atoms, the SDK's rounding) — across
//! a slash too — with the distribution, staking and bank invariants after every block.

use crate::common;

use common::net::*;
use common::send_msg;
use symbiote_app::tx::build::{any, Signer};
use symbiote_core::{DecCoins, LegacyDec};
use symbiote_distribution::{
    DistributionRead, MsgSetWithdrawAddress, MsgWithdrawDelegatorReward, MsgWithdrawValidatorCommission,
};
use tendermint::block::BlockIdFlag;

const ATOM: u128 = 1_000_000_000_000_000_000; // 10^18: one unit in LegacyDec atoms

fn atoms(d: LegacyDec) -> u128 {
    d.atoms_i128().unwrap().try_into().unwrap()
}

/// a × b / 10^18 for atoms a, b (the product of two decimals), as (quotient, remainder): split so
/// that nothing overflows u128.
fn mul_atoms(a: u128, b: u128) -> (u128, u128) {
    let (q, r) = (a / ATOM, a % ATOM);
    let low = r * b; // < 10^18 · b
    (q * b + low / ATOM, low % ATOM)
}

/// MulTruncate.
fn mul_truncate(a: u128, b: u128) -> u128 {
    mul_atoms(a, b).0
}

/// Mul: rounded half to even.
fn mul_half_even(a: u128, b: u128) -> u128 {
    let (q, r) = mul_atoms(a, b);
    match (2 * r).cmp(&ATOM) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q % 2),
    }
}

/// The SDK's allocation, by hand: what each validator of the vote set gets from `collected`
/// whole coins, its commission at 10 %, and what the community pool gets (tax and dust).
struct Allocation {
    reward: Vec<u128>,
    commission: Vec<u128>,
    pool: u128,
}

fn allocate(collected: u128, powers: &[u128]) -> Allocation {
    let total: u128 = powers.iter().sum();
    let fee_multiplier = collected * 98 * ATOM / 100; // × (1 − 0.02), exact for whole coins
    let mut out = Allocation { reward: vec![], commission: vec![], pool: collected * ATOM };
    for p in powers {
        let fraction = p * ATOM / total; // QuoTruncate
        let reward = mul_truncate(fee_multiplier, fraction); // MulDecTruncate
        out.commission.push(mul_half_even(reward, ATOM / 10)); // MulDec by 0.1
        out.reward.push(reward);
        out.pool -= reward;
    }
    out
}

/// v1's side of the F1 bookkeeping, by hand, with v1 at power 20 and v2 at 10.
#[derive(Default)]
struct Oracle {
    v1_period: u128,
    v1_commission: u128,
    v1_rewards_total: u128,
    pool: u128,
}

impl Oracle {
    fn block(&mut self, collected: u128) {
        let a = allocate(collected, &[20, 10]);
        self.v1_period += a.reward[0] - a.commission[0];
        self.v1_commission += a.commission[0];
        self.v1_rewards_total += a.reward[0];
        self.pool += a.pool;
    }
}

#[tokio::test]
async fn fees_and_mint_reach_delegators_and_commission_exactly_as_f1_computes() {
    let mut n = net().await;
    let (v1, v2, d1) = (n.v1.clone(), n.v2.clone(), n.d1.clone());
    let d2 = n.d2.clone();
    let w = Signer::from_seed("withdraw-to").address();
    const STAKE: u128 = 10_000_000;

    // Oracle state: what the fee collector holds, v1's current-period rewards and commission,
    // the community pool, all in atoms.
    let mut fee_collector: u128 = 0;
    let mut o = Oracle::default();

    // Height 1: d1 delegates 10 usym·10^6 to v1 (v1: 20M tokens, power 20) and sends its rewards
    // to `w`. Nothing is allocated at height 1.
    let set_withdraw = any(&MsgSetWithdrawAddress { delegator_address: d1.address(), withdraw_address: w });
    let r = n.ok(&d1, vec![delegate(&d1, &v1, STAKE as u64), set_withdraw]).await;
    fee_collector += minted(&r) + FEE;
    assert!(r.tx_results[0].events.iter().any(|e| e.kind == "set_withdraw_address"));

    // Heights 2..=6 carry one fee-paying send each; 2..=7 allocate with v1 at 20 and v2 at 10.
    n.context.last_commit = vec![vote(1, 20, BlockIdFlag::Commit), vote(2, 10, BlockIdFlag::Commit)];
    for _ in 2..=6 {
        let tx = n.tx(&d2, vec![send_msg(&d2, v2.address(), "1usym")]);
        let r = n.block(vec![tx]).await;
        assert_eq!(r.tx_results[0].code.value(), 0, "{}", r.tx_results[0].log);
        o.block(fee_collector + minted(&r));
        fee_collector = FEE;
    }

    // Height 7: d1 withdraws. The period since its delegation ends here: ratio = rewards /
    // tokens (truncated), owed = ratio × stake (truncated); whole coins to `w`, the fraction to
    // the community pool.
    let tx = n.tx(
        &d1,
        vec![any(&MsgWithdrawDelegatorReward { delegator_address: d1.address(), validator_address: operator(&v1) })],
    );
    let r = n.block(vec![tx]).await;
    assert_eq!(r.tx_results[0].code.value(), 0, "{}", r.tx_results[0].log);
    o.block(fee_collector + minted(&r));
    fee_collector = FEE;
    let ratio = o.v1_period / (2 * STAKE); // QuoDecTruncate by tokens
    o.v1_period = 0; // a new period starts
    let owed = ratio * STAKE; // × stake (10^7 · 10^18 atoms), truncated at 18 places
    let paid = owed / ATOM;
    o.pool += owed % ATOM;
    assert!(paid > 0, "enough blocks for a whole coin");
    assert_eq!(n.balance(&w).await, paid, "d1's rewards, exactly");
    let event = r.tx_results[0].events.iter().find(|e| e.kind == "withdraw_rewards").unwrap();
    let amount = event.attributes.iter().find(|a| a.key_bytes() == b"amount").unwrap();
    assert_eq!(amount.value_bytes(), format!("{paid}usym").as_bytes());

    // Height 8: v1 withdraws its commission (whole coins; the fraction stays accumulated).
    let before = n.balance(&v1.address()).await;
    let tx = n.tx(&v1, vec![any(&MsgWithdrawValidatorCommission { validator_address: operator(&v1) })]);
    let r = n.block(vec![tx]).await;
    assert_eq!(r.tx_results[0].code.value(), 0, "{}", r.tx_results[0].log);
    o.block(fee_collector + minted(&r));
    let commission_paid = o.v1_commission / ATOM;
    assert_eq!(n.balance(&v1.address()).await, before - FEE + commission_paid, "v1's commission, exactly");

    fee_collector = FEE;

    // Height 9: CometBFT reports that v1 double-signed at height 8 (power 20). BeginBlock
    // allocates first (into the period d1 restarted at h7), then slashing takes 5 % of 20M =
    // 1M from v1's 20M tokens: the period ends at the slash (ratio over 20M tokens), and d1's
    // stake counts 95 % from then on.
    n.context.misbehavior = vec![tendermint::abci::types::Misbehavior {
        kind: tendermint::abci::types::MisbehaviorKind::DuplicateVote,
        validator: tendermint::abci::types::Validator {
            address: *consensus_key(1).address().as_bytes(),
            power: 20u32.into(),
        },
        height: 8u32.into(),
        time: n.block_time(8).await,
        total_voting_power: 30u32.into(),
    }];
    let r = n.block(vec![]).await;
    n.context.misbehavior.clear();
    assert_eq!(n.validator(&v1).await.unwrap().tokens.to_string(), "19000000");
    o.block(fee_collector + minted(&r));
    fee_collector = 0;
    let ratio_before_slash = o.v1_period / (2 * STAKE);
    o.v1_period = 0;

    // Height 10: d1 withdraws again: the period before the slash on the full stake, the one
    // after it (ratio over 19M tokens) on 95 % of it, each truncated.
    let tx = n.tx(
        &d1,
        vec![any(&MsgWithdrawDelegatorReward { delegator_address: d1.address(), validator_address: operator(&v1) })],
    );
    let r = n.block(vec![tx]).await;
    assert_eq!(r.tx_results[0].code.value(), 0, "{}", r.tx_results[0].log);
    o.block(fee_collector + minted(&r));
    let ratio_after_slash = o.v1_period / 19_000_000;
    let owed_across = ratio_before_slash * STAKE + ratio_after_slash * (STAKE * 95 / 100);
    let paid_across = owed_across / ATOM;
    o.pool += owed_across % ATOM;
    assert!(paid_across > 0);
    assert_eq!(n.balance(&w).await, paid + paid_across, "d1's rewards across the slash, exactly");

    let snap = n.node.app.storage().latest_snapshot();
    let left = snap.accumulated_commission(&operator(&v1)).await.unwrap();
    assert_eq!(
        atoms(left.amount_of("usym")),
        o.v1_commission - commission_paid * ATOM,
        "the fraction stays accumulated"
    );
    let outstanding = snap.outstanding_rewards(&operator(&v1)).await.unwrap().unwrap();
    assert_eq!(atoms(outstanding.amount_of("usym")), o.v1_rewards_total - owed - owed_across - commission_paid * ATOM);
    let community = snap.community_pool().await.unwrap();
    assert_eq!(atoms(community.amount_of("usym")), o.pool, "tax + dust + the withdrawals' fractions");
    assert_ne!(community, DecCoins::new());
}

#[tokio::test]
async fn distribution_messages_fail_with_the_sdks_codes() {
    let mut n = net().await;
    let (v1, d1, d2) = (n.v1.clone(), n.d1.clone(), n.d2.clone());
    let withdraw = |d: &Signer, v: &Signer| {
        any(&MsgWithdrawDelegatorReward { delegator_address: d.address(), validator_address: operator(v) })
    };
    let v3 = n.v3.clone();
    n.refused(&d1, withdraw(&d1, &v3), "staking", 3, "unknown validator").await;
    n.refused(&d1, withdraw(&d1, &v1), "staking", 19, "no delegation").await;
    n.refused(
        &v3,
        any(&MsgWithdrawValidatorCommission { validator_address: operator(&v3) }),
        "distribution",
        7,
        "no commission",
    )
    .await;
    let to_module = any(&MsgSetWithdrawAddress {
        delegator_address: d2.address(),
        withdraw_address: symbiote_auth::fee_collector_address(),
    });
    n.refused(&d2, to_module, "sdk", 4, "withdraw address is a module account").await;
    let spend = any(&symbiote_distribution::MsgCommunityPoolSpend {
        authority: d2.address(),
        recipient: d2.address(),
        amount: common::coins("1usym"),
    });
    n.refused(&d2, spend, "gov", 13, "community pool spend without gov authority").await;
    let fund = |amount: &str| {
        any(&symbiote_distribution::MsgFundCommunityPool { amount: common::coins(amount), depositor: d2.address() })
    };
    n.refused(&d2, fund("2000000000usym"), "sdk", 5, "funding more than the depositor has").await;
    n.refused(&d2, fund(""), "sdk", 10, "funding nothing").await;
    let params = symbiote_distribution::Params::default();
    let update = |authority, params| any(&symbiote_distribution::MsgUpdateParams { authority, params });
    n.refused(&d2, update(d2.address(), params.clone()), "gov", 13, "distribution params without gov authority").await;
    let bad = symbiote_distribution::Params { community_tax: "1.5".parse().unwrap(), ..params };
    let authority = symbiote_core::module_account::authority();
    n.refused(&d2, update(authority, bad), "sdk", 18, "a community tax above 1").await;
    let slashing = symbiote_slashing::Params::default();
    let update = |authority, params| any(&symbiote_slashing::MsgUpdateParams { authority, params });
    n.refused(&d2, update(d2.address(), slashing.clone()), "gov", 13, "slashing params without gov authority").await;
    let bad = symbiote_slashing::Params { signed_blocks_window: 0, ..slashing };
    n.refused(&d2, update(authority, bad), "sdk", 18, "an empty signed-blocks window").await;
}

#[tokio::test]
async fn a_withdraw_address_cannot_be_set_when_params_disable_it() {
    let mut n = net_custom(|g| g.distribution.params.withdraw_addr_enabled = false).await;
    let d1 = n.d1.clone();
    let set = any(&MsgSetWithdrawAddress { delegator_address: d1.address(), withdraw_address: n.d2.address() });
    n.refused(&d1, set, "distribution", 8, "withdraw addresses disabled").await;
}

/// The community pool in and out: anyone funds it (MsgFundCommunityPool, coins to the distribution
/// account, credited exactly); only governance spends it (MsgCommunityPoolSpend, executed here as a
/// passed proposal would run it: the gov account as authority, no signature), never more than it
/// holds (distribution 9), never to a module account (code 4).
#[tokio::test]
async fn the_community_pool_is_funded_by_anyone_and_spent_by_governance() {
    use symbiote_app::ModuleSet;
    use symbiote_core::module_account::authority;
    use symbiote_core::{MsgContext, MsgHandler};
    use symbiote_distribution::{MsgCommunityPoolSpend, MsgFundCommunityPool};

    let mut n = net().await;
    let d2 = n.d2.clone();
    let pool = |n: &Net| {
        let snap = n.node.app.storage().latest_snapshot();
        async move { atoms(snap.community_pool().await.unwrap().amount_of("usym")) }
    };
    n.block(vec![]).await; // BeginBlock has started filling the pool from the mint
    let before = pool(&n).await;
    let fund = MsgFundCommunityPool { amount: common::coins("1000000usym"), depositor: d2.address() };
    let r = n.ok(&d2, vec![any(&fund)]).await;
    // With no votes in these blocks, BeginBlock gave the pool all it moved from the fee collector
    // (the `transfer` to the distribution account); the tx adds exactly its amount.
    let distribution = symbiote_distribution::module_address().to_string();
    let moved: u128 = r
        .events
        .iter()
        .filter(|e| e.kind == "transfer")
        .filter(|e| {
            e.attributes.iter().any(|a| a.key_bytes() == b"recipient" && a.value_bytes() == distribution.as_bytes())
        })
        .map(|e| {
            let a = e.attributes.iter().find(|a| a.key_bytes() == b"amount").unwrap();
            std::str::from_utf8(a.value_bytes()).unwrap().trim_end_matches("usym").parse::<u128>().unwrap()
        })
        .sum();
    assert_eq!(pool(&n).await, before + (moved + 1_000_000) * ATOM);

    let snap = n.node.app.storage().latest_snapshot();
    let held = atoms(snap.community_pool().await.unwrap().amount_of("usym")) / ATOM;
    let ctx = MsgContext {
        chain_id: symbiote_app::testing::TEST_CHAIN_ID.into(),
        height: n.node.height + 1,
        time: n.block_time(n.node.height).await,
        tx_hash: [0; 32],
        accounts: symbiote_app::Modules::accounts(),
        hooks: symbiote_app::Modules::hooks(),
    };
    let spend = |amount: u128, to| MsgCommunityPoolSpend {
        authority: authority(),
        recipient: to,
        amount: common::coins(&format!("{amount}usym")),
    };
    let state = cnidarium::StateDelta::new(snap.clone());
    let too_much = spend(held + 1, d2.address());
    assert_eq!(too_much.check_stateful(&state, &ctx).await.unwrap_err().code, 9, "more than the pool holds");
    let to_module = spend(1, symbiote_auth::fee_collector_address());
    assert_eq!(to_module.check_stateful(&state, &ctx).await.unwrap_err().code, 4, "a module account");
    let mut state = cnidarium::StateDelta::new(snap.clone());
    let ok = spend(held, d2.address());
    ok.check_stateless().unwrap();
    ok.check_stateful(&state, &ctx).await.unwrap();
    let d2_before = symbiote_bank::BankRead::balance(&state, &d2.address(), "usym").await.unwrap();
    ok.execute(&mut state, &ctx).await.unwrap();
    let d2_after = symbiote_bank::BankRead::balance(&state, &d2.address(), "usym").await.unwrap();
    assert_eq!(d2_after.to_u128().unwrap() - d2_before.to_u128().unwrap(), held);
    let left = atoms(state.community_pool().await.unwrap().amount_of("usym"));
    assert!(left < ATOM, "only the fraction is left: {left}");
}
