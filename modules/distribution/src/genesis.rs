//! `app_state.distribution` in the SDK v0.50 shape. A new chain's genesis holds params (and
//! perhaps a funded community pool); the reward records of genesis validators are created by
//! the staking hooks as the genesis transactions run. An exported state holds every record, and
//! importing it gives the same state.

use cnidarium::{StateRead, StateWrite};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use symbiote_bank::BankRead;
use symbiote_core::error::Code;
use symbiote_core::serde_str;
use symbiote_core::{Address, ConsAddress, DecCoins, GenesisContext, LegacyDec, SdkError, SdkResult, ValAddress};

use crate::rewards::module_address;
use crate::state::{self, corrupt, CurrentRewards, DistributionRead, HistoricalRewards, SlashEvent, StartingInfo};
use crate::{keys, Params};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub fee_pool: FeePool,
    #[serde(default)]
    pub delegator_withdraw_infos: Vec<WithdrawInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_proposer: Option<ConsAddress>,
    #[serde(default)]
    pub outstanding_rewards: Vec<OutstandingRecord>,
    #[serde(default)]
    pub validator_accumulated_commissions: Vec<CommissionRecord>,
    #[serde(default)]
    pub validator_historical_rewards: Vec<HistoricalRecord>,
    #[serde(default)]
    pub validator_current_rewards: Vec<CurrentRecord>,
    #[serde(default)]
    pub delegator_starting_infos: Vec<StartingRecord>,
    #[serde(default)]
    pub validator_slash_events: Vec<SlashRecord>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeePool {
    pub community_pool: DecCoins,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawInfo {
    pub delegator_address: Address,
    pub withdraw_address: Address,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutstandingRecord {
    pub validator_address: ValAddress,
    pub outstanding_rewards: DecCoins,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommissionRecord {
    pub validator_address: ValAddress,
    pub accumulated: Accumulated,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accumulated {
    pub commission: DecCoins,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoricalRecord {
    pub validator_address: ValAddress,
    #[serde(with = "serde_str")]
    pub period: u64,
    pub rewards: Historical,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Historical {
    pub cumulative_reward_ratio: DecCoins,
    pub reference_count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrentRecord {
    pub validator_address: ValAddress,
    pub rewards: Current,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Current {
    pub rewards: DecCoins,
    #[serde(with = "serde_str")]
    pub period: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartingRecord {
    pub delegator_address: Address,
    pub validator_address: ValAddress,
    pub starting_info: Starting,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Starting {
    #[serde(with = "serde_str")]
    pub previous_period: u64,
    pub stake: LegacyDec,
    #[serde(with = "serde_str")]
    pub height: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlashRecord {
    pub validator_address: ValAddress,
    #[serde(with = "serde_str")]
    pub height: u64,
    #[serde(with = "serde_str")]
    pub period: u64,
    pub validator_slash_event: Slash,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slash {
    #[serde(with = "serde_str")]
    pub validator_period: u64,
    pub fraction: LegacyDec,
}

fn invalid(why: impl std::fmt::Display) -> SdkError {
    SdkError::new(Code::InvalidRequest, format!("distribution genesis: {why}"))
}

impl GenesisState {
    /// `ValidateGenesis`: valid params and non-negative amounts (guaranteed by the types).
    pub fn validate(&self) -> SdkResult<()> {
        self.params.validate()?;
        for s in &self.validator_slash_events {
            let f = s.validator_slash_event.fraction;
            if f.is_negative() || f > LegacyDec::ONE {
                return Err(invalid(format!("slash fraction {f} of {} out of [0, 1]", s.validator_address)));
            }
        }
        Ok(())
    }

    /// `InitGenesis`, ending with the SDK's check that the distribution account holds exactly
    /// the whole coins of the community pool plus everything outstanding.
    pub async fn init<S: StateWrite>(&self, state: &mut S, _ctx: &GenesisContext) -> SdkResult<()> {
        state::put_params(state, &self.params)?;
        state::put_community_pool(state, &self.fee_pool.community_pool)?;
        for w in &self.delegator_withdraw_infos {
            state::put_withdraw_address(state, &w.delegator_address, &w.withdraw_address)?;
        }
        if let Some(p) = &self.previous_proposer {
            state::put_previous_proposer(state, p)?;
        }
        let mut held = self.fee_pool.community_pool.clone();
        for o in &self.outstanding_rewards {
            state::put_outstanding(state, &o.validator_address, &o.outstanding_rewards)?;
            held = held.checked_add(&o.outstanding_rewards)?;
        }
        for c in &self.validator_accumulated_commissions {
            state::put_commission(state, &c.validator_address, &c.accumulated.commission)?;
        }
        for h in &self.validator_historical_rewards {
            let rewards = HistoricalRewards {
                cumulative_reward_ratio: h.rewards.cumulative_reward_ratio.clone(),
                reference_count: h.rewards.reference_count,
            };
            state::put_historical(state, &h.validator_address, h.period, &rewards)?;
        }
        for c in &self.validator_current_rewards {
            let current = CurrentRewards { rewards: c.rewards.rewards.clone(), period: c.rewards.period };
            state::put_current(state, &c.validator_address, &current)?;
        }
        for s in &self.delegator_starting_infos {
            let info = StartingInfo {
                previous_period: s.starting_info.previous_period,
                stake: s.starting_info.stake,
                height: s.starting_info.height,
            };
            state::put_starting(state, &s.validator_address, &s.delegator_address, &info)?;
        }
        for e in &self.validator_slash_events {
            let event = SlashEvent {
                height: e.height,
                validator_period: e.validator_slash_event.validator_period,
                fraction: e.validator_slash_event.fraction,
            };
            state::put_slash_event(state, &e.validator_address, &event)?;
        }
        let (expected, _) = held.truncate_decimal()?;
        let balance = state.all_balances(&module_address()).await?;
        if balance != expected {
            return Err(invalid(format!(
                "distribution module balance {balance} does not match the module holdings {expected}"
            )));
        }
        Ok(())
    }

    /// `ExportGenesis`.
    pub async fn export<S: StateRead>(state: &S) -> SdkResult<Self> {
        let mut out = GenesisState {
            params: state.distribution_params().await?,
            fee_pool: FeePool { community_pool: state.community_pool().await? },
            previous_proposer: state.previous_proposer().await?,
            ..Default::default()
        };
        for (key, value) in scan(state, &keys::withdraw_addrs()).await? {
            let del = hex_part(&key, &keys::withdraw_addrs(), 0, Address::from_hex)?;
            let to = Address::from_bytes_slice(&value).map_err(|_| corrupt(&key))?;
            out.delegator_withdraw_infos.push(WithdrawInfo { delegator_address: del, withdraw_address: to });
        }
        for (key, _) in scan(state, &keys::outstanding_all()).await? {
            let val = hex_part(&key, &keys::outstanding_all(), 0, ValAddress::from_hex)?;
            let rewards = state.outstanding_rewards(&val).await?.unwrap_or_default();
            out.outstanding_rewards.push(OutstandingRecord { validator_address: val, outstanding_rewards: rewards });
        }
        for (key, _) in scan(state, &keys::commission_all()).await? {
            let val = hex_part(&key, &keys::commission_all(), 0, ValAddress::from_hex)?;
            let commission = state.accumulated_commission(&val).await?;
            out.validator_accumulated_commissions
                .push(CommissionRecord { validator_address: val, accumulated: Accumulated { commission } });
        }
        for (key, _) in scan(state, &keys::historical_all()).await? {
            let val = hex_part(&key, &keys::historical_all(), 0, ValAddress::from_hex)?;
            let period = hex_part(&key, &keys::historical_all(), 1, |s| s.parse().ok())?;
            let h = state.historical_rewards(&val, period).await?.ok_or_else(|| corrupt(&key))?;
            out.validator_historical_rewards.push(HistoricalRecord {
                validator_address: val,
                period,
                rewards: Historical {
                    cumulative_reward_ratio: h.cumulative_reward_ratio,
                    reference_count: h.reference_count,
                },
            });
        }
        for (key, _) in scan(state, &keys::current_all()).await? {
            let val = hex_part(&key, &keys::current_all(), 0, ValAddress::from_hex)?;
            let c = state.current_rewards(&val).await?.ok_or_else(|| corrupt(&key))?;
            out.validator_current_rewards.push(CurrentRecord {
                validator_address: val,
                rewards: Current { rewards: c.rewards, period: c.period },
            });
        }
        for (key, _) in scan(state, &keys::starting_all()).await? {
            let val = hex_part(&key, &keys::starting_all(), 0, ValAddress::from_hex)?;
            let del = hex_part(&key, &keys::starting_all(), 1, Address::from_hex)?;
            let s = state.starting_info(&val, &del).await?.ok_or_else(|| corrupt(&key))?;
            out.delegator_starting_infos.push(StartingRecord {
                delegator_address: del,
                validator_address: val,
                starting_info: Starting { previous_period: s.previous_period, stake: s.stake, height: s.height },
            });
        }
        let mut validators_with_slashes = Vec::new();
        for (key, _) in scan(state, &keys::slashes_all()).await? {
            let val = hex_part(&key, &keys::slashes_all(), 0, ValAddress::from_hex)?;
            if validators_with_slashes.last() != Some(&val) {
                validators_with_slashes.push(val);
            }
        }
        for val in validators_with_slashes {
            for e in state.slash_events(&val).await? {
                out.validator_slash_events.push(SlashRecord {
                    validator_address: val,
                    height: e.height,
                    period: e.validator_period,
                    validator_slash_event: Slash { validator_period: e.validator_period, fraction: e.fraction },
                });
            }
        }
        Ok(out)
    }
}

async fn scan<S: StateRead>(state: &S, prefix: &str) -> SdkResult<Vec<(String, Vec<u8>)>> {
    let mut stream = std::pin::pin!(state.prefix_raw(prefix));
    let mut out = Vec::new();
    while let Some(item) = stream.next().await {
        out.push(item?);
    }
    Ok(out)
}

fn hex_part<T>(key: &str, prefix: &str, index: usize, parse: impl Fn(&str) -> Option<T>) -> SdkResult<T> {
    keys::parts(key, prefix).and_then(|p| p.get(index).and_then(|s| parse(s))).ok_or_else(|| corrupt(key))
}
