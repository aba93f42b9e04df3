//! Ante checks: everything a tx must satisfy before its messages run, in the Cosmos SDK's order
//! (`x/auth/ante`): basic validation, timeout, memo, size gas, fee floor → deduct fee → set pubkeys
//! → signature gas → verify signatures (and sequences) → increment sequences.
//!
//! Stateless checks run first so that a malformed tx costs no store access at all; every bound on
//! the work done before the fee is charged (messages, signers, memo, size) is checked there.

use base64::Engine;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use symbiote_auth::{events as auth_events, fee_collector_address, AuthRead, AuthWrite};
use symbiote_bank::BankWrite;
use symbiote_core::error::Code;
use symbiote_core::{Address, GasMeter, MsgSet, SdkError, SdkResult, BASE_DENOM};

use crate::env::{Mode, TxEnv};
use crate::signatures::SignatureCheck;
use crate::tx::Tx;

/// Bytes a 64-byte signature adds to a `TxRaw` beyond an empty one: what simulation charges size
/// gas for, per empty signature, so its estimate covers the signed tx (the SDK does the same).
const SIGNATURE_BYTES: u64 = 64;

/// Checks that need no state. Returns the signers, in order (the first pays the fee).
pub fn check_stateless<M: MsgSet>(tx: &Tx<M>, env: &TxEnv, mode: Mode) -> SdkResult<Vec<Address>> {
    if tx.msgs.is_empty() {
        return Err(SdkError::new(Code::InvalidRequest, "must contain at least one message"));
    }
    let params = &env.auth;
    // Decoding already refused more messages than this; a tx built in memory is checked here.
    if tx.msgs.len() as u64 > params.max_msgs_per_tx {
        return Err(SdkError::new(
            Code::InvalidRequest,
            format!("too many messages: {}, max_msgs_per_tx is {}", tx.msgs.len(), params.max_msgs_per_tx),
        ));
    }
    for m in &tx.msgs {
        m.check_stateless()?;
    }
    // The SDK counts the memo in bytes (`len(memo)`), whatever its message says.
    if tx.memo.len() as u64 > params.max_memo_characters {
        return Err(SdkError::new(
            Code::MemoTooLarge,
            format!(
                "maximum number of characters is {} but received {} characters",
                params.max_memo_characters,
                tx.memo.len()
            ),
        ));
    }
    if tx.timeout_height != 0 && env.height > tx.timeout_height {
        return Err(SdkError::new(
            Code::TxTimeoutHeight,
            format!("block height: {}, timeout height: {}", env.height, tx.timeout_height),
        ));
    }

    let signers = tx.required_signers();
    if tx.signatures.is_empty() {
        return Err(SdkError::new(Code::NoSignatures, ""));
    }
    let most = tx.signatures.len().max(signers.len()).max(tx.signers.len());
    if most as u64 > params.tx_sig_limit {
        return Err(SdkError::new(
            Code::TooManySignatures,
            format!("signatures: {most}, limit: {}", params.tx_sig_limit),
        ));
    }
    if tx.signatures.len() != signers.len() || tx.signers.len() != signers.len() {
        return Err(SdkError::new(
            Code::Unauthorized,
            format!(
                "wrong number of signers; expected {}, got {} signatures and {} signer infos",
                signers.len(),
                tx.signatures.len(),
                tx.signers.len()
            ),
        ));
    }

    if let Some(granter) = &tx.fee_granter {
        return Err(SdkError::new(Code::NotSupported, format!("fee grants are not supported (granter {granter})")));
    }
    if let Some(payer) = &tx.fee_payer {
        if payer.parse::<Address>().ok() != Some(signers[0]) {
            return Err(SdkError::new(
                Code::InvalidRequest,
                format!("fee payer {payer} must be the first signer {}", signers[0]),
            ));
        }
    }

    // Simulation may leave the sign mode unset (cosmjs does); a real tx signs in DIRECT mode.
    if mode != Mode::Simulate && tx.signers.iter().any(|s| s.mode != SignMode::Direct) {
        return Err(SdkError::new(Code::NotSupported, "only SIGN_MODE_DIRECT single signatures are supported"));
    }

    if mode != Mode::Simulate {
        if tx.gas_limit == 0 {
            return Err(SdkError::new(Code::InvalidGasLimit, "gas limit must be positive"));
        }
        if let Some(max) = env.max_block_gas.filter(|_| mode != Mode::Genesis) {
            if tx.gas_limit > max {
                return Err(SdkError::new(
                    Code::InvalidGasLimit,
                    format!("tx gas limit {} exceeds block max gas {max}", tx.gas_limit),
                ));
            }
        }
        if mode != Mode::Genesis {
            check_fee(tx, env)?;
        }
    }
    Ok(signers)
}

/// The fee must be in the base denom and at least `ceil(min_gas_price × gas_limit)`.
fn check_fee<M>(tx: &Tx<M>, env: &TxEnv) -> SdkResult<()> {
    if let Some(other) = tx.fee.iter().find(|c| c.denom != BASE_DENOM) {
        return Err(SdkError::new(
            Code::InsufficientFee,
            format!("fees must be paid in {BASE_DENOM}, got {}", other.denom),
        ));
    }
    let required = env
        .min_gas_price
        .mul_ceil(u128::from(tx.gas_limit))
        .ok_or_else(|| SdkError::new(Code::InsufficientFee, "required fee overflows"))?;
    let paid = tx.fee.amount_of(BASE_DENOM);
    if paid < required {
        return Err(SdkError::new(
            Code::InsufficientFee,
            format!("insufficient fees; got: {paid}{BASE_DENOM} required: {required}{BASE_DENOM}"),
        ));
    }
    Ok(())
}

/// Store keys the ante checks read for a tx with these signers (their accounts, the payer's fee
/// balances). The fee collector's keys are left out: every tx reads them, so the first read of the
/// block caches them.
pub fn keys_read<M>(tx: &Tx<M>, signers: &[Address]) -> Vec<String> {
    let mut keys: Vec<String> = signers.iter().flat_map(symbiote_auth::signer_keys).collect();
    if let Some(payer) = signers.first() {
        keys.extend(symbiote_bank::fee_keys(payer, &tx.fee));
    }
    keys
}

/// The signatures [`run`] will verify for this tx if `state` is still what it reads then: each
/// signer's key (given in the tx, else stored) over the sign bytes with the stored account number.
/// Signers without an account or a key are left out (their tx fails, or its state differs then).
pub async fn signature_checks<S: StateRead, M>(
    state: &S,
    tx: &Tx<M>,
    signers: &[Address],
    env: &TxEnv,
) -> SdkResult<Vec<SignatureCheck>> {
    let mut checks = Vec::with_capacity(signers.len());
    for (i, address) in signers.iter().enumerate() {
        let Some(account) = state.account(address).await? else { continue };
        let (Some(info), Some(signature)) = (tx.signers.get(i), tx.signatures.get(i)) else { continue };
        let Some(pubkey) = info.pubkey.as_ref().or(account.pubkey.as_ref()) else { continue };
        let sign_bytes = tx.sign_doc_bytes(&env.chain_id, account.account_number);
        checks.push(SignatureCheck::new(pubkey, &sign_bytes, signature));
    }
    Ok(checks)
}

/// Stateful ante steps on `state` (a metered overlay the caller discards on error).
pub async fn run<S: StateWrite, M>(
    state: &mut S,
    tx: &Tx<M>,
    signers: &[Address],
    env: &TxEnv,
    mode: Mode,
    gas: &GasMeter,
) -> SdkResult<()> {
    let mut size = tx.len as u64;
    if mode == Mode::Simulate {
        size += SIGNATURE_BYTES * tx.signatures.iter().filter(|s| s.is_empty()).count() as u64;
    }
    gas.consume(size.saturating_mul(env.auth.tx_size_cost_per_byte), "txSize")?;

    // Deduct the fee from the first signer into the fee collector.
    let payer = signers[0];
    state.require_account(&payer).await?;
    if !tx.fee.is_empty() {
        state.send(&payer, &fee_collector_address(), &tx.fee).await.map_err(|e| {
            if e.is(Code::InsufficientFunds) {
                SdkError::new(
                    Code::InsufficientFunds,
                    format!("{}: unable to pay fees", e.log.trim_end_matches(": insufficient funds")),
                )
            } else {
                e
            }
        })?;
        state.record(auth_events::fee(&tx.fee, &payer));
    } else if mode == Mode::Simulate {
        // Clients simulate before they know the fee (cosmjs sends none), but the signed tx will pay
        // one: meter a one-unit fee so the estimate covers that path. (A payer who cannot pay even
        // that gets an estimate without it; the real tx will then fail with code 5 anyway.)
        let placeholder: symbiote_core::Coins =
            [symbiote_core::Coin::new(BASE_DENOM, 1u64)].into_iter().collect::<SdkResult<_>>()?;
        if let Err(e) = state.send(&payer, &fee_collector_address(), &placeholder).await {
            if !e.is(Code::InsufficientFunds) {
                return Err(e);
            }
        }
    }

    for (i, address) in signers.iter().enumerate() {
        let account = state.existing_account(address).await?;
        let info = &tx.signers[i];

        // Set the public key on first use, checking it belongs to the address.
        let pubkey = match (&info.pubkey, &account.pubkey) {
            // The stored key was checked against the address when it was set.
            (Some(given), Some(stored)) if given == stored => Some(given.clone()),
            (Some(given), _) => {
                if symbiote_core::Address::from_secp256k1_pubkey(given) != *address {
                    return Err(SdkError::new(
                        Code::InvalidPubKey,
                        format!("pubKey does not match signer address {address} with signer index: {i}"),
                    ));
                }
                Some(given.clone())
            }
            (None, Some(stored)) => Some(stored.clone()),
            // A simulation may estimate an account's first tx without its key (as the SDK's does).
            (None, None) if mode == Mode::Simulate => None,
            (None, None) => {
                return Err(SdkError::new(Code::InvalidPubKey, format!("pubkey on account {address} is not set")))
            }
        };

        gas.consume(env.auth.sig_verify_cost_secp256k1, "ante verify: secp256k1")?;
        if info.sequence != account.sequence {
            return Err(SdkError::sequence_mismatch(account.sequence, info.sequence));
        }
        if let (Some(pubkey), false) = (&pubkey, mode == Mode::Simulate) {
            // Genesis txs are signed before account numbers exist (the SDK signs them over 0).
            let account_number = if mode == Mode::Genesis { 0 } else { account.account_number };
            let sign_bytes = tx.sign_doc_bytes(&env.chain_id, account_number);
            let check = SignatureCheck::new(pubkey, &sign_bytes, &tx.signatures[i]);
            let verified = match &env.signatures {
                Some(cache) => cache.verify(&check),
                None => check.verify(),
            };
            if !verified {
                return Err(SdkError::new(
                    Code::Unauthorized,
                    format!(
                        "signature verification failed; please verify account number ({}), sequence ({}) and chain-id ({})",
                        account_number, account.sequence, env.chain_id
                    ),
                ));
            }
        }

        state.record(auth_events::acc_seq(address, account.sequence));
        state.record(auth_events::signature(base64::engine::general_purpose::STANDARD.encode(&tx.signatures[i])));
        state.record_signature(&account, pubkey)?;
    }
    gas.check("ante")
}

/// Verifies a compact 64-byte ECDSA signature over SHA-256 of `msg` (lower-S only, as the SDK).
pub fn verify_secp256k1(pubkey: &[u8], msg: &[u8], signature: &[u8]) -> bool {
    SignatureCheck::new(pubkey, msg, signature).verify()
}
