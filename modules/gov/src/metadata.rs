//! A proposal's metadata, when it is the SDK's JSON `ProposalMetadata`, must repeat the proposal's
//! title and summary (gov code 5). Metadata that is not such JSON (an IPFS link, free text) is not
//! checked, as the SDK ignores Go's decoding error — so this follows `encoding/json`: `null` and
//! `{}` decode (to empty strings); keys match field names case-insensitively, the last one
//! winning; unknown keys are ignored; a field of the wrong type is a decoding error.

use serde_json::Value;
use symbiote_core::SdkResult;

use crate::errors;

/// `ProposalMetadata`'s fields: (name, is a list of strings).
const FIELDS: [(&str, bool); 6] = [
    ("title", false),
    ("authors", true),
    ("summary", false),
    ("details", false),
    ("proposal_forum_url", false),
    ("vote_option_context", false),
];

/// The decoded title and summary, or `None` where Go's decoder would fail.
fn decode(metadata: &str) -> Option<(String, String)> {
    let (mut title, mut summary) = (String::new(), String::new());
    let object = match serde_json::from_str::<Value>(metadata).ok()? {
        Value::Null => return Some((title, summary)),
        Value::Object(object) => object,
        _ => return None,
    };
    for (key, value) in &object {
        let Some((name, is_list)) = FIELDS
            .iter()
            .find(|(name, _)| *name == key)
            .or_else(|| FIELDS.iter().find(|(name, _)| name.eq_ignore_ascii_case(key)))
        else {
            continue;
        };
        match (value, is_list) {
            (Value::Null, _) => {}
            (Value::String(s), false) => match *name {
                "title" => title = s.clone(),
                "summary" => summary = s.clone(),
                _ => {}
            },
            (Value::Array(items), true) if items.iter().all(|i| i.is_string() || i.is_null()) => {}
            _ => return None,
        }
    }
    Some((title, summary))
}

pub(crate) fn check_matches(metadata: &str, title: &str, summary: &str) -> SdkResult<()> {
    if metadata.is_empty() {
        return Ok(());
    }
    let Some((md_title, md_summary)) = decode(metadata) else { return Ok(()) };
    if md_title != title {
        return Err(errors::invalid_proposal_content(format!(
            "metadata title '{md_title}' must equal proposal title '{title}'"
        )));
    }
    if md_summary != summary {
        return Err(errors::invalid_proposal_content(format!(
            "metadata summary '{md_summary}' must equal proposal summary '{summary}'"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_metadata_must_repeat_title_and_summary() {
        check_matches(r#"{"title":"T","summary":"S","authors":["a"],"details":"d"}"#, "T", "S").unwrap();
        check_matches(r#"{"TITLE":"T","Summary":"S","other":1}"#, "T", "S").unwrap();
        let e = check_matches(r#"{"title":"X","summary":"S"}"#, "T", "S").unwrap_err();
        assert_eq!((e.codespace, e.code), ("gov", 5));
        assert!(e.log.starts_with("metadata title 'X' must equal proposal title 'T'"), "{}", e.log);
        let e = check_matches(r#"{"title":"T"}"#, "T", "S").unwrap_err();
        assert!(e.log.contains("metadata summary '' must equal proposal summary 'S'"), "{}", e.log);
        // `null` and `{}` decode to empty strings, as in Go.
        assert!(check_matches("null", "T", "S").is_err());
        assert!(check_matches("{}", "T", "S").is_err());
    }

    #[test]
    fn metadata_that_is_not_the_json_object_is_not_checked() {
        for m in ["ipfs://CID", "[1,2]", "\"text\"", "42", r#"{"title":1,"summary":"S"}"#, r#"{"authors":"me"}"#] {
            check_matches(m, "T", "S").unwrap_or_else(|e| panic!("{m}: {}", e.log));
        }
        check_matches("", "T", "S").unwrap();
    }
}
