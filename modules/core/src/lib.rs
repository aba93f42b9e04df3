//! Shared building blocks for symbiote modules.
//!
//! Nothing here knows about a particular module. The pieces map onto Cosmos SDK concepts so that code
//! ported in one's head from `x/bank` or `x/auth` lands in a familiar place:
//! [`error`] is `types/errors` (codespace `sdk`), [`gas`] is the gas meter and KV gas config,
//! [`metered`] is the gas-charging KV store, [`coin`] is `sdk.Coins`, [`address`] is `sdk.AccAddress`.

pub mod address;
pub mod coin;
pub mod dec;
mod delegate;
pub mod error;
pub mod events;
pub mod gas;
pub mod handler;
pub mod metered;
pub mod pagination;
pub mod query;
pub mod read_cache;
pub mod serde_str;
pub mod store;

pub use address::Address;
pub use coin::{Coin, Coins};
pub use dec::Dec;
pub use error::{SdkError, SdkResult};
pub use gas::GasMeter;
pub use handler::{MsgContext, MsgHandler};
pub use metered::Metered;

/// The chain's staking and fee denomination.
pub const BASE_DENOM: &str = "usym";
/// Bech32 human-readable prefix of account addresses.
pub const ACCOUNT_PREFIX: &str = "sym";
