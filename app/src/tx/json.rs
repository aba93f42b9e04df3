//! The proto3 JSON form of transactions and other Cosmos messages, as the Cosmos SDK writes it
//! (gentx files, `tx encode`/`decode`, REST/gRPC-gateway replies).
//!
//! A `cosmos.tx.v1beta1.Tx` is written as
//! `{"body":{"messages":[{"@type":"/cosmos.staking.v1beta1.MsgCreateValidator",...}],"memo":"",
//! "timeout_height":"0","extension_options":[],"non_critical_extension_options":[]},
//! "auth_info":{"signer_infos":[...],"fee":{...},"tip":null},"signatures":["<base64>"]}`:
//! proto field names, every field including defaults (unset message fields as `null`, as the
//! SDK's `EmitDefaults` does), 64-bit integers as strings, bytes as base64, enums by name, `Any`
//! as its message's fields plus `"@type"`, timestamps in RFC 3339. `math.LegacyDec` fields, which
//! travel on the wire as the 18-decimal scaled integer (`"100000000000000000"` for 0.1), are
//! shown as the SDK's JSON shows them, `"0.100000000000000000"` ([`LEGACY_DEC_FIELDS`]).
//!
//! `Tx` and `TxRaw` have the same wire form (fields 1 and 2 are the body and auth info as
//! length-delimited bytes), so a `TxRaw` decodes as a `Tx` and a `Tx` re-encodes to the `TxRaw`.
//! SIGN_MODE_DIRECT signatures cover `body_bytes` and `auth_info_bytes`: [`tx_to_json`] refuses a
//! tx whose bytes its JSON would not reproduce exactly (unknown fields, a non-canonical
//! encoding), so JSON written here always turns back into the signed bytes.
//!
//! Schemas come from `symbiote_proto::FILE_DESCRIPTOR_SET` (the pool the unknown-field check
//! uses); a type URL outside it is an error, never a panic.

use prost::Message;
use prost_reflect::{DeserializeOptions, DynamicMessage, Kind, MessageDescriptor, ReflectMessage, SerializeOptions};
use serde_json::Value;

use super::unknown_fields::descriptor;

/// Fields of type `math.LegacyDec` (gogoproto `customtype`, a `string` on the wire), by message
/// and field name: shown in JSON as decimals with 18 places, as the SDK does.
pub const LEGACY_DEC_FIELDS: &[(&str, &str)] = &[
    ("cosmos.base.v1beta1.DecCoin", "amount"),
    ("cosmos.base.v1beta1.DecProto", "dec"),
    ("cosmos.staking.v1beta1.CommissionRates", "rate"),
    ("cosmos.staking.v1beta1.CommissionRates", "max_rate"),
    ("cosmos.staking.v1beta1.CommissionRates", "max_change_rate"),
    ("cosmos.staking.v1beta1.Validator", "delegator_shares"),
    ("cosmos.staking.v1beta1.Delegation", "shares"),
    ("cosmos.staking.v1beta1.RedelegationEntry", "shares_dst"),
    ("cosmos.staking.v1beta1.Params", "min_commission_rate"),
    ("cosmos.staking.v1beta1.MsgEditValidator", "commission_rate"),
    ("cosmos.distribution.v1beta1.Params", "community_tax"),
    ("cosmos.distribution.v1beta1.Params", "base_proposer_reward"),
    ("cosmos.distribution.v1beta1.Params", "bonus_proposer_reward"),
    ("cosmos.distribution.v1beta1.ValidatorSlashEvent", "fraction"),
    ("cosmos.distribution.v1beta1.DelegatorStartingInfo", "stake"),
    ("cosmos.mint.v1beta1.Minter", "inflation"),
    ("cosmos.mint.v1beta1.Minter", "annual_provisions"),
    ("cosmos.mint.v1beta1.Params", "inflation_rate_change"),
    ("cosmos.mint.v1beta1.Params", "inflation_max"),
    ("cosmos.mint.v1beta1.Params", "inflation_min"),
    ("cosmos.mint.v1beta1.Params", "goal_bonded"),
    // `bytes` on the wire (the decimal's digits), a decimal string in JSON as well.
    ("cosmos.slashing.v1beta1.Params", "min_signed_per_window"),
    ("cosmos.slashing.v1beta1.Params", "slash_fraction_double_sign"),
    ("cosmos.slashing.v1beta1.Params", "slash_fraction_downtime"),
];

/// JSON nesting deeper than this is refused (prost's decoder stops at 100 as well).
const MAX_DEPTH: u32 = 100;
/// prost-reflect writes an `Any` only for type URLs with this host; Cosmos type URLs have none
/// (`/cosmos.bank.v1beta1.MsgSend`), so they carry it only while being serialized.
const TYPE_URL_HOST: &str = "type.googleapis.com";
const TX: &str = "cosmos.tx.v1beta1.Tx";

fn message_descriptor(full_name: &str) -> Result<MessageDescriptor, String> {
    descriptor(full_name).ok_or_else(|| format!("no schema for {full_name}"))
}

/// `TxRaw` bytes → the JSON `Tx` (body and auth info decoded from their bytes).
///
/// Fails, rather than write JSON that would not verify, when the tx is not exactly the encoding
/// [`tx_from_json`] gives back for that JSON.
pub fn tx_to_json(tx_raw_bytes: &[u8]) -> Result<serde_json::Value, String> {
    let json = message_to_json(TX, tx_raw_bytes)?;
    let back = tx_from_json(&json)?;
    if back != tx_raw_bytes {
        return Err("the tx bytes are not the canonical encoding of their content (unknown fields or a \
                    non-canonical encoding): its JSON form would not reproduce the signed bytes"
            .into());
    }
    Ok(json)
}

/// The JSON `Tx` → `TxRaw` bytes, with the body and auth info re-encoded (canonically: fields in
/// number order, defaults left out).
pub fn tx_from_json(json: &serde_json::Value) -> Result<Vec<u8>, String> {
    if !json.is_object() {
        return Err("tx JSON must be an object with body, auth_info and signatures".into());
    }
    message_from_json(TX, json)
}

/// Protobuf bytes of message `full_name` → its JSON (the SDK's shape, see the module docs).
pub fn message_to_json(full_name: &str, bytes: &[u8]) -> Result<Value, String> {
    let desc = message_descriptor(full_name)?;
    let mut msg = DynamicMessage::decode(desc.clone(), bytes).map_err(|e| format!("decoding {full_name}: {e}"))?;
    host_type_urls(&mut msg, 0)?;
    let options =
        SerializeOptions::new().stringify_64_bit_integers(true).use_proto_field_name(true).skip_default_fields(false);
    let mut json = msg
        .serialize_with_options(serde_json::value::Serializer, &options)
        .map_err(|e| format!("writing {full_name} as JSON: {e}"))?;
    fix_json(&mut json, &desc, Direction::ToJson, 0)?;
    Ok(json)
}

/// JSON of message `full_name` → its protobuf bytes. Unknown field names are refused.
pub fn message_from_json(full_name: &str, json: &Value) -> Result<Vec<u8>, String> {
    let desc = message_descriptor(full_name)?;
    let mut json = json.clone();
    fix_json(&mut json, &desc, Direction::FromJson, 0)?;
    let msg = DynamicMessage::deserialize_with_options(desc, json, &DeserializeOptions::new())
        .map_err(|e| format!("reading {full_name} from JSON: {e}"))?;
    Ok(msg.encode_to_vec())
}

/// Gives every `Any` (nested in `Any` values too) the type URL host prost-reflect writes;
/// [`fix_json`] takes it off again. Only `/`-rooted type URLs whose message is known pass.
fn host_type_urls(msg: &mut DynamicMessage, depth: u32) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("message nested too deeply".into());
    }
    let desc = msg.descriptor();
    if desc.full_name() == "google.protobuf.Any" {
        let url = msg.get_field_by_number(1).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let value = msg.get_field_by_number(2).and_then(|v| v.as_bytes().cloned()).unwrap_or_default();
        let inner_desc = any_descriptor(&url)?;
        let mut inner = DynamicMessage::decode(inner_desc, value.as_ref())
            .map_err(|e| format!("decoding the {url} inside an Any: {e}"))?;
        host_type_urls(&mut inner, depth + 1)?;
        msg.set_field_by_number(1, prost_reflect::Value::String(format!("{TYPE_URL_HOST}{url}")));
        msg.set_field_by_number(2, prost_reflect::Value::Bytes(inner.encode_to_vec().into()));
        return Ok(());
    }
    for (_, value) in msg.fields_mut() {
        match value {
            prost_reflect::Value::Message(m) => host_type_urls(m, depth + 1)?,
            prost_reflect::Value::List(list) => {
                for v in list {
                    if let prost_reflect::Value::Message(m) = v {
                        host_type_urls(m, depth + 1)?;
                    }
                }
            }
            prost_reflect::Value::Map(map) => {
                for v in map.values_mut() {
                    if let prost_reflect::Value::Message(m) = v {
                        host_type_urls(m, depth + 1)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The schema an `Any` type URL names: `/` then a message the pool knows.
fn any_descriptor(url: &str) -> Result<MessageDescriptor, String> {
    let name = url.strip_prefix('/').ok_or_else(|| format!("type URL {url:?} must start with '/'"))?;
    descriptor(name).ok_or_else(|| format!("unable to resolve type URL {url}"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    ToJson,
    FromJson,
}

fn is_legacy_dec(message: &str, field: &str) -> bool {
    LEGACY_DEC_FIELDS.iter().any(|&(m, f)| m == message && f == field)
}

/// Walks JSON of message `desc` with its schema. To JSON: unset message fields become `null`,
/// `Any` type URLs lose [`TYPE_URL_HOST`], `LegacyDec` fields become decimals. From JSON: `Any`
/// type URLs are checked, `LegacyDec` decimals become their wire form.
fn fix_json(json: &mut Value, desc: &MessageDescriptor, dir: Direction, depth: u32) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("JSON nested too deeply".into());
    }
    let Value::Object(obj) = json else { return Ok(()) }; // null, or a type prost-reflect reports
    let name = desc.full_name();
    if name == "google.protobuf.Any" {
        let Some(Value::String(url)) = obj.get_mut("@type") else {
            return Err("an Any needs a string \"@type\"".into());
        };
        if dir == Direction::ToJson {
            if let Some(stripped) = url.strip_prefix(TYPE_URL_HOST) {
                *url = stripped.to_string();
            }
        }
        let inner = any_descriptor(url)?;
        // Well-known types keep their special JSON under "value"; none holds a LegacyDec.
        if !inner.full_name().starts_with("google.protobuf.") {
            fix_json(json, &inner, dir, depth + 1)?;
        }
        return Ok(());
    }
    if name.starts_with("google.protobuf.") {
        return Ok(()); // timestamps, durations, wrappers: strings or scalars in JSON
    }
    for field in desc.fields() {
        let key =
            if obj.contains_key(field.name()) || dir == Direction::ToJson { field.name() } else { field.json_name() };
        if is_legacy_dec(name, field.name()) {
            if let Some(v) = obj.get_mut(key) {
                let bytes = matches!(field.kind(), Kind::Bytes);
                convert_dec(v, dir, bytes).map_err(|e| format!("{name}.{}: {e}", field.name()))?;
            }
            continue;
        }
        let Kind::Message(inner) = field.kind() else { continue };
        match obj.get_mut(key) {
            None => {
                if dir == Direction::ToJson && !field.is_list() && !field.is_map() && field.containing_oneof().is_none()
                {
                    obj.insert(key.to_string(), Value::Null);
                }
            }
            Some(Value::Array(items)) if field.is_list() => {
                for item in items {
                    fix_json(item, &inner, dir, depth + 1)?;
                }
            }
            Some(Value::Object(entries)) if field.is_map() => {
                let value_field = inner.map_entry_value_field();
                if let Kind::Message(value_desc) = value_field.kind() {
                    for v in entries.values_mut() {
                        fix_json(v, &value_desc, dir, depth + 1)?;
                    }
                }
            }
            Some(v) => fix_json(v, &inner, dir, depth + 1)?,
        }
    }
    Ok(())
}

/// One `LegacyDec` field: wire digits ↔ the 18-place decimal; empty (nil) ↔ `null`.
/// A LegacyDec field between its protobuf JSON (the scaled integer's digits; base64 of them for a
/// `bytes` field) and the SDK's JSON (a decimal with 18 places).
fn convert_dec(v: &mut Value, dir: Direction, bytes: bool) -> Result<(), String> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    if bytes {
        if let (Direction::ToJson, Value::String(s)) = (dir, &*v) {
            let raw = b64.decode(s).map_err(|_| "a decimal's bytes must be base64".to_string())?;
            *v = Value::String(String::from_utf8(raw).map_err(|_| "a decimal's bytes must be its digits")?);
        }
    }
    convert_string_dec(v, dir)?;
    if bytes && dir == Direction::FromJson {
        if let Value::String(s) = &*v {
            *v = Value::String(b64.encode(s.as_bytes()));
        }
    }
    Ok(())
}

fn convert_string_dec(v: &mut Value, dir: Direction) -> Result<(), String> {
    match (dir, &*v) {
        (Direction::ToJson, Value::String(s)) if s.is_empty() => *v = Value::Null,
        (Direction::ToJson, Value::String(s)) => *v = Value::String(legacy_dec_from_proto(s)?),
        (Direction::FromJson, Value::Null) => *v = Value::String(String::new()),
        (Direction::FromJson, Value::String(s)) if s.is_empty() => {}
        (Direction::FromJson, Value::String(s)) => *v = Value::String(legacy_dec_to_proto(s)?),
        _ => return Err("a decimal must be a JSON string".into()),
    }
    Ok(())
}

/// `math.LegacyNewDecFromStr` then the protobuf form: `"0.1"` → `"100000000000000000"`.
/// At most 18 decimal places; the integer part must fit 256 bits (the SDK's range).
pub fn legacy_dec_to_proto(s: &str) -> Result<String, String> {
    let invalid = |why: &str| format!("invalid decimal {s:?}: {why}");
    let (negative, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    if rest.is_empty() {
        return Err(invalid("empty"));
    }
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => {
            if i.is_empty() || f.is_empty() {
                return Err(invalid("invalid decimal length"));
            }
            if f.contains('.') {
                return Err(invalid("more than one '.'"));
            }
            (i, f)
        }
        None => (rest, ""),
    };
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(invalid("only digits and one '.' are allowed"));
    }
    if frac.len() > 18 {
        return Err(invalid(&format!("exceeds max precision by {} decimal places: max precision 18", frac.len() - 18)));
    }
    int.parse::<symbiote_core::Amount>().map_err(|_| invalid("out of range"))?;
    let mut digits = format!("{int}{frac}{}", "0".repeat(18 - frac.len()));
    let significant = digits.trim_start_matches('0').len();
    digits.drain(..digits.len() - significant);
    Ok(match (digits.is_empty(), negative) {
        (true, _) => "0".to_string(),
        (false, true) => format!("-{digits}"),
        (false, false) => digits,
    })
}

/// The protobuf form of a `math.LegacyDec` (canonical: the scaled integer's decimal digits, no
/// leading zeros, `-` for negatives) → the SDK's text, 18 places: `"100000000000000000"` →
/// `"0.100000000000000000"`.
pub fn legacy_dec_from_proto(s: &str) -> Result<String, String> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && !(negative && digits == "0");
    if !canonical {
        return Err(format!("{s:?} is not a decimal in its protobuf form (an integer count of 10^-18)"));
    }
    let padded = format!("{digits:0>19}");
    let (int, frac) = padded.split_at(padded.len() - 18);
    int.parse::<symbiote_core::Amount>().map_err(|_| format!("decimal {s:?} is out of range"))?;
    Ok(format!("{}{int}.{frac}", if negative { "-" } else { "" }))
}

#[cfg(test)]
mod tests {
    use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
    use cosmos_sdk_proto::cosmos::tx::v1beta1::TxRaw;
    use cosmos_sdk_proto::Any;
    use serde_json::json;
    use symbiote_core::{Address, Coins};

    use super::*;
    use crate::tx::build::{Signer, Signing, UnsignedTx};

    fn signer() -> Signer {
        Signer::from_seed("json codec")
    }

    fn send_any(from: Address) -> Any {
        let msg = cosmos_sdk_proto::cosmos::bank::v1beta1::MsgSend {
            from_address: from.to_string(),
            to_address: Address::from_bytes([7; 20]).to_string(),
            amount: vec![ProtoCoin { denom: "usym".into(), amount: "1000".into() }],
        };
        Any { type_url: "/cosmos.bank.v1beta1.MsgSend".into(), value: msg.encode_to_vec() }
    }

    fn create_validator_any(from: Address) -> Any {
        use cosmos_sdk_proto::cosmos::staking::v1beta1::{CommissionRates, Description, MsgCreateValidator};
        let pubkey = cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey { key: vec![0x2a; 32] };
        #[allow(deprecated)]
        let msg = MsgCreateValidator {
            description: Some(Description {
                moniker: "node0".into(),
                identity: String::new(),
                website: "https://example.org".into(),
                security_contact: String::new(),
                details: "détails ✓".into(),
            }),
            commission: Some(CommissionRates {
                rate: "100000000000000000".into(),
                max_rate: "200000000000000000".into(),
                max_change_rate: "10000000000000000".into(),
            }),
            min_self_delegation: "1".into(),
            delegator_address: String::new(),
            validator_address: symbiote_core::ValAddress::from_account(from).to_string(),
            pubkey: Some(Any { type_url: "/cosmos.crypto.ed25519.PubKey".into(), value: pubkey.encode_to_vec() }),
            value: Some(ProtoCoin { denom: "usym".into(), amount: "100000000".into() }),
        };
        Any { type_url: "/cosmos.staking.v1beta1.MsgCreateValidator".into(), value: msg.encode_to_vec() }
    }

    fn signed(msgs: Vec<Any>, fee: &str, memo: &str, sequence: u64) -> Vec<u8> {
        let s = signer();
        let fee: Coins = if fee.is_empty() { Coins::new() } else { fee.parse().unwrap() };
        let mut tx = UnsignedTx::new(msgs, fee, 200_000);
        tx.memo = memo.into();
        tx.sign("symbiote-test-1", &[Signing { signer: &s, account_number: 0, sequence }])
    }

    fn round_trip(bytes: &[u8]) -> Value {
        let json = tx_to_json(bytes).unwrap();
        // Through text, as a gentx file goes.
        let text = serde_json::to_string_pretty(&json).unwrap();
        let back = tx_from_json(&serde_json::from_str(&text).unwrap()).unwrap();
        assert_eq!(back, bytes, "JSON round trip changed the signed bytes");
        json
    }

    #[test]
    fn bank_send_round_trips_byte_for_byte_in_the_sdk_shape() {
        let s = signer();
        let bytes = signed(vec![send_any(s.address())], "5000usym", "hello", 3);
        let json = round_trip(&bytes);
        let raw = TxRaw::decode(bytes.as_slice()).unwrap();
        use base64::Engine;
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        assert_eq!(
            json,
            json!({
                "body": {
                    "messages": [{
                        "@type": "/cosmos.bank.v1beta1.MsgSend",
                        "from_address": s.address().to_string(),
                        "to_address": Address::from_bytes([7; 20]).to_string(),
                        "amount": [{ "denom": "usym", "amount": "1000" }],
                    }],
                    "memo": "hello",
                    "timeout_height": "0",
                    "extension_options": [],
                    "non_critical_extension_options": [],
                },
                "auth_info": {
                    "signer_infos": [{
                        "public_key": { "@type": "/cosmos.crypto.secp256k1.PubKey", "key": b64(s.pubkey()) },
                        "mode_info": { "single": { "mode": "SIGN_MODE_DIRECT" } },
                        "sequence": "3",
                    }],
                    "fee": { "amount": [{ "denom": "usym", "amount": "5000" }], "gas_limit": "200000", "payer": "", "granter": "" },
                    "tip": null,
                },
                "signatures": [b64(&raw.signatures[0])],
            })
        );
    }

    #[test]
    fn create_validator_round_trips_byte_for_byte_with_decimals_shown_as_the_sdk_does() {
        let s = signer();
        let bytes = signed(vec![create_validator_any(s.address())], "", "abcd@127.0.0.1:26656", 0);
        let json = round_trip(&bytes);
        let msg = &json["body"]["messages"][0];
        assert_eq!(msg["@type"], "/cosmos.staking.v1beta1.MsgCreateValidator");
        assert_eq!(
            msg["commission"],
            json!({ "rate": "0.100000000000000000", "max_rate": "0.200000000000000000", "max_change_rate": "0.010000000000000000" })
        );
        assert_eq!(msg["min_self_delegation"], "1");
        assert_eq!(msg["delegator_address"], "");
        use base64::Engine;
        let key = base64::engine::general_purpose::STANDARD.encode([0x2a; 32]);
        assert_eq!(msg["pubkey"], json!({ "@type": "/cosmos.crypto.ed25519.PubKey", "key": key }));
        assert_eq!(msg["value"], json!({ "denom": "usym", "amount": "100000000" }));
        assert_eq!(msg["description"]["details"], "détails ✓");
        assert_eq!(json["body"]["memo"], "abcd@127.0.0.1:26656");
        assert_eq!(
            json["auth_info"]["fee"],
            json!({ "amount": [], "gas_limit": "200000", "payer": "", "granter": "" })
        );
        // Two messages, other order: still exact.
        round_trip(&signed(vec![send_any(s.address()), create_validator_any(s.address())], "1usym", "", 9));
    }

    #[test]
    fn sdk_written_json_is_read_camel_case_and_decimals_included() {
        // As gaiad writes a gentx (field order and a "0.1"-style decimal as typed by a person).
        let s = signer();
        let bytes = signed(vec![create_validator_any(s.address())], "", "id@1.2.3.4:26656", 0);
        let mut json = tx_to_json(&bytes).unwrap();
        json["body"]["messages"][0]["commission"]["rate"] = json!("0.1");
        let auth = json.as_object_mut().unwrap().remove("auth_info").unwrap();
        json["authInfo"] = auth;
        assert_eq!(tx_from_json(&json).unwrap(), bytes);
    }

    #[test]
    fn edit_validator_unset_rate_is_null_in_json_and_empty_on_the_wire() {
        use cosmos_sdk_proto::cosmos::staking::v1beta1::{Description, MsgEditValidator};
        let msg = MsgEditValidator {
            description: Some(Description { moniker: "[do-not-modify]".into(), ..Default::default() }),
            validator_address: "v".into(),
            commission_rate: String::new(),
            min_self_delegation: String::new(),
        };
        let json = message_to_json("cosmos.staking.v1beta1.MsgEditValidator", &msg.encode_to_vec()).unwrap();
        assert_eq!(json["commission_rate"], Value::Null);
        assert_eq!(json["min_self_delegation"], "");
        let back = message_from_json("cosmos.staking.v1beta1.MsgEditValidator", &json).unwrap();
        assert_eq!(back, msg.encode_to_vec());
    }

    #[test]
    fn unknown_type_urls_are_errors_not_panics() {
        let s = signer();
        let unknown = Any { type_url: "/no.such.v1.Msg".into(), value: vec![1, 2, 3] };
        let bytes = signed(vec![unknown], "", "", 0);
        let e = tx_to_json(&bytes).unwrap_err();
        assert!(e.contains("unable to resolve type URL /no.such.v1.Msg"), "{e}");
        let hosted = Any { type_url: "type.googleapis.com/cosmos.bank.v1beta1.MsgSend".into(), value: vec![] };
        let e = tx_to_json(&signed(vec![hosted], "", "", 0)).unwrap_err();
        assert!(e.contains("must start with '/'"), "{e}");

        let mut json = tx_to_json(&signed(vec![send_any(s.address())], "", "", 0)).unwrap();
        json["body"]["messages"][0]["@type"] = json!("/no.such.v1.Msg");
        let e = tx_from_json(&json).unwrap_err();
        assert!(e.contains("unable to resolve type URL /no.such.v1.Msg"), "{e}");
        // An unknown pubkey type nested inside a known message.
        let mut json = tx_to_json(&signed(vec![create_validator_any(s.address())], "", "", 0)).unwrap();
        json["body"]["messages"][0]["pubkey"]["@type"] = json!("/cosmos.crypto.nope.PubKey");
        assert!(tx_from_json(&json).unwrap_err().contains("unable to resolve type URL /cosmos.crypto.nope.PubKey"));
        // The same nested inside the bytes.
        let mut any = create_validator_any(s.address());
        let mut msg =
            cosmos_sdk_proto::cosmos::staking::v1beta1::MsgCreateValidator::decode(any.value.as_slice()).unwrap();
        msg.pubkey.as_mut().unwrap().type_url = "/cosmos.crypto.nope.PubKey".into();
        any.value = msg.encode_to_vec();
        assert!(tx_to_json(&signed(vec![any], "", "", 0)).unwrap_err().contains("/cosmos.crypto.nope.PubKey"));
    }

    #[test]
    fn malformed_json_is_refused() {
        let s = signer();
        let good = tx_to_json(&signed(vec![send_any(s.address())], "", "", 0)).unwrap();
        for (what, mutate) in [
            ("not an object", Box::new(|j: &mut Value| *j = json!([1])) as Box<dyn Fn(&mut Value)>),
            ("unknown field", Box::new(|j: &mut Value| j["body"]["colour"] = json!("red"))),
            ("number for a string", Box::new(|j: &mut Value| j["body"]["memo"] = json!(5))),
            ("bad base64", Box::new(|j: &mut Value| j["signatures"][0] = json!("%%%"))),
            (
                "bad enum",
                Box::new(|j: &mut Value| {
                    j["auth_info"]["signer_infos"][0]["mode_info"]["single"]["mode"] = json!("SIGN_MODE_NOPE")
                }),
            ),
            ("negative u64", Box::new(|j: &mut Value| j["auth_info"]["fee"]["gas_limit"] = json!("-1"))),
            (
                "Any without @type",
                Box::new(|j: &mut Value| {
                    j["body"]["messages"][0].as_object_mut().unwrap().remove("@type");
                }),
            ),
            ("message as a string", Box::new(|j: &mut Value| j["auth_info"] = json!("x"))),
        ] {
            let mut j = good.clone();
            mutate(&mut j);
            assert!(tx_from_json(&j).is_err(), "{what} was accepted");
        }
        // Bad decimals.
        let s2 = signer();
        let good = tx_to_json(&signed(vec![create_validator_any(s2.address())], "", "", 0)).unwrap();
        for bad in ["0.1.2", ".5", "5.", "abc", "0.0000000000000000001", "1e5", "", "-"] {
            let mut j = good.clone();
            j["body"]["messages"][0]["commission"]["rate"] = json!(bad);
            if bad.is_empty() {
                // Empty is the nil decimal: allowed by the codec, left to the message's checks.
                tx_from_json(&j).unwrap();
                continue;
            }
            assert!(tx_from_json(&j).is_err(), "decimal {bad:?} was accepted");
        }
        // Bytes that are not a tx at all, or not canonical.
        assert!(tx_to_json(&[0xff, 0xff]).is_err());
        let mut bytes = signed(vec![send_any(s.address())], "", "", 0);
        bytes.extend_from_slice(&[0x20, 0x01]); // field 4 (unknown) appended
        assert!(tx_to_json(&bytes).unwrap_err().contains("canonical"));
    }

    #[test]
    fn legacy_dec_forms_match_the_sdk() {
        for (text, wire, shown) in [
            ("0.1", "100000000000000000", "0.100000000000000000"),
            ("1", "1000000000000000000", "1.000000000000000000"),
            ("0", "0", "0.000000000000000000"),
            ("-0", "0", "0.000000000000000000"),
            ("000.010", "10000000000000000", "0.010000000000000000"),
            ("0.000000000000000001", "1", "0.000000000000000001"),
            ("-2.5", "-2500000000000000000", "-2.500000000000000000"),
            ("12345.678", "12345678000000000000000", "12345.678000000000000000"),
        ] {
            assert_eq!(legacy_dec_to_proto(text).unwrap(), wire, "{text}");
            assert_eq!(legacy_dec_from_proto(wire).unwrap(), shown, "{wire}");
            assert_eq!(legacy_dec_to_proto(shown).unwrap(), wire, "{shown}");
        }
        for bad in ["", "-", ".", "1.", ".1", "1.2.3", "+1", "1_0", " 1", "0x10", "1.0000000000000000001"] {
            assert!(legacy_dec_to_proto(bad).is_err(), "{bad:?}");
        }
        for bad in ["", "-", "01", "-0", "0x1", "1.5", "+1", " 1"] {
            assert!(legacy_dec_from_proto(bad).is_err(), "{bad:?}");
        }
        // The SDK's range: integer part below 2^256.
        let max_int = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
        assert!(legacy_dec_to_proto(max_int).is_ok());
        assert!(legacy_dec_to_proto(&format!("{max_int}0")).is_err());
        let wire = legacy_dec_to_proto(&format!("{max_int}.999999999999999999")).unwrap();
        assert!(legacy_dec_from_proto(&wire).is_ok());
        assert!(legacy_dec_from_proto(&format!("{wire}0")).is_err());
    }

    #[test]
    fn query_replies_render_timestamps_and_nested_decimals() {
        use cosmos_sdk_proto::cosmos::staking::v1beta1::{
            Commission, CommissionRates, QueryValidatorsResponse, Validator,
        };
        let reply = QueryValidatorsResponse {
            validators: vec![Validator {
                operator_address: "symvaloper1x".into(),
                consensus_pubkey: Some(Any {
                    type_url: "/cosmos.crypto.ed25519.PubKey".into(),
                    value: cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey { key: vec![1; 32] }.encode_to_vec(),
                }),
                status: 3,
                tokens: "1000".into(),
                delegator_shares: "1000000000000000000000".into(),
                commission: Some(Commission {
                    commission_rates: Some(CommissionRates {
                        rate: "100000000000000000".into(),
                        max_rate: "200000000000000000".into(),
                        max_change_rate: "10000000000000000".into(),
                    }),
                    update_time: Some(cosmos_sdk_proto::Timestamp { seconds: 1_700_000_000, nanos: 0 }),
                }),
                ..Default::default()
            }],
            pagination: None,
        };
        let json = message_to_json("cosmos.staking.v1beta1.QueryValidatorsResponse", &reply.encode_to_vec()).unwrap();
        let v = &json["validators"][0];
        assert_eq!(v["status"], "BOND_STATUS_BONDED");
        assert_eq!(v["delegator_shares"], "1000.000000000000000000");
        assert_eq!(v["commission"]["commission_rates"]["rate"], "0.100000000000000000");
        assert_eq!(v["commission"]["update_time"], "2023-11-14T22:13:20Z");
        assert_eq!(v["unbonding_time"], Value::Null);
        assert_eq!(v["unbonding_height"], "0");
        assert_eq!(json["pagination"], Value::Null);
    }

    #[test]
    fn module_params_show_decimals_whether_string_or_bytes_on_the_wire() {
        use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing;
        use prost::Message;
        let params = slashing::Params {
            signed_blocks_window: 100,
            min_signed_per_window: b"500000000000000000".to_vec(),
            downtime_jail_duration: None,
            slash_fraction_double_sign: b"50000000000000000".to_vec(),
            slash_fraction_downtime: vec![],
        };
        let bytes = slashing::QueryParamsResponse { params: Some(params) }.encode_to_vec();
        let json = message_to_json("cosmos.slashing.v1beta1.QueryParamsResponse", &bytes).unwrap();
        let p = &json["params"];
        assert_eq!(p["min_signed_per_window"], "0.500000000000000000");
        assert_eq!(p["slash_fraction_double_sign"], "0.050000000000000000");
        assert_eq!(p["slash_fraction_downtime"], Value::Null, "an empty decimal, as the SDK's nil");
        let back = message_from_json("cosmos.slashing.v1beta1.QueryParamsResponse", &json).unwrap();
        assert_eq!(back, bytes, "and back to the same bytes");

        use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr;
        #[allow(deprecated)]
        let p = distr::Params {
            community_tax: "20000000000000000".into(),
            withdraw_addr_enabled: true,
            ..Default::default()
        };
        let bytes = distr::QueryParamsResponse { params: Some(p) }.encode_to_vec();
        let json = message_to_json("cosmos.distribution.v1beta1.QueryParamsResponse", &bytes).unwrap();
        assert_eq!(json["params"]["community_tax"], "0.020000000000000000");
    }
}
