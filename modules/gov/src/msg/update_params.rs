//! `MsgUpdateParams` (governance only): stateless (authority is the gov module account, gov
//! code 13; the params valid, code 18) → execute (store them). Generated, as in every module.

use cosmos_sdk_proto::cosmos::gov::v1 as pb;

symbiote_core::update_params_msg! {
    msg = pb::MsgUpdateParams,
    response = pb::MsgUpdateParamsResponse,
    type_url = "/cosmos.gov.v1.MsgUpdateParams",
    response_url = "/cosmos.gov.v1.MsgUpdateParamsResponse",
    params = crate::Params,
    store = crate::state::put_params,
}
