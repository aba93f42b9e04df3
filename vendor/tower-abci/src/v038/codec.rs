use std::marker::PhantomData;

use tokio_util::codec::{Decoder, Encoder};

use bytes::{BufMut, BytesMut};

pub struct Decode<M> {
    state: DecodeState,
    _marker: PhantomData<M>,
}

impl<M> Default for Decode<M> {
    fn default() -> Self {
        Self {
            state: DecodeState::Head,
            _marker: PhantomData,
        }
    }
}

#[derive(Debug)]
enum DecodeState {
    Head,
    Body { len: usize },
}

impl<M: prost::Message + Default> Decoder for Decode<M> {
    type Item = M;
    type Error = crate::BoxError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Self::Item>, Self::Error> {
        match self.state {
            DecodeState::Head => {
                tracing::trace!(?src, "decoding head");
                // we don't use decode_varint directly, because it advances the
                // buffer regardless of success, but Decoder assumes that when
                // the buffer advances we've consumed the data. this is sort of
                // a sad hack, but it works.
                // TODO(erwan): fix this

                // Tendermint socket protocol:
                //   "Messages are serialized using Protobuf3 and length-prefixed
                //    with an unsigned varint"
                // See: https://github.com/tendermint/tendermint/blob/v0.38.x/spec/abci/abci++_client_server.md#socket
                let mut tmp = src.clone().freeze();
                let len = match prost::encoding::decode_varint(&mut tmp) {
                    Ok(_) => {
                        // advance the real buffer
                        prost::encoding::decode_varint(src).unwrap() as usize
                    }
                    Err(_) => {
                        tracing::trace!(?self.state, src.len = src.len(), "waiting for header data");
                        return Ok(None);
                    }
                };
                self.state = DecodeState::Body { len };
                tracing::trace!(?self.state, "ready for body");

                // Recurse to attempt body decoding.
                self.decode(src)
            }
            DecodeState::Body { len } => {
                if src.len() < len {
                    tracing::trace!(?self.state, src.len = src.len(), "waiting for body");
                    return Ok(None);
                }

                let body = src.split_to(len);
                tracing::trace!(?body, "decoding body");
                let message = M::decode(body)?;

                // Now reset the decoder state for the next message.
                self.state = DecodeState::Head;

                Ok(Some(message))
            }
        }
    }
}

/// symbiote patch: a frame whose bytes do not decode as the message type (a Query path that is
/// not UTF-8 arrives this way from CometBFT's RPC), reported as an item instead of an error that
/// ends the connection. The frame is consumed either way.
#[derive(Debug)]
pub struct Undecodable {
    /// The number of the frame's first field: for an ABCI `Request`, which request it is.
    pub first_field: Option<u64>,
    pub error: String,
}

/// symbiote patch: [`Decode`] yielding `Err(Undecodable)` items for frames that do not decode.
pub struct DecodeOrReport<M>(Decode<M>);

impl<M> Default for DecodeOrReport<M> {
    fn default() -> Self {
        Self(Decode::default())
    }
}

impl<M: prost::Message + Default> Decoder for DecodeOrReport<M> {
    type Item = Result<M, Undecodable>;
    type Error = crate::BoxError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Self::Item>, Self::Error> {
        if let DecodeState::Head = self.0.state {
            let mut tmp = src.clone().freeze();
            if prost::encoding::decode_varint(&mut tmp).is_err() {
                return Ok(None);
            }
            let len = prost::encoding::decode_varint(src).expect("checked above") as usize;
            self.0.state = DecodeState::Body { len };
        }
        let DecodeState::Body { len } = self.0.state else { unreachable!("set above") };
        if src.len() < len {
            return Ok(None);
        }
        let body = src.split_to(len).freeze();
        self.0.state = DecodeState::Head;
        Ok(Some(M::decode(body.clone()).map_err(|e| Undecodable {
            first_field: prost::encoding::decode_key(&mut body.as_ref()).ok().map(|(tag, _)| u64::from(tag)),
            error: e.to_string(),
        })))
    }
}

pub struct Encode<M> {
    _marker: PhantomData<M>,
}

impl<M> Default for Encode<M> {
    fn default() -> Self {
        Self {
            _marker: PhantomData,
        }
    }
}

impl<M: prost::Message + Sized + std::fmt::Debug> Encoder<M> for Encode<M> {
    type Error = crate::BoxError;

    fn encode(&mut self, item: M, dst: &mut BytesMut) -> Result<(), Self::Error> {
        let mut buf = BytesMut::new();
        item.encode(&mut buf)?;
        let buf = buf.freeze();

        // Tendermint socket protocol:
        //   "Messages are serialized using Protobuf3 and length-prefixed
        //    with an unsigned varint"
        // See: https://github.com/tendermint/tendermint/blob/v0.38.x/spec/abci/abci++_client_server.md#socket
        prost::encoding::encode_varint(buf.len() as u64, dst);
        dst.put(buf);

        Ok(())
    }
}
