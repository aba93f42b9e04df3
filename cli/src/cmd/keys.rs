//! `symbiote keys add|list|show|import|export|delete`.

use std::path::Path;

use anyhow::{anyhow, Result};
use serde_json::{json, Value};

use crate::keys::{key_from_mnemonic, new_mnemonic, Backend, Keyring};

#[derive(clap::Args, Debug)]
pub struct KeysArgs {
    #[arg(long, value_enum, default_value = "file", global = true)]
    pub keyring_backend: Backend,
    #[command(subcommand)]
    pub cmd: KeysCmd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Bech {
    Acc,
    Val,
}

#[derive(clap::Subcommand, Debug)]
pub enum KeysCmd {
    /// Create a key from a new 24-word mnemonic (printed once), or recover one with --recover.
    Add {
        name: String,
        /// Read a BIP-39 mnemonic from stdin instead of generating one.
        #[arg(long)]
        recover: bool,
    },
    List,
    Show {
        name: String,
        /// Print only the address.
        #[arg(long, short)]
        address: bool,
        /// Address form: `acc` (sym1...) or `val`, the validator operator address (symvaloper1...).
        #[arg(long, value_enum, default_value = "acc")]
        bech: Bech,
    },
    /// Import a key exported with `keys export` (armor read from FILE).
    Import {
        name: String,
        file: std::path::PathBuf,
    },
    /// Print the key, encrypted with an export passphrase.
    Export {
        name: String,
    },
    Delete {
        name: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
}

pub fn run(home: &Path, args: &KeysArgs) -> Result<(Value, String)> {
    let kr = Keyring::new(home, args.keyring_backend);
    match &args.cmd {
        KeysCmd::Add { name, recover } => {
            let (phrase, shown) = if *recover {
                let mut line = String::new();
                eprintln!("Enter your BIP-39 mnemonic:");
                std::io::stdin().read_line(&mut line)?;
                (line.trim().to_string(), false)
            } else {
                (new_mnemonic(), true)
            };
            let info = kr.add(name, &key_from_mnemonic(&phrase)?, Some(&phrase))?;
            let mut v = json!(info);
            let mut text = format!("- name: {}\n  address: {}\n  pubkey: {}", info.name, info.address, info.pubkey);
            if shown {
                v["mnemonic"] = json!(phrase);
                text.push_str(&format!(
                    "\n\n**Important** write this mnemonic phrase in a safe place.\nIt is the only way to recover your account.\n\n{phrase}"
                ));
            }
            Ok((v, text))
        }
        KeysCmd::List => {
            let list = kr.list()?;
            let text = list
                .iter()
                .map(|k| format!("- name: {}\n  address: {}", k.name, k.address))
                .collect::<Vec<_>>()
                .join("\n");
            Ok((json!(list), if text.is_empty() { "no keys".into() } else { text }))
        }
        KeysCmd::Show { name, address, bech } => {
            let mut k = kr.show(name)?;
            if *bech == Bech::Val {
                let account: symbiote_core::Address =
                    k.address.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
                k.address = symbiote_core::ValAddress::from_account(account).to_string();
            }
            let text = if *address {
                k.address.clone()
            } else {
                format!("- name: {}\n  address: {}\n  pubkey: {}", k.name, k.address, k.pubkey)
            };
            Ok((json!(k), text))
        }
        KeysCmd::Import { name, file } => {
            let armor = std::fs::read_to_string(file)?;
            let k = kr.import(name, &armor)?;
            Ok((json!(k), format!("imported {} ({})", k.name, k.address)))
        }
        KeysCmd::Export { name } => {
            let armor = kr.export(name)?;
            Ok((json!({ "armor": armor }), armor.trim_end().to_string()))
        }
        KeysCmd::Delete { name, yes } => {
            if !yes {
                eprint!("Delete key {name}? [y/N] ");
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                if !line.trim().eq_ignore_ascii_case("y") {
                    return Err(anyhow!("aborted"));
                }
            }
            kr.delete(name)?;
            Ok((json!({ "deleted": name }), format!("deleted {name}")))
        }
    }
}
