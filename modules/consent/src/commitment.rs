//! The commitment a dataset registers: records stay off chain, the chain holds one root.
//!
//! Every field of every record becomes a salted leaf, so disclosing one field (its value, salt and
//! proof) reveals nothing about the others: without a field's 32-byte salt its leaf cannot be
//! brute-forced from a guessed value. Two levels of Merkle trees (RFC 9162 shape: the left subtree
//! holds the largest power of two of the leaves, leaves and nodes hashed with distinct prefixes):
//!
//! ```text
//! field leaf  = SHA-256(0x00 ‖ "symbiote/consent/field/v1" ‖ record u64 ‖ field index u32
//!                        ‖ len u32 ‖ name ‖ salt[32] ‖ len u32 ‖ value)
//! record root = Merkle root over the record's field leaves, in schema order
//! record leaf = SHA-256(0x00 ‖ "symbiote/consent/record/v1" ‖ record u64 ‖ record root)
//! dataset root = Merkle root over the record leaves, in record order
//! node        = SHA-256(0x01 ‖ left ‖ right)
//! ```
//! (integers big-endian). The record and field positions are inside the leaves, so a proof cannot
//! be moved to another record or field. Salts are derived off chain from the owner's secret
//! ([`derive_salt`]); the chain never sees the secret. Used by the chain (verification) and by the
//! CLI (`symbiote data commit|disclose`).

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];
pub const SALT_BYTES: usize = 32;

const FIELD_DOMAIN: &[u8] = b"symbiote/consent/field/v1";
const RECORD_DOMAIN: &[u8] = b"symbiote/consent/record/v1";
const SALT_DOMAIN: &[u8] = b"symbiote/consent/salt/v1";

fn put_bytes(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u32).to_be_bytes());
    h.update(bytes);
}

/// The leaf of field `field` (its index in the schema) of record `record`.
pub fn field_leaf(record: u64, field: u32, name: &str, salt: &[u8; SALT_BYTES], value: &str) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(FIELD_DOMAIN);
    h.update(record.to_be_bytes());
    h.update(field.to_be_bytes());
    put_bytes(&mut h, name.as_bytes());
    h.update(salt);
    put_bytes(&mut h, value.as_bytes());
    h.finalize().into()
}

/// The leaf of record `record` in the dataset tree.
pub fn record_leaf(record: u64, record_root: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(RECORD_DOMAIN);
    h.update(record.to_be_bytes());
    h.update(record_root);
    h.finalize().into()
}

fn node(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The salt of one field, from the owner's secret: SHA-256 of fixed-length input, so no two
/// (record, field) pairs share one and none tells anything about another.
pub fn derive_salt(secret: &[u8; 32], record: u64, field: u32) -> [u8; SALT_BYTES] {
    let mut h = Sha256::new();
    h.update(SALT_DOMAIN);
    h.update(secret);
    h.update(record.to_be_bytes());
    h.update(field.to_be_bytes());
    h.finalize().into()
}

/// Largest power of two strictly below `n` (n ≥ 2).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// The Merkle root of `leaves` (at least one).
pub fn merkle_root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let k = split(n);
            node(&merkle_root(&leaves[..k]), &merkle_root(&leaves[k..]))
        }
    }
}

/// The sibling hashes from leaf `index` up to the root (RFC 9162 §2.1.3.1), or `None` if out of range.
pub fn merkle_proof(leaves: &[Hash], index: usize) -> Option<Vec<Hash>> {
    if index >= leaves.len() {
        return None;
    }
    let mut path = Vec::new();
    let (mut lo, mut hi, mut i) = (0, leaves.len(), index);
    let mut levels = Vec::new();
    while hi - lo > 1 {
        let k = split(hi - lo);
        if i < k {
            levels.push(merkle_root(&leaves[lo + k..hi]));
            hi = lo + k;
        } else {
            levels.push(merkle_root(&leaves[lo..lo + k]));
            lo += k;
            i -= k;
        }
    }
    // Collected top-down; a proof lists them from the leaf up.
    while let Some(h) = levels.pop() {
        path.push(h);
    }
    Some(path)
}

/// The root a proof leads to from `leaf` at `index` of `size` leaves (RFC 9162 §2.1.3.2), or
/// `None` when the proof has the wrong shape for that position.
pub fn root_from_proof(leaf: &Hash, index: u64, size: u64, proof: &[Hash]) -> Option<Hash> {
    if index >= size {
        return None;
    }
    let (mut fi, mut si) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if si == 0 {
            return None;
        }
        if fi & 1 == 1 || fi == si {
            r = node(p, &r);
            while fi & 1 == 0 && fi != 0 {
                fi >>= 1;
                si >>= 1;
            }
        } else {
            r = node(&r, p);
        }
        fi >>= 1;
        si >>= 1;
    }
    (si == 0).then_some(r)
}

/// One record's commitment: its field leaves and root.
pub struct RecordCommitment {
    pub leaves: Vec<Hash>,
    pub root: Hash,
}

/// Commits one record: `values` in schema order, salts from `secret`.
pub fn commit_record(secret: &[u8; 32], record: u64, names: &[String], values: &[String]) -> RecordCommitment {
    let leaves: Vec<Hash> = names
        .iter()
        .zip(values)
        .enumerate()
        .map(|(field, (name, value))| {
            let field = field as u32;
            field_leaf(record, field, name, &derive_salt(secret, record, field), value)
        })
        .collect();
    let root = merkle_root(&leaves);
    RecordCommitment { leaves, root }
}

/// Hashes of arbitrary length as proof entries: exactly 32 bytes each, or `None`.
pub fn hashes(raw: &[Vec<u8>]) -> Option<Vec<Hash>> {
    raw.iter().map(|h| <Hash>::try_from(h.as_slice()).ok()).collect()
}

/// A whole dataset's commitment, as its owner computes it off chain (`symbiote data commit`).
pub struct DatasetCommitment {
    pub names: Vec<String>,
    /// Each record's leaf in the dataset tree, in record order.
    pub record_leaves: Vec<Hash>,
    pub root: Hash,
}

/// Commits every row (values in schema order).
pub fn commit_dataset(secret: &[u8; 32], names: &[String], rows: &[Vec<String>]) -> DatasetCommitment {
    let record_leaves: Vec<Hash> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| record_leaf(i as u64, &commit_record(secret, i as u64, names, row).root))
        .collect();
    let root = merkle_root(&record_leaves);
    DatasetCommitment { names: names.to_vec(), record_leaves, root }
}

impl DatasetCommitment {
    /// The disclosure of `fields` of record `record` (whose values are `row`), or `None` if the
    /// record or a field does not exist.
    pub fn disclose(
        &self,
        secret: &[u8; 32],
        dataset_id: u64,
        record: u64,
        row: &[String],
        fields: &[&str],
    ) -> Option<symbiote_proto::symbiote::consent::v1::Disclosure> {
        use symbiote_proto::symbiote::consent::v1 as pb;
        let committed = commit_record(secret, record, &self.names, row);
        let mut out = Vec::with_capacity(fields.len());
        for name in fields {
            let index = self.names.iter().position(|n| n == name)?;
            let proof = merkle_proof(&committed.leaves, index)?;
            out.push(pb::DisclosedField {
                name: name.to_string(),
                value: row.get(index)?.clone(),
                salt: derive_salt(secret, record, index as u32).to_vec(),
                proof: proof.iter().map(|h| h.to_vec()).collect(),
            });
        }
        let record_proof = merkle_proof(&self.record_leaves, usize::try_from(record).ok()?)?;
        Some(pb::Disclosure {
            dataset_id,
            record,
            fields: out,
            record_proof: record_proof.iter().map(|h| h.to_vec()).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n).map(|i| Sha256::digest(i.to_be_bytes()).into()).collect()
    }

    #[test]
    fn every_proof_verifies_at_its_position_only() {
        for n in 1..=19 {
            let l = leaves(n);
            let root = merkle_root(&l);
            for i in 0..n {
                let proof = merkle_proof(&l, i).unwrap();
                assert_eq!(root_from_proof(&l[i], i as u64, n as u64, &proof), Some(root), "n={n} i={i}");
                if n > 1 {
                    let other = (i + 1) % n;
                    assert_ne!(root_from_proof(&l[i], other as u64, n as u64, &proof), Some(root), "moved n={n} i={i}");
                    let mut bad = proof.clone();
                    bad[0][0] ^= 1;
                    assert_ne!(root_from_proof(&l[i], i as u64, n as u64, &bad), Some(root));
                    assert_eq!(root_from_proof(&l[i], i as u64, n as u64, &proof[..proof.len() - 1]), None);
                }
                let mut long = proof.clone();
                long.push([0; 32]);
                assert_eq!(root_from_proof(&l[i], i as u64, n as u64, &long), None);
            }
            assert!(merkle_proof(&l, n).is_none());
            assert_eq!(root_from_proof(&l[0], n as u64, n as u64, &[]), None);
        }
    }

    #[test]
    fn the_tree_has_the_rfc_9162_shape() {
        let l = leaves(3);
        assert_eq!(merkle_root(&l), node(&node(&l[0], &l[1]), &l[2]));
        let l = leaves(5);
        let left = node(&node(&l[0], &l[1]), &node(&l[2], &l[3]));
        assert_eq!(merkle_root(&l), node(&left, &l[4]));
    }

    #[test]
    fn leaves_bind_position_name_salt_and_value() {
        let salt = derive_salt(&[7; 32], 0, 0);
        let base = field_leaf(0, 0, "age", &salt, "54");
        assert_ne!(base, field_leaf(1, 0, "age", &salt, "54"));
        assert_ne!(base, field_leaf(0, 1, "age", &salt, "54"));
        assert_ne!(base, field_leaf(0, 0, "agE", &salt, "54"));
        assert_ne!(base, field_leaf(0, 0, "age", &derive_salt(&[7; 32], 0, 1), "54"));
        assert_ne!(base, field_leaf(0, 0, "age", &salt, "55"));
        // Length prefixes: moving a byte between name and value changes the leaf.
        assert_ne!(field_leaf(0, 0, "ab", &salt, "c"), field_leaf(0, 0, "a", &salt, "bc"));
        assert_ne!(derive_salt(&[7; 32], 0, 1), derive_salt(&[7; 32], 1, 0));
    }
}
