//! `MsgUpdateParams` (governance only), generated as in every module.

use symbiote_proto::symbiote::inference::v1 as pb;

symbiote_core::update_params_msg! {
    msg = pb::MsgUpdateParams,
    response = pb::MsgUpdateParamsResponse,
    type_url = "/symbiote.inference.v1.MsgUpdateParams",
    response_url = "/symbiote.inference.v1.MsgUpdateParamsResponse",
    params = crate::Params,
    store = crate::state::put_params,
}
