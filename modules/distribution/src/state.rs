//! Typed reads and writes of distribution state. Reads are public ([`DistributionRead`]); the
//! writers are private to the module, so every change goes through the F1 operations in
//! `rewards` that keep outstanding rewards, periods and reference counts in step.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as pb;
use futures::StreamExt;
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{Address, ConsAddress, DecCoins, LegacyDec, SdkError, SdkResult, ValAddress};

use crate::{keys, Params};

pub(crate) fn corrupt(key: &str) -> SdkError {
    SdkError::internal(format!("corrupt distribution value at {key}"))
}

fn dec(key: &str, s: &str) -> SdkResult<LegacyDec> {
    LegacyDec::from_proto_string(s).map_err(|_| corrupt(key)).map(|d| d.unwrap_or(LegacyDec::ZERO))
}

/// A validator's rewards of the period in progress (`ValidatorCurrentRewards`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentRewards {
    pub rewards: DecCoins,
    pub period: u64,
}

/// The cumulative reward ratio up to the end of a period (`ValidatorHistoricalRewards`),
/// referenced by the delegations that started there and the slash events that ended there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoricalRewards {
    pub cumulative_reward_ratio: DecCoins,
    pub reference_count: u32,
}

/// Where a delegation's rewards start (`DelegatorStartingInfo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartingInfo {
    pub previous_period: u64,
    pub stake: LegacyDec,
    pub height: u64,
}

/// A slash of a validator: the period it ended and the fraction taken (`ValidatorSlashEvent`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlashEvent {
    pub height: u64,
    pub validator_period: u64,
    pub fraction: LegacyDec,
}

#[async_trait]
pub trait DistributionRead: StateRead {
    async fn distribution_params(&self) -> SdkResult<Params> {
        let key = keys::params();
        let proto: pb::Params =
            self.get_proto(&key).await?.ok_or_else(|| SdkError::internal("distribution params missing"))?;
        Params::from_proto(&proto).map_err(|_| corrupt(&key))
    }

    async fn community_pool(&self) -> SdkResult<DecCoins> {
        let key = keys::fee_pool();
        match self.get_proto::<pb::FeePool>(&key).await? {
            None => Ok(DecCoins::new()),
            Some(p) => DecCoins::from_proto(&p.community_pool).map_err(|_| corrupt(&key)),
        }
    }

    /// Where `del`'s rewards are paid: the address it set, or itself.
    async fn withdraw_address(&self, del: &Address) -> SdkResult<Address> {
        let key = keys::withdraw_addr(del);
        match self.get_raw(&key).await? {
            None => Ok(*del),
            Some(bytes) => Address::from_bytes_slice(&bytes).map_err(|_| corrupt(&key)),
        }
    }

    /// Rewards allocated to `val` and not yet withdrawn (commission included); `None` if
    /// distribution has no record of the validator.
    async fn outstanding_rewards(&self, val: &ValAddress) -> SdkResult<Option<DecCoins>> {
        let key = keys::outstanding(val);
        match self.get_proto::<pb::ValidatorOutstandingRewards>(&key).await? {
            None => Ok(None),
            Some(p) => DecCoins::from_proto(&p.rewards).map(Some).map_err(|_| corrupt(&key)),
        }
    }

    async fn accumulated_commission(&self, val: &ValAddress) -> SdkResult<DecCoins> {
        let key = keys::commission(val);
        match self.get_proto::<pb::ValidatorAccumulatedCommission>(&key).await? {
            None => Ok(DecCoins::new()),
            Some(p) => DecCoins::from_proto(&p.commission).map_err(|_| corrupt(&key)),
        }
    }

    async fn current_rewards(&self, val: &ValAddress) -> SdkResult<Option<CurrentRewards>> {
        let key = keys::current(val);
        match self.get_proto::<pb::ValidatorCurrentRewards>(&key).await? {
            None => Ok(None),
            Some(p) => Ok(Some(CurrentRewards {
                rewards: DecCoins::from_proto(&p.rewards).map_err(|_| corrupt(&key))?,
                period: p.period,
            })),
        }
    }

    async fn historical_rewards(&self, val: &ValAddress, period: u64) -> SdkResult<Option<HistoricalRewards>> {
        let key = keys::historical(val, period);
        match self.get_proto::<pb::ValidatorHistoricalRewards>(&key).await? {
            None => Ok(None),
            Some(p) => Ok(Some(HistoricalRewards {
                cumulative_reward_ratio: DecCoins::from_proto(&p.cumulative_reward_ratio).map_err(|_| corrupt(&key))?,
                reference_count: p.reference_count,
            })),
        }
    }

    async fn starting_info(&self, val: &ValAddress, del: &Address) -> SdkResult<Option<StartingInfo>> {
        let key = keys::starting(val, del);
        match self.get_proto::<pb::DelegatorStartingInfo>(&key).await? {
            None => Ok(None),
            Some(p) => Ok(Some(StartingInfo {
                previous_period: p.previous_period,
                stake: dec(&key, &p.stake)?,
                height: p.height,
            })),
        }
    }

    /// The slash events of `val` at heights in `[from, to]`, in height then period order.
    async fn slash_events_between(&self, val: &ValAddress, from: u64, to: u64) -> SdkResult<Vec<SlashEvent>> {
        let mut out = Vec::new();
        for event in self.slash_events(val).await? {
            if event.height >= from && event.height <= to {
                out.push(event);
            }
        }
        Ok(out)
    }

    /// Every slash event of `val`, in height then period order.
    async fn slash_events(&self, val: &ValAddress) -> SdkResult<Vec<SlashEvent>> {
        let prefix = keys::slashes_of(val);
        let mut stream = std::pin::pin!(self.prefix_raw(&prefix));
        let mut out = Vec::new();
        while let Some(item) = stream.next().await {
            let (key, value) = item?;
            let height = keys::parts(&key, &prefix)
                .and_then(|p| p.first().and_then(|h| h.parse().ok()))
                .ok_or_else(|| corrupt(&key))?;
            let p: pb::ValidatorSlashEvent = prost::Message::decode(value.as_slice()).map_err(|_| corrupt(&key))?;
            out.push(SlashEvent { height, validator_period: p.validator_period, fraction: dec(&key, &p.fraction)? });
        }
        Ok(out)
    }

    async fn previous_proposer(&self) -> SdkResult<Option<ConsAddress>> {
        let key = keys::previous_proposer();
        match self.get_raw(&key).await? {
            None => Ok(None),
            Some(bytes) => {
                let raw: [u8; 20] = bytes.as_slice().try_into().map_err(|_| corrupt(&key))?;
                Ok(Some(ConsAddress::from_bytes(raw)))
            }
        }
    }
}

impl<S: StateRead + ?Sized> DistributionRead for S {}

// ---- writers, private to the module ----

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}

pub(crate) fn put_community_pool<S: StateWrite + ?Sized>(state: &mut S, pool: &DecCoins) -> SdkResult<()> {
    state.put_proto(keys::fee_pool(), &pb::FeePool { community_pool: pool.to_proto() })
}

pub(crate) fn put_withdraw_address<S: StateWrite + ?Sized>(
    state: &mut S,
    del: &Address,
    to: &Address,
) -> SdkResult<()> {
    if del == to {
        // Paying to oneself is the default: no record, as the SDK stores it anyway but reads
        // the same either way.
        return state.remove(keys::withdraw_addr(del));
    }
    state.put_bytes(keys::withdraw_addr(del), to.as_bytes().to_vec())
}

pub(crate) fn put_outstanding<S: StateWrite + ?Sized>(
    state: &mut S,
    val: &ValAddress,
    rewards: &DecCoins,
) -> SdkResult<()> {
    state.put_proto(keys::outstanding(val), &pb::ValidatorOutstandingRewards { rewards: rewards.to_proto() })
}

pub(crate) fn put_commission<S: StateWrite + ?Sized>(state: &mut S, val: &ValAddress, c: &DecCoins) -> SdkResult<()> {
    state.put_proto(keys::commission(val), &pb::ValidatorAccumulatedCommission { commission: c.to_proto() })
}

pub(crate) fn put_current<S: StateWrite + ?Sized>(
    state: &mut S,
    val: &ValAddress,
    c: &CurrentRewards,
) -> SdkResult<()> {
    state
        .put_proto(keys::current(val), &pb::ValidatorCurrentRewards { rewards: c.rewards.to_proto(), period: c.period })
}

pub(crate) fn put_historical<S: StateWrite + ?Sized>(
    state: &mut S,
    val: &ValAddress,
    period: u64,
    h: &HistoricalRewards,
) -> SdkResult<()> {
    state.put_proto(
        keys::historical(val, period),
        &pb::ValidatorHistoricalRewards {
            cumulative_reward_ratio: h.cumulative_reward_ratio.to_proto(),
            reference_count: h.reference_count,
        },
    )
}

pub(crate) fn put_starting<S: StateWrite + ?Sized>(
    state: &mut S,
    val: &ValAddress,
    del: &Address,
    s: &StartingInfo,
) -> SdkResult<()> {
    state.put_proto(
        keys::starting(val, del),
        &pb::DelegatorStartingInfo {
            previous_period: s.previous_period,
            stake: s.stake.to_proto_string(),
            height: s.height,
        },
    )
}

pub(crate) fn put_slash_event<S: StateWrite + ?Sized>(
    state: &mut S,
    val: &ValAddress,
    e: &SlashEvent,
) -> SdkResult<()> {
    state.put_proto(
        keys::slash(val, e.height, e.validator_period),
        &pb::ValidatorSlashEvent { validator_period: e.validator_period, fraction: e.fraction.to_proto_string() },
    )
}

pub(crate) fn put_previous_proposer<S: StateWrite + ?Sized>(state: &mut S, cons: &ConsAddress) -> SdkResult<()> {
    state.put_bytes(keys::previous_proposer(), cons.as_bytes().to_vec())
}

/// Removes every key under `prefix` (a validator's history when it is removed).
pub(crate) async fn clear_prefix<S: StateWrite + ?Sized>(state: &mut S, prefix: &str) -> SdkResult<()> {
    let keys: Vec<String> = {
        let mut stream = std::pin::pin!(state.prefix_keys(prefix));
        let mut out = Vec::new();
        while let Some(k) = stream.next().await {
            out.push(k?);
        }
        out
    };
    for k in keys {
        state.remove(k)?;
    }
    Ok(())
}
