//! The descriptor set describes exactly the Cosmos query services the app implements (auth, bank,
//! mint, distribution, slashing, staking, gov v1 and v1beta1, tx, node) plus any whose schema is restated ahead of
//! serving them, and the `Msg` services of the messages the chain routes or will route; each has
//! exactly the Cosmos SDK v0.50 method list, and every method's request/response type is the one
//! the generated `cosmos-sdk-proto` types name. Enums match value for value.

use cosmos_sdk_proto::cosmos::auth::v1beta1 as auth;
use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank;
use cosmos_sdk_proto::cosmos::base::node::v1beta1 as node;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1 as cmt;
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distribution;
use cosmos_sdk_proto::cosmos::gov::v1 as gov;
use cosmos_sdk_proto::cosmos::gov::v1beta1 as gov1;
use cosmos_sdk_proto::cosmos::mint::v1beta1 as mint;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1 as signing;
use cosmos_sdk_proto::cosmos::tx::v1beta1 as tx;
use cosmos_sdk_proto::tendermint::types as tm;
use prost::Name;
use prost_reflect::DescriptorPool;
use symbiote_proto::symbiote::inference::v1 as inference;
use symbiote_proto::{FILE_DESCRIPTOR_SET, OWN_FILE_DESCRIPTOR_SET, SERVICE_NAMES};

/// Cosmos query services whose schema is restated but which the app does not serve yet: the
/// gRPC server's reflection lists only what it serves, so these stay out of `SERVICE_NAMES`
/// until then (listing one there as well is fine: the checks below take the union).
const DESCRIBED_NOT_YET_SERVED: &[&str] = &[];

/// `SERVICE_NAMES` plus `DESCRIBED_NOT_YET_SERVED`, sorted, without duplicates.
/// The Cosmos services restated in `proto/` (ibc-go's come with ibc-proto's schema).
fn described_query_services() -> Vec<String> {
    let mut names: Vec<_> = SERVICE_NAMES
        .iter()
        .chain(DESCRIBED_NOT_YET_SERVED)
        .filter(|s| !s.starts_with("ibc."))
        .map(|s| s.to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The restated schema (`proto/` alone), which these tests check file by file.
fn pool() -> DescriptorPool {
    DescriptorPool::decode(OWN_FILE_DESCRIPTOR_SET).expect("OWN_FILE_DESCRIPTOR_SET decodes into a descriptor pool")
}

/// The whole set the node serves and checks txs against: the restated schema, then ibc-go's files
/// for what symbiote routes and serves over IBC (and what they import), without a second copy of
/// any file or symbol.
#[test]
fn the_served_set_adds_ibc_gos_schema_for_what_the_chain_routes_and_serves() {
    let all = DescriptorPool::decode(FILE_DESCRIPTOR_SET.as_slice()).expect("the merged set decodes");
    for service in SERVICE_NAMES {
        assert!(all.get_service_by_name(service).is_some(), "{service} not described");
    }
    for message in [
        "ibc.core.client.v1.MsgCreateClient",
        "ibc.core.client.v1.MsgUpdateClient",
        "ibc.core.connection.v1.MsgConnectionOpenTry",
        "ibc.core.channel.v1.MsgChannelOpenTry",
        "ibc.core.channel.v1.MsgRecvPacket",
        "ibc.core.channel.v1.MsgAcknowledgement",
        "ibc.core.channel.v1.MsgTimeout",
        "ibc.applications.transfer.v1.MsgTransfer",
        // What a MsgCreateClient / MsgUpdateClient carries in its Anys.
        "ibc.lightclients.tendermint.v1.ClientState",
        "ibc.lightclients.tendermint.v1.ConsensusState",
        "ibc.lightclients.tendermint.v1.Header",
        "ibc.lightclients.tendermint.v1.Misbehaviour",
    ] {
        assert!(all.get_message_by_name(message).is_some(), "{message} not described");
    }
    // Every restated file is there once, unchanged; ibc-go's copies of them are not added.
    let own = pool();
    for file in own.files() {
        let merged = all.get_file_by_name(file.name()).expect("restated file kept");
        assert_eq!(merged.file_descriptor_proto(), file.file_descriptor_proto(), "{}", file.name());
    }
    assert!(all.files().all(|f| !f.name().starts_with("ibc/") || f.package_name().starts_with("ibc.")));
}

/// (method name, request full name, response full name), taken from the generated types.
type Rpc = (&'static str, String, String);

fn rpc<Req: Name, Res: Name>(method: &'static str) -> Rpc {
    (method, Req::full_name(), Res::full_name())
}

fn expected_services() -> Vec<(&'static str, Vec<Rpc>)> {
    vec![
        (
            "cosmos.auth.v1beta1.Query",
            vec![
                rpc::<auth::QueryAccountsRequest, auth::QueryAccountsResponse>("Accounts"),
                rpc::<auth::QueryAccountRequest, auth::QueryAccountResponse>("Account"),
                rpc::<auth::QueryAccountAddressByIdRequest, auth::QueryAccountAddressByIdResponse>(
                    "AccountAddressByID",
                ),
                rpc::<auth::QueryParamsRequest, auth::QueryParamsResponse>("Params"),
                rpc::<auth::QueryModuleAccountsRequest, auth::QueryModuleAccountsResponse>("ModuleAccounts"),
                rpc::<auth::QueryModuleAccountByNameRequest, auth::QueryModuleAccountByNameResponse>(
                    "ModuleAccountByName",
                ),
                rpc::<auth::Bech32PrefixRequest, auth::Bech32PrefixResponse>("Bech32Prefix"),
                rpc::<auth::AddressBytesToStringRequest, auth::AddressBytesToStringResponse>("AddressBytesToString"),
                rpc::<auth::AddressStringToBytesRequest, auth::AddressStringToBytesResponse>("AddressStringToBytes"),
                rpc::<auth::QueryAccountInfoRequest, auth::QueryAccountInfoResponse>("AccountInfo"),
            ],
        ),
        (
            "cosmos.bank.v1beta1.Query",
            vec![
                rpc::<bank::QueryBalanceRequest, bank::QueryBalanceResponse>("Balance"),
                rpc::<bank::QueryAllBalancesRequest, bank::QueryAllBalancesResponse>("AllBalances"),
                rpc::<bank::QuerySpendableBalancesRequest, bank::QuerySpendableBalancesResponse>("SpendableBalances"),
                rpc::<bank::QuerySpendableBalanceByDenomRequest, bank::QuerySpendableBalanceByDenomResponse>(
                    "SpendableBalanceByDenom",
                ),
                rpc::<bank::QueryTotalSupplyRequest, bank::QueryTotalSupplyResponse>("TotalSupply"),
                rpc::<bank::QuerySupplyOfRequest, bank::QuerySupplyOfResponse>("SupplyOf"),
                rpc::<bank::QueryParamsRequest, bank::QueryParamsResponse>("Params"),
                rpc::<bank::QueryDenomMetadataRequest, bank::QueryDenomMetadataResponse>("DenomMetadata"),
                rpc::<bank::QueryDenomMetadataByQueryStringRequest, bank::QueryDenomMetadataByQueryStringResponse>(
                    "DenomMetadataByQueryString",
                ),
                rpc::<bank::QueryDenomsMetadataRequest, bank::QueryDenomsMetadataResponse>("DenomsMetadata"),
                rpc::<bank::QueryDenomOwnersRequest, bank::QueryDenomOwnersResponse>("DenomOwners"),
                rpc::<bank::QueryDenomOwnersByQueryRequest, bank::QueryDenomOwnersByQueryResponse>(
                    "DenomOwnersByQuery",
                ),
                rpc::<bank::QuerySendEnabledRequest, bank::QuerySendEnabledResponse>("SendEnabled"),
            ],
        ),
        (
            "cosmos.tx.v1beta1.Service",
            vec![
                rpc::<tx::SimulateRequest, tx::SimulateResponse>("Simulate"),
                rpc::<tx::GetTxRequest, tx::GetTxResponse>("GetTx"),
                rpc::<tx::BroadcastTxRequest, tx::BroadcastTxResponse>("BroadcastTx"),
                rpc::<tx::GetTxsEventRequest, tx::GetTxsEventResponse>("GetTxsEvent"),
                rpc::<tx::GetBlockWithTxsRequest, tx::GetBlockWithTxsResponse>("GetBlockWithTxs"),
                rpc::<tx::TxDecodeRequest, tx::TxDecodeResponse>("TxDecode"),
                rpc::<tx::TxEncodeRequest, tx::TxEncodeResponse>("TxEncode"),
                rpc::<tx::TxEncodeAminoRequest, tx::TxEncodeAminoResponse>("TxEncodeAmino"),
                rpc::<tx::TxDecodeAminoRequest, tx::TxDecodeAminoResponse>("TxDecodeAmino"),
            ],
        ),
        (
            "cosmos.base.tendermint.v1beta1.Service",
            vec![
                rpc::<cmt::GetNodeInfoRequest, cmt::GetNodeInfoResponse>("GetNodeInfo"),
                rpc::<cmt::GetSyncingRequest, cmt::GetSyncingResponse>("GetSyncing"),
                rpc::<cmt::GetLatestBlockRequest, cmt::GetLatestBlockResponse>("GetLatestBlock"),
                rpc::<cmt::GetBlockByHeightRequest, cmt::GetBlockByHeightResponse>("GetBlockByHeight"),
                rpc::<cmt::GetLatestValidatorSetRequest, cmt::GetLatestValidatorSetResponse>("GetLatestValidatorSet"),
                rpc::<cmt::GetValidatorSetByHeightRequest, cmt::GetValidatorSetByHeightResponse>(
                    "GetValidatorSetByHeight",
                ),
                rpc::<cmt::AbciQueryRequest, cmt::AbciQueryResponse>("ABCIQuery"),
            ],
        ),
        (
            "cosmos.base.node.v1beta1.Service",
            vec![
                rpc::<node::ConfigRequest, node::ConfigResponse>("Config"),
                rpc::<node::StatusRequest, node::StatusResponse>("Status"),
            ],
        ),
        (
            "cosmos.staking.v1beta1.Query",
            vec![
                rpc::<staking::QueryValidatorsRequest, staking::QueryValidatorsResponse>("Validators"),
                rpc::<staking::QueryValidatorRequest, staking::QueryValidatorResponse>("Validator"),
                rpc::<staking::QueryValidatorDelegationsRequest, staking::QueryValidatorDelegationsResponse>(
                    "ValidatorDelegations",
                ),
                rpc::<
                    staking::QueryValidatorUnbondingDelegationsRequest,
                    staking::QueryValidatorUnbondingDelegationsResponse,
                >("ValidatorUnbondingDelegations"),
                rpc::<staking::QueryDelegationRequest, staking::QueryDelegationResponse>("Delegation"),
                rpc::<staking::QueryUnbondingDelegationRequest, staking::QueryUnbondingDelegationResponse>(
                    "UnbondingDelegation",
                ),
                rpc::<staking::QueryDelegatorDelegationsRequest, staking::QueryDelegatorDelegationsResponse>(
                    "DelegatorDelegations",
                ),
                rpc::<
                    staking::QueryDelegatorUnbondingDelegationsRequest,
                    staking::QueryDelegatorUnbondingDelegationsResponse,
                >("DelegatorUnbondingDelegations"),
                rpc::<staking::QueryRedelegationsRequest, staking::QueryRedelegationsResponse>("Redelegations"),
                rpc::<staking::QueryDelegatorValidatorsRequest, staking::QueryDelegatorValidatorsResponse>(
                    "DelegatorValidators",
                ),
                rpc::<staking::QueryDelegatorValidatorRequest, staking::QueryDelegatorValidatorResponse>(
                    "DelegatorValidator",
                ),
                rpc::<staking::QueryHistoricalInfoRequest, staking::QueryHistoricalInfoResponse>("HistoricalInfo"),
                rpc::<staking::QueryPoolRequest, staking::QueryPoolResponse>("Pool"),
                rpc::<staking::QueryParamsRequest, staking::QueryParamsResponse>("Params"),
            ],
        ),
        (
            "cosmos.mint.v1beta1.Query",
            vec![
                rpc::<mint::QueryParamsRequest, mint::QueryParamsResponse>("Params"),
                rpc::<mint::QueryInflationRequest, mint::QueryInflationResponse>("Inflation"),
                rpc::<mint::QueryAnnualProvisionsRequest, mint::QueryAnnualProvisionsResponse>("AnnualProvisions"),
            ],
        ),
        (
            "cosmos.distribution.v1beta1.Query",
            vec![
                rpc::<distribution::QueryParamsRequest, distribution::QueryParamsResponse>("Params"),
                rpc::<
                    distribution::QueryValidatorDistributionInfoRequest,
                    distribution::QueryValidatorDistributionInfoResponse,
                >("ValidatorDistributionInfo"),
                rpc::<
                    distribution::QueryValidatorOutstandingRewardsRequest,
                    distribution::QueryValidatorOutstandingRewardsResponse,
                >("ValidatorOutstandingRewards"),
                rpc::<distribution::QueryValidatorCommissionRequest, distribution::QueryValidatorCommissionResponse>(
                    "ValidatorCommission",
                ),
                rpc::<distribution::QueryValidatorSlashesRequest, distribution::QueryValidatorSlashesResponse>(
                    "ValidatorSlashes",
                ),
                rpc::<distribution::QueryDelegationRewardsRequest, distribution::QueryDelegationRewardsResponse>(
                    "DelegationRewards",
                ),
                rpc::<
                    distribution::QueryDelegationTotalRewardsRequest,
                    distribution::QueryDelegationTotalRewardsResponse,
                >("DelegationTotalRewards"),
                rpc::<distribution::QueryDelegatorValidatorsRequest, distribution::QueryDelegatorValidatorsResponse>(
                    "DelegatorValidators",
                ),
                rpc::<
                    distribution::QueryDelegatorWithdrawAddressRequest,
                    distribution::QueryDelegatorWithdrawAddressResponse,
                >("DelegatorWithdrawAddress"),
                rpc::<distribution::QueryCommunityPoolRequest, distribution::QueryCommunityPoolResponse>(
                    "CommunityPool",
                ),
            ],
        ),
        (
            "cosmos.slashing.v1beta1.Query",
            vec![
                rpc::<slashing::QueryParamsRequest, slashing::QueryParamsResponse>("Params"),
                rpc::<slashing::QuerySigningInfoRequest, slashing::QuerySigningInfoResponse>("SigningInfo"),
                rpc::<slashing::QuerySigningInfosRequest, slashing::QuerySigningInfosResponse>("SigningInfos"),
            ],
        ),
        (
            "cosmos.gov.v1.Query",
            vec![
                rpc::<gov::QueryConstitutionRequest, gov::QueryConstitutionResponse>("Constitution"),
                rpc::<gov::QueryProposalRequest, gov::QueryProposalResponse>("Proposal"),
                rpc::<gov::QueryProposalsRequest, gov::QueryProposalsResponse>("Proposals"),
                rpc::<gov::QueryVoteRequest, gov::QueryVoteResponse>("Vote"),
                rpc::<gov::QueryVotesRequest, gov::QueryVotesResponse>("Votes"),
                rpc::<gov::QueryParamsRequest, gov::QueryParamsResponse>("Params"),
                rpc::<gov::QueryDepositRequest, gov::QueryDepositResponse>("Deposit"),
                rpc::<gov::QueryDepositsRequest, gov::QueryDepositsResponse>("Deposits"),
                rpc::<gov::QueryTallyResultRequest, gov::QueryTallyResultResponse>("TallyResult"),
            ],
        ),
        (
            "cosmos.gov.v1beta1.Query",
            vec![
                rpc::<gov1::QueryProposalRequest, gov1::QueryProposalResponse>("Proposal"),
                rpc::<gov1::QueryProposalsRequest, gov1::QueryProposalsResponse>("Proposals"),
                rpc::<gov1::QueryVoteRequest, gov1::QueryVoteResponse>("Vote"),
                rpc::<gov1::QueryVotesRequest, gov1::QueryVotesResponse>("Votes"),
                rpc::<gov1::QueryParamsRequest, gov1::QueryParamsResponse>("Params"),
                rpc::<gov1::QueryDepositRequest, gov1::QueryDepositResponse>("Deposit"),
                rpc::<gov1::QueryDepositsRequest, gov1::QueryDepositsResponse>("Deposits"),
                rpc::<gov1::QueryTallyResultRequest, gov1::QueryTallyResultResponse>("TallyResult"),
            ],
        ),
    ]
}

/// The `Msg` services described: never served over gRPC (as in the SDK), but their request types
/// are the transaction messages the chain routes, so their method lists are checked too.
fn expected_msg_services() -> Vec<(&'static str, Vec<Rpc>)> {
    vec![
        ("cosmos.auth.v1beta1.Msg", vec![rpc::<auth::MsgUpdateParams, auth::MsgUpdateParamsResponse>("UpdateParams")]),
        (
            "cosmos.bank.v1beta1.Msg",
            vec![
                rpc::<bank::MsgSend, bank::MsgSendResponse>("Send"),
                rpc::<bank::MsgMultiSend, bank::MsgMultiSendResponse>("MultiSend"),
                rpc::<bank::MsgUpdateParams, bank::MsgUpdateParamsResponse>("UpdateParams"),
                rpc::<bank::MsgSetSendEnabled, bank::MsgSetSendEnabledResponse>("SetSendEnabled"),
            ],
        ),
        (
            "cosmos.staking.v1beta1.Msg",
            vec![
                rpc::<staking::MsgCreateValidator, staking::MsgCreateValidatorResponse>("CreateValidator"),
                rpc::<staking::MsgEditValidator, staking::MsgEditValidatorResponse>("EditValidator"),
                rpc::<staking::MsgDelegate, staking::MsgDelegateResponse>("Delegate"),
                rpc::<staking::MsgBeginRedelegate, staking::MsgBeginRedelegateResponse>("BeginRedelegate"),
                rpc::<staking::MsgUndelegate, staking::MsgUndelegateResponse>("Undelegate"),
                rpc::<staking::MsgCancelUnbondingDelegation, staking::MsgCancelUnbondingDelegationResponse>(
                    "CancelUnbondingDelegation",
                ),
                rpc::<staking::MsgUpdateParams, staking::MsgUpdateParamsResponse>("UpdateParams"),
            ],
        ),
        ("cosmos.mint.v1beta1.Msg", vec![rpc::<mint::MsgUpdateParams, mint::MsgUpdateParamsResponse>("UpdateParams")]),
        (
            "cosmos.distribution.v1beta1.Msg",
            vec![
                rpc::<distribution::MsgSetWithdrawAddress, distribution::MsgSetWithdrawAddressResponse>(
                    "SetWithdrawAddress",
                ),
                rpc::<distribution::MsgWithdrawDelegatorReward, distribution::MsgWithdrawDelegatorRewardResponse>(
                    "WithdrawDelegatorReward",
                ),
                rpc::<distribution::MsgWithdrawValidatorCommission, distribution::MsgWithdrawValidatorCommissionResponse>(
                    "WithdrawValidatorCommission",
                ),
                rpc::<distribution::MsgFundCommunityPool, distribution::MsgFundCommunityPoolResponse>(
                    "FundCommunityPool",
                ),
                rpc::<distribution::MsgUpdateParams, distribution::MsgUpdateParamsResponse>("UpdateParams"),
                rpc::<distribution::MsgCommunityPoolSpend, distribution::MsgCommunityPoolSpendResponse>(
                    "CommunityPoolSpend",
                ),
                rpc::<distribution::MsgDepositValidatorRewardsPool, distribution::MsgDepositValidatorRewardsPoolResponse>(
                    "DepositValidatorRewardsPool",
                ),
            ],
        ),
        (
            "cosmos.slashing.v1beta1.Msg",
            vec![
                rpc::<slashing::MsgUnjail, slashing::MsgUnjailResponse>("Unjail"),
                rpc::<slashing::MsgUpdateParams, slashing::MsgUpdateParamsResponse>("UpdateParams"),
            ],
        ),
        (
            "cosmos.gov.v1.Msg",
            vec![
                rpc::<gov::MsgSubmitProposal, gov::MsgSubmitProposalResponse>("SubmitProposal"),
                rpc::<gov::MsgExecLegacyContent, gov::MsgExecLegacyContentResponse>("ExecLegacyContent"),
                rpc::<gov::MsgVote, gov::MsgVoteResponse>("Vote"),
                rpc::<gov::MsgVoteWeighted, gov::MsgVoteWeightedResponse>("VoteWeighted"),
                rpc::<gov::MsgDeposit, gov::MsgDepositResponse>("Deposit"),
                rpc::<gov::MsgUpdateParams, gov::MsgUpdateParamsResponse>("UpdateParams"),
                rpc::<gov::MsgCancelProposal, gov::MsgCancelProposalResponse>("CancelProposal"),
            ],
        ),
        (
            "cosmos.gov.v1beta1.Msg",
            vec![
                rpc::<gov1::MsgSubmitProposal, gov1::MsgSubmitProposalResponse>("SubmitProposal"),
                rpc::<gov1::MsgVote, gov1::MsgVoteResponse>("Vote"),
                rpc::<gov1::MsgVoteWeighted, gov1::MsgVoteWeightedResponse>("VoteWeighted"),
                rpc::<gov1::MsgDeposit, gov1::MsgDepositResponse>("Deposit"),
            ],
        ),
    ]
}

#[test]
fn descriptor_set_is_self_contained() {
    let pool = pool();
    let files: Vec<_> = pool.files().map(|f| f.name().to_owned()).collect();
    for wkt in ["google/protobuf/any.proto", "google/protobuf/timestamp.proto", "google/protobuf/duration.proto"] {
        assert!(files.iter().any(|f| f == wkt), "{wkt} missing from the set: {files:?}");
    }
    for file in [
        "cosmos/auth/v1beta1/query.proto",
        "cosmos/bank/v1beta1/query.proto",
        "cosmos/tx/v1beta1/service.proto",
        "cosmos/base/tendermint/v1beta1/query.proto",
        "cosmos/staking/v1beta1/staking.proto",
        "cosmos/staking/v1beta1/genesis.proto",
        "cosmos/staking/v1beta1/query.proto",
        "cosmos/staking/v1beta1/tx.proto",
        "cosmos/mint/v1beta1/mint.proto",
        "cosmos/mint/v1beta1/genesis.proto",
        "cosmos/mint/v1beta1/query.proto",
        "cosmos/mint/v1beta1/tx.proto",
        "cosmos/distribution/v1beta1/distribution.proto",
        "cosmos/distribution/v1beta1/genesis.proto",
        "cosmos/distribution/v1beta1/query.proto",
        "cosmos/distribution/v1beta1/tx.proto",
        "cosmos/slashing/v1beta1/slashing.proto",
        "cosmos/slashing/v1beta1/genesis.proto",
        "cosmos/slashing/v1beta1/query.proto",
        "cosmos/slashing/v1beta1/tx.proto",
        "cosmos/gov/v1/gov.proto",
        "cosmos/gov/v1/genesis.proto",
        "cosmos/gov/v1/query.proto",
        "cosmos/gov/v1/tx.proto",
        "cosmos/gov/v1beta1/gov.proto",
        "cosmos/gov/v1beta1/genesis.proto",
        "cosmos/gov/v1beta1/query.proto",
        "cosmos/gov/v1beta1/tx.proto",
        "tendermint/types/block.proto",
    ] {
        assert!(files.iter().any(|f| f == file), "{file} missing from the set: {files:?}");
    }
    // The original (public) file paths are kept, and no gogoproto/cosmos_proto/amino/google.api
    // option file is needed.
    for f in &files {
        assert!(
            f.starts_with("cosmos/")
                || f.starts_with("tendermint/")
                || f.starts_with("symbiote/")
                || f.starts_with("google/protobuf/"),
            "unexpected file {f}"
        );
    }
}

/// The Cosmos query services described are the ones the app serves plus any restated ahead of
/// serving; the other Cosmos services described are the `Msg` services of the messages the
/// chain routes (described, never served over gRPC, as in the SDK), each one listed in
/// `expected_msg_services`. symbiote's own services are checked by the app's tests.
#[test]
fn the_cosmos_services_described_are_the_served_ones_and_msg_services() {
    let cosmos_services = |msg: bool| {
        let mut names: Vec<_> = pool()
            .services()
            .map(|s| s.full_name().to_owned())
            .filter(|s| !s.starts_with("symbiote.") && s.ends_with(".Msg") == msg)
            .collect();
        names.sort();
        names
    };
    let want = described_query_services();
    assert_eq!(cosmos_services(false), want, "Cosmos query services described");

    let mut listed: Vec<_> = expected_services().into_iter().map(|(s, _)| s.to_owned()).collect();
    listed.sort();
    assert_eq!(listed, want, "SERVICE_NAMES + DESCRIBED_NOT_YET_SERVED and this test's expectations disagree");

    let mut msg_listed: Vec<_> = expected_msg_services().into_iter().map(|(s, _)| s.to_owned()).collect();
    msg_listed.sort();
    assert_eq!(cosmos_services(true), msg_listed, "Msg services described");
}

#[test]
fn services_have_exactly_the_sdk_methods_and_types() {
    let pool = pool();
    for (service, rpcs) in expected_services().into_iter().chain(expected_msg_services()) {
        let desc = pool.get_service_by_name(service).unwrap_or_else(|| panic!("service {service} missing"));
        let got: Vec<_> = desc.methods().map(|m| m.name().to_owned()).collect();
        let want: Vec<_> = rpcs.iter().map(|(m, _, _)| m.to_string()).collect();
        assert_eq!(got, want, "{service}: method list");

        for (method, input, output) in rpcs {
            let m = desc.methods().find(|m| m.name() == method).expect("checked above");
            assert_eq!(m.full_name(), format!("{service}.{method}"));
            assert_eq!(m.input().full_name(), input, "{service}/{method} request type");
            assert_eq!(m.output().full_name(), output, "{service}/{method} response type");
            assert!(!m.is_client_streaming() && !m.is_server_streaming(), "{service}/{method} must be unary");
        }
    }
}

/// Compares one of our enums with a generated prost enum, both ways, by number and by the
/// `.proto` value name (`as_str_name`).
fn assert_enum_matches(pool: &DescriptorPool, full_name: &str, generated: impl Fn(i32) -> Option<&'static str>) {
    let desc = pool.get_enum_by_name(full_name).unwrap_or_else(|| panic!("enum {full_name} missing"));
    for value in desc.values() {
        assert_eq!(
            generated(value.number()),
            Some(value.name()),
            "{full_name}: value {} = {} is not in the generated enum",
            value.name(),
            value.number()
        );
    }
    for n in -1..=4096 {
        if let Some(name) = generated(n) {
            let ours = desc.get_value(n).unwrap_or_else(|| panic!("{full_name}: {name} = {n} missing from ours"));
            assert_eq!(ours.name(), name, "{full_name}: value {n}");
        }
    }
}

#[test]
fn enums_match_the_generated_types() {
    let pool = pool();
    let checked = [
        "cosmos.tx.v1beta1.OrderBy",
        "cosmos.tx.v1beta1.BroadcastMode",
        "cosmos.tx.signing.v1beta1.SignMode",
        "tendermint.types.BlockIDFlag",
        "tendermint.types.SignedMsgType",
        "cosmos.staking.v1beta1.BondStatus",
        "cosmos.staking.v1beta1.Infraction",
        "symbiote.inference.v1.ExplainedValue",
        "cosmos.gov.v1.ProposalStatus",
        "cosmos.gov.v1.VoteOption",
        "cosmos.gov.v1beta1.ProposalStatus",
        "cosmos.gov.v1beta1.VoteOption",
        "cosmos.ics23.v1.HashOp",
        "cosmos.ics23.v1.LengthOp",
    ];
    assert_enum_matches(&pool, checked[0], |n| tx::OrderBy::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[1], |n| tx::BroadcastMode::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[2], |n| signing::SignMode::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[3], |n| tm::BlockIdFlag::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[4], |n| tm::SignedMsgType::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[5], |n| staking::BondStatus::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[6], |n| staking::Infraction::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[7], |n| inference::ExplainedValue::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[8], |n| gov::ProposalStatus::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[9], |n| gov::VoteOption::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[10], |n| gov1::ProposalStatus::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[11], |n| gov1::VoteOption::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[12], |n| ics23::HashOp::try_from(n).ok().map(|e| e.as_str_name()));
    assert_enum_matches(&pool, checked[13], |n| ics23::LengthOp::try_from(n).ok().map(|e| e.as_str_name()));

    // No enum of ours goes unchecked.
    let mut ours: Vec<_> =
        pool.all_enums().map(|e| e.full_name().to_owned()).filter(|n| !n.starts_with("google.")).collect();
    ours.sort();
    let mut want: Vec<_> = checked.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(ours, want);
}
