//! One handler per example message.

mod break_invariant;
mod schedule_block_gas;
mod schedule_validator_update;
mod set_value;
mod update_params;

pub use break_invariant::MsgBreakInvariant;
pub use schedule_block_gas::MsgScheduleBlockGas;
pub use schedule_validator_update::MsgScheduleValidatorUpdate;
pub(crate) use set_value::check_entry;
pub use set_value::MsgSetValue;
pub use update_params::MsgUpdateParams;

symbiote_core::msg_set! {
    /// Every message of the example module.
    pub enum ExampleMsg for crate::MODULE {
        SetValue(MsgSetValue),
        UpdateParams(MsgUpdateParams),
        ScheduleValidatorUpdate(MsgScheduleValidatorUpdate),
        ScheduleBlockGas(MsgScheduleBlockGas),
        BreakInvariant(MsgBreakInvariant),
    }
}
