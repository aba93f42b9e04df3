//! A chain's list of modules, and everything the app derives from it.
//!
//! [`module_set!`](crate::module_set) turns one list of `name: ModuleType` lines into a
//! [`ModuleSet`]: the substore prefixes, the genesis struct (one section per module), the message
//! enum that decodes and routes every module's type URLs, the ordered block hooks, the module
//! accounts and the query services. The chain's own list is `crate::modules::Modules`; tests build
//! others (with the example module) the same way.
//!
//! Order matters and is the list's order: genesis sections are applied, and begin/end-block hooks
//! run, top to bottom (as the SDK's `SetOrderInitGenesis` / `SetOrderBeginBlockers` with one
//! order for all three).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::module::GenesisSection;
use symbiote_core::module_account::ModuleAccounts;
use symbiote_core::{
    BlockInfo, EndBlock, GenesisContext, GrpcService, Hooks, MsgContext, MsgSet, SdkError, SdkResult, ServiceContext,
    ValidatorUpdate,
};

#[async_trait]
pub trait ModuleSet: Send + Sync + 'static {
    /// Every module's messages.
    type Msg: MsgSet;
    /// `app_state` of the genesis file: one section per module.
    type Genesis: GenesisSection;

    /// Module names, in order: substore prefixes, genesis sections, hook order.
    fn names() -> Vec<&'static str>;
    /// Every module account the modules declare.
    fn accounts() -> &'static ModuleAccounts;
    /// Every section; an error names its section.
    fn validate_genesis(genesis: &Self::Genesis) -> SdkResult<()>;
    /// The genesis transactions section (`app_state.genutil`).
    fn genutil(genesis: &Self::Genesis) -> &crate::genutil::GenesisState;
    /// Every module's hooks, registered once in list order.
    fn hooks() -> &'static Hooks;
    async fn init_genesis<S: StateWrite>(state: &mut S, genesis: &Self::Genesis, ctx: &GenesisContext)
        -> SdkResult<()>;
    /// The genesis validators, from the one module that decides them (empty if none does).
    async fn init_validators<S: StateWrite>(
        state: &mut S,
        genesis: &Self::Genesis,
        ctx: &GenesisContext,
    ) -> SdkResult<Vec<ValidatorUpdate>>;
    async fn export_genesis<S: StateRead>(state: &S) -> SdkResult<Self::Genesis>;
    async fn begin_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<()>;
    /// Every module's `prepare_block`, each with its own messages of the block.
    async fn prepare_block<S: StateWrite>(
        state: &mut S,
        block: &BlockInfo,
        msgs: &[(MsgContext, &Self::Msg)],
    ) -> SdkResult<()>;
    /// Every module's end-block hook; at most one module may change the validator set, and at
    /// most one the consensus params, in a block.
    async fn end_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<EndBlock>;
    fn services(ctx: &ServiceContext) -> Vec<GrpcService>;
}

/// Merges one module's end-block outcome into the block's. Two modules changing the validator
/// set (or the consensus params) in one block is a wiring bug: halt rather than pick one.
pub fn merge_end_block(total: &mut EndBlock, module: &str, outcome: EndBlock) -> SdkResult<()> {
    if !outcome.validator_updates.is_empty() {
        if !total.validator_updates.is_empty() {
            return Err(SdkError::internal(format!("validator updates from more than one module (second: {module})")));
        }
        total.validator_updates = outcome.validator_updates;
    }
    if outcome.consensus_params.is_some() {
        if total.consensus_params.is_some() {
            return Err(SdkError::internal(format!("consensus param updates from more than one module ({module})")));
        }
        total.consensus_params = outcome.consensus_params;
    }
    Ok(())
}

/// A hook's error, which is never the user's: it halts the node, naming the module and hook.
pub fn hook_error(module: &str, hook: &str, e: SdkError) -> SdkError {
    SdkError::internal(format!("{module} {hook}: {}", e.log))
}

/// A genesis section's error, naming the section.
pub fn genesis_error(module: &str, e: SdkError) -> SdkError {
    SdkError { log: format!("genesis section {module}: {}", e.log), ..e }
}

/// Compile-time string equality, for the check that each line's name is its module's `NAME`.
pub const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Re-exports the code [`module_set!`](crate::module_set) generates refers to.
#[doc(hidden)]
pub mod __private {
    pub use async_trait::async_trait;
    pub use cnidarium::{StateRead, StateWrite};
    pub use serde;
    pub use symbiote_core::module::GenesisSection;
    pub use symbiote_core::module_account::ModuleAccounts;
    pub use symbiote_core::router::{MsgRouter, SetRouter};
    pub use symbiote_core::{
        Address, Any, BlockInfo, EndBlock, GenesisContext, GrpcService, Hooks, Module, MsgContext, MsgSet, SdkResult,
        ServiceContext, ValidatorUpdate,
    };
}

/// Declares a chain's modules, in order, one line each:
///
/// ```ignore
/// symbiote_app::module_set! {
///     /// The modules of the symbiote chain.
///     pub struct Modules(msg = AppMsg, genesis = AppGenesis) {
///         auth: symbiote_auth::Auth,
///         bank: symbiote_bank::Bank,
///     }
/// }
/// ```
///
/// Each name must be the module's `NAME` (checked at compile time): it is the substore prefix and
/// the genesis section. Generates the unit struct implementing [`ModuleSet`], the message enum
/// (one variant per module, wrapping that module's message set) and the genesis struct.
#[macro_export]
macro_rules! module_set {
    (
        $(#[$meta:meta])*
        $vis:vis struct $set:ident(msg = $msg:ident, genesis = $genesis:ident) {
            $($name:ident: $module:ty),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default)]
        $vis struct $set;

        $(
            const _: () = assert!(
                $crate::module_set::same_name(stringify!($name), <$module as $crate::module_set::__private::Module>::NAME),
                concat!("module list: the line `", stringify!($name), "` must be named after its module's NAME"),
            );
        )+

        /// Every message the chain accepts, by module. Variants differ in size (a validator's
        /// description and commission against a send), but a message is decoded once per tx and
        /// moved a handful of times, so boxing would only add an allocation.
        #[allow(non_camel_case_types, clippy::large_enum_variant)]
        #[derive(Clone, Debug)]
        $vis enum $msg {
            $($name(<$module as $crate::module_set::__private::Module>::Msg)),+
        }

        #[$crate::module_set::__private::async_trait]
        impl $crate::module_set::__private::MsgSet for $msg {
            fn type_urls() -> Vec<&'static str> {
                let mut all = Vec::new();
                $(all.extend(<<$module as $crate::module_set::__private::Module>::Msg as $crate::module_set::__private::MsgSet>::type_urls());)+
                all
            }

            fn decode(
                any: &$crate::module_set::__private::Any,
            ) -> Option<$crate::module_set::__private::SdkResult<Self>> {
                $(
                    if let Some(decoded) = <<$module as $crate::module_set::__private::Module>::Msg as $crate::module_set::__private::MsgSet>::decode(any) {
                        return Some(decoded.map(Self::$name));
                    }
                )+
                None
            }

            fn type_url(&self) -> &'static str {
                match self { $(Self::$name(m) => m.type_url()),+ }
            }

            fn module(&self) -> &'static str {
                // The module's NAME: the one name a module has.
                match self { $(Self::$name(_) => <$module as $crate::module_set::__private::Module>::NAME),+ }
            }

            fn signers(&self) -> Vec<$crate::module_set::__private::Address> {
                match self { $(Self::$name(m) => m.signers()),+ }
            }

            fn keys_read(&self) -> Vec<String> {
                match self { $(Self::$name(m) => m.keys_read()),+ }
            }

            fn check_stateless(&self) -> $crate::module_set::__private::SdkResult<()> {
                match self { $(Self::$name(m) => m.check_stateless()),+ }
            }

            async fn check_stateful<S: $crate::module_set::__private::StateRead>(
                &self,
                state: &S,
                ctx: &$crate::module_set::__private::MsgContext,
            ) -> $crate::module_set::__private::SdkResult<()> {
                match self { $(Self::$name(m) => m.check_stateful(state, ctx).await),+ }
            }

            async fn execute<S: $crate::module_set::__private::StateWrite>(
                &self,
                state: &mut S,
                ctx: &$crate::module_set::__private::MsgContext,
            ) -> $crate::module_set::__private::SdkResult<$crate::module_set::__private::Any> {
                match self { $(Self::$name(m) => m.execute(state, ctx).await),+ }
            }
        }

        /// `app_state` of the genesis file: one section per module, each defaulting when absent,
        /// and the genesis transactions.
        #[derive(Clone, Debug, Default, PartialEq, $crate::module_set::__private::serde::Serialize, $crate::module_set::__private::serde::Deserialize)]
        #[serde(crate = "symbiote_app::module_set::__private::serde", deny_unknown_fields)]
        $vis struct $genesis {
            $(
                #[serde(default)]
                pub $name: <$module as $crate::module_set::__private::Module>::Genesis,
            )+
            #[serde(default)]
            pub genutil: $crate::genutil::GenesisState,
        }

        #[$crate::module_set::__private::async_trait]
        impl $crate::module_set::ModuleSet for $set {
            type Msg = $msg;
            type Genesis = $genesis;

            fn names() -> Vec<&'static str> {
                vec![$(<$module as $crate::module_set::__private::Module>::NAME),+]
            }

            fn accounts() -> &'static $crate::module_set::__private::ModuleAccounts {
                static ACCOUNTS: ::std::sync::LazyLock<$crate::module_set::__private::ModuleAccounts> =
                    ::std::sync::LazyLock::new(|| {
                        let mut all = Vec::new();
                        $(all.extend_from_slice(<$module as $crate::module_set::__private::Module>::ACCOUNTS);)+
                        $crate::module_set::__private::ModuleAccounts::new(all)
                    });
                &ACCOUNTS
            }

            fn validate_genesis(genesis: &Self::Genesis) -> $crate::module_set::__private::SdkResult<()> {
                $(
                    <$module as $crate::module_set::__private::Module>::validate_genesis(&genesis.$name)
                        .map_err(|e| $crate::module_set::genesis_error(stringify!($name), e))?;
                )+
                genesis.genutil.txs().map_err(|e| $crate::module_set::genesis_error("genutil", e))?;
                Ok(())
            }

            fn genutil(genesis: &Self::Genesis) -> &$crate::genutil::GenesisState {
                &genesis.genutil
            }

            fn hooks() -> &'static $crate::module_set::__private::Hooks {
                static HOOKS: ::std::sync::LazyLock<$crate::module_set::__private::Hooks> =
                    ::std::sync::LazyLock::new(|| {
                        let mut hooks = $crate::module_set::__private::Hooks::new();
                        $(<$module as $crate::module_set::__private::Module>::register_hooks(&mut hooks);)+
                        // Modules that carry other modules' messages (gov) route them through it.
                        hooks.add::<dyn $crate::module_set::__private::MsgRouter>(::std::boxed::Box::new(
                            $crate::module_set::__private::SetRouter::<$msg>::new(),
                        ));
                        hooks
                    });
                &HOOKS
            }

            async fn init_genesis<S: $crate::module_set::__private::StateWrite>(
                state: &mut S,
                genesis: &Self::Genesis,
                ctx: &$crate::module_set::__private::GenesisContext,
            ) -> $crate::module_set::__private::SdkResult<()> {
                $(
                    <$module as $crate::module_set::__private::Module>::init_genesis(state, &genesis.$name, ctx)
                        .await
                        .map_err(|e| $crate::module_set::genesis_error(stringify!($name), e))?;
                )+
                Ok(())
            }

            async fn init_validators<S: $crate::module_set::__private::StateWrite>(
                state: &mut S,
                genesis: &Self::Genesis,
                ctx: &$crate::module_set::__private::GenesisContext,
            ) -> $crate::module_set::__private::SdkResult<Vec<$crate::module_set::__private::ValidatorUpdate>> {
                let mut validators = $crate::module_set::__private::EndBlock::default();
                $(
                    let updates = <$module as $crate::module_set::__private::Module>::init_validators(state, &genesis.$name, ctx)
                        .await
                        .map_err(|e| $crate::module_set::genesis_error(stringify!($name), e))?;
                    $crate::module_set::merge_end_block(
                        &mut validators,
                        stringify!($name),
                        $crate::module_set::__private::EndBlock { validator_updates: updates, consensus_params: None },
                    )?;
                )+
                Ok(validators.validator_updates)
            }

            async fn export_genesis<S: $crate::module_set::__private::StateRead>(
                state: &S,
            ) -> $crate::module_set::__private::SdkResult<Self::Genesis> {
                Ok($genesis {
                    $($name: <$module as $crate::module_set::__private::Module>::export_genesis(state)
                        .await
                        .map_err(|e| $crate::module_set::genesis_error(stringify!($name), e))?,)+
                    // Exported state already holds what the genesis transactions did.
                    genutil: Default::default(),
                })
            }

            async fn begin_block<S: $crate::module_set::__private::StateWrite>(
                state: &mut S,
                block: &$crate::module_set::__private::BlockInfo,
            ) -> $crate::module_set::__private::SdkResult<()> {
                $(
                    <$module as $crate::module_set::__private::Module>::begin_block(state, block)
                        .await
                        .map_err(|e| $crate::module_set::hook_error(stringify!($name), "begin_block", e))?;
                )+
                Ok(())
            }

            async fn prepare_block<S: $crate::module_set::__private::StateWrite>(
                state: &mut S,
                block: &$crate::module_set::__private::BlockInfo,
                msgs: &[($crate::module_set::__private::MsgContext, &$msg)],
            ) -> $crate::module_set::__private::SdkResult<()> {
                $(
                    let mine: Vec<($crate::module_set::__private::MsgContext, &<$module as $crate::module_set::__private::Module>::Msg)> = msgs
                        .iter()
                        .filter_map(|(ctx, m)| match m {
                            $msg::$name(inner) => Some((ctx.clone(), inner)),
                            #[allow(unreachable_patterns)]
                            _ => None,
                        })
                        .collect();
                    if !mine.is_empty() {
                        <$module as $crate::module_set::__private::Module>::prepare_block(state, block, &mine)
                            .await
                            .map_err(|e| $crate::module_set::hook_error(stringify!($name), "prepare_block", e))?;
                    }
                )+
                Ok(())
            }

            async fn end_block<S: $crate::module_set::__private::StateWrite>(
                state: &mut S,
                block: &$crate::module_set::__private::BlockInfo,
            ) -> $crate::module_set::__private::SdkResult<$crate::module_set::__private::EndBlock> {
                let mut total = $crate::module_set::__private::EndBlock::default();
                $(
                    let outcome = <$module as $crate::module_set::__private::Module>::end_block(state, block)
                        .await
                        .map_err(|e| $crate::module_set::hook_error(stringify!($name), "end_block", e))?;
                    $crate::module_set::merge_end_block(&mut total, stringify!($name), outcome)?;
                )+
                Ok(total)
            }

            fn services(
                ctx: &$crate::module_set::__private::ServiceContext,
            ) -> Vec<$crate::module_set::__private::GrpcService> {
                let mut all = Vec::new();
                $(all.extend(<$module as $crate::module_set::__private::Module>::services(ctx));)+
                all
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(power: u32) -> ValidatorUpdate {
        ValidatorUpdate {
            pub_key: tendermint::PublicKey::from_raw_ed25519(&[power as u8; 32]).unwrap(),
            power: power.into(),
        }
    }

    fn params() -> tendermint::consensus::Params {
        crate::testing::consensus_params(1_000)
    }

    #[test]
    fn one_module_may_change_the_validator_set_and_one_the_consensus_params() {
        let mut total = EndBlock::default();
        merge_end_block(&mut total, "a", EndBlock { validator_updates: vec![update(1)], consensus_params: None })
            .unwrap();
        merge_end_block(&mut total, "b", EndBlock { validator_updates: vec![], consensus_params: Some(params()) })
            .unwrap();
        merge_end_block(&mut total, "c", EndBlock::default()).unwrap();
        assert_eq!(total.validator_updates, vec![update(1)]);
        assert_eq!(total.consensus_params, Some(params()));

        let e =
            merge_end_block(&mut total, "d", EndBlock { validator_updates: vec![update(2)], consensus_params: None })
                .unwrap_err();
        assert!(e.is_internal() && e.log.contains("more than one module (second: d)"), "{}", e.log);
        let e =
            merge_end_block(&mut total, "e", EndBlock { validator_updates: vec![], consensus_params: Some(params()) })
                .unwrap_err();
        assert!(e.is_internal(), "{}", e.log);
    }

    #[test]
    fn names_compare_exactly_at_compile_time() {
        const _: () = assert!(same_name("bank", "bank"));
        assert!(!same_name("bank", "banks") && !same_name("bank", "Bank") && same_name("", ""));
    }
}
