//! `MsgUpdateParams` (governance only): stateless (authority is the gov module account, gov
//! code 13; the params valid, code 18) → execute (store them). Generated, as in every module.

use cosmos_sdk_proto::cosmos::bank::v1beta1 as pb;

symbiote_core::update_params_msg! {
    msg = pb::MsgUpdateParams,
    response = pb::MsgUpdateParamsResponse,
    type_url = "/cosmos.bank.v1beta1.MsgUpdateParams",
    response_url = "/cosmos.bank.v1beta1.MsgUpdateParamsResponse",
    params = crate::Params,
    store = crate::state::put_params,
}
