//! Coded errors in the Cosmos SDK's `sdk` codespace.
//!
//! Clients (cosmjs, Hermes, explorers) branch on `(codespace, code)`, and some match the log text too
//! (Hermes retries on "account sequence mismatch"), so codes and wording follow
//! `cosmos-sdk/types/errors/errors.go`. A log reads "<detail>: <description>", as the SDK's wrapped
//! errors print.

use std::fmt;

pub const CODESPACE: &str = "sdk";

/// Error codes of the `sdk` codespace that symbiote returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Code {
    TxDecode = 2,
    InvalidSequence = 3,
    Unauthorized = 4,
    InsufficientFunds = 5,
    UnknownRequest = 6,
    InvalidAddress = 7,
    InvalidPubKey = 8,
    UnknownAddress = 9,
    InvalidCoins = 10,
    OutOfGas = 11,
    MemoTooLarge = 12,
    InsufficientFee = 13,
    TooManySignatures = 14,
    NoSignatures = 15,
    InvalidRequest = 18,
    TxInMempoolCache = 19,
    TxTooLarge = 21,
    InvalidSigner = 24,
    InvalidHeight = 26,
    InvalidChainId = 28,
    InvalidType = 29,
    TxTimeoutHeight = 30,
    UnknownExtensionOptions = 31,
    WrongSequence = 32,
    Logic = 35,
    NotSupported = 37,
    NotFound = 38,
    Io = 39,
    InvalidGasLimit = 41,
}

impl Code {
    /// The SDK's description for the code, appended to every log.
    pub fn description(self) -> &'static str {
        match self {
            Code::TxDecode => "tx parse error",
            Code::InvalidSequence => "invalid sequence",
            Code::Unauthorized => "unauthorized",
            Code::InsufficientFunds => "insufficient funds",
            Code::UnknownRequest => "unknown request",
            Code::InvalidAddress => "invalid address",
            Code::InvalidPubKey => "invalid pubkey",
            Code::UnknownAddress => "unknown address",
            Code::InvalidCoins => "invalid coins",
            Code::OutOfGas => "out of gas",
            Code::MemoTooLarge => "memo too large",
            Code::InsufficientFee => "insufficient fee",
            Code::TooManySignatures => "maximum number of signatures exceeded",
            Code::NoSignatures => "no signatures supplied",
            Code::InvalidRequest => "invalid request",
            Code::TxInMempoolCache => "tx already in mempool",
            Code::TxTooLarge => "tx too large",
            Code::InvalidSigner => "tx intended signer does not match the given signer",
            Code::InvalidHeight => "invalid height",
            Code::InvalidChainId => "invalid chain-id",
            Code::InvalidType => "invalid type",
            Code::TxTimeoutHeight => "tx timeout height",
            Code::UnknownExtensionOptions => "unknown extension options",
            Code::WrongSequence => "incorrect account sequence",
            Code::Logic => "internal logic error",
            Code::NotSupported => "feature not supported",
            Code::NotFound => "not found",
            Code::Io => "Internal IO error",
            Code::InvalidGasLimit => "invalid gas limit",
        }
    }
}

/// An error with a code a client can act on and a log a person can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkError {
    pub codespace: &'static str,
    pub code: u32,
    pub log: String,
    /// A broken store or invariant rather than bad input: FinalizeBlock must halt on it instead of
    /// recording it as a tx result (a validator that did would commit a state the others do not).
    pub internal: bool,
}

pub type SdkResult<T> = Result<T, SdkError>;

impl SdkError {
    /// `detail: description`, as `errorsmod.Wrap(ErrX, detail)` prints it.
    pub fn new(code: Code, detail: impl fmt::Display) -> Self {
        let detail = detail.to_string();
        let log = if detail.is_empty() {
            code.description().to_string()
        } else {
            format!("{detail}: {}", code.description())
        };
        Self { codespace: CODESPACE, code: code as u32, log, internal: false }
    }

    /// An error of a module's own codespace (`gov`, `staking`, ...), worded as the SDK registers it:
    /// `detail: description`.
    pub fn coded(codespace: &'static str, code: u32, description: &str, detail: impl fmt::Display) -> Self {
        let detail = detail.to_string();
        let log = if detail.is_empty() { description.to_string() } else { format!("{detail}: {description}") };
        Self { codespace, code, log, internal: false }
    }

    /// An error whose cause is a broken store or an invariant, never user input. Such errors in
    /// FinalizeBlock halt the node rather than silently diverge.
    pub fn internal(err: impl fmt::Display) -> Self {
        Self { internal: true, ..Self::new(Code::Logic, err) }
    }

    pub fn is(&self, code: Code) -> bool {
        self.codespace == CODESPACE && self.code == code as u32
    }

    pub fn is_internal(&self) -> bool {
        self.internal
    }

    pub fn sequence_mismatch(expected: u64, got: u64) -> Self {
        Self::new(Code::WrongSequence, format!("account sequence mismatch, expected {expected}, got {got}"))
    }
}

impl fmt::Display for SdkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (codespace {}, code {})", self.log, self.codespace, self.code)
    }
}

impl std::error::Error for SdkError {}

/// Store errors carry no user-facing meaning; they surface as internal errors.
impl From<anyhow::Error> for SdkError {
    fn from(err: anyhow::Error) -> Self {
        // A metered read that ran out of gas comes back through cnidarium as anyhow::Error.
        match err.downcast::<SdkError>() {
            Ok(sdk) => sdk,
            Err(other) => SdkError::internal(format!("{other:#}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_wraps_detail_like_the_sdk() {
        let e = SdkError::sequence_mismatch(1, 0);
        assert_eq!(e.code, 32);
        assert_eq!(e.log, "account sequence mismatch, expected 1, got 0: incorrect account sequence");
        assert_eq!(SdkError::new(Code::Unauthorized, "").log, "unauthorized");
    }

    #[test]
    fn anyhow_round_trips_sdk_errors() {
        let e = SdkError::new(Code::OutOfGas, "gas wanted 10, used 11");
        let back: SdkError = anyhow::Error::new(e.clone()).into();
        assert_eq!(back, e);
        let other: SdkError = anyhow::anyhow!("disk on fire").into();
        assert_eq!(other.code, Code::Logic as u32);
        assert!(other.is_internal() && !e.is_internal());
    }
}
