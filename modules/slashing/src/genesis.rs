//! `app_state.slashing` in the SDK v0.50 shape: params, and for an exported chain every signing
//! info and missed-block bitmap.

use cnidarium::{StateRead, StateWrite};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{ConsAddress, GenesisContext, SdkError, SdkResult};
use tendermint::Time;

use crate::state::{self, corrupt, SigningInfo, SlashingRead};
use crate::{keys, Params};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub signing_infos: Vec<SigningInfoRecord>,
    #[serde(default)]
    pub missed_blocks: Vec<MissedBlocksRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningInfoRecord {
    pub address: ConsAddress,
    pub validator_signing_info: SigningInfoJson,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningInfoJson {
    pub address: ConsAddress,
    #[serde(with = "symbiote_core::serde_str")]
    pub start_height: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub index_offset: u64,
    pub jailed_until: Time,
    pub tombstoned: bool,
    #[serde(with = "symbiote_core::serde_str")]
    pub missed_blocks_counter: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissedBlocksRecord {
    pub address: ConsAddress,
    pub missed_blocks: Vec<MissedBlock>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissedBlock {
    #[serde(with = "symbiote_core::serde_str")]
    pub index: u64,
    pub missed: bool,
}

impl From<&SigningInfo> for SigningInfoJson {
    fn from(i: &SigningInfo) -> Self {
        Self {
            address: i.address,
            start_height: i.start_height,
            index_offset: i.index_offset,
            jailed_until: i.jailed_until,
            tombstoned: i.tombstoned,
            missed_blocks_counter: i.missed_blocks_counter,
        }
    }
}

impl From<&SigningInfoJson> for SigningInfo {
    fn from(i: &SigningInfoJson) -> Self {
        Self {
            address: i.address,
            start_height: i.start_height,
            index_offset: i.index_offset,
            jailed_until: i.jailed_until,
            tombstoned: i.tombstoned,
            missed_blocks_counter: i.missed_blocks_counter,
        }
    }
}

fn invalid(why: impl std::fmt::Display) -> SdkError {
    SdkError::new(Code::InvalidRequest, format!("slashing genesis: {why}"))
}

impl GenesisState {
    pub fn validate(&self) -> SdkResult<()> {
        self.params.validate()?;
        for r in &self.signing_infos {
            if r.address != r.validator_signing_info.address {
                return Err(invalid(format!(
                    "signing info of {} filed under {}",
                    r.validator_signing_info.address, r.address
                )));
            }
        }
        for r in &self.missed_blocks {
            if let Some(b) = r.missed_blocks.iter().find(|b| b.index >= self.params.signed_blocks_window) {
                return Err(invalid(format!("missed block index {} of {} outside the window", b.index, r.address)));
            }
        }
        Ok(())
    }

    pub async fn init<S: StateWrite>(&self, state: &mut S, _ctx: &GenesisContext) -> SdkResult<()> {
        state::put_params(state, &self.params)?;
        for r in &self.signing_infos {
            state::put_signing_info(state, &SigningInfo::from(&r.validator_signing_info))?;
        }
        for r in &self.missed_blocks {
            for b in r.missed_blocks.iter().filter(|b| b.missed) {
                state::set_missed(state, &r.address, b.index, true)?;
            }
        }
        Ok(())
    }

    pub async fn export<S: StateRead>(state: &S) -> SdkResult<Self> {
        let mut out = GenesisState { params: state.slashing_params().await?, ..Default::default() };
        let prefix = keys::signing_infos();
        let mut stream = std::pin::pin!(state.prefix_raw(&prefix));
        let mut infos = Vec::new();
        while let Some(item) = stream.next().await {
            let (key, value) = item?;
            let p = prost::Message::decode(value.as_slice()).map_err(|_| corrupt(&key))?;
            infos.push(SigningInfo::from_proto(&p)?);
        }
        for info in infos {
            let missed = state.missed_indexes(&info.address).await?;
            if !missed.is_empty() {
                out.missed_blocks.push(MissedBlocksRecord {
                    address: info.address,
                    missed_blocks: missed.into_iter().map(|index| MissedBlock { index, missed: true }).collect(),
                });
            }
            out.signing_infos.push(SigningInfoRecord { address: info.address, validator_signing_info: (&info).into() });
        }
        Ok(out)
    }
}
