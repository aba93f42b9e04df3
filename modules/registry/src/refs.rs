//! Names, aliases and model references: `name@alias`, `name:3`, or a model id (64 hex digits).
//!
//! Names and aliases are 1–64 characters of `a-z 0-9 . _ -`, starting with a letter or digit, so
//! they never contain the `@` and `:` a reference uses and never look like a model id (which has
//! 64 characters: a name of 64 hex digits is refused).

use std::fmt;

use crate::errors;
use symbiote_core::SdkResult;

fn check(kind: &str, s: &str) -> SdkResult<()> {
    let ok_chars = s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
    let ok_start = s.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if s.is_empty() || s.len() > 64 || !ok_chars || !ok_start {
        return Err(errors::invalid_name(format!(
            "{kind} {s:?}: 1-64 characters of a-z 0-9 . _ -, starting with a letter or digit"
        )));
    }
    if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(errors::invalid_name(format!("{kind} {s:?} would read as a model id")));
    }
    Ok(())
}

pub fn check_name(name: &str) -> SdkResult<()> {
    check("model name", name)
}

pub fn check_alias(alias: &str) -> SdkResult<()> {
    check("alias", alias)
}

/// A reference to one model version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelRef {
    Alias { name: String, alias: String },
    Version { name: String, version: u32 },
    Id([u8; 32]),
}

impl ModelRef {
    pub fn parse(s: &str) -> SdkResult<Self> {
        if let Some((name, alias)) = s.split_once('@') {
            check_name(name)?;
            check_alias(alias)?;
            return Ok(Self::Alias { name: name.into(), alias: alias.into() });
        }
        if let Some((name, version)) = s.split_once(':') {
            check_name(name)?;
            let version = version
                .parse()
                .ok()
                .filter(|v| *v > 0)
                .ok_or_else(|| errors::invalid_name(format!("{s:?}: the version after ':' is a number from 1")))?;
            return Ok(Self::Version { name: name.into(), version });
        }
        if s.len() == 64 {
            if let Ok(bytes) = hex::decode(s) {
                if let Ok(id) = <[u8; 32]>::try_from(bytes.as_slice()) {
                    return Ok(Self::Id(id));
                }
            }
        }
        Err(errors::invalid_name(format!("{s:?} is not name@alias, name:version or a 64-hex-digit model id")))
    }
}

impl fmt::Display for ModelRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelRef::Alias { name, alias } => write!(f, "{name}@{alias}"),
            ModelRef::Version { name, version } => write!(f, "{name}:{version}"),
            ModelRef::Id(id) => f.write_str(&hex::encode(id)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_in_their_three_forms() {
        assert_eq!(
            ModelRef::parse("risk@production").unwrap(),
            ModelRef::Alias { name: "risk".into(), alias: "production".into() }
        );
        assert_eq!(ModelRef::parse("risk:3").unwrap(), ModelRef::Version { name: "risk".into(), version: 3 });
        let id = "ab".repeat(32);
        assert_eq!(ModelRef::parse(&id).unwrap(), ModelRef::Id([0xab; 32]));
        for bad in ["risk", "risk:0", "risk:x", "Risk@prod", "risk@", "@prod", "risk@pro d", "", &"a".repeat(65)] {
            assert!(ModelRef::parse(bad).is_err(), "{bad:?}");
        }
        assert!(check_name(&"a".repeat(64)).is_err(), "64 hex digits read as an id");
        assert!(check_name(&"g".repeat(64)).is_ok());
        assert!(check_name("-x").is_err());
    }
}
