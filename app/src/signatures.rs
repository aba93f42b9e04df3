//! Signatures already verified, so a tx's signature is verified once per node rather than at
//! CheckTx, at every ReCheck after each block, at PrepareProposal and again at FinalizeBlock.
//!
//! Sound because verification is a pure function of (public key, signed bytes, signature) and an
//! entry is keyed by SHA-256 over exactly those — the public key, the signature and the SHA-256
//! of the sign bytes ECDSA verifies. A hit means this very triple verified before; a different
//! account number, sequence, chain id, body or key is a different digest and misses. Only
//! successes are kept, so a bad signature is refused the same way every time. Results (and so the
//! state) never depend on what the cache holds: it only changes how often the work is done.
//!
//! Bounded: the oldest entries go first once `capacity` is reached.
//!
//! A block's signatures are also verified ahead of its execution ([`Preverifier`]): worker
//! threads verify them from the front of the block while the txs execute in order on the
//! executing thread, which then finds them here.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use secp256k1::ecdsa::Signature;
use secp256k1::{Message as SecpMessage, PublicKey, SECP256K1};
use sha2::{Digest, Sha256};

type Key = [u8; 32];

pub struct VerifiedSignatures {
    capacity: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    // Membership only, never iterated: its order cannot reach any result.
    known: HashSet<Key>,
    order: VecDeque<Key>,
}

/// One signature to verify: the signer's compressed public key, the SHA-256 of the sign bytes,
/// the 64-byte compact signature.
#[derive(Clone, Debug)]
pub struct SignatureCheck {
    pub pubkey: Vec<u8>,
    pub digest: [u8; 32],
    pub signature: Vec<u8>,
}

impl SignatureCheck {
    pub fn new(pubkey: &[u8], sign_bytes: &[u8], signature: &[u8]) -> Self {
        Self { pubkey: pubkey.to_vec(), digest: Sha256::digest(sign_bytes).into(), signature: signature.to_vec() }
    }

    fn key(&self) -> Key {
        let mut h = Sha256::new();
        h.update((self.pubkey.len() as u32).to_be_bytes());
        h.update(&self.pubkey);
        h.update(self.digest);
        h.update(&self.signature);
        h.finalize().into()
    }

    /// ECDSA over the digest. High-S signatures are rejected (libsecp256k1 verifies lower-S only),
    /// as the SDK does, so signatures are not malleable.
    pub fn verify(&self) -> bool {
        let Ok(pk) = PublicKey::from_slice(&self.pubkey) else { return false };
        let Ok(sig) = Signature::from_compact(&self.signature) else { return false };
        SECP256K1.verify_ecdsa(&SecpMessage::from_digest(self.digest), &sig, &pk).is_ok()
    }
}

impl std::fmt::Debug for VerifiedSignatures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedSignatures").field("len", &self.len()).field("capacity", &self.capacity).finish()
    }
}

impl VerifiedSignatures {
    /// A node's cache: room for a full mempool's signatures several times over (32 bytes each,
    /// about 100 bytes with the set's overhead).
    pub const DEFAULT_CAPACITY: usize = 200_000;

    pub fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), inner: Mutex::new(Inner::default()) }
    }

    /// Whether `check` holds: from the cache, or verified now (and remembered if it does).
    pub fn verify(&self, check: &SignatureCheck) -> bool {
        let key = check.key();
        if self.lock().known.contains(&key) {
            return true;
        }
        let ok = check.verify();
        if ok {
            self.remember(key);
        }
        ok
    }

    pub fn contains(&self, check: &SignatureCheck) -> bool {
        self.lock().known.contains(&check.key())
    }

    fn remember(&self, key: Key) {
        let mut inner = self.lock();
        if !inner.known.insert(key) {
            return;
        }
        inner.order.push_back(key);
        while inner.order.len() > self.capacity {
            if let Some(old) = inner.order.pop_front() {
                inner.known.remove(&old);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.lock().order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // Nothing panics while holding the lock; a poisoned lock still holds a consistent set.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Verifies a block's signatures on worker threads into the cache while the block executes;
/// the workers stop when this is dropped (at the end of the block) or when they are done.
pub struct Preverifier {
    stop: Arc<AtomicBool>,
}

impl Preverifier {
    /// Starts `workers` threads over `checks`, each taking the next unverified check from the
    /// front. No workers (one core, or nothing to verify): the block verifies as it goes.
    pub fn start(cache: &Arc<VerifiedSignatures>, checks: Vec<SignatureCheck>, workers: usize) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        if workers == 0 || checks.is_empty() {
            return Self { stop };
        }
        let checks = Arc::new(checks);
        let next = Arc::new(AtomicUsize::new(0));
        for _ in 0..workers.min(checks.len()) {
            let (cache, checks, next, stop) = (cache.clone(), checks.clone(), next.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(check) = checks.get(i) else { break };
                    if !cache.contains(check) {
                        cache.verify(check);
                    }
                }
            });
        }
        Self { stop }
    }
}

impl Drop for Preverifier {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// `usize::MAX`: not set in process (the environment decides).
static WORKERS: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Worker threads for pre-verification: every CPU but the executing thread's.
/// `SYMBIOTE_VERIFY_THREADS` overrides (0 turns pre-verification off); so does
/// [`set_preverify_workers`] in process.
pub fn preverify_workers() -> usize {
    static FROM_ENV: std::sync::LazyLock<usize> = std::sync::LazyLock::new(|| {
        std::env::var("SYMBIOTE_VERIFY_THREADS")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()).saturating_sub(1))
    });
    match WORKERS.load(Ordering::Relaxed) {
        usize::MAX => *FROM_ENV,
        n => n,
    }
}

pub fn set_preverify_workers(workers: usize) {
    WORKERS.store(workers, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tx::build::Signer;

    fn signed(seed: &str, msg: &[u8]) -> SignatureCheck {
        let s = Signer::from_seed(seed);
        SignatureCheck::new(s.pubkey(), msg, &s.sign(msg))
    }

    #[test]
    fn a_verified_signature_is_remembered_and_a_bad_one_never() {
        let cache = VerifiedSignatures::new(10);
        let good = signed("a", b"sign doc");
        assert!(cache.verify(&good));
        assert_eq!(cache.len(), 1);
        assert!(cache.verify(&good));
        assert_eq!(cache.len(), 1);

        // Same key and signature over other bytes, or another key: misses, and fails.
        let mut other_bytes = good.clone();
        other_bytes.digest = Sha256::digest(b"sign doc, account number 7").into();
        let mut other_key = good.clone();
        other_key.pubkey = Signer::from_seed("b").pubkey().to_vec();
        let mut flipped = good.clone();
        flipped.signature[10] ^= 1;
        for bad in [&other_bytes, &other_key, &flipped] {
            assert!(!cache.verify(bad));
            assert!(!cache.verify(bad));
        }
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn the_oldest_entries_leave_first() {
        let cache = VerifiedSignatures::new(2);
        let checks: Vec<_> = (0..3).map(|i| signed(&format!("s{i}"), b"m")).collect();
        for c in &checks {
            assert!(cache.verify(c));
        }
        assert_eq!(cache.len(), 2);
        assert!(!cache.contains(&checks[0]));
        assert!(cache.contains(&checks[1]) && cache.contains(&checks[2]));
    }

    #[test]
    fn preverification_fills_the_cache_with_good_signatures_only() {
        let cache = Arc::new(VerifiedSignatures::new(100));
        let mut checks: Vec<_> = (0..20).map(|i| signed(&format!("p{i}"), format!("doc {i}").as_bytes())).collect();
        checks[5].signature[0] ^= 0x40;
        let _workers = Preverifier::start(&cache, checks.clone(), 2);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while cache.len() < 19 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(cache.len(), 19);
        assert!(!cache.contains(&checks[5]));
        assert!(checks.iter().enumerate().all(|(i, c)| (i == 5) != cache.contains(c)));
    }
}
