//! Governance through the whole app: proposals whose messages the gov account executes through the
//! chain's message router when they pass (a param change, a community-pool spend), the SDK's
//! tally over the staked network (v1 and v2 at power 10 each, delegators inheriting or
//! overriding), deposit and voting periods in the end-block hook, burns on veto, cancellation,
//! expedited proposals, the v1 and v1beta1 queries, and every refusal coded with no state change.

use crate::common;

use common::net::*;
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use cosmos_sdk_proto::cosmos::gov::v1beta1 as pb1;
use prost::Message;
use symbiote_app::grpc::QueryServices;
use symbiote_app::tx::build::{any, Signer};
use symbiote_core::module_account::authority;
use symbiote_core::{Any, Coins};
use symbiote_gov::msg::{MsgCancelProposal, MsgDeposit, MsgSubmitProposal, MsgVote, MsgVoteWeighted};
use symbiote_gov::{GovRead, Proposal, ProposalStatus};
use symbiote_mint::MintRead;
use tendermint::abci::{request, Event};

const MIN_DEPOSIT: u128 = 1_000_000;

/// The staked network with short gov periods: 20 s to deposit and to vote (four test blocks),
/// 10 s for an expedited vote; a minimum deposit of 1 SYM (5 SYM expedited).
async fn gov_net() -> Net {
    gov_net_with(|_| {}).await
}

/// [`gov_net`] with its gov params changed by `edit`.
async fn gov_net_with(edit: impl FnOnce(&mut symbiote_gov::Params)) -> Net {
    net_custom(|g| {
        let p = &mut g.gov.params;
        p.min_deposit = common::coins(&format!("{MIN_DEPOSIT}usym"));
        p.expedited_min_deposit = common::coins(&format!("{}usym", 5 * MIN_DEPOSIT));
        p.max_deposit_period = std::time::Duration::from_secs(20);
        p.voting_period = std::time::Duration::from_secs(20);
        p.expedited_voting_period = std::time::Duration::from_secs(10);
        edit(p);
    })
    .await
}

fn submit(proposer: &Signer, messages: Vec<Any>, deposit: u128) -> MsgSubmitProposal {
    MsgSubmitProposal {
        messages,
        initial_deposit: if deposit == 0 { Coins::new() } else { common::coins(&format!("{deposit}usym")) },
        proposer: proposer.address(),
        metadata: String::new(),
        title: "Title".into(),
        summary: "Summary".into(),
        expedited: false,
    }
}

fn vote(voter: &Signer, id: u64, option: i32) -> Any {
    any(&MsgVote { proposal_id: id, voter: voter.address(), option, metadata: String::new() })
}

const YES: i32 = 1;
const ABSTAIN: i32 = 2;
const NO: i32 = 3;
const VETO: i32 = 4;

/// Mint's params with a new inflation ceiling, as a proposal message signed by the gov account.
fn mint_update(max: &str) -> Any {
    let params = symbiote_mint::Params { inflation_max: dec(max), ..Default::default() };
    any(&symbiote_mint::MsgUpdateParams { authority: authority(), params })
}

fn any_of(type_url: &str, m: &impl Message) -> Any {
    Any { type_url: type_url.into(), value: m.encode_to_vec() }
}

fn attr(events: &[Event], kind: &str, key: &str) -> Option<String> {
    events.iter().filter(|e| e.kind == kind).find_map(|e| {
        e.attributes
            .iter()
            .find(|a| a.key_bytes() == key.as_bytes())
            .map(|a| String::from_utf8(a.value_bytes().to_vec()).unwrap())
    })
}

impl Net {
    async fn proposal(&self, id: u64) -> Option<Proposal> {
        self.node.app.storage().latest_snapshot().proposal(id).await.unwrap()
    }

    /// Empty blocks until block time has moved `secs` on (5 s a block).
    async fn wait(&mut self, secs: u64) -> Vec<Event> {
        let mut events = vec![];
        for _ in 0..secs.div_ceil(5) {
            events.extend(self.block(vec![]).await.events);
        }
        events
    }

    /// Several signers' txs in one block, each of which must succeed.
    async fn together(&mut self, txs: Vec<(&Signer, Any)>) -> Vec<Event> {
        let txs: Vec<Vec<u8>> = txs.into_iter().map(|(s, m)| self.tx(s, vec![m])).collect();
        let r = self.block(txs).await;
        for t in &r.tx_results {
            assert_eq!(t.code.value(), 0, "{}", t.log);
        }
        r.events
    }

    async fn submitted(&mut self, proposer: &Signer, msg: MsgSubmitProposal) -> (u64, Vec<Event>) {
        let r = self.ok(proposer, vec![any(&msg)]).await;
        let result = &r.tx_results[0];
        let data = cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData::decode(result.data.as_ref()).unwrap();
        let id = pb::MsgSubmitProposalResponse::decode(data.msg_responses[0].value.as_slice()).unwrap().proposal_id;
        (id, result.events.clone())
    }
}

#[tokio::test]
async fn a_param_change_passes_by_stake_weighted_vote_and_takes_effect() {
    let mut n = gov_net().await;
    let v1 = n.v1.clone();
    let v2 = n.v2.clone();
    let d1 = n.d1.clone();
    n.ok(&d1, vec![delegate(&d1, &v1, 5_000_000)]).await;
    let before = n.balance(&v1.address()).await;
    let (id, events) = n.submitted(&v1, submit(&v1, vec![mint_update("0.30")], MIN_DEPOSIT)).await;
    assert_eq!(id, 1);
    assert_eq!(attr(&events, "submit_proposal", "proposal_id").as_deref(), Some("1"));
    assert_eq!(
        attr(&events, "submit_proposal", "proposal_messages").as_deref(),
        Some(",/cosmos.mint.v1beta1.MsgUpdateParams")
    );
    assert_eq!(attr(&events, "submit_proposal", "voting_period_start").as_deref(), Some("1"), "min deposit reached");
    assert_eq!(attr(&events, "proposal_deposit", "amount").as_deref(), Some("1000000usym"));
    let p = n.proposal(1).await.unwrap();
    assert_eq!(p.status, ProposalStatus::VotingPeriod);
    assert_eq!(n.balance(&v1.address()).await, before - FEE - MIN_DEPOSIT, "the deposit is held by gov");

    // v1 votes Yes, v2 abstains, and d1, who delegates 5 SYM to v1, overrides v1 with No for
    // its share: Yes 10, No 5, Abstain 10 of 25 bonded — 10 / 15 non-abstaining passes.
    let d1 = n.d1.clone();
    n.together(vec![(&v1, vote(&v1, 1, YES)), (&v2, vote(&v2, 1, ABSTAIN)), (&d1, vote(&d1, 1, NO))]).await;
    let snap = n.node.app.storage().latest_snapshot();
    let params = snap.gov_params().await.unwrap();
    let live = symbiote_gov::voting_power::tally_proposal(&snap, &p, &params).await.unwrap();
    assert_eq!(
        [live.result.yes, live.result.no, live.result.abstain].map(|a| a.to_string()),
        ["10000000", "5000000", "10000000"]
    );
    assert!(live.passes);

    let events = n.wait(15).await;
    assert_eq!(attr(&events, "active_proposal", "proposal_result").as_deref(), Some("proposal_passed"));
    let p = n.proposal(1).await.unwrap();
    assert_eq!(p.status, ProposalStatus::Passed);
    assert_eq!(p.final_tally.unwrap().yes.to_string(), "10000000");
    let mint = n.node.app.storage().latest_snapshot().mint_params().await.unwrap();
    assert_eq!(mint.inflation_max, dec("0.30"), "the proposal's message ran as the gov account");
    assert!(n.node.app.storage().latest_snapshot().votes_of(1).await.unwrap().is_empty(), "votes go at tally");
    assert_eq!(n.balance(&v1.address()).await, before - 2 * FEE, "the deposit came back; v1 paid two fees");
}

#[tokio::test]
async fn a_community_pool_spend_pays_the_grantee() {
    let mut n = gov_net().await;
    let (v1, v2, d1, d2) = (n.v1.clone(), n.v2.clone(), n.d1.clone(), n.d2.clone());
    let fund =
        symbiote_distribution::MsgFundCommunityPool { amount: common::coins("3000000usym"), depositor: d1.address() };
    n.ok(&d1, vec![any(&fund)]).await;
    let grantee_before = n.balance(&d2.address()).await;
    let spend = symbiote_distribution::MsgCommunityPoolSpend {
        authority: authority(),
        recipient: d2.address(),
        amount: common::coins("2500000usym"),
    };
    let mut msg = submit(&d1, vec![any(&spend)], MIN_DEPOSIT);
    msg.title = "Fund the sepsis model audit".into();
    let (id, _) = n.submitted(&d1, msg).await;
    n.together(vec![(&v1, vote(&v1, id, YES)), (&v2, vote(&v2, id, YES))]).await;
    n.wait(15).await;
    assert_eq!(n.proposal(id).await.unwrap().status, ProposalStatus::Passed);
    assert_eq!(n.balance(&d2.address()).await, grantee_before + 2_500_000, "AI work funded from the pool");
}

#[tokio::test]
async fn a_failing_message_fails_the_proposal_and_none_of_its_messages_apply() {
    let mut n = gov_net().await;
    let (v1, v2) = (n.v1.clone(), n.v2.clone());
    // The second message spends more than the community pool holds.
    let spend = symbiote_distribution::MsgCommunityPoolSpend {
        authority: authority(),
        recipient: v1.address(),
        amount: common::coins("999999999999usym"),
    };
    let (id, _) = n.submitted(&v1, submit(&v1, vec![mint_update("0.31"), any(&spend)], MIN_DEPOSIT)).await;
    n.together(vec![(&v1, vote(&v1, id, YES)), (&v2, vote(&v2, id, YES))]).await;
    let events = n.wait(15).await;
    assert_eq!(attr(&events, "active_proposal", "proposal_result").as_deref(), Some("proposal_failed"));
    let log = attr(&events, "active_proposal", "proposal_log").unwrap();
    assert!(log.starts_with("passed, but msg 1 (/cosmos.distribution.v1beta1.MsgCommunityPoolSpend) failed"), "{log}");
    let p = n.proposal(id).await.unwrap();
    assert_eq!(p.status, ProposalStatus::Failed);
    assert!(!p.failed_reason.is_empty());
    let mint = n.node.app.storage().latest_snapshot().mint_params().await.unwrap();
    assert_eq!(mint.inflation_max, dec("0.20"), "the first message's change was discarded with the overlay");
}

#[tokio::test]
async fn a_veto_burns_the_deposits_and_a_quorum_miss_refunds_them() {
    let mut n = gov_net().await;
    let (v1, v2, d2) = (n.v1.clone(), n.v2.clone(), n.d2.clone());
    // Vetoed by half the stake: 10 / 20 > 0.334, deposits burnt (the supply check in every
    // block follows the burn event).
    let (id, _) = n.submitted(&d2, submit(&d2, vec![mint_update("0.25")], MIN_DEPOSIT)).await;
    n.together(vec![(&v1, vote(&v1, id, VETO)), (&v2, vote(&v2, id, YES))]).await;
    let events = n.wait(15).await;
    assert_eq!(attr(&events, "active_proposal", "proposal_result").as_deref(), Some("proposal_rejected"));
    assert_eq!(attr(&events, "burn", "amount").as_deref(), Some("1000000usym"));
    let p = n.proposal(id).await.unwrap();
    assert_eq!(
        (p.status, p.failed_reason.as_str()),
        (ProposalStatus::Rejected, "proposal did not get enough votes to pass")
    );
    // A finished proposal takes no deposit (gov 3) and cannot be cancelled (gov 21).
    let late = MsgDeposit { proposal_id: id, depositor: d2.address(), amount: common::coins("1000000usym") };
    n.refused(&d2, any(&late), "gov", 3, "a deposit on a rejected proposal").await;
    n.refused(&d2, any(&MsgCancelProposal { proposal_id: id, proposer: d2.address() }), "gov", 21, "cancel a rejected")
        .await;

    // Nobody votes: below quorum, refunded (burn_vote_quorum is false by default).
    let before = n.balance(&d2.address()).await;
    let (id, _) = n.submitted(&d2, submit(&d2, vec![mint_update("0.25")], MIN_DEPOSIT)).await;
    let events = n.wait(20).await;
    assert_eq!(attr(&events, "active_proposal", "proposal_result").as_deref(), Some("proposal_rejected"));
    assert_eq!(n.proposal(id).await.unwrap().status, ProposalStatus::Rejected);
    assert_eq!(n.balance(&d2.address()).await, before - FEE, "deposit refunded, fee paid");
}

#[tokio::test]
async fn deposits_open_the_vote_and_an_unfunded_proposal_is_dropped_and_refunded() {
    let mut n = gov_net().await;
    let (d1, d2) = (n.d1.clone(), n.d2.clone());
    let (id, events) = n.submitted(&d1, submit(&d1, vec![mint_update("0.25")], MIN_DEPOSIT / 2)).await;
    assert_eq!(attr(&events, "submit_proposal", "voting_period_start"), None);
    assert_eq!(n.proposal(id).await.unwrap().status, ProposalStatus::DepositPeriod);
    let r = n
        .ok(
            &d2,
            vec![any(&MsgDeposit { proposal_id: id, depositor: d2.address(), amount: common::coins("500000usym") })],
        )
        .await;
    assert_eq!(attr(&r.tx_results[0].events, "proposal_deposit", "voting_period_start").as_deref(), Some("1"));
    let p = n.proposal(id).await.unwrap();
    assert_eq!((p.status, p.total_deposit.to_string().as_str()), (ProposalStatus::VotingPeriod, "1000000usym"));

    // A second proposal that never reaches the minimum is deleted when its deposit period ends.
    let before = n.balance(&d1.address()).await;
    let (id, _) = n.submitted(&d1, submit(&d1, vec![mint_update("0.25")], MIN_DEPOSIT / 2)).await;
    let events = n.wait(20).await;
    assert_eq!(attr(&events, "inactive_proposal", "proposal_result").as_deref(), Some("proposal_dropped"));
    assert!(n.proposal(id).await.is_none(), "dropped proposals are deleted, as in the SDK");
    // Both deposits came back: this one's when it was dropped, the first proposal's when its
    // vote (nobody voted) missed the quorum.
    assert_eq!(n.balance(&d1.address()).await, before - FEE + MIN_DEPOSIT / 2, "refunded");
}

#[tokio::test]
async fn the_proposer_cancels_and_loses_the_cancel_ratio_of_the_deposits() {
    let mut n = gov_net().await;
    let (d1, d2) = (n.d1.clone(), n.d2.clone());
    let (id, _) = n.submitted(&d1, submit(&d1, vec![mint_update("0.25")], MIN_DEPOSIT / 2)).await;
    n.ok(&d2, vec![any(&MsgDeposit { proposal_id: id, depositor: d2.address(), amount: common::coins("100000usym") })])
        .await;
    let (b1, b2) = (n.balance(&d1.address()).await, n.balance(&d2.address()).await);
    n.refused(&d2, any(&MsgCancelProposal { proposal_id: id, proposer: d2.address() }), "gov", 18, "not the proposer")
        .await;
    let b2 = b2 - FEE;
    let r = n.ok(&d1, vec![any(&MsgCancelProposal { proposal_id: id, proposer: d1.address() })]).await;
    assert_eq!(attr(&r.tx_results[0].events, "cancel_proposal", "proposal_id").as_deref(), Some("1"));
    assert!(n.proposal(id).await.is_none());
    // Half of each deposit is burnt (proposal_cancel_ratio 0.5, no destination), half refunded.
    assert_eq!(n.balance(&d1.address()).await, b1 - FEE + 250_000);
    assert_eq!(n.balance(&d2.address()).await, b2 + 50_000);
    assert_eq!(attr(&r.tx_results[0].events, "burn", "amount").as_deref(), Some("300000usym"));
}

#[tokio::test]
async fn a_failed_expedited_proposal_becomes_a_regular_one_and_votes_again() {
    let mut n = gov_net().await;
    let (v1, v2) = (n.v1.clone(), n.v2.clone());
    let mut msg = submit(&v1, vec![mint_update("0.26")], 5 * MIN_DEPOSIT);
    msg.expedited = true;
    let (id, _) = n.submitted(&v1, msg).await;
    // Yes 10 / 20 is not over the expedited 0.667; the expedited period (10 s) ends in the
    // second block after submission.
    n.together(vec![(&v1, vote(&v1, id, YES)), (&v2, vote(&v2, id, NO))]).await;
    let events = n.wait(5).await;
    assert_eq!(attr(&events, "active_proposal", "proposal_result").as_deref(), Some("expedited_proposal_rejected"));
    let p = n.proposal(id).await.unwrap();
    assert_eq!((p.status, p.expedited), (ProposalStatus::VotingPeriod, false));
    assert_eq!(
        p.voting_end_time.unwrap(),
        symbiote_staking::time::add(p.voting_start_time.unwrap(), std::time::Duration::from_secs(20)).unwrap()
    );
    // The votes were tallied away; v2 changes its mind and the regular threshold (0.5) is met.
    let weighted = MsgVoteWeighted {
        proposal_id: id,
        voter: v2.address(),
        options: vec![
            pb::WeightedVoteOption { option: YES, weight: "0.6".into() },
            pb::WeightedVoteOption { option: NO, weight: "0.4".into() },
        ],
        metadata: String::new(),
    };
    n.together(vec![(&v1, vote(&v1, id, YES)), (&v2, any(&weighted))]).await;
    n.wait(5).await;
    let p = n.proposal(id).await.unwrap();
    assert_eq!(p.status, ProposalStatus::Passed);
    assert_eq!(p.final_tally.unwrap().yes.to_string(), "16000000");
}

#[tokio::test]
async fn refusals_are_coded_and_change_nothing() {
    // Periods long enough that no proposal ends while the refusals run.
    let mut n = gov_net_with(|p| {
        p.max_deposit_period = std::time::Duration::from_secs(3600);
        p.voting_period = std::time::Duration::from_secs(3600);
    })
    .await;
    let (v1, d1) = (n.v1.clone(), n.d1.clone());
    // A message signed by someone other than the gov account cannot be proposed (gov 13).
    let params = symbiote_mint::Params { inflation_max: dec("0.9"), ..Default::default() };
    let not_gov = any(&symbiote_mint::MsgUpdateParams { authority: d1.address(), params: params.clone() });
    n.refused(&d1, any(&submit(&d1, vec![not_gov], MIN_DEPOSIT)), "gov", 13, "inner signer not gov").await;
    let send = any(&symbiote_bank::MsgSend { from: d1.address(), to: v1.address(), amount: common::coins("1usym") });
    n.refused(&d1, any(&submit(&d1, vec![send], MIN_DEPOSIT)), "gov", 13, "a send from the proposer").await;
    // A type no schema names fails decoding the tx (sdk 2), as in the SDK; one with a schema that
    // no module handles (symbiote does not route legacy content) is unroutable (gov 10); an
    // invalid message is gov 12.
    let unknown = Any { type_url: "/nobody.v1.MsgNothing".into(), value: vec![] };
    n.refused(&d1, any(&submit(&d1, vec![unknown], MIN_DEPOSIT)), "sdk", 2, "unknown type").await;
    let legacy = any_of(
        "/cosmos.gov.v1.MsgExecLegacyContent",
        &pb::MsgExecLegacyContent { content: None, authority: authority().to_string() },
    );
    n.refused(&d1, any(&submit(&d1, vec![legacy], MIN_DEPOSIT)), "gov", 10, "unroutable").await;
    let bad = symbiote_mint::Params { inflation_max: dec("2"), ..Default::default() };
    let invalid = any(&symbiote_mint::MsgUpdateParams { authority: authority(), params: bad });
    n.refused(&d1, any(&submit(&d1, vec![invalid], MIN_DEPOSIT)), "gov", 12, "invalid inner message").await;
    // Deposits: below min_deposit × min_deposit_ratio (gov 16), another denom (23), none (sdk 10).
    n.refused(&d1, any(&submit(&d1, vec![mint_update("0.3")], 9_999)), "gov", 16, "deposit under the ratio").await;
    let mut other = submit(&d1, vec![mint_update("0.3")], MIN_DEPOSIT);
    other.initial_deposit = common::coins("1000000uother");
    n.refused(&d1, any(&other), "gov", 23, "deposit in a denom gov does not take").await;
    // Content: no title (sdk 18), metadata too long (gov 15), nothing to do (gov 11), metadata
    // JSON whose title differs (gov 5).
    let mut m = submit(&d1, vec![mint_update("0.3")], MIN_DEPOSIT);
    m.title.clear();
    n.refused(&d1, any(&m), "sdk", 18, "no title").await;
    let mut m = submit(&d1, vec![mint_update("0.3")], MIN_DEPOSIT);
    m.metadata = "x".repeat(256);
    n.refused(&d1, any(&m), "gov", 15, "metadata too long").await;
    n.refused(&d1, any(&submit(&d1, vec![], MIN_DEPOSIT)), "gov", 11, "no messages, no metadata").await;
    let mut m = submit(&d1, vec![mint_update("0.3")], MIN_DEPOSIT);
    m.metadata = r#"{"title":"Other","summary":"Summary"}"#.into();
    n.refused(&d1, any(&m), "gov", 5, "metadata title differs").await;
    // Governance-only messages sent directly by a user: gov 13.
    let direct = any(&symbiote_mint::MsgUpdateParams { authority: d1.address(), params });
    n.refused(&d1, direct, "gov", 13, "MsgUpdateParams outside a proposal").await;

    // Votes: on no proposal / a proposal not voting (gov 3), an unknown option (7), weights that
    // do not sum to 1 (7) or repeat an option (7).
    n.refused(&d1, vote(&d1, 9, YES), "gov", 3, "vote on an unknown proposal").await;
    let (id, _) = n.submitted(&d1, submit(&d1, vec![mint_update("0.3")], MIN_DEPOSIT / 2)).await;
    n.refused(&d1, vote(&d1, id, YES), "gov", 3, "vote in the deposit period").await;
    n.refused(&d1, vote(&d1, id, 7), "gov", 7, "unknown option").await;
    let weighted = |w: &[(i32, &str)]| {
        any(&MsgVoteWeighted {
            proposal_id: id,
            voter: d1.address(),
            options: w.iter().map(|(o, x)| pb::WeightedVoteOption { option: *o, weight: x.to_string() }).collect(),
            metadata: String::new(),
        })
    };
    n.refused(&d1, weighted(&[(YES, "0.5"), (NO, "0.4")]), "gov", 7, "weights under 1").await;
    n.refused(&d1, weighted(&[(YES, "0.5"), (YES, "0.5")]), "gov", 7, "an option twice").await;
    n.refused(&d1, weighted(&[(YES, "1.5")]), "gov", 7, "a weight over 1").await;
    // Deposits: none at all (sdk 10), another denom (gov 23), under the minimum ratio (16).
    let on = |amount: &str| MsgDeposit { proposal_id: id, depositor: d1.address(), amount: common::coins(amount) };
    n.refused(&d1, any(&MsgDeposit { amount: Coins::new(), ..on("1usym") }), "sdk", 10, "an empty deposit").await;
    n.refused(&d1, any(&on("1000uother")), "gov", 23, "a deposit in another denom").await;
    n.refused(&d1, any(&on("9999usym")), "gov", 16, "a deposit under the ratio").await;
    // A summary over 10,200 bytes (gov 22); a deposit the proposer cannot pay (sdk 5); a vote's
    // metadata over 255 bytes (gov 15); a weighted vote of no options (sdk 18).
    let mut m = submit(&d1, vec![mint_update("0.3")], MIN_DEPOSIT);
    m.summary = "x".repeat(10_201);
    n.refused(&d1, any(&m), "gov", 22, "summary too long").await;
    n.refused(&d1, any(&submit(&d1, vec![mint_update("0.3")], 2 * common::FUNDS)), "sdk", 5, "unpaid deposit").await;
    let chatty = MsgVote { proposal_id: id, voter: d1.address(), option: YES, metadata: "m".repeat(256) };
    let (open, _) = n.submitted(&d1, submit(&d1, vec![mint_update("0.3")], MIN_DEPOSIT)).await;
    n.refused(&d1, any(&MsgVote { proposal_id: open, ..chatty }), "gov", 15, "vote metadata too long").await;
    n.refused(&d1, weighted(&[]), "sdk", 18, "a weighted vote of nothing").await;
    // Deposits on an unknown proposal (gov 2); cancelling one (gov 2).
    let deposit = MsgDeposit { proposal_id: 9, depositor: d1.address(), amount: common::coins("1000usym") };
    n.refused(&d1, any(&deposit), "gov", 2, "deposit on an unknown proposal").await;
    n.refused(&d1, any(&MsgCancelProposal { proposal_id: 9, proposer: d1.address() }), "gov", 2, "cancel unknown")
        .await;
}

async fn query<T: Message + Default>(n: &Net, path: &str, request: impl Message) -> Result<T, (u32, String)> {
    let router = QueryServices::new::<symbiote_app::Modules>(n.node.app.snapshots().clone(), None).router();
    let r = router
        .abci_query(request::Query {
            data: request.encode_to_vec().into(),
            path: path.into(),
            height: 0u32.into(),
            prove: false,
        })
        .await;
    if r.code.value() != 0 {
        return Err((r.code.value(), r.log));
    }
    Ok(T::decode(r.value.as_ref()).unwrap())
}

#[tokio::test]
async fn v1_and_v1beta1_queries_answer_as_the_sdk() {
    let mut n = gov_net().await;
    let (v1, d1) = (n.v1.clone(), n.d1.clone());
    let (id, _) = n.submitted(&d1, submit(&d1, vec![mint_update("0.3")], MIN_DEPOSIT)).await;
    let (multi, _) = n.submitted(&d1, submit(&d1, vec![mint_update("0.3"), mint_update("0.4")], MIN_DEPOSIT / 2)).await;
    n.ok(&v1, vec![vote(&v1, id, YES)]).await;

    let p: pb::QueryProposalResponse =
        query(&n, "/cosmos.gov.v1.Query/Proposal", pb::QueryProposalRequest { proposal_id: id }).await.unwrap();
    let p = p.proposal.unwrap();
    assert_eq!((p.id, p.status, p.title.as_str()), (id, 2, "Title"));
    let all: pb::QueryProposalsResponse =
        query(&n, "/cosmos.gov.v1.Query/Proposals", pb::QueryProposalsRequest::default()).await.unwrap();
    assert_eq!(all.proposals.iter().map(|p| p.id).collect::<Vec<_>>(), [id, multi]);
    assert_eq!(all.pagination.unwrap().total, 2);
    let voting: pb::QueryProposalsResponse = query(
        &n,
        "/cosmos.gov.v1.Query/Proposals",
        pb::QueryProposalsRequest { proposal_status: 2, ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(voting.proposals.len(), 1);
    let by_voter: pb::QueryProposalsResponse = query(
        &n,
        "/cosmos.gov.v1.Query/Proposals",
        pb::QueryProposalsRequest { voter: v1.address().to_string(), ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(by_voter.proposals.iter().map(|p| p.id).collect::<Vec<_>>(), [id]);
    let tally: pb::QueryTallyResultResponse =
        query(&n, "/cosmos.gov.v1.Query/TallyResult", pb::QueryTallyResultRequest { proposal_id: id }).await.unwrap();
    assert_eq!(tally.tally.unwrap().yes_count, "10000000", "the live tally while voting");
    let votes: pb::QueryVotesResponse =
        query(&n, "/cosmos.gov.v1.Query/Votes", pb::QueryVotesRequest { proposal_id: id, pagination: None })
            .await
            .unwrap();
    assert_eq!(votes.votes[0].options[0].weight, "1.000000000000000000");
    let params: pb::QueryParamsResponse =
        query(&n, "/cosmos.gov.v1.Query/Params", pb::QueryParamsRequest { params_type: "tallying".into() })
            .await
            .unwrap();
    #[allow(deprecated)]
    let tallying = params.tally_params.unwrap();
    assert_eq!(tallying.quorum, "0.334000000000000000");
    let e = query::<pb::QueryProposalResponse>(
        &n,
        "/cosmos.gov.v1.Query/Proposal",
        pb::QueryProposalRequest { proposal_id: 99 },
    )
    .await
    .unwrap_err();
    assert!(e.1.contains("proposal 99 doesn't exist"), "{e:?}");

    // v1beta1 (cosmjs): a one-message proposal shows its message as content; weights and tally
    // params are atoms; a two-message proposal cannot convert, so neither can the list holding it.
    let legacy: pb1::QueryProposalResponse =
        query(&n, "/cosmos.gov.v1beta1.Query/Proposal", pb1::QueryProposalRequest { proposal_id: id }).await.unwrap();
    let legacy = legacy.proposal.unwrap();
    assert_eq!(legacy.content.unwrap().type_url, "/cosmos.mint.v1beta1.MsgUpdateParams");
    assert_eq!(legacy.status, 2);
    let e = query::<pb1::QueryProposalResponse>(
        &n,
        "/cosmos.gov.v1beta1.Query/Proposal",
        pb1::QueryProposalRequest { proposal_id: multi },
    )
    .await
    .unwrap_err();
    assert!(e.1.contains("not exactly one"), "{e:?}");
    let only_voting: pb1::QueryProposalsResponse = query(
        &n,
        "/cosmos.gov.v1beta1.Query/Proposals",
        pb1::QueryProposalsRequest { proposal_status: 2, ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(only_voting.proposals.len(), 1);
    let votes: pb1::QueryVotesResponse =
        query(&n, "/cosmos.gov.v1beta1.Query/Votes", pb1::QueryVotesRequest { proposal_id: id, pagination: None })
            .await
            .unwrap();
    assert_eq!(votes.votes[0].options[0].weight, "1000000000000000000");
    let params: pb1::QueryParamsResponse =
        query(&n, "/cosmos.gov.v1beta1.Query/Params", pb1::QueryParamsRequest { params_type: "tallying".into() })
            .await
            .unwrap();
    assert_eq!(params.tally_params.unwrap().quorum, b"334000000000000000");
    let deposits: pb1::QueryDepositsResponse = query(
        &n,
        "/cosmos.gov.v1beta1.Query/Deposits",
        pb1::QueryDepositsRequest { proposal_id: id, pagination: None },
    )
    .await
    .unwrap();
    assert_eq!(deposits.deposits[0].depositor, d1.address().to_string());
}

#[tokio::test]
async fn the_gov_account_cannot_deposit_even_through_a_passed_proposal() {
    // Its balance holds every deposit: a deposit of its own would count coins twice and a later
    // refund would fail. The proposal fails; nothing moves; the chain goes on.
    let mut n = gov_net_with(|p| p.max_deposit_period = std::time::Duration::from_secs(3600)).await;
    let (v1, v2, d1) = (n.v1.clone(), n.v2.clone(), n.d1.clone());
    let (target, _) = n.submitted(&d1, submit(&d1, vec![mint_update("0.3")], MIN_DEPOSIT / 2)).await;
    let own = MsgDeposit { proposal_id: target, depositor: authority(), amount: common::coins("500000usym") };
    let (id, _) = n.submitted(&d1, submit(&d1, vec![any(&own)], MIN_DEPOSIT)).await;
    n.together(vec![(&v1, vote(&v1, id, YES)), (&v2, vote(&v2, id, YES))]).await;
    let events = n.wait(15).await;
    assert_eq!(attr(&events, "active_proposal", "proposal_result").as_deref(), Some("proposal_failed"));
    let p = n.proposal(id).await.unwrap();
    assert!(p.failed_reason.contains("cannot make one"), "{}", p.failed_reason);
    let t = n.proposal(target).await.unwrap();
    assert_eq!((t.status, t.total_deposit.to_string().as_str()), (ProposalStatus::DepositPeriod, "500000usym"));
}

#[tokio::test]
async fn a_proposal_that_would_spend_the_deposits_fails() {
    // A send from the gov account would spend other proposals' deposits (and a later refund
    // would be impossible): the proposal fails, nothing is sent, the deposits stay.
    let mut n = gov_net_with(|p| p.max_deposit_period = std::time::Duration::from_secs(3600)).await;
    let (v1, v2, d1, d2) = (n.v1.clone(), n.v2.clone(), n.d1.clone(), n.d2.clone());
    let (waiting, _) = n.submitted(&d2, submit(&d2, vec![mint_update("0.3")], MIN_DEPOSIT / 2)).await;
    let send =
        any(&symbiote_bank::MsgSend { from: authority(), to: d1.address(), amount: common::coins("400000usym") });
    let (id, _) = n.submitted(&d1, submit(&d1, vec![send], MIN_DEPOSIT)).await;
    let before = n.balance(&d1.address()).await;
    n.together(vec![(&v1, vote(&v1, id, YES)), (&v2, vote(&v2, id, YES))]).await;
    let events = n.wait(15).await;
    assert_eq!(attr(&events, "active_proposal", "proposal_result").as_deref(), Some("proposal_failed"));
    let p = n.proposal(id).await.unwrap();
    assert!(p.failed_reason.contains("would spend deposits the gov account holds"), "{}", p.failed_reason);
    assert_eq!(n.balance(&d1.address()).await, before + MIN_DEPOSIT, "only d1's own deposit came back");
    assert_eq!(n.balance(&authority()).await, MIN_DEPOSIT / 2, "the waiting proposal's deposit is still held");
    assert_eq!(n.proposal(waiting).await.unwrap().status, ProposalStatus::DepositPeriod);
}
