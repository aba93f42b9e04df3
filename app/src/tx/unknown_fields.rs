//! ADR-020 unknown-field rejection, as the Cosmos SDK's `unknownproto` does it.
//!
//! prost drops fields it does not know, so without this check two different byte strings decode to
//! the same tx. The SDK rejects an unknown field in `AuthInfo` (and anything nested in it), and an
//! unknown *critical* field in `TxBody` and the messages inside it; non-critical fields are those
//! whose number has bit 11 set (≥ 1024 with 0x400), which a client may add without changing what
//! the tx means. `Any` values are checked against the schema their type URL names.
//!
//! Schemas come from the descriptor set the node serves for reflection
//! (`symbiote_proto::FILE_DESCRIPTOR_SET`); every message type the chain routes must be in it (a
//! test checks). The walk reads the wire format directly and allocates nothing but errors.

use std::sync::LazyLock;

use prost_reflect::{DescriptorPool, Kind, MessageDescriptor};

static POOL: LazyLock<DescriptorPool> = LazyLock::new(|| {
    DescriptorPool::decode(symbiote_proto::FILE_DESCRIPTOR_SET.as_slice()).expect("the compiled descriptor set decodes")
});

/// Deeper nesting than this is refused (prost's own decoder stops at 100 as well).
const MAX_DEPTH: u32 = 100;
/// Fields numbered with this bit set are non-critical (ADR-020).
const NON_CRITICAL_BIT: u64 = 1 << 10;

pub fn descriptor(full_name: &str) -> Option<MessageDescriptor> {
    POOL.get_message_by_name(full_name)
}

/// Rejects fields of `bytes` (a `full_name` message) that its schema does not define; with
/// `allow_non_critical`, unknown fields numbered with the non-critical bit pass.
pub fn check(bytes: &[u8], full_name: &str, allow_non_critical: bool) -> Result<(), String> {
    let message = descriptor(full_name).ok_or_else(|| format!("no schema for {full_name}"))?;
    walk(bytes, &message, allow_non_critical, 0)
}

fn wire_type_name(wire_type: u64) -> &'static str {
    match wire_type {
        0 => "varint",
        1 => "fixed64",
        2 => "bytes",
        3 => "start_group",
        4 => "end_group",
        5 => "fixed32",
        _ => "unknown",
    }
}

fn read_varint(bytes: &mut &[u8]) -> Result<u64, String> {
    prost::encoding::decode_varint(bytes).map_err(|e| e.to_string())
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if bytes.len() < n {
        return Err("unexpected end of input".into());
    }
    let (head, rest) = bytes.split_at(n);
    *bytes = rest;
    Ok(head)
}

fn walk(mut bytes: &[u8], message: &MessageDescriptor, allow_non_critical: bool, depth: u32) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("message nested too deeply".into());
    }
    let is_any = message.full_name() == "google.protobuf.Any";
    let (mut type_url, mut any_value): (&[u8], &[u8]) = (&[], &[]);
    while !bytes.is_empty() {
        let key = read_varint(&mut bytes)?;
        let (number, wire_type) = (key >> 3, key & 7);
        let payload = match wire_type {
            0 => {
                read_varint(&mut bytes)?;
                None
            }
            1 => {
                take(&mut bytes, 8)?;
                None
            }
            2 => {
                let len = usize::try_from(read_varint(&mut bytes)?).map_err(|_| "length out of range".to_string())?;
                Some(take(&mut bytes, len)?)
            }
            5 => {
                take(&mut bytes, 4)?;
                None
            }
            other => return Err(format!("unsupported wire type {other}")),
        };
        let field = u32::try_from(number).ok().and_then(|n| message.get_field(n));
        let Some(field) = field else {
            if allow_non_critical && number & NON_CRITICAL_BIT != 0 {
                continue;
            }
            return Err(format!(
                "errUnknownField {:?}: {{TagNum: {number}, WireType:{:?}}}",
                message.full_name(),
                wire_type_name(wire_type)
            ));
        };
        let Some(payload) = payload else { continue };
        if is_any {
            match number {
                1 => type_url = payload,
                2 => any_value = payload,
                _ => {}
            }
            continue;
        }
        if let Kind::Message(inner) = field.kind() {
            walk(payload, &inner, allow_non_critical, depth + 1)?;
        }
    }
    if is_any {
        let url = std::str::from_utf8(type_url).map_err(|_| "type URL is not UTF-8".to_string())?;
        let inner =
            descriptor(url.trim_start_matches('/')).ok_or_else(|| format!("unable to resolve type URL {url}"))?;
        walk(any_value, &inner, allow_non_critical, depth + 1)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use cosmos_sdk_proto::cosmos::bank::v1beta1::MsgSend;
    use cosmos_sdk_proto::cosmos::tx::v1beta1::TxBody;
    use cosmos_sdk_proto::Any;
    use prost::Message;

    use super::*;

    fn body_with(msg_value: Vec<u8>, extra: &[u8]) -> Vec<u8> {
        let mut bytes = TxBody {
            messages: vec![Any { type_url: "/cosmos.bank.v1beta1.MsgSend".into(), value: msg_value }],
            ..Default::default()
        }
        .encode_to_vec();
        bytes.extend_from_slice(extra);
        bytes
    }

    fn send() -> Vec<u8> {
        MsgSend { from_address: "a".into(), to_address: "b".into(), amount: vec![] }.encode_to_vec()
    }

    #[test]
    fn known_fields_pass() {
        check(&body_with(send(), &[]), "cosmos.tx.v1beta1.TxBody", true).unwrap();
    }

    #[test]
    fn unknown_critical_fields_fail_anywhere() {
        // Field 20 (varint) on the body.
        let e = check(&body_with(send(), &[0xa0, 0x01, 0x01]), "cosmos.tx.v1beta1.TxBody", true).unwrap_err();
        assert!(e.contains("TagNum: 20") && e.contains("cosmos.tx.v1beta1.TxBody"), "{e}");
        // Field 9 inside the message inside the Any.
        let mut msg = send();
        msg.extend_from_slice(&[0x48, 0x01]);
        let e = check(&body_with(msg, &[]), "cosmos.tx.v1beta1.TxBody", true).unwrap_err();
        assert!(e.contains("cosmos.bank.v1beta1.MsgSend") && e.contains("TagNum: 9"), "{e}");
    }

    #[test]
    fn non_critical_fields_pass_only_where_allowed() {
        // Field 1025 (bit 11 set), varint: key = 1025 << 3 = 8200 → varint 0x88 0x40.
        let extra = [0x88, 0x40, 0x01];
        check(&body_with(send(), &extra), "cosmos.tx.v1beta1.TxBody", true).unwrap();
        assert!(check(&body_with(send(), &extra), "cosmos.tx.v1beta1.TxBody", false).is_err());
        // Field 1024 without... 1024 itself has the bit: 2048 does not.
        let critical = [0x80, 0x80, 0x01, 0x01]; // field 2048, varint
        assert!(check(&body_with(send(), &critical), "cosmos.tx.v1beta1.TxBody", true).is_err());
    }

    #[test]
    fn unknown_type_urls_and_bad_wire_data_fail() {
        let body =
            TxBody { messages: vec![Any { type_url: "/no.such.Msg".into(), value: vec![] }], ..Default::default() }
                .encode_to_vec();
        assert!(check(&body, "cosmos.tx.v1beta1.TxBody", true).unwrap_err().contains("unable to resolve"));
        assert!(check(&[0x0a, 0x05, 0x01], "cosmos.tx.v1beta1.TxBody", true).is_err(), "truncated");
        assert!(check(&[0x0b], "cosmos.tx.v1beta1.TxBody", true).is_err(), "group wire type");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        // google.protobuf.Any holding an Any holding an Any ... 10,000 deep.
        let mut value = Vec::new();
        for _ in 0..10_000 {
            value = Any { type_url: "/google.protobuf.Any".into(), value }.encode_to_vec();
        }
        assert!(check(&value, "google.protobuf.Any", true).unwrap_err().contains("too deeply"));
    }
}
