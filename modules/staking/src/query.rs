//! `cosmos.staking.v1beta1.Query` (`keeper/grpc_query.go`), read from the snapshot the
//! request's height header selects. Lists are one page read from the store; lists of a
//! validator's delegations and unbondings walk the by-validator indexes.

use cnidarium::{Snapshot, StateRead};
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use cosmos_sdk_proto::cosmos::staking::v1beta1::query_server::Query;
use futures::StreamExt;
use symbiote_bank::BankRead;
use symbiote_core::pagination::{paginate, paginate_keys, DEFAULT_LIMIT, MAX_LIMIT};
use symbiote_core::query::{reply, status, Snapshots};
use symbiote_core::{Address, Coin, ValAddress};
use tonic::{Request, Response, Status};

use crate::delegation::{Delegation, Redelegation};
use crate::keys;
use crate::state::{bonded_pool, not_bonded_pool, StakingRead};
use crate::validator::{BondStatus, Validator};

#[derive(Clone)]
pub struct StakingQuery {
    snapshots: Snapshots,
}

impl StakingQuery {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

fn delegator(s: &str) -> Result<Address, Status> {
    if s.is_empty() {
        return Err(Status::invalid_argument("delegator address cannot be empty"));
    }
    s.parse().map_err(|e: symbiote_core::SdkError| Status::invalid_argument(e.log))
}

fn validator_address(s: &str) -> Result<ValAddress, Status> {
    if s.is_empty() {
        return Err(Status::invalid_argument("validator address cannot be empty"));
    }
    s.parse().map_err(|e: symbiote_core::SdkError| Status::invalid_argument(e.log))
}

fn corrupt(key: &str) -> Status {
    Status::internal(format!("corrupt staking value at {key}"))
}

async fn existing_validator(snapshot: &Snapshot, op: &ValAddress) -> Result<Validator, Status> {
    snapshot.validator(op).await.map_err(status)?.ok_or_else(|| Status::not_found(format!("validator {op} not found")))
}

/// `DelegationToDelegationResponse`: the shares and what they are worth now.
async fn delegation_response(
    snapshot: &Snapshot,
    d: &Delegation,
    denom: &str,
) -> Result<pb::DelegationResponse, Status> {
    let v = snapshot.existing_validator(&d.validator_address).await.map_err(status)?;
    let tokens = v
        .tokens_from_shares(d.shares)
        .and_then(|t| t.truncate_int().map_err(|e| symbiote_core::SdkError::internal(e.to_string())));
    Ok(pb::DelegationResponse {
        delegation: Some(d.to_proto()),
        balance: Some(Coin::new(denom, tokens.map_err(status)?).to_proto()),
    })
}

/// `RedelegationsToRedelegationResponses`: each entry with what its shares are worth at the
/// destination now.
async fn redelegation_response(snapshot: &Snapshot, red: &Redelegation) -> Result<pb::RedelegationResponse, Status> {
    let dst = snapshot.existing_validator(&red.validator_dst_address).await.map_err(status)?;
    let proto = red.to_proto();
    let mut entries = Vec::with_capacity(red.entries.len());
    for (entry, p) in red.entries.iter().zip(&proto.entries) {
        let balance = dst
            .tokens_from_shares(entry.shares_dst)
            .and_then(|t| t.truncate_int().map_err(|e| symbiote_core::SdkError::internal(e.to_string())))
            .map_err(status)?;
        entries
            .push(pb::RedelegationEntryResponse { redelegation_entry: Some(p.clone()), balance: balance.to_string() });
    }
    Ok(pb::RedelegationResponse { redelegation: Some(proto), entries })
}

fn decode<P: prost::Message + Default>(key: &str, bytes: &[u8]) -> Result<P, Status> {
    P::decode(bytes).map_err(|_| corrupt(key))
}

async fn bond_denom(snapshot: &Snapshot) -> Result<String, Status> {
    Ok(snapshot.staking_params().await.map_err(status)?.bond_denom)
}

/// A page of validators with the given status: validators are few, so the filter reads them
/// all and pages the matches (as the SDK's filtered pagination, offset or key, forward or
/// reverse).
async fn filtered_validators(
    snapshot: &Snapshot,
    status_filter: BondStatus,
    req: Option<&PageRequest>,
) -> Result<(Vec<pb::Validator>, PageResponse), Status> {
    let default = PageRequest::default();
    let req = req.unwrap_or(&default);
    if !req.key.is_empty() && req.offset > 0 {
        return Err(Status::invalid_argument("paginate: invalid request, either offset or key is expected, got both"));
    }
    let prefix = keys::validators();
    let mut matches = Vec::new();
    let mut stream = std::pin::pin!(snapshot.prefix_raw(&prefix));
    while let Some(item) = stream.next().await {
        let (key, value) = item.map_err(|e| Status::internal(e.to_string()))?;
        let p: pb::Validator = decode(&key, &value)?;
        if BondStatus::from_proto(p.status) == Some(status_filter) {
            matches.push((key[prefix.len()..].to_string(), p));
        }
    }
    if req.reverse {
        matches.reverse();
    }
    let start = String::from_utf8_lossy(&req.key).into_owned();
    let total = matches.len() as u64;
    let skip = if start.is_empty() {
        req.offset as usize
    } else {
        matches.iter().position(|(k, _)| if req.reverse { *k <= start } else { *k >= start }).unwrap_or(matches.len())
    };
    let limit = if req.limit == 0 { DEFAULT_LIMIT } else { req.limit.min(MAX_LIMIT) } as usize;
    let mut rest = matches.into_iter().skip(skip);
    let page: Vec<_> = rest.by_ref().take(limit).map(|(_, v)| v).collect();
    let next_key = rest.next().map(|(k, _)| k.into_bytes()).unwrap_or_default();
    Ok((page, PageResponse { next_key, total: if req.count_total { total } else { 0 } }))
}

#[tonic::async_trait]
impl Query for StakingQuery {
    async fn validators(
        &self,
        request: Request<pb::QueryValidatorsRequest>,
    ) -> Result<Response<pb::QueryValidatorsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let (validators, pagination) = if req.status.is_empty() {
            let prefix = keys::validators();
            let (items, page) = paginate(&snapshot, &prefix, req.pagination.as_ref()).await?;
            let list = items
                .iter()
                .map(|(suffix, bytes)| decode::<pb::Validator>(&format!("{prefix}{suffix}"), bytes))
                .collect::<Result<_, _>>()?;
            (list, page)
        } else {
            let wanted: BondStatus = req
                .status
                .to_ascii_uppercase()
                .parse()
                .map_err(|_| Status::invalid_argument(format!("invalid validator status {}", req.status)))?;
            filtered_validators(&snapshot, wanted, req.pagination.as_ref()).await?
        };
        Ok(reply(&snapshot, pb::QueryValidatorsResponse { validators, pagination: Some(pagination) }))
    }

    async fn validator(
        &self,
        request: Request<pb::QueryValidatorRequest>,
    ) -> Result<Response<pb::QueryValidatorResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let op = validator_address(&request.get_ref().validator_addr)?;
        let v = existing_validator(&snapshot, &op).await?;
        Ok(reply(&snapshot, pb::QueryValidatorResponse { validator: Some(v.to_proto()) }))
    }

    async fn validator_delegations(
        &self,
        request: Request<pb::QueryValidatorDelegationsRequest>,
    ) -> Result<Response<pb::QueryValidatorDelegationsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let op = validator_address(&req.validator_addr)?;
        let denom = bond_denom(&snapshot).await?;
        let (dels, pagination) = paginate_keys(&snapshot, &keys::delegations_to(&op), req.pagination.as_ref()).await?;
        let mut delegation_responses = Vec::with_capacity(dels.len());
        for del_hex in dels {
            let del = Address::from_hex(&del_hex).ok_or_else(|| corrupt(&del_hex))?;
            let d = snapshot.delegation(&del, &op).await.map_err(status)?.ok_or_else(|| corrupt(&del_hex))?;
            delegation_responses.push(delegation_response(&snapshot, &d, &denom).await?);
        }
        Ok(reply(
            &snapshot,
            pb::QueryValidatorDelegationsResponse { delegation_responses, pagination: Some(pagination) },
        ))
    }

    async fn validator_unbonding_delegations(
        &self,
        request: Request<pb::QueryValidatorUnbondingDelegationsRequest>,
    ) -> Result<Response<pb::QueryValidatorUnbondingDelegationsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let op = validator_address(&req.validator_addr)?;
        let (dels, pagination) = paginate_keys(&snapshot, &keys::ubds_from(&op), req.pagination.as_ref()).await?;
        let mut unbonding_responses = Vec::with_capacity(dels.len());
        for del_hex in dels {
            let del = Address::from_hex(&del_hex).ok_or_else(|| corrupt(&del_hex))?;
            let ubd =
                snapshot.unbonding_delegation(&del, &op).await.map_err(status)?.ok_or_else(|| corrupt(&del_hex))?;
            unbonding_responses.push(ubd.to_proto());
        }
        Ok(reply(
            &snapshot,
            pb::QueryValidatorUnbondingDelegationsResponse { unbonding_responses, pagination: Some(pagination) },
        ))
    }

    async fn delegation(
        &self,
        request: Request<pb::QueryDelegationRequest>,
    ) -> Result<Response<pb::QueryDelegationResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let del = delegator(&req.delegator_addr)?;
        let op = validator_address(&req.validator_addr)?;
        let d = snapshot.delegation(&del, &op).await.map_err(status)?.ok_or_else(|| {
            Status::not_found(format!("delegation with delegator {del} not found for validator {op}"))
        })?;
        let response = delegation_response(&snapshot, &d, &bond_denom(&snapshot).await?).await?;
        Ok(reply(&snapshot, pb::QueryDelegationResponse { delegation_response: Some(response) }))
    }

    async fn unbonding_delegation(
        &self,
        request: Request<pb::QueryUnbondingDelegationRequest>,
    ) -> Result<Response<pb::QueryUnbondingDelegationResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let del = delegator(&req.delegator_addr)?;
        let op = validator_address(&req.validator_addr)?;
        let ubd = snapshot.unbonding_delegation(&del, &op).await.map_err(status)?.ok_or_else(|| {
            Status::not_found(format!("unbonding delegation with delegator {del} not found for validator {op}"))
        })?;
        Ok(reply(&snapshot, pb::QueryUnbondingDelegationResponse { unbond: Some(ubd.to_proto()) }))
    }

    async fn delegator_delegations(
        &self,
        request: Request<pb::QueryDelegatorDelegationsRequest>,
    ) -> Result<Response<pb::QueryDelegatorDelegationsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let del = delegator(&req.delegator_addr)?;
        let denom = bond_denom(&snapshot).await?;
        let prefix = keys::delegations_of(&del);
        let (items, pagination) = paginate(&snapshot, &prefix, req.pagination.as_ref()).await?;
        let mut delegation_responses = Vec::with_capacity(items.len());
        for (suffix, bytes) in items {
            let key = format!("{prefix}{suffix}");
            let d = Delegation::from_proto(&decode(&key, &bytes)?).map_err(status)?;
            delegation_responses.push(delegation_response(&snapshot, &d, &denom).await?);
        }
        Ok(reply(
            &snapshot,
            pb::QueryDelegatorDelegationsResponse { delegation_responses, pagination: Some(pagination) },
        ))
    }

    async fn delegator_unbonding_delegations(
        &self,
        request: Request<pb::QueryDelegatorUnbondingDelegationsRequest>,
    ) -> Result<Response<pb::QueryDelegatorUnbondingDelegationsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let del = delegator(&req.delegator_addr)?;
        let prefix = keys::ubds_of(&del);
        let (items, pagination) = paginate(&snapshot, &prefix, req.pagination.as_ref()).await?;
        let unbonding_responses = items
            .iter()
            .map(|(suffix, bytes)| decode::<pb::UnbondingDelegation>(&format!("{prefix}{suffix}"), bytes))
            .collect::<Result<_, _>>()?;
        Ok(reply(
            &snapshot,
            pb::QueryDelegatorUnbondingDelegationsResponse { unbonding_responses, pagination: Some(pagination) },
        ))
    }

    async fn redelegations(
        &self,
        request: Request<pb::QueryRedelegationsRequest>,
    ) -> Result<Response<pb::QueryRedelegationsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let has = |s: &str| !s.is_empty();
        let (reds, pagination): (Vec<Redelegation>, Option<PageResponse>) = if has(&req.delegator_addr)
            && has(&req.src_validator_addr)
            && has(&req.dst_validator_addr)
        {
            let del = delegator(&req.delegator_addr)?;
            let (src, dst) = (validator_address(&req.src_validator_addr)?, validator_address(&req.dst_validator_addr)?);
            let red = snapshot.redelegation(&del, &src, &dst).await.map_err(status)?.ok_or_else(|| {
                Status::not_found(format!(
                    "redelegation not found for delegator address {del} from validator address {src}"
                ))
            })?;
            (vec![red], None)
        } else if !has(&req.delegator_addr) && has(&req.src_validator_addr) && !has(&req.dst_validator_addr) {
            let src = validator_address(&req.src_validator_addr)?;
            let (suffixes, page) = paginate_keys(&snapshot, &keys::reds_from(&src), req.pagination.as_ref()).await?;
            let mut reds = Vec::with_capacity(suffixes.len());
            for suffix in suffixes {
                let (del, dst) = suffix.split_once('/').ok_or_else(|| corrupt(&suffix))?;
                let del = Address::from_hex(del).ok_or_else(|| corrupt(&suffix))?;
                let dst = ValAddress::from_hex(dst).ok_or_else(|| corrupt(&suffix))?;
                reds.push(
                    snapshot.redelegation(&del, &src, &dst).await.map_err(status)?.ok_or_else(|| corrupt(&suffix))?,
                );
            }
            (reds, Some(page))
        } else {
            let del = delegator(&req.delegator_addr)?;
            let prefix = if has(&req.src_validator_addr) {
                keys::reds_of_from(&del, &validator_address(&req.src_validator_addr)?)
            } else {
                keys::reds_of(&del)
            };
            let (items, page) = paginate(&snapshot, &prefix, req.pagination.as_ref()).await?;
            let reds = items
                .iter()
                .map(|(suffix, bytes)| {
                    let key = format!("{prefix}{suffix}");
                    Redelegation::from_proto(&decode(&key, bytes)?).map_err(status)
                })
                .collect::<Result<_, _>>()?;
            (reds, Some(page))
        };
        let mut redelegation_responses = Vec::with_capacity(reds.len());
        for red in &reds {
            redelegation_responses.push(redelegation_response(&snapshot, red).await?);
        }
        Ok(reply(&snapshot, pb::QueryRedelegationsResponse { redelegation_responses, pagination }))
    }

    async fn delegator_validators(
        &self,
        request: Request<pb::QueryDelegatorValidatorsRequest>,
    ) -> Result<Response<pb::QueryDelegatorValidatorsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let del = delegator(&req.delegator_addr)?;
        let (ops, pagination) = paginate_keys(&snapshot, &keys::delegations_of(&del), req.pagination.as_ref()).await?;
        let mut validators = Vec::with_capacity(ops.len());
        for op_hex in ops {
            let op = ValAddress::from_hex(&op_hex).ok_or_else(|| corrupt(&op_hex))?;
            validators.push(snapshot.existing_validator(&op).await.map_err(status)?.to_proto());
        }
        Ok(reply(&snapshot, pb::QueryDelegatorValidatorsResponse { validators, pagination: Some(pagination) }))
    }

    async fn delegator_validator(
        &self,
        request: Request<pb::QueryDelegatorValidatorRequest>,
    ) -> Result<Response<pb::QueryDelegatorValidatorResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let del = delegator(&req.delegator_addr)?;
        let op = validator_address(&req.validator_addr)?;
        if snapshot.delegation(&del, &op).await.map_err(status)?.is_none() {
            return Err(Status::not_found(format!("delegation with delegator {del} not found for validator {op}")));
        }
        let v = existing_validator(&snapshot, &op).await?;
        Ok(reply(&snapshot, pb::QueryDelegatorValidatorResponse { validator: Some(v.to_proto()) }))
    }

    async fn historical_info(
        &self,
        request: Request<pb::QueryHistoricalInfoRequest>,
    ) -> Result<Response<pb::QueryHistoricalInfoResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let height = request.get_ref().height;
        let h = u64::try_from(height).map_err(|_| Status::invalid_argument("height cannot be negative"))?;
        let hist = snapshot
            .historical_info(h)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("historical info for height {height} not found")))?;
        Ok(reply(&snapshot, pb::QueryHistoricalInfoResponse { hist: Some(hist) }))
    }

    async fn pool(&self, request: Request<pb::QueryPoolRequest>) -> Result<Response<pb::QueryPoolResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let denom = bond_denom(&snapshot).await?;
        let bonded = snapshot.balance(&bonded_pool(), &denom).await.map_err(status)?;
        let not_bonded = snapshot.balance(&not_bonded_pool(), &denom).await.map_err(status)?;
        let pool = pb::Pool { not_bonded_tokens: not_bonded.to_string(), bonded_tokens: bonded.to_string() };
        Ok(reply(&snapshot, pb::QueryPoolResponse { pool: Some(pool) }))
    }

    async fn params(
        &self,
        request: Request<pb::QueryParamsRequest>,
    ) -> Result<Response<pb::QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.staking_params().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryParamsResponse { params: Some(params.to_proto()) }))
    }
}
