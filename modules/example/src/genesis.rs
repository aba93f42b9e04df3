//! `app_state.example`: params and values.

use cnidarium::{StateRead, StateWrite};
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{SdkError, SdkResult, ValidatorUpdate};
use symbiote_proto::symbiote::example::v1 as pb;

use crate::state::{put_params, put_value};
use crate::{keys, Params};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub values: Vec<GenesisValue>,
    /// If set, the genesis validator set this module decides (hex ed25519 keys).
    #[serde(default)]
    pub validators: Vec<GenesisValidator>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisValidator {
    pub ed25519_pub_key: String,
    #[serde(with = "symbiote_core::serde_str")]
    pub power: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisValue {
    pub key: String,
    pub value: String,
}

impl GenesisState {
    pub fn validate(&self) -> SdkResult<()> {
        self.params.validate()?;
        let mut seen = std::collections::BTreeSet::new();
        for v in &self.values {
            crate::msg::check_entry(&v.key, &v.value, &self.params)?;
            if !seen.insert(&v.key) {
                return Err(SdkError::new(Code::InvalidRequest, format!("duplicate key {:?}", v.key)));
            }
        }
        self.validator_updates().map(|_| ())
    }

    pub fn validator_updates(&self) -> SdkResult<Vec<ValidatorUpdate>> {
        self.validators
            .iter()
            .map(|v| {
                let invalid =
                    |why: &str| SdkError::new(Code::InvalidPubKey, format!("validator {}: {why}", v.ed25519_pub_key));
                let key = hex::decode(&v.ed25519_pub_key).map_err(|_| invalid("key is not hex"))?;
                let pub_key =
                    tendermint::PublicKey::from_raw_ed25519(&key).ok_or_else(|| invalid("not an ed25519 key"))?;
                let power = tendermint::vote::Power::try_from(v.power).map_err(|_| invalid("power out of range"))?;
                Ok(ValidatorUpdate { pub_key, power })
            })
            .collect()
    }

    pub fn init<S: StateWrite>(&self, state: &mut S) -> SdkResult<()> {
        self.validate()?;
        put_params(state, &self.params)?;
        for v in &self.values {
            put_value(state, &v.key, &v.value)?;
        }
        Ok(())
    }

    pub async fn export<S: StateRead>(state: &S) -> SdkResult<Self> {
        use crate::state::ExampleRead;
        use futures::StreamExt;
        let params = state.example_params().await?;
        let mut values = Vec::new();
        let mut stream = std::pin::pin!(state.prefix_raw(&keys::values_prefix()));
        while let Some(item) = stream.next().await {
            let (key, bytes) = item?;
            let entry: pb::Entry = prost::Message::decode(bytes.as_slice())
                .map_err(|e| SdkError::internal(format!("corrupt value at {key}: {e}")))?;
            values.push(GenesisValue { key: entry.key, value: entry.value });
        }
        // The validator set is CometBFT's after genesis; this module does not track it.
        Ok(Self { params, values, validators: vec![] })
    }
}
