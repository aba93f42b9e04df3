//! GA4GH Data Use Ontology (DUO) terms and the matching rules: what a consent's data use
//! permission and modifiers allow, against the purpose and attributes a requester declares.
//!
//! Permissions nest: NRES ⊇ GRU ⊇ HMB ⊇ DS(d); GRU also covers population-origins research (POA),
//! which HMB excludes (its definition); DS(d) allows only research on the disease `d` (the ontology's
//! subclasses are not on chain, so the ids must be equal). Clinical care (CC) is not research: only
//! NRES or the CC modifier allows it. Modifiers restrict: NCU/NPU/NPUNCU refuse commercial use and
//! for-profit requesters, NMDS methods research, GSO anything but genetic studies; GS, PS and IS
//! require the declared location, project or institution to equal the consent's; IRB, PUB, COL,
//! RTN and MOR are obligations the requester must attest to; US and TS shape the grant itself (a
//! named grantee, an expiry).

use std::fmt;

/// One DUO term: its ID, short name and label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermInfo {
    pub id: &'static str,
    pub short: &'static str,
    pub label: &'static str,
}

macro_rules! terms {
    ($(#[$m:meta])* pub enum $name:ident { $($variant:ident = ($id:literal, $short:literal, $label:literal),)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn info(self) -> TermInfo {
                match self { $($name::$variant => TermInfo { id: $id, short: $short, label: $label },)* }
            }

            /// By DUO ID (`DUO:0000006`) or short name (`HMB`, any case).
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|t| {
                    let i = t.info();
                    i.id.eq_ignore_ascii_case(s) || i.short.eq_ignore_ascii_case(s)
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let i = self.info();
                write!(f, "{} ({})", i.id, i.short)
            }
        }
    };
}

terms! {
    /// A consent's data use permission (DUO's "data use permission" branch).
    pub enum Permission {
        Nres = ("DUO:0000004", "NRES", "no restriction"),
        Gru = ("DUO:0000042", "GRU", "general research use"),
        Hmb = ("DUO:0000006", "HMB", "health or medical or biomedical research"),
        Ds = ("DUO:0000007", "DS", "disease specific research"),
        Poa = ("DUO:0000011", "POA", "population origins or ancestry research only"),
    }
}

terms! {
    /// A consent's data use modifiers.
    pub enum Modifier {
        Cc = ("DUO:0000043", "CC", "clinical care use"),
        Ncu = ("DUO:0000046", "NCU", "non-commercial use only"),
        Npu = ("DUO:0000045", "NPU", "not-for-profit organisation use only"),
        Npuncu = ("DUO:0000018", "NPUNCU", "not-for-profit, non-commercial use only"),
        Irb = ("DUO:0000021", "IRB", "ethics approval required"),
        Gs = ("DUO:0000022", "GS", "geographical restriction"),
        Pub = ("DUO:0000019", "PUB", "publication required"),
        Col = ("DUO:0000020", "COL", "collaboration required"),
        Rtn = ("DUO:0000029", "RTN", "return to database or resource"),
        Ts = ("DUO:0000025", "TS", "time limit on use"),
        Us = ("DUO:0000026", "US", "user specific restriction"),
        Ps = ("DUO:0000027", "PS", "project specific restriction"),
        Is = ("DUO:0000028", "IS", "institution specific restriction"),
        Nmds = ("DUO:0000015", "NMDS", "no general methods research"),
        Gso = ("DUO:0000016", "GSO", "genetic studies only"),
        Mor = ("DUO:0000024", "MOR", "publication moratorium"),
    }
}

terms! {
    /// The purpose a requester declares (DUO terms used as research purposes, plus clinical care).
    pub enum PurposeCode {
        Gru = ("DUO:0000042", "GRU", "general research use"),
        Hmb = ("DUO:0000006", "HMB", "health or medical or biomedical research"),
        Ds = ("DUO:0000007", "DS", "disease specific research"),
        Poa = ("DUO:0000011", "POA", "population origins or ancestry research"),
        Cc = ("DUO:0000043", "CC", "clinical care use"),
    }
}

impl Modifier {
    /// Modifiers that carry a value: a location, a project, an institution, a date (MOR).
    pub fn needs_value(self) -> bool {
        matches!(self, Modifier::Gs | Modifier::Ps | Modifier::Is | Modifier::Mor)
    }

    /// Obligations a requester must attest to.
    pub fn is_attestation(self) -> bool {
        matches!(self, Modifier::Irb | Modifier::Pub | Modifier::Col | Modifier::Rtn | Modifier::Mor)
    }
}

/// What a consent allows (its DUO part).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataUse {
    pub permission: Permission,
    /// For DS: the disease id.
    pub disease: String,
    pub modifiers: Vec<(Modifier, String)>,
}

/// What a requester declares.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Declared {
    pub code: Option<PurposeCode>,
    pub disease: String,
    pub commercial: bool,
    pub for_profit: bool,
    pub methods_research: bool,
    pub genetic_study: bool,
    pub attestations: Vec<Modifier>,
    pub location: String,
    pub project: String,
    pub institution: String,
}

/// Why DUO matching refused: the rule, in words a requester can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn refuse<T>(term: impl fmt::Display, why: impl fmt::Display) -> Result<T, Refusal> {
    Err(Refusal(format!("{term}: {why}")))
}

impl DataUse {
    fn has(&self, m: Modifier) -> Option<&str> {
        self.modifiers.iter().find(|(x, _)| *x == m).map(|(_, v)| v.as_str())
    }

    /// Whether `declared` may use data under these terms; the first rule that refuses, if not.
    pub fn permits(&self, declared: &Declared) -> Result<(), Refusal> {
        let Some(code) = declared.code else {
            return Err(Refusal("the request declares no purpose (a DUO code is required)".into()));
        };
        self.permits_purpose(code, &declared.disease)?;
        self.permits_attributes(declared)
    }

    fn permits_purpose(&self, code: PurposeCode, disease: &str) -> Result<(), Refusal> {
        use PurposeCode as P;
        if code == P::Cc {
            if self.permission == Permission::Nres || self.has(Modifier::Cc).is_some() {
                return Ok(());
            }
            return refuse(self.permission, format!("clinical care use needs NRES or the {} modifier", Modifier::Cc));
        }
        if code == P::Ds && disease.trim().is_empty() {
            return refuse(P::Ds, "a disease-specific purpose must name the disease");
        }
        let allowed = match self.permission {
            Permission::Nres => true,
            Permission::Gru => matches!(code, P::Gru | P::Hmb | P::Ds | P::Poa),
            Permission::Hmb => matches!(code, P::Hmb | P::Ds),
            Permission::Ds => code == P::Ds && disease.trim() == self.disease,
            Permission::Poa => code == P::Poa,
        };
        if allowed {
            return Ok(());
        }
        let what = match self.permission {
            Permission::Ds => format!("only research on {}, not {code}{}", self.disease, disease_suffix(code, disease)),
            Permission::Hmb if code == P::Poa => {
                "health/medical/biomedical research excludes population origins or ancestry research".to_string()
            }
            p => format!("{} does not cover {code}", p.info().label),
        };
        refuse(self.permission, what)
    }

    fn permits_attributes(&self, d: &Declared) -> Result<(), Refusal> {
        for (m, value) in &self.modifiers {
            match m {
                Modifier::Ncu if d.commercial => return refuse(m, "the request declares commercial use"),
                Modifier::Npu if d.for_profit => return refuse(m, "the requester declares a for-profit organisation"),
                Modifier::Npuncu if d.commercial || d.for_profit => {
                    return refuse(m, "the request declares commercial use or a for-profit organisation")
                }
                Modifier::Nmds if d.methods_research => return refuse(m, "the request declares methods research"),
                Modifier::Gso if !d.genetic_study => return refuse(m, "the request does not declare a genetic study"),
                Modifier::Gs if !d.location.eq_ignore_ascii_case(value) => {
                    return refuse(m, format!("use only in {value}, the request declares {:?}", d.location))
                }
                Modifier::Ps if d.project != *value => {
                    return refuse(m, format!("use only in project {value:?}, the request declares {:?}", d.project))
                }
                Modifier::Is if d.institution != *value => {
                    return refuse(m, format!("use only by {value:?}, the request declares {:?}", d.institution))
                }
                m if m.is_attestation() && !d.attestations.contains(m) => {
                    return refuse(m, format!("the requester must attest to {}", m.info().label))
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn disease_suffix(code: PurposeCode, disease: &str) -> String {
    if code == PurposeCode::Ds {
        format!(" on {disease}")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(permission: Permission, disease: &str, modifiers: &[(Modifier, &str)]) -> DataUse {
        DataUse {
            permission,
            disease: disease.into(),
            modifiers: modifiers.iter().map(|(m, v)| (*m, v.to_string())).collect(),
        }
    }

    fn purpose(code: PurposeCode) -> Declared {
        Declared { code: Some(code), ..Default::default() }
    }

    fn ds(disease: &str) -> Declared {
        Declared { code: Some(PurposeCode::Ds), disease: disease.into(), ..Default::default() }
    }

    const DIABETES: &str = "MONDO:0005015";
    const CANCER: &str = "MONDO:0004992";

    #[test]
    fn terms_parse_by_id_or_short_name() {
        assert_eq!(Permission::parse("DUO:0000006"), Some(Permission::Hmb));
        assert_eq!(Permission::parse("hmb"), Some(Permission::Hmb));
        assert_eq!(Modifier::parse("DUO:0000046"), Some(Modifier::Ncu));
        assert_eq!(PurposeCode::parse("ds"), Some(PurposeCode::Ds));
        assert_eq!(Permission::parse("DUO:9999999"), None);
        assert_eq!(Permission::parse("NCU"), None, "a modifier is not a permission");
        for m in Modifier::ALL {
            assert_eq!(Modifier::parse(m.info().id), Some(*m));
        }
    }

    /// The permission lattice, one case per (permission, purpose) pair.
    #[test]
    fn permissions_nest_nres_gru_hmb_ds() {
        use PurposeCode as P;
        let table: &[(Permission, &[(Declared, bool)])] = &[
            (
                Permission::Nres,
                &[
                    (purpose(P::Gru), true),
                    (purpose(P::Hmb), true),
                    (ds(CANCER), true),
                    (purpose(P::Poa), true),
                    (purpose(P::Cc), true),
                ],
            ),
            (
                Permission::Gru,
                &[
                    (purpose(P::Gru), true),
                    (purpose(P::Hmb), true),
                    (ds(CANCER), true),
                    (purpose(P::Poa), true),
                    (purpose(P::Cc), false),
                ],
            ),
            (
                Permission::Hmb,
                &[
                    (purpose(P::Gru), false),
                    (purpose(P::Hmb), true),
                    (ds(CANCER), true),
                    (purpose(P::Poa), false),
                    (purpose(P::Cc), false),
                ],
            ),
            (
                Permission::Ds,
                &[
                    (purpose(P::Gru), false),
                    (purpose(P::Hmb), false),
                    (ds(DIABETES), true),
                    (ds(CANCER), false),
                    (purpose(P::Poa), false),
                ],
            ),
            (
                Permission::Poa,
                &[(purpose(P::Gru), false), (purpose(P::Hmb), false), (ds(DIABETES), false), (purpose(P::Poa), true)],
            ),
        ];
        for (permission, cases) in table {
            let t = terms(*permission, DIABETES, &[]);
            for (declared, expected) in *cases {
                let got = t.permits(declared);
                assert_eq!(got.is_ok(), *expected, "{permission} vs {declared:?}: {got:?}");
                if let Err(r) = got {
                    assert!(r.0.starts_with(permission.info().id), "the refusal names the rule: {r}");
                }
            }
        }
        assert!(terms(Permission::Hmb, "", &[]).permits(&ds("")).is_err(), "DS needs a disease");
        assert!(terms(Permission::Gru, "", &[]).permits(&Declared::default()).is_err(), "a purpose is required");
        assert!(terms(Permission::Hmb, "", &[(Modifier::Cc, "")]).permits(&purpose(P::Cc)).is_ok(), "CC modifier");
    }

    /// One case per modifier: refused without the attribute (naming the modifier), allowed with it.
    #[test]
    fn every_modifier_refuses_and_allows() {
        let base = purpose(PurposeCode::Hmb);
        let with = |f: &dyn Fn(&mut Declared)| {
            let mut d = base.clone();
            f(&mut d);
            d
        };
        let cases: Vec<(Modifier, &str, Declared, Declared)> = vec![
            (Modifier::Ncu, "", with(&|d| d.commercial = true), base.clone()),
            (Modifier::Npu, "", with(&|d| d.for_profit = true), with(&|d| d.commercial = true)),
            (Modifier::Npuncu, "", with(&|d| d.commercial = true), base.clone()),
            (Modifier::Npuncu, "", with(&|d| d.for_profit = true), base.clone()),
            (Modifier::Nmds, "", with(&|d| d.methods_research = true), base.clone()),
            (Modifier::Gso, "", base.clone(), with(&|d| d.genetic_study = true)),
            (Modifier::Gs, "NL", with(&|d| d.location = "US".into()), with(&|d| d.location = "nl".into())),
            (Modifier::Ps, "p-17", with(&|d| d.project = "p-18".into()), with(&|d| d.project = "p-17".into())),
            (Modifier::Is, "UMC", base.clone(), with(&|d| d.institution = "UMC".into())),
            (Modifier::Irb, "", base.clone(), with(&|d| d.attestations = vec![Modifier::Irb])),
            (Modifier::Pub, "", base.clone(), with(&|d| d.attestations = vec![Modifier::Pub])),
            (Modifier::Col, "", base.clone(), with(&|d| d.attestations = vec![Modifier::Col])),
            (Modifier::Rtn, "", base.clone(), with(&|d| d.attestations = vec![Modifier::Rtn])),
            (Modifier::Mor, "2027-06-01T00:00:00Z", base.clone(), with(&|d| d.attestations = vec![Modifier::Mor])),
        ];
        for (m, value, refused, allowed) in cases {
            let t = terms(Permission::Hmb, "", &[(m, value)]);
            let err = t.permits(&refused).expect_err(&format!("{m} must refuse {refused:?}"));
            assert!(err.0.starts_with(m.info().id), "{err}");
            assert_eq!(t.permits(&allowed), Ok(()), "{m} must allow {allowed:?}");
        }
        // US, TS and CC do not restrict a purpose here (they shape the grant, or widen it).
        for m in [Modifier::Us, Modifier::Ts] {
            assert_eq!(terms(Permission::Hmb, "", &[(m, "")]).permits(&base), Ok(()));
        }
    }
}
