//! Domain types parsed from the wire: a use, a consent's terms, a requester's purpose. Parsing
//! checks everything that needs no state and normalises (DUO terms stored by ID, uses sorted), so
//! stored terms read back identically.

use std::collections::BTreeSet;
use std::fmt;

use symbiote_core::{Address, SdkResult};
use symbiote_proto::symbiote::consent::v1 as pb;
use tendermint::Time;

use crate::duo::{DataUse, Declared, Modifier, Permission, PurposeCode};
use crate::errors;
use crate::params::Params;

/// What the data is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Use {
    Inference,
    Training,
    Audit,
}

impl Use {
    pub const ALL: [Use; 3] = [Use::Inference, Use::Training, Use::Audit];

    pub fn as_str(self) -> &'static str {
        match self {
            Use::Inference => "inference",
            Use::Training => "training",
            Use::Audit => "audit",
        }
    }

    pub fn parse(s: &str) -> SdkResult<Self> {
        Self::ALL
            .into_iter()
            .find(|u| u.as_str() == s)
            .ok_or_else(|| errors::invalid_terms(format!("unknown use {s:?} (inference, training or audit)")))
    }
}

impl fmt::Display for Use {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A consent's terms, checked and normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terms {
    pub grantee: Option<Address>,
    pub uses: Vec<Use>,
    pub data_use: DataUse,
    pub allowed_models: Vec<String>,
    pub fields: Vec<String>,
    pub expires_at: Option<Time>,
    pub max_uses: u64,
}

fn time_of(t: Option<cosmos_sdk_proto::Timestamp>) -> SdkResult<Option<Time>> {
    t.map(|t| Time::try_from(t).map_err(|_| errors::invalid_terms("expires_at is not a valid time"))).transpose()
}

fn unique(what: &str, items: &[String]) -> SdkResult<()> {
    let mut seen = BTreeSet::new();
    for i in items {
        if i.trim().is_empty() {
            return Err(errors::invalid_terms(format!("empty entry in {what}")));
        }
        if !seen.insert(i) {
            return Err(errors::invalid_terms(format!("{i:?} appears twice in {what}")));
        }
    }
    Ok(())
}

impl Terms {
    /// Parses and checks terms on their own (the stateful checks — fields in the dataset's schema,
    /// expiry in the future — are the messages').
    pub fn from_proto(p: &pb::Terms, params: &Params) -> SdkResult<Self> {
        let grantee = if p.grantee.is_empty() { None } else { Some(p.grantee.parse()?) };
        let mut uses = p.uses.iter().map(|u| Use::parse(u)).collect::<SdkResult<Vec<_>>>()?;
        uses.sort();
        uses.dedup();
        if uses.is_empty() {
            return Err(errors::invalid_terms("a consent must permit at least one use"));
        }
        let permission = Permission::parse(&p.permission).ok_or_else(|| {
            errors::invalid_terms(format!(
                "unknown DUO data use permission {:?} (NRES, GRU, HMB, DS, POA)",
                p.permission
            ))
        })?;
        let disease = p.disease.trim().to_string();
        if permission == Permission::Ds && disease.is_empty() {
            return Err(errors::invalid_terms("DUO:0000007 (DS) needs a disease id"));
        }
        if permission != Permission::Ds && !disease.is_empty() {
            return Err(errors::invalid_terms("a disease id is only for DUO:0000007 (DS)"));
        }
        params.check_text("disease", &disease, errors::invalid_terms)?;
        let mut modifiers = Vec::with_capacity(p.modifiers.len());
        for m in &p.modifiers {
            let code = Modifier::parse(&m.code)
                .ok_or_else(|| errors::invalid_terms(format!("unknown DUO modifier {:?}", m.code)))?;
            let value = m.value.trim().to_string();
            if code.needs_value() && value.is_empty() {
                return Err(errors::invalid_terms(format!("{code} needs a value")));
            }
            if code == Modifier::Mor && Time::parse_from_rfc3339(&value).is_err() {
                return Err(errors::invalid_terms(format!("{code} needs an RFC 3339 date, got {value:?}")));
            }
            params.check_text("modifier value", &value, errors::invalid_terms)?;
            if modifiers.iter().any(|(c, _)| *c == code) {
                return Err(errors::invalid_terms(format!("{code} appears twice")));
            }
            modifiers.push((code, value));
        }
        modifiers.sort();
        let expires_at = time_of(p.expires_at)?;
        if modifiers.iter().any(|(c, _)| *c == Modifier::Us) && grantee.is_none() {
            return Err(errors::invalid_terms(format!("{} needs a named grantee", Modifier::Us)));
        }
        if modifiers.iter().any(|(c, _)| *c == Modifier::Ts) && expires_at.is_none() {
            return Err(errors::invalid_terms(format!("{} needs an expiry", Modifier::Ts)));
        }
        unique("allowed_models", &p.allowed_models)?;
        unique("fields", &p.fields)?;
        for m in &p.allowed_models {
            params.check_text("allowed model", m, errors::invalid_terms)?;
        }
        Ok(Self {
            grantee,
            uses,
            data_use: DataUse { permission, disease, modifiers },
            allowed_models: p.allowed_models.clone(),
            fields: p.fields.clone(),
            expires_at,
            max_uses: p.max_uses,
        })
    }

    pub fn to_proto(&self) -> pb::Terms {
        pb::Terms {
            grantee: self.grantee.map(|a| a.to_string()).unwrap_or_default(),
            uses: self.uses.iter().map(|u| u.as_str().to_string()).collect(),
            permission: self.data_use.permission.info().id.to_string(),
            disease: self.data_use.disease.clone(),
            modifiers: self
                .data_use
                .modifiers
                .iter()
                .map(|(m, v)| pb::Modifier { code: m.info().id.to_string(), value: v.clone() })
                .collect(),
            allowed_models: self.allowed_models.clone(),
            fields: self.fields.clone(),
            expires_at: self.expires_at.map(Into::into),
            max_uses: self.max_uses,
        }
    }

    /// The checks that need the dataset and the block: every field in the schema, expiry ahead.
    pub fn check_against(&self, dataset: &pb::Dataset, now: Time) -> SdkResult<()> {
        for f in &self.fields {
            if !dataset.schema.iter().any(|s| s.name == *f) {
                return Err(errors::invalid_terms(format!("field {f:?} is not in dataset {}'s schema", dataset.id)));
            }
        }
        if let Some(at) = self.expires_at {
            if at <= now {
                return Err(errors::invalid_terms(format!("expiry {at} is not after the block time {now}")));
            }
        }
        Ok(())
    }
}

/// A requester's declared purpose, parsed.
pub fn purpose_from_proto(p: &pb::Purpose) -> SdkResult<Declared> {
    let code = PurposeCode::parse(&p.code).ok_or_else(|| {
        errors::invalid_purpose(format!("unknown purpose {:?} (a DUO code: GRU, HMB, DS, POA or CC)", p.code))
    })?;
    let attestations = p
        .attestations
        .iter()
        .map(|a| match Modifier::parse(a) {
            Some(m) if m.is_attestation() => Ok(m),
            _ => Err(errors::invalid_purpose(format!("{a:?} is not an attestable DUO term (IRB, PUB, COL, RTN, MOR)"))),
        })
        .collect::<SdkResult<Vec<_>>>()?;
    let text = [&p.disease, &p.location, &p.project, &p.institution];
    if text.iter().any(|t| t.len() > 1024) {
        return Err(errors::invalid_purpose("a purpose field is over 1024 bytes"));
    }
    Ok(Declared {
        code: Some(code),
        disease: p.disease.trim().to_string(),
        commercial: p.commercial,
        for_profit: p.for_profit,
        methods_research: p.methods_research,
        genetic_study: p.genetic_study,
        attestations,
        location: p.location.clone(),
        project: p.project.clone(),
        institution: p.institution.clone(),
    })
}

/// Parses the terms a consent was stored with (written by this module, so a failure is corruption).
pub fn stored_terms(consent: &pb::Consent) -> SdkResult<Terms> {
    let terms = consent.terms.as_ref().ok_or_else(|| crate::state::corrupt(&format!("consent {}", consent.id)))?;
    // Stored terms were checked under some params; re-parse without their size limits.
    let unlimited = Params { max_text_bytes: u32::MAX, ..Params::default() };
    Terms::from_proto(terms, &unlimited).map_err(|_| crate::state::corrupt(&format!("consent {}", consent.id)))
}
