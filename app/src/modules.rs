//! The registration place: every module of the symbiote chain, one line each, in order (genesis
//! sections are applied and block hooks run top to bottom). Adding a module is its crate plus one
//! line here; docs/architecture.md walks through it.

crate::module_set! {
    /// The modules of the symbiote chain.
    pub struct Modules(msg = AppMsg, genesis = AppGenesis) {
        auth: symbiote_auth::Auth,
        bank: symbiote_bank::Bank,
        staking: symbiote_staking::Staking,
    }
}
