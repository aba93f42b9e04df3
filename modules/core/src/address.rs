//! Account addresses: 20 bytes, shown as bech32 with the `sym` prefix.
//!
//! Derivation matches the Cosmos SDK (`secp256k1.PubKey.Address`): RIPEMD160(SHA256(compressed
//! pubkey)), so keys from Keplr-style wallets map to the same bytes on every Cosmos chain.

use std::fmt;
use std::str::FromStr;

use bech32::primitives::decode::CheckedHrpstring;
use bech32::Bech32;
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
        let mut out = String::with_capacity(2 * ADDRESS_LEN);
        self.push_hex(&mut out);
        out
    }

    /// Appends [`Address::to_hex`] to `out` (key builders call this once per store access).
    pub fn push_hex(&self, out: &mut String) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut hex = [0u8; 2 * ADDRESS_LEN];
        for (pair, b) in hex.chunks_exact_mut(2).zip(self.0) {
            pair[0] = DIGITS[usize::from(b >> 4)];
            pair[1] = DIGITS[usize::from(b & 0xf)];
        }
        out.push_str(std::str::from_utf8(&hex).expect("hex digits are ASCII"));
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
        f.write_str(codec::encode(&self.0).as_str())
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
        if let Some(bytes) = codec::decode_canonical(s) {
            return Ok(Self(bytes));
        }
        // Anything else is all upper case (valid bech32, which the SDK accepts) or wrong in some
        // way; the bech32 crate decodes the first (it refuses mixed case) and says how for the rest.
        let checked = CheckedHrpstring::new::<Bech32>(s).map_err(|e| invalid(e.to_string()))?;
        if !checked.hrp().as_str().eq_ignore_ascii_case(ACCOUNT_PREFIX) {
            return Err(invalid(format!("expected prefix {ACCOUNT_PREFIX}, got {}", checked.hrp())));
        }
        let bytes: Vec<u8> = checked.byte_iter().collect();
        Self::from_bytes_slice(&bytes).map_err(|e| invalid(e.log))
    }
}

/// Bech32 for exactly our addresses (prefix `sym`, 20 bytes): addresses are formatted for every
/// event and parsed from every message, and the general-purpose `bech32` crate allocates and
/// iterates per character. Anything this does not accept goes to the crate, which explains why.
mod codec {
    use super::ADDRESS_LEN;
    use crate::ACCOUNT_PREFIX;

    const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    /// ASCII byte → its five-bit value, or 0xff for bytes outside the (lower-case) charset.
    const VALUE_OF: [u8; 256] = {
        let mut table = [0xffu8; 256];
        let mut i = 0;
        while i < 32 {
            table[CHARSET[i] as usize] = i as u8;
            i += 1;
        }
        table
    };
    const GENERATOR: [u32; 5] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    /// Data part of a 20-byte address: 160 bits = 32 five-bit groups, then 6 checksum groups.
    const DATA_LEN: usize = ADDRESS_LEN * 8 / 5;
    pub const LEN: usize = ACCOUNT_PREFIX.len() + 1 + DATA_LEN + 6;

    /// The generator terms to fold in for each value of the checksum's top five bits.
    const GENERATOR_FOR_TOP: [u32; 32] = {
        let mut table = [0u32; 32];
        let mut top = 0;
        while top < 32 {
            let mut i = 0;
            while i < 5 {
                if (top >> i) & 1 == 1 {
                    table[top] ^= GENERATOR[i];
                }
                i += 1;
            }
            top += 1;
        }
        table
    };

    const fn polymod_step(chk: u32, value: u8) -> u32 {
        (((chk & 0x1ff_ffff) << 5) ^ value as u32) ^ GENERATOR_FOR_TOP[(chk >> 25) as usize]
    }

    /// The checksum state after the expanded human-readable part (BIP-173).
    const HRP_STATE: u32 = {
        let hrp = ACCOUNT_PREFIX.as_bytes();
        let mut chk = 1;
        let mut i = 0;
        while i < hrp.len() {
            chk = polymod_step(chk, hrp[i] >> 5);
            i += 1;
        }
        chk = polymod_step(chk, 0);
        let mut i = 0;
        while i < hrp.len() {
            chk = polymod_step(chk, hrp[i] & 31);
            i += 1;
        }
        chk
    };

    /// Five-bit groups of the 20 bytes, most significant first.
    fn groups(bytes: &[u8; ADDRESS_LEN]) -> [u8; DATA_LEN] {
        let mut out = [0u8; DATA_LEN];
        for (chunk, five) in bytes.chunks_exact(5).zip(out.chunks_exact_mut(8)) {
            let bits = chunk.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
            for (i, g) in five.iter_mut().enumerate() {
                *g = ((bits >> (35 - 5 * i)) & 31) as u8;
            }
        }
        out
    }

    fn checksum(data: &[u8; DATA_LEN]) -> u32 {
        let chk = data.iter().fold(HRP_STATE, |chk, g| polymod_step(chk, *g));
        (0..6).fold(chk, |chk, _| polymod_step(chk, 0)) ^ 1
    }

    pub struct Encoded([u8; LEN]);

    impl Encoded {
        pub fn as_str(&self) -> &str {
            std::str::from_utf8(&self.0).expect("bech32 characters are ASCII")
        }
    }

    pub fn encode(bytes: &[u8; ADDRESS_LEN]) -> Encoded {
        let data = groups(bytes);
        let chk = checksum(&data);
        let mut out = [0u8; LEN];
        let (prefix, rest) = out.split_at_mut(ACCOUNT_PREFIX.len() + 1);
        prefix[..ACCOUNT_PREFIX.len()].copy_from_slice(ACCOUNT_PREFIX.as_bytes());
        prefix[ACCOUNT_PREFIX.len()] = b'1';
        for (c, g) in rest.iter_mut().zip(data) {
            *c = CHARSET[usize::from(g)];
        }
        for (i, c) in rest[DATA_LEN..].iter_mut().enumerate() {
            *c = CHARSET[((chk >> (5 * (5 - i))) & 31) as usize];
        }
        Encoded(out)
    }

    /// The bytes of `s` if it is a lower-case `sym1…` address of 20 bytes with a valid checksum.
    pub fn decode_canonical(s: &str) -> Option<[u8; ADDRESS_LEN]> {
        let rest = s.strip_prefix(ACCOUNT_PREFIX)?.strip_prefix('1')?.as_bytes();
        if rest.len() != DATA_LEN + 6 {
            return None;
        }
        let mut values = [0u8; DATA_LEN + 6];
        for (v, c) in values.iter_mut().zip(rest) {
            *v = VALUE_OF[usize::from(*c)];
            if *v == 0xff {
                return None;
            }
        }
        if values.iter().fold(HRP_STATE, |chk, g| polymod_step(chk, *g)) != 1 {
            return None;
        }
        let mut out = [0u8; ADDRESS_LEN];
        for (chunk, five) in out.chunks_exact_mut(5).zip(values.chunks_exact(8)) {
            let bits = five.iter().fold(0u64, |acc, g| (acc << 5) | u64::from(*g));
            for (i, b) in chunk.iter_mut().enumerate() {
                *b = (bits >> (32 - 8 * i)) as u8;
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bech32::Hrp;

    #[test]
    fn upper_case_addresses_parse_as_the_sdk_parses_them() {
        let a = Address::from_bytes([0x5a; ADDRESS_LEN]);
        let upper = a.to_string().to_uppercase();
        assert_eq!(upper.parse::<Address>().unwrap(), a);
        let mut mixed = a.to_string();
        mixed.replace_range(0..1, "S");
        let e = mixed.parse::<Address>().unwrap_err();
        assert_eq!(e.code, crate::error::Code::InvalidAddress as u32, "mixed case is refused: {e}");
        let wrong_prefix = upper.replacen("SYM", "COSMOS", 1);
        assert!(wrong_prefix.parse::<Address>().is_err());
    }

    #[test]
    fn fast_codec_agrees_with_the_bech32_crate() {
        let hrp = Hrp::parse(ACCOUNT_PREFIX).unwrap();
        let mut bytes = [0u8; ADDRESS_LEN];
        for round in 0u32..2_000 {
            // A cheap deterministic spread of byte patterns, including all-zero and all-0xff.
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = match round {
                    0 => 0,
                    1 => 0xff,
                    _ => (round.wrapping_mul(2_654_435_761).rotate_left(i as u32 * 3) >> 7) as u8,
                };
            }
            let expected = bech32::encode::<Bech32>(hrp, &bytes).unwrap();
            assert_eq!(codec::encode(&bytes).as_str(), expected);
            assert_eq!(codec::decode_canonical(&expected), Some(bytes));
            assert_eq!(Address::from_bytes(bytes).to_hex(), hex::encode(bytes));
        }
    }

    #[test]
    fn fast_decoder_leaves_everything_unusual_to_the_crate() {
        let canonical = Address::from_bytes([9u8; 20]).to_string();
        // Upper case goes to the crate, which decodes it.
        let upper = canonical.to_uppercase();
        assert_eq!(codec::decode_canonical(&upper), None);
        assert_eq!(upper.parse::<Address>().unwrap().to_string(), canonical);
        let mut bad_checksum = canonical.clone();
        bad_checksum.replace_range(10..11, if &canonical[10..11] == "q" { "p" } else { "q" });
        assert_eq!(codec::decode_canonical(&bad_checksum), None);
        assert!(bad_checksum.parse::<Address>().unwrap_err().log.contains("checksum"));
        assert_eq!(codec::decode_canonical("sym1"), None);
        assert_eq!(codec::decode_canonical("sym1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"), None);
    }

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
