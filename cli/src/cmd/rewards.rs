//! Distribution, slashing and mint from the command line, as the Cosmos SDK v0.50 CLI does it:
//!
//! * `symbiote tx distribution withdraw-rewards VALIDATOR [--commission] | withdraw-all-rewards |
//!   set-withdraw-addr ADDRESS | fund-community-pool AMOUNT` and `symbiote tx slashing unjail`
//!   ([`build_msgs`]; `tx.rs` simulates, signs and broadcasts);
//! * `symbiote query distribution rewards|commission|community-pool|slashes|params`,
//!   `query slashing signing-info|signing-infos|params`, `query mint inflation|annual-provisions|params`:
//!   the modules' `Query` methods through `abci_query`, printed as the SDK's JSON (`query::module_query`).

use anyhow::{anyhow, Result};
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr;
use cosmos_sdk_proto::cosmos::mint::v1beta1 as mint;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing;
use cosmos_sdk_proto::Any;
use prost::Message;
use symbiote_core::{Address, ConsAddress, ValAddress};

use super::query::Call;
use super::staking::{to_any, PageArgs};
use crate::client::Node;

fn valoper(text: &str) -> Result<ValAddress> {
    text.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))
}

fn address(text: &str) -> Result<Address> {
    text.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))
}

// ---- tx ----

#[derive(clap::Subcommand, Debug)]
pub enum DistributionTx {
    /// Withdraw --from's rewards from VALIDATOR (and, with --commission, the validator's
    /// commission: --from must be its operator).
    WithdrawRewards {
        validator: String,
        #[arg(long)]
        commission: bool,
    },
    /// Withdraw --from's rewards from every validator it delegates to.
    WithdrawAllRewards,
    /// Pay --from's future rewards (and commission) to ADDRESS.
    SetWithdrawAddr { address: String },
    /// Give AMOUNT (e.g. 1000usym) to the community pool.
    FundCommunityPool { amount: String },
}

#[derive(clap::Subcommand, Debug)]
pub enum SlashingTx {
    /// Bring --from's jailed validator back (after its jail time; never after a double sign).
    Unjail,
}

/// The messages `cmd` sends from `sender`, as the SDK's CLI fills them (withdraw-all-rewards
/// asks the node which validators `sender` delegates to).
pub async fn build_distribution_msgs(cmd: &DistributionTx, sender: Address, node: &Node) -> Result<Vec<Any>> {
    let delegator_address = sender.to_string();
    Ok(match cmd {
        DistributionTx::WithdrawRewards { validator, commission } => {
            let validator_address = valoper(validator)?.to_string();
            let mut msgs = vec![to_any(&distr::MsgWithdrawDelegatorReward {
                delegator_address,
                validator_address: validator_address.clone(),
            })];
            if *commission {
                msgs.push(to_any(&distr::MsgWithdrawValidatorCommission { validator_address }));
            }
            msgs
        }
        DistributionTx::WithdrawAllRewards => {
            let req = distr::QueryDelegatorValidatorsRequest { delegator_address: delegator_address.clone() };
            let resp: distr::QueryDelegatorValidatorsResponse =
                node.query("/cosmos.distribution.v1beta1.Query/DelegatorValidators", &req, 0).await?;
            if resp.validators.is_empty() {
                return Err(anyhow!("{sender} has no delegations: no rewards to withdraw"));
            }
            resp.validators
                .into_iter()
                .map(|validator_address| {
                    to_any(&distr::MsgWithdrawDelegatorReward {
                        delegator_address: delegator_address.clone(),
                        validator_address,
                    })
                })
                .collect()
        }
        DistributionTx::SetWithdrawAddr { address: to } => vec![to_any(&distr::MsgSetWithdrawAddress {
            delegator_address,
            withdraw_address: address(to)?.to_string(),
        })],
        DistributionTx::FundCommunityPool { amount } => {
            let coins: symbiote_core::Coins =
                amount.parse().map_err(|e: symbiote_core::SdkError| anyhow!("invalid amount {amount:?}: {}", e.log))?;
            vec![to_any(&distr::MsgFundCommunityPool { amount: coins.to_proto(), depositor: delegator_address })]
        }
    })
}

pub fn build_slashing_msgs(cmd: &SlashingTx, sender: Address) -> Vec<Any> {
    match cmd {
        SlashingTx::Unjail => {
            vec![to_any(&slashing::MsgUnjail { validator_addr: ValAddress::from_account(sender).to_string() })]
        }
    }
}

// ---- query ----

#[derive(clap::Subcommand, Debug)]
pub enum DistributionQuery {
    /// DELEGATOR's rewards from VALIDATOR, or from every validator (with the total).
    Rewards {
        delegator: String,
        validator: Option<String>,
    },
    /// VALIDATOR's accumulated commission.
    Commission {
        validator: String,
    },
    /// Rewards VALIDATOR holds for its delegators and itself, not yet withdrawn.
    OutstandingRewards {
        validator: String,
    },
    /// VALIDATOR's slashes between two heights.
    Slashes {
        validator: String,
        start_height: u64,
        end_height: u64,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Where DELEGATOR's rewards are paid.
    WithdrawAddr {
        delegator: String,
    },
    CommunityPool,
    Params,
}

#[derive(clap::Subcommand, Debug)]
pub enum SlashingQuery {
    /// A validator's liveness record, by consensus address (symvalcons...).
    SigningInfo {
        cons_address: String,
    },
    SigningInfos {
        #[command(flatten)]
        page: PageArgs,
    },
    Params,
}

#[derive(clap::Subcommand, Debug)]
pub enum MintQuery {
    Inflation,
    AnnualProvisions,
    Params,
}

pub fn distribution_request(q: &DistributionQuery) -> Result<Call> {
    const P: &str = "cosmos.distribution.v1beta1";
    Ok(match q {
        DistributionQuery::Rewards { delegator, validator: Some(validator) } => (
            P,
            "DelegationRewards",
            distr::QueryDelegationRewardsRequest {
                delegator_address: address(delegator)?.to_string(),
                validator_address: valoper(validator)?.to_string(),
            }
            .encode_to_vec(),
            "QueryDelegationRewardsResponse",
        ),
        DistributionQuery::Rewards { delegator, validator: None } => (
            P,
            "DelegationTotalRewards",
            distr::QueryDelegationTotalRewardsRequest { delegator_address: address(delegator)?.to_string() }
                .encode_to_vec(),
            "QueryDelegationTotalRewardsResponse",
        ),
        DistributionQuery::Commission { validator } => (
            P,
            "ValidatorCommission",
            distr::QueryValidatorCommissionRequest { validator_address: valoper(validator)?.to_string() }
                .encode_to_vec(),
            "QueryValidatorCommissionResponse",
        ),
        DistributionQuery::OutstandingRewards { validator } => (
            P,
            "ValidatorOutstandingRewards",
            distr::QueryValidatorOutstandingRewardsRequest { validator_address: valoper(validator)?.to_string() }
                .encode_to_vec(),
            "QueryValidatorOutstandingRewardsResponse",
        ),
        DistributionQuery::Slashes { validator, start_height, end_height, page } => (
            P,
            "ValidatorSlashes",
            distr::QueryValidatorSlashesRequest {
                validator_address: valoper(validator)?.to_string(),
                starting_height: *start_height,
                ending_height: *end_height,
                pagination: page.request()?,
            }
            .encode_to_vec(),
            "QueryValidatorSlashesResponse",
        ),
        DistributionQuery::WithdrawAddr { delegator } => (
            P,
            "DelegatorWithdrawAddress",
            distr::QueryDelegatorWithdrawAddressRequest { delegator_address: address(delegator)?.to_string() }
                .encode_to_vec(),
            "QueryDelegatorWithdrawAddressResponse",
        ),
        DistributionQuery::CommunityPool => {
            (P, "CommunityPool", distr::QueryCommunityPoolRequest {}.encode_to_vec(), "QueryCommunityPoolResponse")
        }
        DistributionQuery::Params => (P, "Params", distr::QueryParamsRequest {}.encode_to_vec(), "QueryParamsResponse"),
    })
}

pub fn slashing_request(q: &SlashingQuery) -> Result<Call> {
    const P: &str = "cosmos.slashing.v1beta1";
    Ok(match q {
        SlashingQuery::SigningInfo { cons_address } => {
            let cons: ConsAddress = cons_address.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
            (
                P,
                "SigningInfo",
                slashing::QuerySigningInfoRequest { cons_address: cons.to_string() }.encode_to_vec(),
                "QuerySigningInfoResponse",
            )
        }
        SlashingQuery::SigningInfos { page } => (
            P,
            "SigningInfos",
            slashing::QuerySigningInfosRequest { pagination: page.request()? }.encode_to_vec(),
            "QuerySigningInfosResponse",
        ),
        SlashingQuery::Params => (P, "Params", slashing::QueryParamsRequest {}.encode_to_vec(), "QueryParamsResponse"),
    })
}

pub fn mint_request(q: &MintQuery) -> Call {
    const P: &str = "cosmos.mint.v1beta1";
    match q {
        MintQuery::Inflation => {
            (P, "Inflation", mint::QueryInflationRequest {}.encode_to_vec(), "QueryInflationResponse")
        }
        MintQuery::AnnualProvisions => (
            P,
            "AnnualProvisions",
            mint::QueryAnnualProvisionsRequest {}.encode_to_vec(),
            "QueryAnnualProvisionsResponse",
        ),
        MintQuery::Params => (P, "Params", mint::QueryParamsRequest {}.encode_to_vec(), "QueryParamsResponse"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unjail_names_the_senders_operator_address() {
        let sender = Address::from_bytes([7; 20]);
        let msgs = build_slashing_msgs(&SlashingTx::Unjail, sender);
        assert_eq!(msgs[0].type_url, "/cosmos.slashing.v1beta1.MsgUnjail");
        let m = slashing::MsgUnjail::decode(msgs[0].value.as_slice()).unwrap();
        assert_eq!(m.validator_addr, ValAddress::from_account(sender).to_string());
    }

    #[test]
    fn queries_name_their_methods_and_refuse_bad_addresses() {
        let (_, method, _, _) = distribution_request(&DistributionQuery::Rewards {
            delegator: Address::from_bytes([1; 20]).to_string(),
            validator: None,
        })
        .unwrap();
        assert_eq!(method, "DelegationTotalRewards");
        assert!(distribution_request(&DistributionQuery::Commission { validator: "sym1nope".into() }).is_err());
        assert!(slashing_request(&SlashingQuery::SigningInfo { cons_address: "symvaloper1x".into() }).is_err());
        assert_eq!(mint_request(&MintQuery::AnnualProvisions).1, "AnnualProvisions");
    }
}
