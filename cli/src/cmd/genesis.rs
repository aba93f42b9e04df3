//! `symbiote genesis ...`: edit the genesis file before the chain starts.
//!
//! Validators join a new chain as on a Cosmos SDK v0.50 chain: each operator signs a *gentx*
//! (`genesis gentx`: one `MsgCreateValidator` self-delegating from a genesis-funded account,
//! memo `nodeid@ip:port`, SIGN_MODE_DIRECT with account number 0 and sequence 0 for the genesis
//! chain id), written as the SDK's tx JSON (`symbiote_app::tx::json`). `genesis collect-gentxs`
//! checks them all, writes them to `app_state.genutil.gen_txs` in file-name order, and points
//! `p2p.persistent_peers` at the other validators. InitChain delivers them.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use cosmos_sdk_proto::cosmos::staking::v1beta1::MsgCreateValidator;
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{mode_info, AuthInfo, SignDoc, TxBody, TxRaw};
use prost::Message;
use serde_json::{json, Value};
use symbiote_app::tx::build::{Signing, UnsignedTx};
use symbiote_app::tx::json::{tx_from_json, tx_to_json};
use symbiote_app::{AppGenesis, ModuleSet, Modules};
use symbiote_auth::genesis::GenesisAccount;
use symbiote_bank::genesis::{GenesisBalance, GenesisCoin};
use symbiote_core::{Address, Amount, Coin, Coins, ValAddress, BASE_DENOM};

use super::staking::{self, ValidatorArgs};
use crate::config::{genesis_path, set_cometbft_config};
use crate::keys::{Backend, Keyring};

/// Gas limit of a gentx (the SDK's default; gentxs pay no fee).
pub const GENTX_GAS: u64 = 200_000;
pub const CREATE_VALIDATOR_TYPE_URL: &str = "/cosmos.staking.v1beta1.MsgCreateValidator";

#[derive(clap::Subcommand, Debug)]
pub enum GenesisCmd {
    /// Fund an account (address, or key name in the keyring) in genesis.
    AddAccount {
        address_or_key: String,
        /// e.g. 1000000usym
        coins: String,
        #[arg(long, value_enum, default_value = "test")]
        keyring_backend: Backend,
    },
    /// Add the validator of another node home (its config/priv_validator_key.json) with a power.
    AddValidator {
        validator_home: PathBuf,
        #[arg(long, default_value_t = 10)]
        power: u64,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Check every section of the genesis file's app_state.
    Validate,
    /// Set one genesis field, e.g. `app_state.staking.params.unbonding_time 20s`: PATH is dotted
    /// (objects only, created as needed), VALUE is JSON or else a plain string. The edited
    /// app_state must still validate, or nothing is written.
    Set { path: String, value: String },
    /// Sign this node's genesis validator: a MsgCreateValidator self-delegating AMOUNT from KEY's
    /// genesis balance; written to config/gentx/gentx-<node id>.json.
    Gentx(Box<GentxArgs>),
    /// Check the gentxs in config/gentx (or --gentx-dir), write them into genesis
    /// (app_state.genutil.gen_txs) and set p2p.persistent_peers to the other validators.
    CollectGentxs {
        #[arg(long)]
        gentx_dir: Option<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
pub struct GentxArgs {
    /// The operator's key (name or address in the keyring); it signs and self-delegates.
    pub key: String,
    /// Self-delegation, e.g. 100000000usym.
    pub amount: String,
    #[command(flatten)]
    pub validator: ValidatorArgs,
    /// The node's public IP for the memo (default: the host of p2p.laddr in config.toml, or
    /// 127.0.0.1 when that is unspecified).
    #[arg(long)]
    pub ip: Option<String>,
    /// The node's p2p port for the memo (default: p2p.laddr's port in config.toml).
    #[arg(long)]
    pub p2p_port: Option<u16>,
    /// The node's p2p id (default: from config/node_key.json).
    #[arg(long)]
    pub node_id: Option<String>,
    /// Consensus key as `symbiote comet show-validator` prints it (default: from
    /// config/priv_validator_key.json).
    #[arg(long)]
    pub pubkey: Option<String>,
    /// Where to write the gentx (default: config/gentx/gentx-<node id>.json).
    #[arg(long)]
    pub output_document: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "test")]
    pub keyring_backend: Backend,
}

fn load(home: &Path) -> Result<Value> {
    let path = genesis_path(home);
    serde_json::from_slice(
        &std::fs::read(&path).with_context(|| format!("reading {} (run `symbiote init`)", path.display()))?,
    )
    .with_context(|| format!("parsing {}", path.display()))
}

fn save(home: &Path, genesis: &Value) -> Result<()> {
    std::fs::write(genesis_path(home), serde_json::to_vec_pretty(genesis)?)?;
    Ok(())
}

/// The genesis file's `app_state`, parsed and checked section by section.
fn app_state(genesis: &Value) -> Result<AppGenesis> {
    let bytes = match &genesis["app_state"] {
        Value::Null => vec![],
        state => serde_json::to_vec(state)?,
    };
    symbiote_app::genesis::parse::<Modules>(&bytes).map_err(|e| anyhow!(e.log))
}

/// Runs the command; the text is what a person sees (the JSON itself unless said otherwise).
pub fn run(home: &Path, cmd: &GenesisCmd) -> Result<(Value, String)> {
    let mut genesis = load(home)?;
    let genesis = &mut genesis;
    let v: Result<Value> = match cmd {
        GenesisCmd::Gentx(args) => return gentx(home, genesis, args),
        GenesisCmd::CollectGentxs { gentx_dir } => return collect_gentxs(home, genesis, gentx_dir.as_deref()),
        GenesisCmd::AddAccount { address_or_key, coins, keyring_backend } => {
            let address: Address = match address_or_key.parse() {
                Ok(a) => a,
                Err(_) => Keyring::new(home, *keyring_backend)
                    .show(address_or_key)?
                    .address
                    .parse()
                    .map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?,
            };
            let coins: Coins = coins.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
            let mut state = app_state(genesis)?;
            if state.bank.balances.iter().any(|b| b.address == address.to_string()) {
                bail!("{address} already has a genesis balance");
            }
            if !state.auth.accounts.iter().any(|a| a.address == address.to_string()) {
                let next = state.auth.accounts.iter().map(|a| a.account_number + 1).max().unwrap_or(0);
                state.auth.accounts.push(GenesisAccount::new(&address, next));
            }
            state.bank.balances.push(GenesisBalance {
                address: address.to_string(),
                coins: coins.iter().map(|c| GenesisCoin::from(&c)).collect(),
            });
            state.bank.supply.clear(); // derived from balances at InitChain
            genesis["app_state"] = serde_json::to_value(&state)?;
            save(home, genesis)?;
            Ok(json!({ "address": address.to_string(), "coins": coins.to_string() }))
        }
        GenesisCmd::AddValidator { validator_home, power, name } => {
            let key_path = validator_home.join("config").join("priv_validator_key.json");
            let key: Value = serde_json::from_slice(
                &std::fs::read(&key_path).with_context(|| format!("reading {}", key_path.display()))?,
            )?;
            let entry = json!({
                "address": key["address"],
                "pub_key": key["pub_key"],
                "power": power.to_string(),
                "name": name,
            });
            let validators =
                genesis["validators"].as_array_mut().ok_or_else(|| anyhow!("genesis has no validators list"))?;
            if validators.iter().any(|v| v["address"] == key["address"]) {
                bail!("validator {} is already in genesis", key["address"]);
            }
            validators.push(entry.clone());
            save(home, genesis)?;
            Ok(entry)
        }
        GenesisCmd::Set { path, value } => {
            let value: Value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.clone()));
            set_path(genesis, path, value.clone())?;
            app_state(genesis).with_context(|| format!("after setting {path}"))?;
            save(home, genesis)?;
            Ok(json!({ "path": path, "value": value }))
        }
        GenesisCmd::Validate => {
            let state = app_state(genesis)?;
            let supply = state.bank.parse().map_err(|e| anyhow!(e.log))?.supply;
            Ok(json!({
                "chain_id": genesis["chain_id"],
                "sections": Modules::names(),
                "accounts": state.auth.accounts.len(),
                "supply": supply.to_string(),
            }))
        }
    };
    let v = v?;
    let text = serde_json::to_string_pretty(&v)?;
    Ok((v, text))
}

/// Sets `value` at the dotted `path` of `doc`, creating objects along the way.
fn set_path(doc: &mut Value, path: &str, value: Value) -> Result<()> {
    let parts: Vec<&str> = path.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) {
        bail!("path {path:?} has an empty part");
    }
    let (last, parents) = parts.split_last().expect("split yields at least one part");
    let mut at = doc;
    for (i, part) in parents.iter().enumerate() {
        if at.is_null() {
            *at = json!({});
        }
        let object = at.as_object_mut().ok_or_else(|| anyhow!("{} is not an object", parts[..i].join(".")))?;
        at = object.entry(part.to_string()).or_insert(Value::Null);
    }
    if at.is_null() {
        *at = json!({});
    }
    let object = at.as_object_mut().ok_or_else(|| anyhow!("{} is not an object", parents.join(".")))?;
    object.insert(last.to_string(), value);
    Ok(())
}

// ---- gentx ----

/// The denom validators bond: staking's `bond_denom` in genesis when set, else usym.
fn bond_denom(genesis: &Value) -> String {
    genesis["app_state"]["staking"]["params"]["bond_denom"]
        .as_str()
        .filter(|d| !d.is_empty())
        .unwrap_or(BASE_DENOM)
        .to_string()
}

/// `address`'s genesis balance of `denom` (app_state.bank.balances), None if it has no balance
/// entry at all.
fn genesis_balance(genesis: &Value, address: &Address, denom: &str) -> Result<Option<Amount>> {
    let address = address.to_string();
    let Some(entry) = genesis["app_state"]["bank"]["balances"]
        .as_array()
        .and_then(|list| list.iter().find(|b| b["address"].as_str() == Some(address.as_str())))
    else {
        return Ok(None);
    };
    let coin = entry["coins"].as_array().and_then(|c| c.iter().find(|c| c["denom"].as_str() == Some(denom)));
    let amount = match coin {
        Some(c) => c["amount"]
            .as_str()
            .unwrap_or_default()
            .parse::<Amount>()
            .map_err(|_| anyhow!("genesis balance of {address} has an invalid {denom} amount {}", c["amount"]))?,
        None => Amount::default(),
    };
    Ok(Some(amount))
}

/// Checks, as the SDK's gentx and collect-gentxs do, that `operator` has a genesis balance
/// covering the self-delegation `value`.
fn check_genesis_funds(genesis: &Value, operator: &Address, value: &Coin) -> Result<()> {
    match genesis_balance(genesis, operator, &value.denom)? {
        None => bail!(
            "account {operator} does not have a balance in the genesis state; fund it first with \
             `symbiote genesis add-account`"
        ),
        Some(have) if have < value.amount => bail!(
            "account {operator} has a balance in genesis, but it only has {have}{denom} available to stake, not \
             {}{denom}",
            value.amount,
            denom = value.denom
        ),
        Some(_) => Ok(()),
    }
}

fn check_self_delegation(value: &Coin, bond_denom: &str) -> Result<()> {
    if value.denom != bond_denom {
        bail!("the self-delegation must be in the bond denom {bond_denom}, not {}", value.denom);
    }
    if value.amount.is_zero() {
        bail!("the self-delegation must be positive, got {value}");
    }
    Ok(())
}

/// A gentx memo, `nodeid@host:port`: the node's p2p id (40 hex digits), a host, a port.
pub fn parse_memo(memo: &str) -> Result<(String, String, u16)> {
    let bad = |why: &str| anyhow!("memo {memo:?} is not nodeid@host:port: {why}");
    let (id, addr) = memo.split_once('@').ok_or_else(|| bad("no '@'"))?;
    if id.len() != 40 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("the node id must be 40 hex digits"));
    }
    let (host, port) = addr.rsplit_once(':').ok_or_else(|| bad("no ':port'"))?;
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == ',' || c == '@') {
        return Err(bad("empty or invalid host"));
    }
    let port: u16 = port.parse().ok().filter(|p| *p != 0).ok_or_else(|| bad("invalid port"))?;
    Ok((id.to_ascii_lowercase(), host.to_string(), port))
}

/// What a gentx says, once checked.
pub struct CheckedGentx {
    pub operator: Address,
    pub validator_address: String,
    pub moniker: String,
    pub consensus_key: Vec<u8>,
    pub value: Coin,
    pub memo: String,
    pub node_id: String,
}

/// Checks a gentx's bytes: one MsgCreateValidator of a positive bond-denom self-delegation with
/// an ed25519 consensus key, signed (SIGN_MODE_DIRECT, sequence 0, account number 0, this
/// chain id) by its operator alone, memo `nodeid@host:port`. Genesis funds are checked apart.
pub fn check_gentx(bytes: &[u8], chain_id: &str, bond_denom: &str) -> Result<CheckedGentx> {
    let raw = TxRaw::decode(bytes).context("not a tx")?;
    let body = TxBody::decode(raw.body_bytes.as_slice()).context("malformed tx body")?;
    let auth = AuthInfo::decode(raw.auth_info_bytes.as_slice()).context("malformed auth info")?;
    let [msg] = body.messages.as_slice() else {
        bail!("a gentx holds exactly one message, this one has {}", body.messages.len());
    };
    if msg.type_url != CREATE_VALIDATOR_TYPE_URL {
        bail!("a gentx's message must be {CREATE_VALIDATOR_TYPE_URL}, not {}", msg.type_url);
    }
    let create = MsgCreateValidator::decode(msg.value.as_slice()).context("malformed MsgCreateValidator")?;
    let operator: ValAddress = create.validator_address.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
    let operator = operator.account();
    let pubkey = create.pubkey.as_ref().ok_or_else(|| anyhow!("the validator has no consensus pubkey"))?;
    if pubkey.type_url != staking::ED25519_PUBKEY_TYPE_URL {
        bail!("unsupported consensus key type {} (only {})", pubkey.type_url, staking::ED25519_PUBKEY_TYPE_URL);
    }
    let consensus_key = cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey::decode(pubkey.value.as_slice())
        .context("malformed ed25519 consensus key")?
        .key;
    if consensus_key.len() != 32 {
        bail!("an ed25519 consensus key has 32 bytes, not {}", consensus_key.len());
    }
    let value = create.value.as_ref().ok_or_else(|| anyhow!("the self-delegation (value) is missing"))?;
    let value = Coin::try_from(value).map_err(|e| anyhow!("self-delegation: {}", e.log))?;
    check_self_delegation(&value, bond_denom)?;

    let ([signer], [signature]) = (auth.signer_infos.as_slice(), raw.signatures.as_slice()) else {
        bail!(
            "a gentx has one signer and one signature, this one has {} and {}",
            auth.signer_infos.len(),
            raw.signatures.len()
        );
    };
    let key = signer.public_key.as_ref().ok_or_else(|| anyhow!("the signer's public key is missing"))?;
    let key = symbiote_auth::secp256k1_key_from_any(key).map_err(|e| anyhow!(e.log))?;
    if Address::from_secp256k1_pubkey(&key) != operator {
        bail!("the gentx is not signed by its operator {}", create.validator_address);
    }
    match signer.mode_info.as_ref().and_then(|m| m.sum.as_ref()) {
        Some(mode_info::Sum::Single(s)) if s.mode == SignMode::Direct as i32 => {}
        _ => bail!("a gentx must be signed in SIGN_MODE_DIRECT"),
    }
    if signer.sequence != 0 {
        bail!("a gentx is signed with sequence 0, not {}", signer.sequence);
    }
    let doc = SignDoc {
        body_bytes: raw.body_bytes.clone(),
        auth_info_bytes: raw.auth_info_bytes.clone(),
        chain_id: chain_id.to_string(),
        account_number: 0,
    };
    if !symbiote_app::ante::verify_secp256k1(&key, &doc.encode_to_vec(), signature) {
        bail!("the signature does not verify for chain {chain_id} with account number 0");
    }
    let (node_id, _, _) = parse_memo(&body.memo)?;
    Ok(CheckedGentx {
        operator,
        validator_address: create.validator_address.clone(),
        moniker: create.description.map(|d| d.moniker).unwrap_or_default(),
        consensus_key,
        value,
        memo: body.memo,
        node_id,
    })
}

fn gentx(home: &Path, genesis: &Value, args: &GentxArgs) -> Result<(Value, String)> {
    let chain_id =
        genesis["chain_id"].as_str().filter(|c| !c.is_empty()).ok_or_else(|| anyhow!("genesis has no chain_id"))?;
    let signer = Keyring::new(home, args.keyring_backend).signer(&args.key)?;
    let operator = signer.address();
    let value = staking::parse_coin(&args.amount)?;
    let denom = bond_denom(genesis);
    check_self_delegation(&value, &denom)?;
    check_genesis_funds(genesis, &operator, &value)?;

    let consensus_key = match &args.pubkey {
        Some(text) => staking::parse_pubkey_json(text)?,
        None => staking::consensus_pubkey(home)?,
    };
    let node_id = match &args.node_id {
        Some(id) => id.clone(),
        None => staking::node_id(home)?,
    };
    let laddr = staking::p2p_laddr(home);
    let ip = args.ip.clone().unwrap_or_else(|| match &laddr {
        Some((host, _)) if !host.is_empty() && host != "0.0.0.0" && host != "::" => host.clone(),
        _ => "127.0.0.1".to_string(),
    });
    let port = match (args.p2p_port, &laddr) {
        (Some(p), _) => p,
        (None, Some((_, p))) => *p,
        (None, None) => bail!("no p2p.laddr in config/config.toml; pass --p2p-port"),
    };
    let memo = format!("{node_id}@{ip}:{port}");
    parse_memo(&memo)?;

    let moniker = args.validator.moniker_or_node(home);
    let msg = staking::create_validator_msg(&args.validator, moniker.clone(), operator, &consensus_key, &value)?;
    let mut tx = UnsignedTx::new(vec![msg], Coins::new(), GENTX_GAS);
    tx.memo = memo.clone();
    // As the SDK signs gentxs: account number 0 and sequence 0, whatever genesis numbers the account.
    let bytes = tx.sign(chain_id, &[Signing { signer: &signer, account_number: 0, sequence: 0 }]);
    check_gentx(&bytes, chain_id, &denom).context("the gentx just built does not check (a bug)")?;
    let json = tx_to_json(&bytes).map_err(|e| anyhow!(e))?;

    let path = match &args.output_document {
        Some(p) => p.clone(),
        None => home.join("config").join("gentx").join(format!("gentx-{node_id}.json")),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&path, format!("{}\n", serde_json::to_string(&json)?))
        .with_context(|| format!("writing {}", path.display()))?;
    let v = json!({
        "file": path,
        "chain_id": chain_id,
        "moniker": moniker,
        "validator_address": ValAddress::from_account(operator).to_string(),
        "self_delegation": value.to_string(),
        "memo": memo,
    });
    Ok((v, path.display().to_string()))
}

fn collect_gentxs(home: &Path, genesis: &mut Value, dir: Option<&Path>) -> Result<(Value, String)> {
    let chain_id = genesis["chain_id"]
        .as_str()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| anyhow!("genesis has no chain_id"))?
        .to_string();
    let denom = bond_denom(genesis);
    let dir = dir.map(Path::to_path_buf).unwrap_or_else(|| home.join("config").join("gentx"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading the gentx directory {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    files.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"));
    // By file name, for the same order on every node.
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    if files.is_empty() {
        bail!("no gentx (*.json) files in {}", dir.display());
    }

    let mut gen_txs = Vec::new();
    let mut seen_operators = std::collections::BTreeMap::new();
    let mut seen_keys = std::collections::BTreeMap::new();
    let mut validators = Vec::new();
    let mut memos = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
        let checked = (|| -> Result<(Value, CheckedGentx)> {
            let text = std::fs::read(path)?;
            let json: Value = serde_json::from_slice(&text).context("not JSON")?;
            let bytes = tx_from_json(&json).map_err(|e| anyhow!(e))?;
            let gentx = check_gentx(&bytes, &chain_id, &denom)?;
            check_genesis_funds(genesis, &gentx.operator, &gentx.value)?;
            // Stored in the codec's own form, which turns back into exactly the checked bytes.
            Ok((tx_to_json(&bytes).map_err(|e| anyhow!(e))?, gentx))
        })()
        .with_context(|| format!("gentx {}", path.display()))?;
        let (json, gentx) = checked;
        if let Some(other) = seen_operators.insert(gentx.operator, name.clone()) {
            bail!("gentxs {other} and {name} create the same validator {}", gentx.validator_address);
        }
        if let Some(other) = seen_keys.insert(gentx.consensus_key.clone(), name.clone()) {
            bail!("gentxs {other} and {name} use the same consensus pubkey");
        }
        validators.push(json!({
            "file": name,
            "moniker": gentx.moniker,
            "validator_address": gentx.validator_address,
            "self_delegation": gentx.value.to_string(),
            "memo": gentx.memo,
        }));
        memos.push((gentx.node_id, gentx.memo));
        gen_txs.push(json);
    }

    let own_id = staking::node_id(home)?;
    let mut peers: Vec<String> = memos.into_iter().filter(|(id, _)| *id != own_id).map(|(_, memo)| memo).collect();
    peers.sort(); // as the SDK's CollectTxs
    peers.dedup();
    let peers = peers.join(",");

    let count = gen_txs.len();
    let app_state =
        genesis["app_state"].as_object_mut().ok_or_else(|| anyhow!("genesis app_state is not an object"))?;
    let genutil = app_state.entry("genutil").or_insert_with(|| json!({}));
    if !genutil.is_object() {
        *genutil = json!({});
    }
    genutil["gen_txs"] = Value::Array(gen_txs);
    // The gentxs decide the validator set (InitChain returns it); CometBFT's own list, which
    // `init` filled with this node alone, would have to equal it, so it is left empty as on an
    // SDK chain.
    genesis["validators"] = json!([]);
    save(home, genesis)?;
    set_cometbft_config(home, "p2p.persistent_peers", &peers)?;

    let v = json!({
        "genesis": genesis_path(home),
        "gen_txs": count,
        "validators": validators,
        "persistent_peers": peers,
    });
    let text = format!(
        "{count} gentx(s) written to {}\npersistent_peers: {}",
        genesis_path(home).display(),
        if peers.is_empty() { "(none)" } else { &peers }
    );
    Ok((v, text))
}
