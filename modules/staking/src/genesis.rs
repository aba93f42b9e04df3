//! `app_state.staking` in the SDK v0.50 shape. A new chain's genesis usually holds only params:
//! validators come from genesis transactions (`symbiote genesis gentx`) delivered after every
//! section is written, and `init_validators` then bonds the top of the power index. An exported
//! state (`exported: true`) holds everything, and its last powers are the initial set.

use cnidarium::{StateRead, StateWrite};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use symbiote_bank::BankRead;
use symbiote_core::error::Code;
use symbiote_core::{Amount, GenesisContext, SdkError, SdkResult, ValAddress, ValidatorUpdate};

use crate::bonding::Env;
use crate::delegation::{Delegation, Redelegation, UnbondingDelegation};
use crate::hooks::{fire, Hook};
use crate::state::{self, bonded_pool, not_bonded_pool, StakingRead};
use crate::validator::{BondStatus, Validator};
use crate::validator_set::apply_validator_set_updates;
use crate::{keys, Params};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub last_total_power: Amount,
    #[serde(default)]
    pub last_validator_powers: Vec<LastValidatorPower>,
    #[serde(default)]
    pub validators: Vec<Validator>,
    #[serde(default)]
    pub delegations: Vec<Delegation>,
    #[serde(default)]
    pub unbonding_delegations: Vec<UnbondingDelegation>,
    #[serde(default)]
    pub redelegations: Vec<Redelegation>,
    #[serde(default)]
    pub exported: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LastValidatorPower {
    pub address: ValAddress,
    #[serde(with = "symbiote_core::serde_str")]
    pub power: u64,
}

fn invalid(why: impl std::fmt::Display) -> SdkError {
    SdkError::new(Code::InvalidRequest, format!("staking genesis: {why}"))
}

fn env(ctx: &GenesisContext) -> Env<'_> {
    // The SDK runs genesis "one block before" the first (height 1 − ValidatorUpdateDelay = 0).
    Env { height: 0, time: ctx.genesis_time, hooks: ctx.hooks }
}

impl GenesisState {
    /// `ValidateGenesis`, plus consistency the SDK would only find by panicking at InitChain:
    /// unique operators, delegations to known validators.
    pub fn validate(&self) -> SdkResult<()> {
        let mut keys = std::collections::BTreeSet::new();
        let mut operators = std::collections::BTreeSet::new();
        for v in &self.validators {
            let moniker = &v.description.moniker;
            if !keys.insert(v.consensus_pubkey) {
                return Err(invalid(format!(
                    "duplicate validator in genesis state: moniker {moniker}, address {}",
                    v.cons_address()
                )));
            }
            if !operators.insert(v.operator_address) {
                return Err(invalid(format!("duplicate operator {} in genesis state", v.operator_address)));
            }
            if v.jailed && v.is_bonded() {
                return Err(invalid(format!(
                    "validator is bonded and jailed in genesis state: moniker {moniker}, address {}",
                    v.cons_address()
                )));
            }
            if v.delegator_shares.is_zero() && !v.is_unbonding() {
                return Err(invalid(format!(
                    "bonded/unbonded genesis validator cannot have zero delegator shares, validator: {}",
                    v.operator_address
                )));
            }
        }
        for d in &self.delegations {
            if !operators.contains(&d.validator_address) {
                return Err(invalid(format!("delegation to unknown validator {}", d.validator_address)));
            }
        }
        self.params.validate()
    }

    /// `InitGenesis` without the validator set (see [`GenesisState::initial_validators`]).
    pub async fn init<S: StateWrite>(&self, state: &mut S, ctx: &GenesisContext) -> SdkResult<()> {
        let env = env(ctx);
        state::put_params(state, &self.params)?;
        state::set_last_total_power(state, self.last_total_power)?;
        let (mut bonded, mut not_bonded) = (Amount::ZERO, Amount::ZERO);
        let overflow = || invalid("token sum overflows");
        for v in &self.validators {
            state::put_validator(state, v)?;
            state::put_validator_by_cons(state, v)?;
            state::set_power_index(state, v)?;
            if !self.exported {
                fire(state, env, Hook::ValidatorCreated(&v.operator_address)).await?;
            }
            if v.is_unbonding() {
                state::enqueue_validator(state, v).await?;
            }
            match v.status {
                BondStatus::Bonded => bonded = bonded.checked_add(v.tokens).ok_or_else(overflow)?,
                BondStatus::Unbonding | BondStatus::Unbonded => {
                    not_bonded = not_bonded.checked_add(v.tokens).ok_or_else(overflow)?
                }
            }
        }
        for d in &self.delegations {
            if !self.exported {
                fire(state, env, Hook::DelegationCreated(&d.delegator_address, &d.validator_address)).await?;
            }
            state::put_delegation(state, d)?;
            if !self.exported {
                fire(state, env, Hook::DelegationModified(&d.delegator_address, &d.validator_address)).await?;
            }
        }
        for ubd in &self.unbonding_delegations {
            state::put_ubd(state, ubd)?;
            for e in &ubd.entries {
                state::enqueue_ubd(state, e.completion_time, &ubd.delegator_address, &ubd.validator_address).await?;
                not_bonded = not_bonded.checked_add(e.balance).ok_or_else(overflow)?;
            }
        }
        for red in &self.redelegations {
            state::put_red(state, red)?;
            for e in &red.entries {
                state::enqueue_red(
                    state,
                    e.completion_time,
                    &red.delegator_address,
                    &red.validator_src_address,
                    &red.validator_dst_address,
                )
                .await?;
            }
        }
        // The pools must hold exactly what the records say they hold.
        let denom = &self.params.bond_denom;
        for (pool, expected, name) in
            [(bonded_pool(), bonded, "bonded pool"), (not_bonded_pool(), not_bonded, "not bonded pool")]
        {
            let have = state.balance(&pool, denom).await?;
            if have != expected {
                return Err(invalid(format!(
                    "{name} balance is different from its coins: {have}{denom} <-> {expected}{denom}"
                )));
            }
        }
        if self.exported {
            for lv in &self.last_validator_powers {
                state::set_last_power(state, &lv.address, lv.power)?;
            }
        }
        Ok(())
    }

    /// The genesis validator set: an exported state's last powers as they were, otherwise the
    /// first validator-set update (which bonds validators created by genesis transactions).
    pub async fn initial_validators<S: StateWrite>(
        &self,
        state: &mut S,
        ctx: &GenesisContext,
    ) -> SdkResult<Vec<ValidatorUpdate>> {
        if !self.exported {
            return apply_validator_set_updates(state, env(ctx)).await;
        }
        let mut updates = Vec::with_capacity(self.last_validator_powers.len());
        for lv in &self.last_validator_powers {
            let v = state
                .validator(&lv.address)
                .await?
                .ok_or_else(|| invalid(format!("validator {} not found", lv.address)))?;
            let mut update = v.abci_update()?;
            update.power = lv
                .power
                .try_into()
                .map_err(|_| invalid(format!("power {} of {} out of range", lv.power, lv.address)))?;
            updates.push(update);
        }
        Ok(updates)
    }

    /// `ExportGenesis`.
    pub async fn export<S: StateRead>(state: &S) -> SdkResult<Self> {
        Ok(Self {
            params: state.staking_params().await?,
            last_total_power: state.last_total_power().await?,
            last_validator_powers: state
                .last_validator_powers()
                .await?
                .into_iter()
                .map(|(address, power)| LastValidatorPower { address, power })
                .collect(),
            validators: state.all_validators().await?,
            delegations: read_all(state, &keys::delegations_all(), Delegation::from_proto).await?,
            unbonding_delegations: read_all(state, &keys::ubds_all(), UnbondingDelegation::from_proto).await?,
            redelegations: read_all(state, &keys::reds_all(), Redelegation::from_proto).await?,
            exported: true,
        })
    }
}

/// Every record under `prefix`, decoded.
async fn read_all<S: StateRead, P: prost::Message + Default, T>(
    state: &S,
    prefix: &str,
    convert: fn(&P) -> SdkResult<T>,
) -> SdkResult<Vec<T>> {
    let mut stream = std::pin::pin!(state.prefix_raw(prefix));
    let mut out = Vec::new();
    while let Some(item) = stream.next().await {
        let (key, value) = item?;
        let proto =
            P::decode(value.as_slice()).map_err(|_| SdkError::internal(format!("corrupt staking value at {key}")))?;
        out.push(convert(&proto)?);
    }
    Ok(out)
}
