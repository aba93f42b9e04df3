//! Staking from the command line, as the Cosmos SDK v0.50 CLI does it:
//!
//! * `symbiote tx staking create-validator|edit-validator|delegate|unbond|redelegate|cancel-unbond`:
//!   [`build_msg`] fills the `cosmos.staking.v1beta1` message exactly as the SDK's CLI does
//!   (delegator = the sender's `sym1...`, validators `symvaloper1...`, decimals in their protobuf
//!   form, the 18-place scaled integer); `tx.rs` simulates, signs and broadcasts it.
//! * `symbiote query staking ...`: the `cosmos.staking.v1beta1.Query` methods through
//!   `abci_query` on their gRPC paths (as `query bank`), printed as the SDK's JSON.
//! * `symbiote comet show-validator|show-node-id|show-address`: this node's CometBFT identity.
//!
//! The node-file readers here (consensus key, node id, moniker, p2p address) also serve
//! `genesis gentx` and `collect-gentxs`.

use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use cosmos_sdk_proto::Any;
use prost::{Message, Name};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use symbiote_app::tx::json::legacy_dec_to_proto;
use symbiote_core::{Address, Amount, Coin, ConsAddress, ValAddress};

use crate::client::Node;

pub const ED25519_PUBKEY_TYPE_URL: &str = "/cosmos.crypto.ed25519.PubKey";
/// What `edit-validator` sends for a description field it leaves alone (the SDK's `DoNotModifyDesc`).
pub const DO_NOT_MODIFY: &str = "[do-not-modify]";

fn b64() -> &'static base64::engine::GeneralPurpose {
    &base64::engine::general_purpose::STANDARD
}

/// A message as the `Any` a tx carries, under its `/package.Name` type URL.
pub fn to_any<M: Name>(msg: &M) -> Any {
    Any { type_url: format!("/{}", M::full_name()), value: msg.encode_to_vec() }
}

// ---- node files ----

fn read_json(path: &Path) -> Result<Value> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", path.display()))
}

/// The node's ed25519 consensus public key (32 bytes) from `config/priv_validator_key.json`.
pub fn consensus_pubkey(home: &Path) -> Result<Vec<u8>> {
    let path = home.join("config").join("priv_validator_key.json");
    let v = read_json(&path)?;
    let key = &v["pub_key"];
    if key["type"] != "tendermint/PubKeyEd25519" {
        bail!("{}: the consensus key is {}, not ed25519", path.display(), key["type"]);
    }
    let bytes = b64()
        .decode(key["value"].as_str().unwrap_or_default())
        .with_context(|| format!("{}: pub_key is not base64", path.display()))?;
    if bytes.len() != 32 {
        bail!("{}: an ed25519 public key has 32 bytes, not {}", path.display(), bytes.len());
    }
    Ok(bytes)
}

/// The node's p2p id (`config/node_key.json`): hex of SHA-256(ed25519 public key)[..20], as
/// `cometbft show-node-id` prints it.
pub fn node_id(home: &Path) -> Result<String> {
    let path = home.join("config").join("node_key.json");
    let v = read_json(&path)?;
    let key = &v["priv_key"];
    if key["type"] != "tendermint/PrivKeyEd25519" {
        bail!("{}: the node key is {}, not ed25519", path.display(), key["type"]);
    }
    let bytes = b64()
        .decode(key["value"].as_str().unwrap_or_default())
        .with_context(|| format!("{}: priv_key is not base64", path.display()))?;
    if bytes.len() != 64 {
        bail!("{}: an ed25519 private key has 64 bytes, not {}", path.display(), bytes.len());
    }
    // Go's ed25519 private key is seed ‖ public key.
    Ok(hex::encode(&Sha256::digest(&bytes[32..])[..20]))
}

fn config_toml(home: &Path) -> Option<toml::Value> {
    let text = std::fs::read_to_string(crate::config::cometbft_config_path(home)).ok()?;
    toml::from_str(&text).ok()
}

/// `moniker` from config/config.toml.
pub fn node_moniker(home: &Path) -> Option<String> {
    config_toml(home)?.get("moniker")?.as_str().map(str::to_owned).filter(|m| !m.is_empty())
}

/// Host and port of `p2p.laddr` in config/config.toml (`tcp://0.0.0.0:26656` → ("0.0.0.0", 26656)).
pub fn p2p_laddr(home: &Path) -> Option<(String, u16)> {
    let laddr = config_toml(home)?.get("p2p")?.get("laddr")?.as_str()?.to_string();
    let addr = laddr.split_once("://").map_or(laddr.as_str(), |(_, a)| a);
    let (host, port) = addr.rsplit_once(':')?;
    Some((host.trim_matches(|c| c == '[' || c == ']').to_string(), port.parse().ok()?))
}

/// A consensus public key as `--pubkey` takes it: the JSON `comet show-validator` (and the SDK's
/// `tendermint show-validator`) prints, `{"@type":"/cosmos.crypto.ed25519.PubKey","key":"<base64>"}`.
pub fn parse_pubkey_json(text: &str) -> Result<Vec<u8>> {
    let v: Value = serde_json::from_str(text)
        .context("--pubkey must be JSON like {\"@type\":\"/cosmos.crypto.ed25519.PubKey\",\"key\":\"...\"}")?;
    if v["@type"] != ED25519_PUBKEY_TYPE_URL {
        bail!("--pubkey: unsupported consensus key type {} (only {ED25519_PUBKEY_TYPE_URL})", v["@type"]);
    }
    let key = b64().decode(v["key"].as_str().unwrap_or_default()).context("--pubkey: key is not base64")?;
    if key.len() != 32 {
        bail!("--pubkey: an ed25519 public key has 32 bytes, not {}", key.len());
    }
    Ok(key)
}

pub fn ed25519_pubkey_any(key: &[u8]) -> Any {
    Any {
        type_url: ED25519_PUBKEY_TYPE_URL.into(),
        value: cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey { key: key.to_vec() }.encode_to_vec(),
    }
}

pub fn pubkey_json(key: &[u8]) -> Value {
    json!({ "@type": ED25519_PUBKEY_TYPE_URL, "key": b64().encode(key) })
}

// ---- argument parsing ----

/// `1000usym` → a coin (digits then denom).
pub fn parse_coin(text: &str) -> Result<Coin> {
    text.parse().map_err(|e: symbiote_core::SdkError| anyhow!("invalid coin {text:?}: {}", e.log))
}

fn proto_coin(text: &str) -> Result<cosmos_sdk_proto::cosmos::base::v1beta1::Coin> {
    Ok(parse_coin(text)?.to_proto())
}

fn dec(flag: &str, text: &str) -> Result<String> {
    legacy_dec_to_proto(text).map_err(|e| anyhow!("--{flag}: {e}"))
}

/// A `math.Int` as the SDK's CLI reads it (`math.NewIntFromString`), in its protobuf form.
fn int(flag: &str, text: &str) -> Result<String> {
    let amount: Amount = text.parse().map_err(|_| anyhow!("--{flag} must be a non-negative integer, got {text:?}"))?;
    Ok(amount.to_string())
}

fn valoper(text: &str) -> Result<String> {
    let v: ValAddress = text.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
    Ok(v.to_string())
}

fn account(text: &str) -> Result<String> {
    let a: Address = text.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
    Ok(a.to_string())
}

/// Description and commission of a new validator (`create-validator`, `genesis gentx`), with the
/// defaults of the SDK's `gentx`.
#[derive(clap::Args, Clone, Debug)]
pub struct ValidatorArgs {
    /// The validator's name (default: the node's moniker in config/config.toml, else "node").
    #[arg(long)]
    pub moniker: Option<String>,
    #[arg(long, default_value = "")]
    pub identity: String,
    #[arg(long, default_value = "")]
    pub website: String,
    #[arg(long, default_value = "")]
    pub security_contact: String,
    #[arg(long, default_value = "")]
    pub details: String,
    /// Initial commission rate.
    #[arg(long, default_value = "0.1")]
    pub commission_rate: String,
    /// The most the commission rate may ever be.
    #[arg(long, default_value = "0.2")]
    pub commission_max_rate: String,
    /// The most the commission rate may change in a day.
    #[arg(long, default_value = "0.01")]
    pub commission_max_change_rate: String,
    /// Tokens the operator must keep self-delegated.
    #[arg(long, default_value = "1")]
    pub min_self_delegation: String,
}

impl ValidatorArgs {
    /// `--moniker`, else the node's, else "node".
    pub fn moniker_or_node(&self, home: &Path) -> String {
        self.moniker.clone().or_else(|| node_moniker(home)).unwrap_or_else(|| "node".into())
    }
}

/// `MsgCreateValidator` as the SDK v0.50 builds it: no delegator address (deprecated), the
/// operator's `symvaloper` address, the ed25519 consensus key, the self-delegation.
pub fn create_validator_msg(
    args: &ValidatorArgs,
    moniker: String,
    operator: Address,
    consensus_key: &[u8],
    amount: &Coin,
) -> Result<Any> {
    #[allow(deprecated)] // delegator_address: left empty, as the SDK v0.50 does
    let msg = staking::MsgCreateValidator {
        description: Some(staking::Description {
            moniker,
            identity: args.identity.clone(),
            website: args.website.clone(),
            security_contact: args.security_contact.clone(),
            details: args.details.clone(),
        }),
        commission: Some(staking::CommissionRates {
            rate: dec("commission-rate", &args.commission_rate)?,
            max_rate: dec("commission-max-rate", &args.commission_max_rate)?,
            max_change_rate: dec("commission-max-change-rate", &args.commission_max_change_rate)?,
        }),
        min_self_delegation: int("min-self-delegation", &args.min_self_delegation)?,
        delegator_address: String::new(),
        validator_address: ValAddress::from_account(operator).to_string(),
        pubkey: Some(ed25519_pubkey_any(consensus_key)),
        value: Some(amount.to_proto()),
    };
    Ok(to_any(&msg))
}

// ---- tx staking ----

#[derive(clap::Subcommand, Debug)]
pub enum StakingTx {
    /// Create a validator operated by --from, self-delegating --amount.
    CreateValidator {
        /// Self-delegation, e.g. 1000000usym.
        #[arg(long)]
        amount: String,
        /// Consensus key as `symbiote comet show-validator` prints it
        /// (default: --home's config/priv_validator_key.json).
        #[arg(long)]
        pubkey: Option<String>,
        #[command(flatten)]
        validator: ValidatorArgs,
    },
    /// Edit the description, commission rate or minimum self-delegation of --from's validator;
    /// what is not given stays as it is.
    EditValidator {
        #[arg(long)]
        moniker: Option<String>,
        #[arg(long)]
        identity: Option<String>,
        #[arg(long)]
        website: Option<String>,
        #[arg(long)]
        security_contact: Option<String>,
        #[arg(long)]
        details: Option<String>,
        #[arg(long)]
        commission_rate: Option<String>,
        #[arg(long)]
        min_self_delegation: Option<String>,
    },
    /// Delegate AMOUNT to VALIDATOR (symvaloper...).
    Delegate { validator: String, amount: String },
    /// Undelegate AMOUNT from VALIDATOR; it is paid out after the unbonding time.
    Unbond { validator: String, amount: String },
    /// Move AMOUNT of delegation from SRC_VALIDATOR to DST_VALIDATOR.
    Redelegate { src_validator: String, dst_validator: String, amount: String },
    /// Cancel (part of) the unbonding of AMOUNT from VALIDATOR started at CREATION_HEIGHT.
    CancelUnbond { validator: String, amount: String, creation_height: i64 },
}

/// The message `cmd` sends from `sender`, field for field as the SDK v0.50 CLI fills it. `home`
/// gives create-validator's default consensus key and moniker.
pub fn build_msg(cmd: &StakingTx, sender: Address, home: &Path) -> Result<Any> {
    let delegator = sender.to_string();
    Ok(match cmd {
        StakingTx::CreateValidator { amount, pubkey, validator } => {
            let key = match pubkey {
                Some(text) => parse_pubkey_json(text)?,
                None => consensus_pubkey(home)?,
            };
            create_validator_msg(validator, validator.moniker_or_node(home), sender, &key, &parse_coin(amount)?)?
        }
        StakingTx::EditValidator {
            moniker,
            identity,
            website,
            security_contact,
            details,
            commission_rate,
            min_self_delegation,
        } => {
            let keep = |v: &Option<String>| v.clone().unwrap_or_else(|| DO_NOT_MODIFY.to_string());
            to_any(&staking::MsgEditValidator {
                description: Some(staking::Description {
                    moniker: keep(moniker),
                    identity: keep(identity),
                    website: keep(website),
                    security_contact: keep(security_contact),
                    details: keep(details),
                }),
                validator_address: ValAddress::from_account(sender).to_string(),
                // Unset: a nil LegacyDec / Int, which is the empty string on the wire.
                commission_rate: commission_rate
                    .as_deref()
                    .map(|r| dec("commission-rate", r))
                    .transpose()?
                    .unwrap_or_default(),
                min_self_delegation: min_self_delegation
                    .as_deref()
                    .map(|m| int("min-self-delegation", m))
                    .transpose()?
                    .unwrap_or_default(),
            })
        }
        StakingTx::Delegate { validator, amount } => to_any(&staking::MsgDelegate {
            delegator_address: delegator,
            validator_address: valoper(validator)?,
            amount: Some(proto_coin(amount)?),
        }),
        StakingTx::Unbond { validator, amount } => to_any(&staking::MsgUndelegate {
            delegator_address: delegator,
            validator_address: valoper(validator)?,
            amount: Some(proto_coin(amount)?),
        }),
        StakingTx::Redelegate { src_validator, dst_validator, amount } => to_any(&staking::MsgBeginRedelegate {
            delegator_address: delegator,
            validator_src_address: valoper(src_validator)?,
            validator_dst_address: valoper(dst_validator)?,
            amount: Some(proto_coin(amount)?),
        }),
        StakingTx::CancelUnbond { validator, amount, creation_height } => {
            if *creation_height <= 0 {
                bail!("CREATION_HEIGHT must be positive, got {creation_height}");
            }
            to_any(&staking::MsgCancelUnbondingDelegation {
                delegator_address: delegator,
                validator_address: valoper(validator)?,
                amount: Some(proto_coin(amount)?),
                creation_height: *creation_height,
            })
        }
    })
}

// ---- query staking ----

/// Pagination of list queries (the SDK's `--limit`, `--offset`, `--page-key`, `--count-total`,
/// `--reverse`); none given = the server's default page.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct PageArgs {
    #[arg(long, default_value_t = 0)]
    pub limit: u64,
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// `next_key` of the previous page (base64).
    #[arg(long)]
    pub page_key: Option<String>,
    #[arg(long)]
    pub count_total: bool,
    #[arg(long)]
    pub reverse: bool,
}

impl PageArgs {
    pub fn request(&self) -> Result<Option<PageRequest>> {
        let key = match &self.page_key {
            Some(k) => b64().decode(k).context("--page-key must be base64")?,
            None => vec![],
        };
        if key.is_empty() && self.limit == 0 && self.offset == 0 && !self.count_total && !self.reverse {
            return Ok(None);
        }
        Ok(Some(PageRequest {
            key,
            offset: self.offset,
            limit: self.limit,
            count_total: self.count_total,
            reverse: self.reverse,
        }))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BondStatus {
    Bonded,
    Unbonding,
    Unbonded,
}

impl BondStatus {
    pub fn proto_name(self) -> &'static str {
        match self {
            BondStatus::Bonded => "BOND_STATUS_BONDED",
            BondStatus::Unbonding => "BOND_STATUS_UNBONDING",
            BondStatus::Unbonded => "BOND_STATUS_UNBONDED",
        }
    }
}

#[derive(clap::Subcommand, Debug)]
pub enum StakingQuery {
    /// All validators, or those with --status.
    Validators {
        #[arg(long, value_enum)]
        status: Option<BondStatus>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// One validator by operator address (symvaloper...).
    Validator { validator: String },
    /// DELEGATOR's delegation to VALIDATOR.
    Delegation { delegator: String, validator: String },
    /// Every delegation of DELEGATOR.
    Delegations {
        delegator: String,
        #[command(flatten)]
        page: PageArgs,
    },
    /// DELEGATOR's unbonding delegations.
    UnbondingDelegations {
        delegator: String,
        #[command(flatten)]
        page: PageArgs,
    },
    /// DELEGATOR's redelegations, optionally only from/to one validator.
    Redelegations {
        delegator: String,
        #[arg(long)]
        src_validator: Option<String>,
        #[arg(long)]
        dst_validator: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Bonded and not-bonded token totals.
    Pool,
    /// The module's parameters.
    Params,
}

/// The `cosmos.staking.v1beta1.Query` method, request bytes and reply message name of a query.
pub fn query_request(q: &StakingQuery) -> Result<(&'static str, Vec<u8>, &'static str)> {
    Ok(match q {
        StakingQuery::Validators { status, page } => (
            "Validators",
            staking::QueryValidatorsRequest {
                status: status.map(|s| s.proto_name().to_string()).unwrap_or_default(),
                pagination: page.request()?,
            }
            .encode_to_vec(),
            "QueryValidatorsResponse",
        ),
        StakingQuery::Validator { validator } => (
            "Validator",
            staking::QueryValidatorRequest { validator_addr: valoper(validator)? }.encode_to_vec(),
            "QueryValidatorResponse",
        ),
        StakingQuery::Delegation { delegator, validator } => (
            "Delegation",
            staking::QueryDelegationRequest {
                delegator_addr: account(delegator)?,
                validator_addr: valoper(validator)?,
            }
            .encode_to_vec(),
            "QueryDelegationResponse",
        ),
        StakingQuery::Delegations { delegator, page } => (
            "DelegatorDelegations",
            staking::QueryDelegatorDelegationsRequest {
                delegator_addr: account(delegator)?,
                pagination: page.request()?,
            }
            .encode_to_vec(),
            "QueryDelegatorDelegationsResponse",
        ),
        StakingQuery::UnbondingDelegations { delegator, page } => (
            "DelegatorUnbondingDelegations",
            staking::QueryDelegatorUnbondingDelegationsRequest {
                delegator_addr: account(delegator)?,
                pagination: page.request()?,
            }
            .encode_to_vec(),
            "QueryDelegatorUnbondingDelegationsResponse",
        ),
        StakingQuery::Redelegations { delegator, src_validator, dst_validator, page } => (
            "Redelegations",
            staking::QueryRedelegationsRequest {
                delegator_addr: account(delegator)?,
                src_validator_addr: src_validator.as_deref().map(valoper).transpose()?.unwrap_or_default(),
                dst_validator_addr: dst_validator.as_deref().map(valoper).transpose()?.unwrap_or_default(),
                pagination: page.request()?,
            }
            .encode_to_vec(),
            "QueryRedelegationsResponse",
        ),
        StakingQuery::Pool => ("Pool", staking::QueryPoolRequest {}.encode_to_vec(), "QueryPoolResponse"),
        StakingQuery::Params => ("Params", staking::QueryParamsRequest {}.encode_to_vec(), "QueryParamsResponse"),
    })
}

/// Runs a staking query; the reply is printed as the SDK's JSON (LegacyDec fields with 18
/// places, timestamps in RFC 3339) in both output modes.
pub async fn query(node: &Node, q: &StakingQuery, height: u64) -> Result<(Value, String)> {
    let (method, req, resp) = query_request(q)?;
    super::query::module_query(node, ("cosmos.staking.v1beta1", method, req, resp), height).await
}

// ---- comet ----

#[derive(clap::Subcommand, Debug)]
#[allow(clippy::enum_variant_names)] // CometBFT's own command names
pub enum CometCmd {
    /// This node's consensus public key, as `create-validator --pubkey` takes it.
    ShowValidator,
    /// This node's p2p id (the part before `@` in a peer address).
    ShowNodeId,
    /// This node's consensus address (symvalcons...).
    ShowAddress,
}

pub fn comet(home: &Path, cmd: &CometCmd) -> Result<(Value, String)> {
    Ok(match cmd {
        CometCmd::ShowValidator => {
            let v = pubkey_json(&consensus_pubkey(home)?);
            let text = serde_json::to_string(&v)?;
            (v, text)
        }
        CometCmd::ShowNodeId => {
            let id = node_id(home)?;
            (json!({ "node_id": id }), id)
        }
        CometCmd::ShowAddress => {
            let address = ConsAddress::from_ed25519_pubkey(&consensus_pubkey(home)?).to_string();
            (json!({ "address": address }), address)
        }
    })
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    /// Parses `symbiote-like` arguments into a staking tx command, as the real CLI does.
    #[derive(clap::Parser, Debug)]
    struct T {
        #[command(subcommand)]
        cmd: StakingTx,
    }

    fn cmd(args: &[&str]) -> StakingTx {
        T::try_parse_from(std::iter::once("tx").chain(args.iter().copied())).unwrap().cmd
    }

    fn sender() -> Address {
        Address::from_bytes([0x11; 20])
    }

    fn val(n: u8) -> String {
        ValAddress::from_account(Address::from_bytes([n; 20])).to_string()
    }

    fn build(args: &[&str]) -> Result<Any> {
        build_msg(&cmd(args), sender(), Path::new("/nonexistent"))
    }

    fn decode<M: Message + Default>(any: &Any, type_url: &str) -> M {
        assert_eq!(any.type_url, type_url);
        M::decode(any.value.as_slice()).unwrap()
    }

    #[test]
    fn delegate_unbond_redelegate_cancel_fill_the_sdk_fields() {
        let coin =
            |a: &str| Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin { denom: "usym".into(), amount: a.into() });
        let m: staking::MsgDelegate =
            decode(&build(&["delegate", &val(2), "1000usym"]).unwrap(), "/cosmos.staking.v1beta1.MsgDelegate");
        assert_eq!(
            m,
            staking::MsgDelegate {
                delegator_address: sender().to_string(),
                validator_address: val(2),
                amount: coin("1000")
            }
        );
        assert!(m.delegator_address.starts_with("sym1") && m.validator_address.starts_with("symvaloper1"));

        let m: staking::MsgUndelegate =
            decode(&build(&["unbond", &val(3), "7usym"]).unwrap(), "/cosmos.staking.v1beta1.MsgUndelegate");
        assert_eq!(
            m,
            staking::MsgUndelegate {
                delegator_address: sender().to_string(),
                validator_address: val(3),
                amount: coin("7")
            }
        );

        let m: staking::MsgBeginRedelegate = decode(
            &build(&["redelegate", &val(3), &val(4), "9usym"]).unwrap(),
            "/cosmos.staking.v1beta1.MsgBeginRedelegate",
        );
        assert_eq!(
            m,
            staking::MsgBeginRedelegate {
                delegator_address: sender().to_string(),
                validator_src_address: val(3),
                validator_dst_address: val(4),
                amount: coin("9")
            }
        );

        let m: staking::MsgCancelUnbondingDelegation = decode(
            &build(&["cancel-unbond", &val(5), "10usym", "42"]).unwrap(),
            "/cosmos.staking.v1beta1.MsgCancelUnbondingDelegation",
        );
        assert_eq!(
            m,
            staking::MsgCancelUnbondingDelegation {
                delegator_address: sender().to_string(),
                validator_address: val(5),
                amount: coin("10"),
                creation_height: 42
            }
        );
    }

    #[test]
    fn bad_addresses_amounts_and_heights_are_refused() {
        // An account address where an operator address belongs, and the reverse.
        let e = build(&["delegate", &sender().to_string(), "1usym"]).unwrap_err().to_string();
        assert!(e.contains("symvaloper"), "{e}");
        assert!(build(&["delegate", &val(2), "usym"]).is_err());
        assert!(build(&["delegate", &val(2), "1.5usym"]).is_err());
        assert!(build(&["redelegate", &val(2), "nope", "5usym"]).is_err());
        assert!(build(&["cancel-unbond", &val(2), "5usym", "0"]).is_err());
        let q = StakingQuery::Delegation { delegator: val(1), validator: val(2) };
        assert!(query_request(&q).is_err(), "an operator address is not a delegator");
    }

    #[test]
    fn create_validator_fills_v050_fields_with_wire_decimals() {
        let key = [9u8; 32];
        let pubkey = serde_json::to_string(&pubkey_json(&key)).unwrap();
        let any = build(&[
            "create-validator",
            "--amount",
            "5000000usym",
            "--pubkey",
            &pubkey,
            "--moniker",
            "val-a",
            "--website",
            "https://a.example",
            "--commission-rate",
            "0.05",
            "--commission-max-rate",
            "0.5",
            "--commission-max-change-rate",
            "0.001",
            "--min-self-delegation",
            "1000",
        ])
        .unwrap();
        let m: staking::MsgCreateValidator = decode(&any, "/cosmos.staking.v1beta1.MsgCreateValidator");
        #[allow(deprecated)]
        let expected = staking::MsgCreateValidator {
            description: Some(staking::Description {
                moniker: "val-a".into(),
                website: "https://a.example".into(),
                ..Default::default()
            }),
            commission: Some(staking::CommissionRates {
                rate: "50000000000000000".into(),
                max_rate: "500000000000000000".into(),
                max_change_rate: "1000000000000000".into(),
            }),
            min_self_delegation: "1000".into(),
            delegator_address: String::new(),
            validator_address: ValAddress::from_account(sender()).to_string(),
            pubkey: Some(Any {
                type_url: "/cosmos.crypto.ed25519.PubKey".into(),
                value: cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey { key: key.to_vec() }.encode_to_vec(),
            }),
            value: Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
                denom: "usym".into(),
                amount: "5000000".into(),
            }),
        };
        assert_eq!(m, expected);

        // Defaults (gentx's): 0.1 / 0.2 / 0.01, min self-delegation 1; no moniker, no home → "node".
        let m: staking::MsgCreateValidator = decode(
            &build(&["create-validator", "--amount", "1usym", "--pubkey", &pubkey]).unwrap(),
            "/cosmos.staking.v1beta1.MsgCreateValidator",
        );
        let c = m.commission.unwrap();
        assert_eq!((c.rate.as_str(), c.max_rate.as_str()), ("100000000000000000", "200000000000000000"));
        assert_eq!(c.max_change_rate, "10000000000000000");
        assert_eq!(m.min_self_delegation, "1");
        assert_eq!(m.description.unwrap().moniker, "node");

        // Without --pubkey and without a node home: a clear error naming the key file.
        let e = build(&["create-validator", "--amount", "1usym"]).unwrap_err().to_string();
        assert!(e.contains("priv_validator_key.json"), "{e}");
        let secp = r#"{"@type":"/cosmos.crypto.secp256k1.PubKey","key":"AAAA"}"#;
        assert!(build(&["create-validator", "--amount", "1usym", "--pubkey", secp]).is_err());
        assert!(
            build(&["create-validator", "--amount", "1usym", "--pubkey", &pubkey, "--commission-rate", "x"]).is_err()
        );
    }

    #[test]
    fn edit_validator_leaves_unset_fields_as_the_sdk_does() {
        let m: staking::MsgEditValidator = decode(
            &build(&["edit-validator", "--details", "new"]).unwrap(),
            "/cosmos.staking.v1beta1.MsgEditValidator",
        );
        assert_eq!(
            m,
            staking::MsgEditValidator {
                description: Some(staking::Description {
                    moniker: "[do-not-modify]".into(),
                    identity: "[do-not-modify]".into(),
                    website: "[do-not-modify]".into(),
                    security_contact: "[do-not-modify]".into(),
                    details: "new".into(),
                }),
                validator_address: ValAddress::from_account(sender()).to_string(),
                commission_rate: String::new(),
                min_self_delegation: String::new(),
            }
        );
        let m: staking::MsgEditValidator = decode(
            &build(&["edit-validator", "--commission-rate", "0.25", "--min-self-delegation", "0050"]).unwrap(),
            "/cosmos.staking.v1beta1.MsgEditValidator",
        );
        assert_eq!(m.commission_rate, "250000000000000000");
        assert_eq!(m.min_self_delegation, "50");
        assert_eq!(m.description.unwrap().moniker, "[do-not-modify]");
    }

    #[test]
    fn staking_queries_name_their_methods_and_requests() {
        #[derive(clap::Parser, Debug)]
        struct Q {
            #[command(subcommand)]
            q: StakingQuery,
        }
        let parse = |args: &[&str]| Q::try_parse_from(std::iter::once("q").chain(args.iter().copied())).unwrap().q;
        let (m, req, resp) = query_request(&parse(&["validators", "--status", "bonded"])).unwrap();
        assert_eq!((m, resp), ("Validators", "QueryValidatorsResponse"));
        assert_eq!(
            staking::QueryValidatorsRequest::decode(req.as_slice()).unwrap(),
            staking::QueryValidatorsRequest { status: "BOND_STATUS_BONDED".into(), pagination: None }
        );
        let (_, req, _) = query_request(&parse(&["validators", "--limit", "2", "--count-total"])).unwrap();
        let r = staking::QueryValidatorsRequest::decode(req.as_slice()).unwrap();
        assert_eq!(r.status, "");
        let p = r.pagination.unwrap();
        assert_eq!((p.limit, p.count_total), (2, true));

        let d = sender().to_string();
        let (m, req, resp) = query_request(&parse(&["redelegations", &d, "--src-validator", &val(2)])).unwrap();
        assert_eq!((m, resp), ("Redelegations", "QueryRedelegationsResponse"));
        assert_eq!(
            staking::QueryRedelegationsRequest::decode(req.as_slice()).unwrap(),
            staking::QueryRedelegationsRequest {
                delegator_addr: d.clone(),
                src_validator_addr: val(2),
                dst_validator_addr: String::new(),
                pagination: None
            }
        );
        for (args, method, resp) in [
            (vec!["validator", &val(2)], "Validator", "QueryValidatorResponse"),
            (vec!["delegation", &d, &val(2)], "Delegation", "QueryDelegationResponse"),
            (vec!["delegations", &d], "DelegatorDelegations", "QueryDelegatorDelegationsResponse"),
            (
                vec!["unbonding-delegations", &d],
                "DelegatorUnbondingDelegations",
                "QueryDelegatorUnbondingDelegationsResponse",
            ),
            (vec!["pool"], "Pool", "QueryPoolResponse"),
            (vec!["params"], "Params", "QueryParamsResponse"),
        ] {
            let (m, _, r) = query_request(&parse(&args)).unwrap();
            assert_eq!((m, r), (method, resp));
            // Every reply type is in the schema the JSON printer reads.
            assert!(
                symbiote_app::tx::unknown_fields::descriptor(&format!("cosmos.staking.v1beta1.{r}")).is_some(),
                "{r}"
            );
        }
    }

    #[test]
    fn pubkey_json_round_trips_and_rejects_bad_keys() {
        let key = [3u8; 32];
        assert_eq!(parse_pubkey_json(&pubkey_json(&key).to_string()).unwrap(), key);
        assert!(parse_pubkey_json("not json").is_err());
        assert!(parse_pubkey_json(r#"{"@type":"/cosmos.crypto.ed25519.PubKey","key":"AAAA"}"#).is_err());
    }
}
