//! The keyring: named secp256k1 keys derived from BIP-39 mnemonics on the Cosmos HD path
//! m/44'/118'/0'/0/0, stored one JSON file per key under `<home>/keyring-<backend>/`.
//!
//! * `file`: the private key and mnemonic are encrypted with a passphrase (Argon2id key derivation,
//!   ChaCha20-Poly1305). The passphrase comes from `SYMBIOTE_KEYRING_PASSPHRASE` or a prompt;
//!   `keys export`/`import` protect the exported key with `SYMBIOTE_EXPORT_PASSPHRASE` or a prompt.
//! * `test`: stored in the clear, for development chains only (as the Cosmos SDK's `test` backend).

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use argon2::Argon2;
use bip32::{DerivationPath, XPrv};
use bip39::{Language, Mnemonic};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use symbiote_app::tx::build::Signer;
use symbiote_core::Address;
use zeroize::Zeroizing;

pub const HD_PATH: &str = "m/44'/118'/0'/0/0";
pub const PASSPHRASE_ENV: &str = "SYMBIOTE_KEYRING_PASSPHRASE";
/// The passphrase protecting an exported key (distinct from the keyring's).
pub const EXPORT_PASSPHRASE_ENV: &str = "SYMBIOTE_EXPORT_PASSPHRASE";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    File,
    Test,
}

impl Backend {
    fn dir_name(self) -> &'static str {
        match self {
            Backend::File => "keyring-file",
            Backend::Test => "keyring-test",
        }
    }
}

/// What is stored per key. `secret` is the clear secret (test) or the sealed one (file).
#[derive(Serialize, Deserialize)]
struct KeyFile {
    name: String,
    address: String,
    pubkey: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    clear: Option<Secret>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sealed: Option<Sealed>,
}

#[derive(Serialize, Deserialize, Clone)]
struct Secret {
    private_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    mnemonic: Option<String>,
}

#[derive(Serialize, Deserialize, Clone)]
pub struct Sealed {
    kdf: String,
    salt: String,
    nonce: String,
    ciphertext: String,
}

/// A key's public face.
#[derive(Clone, Debug, Serialize)]
pub struct KeyInfo {
    pub name: String,
    pub address: String,
    pub pubkey: String,
}

pub struct Keyring {
    dir: PathBuf,
    backend: Backend,
}

/// Derives the signing key of a BIP-39 mnemonic (12 to 24 words, English) on the Cosmos HD path.
pub fn key_from_mnemonic(phrase: &str) -> Result<[u8; 32]> {
    let normalized = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
    let mnemonic =
        Mnemonic::parse_in_normalized(Language::English, &normalized).map_err(|e| anyhow!("invalid mnemonic: {e}"))?;
    let seed = Zeroizing::new(mnemonic.to_seed(""));
    let path: DerivationPath = HD_PATH.parse().expect("static path");
    let xprv = XPrv::derive_from_path(seed.as_ref(), &path).map_err(|e| anyhow!("key derivation: {e}"))?;
    Ok(xprv.private_key().to_bytes().into())
}

/// A new 24-word mnemonic (256 bits of OS entropy).
pub fn new_mnemonic() -> String {
    let mut entropy = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(entropy.as_mut());
    Mnemonic::from_entropy_in(Language::English, entropy.as_ref())
        .expect("32 bytes is a valid entropy length")
        .to_string()
}

fn validate_name(name: &str) -> Result<()> {
    if name.is_empty() || name.len() > 64 || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        bail!("key names are 1-64 characters of [A-Za-z0-9_-], got {name:?}");
    }
    Ok(())
}

fn kdf(passphrase: &str, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::default()
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|e| anyhow!("argon2: {e}"))?;
    Ok(key)
}

pub fn seal(plaintext: &[u8], passphrase: &str) -> Result<Sealed> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let key = kdf(passphrase, &salt)?;
    let cipher = ChaCha20Poly1305::new(Key::from_slice(key.as_ref()));
    let ciphertext = cipher.encrypt(Nonce::from_slice(&nonce), plaintext).map_err(|_| anyhow!("encryption failed"))?;
    Ok(Sealed {
        kdf: "argon2id".into(),
        salt: hex::encode(salt),
        nonce: hex::encode(nonce),
        ciphertext: hex::encode(ciphertext),
    })
}

pub fn open(sealed: &Sealed, passphrase: &str) -> Result<Zeroizing<Vec<u8>>> {
    if sealed.kdf != "argon2id" {
        bail!("unsupported key encryption {}", sealed.kdf);
    }
    let salt = hex::decode(&sealed.salt)?;
    let nonce = hex::decode(&sealed.nonce)?;
    if nonce.len() != 12 {
        bail!("corrupt key file: bad nonce");
    }
    let key = kdf(passphrase, &salt)?;
    let cipher = ChaCha20Poly1305::new(Key::from_slice(key.as_ref()));
    let plain = cipher
        .decrypt(Nonce::from_slice(&nonce), hex::decode(&sealed.ciphertext)?.as_slice())
        .map_err(|_| anyhow!("wrong passphrase (or corrupt key file)"))?;
    Ok(Zeroizing::new(plain))
}

/// The passphrase from the environment variable `env`, or asked for on the terminal.
pub fn passphrase(env: &str, prompt: &str, confirm: bool) -> Result<Zeroizing<String>> {
    if let Ok(p) = std::env::var(env) {
        return Ok(Zeroizing::new(p));
    }
    let p = Zeroizing::new(
        rpassword::prompt_password(prompt).with_context(|| format!("reading passphrase (or set {env})"))?,
    );
    if confirm {
        let again = Zeroizing::new(rpassword::prompt_password("Repeat passphrase: ")?);
        if *p != *again {
            bail!("passphrases do not match");
        }
    }
    if p.len() < 8 {
        bail!("passphrase must be at least 8 characters");
    }
    Ok(p)
}

impl Keyring {
    pub fn new(home: &Path, backend: Backend) -> Self {
        Self { dir: home.join(backend.dir_name()), backend }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    /// Stores a new key; `mnemonic` is kept (sealed for `file`) so it can be shown once and recovered.
    pub fn add(&self, name: &str, secret_key: &[u8; 32], mnemonic: Option<&str>) -> Result<KeyInfo> {
        validate_name(name)?;
        let path = self.path(name);
        if path.exists() {
            bail!("key {name} already exists; delete it first");
        }
        let signer = Signer::from_secret_bytes(secret_key)?;
        if let Some(existing) = self.list()?.into_iter().find(|k| k.address == signer.address().to_string()) {
            bail!("this key is already stored as {}", existing.name);
        }
        let secret = Secret { private_key: hex::encode(secret_key), mnemonic: mnemonic.map(str::to_string) };
        let (clear, sealed) = match self.backend {
            Backend::Test => (Some(secret), None),
            Backend::File => {
                let pass = passphrase(PASSPHRASE_ENV, "Enter keyring passphrase: ", true)?;
                let plain = Zeroizing::new(serde_json::to_vec(&secret)?);
                (None, Some(seal(&plain, &pass)?))
            }
        };
        let file = KeyFile {
            name: name.into(),
            address: signer.address().to_string(),
            pubkey: hex::encode(signer.pubkey()),
            clear,
            sealed,
        };
        std::fs::create_dir_all(&self.dir)?;
        write_private(&path, &serde_json::to_vec_pretty(&file)?)?;
        Ok(info_of(&file))
    }

    pub fn list(&self) -> Result<Vec<KeyInfo>> {
        let mut out = vec![];
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Ok(out) };
        for e in entries {
            let p = e?.path();
            if p.extension().is_some_and(|x| x == "json") {
                out.push(info_of(&read_key(&p)?));
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    fn find(&self, name_or_address: &str) -> Result<KeyFile> {
        let path = self.path(name_or_address);
        if validate_name(name_or_address).is_ok() && path.exists() {
            return read_key(&path);
        }
        for info in self.list()? {
            if info.address == name_or_address {
                return read_key(&self.path(&info.name));
            }
        }
        bail!("{name_or_address}: key not found in the {:?} keyring at {}", self.backend, self.dir.display())
    }

    pub fn show(&self, name_or_address: &str) -> Result<KeyInfo> {
        Ok(info_of(&self.find(name_or_address)?))
    }

    fn secret(&self, file: &KeyFile) -> Result<Secret> {
        if let Some(clear) = &file.clear {
            return Ok(clear.clone());
        }
        let sealed = file.sealed.as_ref().ok_or_else(|| anyhow!("key {} holds no secret", file.name))?;
        let pass = passphrase(PASSPHRASE_ENV, &format!("Passphrase for {}: ", file.name), false)?;
        Ok(serde_json::from_slice(&open(sealed, &pass)?)?)
    }

    pub fn signer(&self, name_or_address: &str) -> Result<Signer> {
        let file = self.find(name_or_address)?;
        let secret = self.secret(&file)?;
        let bytes: [u8; 32] = hex::decode(&secret.private_key)?.try_into().map_err(|_| anyhow!("corrupt key file"))?;
        Signer::from_secret_bytes(&bytes)
    }

    /// An armored export of the private key, encrypted with an export passphrase.
    pub fn export(&self, name: &str) -> Result<String> {
        let file = self.find(name)?;
        let secret = self.secret(&file)?;
        let pass = passphrase(EXPORT_PASSPHRASE_ENV, "Export passphrase: ", true)?;
        let sealed = seal(secret.private_key.as_bytes(), &pass)?;
        Ok(format!(
            "-----BEGIN SYMBIOTE PRIVATE KEY-----\n{}\n-----END SYMBIOTE PRIVATE KEY-----\n",
            serde_json::to_string(&sealed)?
        ))
    }

    pub fn import(&self, name: &str, armor: &str) -> Result<KeyInfo> {
        let body = armor
            .trim()
            .strip_prefix("-----BEGIN SYMBIOTE PRIVATE KEY-----")
            .and_then(|s| s.trim_end().strip_suffix("-----END SYMBIOTE PRIVATE KEY-----"))
            .ok_or_else(|| anyhow!("not a symbiote private key export"))?;
        let sealed: Sealed = serde_json::from_str(body.trim()).context("corrupt key export")?;
        let pass = passphrase(EXPORT_PASSPHRASE_ENV, "Export passphrase: ", false)?;
        let hex_key = open(&sealed, &pass)?;
        let bytes: [u8; 32] = hex::decode(hex_key.as_slice())?.try_into().map_err(|_| anyhow!("corrupt key export"))?;
        self.add(name, &bytes, None)
    }

    pub fn delete(&self, name: &str) -> Result<()> {
        let file = self.find(name)?;
        std::fs::remove_file(self.path(&file.name))?;
        Ok(())
    }
}

fn info_of(f: &KeyFile) -> KeyInfo {
    KeyInfo { name: f.name.clone(), address: f.address.clone(), pubkey: f.pubkey.clone() }
}

fn read_key(path: &Path) -> Result<KeyFile> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let file: KeyFile =
        serde_json::from_slice(&bytes).with_context(|| format!("corrupt key file {}", path.display()))?;
    file.address.parse::<Address>().map_err(|e| anyhow!("corrupt key file {}: {}", path.display(), e.log))?;
    Ok(file)
}

/// Key files are readable by their owner only.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(bytes)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mnemonics_derive_the_same_keys_as_cosmjs() {
        // Vectors from cosmjs 0.32.4 DirectSecp256k1HdWallet (prefix "sym", m/44'/118'/0'/0/0).
        let a = key_from_mnemonic(
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
        )
        .unwrap();
        assert_eq!(hex::encode(a), "c4a48e2fce1481cd3294b4490f6678090ea98d3d0e5cd984558ab0968741b104");
        assert_eq!(
            Signer::from_secret_bytes(&a).unwrap().address().to_string(),
            "sym19rl4cm2hmr8afy4kldpxz3fka4jguq0ac2sd6q"
        );
        let b = key_from_mnemonic("test test test test test test test test test test test junk").unwrap();
        assert_eq!(
            Signer::from_secret_bytes(&b).unwrap().address().to_string(),
            "sym15yk64u7zc9g9k2yr2wmzeva5qgwxps6yzcjlut"
        );
        assert!(key_from_mnemonic("abandon abandon abandon").is_err());
        assert!(
            key_from_mnemonic(
                "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
            )
            .is_err(),
            "bad checksum"
        );
    }

    #[test]
    fn seal_round_trip_and_wrong_passphrase() {
        let sealed = seal(b"secret", "correct horse").unwrap();
        assert_eq!(open(&sealed, "correct horse").unwrap().as_slice(), b"secret");
        assert!(open(&sealed, "wrong horse!").is_err());
    }

    #[test]
    fn test_backend_add_show_list_delete() {
        let home = tempfile::tempdir().unwrap();
        let kr = Keyring::new(home.path(), Backend::Test);
        let phrase = new_mnemonic();
        assert_eq!(phrase.split_whitespace().count(), 24);
        let info = kr.add("alice", &key_from_mnemonic(&phrase).unwrap(), Some(&phrase)).unwrap();
        assert!(info.address.starts_with("sym1"));
        assert_eq!(kr.show("alice").unwrap().address, info.address);
        assert_eq!(kr.show(&info.address).unwrap().name, "alice");
        assert!(kr.add("alice", &[7u8; 32], None).is_err(), "duplicate name");
        assert!(kr.add("bob", &key_from_mnemonic(&phrase).unwrap(), None).is_err(), "duplicate key");
        assert_eq!(kr.signer("alice").unwrap().address().to_string(), info.address);
        kr.delete("alice").unwrap();
        assert!(kr.list().unwrap().is_empty());
    }
}
