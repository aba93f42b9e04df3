//! Typed reads and writes of consent state. Reads are public ([`ConsentRead`]); writers are
//! private to the module (other modules record uses through [`crate::permission`]).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use futures::StreamExt;
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{SdkError, SdkResult};
use symbiote_proto::symbiote::consent::v1 as pb;

use crate::{errors, keys, Params};

pub(crate) fn corrupt(what: &str) -> SdkError {
    SdkError::internal(format!("corrupt consent state: {what}"))
}

#[async_trait]
pub trait ConsentRead: StateRead {
    async fn consent_params(&self) -> SdkResult<Params> {
        let key = keys::params();
        let proto: pb::Params =
            self.get_proto(&key).await?.ok_or_else(|| SdkError::internal("consent params missing"))?;
        Params::from_proto(&proto).map_err(|_| corrupt(&key))
    }

    async fn dataset(&self, id: u64) -> SdkResult<Option<pb::Dataset>> {
        self.get_proto(&keys::dataset(id)).await
    }

    /// The dataset, or the coded "unknown dataset".
    async fn existing_dataset(&self, id: u64) -> SdkResult<pb::Dataset> {
        self.dataset(id).await?.ok_or_else(|| errors::unknown_dataset(id))
    }

    async fn consent(&self, id: u64) -> SdkResult<Option<pb::Consent>> {
        self.get_proto(&keys::consent(id)).await
    }

    async fn existing_consent(&self, id: u64) -> SdkResult<pb::Consent> {
        self.consent(id).await?.ok_or_else(|| errors::unknown_consent(id))
    }

    /// The superseded versions of a consent, oldest first.
    async fn consent_history(&self, id: u64) -> SdkResult<Vec<pb::ConsentVersion>> {
        let mut stream = std::pin::pin!(self.prefix_raw(&keys::consent_versions(id)));
        let mut out = Vec::new();
        while let Some(item) = stream.next().await {
            let (key, bytes) = item?;
            out.push(prost::Message::decode(bytes.as_slice()).map_err(|_| corrupt(&key))?);
        }
        Ok(out)
    }

    async fn receipt(&self, id: u64) -> SdkResult<Option<pb::Receipt>> {
        self.get_proto(&keys::receipt(id)).await
    }

    /// The id the next receipt gets: a use that names its receipts before writing them (an
    /// inference trace lists its receipt ids, and each receipt names the trace) reads it first.
    async fn next_receipt_id(&self) -> SdkResult<u64> {
        self.next_id(RECEIPT).await
    }

    /// The id the next dataset, consent or receipt gets (ids start at 1).
    async fn next_id(&self, kind: &str) -> SdkResult<u64> {
        Ok(self.get_u64(&keys::next(kind)).await?.unwrap_or(1))
    }
}

impl<S: StateRead + ?Sized> ConsentRead for S {}

pub(crate) const DATASET: &str = "dataset";
pub(crate) const CONSENT: &str = "consent";
pub(crate) const RECEIPT: &str = "receipt";

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}

/// Takes the next id of `kind`.
pub(crate) async fn take_id<S: StateWrite + ?Sized>(state: &mut S, kind: &str) -> SdkResult<u64> {
    let id = state.next_id(kind).await?;
    state.put_u64(keys::next(kind), id.checked_add(1).ok_or_else(|| SdkError::internal("id overflow"))?)?;
    Ok(id)
}

pub(crate) fn put_dataset<S: StateWrite + ?Sized>(state: &mut S, dataset: &pb::Dataset) -> SdkResult<()> {
    let owner = dataset.owner.parse().map_err(|_| corrupt("dataset owner"))?;
    state.put_bytes(keys::marker(&keys::datasets_of(&owner), dataset.id), vec![])?;
    state.put_proto(keys::dataset(dataset.id), dataset)
}

pub(crate) fn put_consent<S: StateWrite + ?Sized>(state: &mut S, consent: &pb::Consent) -> SdkResult<()> {
    state.put_bytes(keys::marker(&keys::consents_of(consent.dataset_id), consent.id), vec![])?;
    state.put_proto(keys::consent(consent.id), consent)
}

pub(crate) fn put_consent_version<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
    version: &pb::ConsentVersion,
) -> SdkResult<()> {
    state.put_proto(keys::consent_version(id, version.version), version)
}

/// Stores a receipt and its three indexes (by the dataset's owner, consent and requester).
pub(crate) fn put_receipt<S: StateWrite + ?Sized>(state: &mut S, receipt: &pb::Receipt) -> SdkResult<()> {
    let requester = receipt.requester.parse().map_err(|_| corrupt("receipt requester"))?;
    state.put_bytes(keys::marker(&keys::receipts_of_owner(&receipt.pii_principal), receipt.id), vec![])?;
    state.put_bytes(keys::marker(&keys::receipts_of_consent(receipt.consent_id), receipt.id), vec![])?;
    state.put_bytes(keys::marker(&keys::receipts_of_requester(&requester), receipt.id), vec![])?;
    state.put_proto(keys::receipt(receipt.id), receipt)
}
