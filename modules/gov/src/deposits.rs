//! Deposits: adding one (with the SDK's denom and minimum-ratio checks, and the move into the voting
//! period once the minimum is reached), and settling them when a proposal ends — refunded, burnt,
//! or, for a cancelled proposal, charged by `proposal_cancel_ratio`. Deposits are held by the gov
//! module account.

use cnidarium::StateWrite;
use symbiote_bank::BankWrite;
use symbiote_core::module_account::{ModuleAccount, Permission, DISTRIBUTION, GOV};
use symbiote_core::{Address, Coin, Coins, LegacyDec, SdkError, SdkResult};
use tendermint::Time;

use crate::keys::Queue;
use crate::proposal::{Deposit, Proposal, ProposalStatus};
use crate::state::{self, GovRead};
use crate::{errors, events, Params};

/// The gov module account, which holds deposits and may burn them.
pub(crate) const ACCOUNT: ModuleAccount = ModuleAccount::new(GOV, &[Permission::Burner]);

pub fn module_address() -> Address {
    symbiote_core::module_account::authority()
}

/// `validateDepositDenom`: only the denoms of `min_deposit` may be deposited (gov code 23).
pub(crate) fn check_denoms(params: &Params, amount: &Coins) -> SdkResult<()> {
    let accepted: Vec<String> = params.min_deposit.iter().map(|c| c.denom).collect();
    if amount.iter().any(|c| !accepted.contains(&c.denom)) {
        return Err(errors::invalid_deposit_denom(format!(
            "deposited {amount}, but gov accepts only the following denom(s): [{}]",
            accepted.join(" ")
        )));
    }
    Ok(())
}

/// `amount × ratio` of each coin, truncated (or rounded half to even with `round`).
fn scaled(coins: &Coins, ratio: LegacyDec, round: bool) -> SdkResult<Vec<Coin>> {
    coins
        .iter()
        .map(|c| {
            let product = LegacyDec::from_amount(c.amount).checked_mul(ratio);
            let amount = product
                .and_then(|d| if round { d.round_int() } else { d.truncate_int() })
                .map_err(|e| SdkError::internal(format!("deposit share overflow: {e}")))?;
            Ok(Coin::new(c.denom, amount))
        })
        .collect()
}

fn share_of(coins: &Coins, ratio: LegacyDec) -> SdkResult<Vec<Coin>> {
    scaled(coins, ratio, false)
}

/// A deposit must reach `min_deposit × min_deposit_ratio` in at least one denom (gov code 16);
/// a zero ratio skips the check.
pub(crate) fn check_min_ratio(params: &Params, min_deposit: &Coins, amount: &Coins) -> SdkResult<()> {
    if params.min_deposit_ratio.is_zero() {
        return Ok(());
    }
    let thresholds = share_of(min_deposit, params.min_deposit_ratio)?;
    if thresholds.iter().any(|t| amount.amount_of(&t.denom) >= t.amount) {
        return Ok(());
    }
    let wanted: Vec<String> = thresholds.iter().map(Coin::to_string).collect();
    Err(errors::min_deposit_too_small(format!(
        "received {amount} but need at least one of the following: {}",
        wanted.join(",")
    )))
}

/// `validateInitialDeposit`: the initial deposit must reach `min_deposit ×
/// min_initial_deposit_ratio` (rounded half to even; the expedited minimum for an expedited
/// proposal) in every denom (gov 16).
pub(crate) fn check_initial(params: &Params, amount: &Coins, expedited: bool) -> SdkResult<()> {
    if params.min_initial_deposit_ratio.is_zero() {
        return Ok(());
    }
    let required = scaled(params.min_deposit_for(expedited), params.min_initial_deposit_ratio, true)?;
    if required.iter().all(|r| amount.amount_of(&r.denom) >= r.amount) {
        return Ok(());
    }
    let required: Coins = collect(required)?;
    Err(errors::min_deposit_too_small(format!("was ({amount}), need ({required})")))
}

fn collect(list: Vec<Coin>) -> SdkResult<Coins> {
    let mut out = Coins::new();
    for c in &list {
        out.add(c)?;
    }
    Ok(out)
}

/// Every coin of `have` at least that of `need`, for every denom of `need` (`IsAllGTE`).
fn all_at_least(have: &Coins, need: &Coins) -> bool {
    need.iter().all(|c| have.amount_of(&c.denom) >= c.amount)
}

fn sum(a: &Coins, b: &Coins) -> SdkResult<Coins> {
    let mut out = a.clone();
    for c in b.iter() {
        out.add(&c)?;
    }
    Ok(out)
}

/// `AddDeposit`: the proposal must be in its deposit or voting period (gov 2, 3), the coins of
/// accepted denoms (23) and at least the minimum ratio (16); they move to the gov account. Returns
/// whether the deposit started the voting period.
pub(crate) async fn add<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
    depositor: &Address,
    amount: &Coins,
    now: Time,
) -> SdkResult<bool> {
    if *depositor == module_address() {
        // Only a passed proposal could make the gov account deposit: its own balance holds every
        // deposit, so such a deposit would count coins twice and a later refund would fail.
        return Err(SdkError::new(
            symbiote_core::error::Code::InvalidRequest,
            "the gov account holds the deposits; it cannot make one",
        ));
    }
    let mut proposal =
        state.proposal(id).await?.ok_or_else(|| errors::unknown_proposal(format!("proposal {id} doesn't exist")))?;
    if !matches!(proposal.status, ProposalStatus::DepositPeriod | ProposalStatus::VotingPeriod) {
        return Err(errors::inactive_proposal(id));
    }
    let params = state.gov_params().await?;
    let min_deposit = params.min_deposit_for(proposal.expedited).clone();
    check_denoms(&params, amount)?;
    check_min_ratio(&params, &min_deposit, amount)?;

    state.send(depositor, &module_address(), amount).await?;
    proposal.total_deposit = sum(&proposal.total_deposit, amount)?;
    let activates =
        proposal.status == ProposalStatus::DepositPeriod && all_at_least(&proposal.total_deposit, &min_deposit);
    if activates {
        activate_voting_period(state, &mut proposal, &params, now)?;
    }
    state::put_proposal(state, &proposal)?;

    let mut deposit = state.deposit(id, depositor).await?.unwrap_or(Deposit {
        proposal_id: id,
        depositor: *depositor,
        amount: Coins::new(),
    });
    deposit.amount = sum(&deposit.amount, amount)?;
    state.record(events::proposal_deposit(depositor, amount, id));
    state::put_deposit(state, &deposit)?;
    Ok(activates)
}

/// `ActivateVotingPeriod`: voting starts now and ends a voting period later (the expedited one
/// for an expedited proposal); the proposal moves from the deposit queue to the voting queue.
fn activate_voting_period<S: StateWrite + ?Sized>(
    state: &mut S,
    proposal: &mut Proposal,
    params: &Params,
    now: Time,
) -> SdkResult<()> {
    let end = symbiote_staking::time::add(now, params.voting_period_for(proposal.expedited))?;
    proposal.voting_start_time = Some(now);
    proposal.voting_end_time = Some(end);
    proposal.status = ProposalStatus::VotingPeriod;
    state::dequeue(state, Queue::Deposit, proposal.deposit_end_time, proposal.id)?;
    state::enqueue(state, Queue::Voting, end, proposal.id)
}

/// `RefundAndDeleteDeposits`: every depositor gets their deposit back.
pub(crate) async fn refund_all<S: StateWrite + ?Sized>(state: &mut S, id: u64) -> SdkResult<()> {
    for deposit in state.deposits_of(id).await? {
        state.send(&module_address(), &deposit.depositor, &deposit.amount).await.map_err(held)?;
        state::delete_deposit(state, id, &deposit.depositor)?;
    }
    Ok(())
}

/// `DeleteAndBurnDeposits`: the deposits are destroyed.
pub(crate) async fn burn_all<S: StateWrite + ?Sized>(state: &mut S, id: u64) -> SdkResult<()> {
    let mut total = Coins::new();
    for deposit in state.deposits_of(id).await? {
        total = sum(&total, &deposit.amount)?;
        state::delete_deposit(state, id, &deposit.depositor)?;
    }
    state.burn_coins(&ACCOUNT, &total).await.map_err(held)
}

/// `ChargeDeposit` (a cancelled proposal): each depositor gets back their deposit less
/// `ratio` of it (truncated per coin); the charges are burnt if `dest` is empty, go to the
/// community pool if `dest` is the distribution account, else to `dest`.
pub(crate) async fn charge_all<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
    dest: &str,
    ratio: LegacyDec,
) -> SdkResult<()> {
    let mut charges = Coins::new();
    for deposit in state.deposits_of(id).await? {
        let charged = collect(share_of(&deposit.amount, ratio)?)?;
        let mut remaining = Coins::new();
        for c in deposit.amount.iter() {
            let kept = c
                .amount
                .checked_sub(charged.amount_of(&c.denom))
                .ok_or_else(|| SdkError::internal("charge over deposit"))?;
            remaining.add(&Coin::new(c.denom, kept))?;
        }
        if !remaining.is_empty() {
            state.send(&module_address(), &deposit.depositor, &remaining).await.map_err(held)?;
        }
        charges = sum(&charges, &charged)?;
        state::delete_deposit(state, id, &deposit.depositor)?;
    }
    if charges.is_empty() {
        return Ok(());
    }
    if dest.is_empty() {
        return state.burn_coins(&ACCOUNT, &charges).await.map_err(held);
    }
    let dest: Address =
        dest.parse().map_err(|e: SdkError| SdkError::internal(format!("proposal_cancel_dest: {}", e.log)))?;
    if dest == Address::module(DISTRIBUTION) {
        return symbiote_distribution::fund_community_pool(state, &module_address(), &charges).await.map_err(held);
    }
    state.send(&module_address(), &dest, &charges).await.map_err(held)
}

/// What the gov account lacks of the sum of every proposal's deposits (`None` if it holds them).
pub(crate) async fn shortfall<S: cnidarium::StateRead + ?Sized>(state: &S) -> SdkResult<Option<Coins>> {
    use symbiote_bank::BankRead;
    let mut total = Coins::new();
    for deposit in state.all_deposits().await? {
        total = sum(&total, &deposit.amount)?;
    }
    let mut short = Coins::new();
    for c in total.iter() {
        let held = state.balance(&module_address(), &c.denom).await?;
        if let Some(missing) = c.amount.checked_sub(held).filter(|m| !m.is_zero()) {
            short.add(&Coin::new(c.denom, missing))?;
        }
    }
    Ok((!short.is_empty()).then_some(short))
}

/// The gov account not holding a proposal's deposits is a broken invariant, not a user error.
fn held(e: SdkError) -> SdkError {
    if e.is_internal() {
        e
    } else {
        SdkError::internal(format!("gov module account cannot pay out deposits: {}", e.log))
    }
}
