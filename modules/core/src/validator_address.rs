//! Validator addresses, as the SDK shows them: the operator address (`sdk.ValAddress`, the
//! operator account's 20 bytes under the `symvaloper` prefix) and the consensus address
//! (`sdk.ConsAddress`, SHA256(ed25519 consensus pubkey)[..20] — CometBFT's validator address —
//! under `symvalcons`).

use std::fmt;
use std::str::FromStr;

use bech32::primitives::decode::CheckedHrpstring;
use bech32::{Bech32, Hrp};
use sha2::{Digest, Sha256};

use crate::address::{Address, ADDRESS_LEN};
use crate::error::{Code, SdkError};
use crate::{CONSENSUS_PREFIX, OPERATOR_PREFIX};

fn encode(prefix: &str, bytes: &[u8; ADDRESS_LEN]) -> String {
    match Hrp::parse(prefix) {
        Ok(hrp) => bech32::encode::<Bech32>(hrp, bytes).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

fn decode(prefix: &str, what: &str, s: &str) -> Result<[u8; ADDRESS_LEN], SdkError> {
    let invalid = |why: String| SdkError::new(Code::InvalidAddress, format!("invalid {what} address {s:?}: {why}"));
    if s.is_empty() {
        return Err(SdkError::new(Code::InvalidAddress, format!("empty {what} address string is not allowed")));
    }
    let checked = CheckedHrpstring::new::<Bech32>(s).map_err(|e| invalid(e.to_string()))?;
    if !checked.hrp().as_str().eq_ignore_ascii_case(prefix) {
        return Err(invalid(format!("expected prefix {prefix}, got {}", checked.hrp())));
    }
    let bytes: Vec<u8> = checked.byte_iter().collect();
    bytes.try_into().map_err(|b: Vec<u8>| invalid(format!("must be {ADDRESS_LEN} bytes, got {}", b.len())))
}

/// A validator's operator address: the same bytes as its operator account.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ValAddress(Address);

impl ValAddress {
    pub const fn from_account(account: Address) -> Self {
        Self(account)
    }

    /// The operator's account (signer of its messages, owner of its self-delegation).
    pub fn account(&self) -> Address {
        self.0
    }

    pub fn as_bytes(&self) -> &[u8; ADDRESS_LEN] {
        self.0.as_bytes()
    }

    pub fn to_hex(&self) -> String {
        self.0.to_hex()
    }

    pub fn from_hex(s: &str) -> Option<Self> {
        Address::from_hex(s).map(Self)
    }
}

impl fmt::Display for ValAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&encode(OPERATOR_PREFIX, self.0.as_bytes()))
    }
}

impl fmt::Debug for ValAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ValAddress({self})")
    }
}

impl FromStr for ValAddress {
    type Err = SdkError;
    fn from_str(s: &str) -> Result<Self, SdkError> {
        decode(OPERATOR_PREFIX, "validator", s).map(|b| Self(Address::from_bytes(b)))
    }
}

/// A validator's consensus address: what CometBFT calls the validator address.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConsAddress([u8; ADDRESS_LEN]);

impl ConsAddress {
    pub const fn from_bytes(bytes: [u8; ADDRESS_LEN]) -> Self {
        Self(bytes)
    }

    /// The address of an ed25519 consensus public key (CometBFT's `crypto.AddressHash`).
    pub fn from_ed25519_pubkey(key: &[u8]) -> Self {
        let sha = Sha256::digest(key);
        let mut out = [0u8; ADDRESS_LEN];
        out.copy_from_slice(&sha[..ADDRESS_LEN]);
        Self(out)
    }

    pub fn as_bytes(&self) -> &[u8; ADDRESS_LEN] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        Address::from_bytes(self.0).to_hex()
    }
}

impl fmt::Display for ConsAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&encode(CONSENSUS_PREFIX, &self.0))
    }
}

impl fmt::Debug for ConsAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConsAddress({self})")
    }
}

impl FromStr for ConsAddress {
    type Err = SdkError;
    fn from_str(s: &str) -> Result<Self, SdkError> {
        decode(CONSENSUS_PREFIX, "consensus", s).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ACCOUNT_PREFIX;

    #[test]
    fn prefixes_derive_from_the_account_prefix_as_in_the_sdk() {
        assert_eq!(OPERATOR_PREFIX, format!("{ACCOUNT_PREFIX}valoper"));
        assert_eq!(CONSENSUS_PREFIX, format!("{ACCOUNT_PREFIX}valcons"));
    }

    #[test]
    fn operator_and_account_share_bytes_under_their_prefixes() {
        let account = Address::from_bytes([3u8; 20]);
        let val = ValAddress::from_account(account);
        let s = val.to_string();
        assert!(s.starts_with("symvaloper1"), "{s}");
        assert_eq!(s.parse::<ValAddress>().unwrap(), val);
        assert_eq!(val.account(), account);
        assert!(s.to_uppercase().parse::<ValAddress>().is_ok(), "upper case is valid bech32");
        let e = account.to_string().parse::<ValAddress>().unwrap_err();
        assert!(e.is(Code::InvalidAddress) && e.log.contains("expected prefix symvaloper"), "{e}");
        assert!(s.parse::<Address>().is_err(), "an operator address is not an account address");
        assert!("".parse::<ValAddress>().unwrap_err().log.contains("empty validator address"));
    }

    #[test]
    fn consensus_address_is_cometbft_validator_address() {
        // CometBFT: address = SHA256(pubkey)[:20]. Key and address from a `cometbft init`
        // priv_validator_key.json.
        use base64::Engine;
        let key =
            base64::engine::general_purpose::STANDARD.decode("Kh0YJ5ivLhKZmRhsSC5pBrbO7HTfbRoHmSqvjdmpSds=").unwrap();
        let cons = ConsAddress::from_ed25519_pubkey(&key);
        let cometbft = tendermint::account::Id::from(tendermint::PublicKey::from_raw_ed25519(&key).unwrap());
        assert_eq!(cons.as_bytes(), cometbft.as_bytes());
        let s = cons.to_string();
        assert!(s.starts_with("symvalcons1"), "{s}");
        assert_eq!(s.parse::<ConsAddress>().unwrap(), cons);
        let short = bech32::encode::<Bech32>(Hrp::parse("symvalcons").unwrap(), &[1u8; 19]).unwrap();
        assert!(short.parse::<ConsAddress>().unwrap_err().log.contains("20 bytes"));
    }
}

/// JSON strings in bech32, as the SDK writes addresses.
macro_rules! bech32_serde {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(|e: SdkError| serde::de::Error::custom(e.log))
            }
        }
    };
}

bech32_serde!(Address);
bech32_serde!(ValAddress);
bech32_serde!(ConsAddress);
