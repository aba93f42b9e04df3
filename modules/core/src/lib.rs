//! Shared building blocks for symbiote modules.
//!
//! Nothing here knows about a particular module. The pieces map onto Cosmos SDK concepts so that code
//! ported in one's head from `x/bank` or `x/auth` lands in a familiar place:
//! [`module`] is the module contract (`AppModule`), [`msg`] the message handler contract and its
//! router, [`error`] is `types/errors` (codespace `sdk`), [`gas`] is the gas meter and KV gas
//! config, [`metered`] is the gas-charging KV store, [`coin`] is `sdk.Coins`, [`address`] is
//! `sdk.AccAddress`, [`module_account`] is `authtypes.ModuleAccount` and the gov authority.

pub mod address;
pub mod amount;
pub mod chain;
pub mod coin;
pub mod dec;
pub mod dec_coins;
pub mod duration;
pub mod erased;
pub mod error;
pub mod events;
pub mod gas;
pub mod genesis_records;
pub mod hooks;
pub mod legacy_dec;
pub mod metered;
pub mod module;
pub mod module_account;
pub mod msg;
pub mod pagination;
pub mod query;
pub mod read_cache;
pub mod router;
pub mod serde_str;
pub mod store;
pub mod testing;
pub mod validator_address;

pub use address::Address;
pub use amount::Amount;
pub use coin::{Coin, Coins};
pub use dec::Dec;
pub use dec_coins::DecCoins;
pub use erased::Erased;
pub use error::{SdkError, SdkResult};
pub use gas::GasMeter;
pub use hooks::Hooks;
pub use legacy_dec::LegacyDec;
pub use metered::Metered;
pub use module::{BlockInfo, EndBlock, GenesisContext, GrpcService, Module, ServiceContext, ValidatorUpdate};
pub use msg::{MsgContext, MsgHandler, MsgSet, NoMsgs};
pub use validator_address::{ConsAddress, ValAddress};

// Re-exported for the code `msg_set!` generates in module crates.
pub use async_trait::async_trait;
pub use cnidarium;
pub use cosmos_sdk_proto::Any;

/// The chain's staking and fee denomination.
pub const BASE_DENOM: &str = "usym";
/// Bech32 human-readable prefix of account addresses.
pub const ACCOUNT_PREFIX: &str = "sym";
/// Bech32 prefix of validator operator addresses (the account prefix + `valoper`, as in the SDK).
pub const OPERATOR_PREFIX: &str = "symvaloper";
/// Bech32 prefix of validator consensus addresses (the account prefix + `valcons`).
pub const CONSENSUS_PREFIX: &str = "symvalcons";
