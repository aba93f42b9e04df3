//! Module accounts: addresses that hold funds for protocol logic (fees, bonded stake, the community
//! pool), derived as the SDK derives them, `sha256(name)[:20]`, so explorers and clients recognise
//! them. No key controls them: only their module moves their funds, which is why users may not send
//! to most of them (funds sent there would be stranded or would break the module's accounting).
//!
//! The gov module account is also the **authority** of governance-only messages (every module's
//! `MsgUpdateParams`, `MsgCommunityPoolSpend`): such a message must name it as signer, and only a
//! passed proposal can execute a message signed by it.

use crate::{Address, SdkError, SdkResult};

pub const FEE_COLLECTOR: &str = "fee_collector";
pub const DISTRIBUTION: &str = "distribution";
pub const MINT: &str = "mint";
pub const BONDED_POOL: &str = "bonded_tokens_pool";
pub const NOT_BONDED_POOL: &str = "not_bonded_tokens_pool";
pub const GOV: &str = "gov";

/// What a module account may do beyond holding funds (the SDK's `authtypes` permissions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Permission {
    Minter,
    Burner,
    Staking,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Minter => "minter",
            Permission::Burner => "burner",
            Permission::Staking => "staking",
        }
    }
}

/// A module account a module declares (`Module::ACCOUNTS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModuleAccount {
    pub name: &'static str,
    pub permissions: &'static [Permission],
}

impl ModuleAccount {
    pub const fn new(name: &'static str, permissions: &'static [Permission]) -> Self {
        Self { name, permissions }
    }

    pub fn address(&self) -> Address {
        Address::module(self.name)
    }
}

/// Every module account of the chain, ordered by name, with addresses computed once.
#[derive(Clone, Debug, Default)]
pub struct ModuleAccounts {
    accounts: Vec<(ModuleAccount, Address)>,
}

impl ModuleAccounts {
    /// From every module's declarations. A name declared twice is a wiring bug.
    pub fn new(declared: impl IntoIterator<Item = ModuleAccount>) -> Self {
        let mut accounts: Vec<(ModuleAccount, Address)> = declared.into_iter().map(|a| (a, a.address())).collect();
        accounts.sort_by_key(|(a, _)| a.name);
        for pair in accounts.windows(2) {
            assert!(pair[0].0.name != pair[1].0.name, "module account {} declared twice", pair[0].0.name);
        }
        Self { accounts }
    }

    pub fn iter(&self) -> impl Iterator<Item = &(ModuleAccount, Address)> {
        self.accounts.iter()
    }

    pub fn by_name(&self, name: &str) -> Option<&(ModuleAccount, Address)> {
        self.accounts.iter().find(|(a, _)| a.name == name)
    }

    pub fn by_address(&self, address: &Address) -> Option<&ModuleAccount> {
        self.accounts.iter().find(|(_, a)| a == address).map(|(m, _)| m)
    }

    /// Whether user sends to `address` are refused: every module account but gov's, which accepts
    /// deposits and funds (as the SDK's `BlockedAddresses`).
    pub fn is_blocked(&self, address: &Address) -> bool {
        self.by_address(address).is_some_and(|m| m.name != GOV)
    }
}

/// The gov module account: the only signer a governance-only message accepts.
pub fn authority() -> Address {
    static ADDRESS: std::sync::LazyLock<Address> = std::sync::LazyLock::new(|| Address::module(GOV));
    *ADDRESS
}

/// gov's `ErrInvalidSigner` (codespace `gov`, code 13), which every SDK module returns for a
/// governance-only message whose authority is not the gov module account.
pub fn check_authority(given: &Address) -> SdkResult<()> {
    if *given == authority() {
        return Ok(());
    }
    Err(SdkError::coded(
        "gov",
        13,
        "expected gov account as only signer for proposal message",
        format!("invalid authority; expected {}, got {given}", authority()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_the_sdks() {
        // `authtypes.NewModuleAddress("gov")` and ("fee_collector") with the "cosmos" prefix are
        // cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn and cosmos17xpfvakm2amg962yls6f84z3kell8c5lserqta.
        let bech = |name: &str| {
            bech32::encode::<bech32::Bech32>(bech32::Hrp::parse("cosmos").unwrap(), Address::module(name).as_bytes())
                .unwrap()
        };
        assert_eq!(bech(GOV), "cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn");
        assert_eq!(bech(FEE_COLLECTOR), "cosmos17xpfvakm2amg962yls6f84z3kell8c5lserqta");
        assert_eq!(authority(), Address::module(GOV));
    }

    #[test]
    fn gov_receives_the_others_are_blocked() {
        let accounts = ModuleAccounts::new([
            ModuleAccount::new(FEE_COLLECTOR, &[]),
            ModuleAccount::new(GOV, &[Permission::Burner]),
        ]);
        assert!(accounts.is_blocked(&Address::module(FEE_COLLECTOR)));
        assert!(!accounts.is_blocked(&Address::module(GOV)));
        assert!(!accounts.is_blocked(&Address::from_bytes([7; 20])));
    }

    #[test]
    fn authority_check_uses_govs_code() {
        check_authority(&authority()).unwrap();
        let e = check_authority(&Address::from_bytes([1; 20])).unwrap_err();
        assert_eq!((e.codespace, e.code), ("gov", 13));
        assert!(e.log.starts_with("invalid authority; expected sym1"), "{}", e.log);
    }
}
