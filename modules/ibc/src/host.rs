//! This chain as an IBC host: revision, heights, commitment prefix and proof specs.

use ibc::core::client::types::Height;
use ibc::core::commitment_types::commitment::CommitmentPrefix;
use ibc::core::commitment_types::specs::ProofSpecs;
use ibc::core::host::types::identifiers::ChainId;

/// The module's substore, and so the commitment prefix counterparties prove our paths under.
pub const STORE: &str = "ibc";

/// The upgrade path counterparties' clients of this chain carry (the SDK's; Hermes sets it).
pub const UPGRADE_PATH: [&str; 2] = ["upgrade", "upgradedIBCState"];

/// The proof specs of `store/ibc/key` proofs for Hermes' config (`proof-specs`, a JSON array of
/// ics23 `ProofSpec`s in ics23's serde form): the key in the `ibc` substore's JMT, then the
/// substore's root in the main JMT — both cnidarium's `ics23_spec()`. `localnet/ibc.sh` writes this
/// very file into the Hermes config; the test below parses it as Hermes does and compares it with
/// the store's spec, field by field.
pub const HERMES_PROOF_SPECS_JSON: &str = include_str!("../../../localnet/hermes-proof-specs.json");

/// The revision number IBC reads from a chain id: the number after its last `-` (`symbiote-a-1`
/// → 1), or 0 if it has none — as ibc-go and Hermes parse it.
pub fn revision_number(chain_id: &str) -> u64 {
    ChainId::new(chain_id).map(|c| c.revision_number()).unwrap_or(0)
}

/// Block `height` of chain `chain_id` as an IBC height (revision-number, revision-height).
pub fn ibc_height(chain_id: &str, height: u64) -> Option<Height> {
    Height::new(revision_number(chain_id), height).ok()
}

/// What counterparties prove our ICS-24 paths under: the `ibc` substore's name.
pub fn commitment_prefix() -> CommitmentPrefix {
    CommitmentPrefix::from_bytes(STORE.as_bytes())
}

/// Both layers of a `store/ibc/key` proof are cnidarium JMT proofs.
pub fn proof_specs() -> ProofSpecs {
    ProofSpecs::try_from(vec![cnidarium::ics23_spec(), cnidarium::ics23_spec()])
        .expect("the JMT spec is a valid ICS23 spec")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hermes_config_proof_specs_are_the_stores() {
        // Hermes 1.10.5 deserializes `proof-specs` as `Vec<ics23::ProofSpec>` with serde_json.
        let parsed: Vec<ics23::ProofSpec> = serde_json::from_str(HERMES_PROOF_SPECS_JSON).unwrap();
        assert_eq!(parsed, vec![cnidarium::ics23_spec(), cnidarium::ics23_spec()]);
        // The client state's specs (what `validate_self_client` compares) are the same.
        assert_eq!(ProofSpecs::try_from(parsed).unwrap(), proof_specs());
        // The spec a counterparty checks non-existence proofs with hashes keys before comparing.
        assert!(cnidarium::ics23_spec().prehash_key_before_comparison);
    }

    #[test]
    fn revision_numbers_come_from_the_chain_id_suffix() {
        assert_eq!(revision_number("symbiote-local-1"), 1);
        assert_eq!(revision_number("symbiote-a-1"), 1);
        assert_eq!(revision_number("symbiote-b-12"), 12);
        assert_eq!(revision_number("symbiote"), 0);
        // A leading zero is not a revision number (ibc-go's rule).
        assert_eq!(revision_number("symbiote-01"), 0);
        let h = ibc_height("symbiote-a-1", 42).unwrap();
        assert_eq!((h.revision_number(), h.revision_height()), (1, 42));
        assert!(ibc_height("symbiote-a-1", 0).is_none(), "IBC heights start at 1");
        assert_eq!(commitment_prefix().as_bytes(), b"ibc");
    }
}
