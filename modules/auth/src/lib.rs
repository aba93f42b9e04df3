//! Accounts (`x/auth`): each address that has ever received funds or signed has an account with a
//! number (fixed at creation; binds signatures to one account forever), a sequence (replay
//! protection: a signature is valid for exactly one sequence) and, after its first transaction, a
//! public key. The module also owns the chain's module accounts and the ante checks' parameters.

pub mod events;
pub mod genesis;
mod keys;
pub mod msg;
pub mod params;
pub mod query;
pub mod state;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::auth::v1beta1::BaseAccount;
use cosmos_sdk_proto::cosmos::crypto::secp256k1::PubKey;
use cosmos_sdk_proto::Any;
use prost::Message;
use symbiote_core::error::Code;
use symbiote_core::module_account::{
    ModuleAccount, Permission, BONDED_POOL, DISTRIBUTION, FEE_COLLECTOR, GOV, MINT, NOT_BONDED_POOL,
};
use symbiote_core::{Address, GenesisContext, GrpcService, Module, SdkError, SdkResult, ServiceContext};

pub use msg::{AuthMsg, MsgUpdateParams, MsgUpdateSdkParams};
pub use params::Params;
pub use state::{AuthRead, AuthWrite};

pub const MODULE: &str = keys::PREFIX;
pub const SECP256K1_PUBKEY_TYPE_URL: &str = "/cosmos.crypto.secp256k1.PubKey";
pub const BASE_ACCOUNT_TYPE_URL: &str = "/cosmos.auth.v1beta1.BaseAccount";

/// The auth module, as registered in the app's module list.
pub struct Auth;

#[async_trait]
impl Module for Auth {
    const NAME: &'static str = MODULE;
    /// The Cosmos SDK's standard module accounts with its permissions (simapp's `maccPerms`), so
    /// they exist, and refuse user sends, from genesis whichever module later moves their funds.
    const ACCOUNTS: &'static [ModuleAccount] = &[
        ModuleAccount::new(FEE_COLLECTOR, &[]),
        ModuleAccount::new(DISTRIBUTION, &[]),
        ModuleAccount::new(MINT, &[Permission::Minter]),
        ModuleAccount::new(BONDED_POOL, &[Permission::Burner, Permission::Staking]),
        ModuleAccount::new(NOT_BONDED_POOL, &[Permission::Burner, Permission::Staking]),
        ModuleAccount::new(GOV, &[Permission::Burner]),
    ];
    type Msg = AuthMsg;
    type Genesis = genesis::GenesisState;

    fn validate_genesis(genesis: &Self::Genesis) -> SdkResult<()> {
        genesis.accounts().map(|_| ())
    }

    async fn init_genesis<S: StateWrite>(
        state: &mut S,
        genesis: &Self::Genesis,
        ctx: &GenesisContext,
    ) -> SdkResult<()> {
        genesis.init(state, ctx).await
    }

    async fn export_genesis<S: StateRead>(state: &S) -> SdkResult<Self::Genesis> {
        genesis::GenesisState::export(state).await
    }

    fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
        query::services(ctx)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub address: Address,
    /// Compressed secp256k1 key, set by the account's first transaction.
    pub pubkey: Option<Vec<u8>>,
    pub account_number: u64,
    pub sequence: u64,
}

impl Account {
    pub fn new(address: Address, account_number: u64) -> Self {
        Self { address, pubkey: None, account_number, sequence: 0 }
    }

    pub fn to_proto(&self) -> BaseAccount {
        BaseAccount {
            address: self.address.to_string(),
            pub_key: self.pubkey.as_ref().map(|k| pubkey_any(k)),
            account_number: self.account_number,
            sequence: self.sequence,
        }
    }

    pub fn from_proto(p: &BaseAccount) -> SdkResult<Self> {
        let address: Address = p.address.parse()?;
        let pubkey = p.pub_key.as_ref().map(secp256k1_key_from_any).transpose()?;
        Ok(Self { address, pubkey, account_number: p.account_number, sequence: p.sequence })
    }

    /// As `/cosmos.auth.v1beta1.BaseAccount` inside an `Any`, the form the Account query returns.
    pub fn to_any(&self) -> Any {
        Any { type_url: BASE_ACCOUNT_TYPE_URL.into(), value: self.to_proto().encode_to_vec() }
    }
}

pub fn pubkey_any(compressed: &[u8]) -> Any {
    Any { type_url: SECP256K1_PUBKEY_TYPE_URL.into(), value: PubKey { key: compressed.to_vec() }.encode_to_vec() }
}

/// Extracts a compressed secp256k1 key from `/cosmos.crypto.secp256k1.PubKey`; any other key type
/// is rejected (code 8).
pub fn secp256k1_key_from_any(any: &Any) -> SdkResult<Vec<u8>> {
    if any.type_url != SECP256K1_PUBKEY_TYPE_URL {
        return Err(SdkError::new(Code::InvalidPubKey, format!("unsupported public key type {}", any.type_url)));
    }
    let pk = PubKey::decode(any.value.as_slice())
        .map_err(|e| SdkError::new(Code::InvalidPubKey, format!("malformed secp256k1 public key: {e}")))?;
    if pk.key.len() != 33 || !matches!(pk.key[0], 0x02 | 0x03) {
        return Err(SdkError::new(
            Code::InvalidPubKey,
            format!("secp256k1 public key must be 33 compressed bytes, got {}", pk.key.len()),
        ));
    }
    Ok(pk.key)
}

/// The module account that collects fees (`authtypes.FeeCollectorName`).
pub fn fee_collector_address() -> Address {
    static ADDRESS: std::sync::LazyLock<Address> = std::sync::LazyLock::new(|| Address::module(FEE_COLLECTOR));
    *ADDRESS
}

/// Store keys the ante checks read for a signer, for the block prefetch (a hint).
pub fn signer_keys(signer: &Address) -> [String; 1] {
    [keys::account(signer)]
}
