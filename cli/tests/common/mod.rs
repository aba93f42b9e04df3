//! Helpers for end-to-end tests against a real CometBFT (the pinned binary, never a fake).
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use tendermint_rpc::{Client, HttpClient};

pub const SYMBIOTE: &str = env!("CARGO_BIN_EXE_symbiote");

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The pinned CometBFT: `SYMBIOTE_COMETBFT`, else installed on demand by the project's script.
pub fn cometbft() -> PathBuf {
    if let Ok(p) = std::env::var("SYMBIOTE_COMETBFT") {
        return p.into();
    }
    let out = Command::new("bash")
        .arg(repo().join("localnet/install-cometbft.sh"))
        .output()
        .expect("running install-cometbft.sh");
    assert!(out.status.success(), "install-cometbft.sh failed: {}", String::from_utf8_lossy(&out.stderr));
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// Ports the OS reports free on loopback (released before use; collisions are very unlikely).
pub fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n).map(|_| TcpListener::bind("127.0.0.1:0").unwrap()).collect();
    listeners.iter().map(|l| l.local_addr().unwrap().port()).collect()
}

/// Runs `symbiote ARGS --home HOME`.
pub fn sym(home: &Path, args: &[&str]) -> Output {
    let out = Command::new(SYMBIOTE)
        .args(args)
        .arg("--home")
        .arg(home)
        .env("SYMBIOTE_COMETBFT", cometbft())
        .output()
        .unwrap();
    out
}

pub fn sym_ok(home: &Path, args: &[&str]) -> String {
    let out = sym(home, args);
    assert!(
        out.status.success(),
        "symbiote {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A child process killed (SIGKILL) when dropped, so a failing test leaks nothing.
pub struct Proc(pub Child);

impl Proc {
    pub fn spawn(cmd: &mut Command, log: &Path) -> Proc {
        let f = std::fs::File::create(log).unwrap();
        Proc(cmd.stdout(Stdio::from(f.try_clone().unwrap())).stderr(Stdio::from(f)).spawn().unwrap())
    }

    pub fn pid(&self) -> u32 {
        self.0.id()
    }

    pub fn signal(&self, sig: &str) {
        let _ = Command::new("kill").arg(format!("-{sig}")).arg(self.pid().to_string()).status();
    }

    /// Waits up to `timeout` for exit; true if it exited.
    pub fn wait_exit(&mut self, timeout: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.0.try_wait().unwrap().is_some() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn rpc(port: u16) -> HttpClient {
    HttpClient::new(format!("http://127.0.0.1:{port}").as_str()).unwrap()
}

/// Waits until the node's latest block height reaches `min`; returns it.
pub async fn wait_height(client: &HttpClient, min: u64, timeout: Duration) -> u64 {
    let start = Instant::now();
    loop {
        if let Ok(s) = client.status().await {
            let h = s.sync_info.latest_block_height.value();
            if h >= min {
                return h;
            }
        }
        assert!(start.elapsed() < timeout, "node did not reach height {min} within {timeout:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}
