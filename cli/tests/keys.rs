//! The encrypted `file` keyring through the CLI: add, export, delete, import back to the same key;
//! a wrong passphrase is refused.

use crate::common;

use std::process::Command;

use common::SYMBIOTE;

const KEYRING_PASS: &str = "correct horse battery";

/// Runs `symbiote keys ARGS` on the file keyring; `export_pass` protects exported keys.
fn keys(home: &std::path::Path, export_pass: &str, args: &[&str]) -> std::process::Output {
    Command::new(SYMBIOTE)
        .arg("keys")
        .args(args)
        .args(["--keyring-backend", "file", "--home"])
        .arg(home)
        .env("SYMBIOTE_KEYRING_PASSPHRASE", KEYRING_PASS)
        .env("SYMBIOTE_EXPORT_PASSPHRASE", export_pass)
        .output()
        .unwrap()
}

#[test]
fn file_keyring_export_delete_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let added = keys(home, "unused", &["add", "carol", "--output", "json"]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let v: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    let address = v["address"].as_str().unwrap().to_string();
    let stored = std::fs::read_to_string(home.join("keyring-file/carol.json")).unwrap();
    assert!(!stored.contains(v["mnemonic"].as_str().unwrap()), "the mnemonic is stored encrypted");
    // A wrong keyring passphrase cannot use the key.
    let wrong_keyring = Command::new(SYMBIOTE)
        .args(["keys", "export", "carol", "--keyring-backend", "file", "--home"])
        .arg(home)
        .env("SYMBIOTE_KEYRING_PASSPHRASE", "not it")
        .env("SYMBIOTE_EXPORT_PASSPHRASE", "whatever")
        .output()
        .unwrap();
    assert!(!wrong_keyring.status.success());

    let exported = keys(home, "export pass 123", &["export", "carol"]);
    assert!(exported.status.success(), "{}", String::from_utf8_lossy(&exported.stderr));
    let armor_path = home.join("carol.armor");
    std::fs::write(&armor_path, &exported.stdout).unwrap();
    assert!(keys(home, "x", &["delete", "carol", "--yes"]).status.success());
    assert!(!keys(home, "x", &["show", "carol"]).status.success());

    let wrong = keys(home, "not the export pass", &["import", "carol", armor_path.to_str().unwrap()]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("wrong passphrase"));
    let imported = keys(home, "export pass 123", &["import", "carol", armor_path.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let shown = keys(home, "x", &["show", "carol", "-a"]);
    assert_eq!(String::from_utf8_lossy(&shown.stdout).trim(), address);
}

/// Output to a reader that already went away (`symbiote ... | head -1`) ends the command quietly
/// with success, never a panic.
#[test]
fn a_closed_output_pipe_ends_the_command_quietly() {
    let home = tempfile::tempdir().unwrap();
    let script = format!(
        "set -o pipefail; (sleep 0.3; '{SYMBIOTE}' keys add reader-gone --keyring-backend test --home '{}' --output json) | true",
        home.path().display()
    );
    let out = Command::new("bash").args(["-c", &script]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
}
