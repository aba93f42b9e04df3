//! `cosmos.distribution.v1beta1.Query` (`keeper/grpc_query.go`), read from the snapshot the
//! request's height header selects. Rewards are computed as the SDK does, by ending the
//! validator's period on a throw-away overlay of the snapshot (nothing is written).

use cnidarium::{Snapshot, StateDelta};
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as pb;
use cosmos_sdk_proto::cosmos::distribution::v1beta1::query_server::Query;
use symbiote_core::query::{reply, status, AtHeight, Snapshots};
use symbiote_core::{Address, DecCoins, SdkError, ValAddress};
use symbiote_staking::{errors as staking_errors, StakingRead, Validator};
use tonic::{Request, Response, Status};

use crate::rewards::{calculate_delegation_rewards, increment_period};
use crate::state::DistributionRead;

#[derive(Clone)]
pub struct DistributionQuery {
    snapshots: Snapshots,
}

impl DistributionQuery {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

fn address(s: &str, what: &str) -> Result<Address, Status> {
    if s.is_empty() {
        return Err(Status::invalid_argument(format!("empty {what} address")));
    }
    s.parse().map_err(|e: SdkError| Status::invalid_argument(e.log))
}

fn val_address(s: &str) -> Result<ValAddress, Status> {
    if s.is_empty() {
        return Err(Status::invalid_argument("empty validator address"));
    }
    s.parse().map_err(|e: SdkError| Status::invalid_argument(e.log))
}

async fn validator(snapshot: &Snapshot, op: &ValAddress) -> Result<Validator, Status> {
    snapshot.validator(op).await.map_err(status)?.ok_or_else(|| status(crate::errors::no_validator_exists(op)))
}

/// The rewards `del` could withdraw from `validator` now: the period ended on an overlay.
async fn rewards_now(snapshot: &AtHeight, validator: &Validator, del: &Address) -> Result<DecCoins, Status> {
    let op = validator.operator_address;
    let delegation = snapshot
        .delegation(del, &op)
        .await
        .map_err(status)?
        .ok_or_else(|| status(SdkError::coded(crate::errors::CODESPACE, 13, "delegation does not exist", "")))?;
    let mut overlay = StateDelta::new(snapshot.snapshot().clone());
    let ending = increment_period(&mut overlay, validator).await.map_err(status)?;
    let height = snapshot.height();
    calculate_delegation_rewards(&overlay, height, validator, &delegation, ending).await.map_err(status)
}

#[tonic::async_trait]
impl Query for DistributionQuery {
    async fn params(
        &self,
        request: Request<pb::QueryParamsRequest>,
    ) -> Result<Response<pb::QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.distribution_params().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryParamsResponse { params: Some(params.to_proto()) }))
    }

    async fn validator_distribution_info(
        &self,
        request: Request<pb::QueryValidatorDistributionInfoRequest>,
    ) -> Result<Response<pb::QueryValidatorDistributionInfoResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let op = val_address(&request.get_ref().validator_address)?;
        let v = validator(&snapshot, &op).await?;
        let self_bond = rewards_now(&snapshot, &v, &op.account()).await?;
        let commission = snapshot.accumulated_commission(&op).await.map_err(status)?;
        Ok(reply(
            &snapshot,
            pb::QueryValidatorDistributionInfoResponse {
                operator_address: op.account().to_string(),
                self_bond_rewards: self_bond.to_proto(),
                commission: commission.to_proto(),
            },
        ))
    }

    async fn validator_outstanding_rewards(
        &self,
        request: Request<pb::QueryValidatorOutstandingRewardsRequest>,
    ) -> Result<Response<pb::QueryValidatorOutstandingRewardsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let op = val_address(&request.get_ref().validator_address)?;
        validator(&snapshot, &op).await?;
        let rewards = snapshot.outstanding_rewards(&op).await.map_err(status)?.unwrap_or_default();
        Ok(reply(
            &snapshot,
            pb::QueryValidatorOutstandingRewardsResponse {
                rewards: Some(pb::ValidatorOutstandingRewards { rewards: rewards.to_proto() }),
            },
        ))
    }

    async fn validator_commission(
        &self,
        request: Request<pb::QueryValidatorCommissionRequest>,
    ) -> Result<Response<pb::QueryValidatorCommissionResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let op = val_address(&request.get_ref().validator_address)?;
        validator(&snapshot, &op).await?;
        let commission = snapshot.accumulated_commission(&op).await.map_err(status)?;
        Ok(reply(
            &snapshot,
            pb::QueryValidatorCommissionResponse {
                commission: Some(pb::ValidatorAccumulatedCommission { commission: commission.to_proto() }),
            },
        ))
    }

    async fn validator_slashes(
        &self,
        request: Request<pb::QueryValidatorSlashesRequest>,
    ) -> Result<Response<pb::QueryValidatorSlashesResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        if req.ending_height < req.starting_height {
            return Err(Status::invalid_argument("starting height greater than ending height"));
        }
        let op = val_address(&req.validator_address)?;
        let events =
            snapshot.slash_events_between(&op, req.starting_height, req.ending_height).await.map_err(status)?;
        let total = events.len() as u64;
        let (offset, limit) = match &req.pagination {
            Some(p) if p.limit > 0 => (p.offset, p.limit),
            Some(p) => (p.offset, symbiote_core::pagination::DEFAULT_LIMIT),
            None => (0, symbiote_core::pagination::DEFAULT_LIMIT),
        };
        let page: Vec<pb::ValidatorSlashEvent> = events
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(|e| pb::ValidatorSlashEvent {
                validator_period: e.validator_period,
                fraction: e.fraction.to_proto_string(),
            })
            .collect();
        let count_total = req.pagination.as_ref().is_some_and(|p| p.count_total);
        let pagination = cosmos_sdk_proto::cosmos::base::query::v1beta1::PageResponse {
            next_key: Vec::new(),
            total: if count_total { total } else { 0 },
        };
        Ok(reply(&snapshot, pb::QueryValidatorSlashesResponse { slashes: page, pagination: Some(pagination) }))
    }

    async fn delegation_rewards(
        &self,
        request: Request<pb::QueryDelegationRewardsRequest>,
    ) -> Result<Response<pb::QueryDelegationRewardsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let del = address(&request.get_ref().delegator_address, "delegator")?;
        let op = val_address(&request.get_ref().validator_address)?;
        let v = validator(&snapshot, &op).await?;
        let rewards = rewards_now(&snapshot, &v, &del).await?;
        Ok(reply(&snapshot, pb::QueryDelegationRewardsResponse { rewards: rewards.to_proto() }))
    }

    async fn delegation_total_rewards(
        &self,
        request: Request<pb::QueryDelegationTotalRewardsRequest>,
    ) -> Result<Response<pb::QueryDelegationTotalRewardsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let del = address(&request.get_ref().delegator_address, "delegator")?;
        let mut rewards = Vec::new();
        let mut total = DecCoins::new();
        for d in snapshot.delegations_of(&del).await.map_err(status)? {
            let v = snapshot
                .validator(&d.validator_address)
                .await
                .map_err(status)?
                .ok_or_else(|| status(staking_errors::no_validator_found()))?;
            let r = rewards_now(&snapshot, &v, &del).await?;
            total = total.checked_add(&r).map_err(status)?;
            rewards.push(pb::DelegationDelegatorReward {
                validator_address: d.validator_address.to_string(),
                reward: r.to_proto(),
            });
        }
        Ok(reply(&snapshot, pb::QueryDelegationTotalRewardsResponse { rewards, total: total.to_proto() }))
    }

    async fn delegator_validators(
        &self,
        request: Request<pb::QueryDelegatorValidatorsRequest>,
    ) -> Result<Response<pb::QueryDelegatorValidatorsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let del = address(&request.get_ref().delegator_address, "delegator")?;
        let validators = snapshot
            .delegations_of(&del)
            .await
            .map_err(status)?
            .iter()
            .map(|d| d.validator_address.to_string())
            .collect();
        Ok(reply(&snapshot, pb::QueryDelegatorValidatorsResponse { validators }))
    }

    async fn delegator_withdraw_address(
        &self,
        request: Request<pb::QueryDelegatorWithdrawAddressRequest>,
    ) -> Result<Response<pb::QueryDelegatorWithdrawAddressResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let del = address(&request.get_ref().delegator_address, "delegator")?;
        let to = snapshot.withdraw_address(&del).await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryDelegatorWithdrawAddressResponse { withdraw_address: to.to_string() }))
    }

    async fn community_pool(
        &self,
        request: Request<pb::QueryCommunityPoolRequest>,
    ) -> Result<Response<pb::QueryCommunityPoolResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let pool = snapshot.community_pool().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryCommunityPoolResponse { pool: pool.to_proto() }))
    }
}
