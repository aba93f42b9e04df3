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

/// A child process in its own process group, the whole group killed (SIGKILL) when dropped, so a
/// failing test leaks nothing: not the nodes `localnet/start.sh` starts, nor the CometBFT that
/// `symbiote start --with-cometbft` runs.
pub struct Proc(pub Child);

impl Proc {
    pub fn spawn(cmd: &mut Command, log: &Path) -> Proc {
        use std::os::unix::process::CommandExt;
        let f = std::fs::File::create(log).unwrap();
        Proc(cmd.process_group(0).stdout(Stdio::from(f.try_clone().unwrap())).stderr(Stdio::from(f)).spawn().unwrap())
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
        let _ = Command::new("kill").arg("-KILL").arg("--").arg(format!("-{}", self.pid())).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `localnet/start.sh ARGS` with its data in `data` and node i on p2p `base + 10i` (RPC +1,
/// ABCI +2) and gRPC `grpc + i`, its output in `log`.
pub fn start_localnet(args: &[&str], data: &Path, base: u16, grpc: u16, log: &Path) -> Proc {
    Proc::spawn(
        Command::new("bash")
            .arg(repo().join("localnet/start.sh"))
            .args(args)
            .arg("--data")
            .arg(data)
            .args(["--base-port", &base.to_string(), "--grpc-base", &grpc.to_string()])
            .env("SYMBIOTE_BIN", SYMBIOTE)
            .env("SYMBIOTE_COMETBFT", cometbft()),
        log,
    )
}

/// Free loopback ports for `nodes` nodes laid out as [`start_localnet`] wants them, from blocks
/// above `first` chosen by the process id (tests in other binaries pick other `first`s).
pub fn port_block(nodes: u16, first: u16) -> (u16, u16) {
    let span = 10 * nodes + 10;
    for attempt in 0..200u32 {
        let base = first + ((std::process::id() + attempt * 101) % 150) as u16 * span;
        let grpc = base + 10 * nodes + 5;
        let needed: Vec<u16> =
            (0..nodes).flat_map(|i| [base + 10 * i, base + 1 + 10 * i, base + 2 + 10 * i, grpc + i]).collect();
        if needed.iter().all(|p| TcpListener::bind(("127.0.0.1", *p)).is_ok()) {
            return (base, grpc);
        }
    }
    panic!("no free port block");
}

/// Asks every node's app for its last height and app hash until all stand at one height, and
/// asserts they agree there; returns that height and hash.
pub async fn app_hash_at_one_height(clients: &[&HttpClient]) -> (u64, Vec<u8>) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut infos = Vec::new();
        for c in clients {
            let info = c.abci_info().await.unwrap();
            infos.push((info.last_block_height.value(), info.last_block_app_hash.as_bytes().to_vec()));
        }
        if infos.windows(2).all(|w| w[0].0 == w[1].0) {
            assert!(infos.windows(2).all(|w| w[0] == w[1]), "app hashes differ at one height: {infos:?}");
            return infos.remove(0);
        }
        assert!(Instant::now() < deadline, "the apps never stood at one height together: {infos:?}");
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

/// The `height=N` of the first line of a CometBFT log holding `marker` (its logs are plain text).
pub fn logged_height(text: &str, marker: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.contains(marker))?;
    line.split(" height=").nth(1)?.split_whitespace().next()?.parse().ok()
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

/// One node with its own free ports: a home made by `symbiote init`, and the app and CometBFT run
/// as separate processes (so a test can kill either).
pub struct Node {
    pub home: PathBuf,
    pub rpc_port: u16,
    pub grpc_port: u16,
}

impl Node {
    /// `symbiote init` of a one-validator chain in `home`, on four free loopback ports.
    pub fn init(home: &Path, chain_id: &str, timeout_commit: &str) -> Node {
        let ports = free_ports(4);
        sym_ok(
            home,
            &[
                "init",
                "n0",
                "--chain-id",
                chain_id,
                "--p2p-laddr",
                &format!("tcp://127.0.0.1:{}", ports[0]),
                "--rpc-laddr",
                &format!("tcp://127.0.0.1:{}", ports[1]),
                "--abci-addr",
                &format!("127.0.0.1:{}", ports[2]),
                "--grpc-addr",
                &format!("127.0.0.1:{}", ports[3]),
            ],
        );
        sym_ok(home, &["config", "consensus.timeout_commit", timeout_commit]);
        Node { home: home.to_path_buf(), rpc_port: ports[1], grpc_port: ports[3] }
    }

    pub fn start_cometbft(&self) -> Proc {
        Proc::spawn(
            Command::new(cometbft()).arg("start").arg("--home").arg(&self.home),
            &self.home.join("cometbft.log"),
        )
    }

    /// With RUST_BACKTRACE set, as an operator debugging a node might run it: error messages sent
    /// to clients must still be one coded line.
    pub fn start_app(&self) -> Proc {
        Proc::spawn(
            Command::new(SYMBIOTE).arg("start").arg("--home").arg(&self.home).env("RUST_BACKTRACE", "1"),
            &self.home.join("app.log"),
        )
    }

    pub fn grpc(&self) -> String {
        format!("http://127.0.0.1:{}", self.grpc_port)
    }

    pub async fn balance(&self, address: &str) -> u128 {
        use cosmos_sdk_proto::cosmos::bank::v1beta1::query_client::QueryClient;
        use cosmos_sdk_proto::cosmos::bank::v1beta1::QueryBalanceRequest;
        let mut bank = QueryClient::connect(self.grpc()).await.unwrap();
        let req = QueryBalanceRequest { address: address.into(), denom: "usym".into() };
        bank.balance(req).await.unwrap().into_inner().balance.map_or(0, |c| c.amount.parse().unwrap())
    }

    pub async fn account(&self, address: &str) -> cosmos_sdk_proto::cosmos::auth::v1beta1::BaseAccount {
        use cosmos_sdk_proto::cosmos::auth::v1beta1::query_client::QueryClient;
        use cosmos_sdk_proto::cosmos::auth::v1beta1::{BaseAccount, QueryAccountRequest};
        let mut auth = QueryClient::connect(self.grpc()).await.unwrap();
        let req = QueryAccountRequest { address: address.into() };
        let any = auth.account(req).await.unwrap().into_inner().account.unwrap();
        prost::Message::decode(any.value.as_slice()).map(|a: BaseAccount| a).unwrap()
    }
}

/// A MsgSend as the `Any` a tx carries.
pub fn send_msg(from: &symbiote_app::tx::build::Signer, to: &str, amount: &str) -> cosmos_sdk_proto::Any {
    symbiote_app::tx::build::any(&symbiote_bank::MsgSend {
        from: from.address(),
        to: to.parse().unwrap(),
        amount: amount.parse().unwrap(),
    })
}
