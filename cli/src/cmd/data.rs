//! `symbiote data commit FILE.csv` and `symbiote data disclose FILE.csv --record N --fields a,b`:
//! the data owner's side of the consent ledger, offline. Records never leave the owner's machine;
//! `commit` writes a secrets file (the salt secret, the root, the schema) the owner keeps, and
//! prints what the chain records; `disclose` makes one record's fields, with their salts and Merkle
//! proofs, into a disclosure file a requester submits. Commitment format:
//! `symbiote_consent::commitment`.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use symbiote_consent::commitment::commit_dataset;
use symbiote_consent::msg::FIELD_TYPES;
use symbiote_proto::symbiote::consent::v1 as pb;

#[derive(clap::Subcommand, Debug)]
pub enum DataCmd {
    /// Commit to a CSV (header row = field names): salts every field, computes the Merkle root,
    /// writes the secrets file (keep it private: it reveals salts) and prints the commitment.
    Commit {
        file: PathBuf,
        /// Where the secrets file goes (default FILE.secrets.json).
        #[arg(long)]
        secrets: Option<PathBuf>,
        /// Field types as name=type (int, decimal, string, bool, category); others are inferred.
        #[arg(long, value_delimiter = ',')]
        types: Vec<String>,
    },
    /// The disclosure of some fields of one record (0-based, data rows only), for a tx or a query.
    Disclose {
        file: PathBuf,
        #[arg(long)]
        record: u64,
        #[arg(long, value_delimiter = ',', required = true)]
        fields: Vec<String>,
        /// The dataset's on-chain id.
        #[arg(long)]
        dataset_id: u64,
        #[arg(long)]
        secrets: Option<PathBuf>,
        /// Write the disclosure here (default: print it).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// What the owner keeps: enough to disclose any field later, given the same CSV.
#[derive(Serialize, Deserialize)]
pub struct Secrets {
    pub version: u32,
    /// 32 bytes, hex: every salt derives from it.
    pub secret: String,
    pub csv_sha256: String,
    pub root: String,
    pub record_count: u64,
    pub schema: Vec<FieldJson>,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct FieldJson {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
}

impl Secrets {
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", path.display()))
    }

    fn secret(&self) -> Result<[u8; 32]> {
        hex::decode(&self.secret)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| anyhow!("the secrets file's secret is not 32 bytes of hex"))
    }

    pub fn root(&self) -> Result<Vec<u8>> {
        let root = hex::decode(&self.root).context("root is not hex")?;
        if root.len() != 32 {
            bail!("root is not 32 bytes");
        }
        Ok(root)
    }

    pub fn schema(&self) -> Vec<pb::Field> {
        self.schema.iter().map(|f| pb::Field { name: f.name.clone(), r#type: f.kind.clone() }).collect()
    }
}

/// RFC 4180 CSV: comma-separated, fields optionally in double quotes (`""` inside is a quote),
/// CRLF or LF line ends; blank lines skipped.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut line = 1;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c)
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                if !(row.len() == 1 && row[0].is_empty()) {
                    rows.push(std::mem::take(&mut row));
                }
                row.clear();
                line += 1;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        bail!("line {line}: unterminated quoted field");
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// The CSV's header and data rows, each row as long as the header.
fn read_csv(path: &Path) -> Result<(Vec<String>, Vec<Vec<String>>, String)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let sha = hex::encode(Sha256::digest(&bytes));
    let text = String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8", path.display()))?;
    let mut rows = parse_csv(&text)?;
    if rows.len() < 2 {
        bail!("{} needs a header row and at least one record", path.display());
    }
    let header = rows.remove(0);
    for (i, r) in rows.iter().enumerate() {
        if r.len() != header.len() {
            bail!("record {i} has {} fields, the header {}", r.len(), header.len());
        }
    }
    Ok((header, rows, sha))
}

fn infer_type(values: impl Iterator<Item = String> + Clone) -> &'static str {
    if values.clone().all(|v| v.parse::<i64>().is_ok()) {
        "int"
    } else if values.clone().all(|v| v.parse::<f64>().is_ok()) {
        "decimal"
    } else if values.clone().all(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "false")) {
        "bool"
    } else {
        "string"
    }
}

/// Writes a file only its owner can read (the salts' secret is in it).
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    f.write_all(bytes).with_context(|| format!("writing {}", path.display()))
}

fn default_secrets(file: &Path) -> PathBuf {
    let mut s = file.as_os_str().to_owned();
    s.push(".secrets.json");
    PathBuf::from(s)
}

pub fn run(cmd: &DataCmd) -> Result<(Value, String)> {
    match cmd {
        DataCmd::Commit { file, secrets, types } => {
            commit(file, secrets.clone().unwrap_or_else(|| default_secrets(file)), types)
        }
        DataCmd::Disclose { file, record, fields, dataset_id, secrets, out } => {
            let secrets = Secrets::read(&secrets.clone().unwrap_or_else(|| default_secrets(file)))?;
            let d = disclose(file, &secrets, *dataset_id, *record, fields)?;
            let v = disclosure_to_json(&d);
            let text = serde_json::to_string_pretty(&v)?;
            if let Some(out) = out {
                std::fs::write(out, &text).with_context(|| format!("writing {}", out.display()))?;
                return Ok((
                    json!({ "written": out.display().to_string() }),
                    format!("disclosure written to {}", out.display()),
                ));
            }
            Ok((v, text))
        }
    }
}

fn commit(file: &Path, secrets_path: PathBuf, types: &[String]) -> Result<(Value, String)> {
    let (header, rows, csv_sha) = read_csv(file)?;
    let mut schema = Vec::with_capacity(header.len());
    for (i, name) in header.iter().enumerate() {
        let given = types.iter().find_map(|t| t.split_once('=').filter(|(n, _)| n == name).map(|(_, k)| k.to_string()));
        let kind = match given {
            Some(k) if FIELD_TYPES.contains(&k.as_str()) => k,
            Some(k) => bail!("type {k:?} of {name:?}: one of {}", FIELD_TYPES.join(", ")),
            None => infer_type(rows.iter().map(|r| r[i].clone())).to_string(),
        };
        schema.push(FieldJson { name: name.clone(), kind });
    }
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let committed = commit_dataset(&secret, &header, &rows);
    let secrets = Secrets {
        version: 1,
        secret: hex::encode(secret),
        csv_sha256: csv_sha,
        root: hex::encode(committed.root),
        record_count: rows.len() as u64,
        schema,
    };
    write_private(&secrets_path, &serde_json::to_vec_pretty(&secrets)?)?;
    let v = json!({
        "merkle_root": secrets.root,
        "record_count": secrets.record_count,
        "schema": secrets.schema.iter().map(|f| json!({ "name": f.name, "type": f.kind })).collect::<Vec<_>>(),
        "secrets_file": secrets_path.display().to_string(),
    });
    let text = format!(
        "merkle root: {}\nrecords: {}\nschema: {}\nsecrets (keep private): {}",
        secrets.root,
        secrets.record_count,
        secrets.schema.iter().map(|f| format!("{}:{}", f.name, f.kind)).collect::<Vec<_>>().join(", "),
        secrets_path.display()
    );
    Ok((v, text))
}

fn disclose(file: &Path, secrets: &Secrets, dataset_id: u64, record: u64, fields: &[String]) -> Result<pb::Disclosure> {
    let (header, rows, csv_sha) = read_csv(file)?;
    if csv_sha != secrets.csv_sha256 {
        bail!("{} changed since it was committed (its SHA-256 differs from the secrets file's)", file.display());
    }
    let secret = secrets.secret()?;
    let committed = commit_dataset(&secret, &header, &rows);
    if hex::encode(committed.root) != secrets.root {
        bail!("the records do not give the committed root");
    }
    let row =
        rows.get(record as usize).ok_or_else(|| anyhow!("record {record} out of range: {} records", rows.len()))?;
    let names: Vec<&str> = fields.iter().map(String::as_str).collect();
    for n in &names {
        if !header.iter().any(|h| h == n) {
            bail!("no field {n:?}; fields are {}", header.join(", "));
        }
    }
    committed
        .disclose(&secret, dataset_id, record, row, &names)
        .ok_or_else(|| anyhow!("cannot disclose record {record}"))
}

/// Disclosures of `fields` of every record of `file` (committed once), in record order: an audit
/// dataset's rows (`symbiote tx gov add-audit-rows`).
pub fn disclose_all(file: &Path, secrets: &Path, dataset_id: u64, fields: &[String]) -> Result<Vec<pb::Disclosure>> {
    let secrets = Secrets::read(secrets)?;
    let (header, rows, csv_sha) = read_csv(file)?;
    if csv_sha != secrets.csv_sha256 {
        bail!("{} changed since it was committed (its SHA-256 differs from the secrets file's)", file.display());
    }
    let secret = secrets.secret()?;
    let committed = commit_dataset(&secret, &header, &rows);
    if hex::encode(committed.root) != secrets.root {
        bail!("the records do not give the committed root");
    }
    let names: Vec<&str> = fields.iter().map(String::as_str).collect();
    if let Some(n) = names.iter().find(|n| !header.iter().any(|h| h == *n)) {
        bail!("no field {n:?}; fields are {}", header.join(", "));
    }
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            committed
                .disclose(&secret, dataset_id, i as u64, row, &names)
                .ok_or_else(|| anyhow!("cannot disclose record {i}"))
        })
        .collect()
}

/// The CSV's header (field names).
pub fn csv_header(file: &Path) -> Result<Vec<String>> {
    Ok(read_csv(file)?.0)
}

pub fn disclosure_to_json(d: &pb::Disclosure) -> Value {
    json!({
        "dataset_id": d.dataset_id,
        "record": d.record,
        "fields": d.fields.iter().map(|f| json!({
            "name": f.name,
            "value": f.value,
            "salt": hex::encode(&f.salt),
            "proof": f.proof.iter().map(hex::encode).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "record_proof": d.record_proof.iter().map(hex::encode).collect::<Vec<_>>(),
    })
}

/// Reads a disclosure file written by `data disclose`.
pub fn read_disclosure(path: &Path) -> Result<pb::Disclosure> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let v: Value = serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", path.display()))?;
    let hexes = |v: &Value| -> Result<Vec<Vec<u8>>> {
        v.as_array()
            .ok_or_else(|| anyhow!("expected a list of hex hashes"))?
            .iter()
            .map(|h| hex::decode(h.as_str().unwrap_or_default()).context("a proof hash is not hex"))
            .collect()
    };
    let num = |k: &str| v[k].as_u64().ok_or_else(|| anyhow!("{} is missing {k}", path.display()));
    let fields = v["fields"]
        .as_array()
        .ok_or_else(|| anyhow!("{} has no fields", path.display()))?
        .iter()
        .map(|f| {
            Ok(pb::DisclosedField {
                name: f["name"].as_str().unwrap_or_default().to_string(),
                value: f["value"].as_str().unwrap_or_default().to_string(),
                salt: hex::decode(f["salt"].as_str().unwrap_or_default()).context("salt is not hex")?,
                proof: hexes(&f["proof"])?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(pb::Disclosure {
        dataset_id: num("dataset_id")?,
        record: num("record")?,
        fields,
        record_proof: hexes(&v["record_proof"])?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_commas_and_line_ends() {
        let rows = parse_csv("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,,\"multi\nline\"").unwrap();
        assert_eq!(rows, vec![vec!["a", "b", "c"], vec!["1", "x, y", "say \"hi\""], vec!["2", "", "multi\nline"],]);
        assert!(parse_csv("a\n\"open").is_err());
    }

    #[test]
    fn types_are_inferred_from_every_value() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>().into_iter();
        assert_eq!(infer_type(v(&["1", "-2"])), "int");
        assert_eq!(infer_type(v(&["1", "2.5"])), "decimal");
        assert_eq!(infer_type(v(&["true", "FALSE"])), "bool");
        assert_eq!(infer_type(v(&["1", "x"])), "string");
    }
}
