//! Account addresses: 20 bytes, shown as bech32 with the `sym` prefix.
//!
//! Derivation matches the Cosmos SDK (`secp256k1.PubKey.Address`): RIPEMD160(SHA256(compressed
//! pubkey)), so keys from Keplr-style wallets map to the same bytes on every Cosmos chain.

use std::fmt;
use std::str::FromStr;

use bech32::primitives::decode::CheckedHrpstring;
use bech32::{Bech32, Hrp};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};

use crate::error::{Code, SdkError};
use crate::ACCOUNT_PREFIX;

pub const ADDRESS_LEN: usize = 20;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Address([u8; ADDRESS_LEN]);

impl Address {
    pub const fn from_bytes(bytes: [u8; ADDRESS_LEN]) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; ADDRESS_LEN] {
        &self.0
    }

    /// The address of a compressed (33-byte) secp256k1 public key.
    pub fn from_secp256k1_pubkey(compressed: &[u8]) -> Self {
        let sha = Sha256::digest(compressed);
        let rip = Ripemd160::digest(sha);
        let mut out = [0u8; ADDRESS_LEN];
        out.copy_from_slice(&rip);
        Self(out)
    }

    /// A module account's address (`authtypes.NewModuleAddress`): the first 20 bytes of
    /// SHA256(name). No private key exists for it.
    pub fn module(name: &str) -> Self {
        let sha = Sha256::digest(name.as_bytes());
        let mut out = [0u8; ADDRESS_LEN];
        out.copy_from_slice(&sha[..ADDRESS_LEN]);
        Self(out)
    }

    /// Lower-case hex, used in store keys: fixed width, so prefix scans never mix accounts.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Inverse of [`Address::to_hex`].
    pub fn from_hex(s: &str) -> Option<Self> {
        let bytes = hex::decode(s).ok()?;
        bytes.try_into().ok().map(Self)
    }

    pub fn from_bytes_slice(bytes: &[u8]) -> Result<Self, SdkError> {
        let arr: [u8; ADDRESS_LEN] = bytes.try_into().map_err(|_| {
            SdkError::new(Code::InvalidAddress, format!("address must be {ADDRESS_LEN} bytes, got {}", bytes.len()))
        })?;
        Ok(Self(arr))
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hrp = Hrp::parse(ACCOUNT_PREFIX).expect("static prefix is valid");
        let s = bech32::encode::<Bech32>(hrp, &self.0).map_err(|_| fmt::Error)?;
        f.write_str(&s)
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({self})")
    }
}

impl FromStr for Address {
    type Err = SdkError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = |why: String| SdkError::new(Code::InvalidAddress, format!("invalid address {s:?}: {why}"));
        if s.is_empty() {
            return Err(SdkError::new(Code::InvalidAddress, "empty address string is not allowed"));
        }
        let checked = CheckedHrpstring::new::<Bech32>(s).map_err(|e| invalid(e.to_string()))?;
        if checked.hrp().as_str() != ACCOUNT_PREFIX {
            return Err(invalid(format!("expected prefix {ACCOUNT_PREFIX}, got {}", checked.hrp())));
        }
        let bytes: Vec<u8> = checked.byte_iter().collect();
        Self::from_bytes_slice(&bytes).map_err(|e| invalid(e.log))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bech32_round_trip() {
        let a = Address::from_bytes([7u8; 20]);
        let s = a.to_string();
        assert!(s.starts_with("sym1"));
        assert_eq!(s.parse::<Address>().unwrap(), a);
    }

    #[test]
    fn rejects_wrong_prefix_checksum_and_length() {
        let cosmos = "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu";
        assert!(cosmos.parse::<Address>().unwrap_err().is(Code::InvalidAddress));
        let mut s = Address::from_bytes([1u8; 20]).to_string();
        s.pop();
        s.push('q');
        assert!(s.parse::<Address>().is_err());
        assert!("".parse::<Address>().is_err());
        let hrp = Hrp::parse("sym").unwrap();
        let short = bech32::encode::<Bech32>(hrp, &[1u8; 19]).unwrap();
        assert!(short.parse::<Address>().is_err());
    }

    fn bytes_of_foreign_bech32(s: &str) -> Vec<u8> {
        CheckedHrpstring::new::<Bech32>(s).unwrap().byte_iter().collect()
    }

    #[test]
    fn pubkey_derivation_matches_cosmjs_vector() {
        // cosmjs amino `pubkeyToAddress` test vector.
        use base64::Engine;
        let pk =
            base64::engine::general_purpose::STANDARD.decode("AtQaCqFnshaZQp6rIkvAPyzThvCvXSDO+9AzbxVErqJP").unwrap();
        let expected = bytes_of_foreign_bech32("cosmos1h806c7khnvmjlywdrkdgk2vrayy2mmvf9rxk2r");
        assert_eq!(Address::from_secp256k1_pubkey(&pk).as_bytes().to_vec(), expected);
    }

    #[test]
    fn module_address_matches_cosmos_hub_fee_collector() {
        let expected = bytes_of_foreign_bech32("cosmos17xpfvakm2amg962yls6f84z3kell8c5lserqta");
        assert_eq!(Address::module("fee_collector").as_bytes().to_vec(), expected);
    }
}
