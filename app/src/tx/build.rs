//! Building and signing transactions (SIGN_MODE_DIRECT), for the CLI, tests and benchmarks.
//! Signing uses libsecp256k1, which produces low-S (canonical) RFC 6979 signatures, as the SDK requires.

use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{mode_info, AuthInfo, Fee, ModeInfo, SignDoc, SignerInfo, TxBody, TxRaw};
use cosmos_sdk_proto::Any;
use prost::Message;
use secp256k1::{Message as SecpMessage, SecretKey, SECP256K1};
use sha2::{Digest, Sha256};
use symbiote_auth::pubkey_any;
use symbiote_core::{Address, Coins, MsgHandler};

/// A secp256k1 key that can sign transactions.
#[derive(Clone)]
pub struct Signer {
    secret: SecretKey,
    pubkey: [u8; 33],
}

impl Signer {
    pub fn from_secret_bytes(bytes: &[u8; 32]) -> anyhow::Result<Self> {
        let secret = SecretKey::from_slice(bytes)?;
        let pubkey = secret.public_key(SECP256K1).serialize();
        Ok(Self { secret, pubkey })
    }

    /// A deterministic key for tests and benchmarks: SHA-256 of the seed text.
    pub fn from_seed(seed: &str) -> Self {
        let bytes: [u8; 32] = Sha256::digest(seed.as_bytes()).into();
        Self::from_secret_bytes(&bytes).expect("SHA-256 output is a valid key with overwhelming probability")
    }

    pub fn pubkey(&self) -> &[u8; 33] {
        &self.pubkey
    }

    pub fn address(&self) -> Address {
        Address::from_secp256k1_pubkey(&self.pubkey)
    }

    /// Compact 64-byte signature over SHA-256 of `bytes`.
    pub fn sign(&self, bytes: &[u8]) -> [u8; 64] {
        let digest: [u8; 32] = Sha256::digest(bytes).into();
        SECP256K1.sign_ecdsa(&SecpMessage::from_digest(digest), &self.secret).serialize_compact()
    }
}

/// Everything a tx says apart from its signatures. Messages are `Any`s, so any module's message
/// (or one the chain does not know, for tests) can be sent: [`any`] wraps a typed one.
#[derive(Clone, Debug)]
pub struct UnsignedTx {
    pub msgs: Vec<Any>,
    pub memo: String,
    pub timeout_height: u64,
    pub fee: Coins,
    pub gas_limit: u64,
}

/// A typed message as the `Any` a tx carries.
pub fn any<M: MsgHandler>(msg: &M) -> Any {
    symbiote_core::msg::encode_any(msg)
}

/// One signature slot: who signs, and the account number and sequence they sign for.
pub struct Signing<'a> {
    pub signer: &'a Signer,
    pub account_number: u64,
    pub sequence: u64,
}

impl UnsignedTx {
    pub fn new(msgs: Vec<Any>, fee: Coins, gas_limit: u64) -> Self {
        Self { msgs, memo: String::new(), timeout_height: 0, fee, gas_limit }
    }

    pub fn body_bytes(&self) -> Vec<u8> {
        TxBody {
            messages: self.msgs.clone(),
            memo: self.memo.clone(),
            timeout_height: self.timeout_height,
            extension_options: vec![],
            non_critical_extension_options: vec![],
        }
        .encode_to_vec()
    }

    pub fn auth_info_bytes(&self, signers: &[Signing<'_>]) -> Vec<u8> {
        let signer_infos = signers
            .iter()
            .map(|s| SignerInfo {
                public_key: Some(pubkey_any(s.signer.pubkey())),
                mode_info: Some(ModeInfo {
                    sum: Some(mode_info::Sum::Single(mode_info::Single { mode: SignMode::Direct as i32 })),
                }),
                sequence: s.sequence,
            })
            .collect();
        #[allow(deprecated)] // `tip` is deprecated in the SDK; always empty here.
        AuthInfo {
            signer_infos,
            fee: Some(Fee {
                amount: self.fee.to_proto(),
                gas_limit: self.gas_limit,
                payer: String::new(),
                granter: String::new(),
            }),
            tip: None,
        }
        .encode_to_vec()
    }

    /// Signs for every signer and returns the `TxRaw` bytes to broadcast.
    pub fn sign(&self, chain_id: &str, signers: &[Signing<'_>]) -> Vec<u8> {
        let body_bytes = self.body_bytes();
        let auth_info_bytes = self.auth_info_bytes(signers);
        let signatures = signers
            .iter()
            .map(|s| {
                let doc = SignDoc {
                    body_bytes: body_bytes.clone(),
                    auth_info_bytes: auth_info_bytes.clone(),
                    chain_id: chain_id.to_string(),
                    account_number: s.account_number,
                };
                s.signer.sign(&doc.encode_to_vec()).to_vec()
            })
            .collect();
        TxRaw { body_bytes, auth_info_bytes, signatures }.encode_to_vec()
    }

    /// A tx for simulation: signer infos (for sequences and pubkeys) but empty signatures (the
    /// form cosmjs sends, but with SIGN_MODE_DIRECT).
    pub fn for_simulation(&self, signers: &[Signing<'_>]) -> Vec<u8> {
        TxRaw {
            body_bytes: self.body_bytes(),
            auth_info_bytes: self.auth_info_bytes(signers),
            signatures: vec![vec![]; signers.len()],
        }
        .encode_to_vec()
    }
}
