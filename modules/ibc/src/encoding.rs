//! The byte forms ibc-go stores under ICS-24 paths, where they are not protobuf messages:
//! counterparties verify proofs of these exact bytes, and Hermes decodes them.
//!
//! - `nextSequenceSend|Recv|Ack/...` and the `next{Client,Connection,Channel}Sequence` counters:
//!   a u64, 8 bytes big-endian (Hermes refuses any other length for next-sequence-recv);
//! - `receipts/...`: the single byte 1;
//! - `commitments/...` and `acks/...`: the 32-byte commitment itself.

/// A sequence or counter as stored.
pub fn encode_u64(value: u64) -> Vec<u8> {
    value.to_be_bytes().to_vec()
}

/// A stored sequence or counter; `None` if the bytes are not 8.
pub fn decode_u64(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

/// The value stored under a packet receipt path.
pub const RECEIPT: &[u8] = &[1];

/// A stored 32-byte commitment (packet or acknowledgement); `None` for any other length.
pub fn decode_commitment(bytes: &[u8]) -> Option<[u8; 32]> {
    bytes.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_are_eight_bytes_big_endian() {
        assert_eq!(encode_u64(1), vec![0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(encode_u64(0x0102), vec![0, 0, 0, 0, 0, 0, 1, 2]);
        for v in [0, 1, 255, 256, u64::MAX] {
            assert_eq!(decode_u64(&encode_u64(v)), Some(v));
        }
        assert_eq!(decode_u64(&[1, 2, 3]), None);
        assert_eq!(decode_u64(b"\"1\""), None, "JSON numbers are not ibc-go's form");
        assert_eq!(decode_commitment(&[7; 32]), Some([7; 32]));
        assert_eq!(decode_commitment(&[7; 31]), None);
    }
}
