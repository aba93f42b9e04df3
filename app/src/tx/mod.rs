//! Transactions in the Cosmos SDK format: `TxRaw { body_bytes, auth_info_bytes, signatures }`.
//!
//! Decoding turns untrusted bytes into a [`Tx`] whose every field has been parsed and whose
//! messages are typed; nothing after this point sees raw protobuf. Any decoding failure is code 2
//! ("tx parse error") and can never panic.

pub mod build;
pub mod json;
pub mod unknown_fields;

use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{mode_info, AuthInfo, TxBody, TxRaw};
use prost::Message;
use sha2::{Digest, Sha256};
use symbiote_auth::secp256k1_key_from_any;
use symbiote_core::error::Code;
use symbiote_core::{Address, Coins, MsgSet, SdkError, SdkResult};

/// A decoded transaction. `body_bytes` and `auth_info_bytes` are kept exactly as received: the
/// signatures cover those bytes, not a re-encoding.
#[derive(Clone, Debug)]
pub struct Tx<M> {
    pub len: usize,
    /// SHA-256 of the raw bytes: the hash CometBFT indexes the tx under.
    pub hash: [u8; 32],
    pub body_bytes: Vec<u8>,
    pub auth_info_bytes: Vec<u8>,
    pub msgs: Vec<M>,
    pub memo: String,
    pub timeout_height: u64,
    pub signers: Vec<SignerInfo>,
    pub signatures: Vec<Vec<u8>>,
    pub fee: Coins,
    pub gas_limit: u64,
    pub fee_payer: Option<String>,
    pub fee_granter: Option<String>,
}

#[derive(Clone, Debug)]
pub struct SignerInfo {
    /// Compressed secp256k1 key, if the tx carries one (required on an account's first tx).
    pub pubkey: Option<Vec<u8>>,
    pub sequence: u64,
    /// DIRECT for real txs; simulations may leave it UNSPECIFIED (cosmjs does).
    pub mode: SignMode,
}

fn parse_err(detail: impl std::fmt::Display) -> SdkError {
    SdkError::new(Code::TxDecode, detail)
}

/// Upper-case hex of SHA-256 of the raw bytes: the hash CometBFT indexes and clients look up.
pub fn tx_hash(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

pub fn tx_hash_hex(bytes: &[u8]) -> String {
    hex::encode_upper(tx_hash(bytes))
}

/// `TxRaw` whose bytes are exactly its canonical encoding (ADR-027): fields in order, each of
/// body and auth info at most once, minimal varints, no unknown fields, nothing appended. Any
/// other encoding of the same tx would have another hash, so a relayer of someone else's pending
/// tx could rebroadcast it under a hash its sender never sees committed.
fn decode_canonical_raw(bytes: &[u8]) -> SdkResult<TxRaw> {
    let raw = TxRaw::decode(bytes).map_err(|e| parse_err(format!("malformed TxRaw: {e}")))?;
    if raw.encoded_len() != bytes.len() || raw.encode_to_vec() != bytes {
        return Err(parse_err(
            "txRaw must follow ADR-027: fields in order, once each, canonically encoded, nothing else",
        ));
    }
    Ok(raw)
}

impl<M: MsgSet> Tx<M> {
    /// Decodes untrusted bytes; refuses more than `max_msgs` messages before decoding any of them.
    pub fn decode(bytes: &[u8], max_msgs: u64) -> SdkResult<Self> {
        if bytes.is_empty() {
            return Err(parse_err("tx bytes are empty"));
        }
        let raw = decode_canonical_raw(bytes)?;
        unknown_fields::check(&raw.auth_info_bytes, "cosmos.tx.v1beta1.AuthInfo", false).map_err(parse_err)?;
        let auth_info = AuthInfo::decode(raw.auth_info_bytes.as_slice())
            .map_err(|e| parse_err(format!("malformed AuthInfo: {e}")))?;
        let body =
            TxBody::decode(raw.body_bytes.as_slice()).map_err(|e| parse_err(format!("malformed TxBody: {e}")))?;
        if body.messages.len() as u64 > max_msgs {
            return Err(SdkError::new(
                Code::InvalidRequest,
                format!("too many messages: {}, max_msgs_per_tx is {max_msgs}", body.messages.len()),
            ));
        }
        unknown_fields::check(&raw.body_bytes, "cosmos.tx.v1beta1.TxBody", true).map_err(parse_err)?;

        // No extension option is known here: the SDK refuses unknown critical ones and ignores
        // non-critical ones (whose contents the unknown-field check above still resolved).
        if !body.extension_options.is_empty() {
            return Err(SdkError::new(Code::UnknownExtensionOptions, "extension options are not supported"));
        }
        let msgs = body
            .messages
            .iter()
            .map(|any| {
                M::decode(any).unwrap_or_else(|| {
                    Err(SdkError::new(Code::TxDecode, format!("unable to resolve type URL {}", any.type_url)))
                })
            })
            .collect::<SdkResult<Vec<_>>>()?;

        let mut signers = Vec::with_capacity(auth_info.signer_infos.len());
        for si in &auth_info.signer_infos {
            let mode = match si.mode_info.as_ref().and_then(|m| m.sum.as_ref()) {
                Some(mode_info::Sum::Single(s)) => SignMode::try_from(s.mode).unwrap_or(SignMode::Unspecified),
                _ => return Err(SdkError::new(Code::NotSupported, "multisig signer infos are not supported")),
            };
            if !matches!(mode, SignMode::Direct | SignMode::Unspecified) {
                return Err(SdkError::new(Code::NotSupported, "only SIGN_MODE_DIRECT single signatures are supported"));
            }
            let pubkey = si.public_key.as_ref().map(secp256k1_key_from_any).transpose()?;
            signers.push(SignerInfo { pubkey, sequence: si.sequence, mode });
        }

        let fee = auth_info.fee.unwrap_or_default();
        #[allow(deprecated)] // tips were removed from the SDK; reject rather than ignore one.
        if auth_info.tip.is_some() {
            return Err(SdkError::new(Code::NotSupported, "tips are not supported"));
        }
        // Fee coins follow the same canonical rules as message coins (sorted, positive, valid denom).
        let fee_coins =
            Coins::from_proto_strict(&fee.amount).map_err(|e| SdkError::new(Code::InsufficientFee, e.log))?;

        Ok(Tx {
            len: bytes.len(),
            hash: Sha256::digest(bytes).into(),
            body_bytes: raw.body_bytes,
            auth_info_bytes: raw.auth_info_bytes,
            msgs,
            memo: body.memo,
            timeout_height: body.timeout_height,
            signers,
            signatures: raw.signatures,
            fee: fee_coins,
            gas_limit: fee.gas_limit,
            fee_payer: Some(fee.payer).filter(|p| !p.is_empty()),
            fee_granter: Some(fee.granter).filter(|g| !g.is_empty()),
        })
    }

    /// Accounts that must sign, in order of first appearance across the messages (the SDK's
    /// `GetSigners`), each once. The first pays the fee.
    pub fn required_signers(&self) -> Vec<Address> {
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for m in &self.msgs {
            for s in m.signers() {
                if seen.insert(s) {
                    out.push(s);
                }
            }
        }
        out
    }
}

impl<M> Tx<M> {
    /// The bytes a signer signs in SIGN_MODE_DIRECT; the signature is over their SHA-256.
    ///
    /// Encoded field by field, as prost encodes a `SignDoc` (a test holds the two equal), to spare
    /// copying the body and auth info into a `SignDoc` for every signature.
    pub fn sign_doc_bytes(&self, chain_id: &str, account_number: u64) -> Vec<u8> {
        use prost::encoding::{encode_key, encode_varint, WireType};
        let mut out = Vec::with_capacity(self.body_bytes.len() + self.auth_info_bytes.len() + chain_id.len() + 24);
        // Fields 1–3 are length-delimited; proto3 leaves out empty ones and a zero field 4.
        for (tag, field) in [(1, self.body_bytes.as_slice()), (2, &self.auth_info_bytes), (3, chain_id.as_bytes())] {
            if !field.is_empty() {
                encode_key(tag, WireType::LengthDelimited, &mut out);
                encode_varint(field.len() as u64, &mut out);
                out.extend_from_slice(field);
            }
        }
        if account_number != 0 {
            encode_key(4, WireType::Varint, &mut out);
            encode_varint(account_number, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use cosmos_sdk_proto::cosmos::tx::v1beta1::SignDoc;
    use prost::Message;

    use super::*;

    fn tx_with(body_bytes: Vec<u8>, auth_info_bytes: Vec<u8>) -> Tx<symbiote_core::NoMsgs> {
        Tx {
            len: 0,
            hash: [0; 32],
            body_bytes,
            auth_info_bytes,
            msgs: vec![],
            memo: String::new(),
            timeout_height: 0,
            signers: vec![],
            signatures: vec![],
            fee: Coins::new(),
            gas_limit: 0,
            fee_payer: None,
            fee_granter: None,
        }
    }

    #[test]
    fn sign_doc_bytes_are_prosts_sign_doc_encoding() {
        let long = vec![0xab; 300]; // a length that needs a two-byte varint
        for (body, auth, chain, number) in [
            (vec![1, 2, 3], vec![4, 5], "symbiote-local-1", 7u64),
            (long.clone(), long, "c", u64::MAX),
            (vec![], vec![], "", 0),
            (vec![9], vec![], "", 0),
        ] {
            let expected = SignDoc {
                body_bytes: body.clone(),
                auth_info_bytes: auth.clone(),
                chain_id: chain.to_string(),
                account_number: number,
            }
            .encode_to_vec();
            assert_eq!(tx_with(body, auth).sign_doc_bytes(chain, number), expected);
        }
    }
}
