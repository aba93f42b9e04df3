//! The registration place: every module of the symbiote chain, one line each, in order (genesis
//! sections are applied and block hooks run top to bottom). The order is the SDK's BeginBlock
//! order — mint, distribution, slashing (with evidence), staking — so distribution shares out the
//! coins minted in the same block, and a validator slashed or jailed in BeginBlock leaves the set
//! in staking's EndBlock of the same block; gov's EndBlock runs before staking's, as in the SDK, so
//! proposals are tallied against the validator set of the block's start. The data-consent ledger comes before the model
//! registry, which checks training consents through it; inference runs registered models. IBC core
//! comes before the ICS-20 `transfer` app, which binds its port through IBC's app hook. Adding a module is its crate plus one line here;
//! docs/architecture.md walks through it.

crate::module_set! {
    /// The modules of the symbiote chain.
    pub struct Modules(msg = AppMsg, genesis = AppGenesis) {
        auth: symbiote_auth::Auth,
        bank: symbiote_bank::Bank,
        mint: symbiote_mint::Mint,
        distribution: symbiote_distribution::Distribution,
        slashing: symbiote_slashing::Slashing,
        gov: symbiote_gov::Gov,
        staking: symbiote_staking::Staking,
        consent: symbiote_consent::Consent,
        registry: symbiote_registry::Registry,
        inference: symbiote_inference::Inference,
        ibc: symbiote_ibc::Ibc,
        transfer: symbiote_transfer::Transfer,
    }
}
