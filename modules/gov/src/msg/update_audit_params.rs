//! `MsgUpdateAuditParams` (governance only): stateless (authority is the gov module account, gov
//! code 13; the params valid, code 18) → execute (store them). Generated, as every module's
//! `MsgUpdateParams`.

use symbiote_proto::symbiote::gov::v1 as pb;

symbiote_core::update_params_msg! {
    msg = pb::MsgUpdateAuditParams,
    response = pb::MsgUpdateAuditParamsResponse,
    type_url = "/symbiote.gov.v1.MsgUpdateAuditParams",
    response_url = "/symbiote.gov.v1.MsgUpdateAuditParamsResponse",
    params = crate::AuditParams,
    store = crate::state::put_audit_params,
}
