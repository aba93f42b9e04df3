//! The ABCI socket as CometBFT speaks it, with out-of-range values in every request field: no
//! request stops the server, and the requests the network reaches are answered.
//!
//! CometBFT stops itself when it loses one of its ABCI connections. tower-abci 0.19.1 converted
//! each protobuf request into tendermint-rs domain types with `?` and `unwrap()`ped the connection
//! task's error, so a single `abci_query?height=-1` from the RPC (a negative height does not
//! convert) dropped the query connection and stopped the node. The vendored tower-abci
//! (vendor/tower-abci/SYMBIOTE.md) answers a malformed Query or CheckTx in kind with the SDK's
//! invalid-request error (codespace `sdk`, code 18) and keeps the connection; a malformed request
//! of another kind (only CometBFT itself sends those) closes just that connection, logged, and
//! the server keeps accepting connections.
//!
//! These tests run the real server in process (`symbiote_app::abci::services` behind tower-abci's
//! v0.38 server, wired as `server::run` wires it) over a chain with committed blocks, and speak
//! to it over TCP: varint-length-prefixed `Request`s, each batch ended by a Flush. They prove:
//! - Query, CheckTx (what CometBFT's RPC forwards), Echo and Info are answered in kind and in
//!   order, whatever their fields hold, and the connection keeps answering afterwards;
//! - any other request with a field that does not convert (negative or `i64::MIN` heights,
//!   timestamps out of range, hashes and addresses of the wrong length, unknown enum values,
//!   missing required messages) closes only its own connection, with no halt;
//! - well-formed consensus requests the app cannot honour (FinalizeBlock for another height,
//!   Commit with nothing finalized, InitChain on a started chain) are internal errors: the halt
//!   channel hears of them and their connection closes unanswered, and nothing is committed;
//! - well-formed requests with extreme values (heights of `i64::MAX`, years 1 and 9999, 2 MiB
//!   txs, negative `max_tx_bytes`) are answered, and a block carrying them commits;
//! - after every case no tokio task has panicked (a panic hook counts them: a panicking task does
//!   not fail a test by itself), the server task is still running, and a new connection gets Echo
//!   and Info answered with the committed height and app hash.
//!
//! Without the patch these tests fail: the first negative-height Query closes its connection
//! instead of being answered, and every malformed request panics its connection task on
//! `unwrap()`.

use crate::common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use common::{send, FUNDS};
use cosmos_sdk_proto::cosmos::bank::v1beta1::QueryBalanceRequest;
use prost::Message;
use symbiote_app::grpc::QueryServices;
use symbiote_app::testing::{genesis_with, TestNode, TEST_CHAIN_ID};
use symbiote_app::tx::build::Signer;
use tendermint_proto::google::protobuf::{Duration as PbDuration, Timestamp};
use tendermint_proto::v0_38::abci as pb;
use tendermint_proto::v0_38::abci::request::Value as Req;
use tendermint_proto::v0_38::abci::response::Value as Resp;
use tendermint_proto::v0_38::crypto::{public_key::Sum, PublicKey};
use tendermint_proto::v0_38::types as pbt;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The longest wait for any answer: a hang fails the test instead of blocking CI.
const WAIT: Duration = Duration::from_secs(5);
const MIB: usize = 1 << 20;
/// A time in range (2027-01-15).
const NOW: i64 = 1_800_000_000;
/// 9999-12-31T23:59:59Z and 0001-01-01T00:00:00Z: the range tendermint-rs times convert in.
const LAST_SECOND: i64 = 253_402_300_799;
const FIRST_SECOND: i64 = -62_135_596_800;
const BALANCE: &str = "/cosmos.bank.v1beta1.Query/Balance";
/// An Ed25519 public key that decodes (the curve's base point).
const ED25519_KEY: [u8; 32] = {
    let mut k = [0x66; 32];
    k[0] = 0x58;
    k
};

// ---------------------------------------------------------------------------------------------
// The wire: what CometBFT's socket client sends and reads.

/// What came back for a batch of requests followed by a Flush.
enum Reply {
    /// The responses before the Flush response, in order.
    Answered(Vec<Resp>),
    /// The server closed the connection (EOF or reset) after these responses.
    Closed(Vec<Resp>),
    /// Neither an answer nor a close within the wait.
    Silent,
}

fn kinds(v: &[Resp]) -> String {
    format!("[{}]", v.iter().map(resp_kind).collect::<Vec<_>>().join(", "))
}

fn describe(reply: &Reply) -> String {
    match reply {
        Reply::Answered(v) => format!("answered {}", kinds(v)),
        Reply::Closed(v) => format!("closed after {}", kinds(v)),
        Reply::Silent => "silent".into(),
    }
}

struct Conn(TcpStream);

impl Conn {
    async fn open(addr: SocketAddr) -> Self {
        let stream = tokio::time::timeout(WAIT, TcpStream::connect(addr))
            .await
            .expect("connecting timed out")
            .expect("the server accepts connections");
        stream.set_nodelay(true).unwrap();
        Conn(stream)
    }

    /// Sends the requests then a Flush, and reads responses until the Flush response, as
    /// CometBFT's socket client does.
    async fn call(&mut self, requests: &[pb::Request]) -> Reply {
        let flush = request(Req::Flush(pb::RequestFlush {}));
        let mut bytes = Vec::new();
        for r in requests.iter().chain([&flush]) {
            r.encode_length_delimited(&mut bytes).unwrap();
        }
        self.send_raw(&bytes, WAIT).await
    }

    /// Writes `bytes` as they are while reading responses (so a large request and a large
    /// response cannot block each other), until a Flush response, a close, or `wait`.
    async fn send_raw(&mut self, bytes: &[u8], wait: Duration) -> Reply {
        let (mut rd, mut wr) = self.0.split();
        let write = async move {
            // A connection the server closed shows on the read side; a failed write adds nothing.
            let _ = wr.write_all(bytes).await;
        };
        let read = async move {
            let mut got = Vec::new();
            loop {
                match read_response(&mut rd).await {
                    Some(Resp::Flush(_)) => return Reply::Answered(got),
                    Some(v) => got.push(v),
                    None => return Reply::Closed(got),
                }
            }
        };
        tokio::time::timeout(wait, async { tokio::join!(write, read).1 }).await.unwrap_or(Reply::Silent)
    }
}

/// One varint-length-prefixed Response; `None` once the server has closed the connection.
async fn read_response(r: &mut (impl AsyncRead + Unpin)) -> Option<Resp> {
    let mut len = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = match r.read_u8().await {
            Ok(b) => b,
            Err(e) => return closed(e),
        };
        len |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            break;
        }
    }
    let mut body = vec![0; usize::try_from(len).unwrap()];
    if let Err(e) = r.read_exact(&mut body).await {
        return closed(e);
    }
    let response = pb::Response::decode(body.as_slice()).expect("the server sent an undecodable response");
    Some(response.value.expect("the server sent a response without a value"))
}

/// A read error that means the peer closed the connection (EOF, or a reset because it closed
/// with our requests unread); any other is a failure of the test itself.
fn closed<T>(e: std::io::Error) -> Option<T> {
    use std::io::ErrorKind::*;
    assert!(
        matches!(e.kind(), UnexpectedEof | ConnectionReset | ConnectionAborted | BrokenPipe),
        "reading a response: {e}"
    );
    None
}

fn req_kind(r: &pb::Request) -> &'static str {
    match r.value.as_ref() {
        None => "(none)",
        Some(Req::Echo(_)) => "Echo",
        Some(Req::Flush(_)) => "Flush",
        Some(Req::Info(_)) => "Info",
        Some(Req::InitChain(_)) => "InitChain",
        Some(Req::Query(_)) => "Query",
        Some(Req::CheckTx(_)) => "CheckTx",
        Some(Req::Commit(_)) => "Commit",
        Some(Req::ListSnapshots(_)) => "ListSnapshots",
        Some(Req::OfferSnapshot(_)) => "OfferSnapshot",
        Some(Req::LoadSnapshotChunk(_)) => "LoadSnapshotChunk",
        Some(Req::ApplySnapshotChunk(_)) => "ApplySnapshotChunk",
        Some(Req::PrepareProposal(_)) => "PrepareProposal",
        Some(Req::ProcessProposal(_)) => "ProcessProposal",
        Some(Req::ExtendVote(_)) => "ExtendVote",
        Some(Req::VerifyVoteExtension(_)) => "VerifyVoteExtension",
        Some(Req::FinalizeBlock(_)) => "FinalizeBlock",
    }
}

fn resp_kind(r: &Resp) -> &'static str {
    match r {
        Resp::Exception(_) => "Exception",
        Resp::Echo(_) => "Echo",
        Resp::Flush(_) => "Flush",
        Resp::Info(_) => "Info",
        Resp::InitChain(_) => "InitChain",
        Resp::Query(_) => "Query",
        Resp::CheckTx(_) => "CheckTx",
        Resp::Commit(_) => "Commit",
        Resp::ListSnapshots(_) => "ListSnapshots",
        Resp::OfferSnapshot(_) => "OfferSnapshot",
        Resp::LoadSnapshotChunk(_) => "LoadSnapshotChunk",
        Resp::ApplySnapshotChunk(_) => "ApplySnapshotChunk",
        Resp::PrepareProposal(_) => "PrepareProposal",
        Resp::ProcessProposal(_) => "ProcessProposal",
        Resp::ExtendVote(_) => "ExtendVote",
        Resp::VerifyVoteExtension(_) => "VerifyVoteExtension",
        Resp::FinalizeBlock(_) => "FinalizeBlock",
    }
}

// ---------------------------------------------------------------------------------------------
// The server under test and the three outcomes a request can have.

/// Panics on tokio's worker threads: in the server's accept loop, a connection task, or a service
/// future polled there. A panicking task does not fail a test by itself (tokio catches it), so a
/// panic hook counts them and every case asserts there were none. The count is shared by the
/// tests of this file, which all expect zero.
static TASK_PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_task_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name().is_some_and(|n| n.starts_with("tokio-")) {
                TASK_PANICS.fetch_add(1, Ordering::SeqCst);
            }
            default(info);
        }));
    });
}

struct Harness {
    addr: SocketAddr,
    server: tokio::task::JoinHandle<Result<(), tower_abci::BoxError>>,
    halt: tokio::sync::mpsc::UnboundedReceiver<String>,
    /// The last committed height and app hash: what Info must keep answering.
    height: i64,
    app_hash: Vec<u8>,
    alice: Signer,
    bob: Signer,
    _dir: tempfile::TempDir,
}

impl Harness {
    /// A chain with two committed blocks (one with a transfer), served over TCP as `server::run`
    /// serves it.
    async fn start() -> Self {
        count_task_panics();
        let alice = Signer::from_seed("alice");
        let bob = Signer::from_seed("bob");
        let dir = tempfile::tempdir().unwrap();
        let mut node = TestNode::start(dir.path(), &genesis_with(&[&alice, &bob], FUNDS), -1).await.unwrap();
        let (_, block) = node.produce_block(vec![send(&alice, 0, 0, bob.address(), "1usym")]).await.unwrap();
        assert_eq!(block.tx_results.len(), 1);
        assert_eq!(block.tx_results[0].code.value(), 0, "{}", block.tx_results[0].log);
        node.produce_block(vec![]).await.unwrap();
        let height = i64::try_from(node.height).unwrap();
        let app_hash = node.app_hash().await.unwrap();

        let app = node.app;
        let router = QueryServices::new::<symbiote_app::Modules>(app.snapshots().clone(), None).router();
        let (halt_tx, halt) = tokio::sync::mpsc::unbounded_channel();
        let s = symbiote_app::abci::services(app, router, halt_tx);
        let abci = tower_abci::v038::Server::builder()
            .consensus(s.consensus)
            .mempool(s.mempool)
            .info(s.info)
            .snapshot(s.snapshot)
            .finish()
            .expect("all four services");
        let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
        let server = tokio::spawn(abci.listen_tcp(addr));
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(addr).await.is_err() {
            assert!(!server.is_finished(), "the ABCI server stopped before listening");
            assert!(Instant::now() < deadline, "the ABCI server is not listening on {addr}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let mut h = Harness { addr, server, halt, height, app_hash, alice, bob, _dir: dir };
        h.assert_alive("start").await;
        h
    }

    /// The server task still runs, nothing was reported on the halt channel, and a new connection
    /// gets Echo and Info answered, Info with the committed height and app hash.
    async fn assert_alive(&mut self, case: &str) {
        assert!(!self.server.is_finished(), "{case}: the ABCI server task ended");
        assert_eq!(TASK_PANICS.load(Ordering::SeqCst), 0, "{case}: a server or connection task panicked");
        if let Ok(reason) = self.halt.try_recv() {
            panic!("{case}: unexpected halt: {reason}");
        }
        let reply = Conn::open(self.addr).await.call(&[echo(case), info()]).await;
        match &reply {
            Reply::Answered(v) => match v.as_slice() {
                [Resp::Echo(e), Resp::Info(i)] => {
                    assert_eq!(e.message, case, "{case}: a new connection echoed something else");
                    assert_eq!(
                        (i.last_block_height, i.last_block_app_hash.to_vec()),
                        (self.height, self.app_hash.clone()),
                        "{case}: the committed state changed"
                    );
                }
                _ => panic!("{case}: a new connection got {}", describe(&reply)),
            },
            _ => panic!("{case}: a new connection was not answered: {}", describe(&reply)),
        }
    }

    /// `req` is answered in kind on a fresh connection, which then still answers an Echo.
    async fn answered(&mut self, case: &str, req: pb::Request) -> Resp {
        let kind = req_kind(&req);
        let reply = Conn::open(self.addr).await.call(&[req, echo("still here")]).await;
        let Reply::Answered(mut v) = reply else {
            panic!("{case}: expected a {kind} response, got {}", describe(&reply));
        };
        assert_eq!(v.len(), 2, "{case}: expected a {kind} response then an Echo: {}", kinds(&v));
        let Some(Resp::Echo(e)) = v.pop() else { panic!("{case}: the connection did not answer the Echo after it") };
        assert_eq!(e.message, "still here");
        let resp = v.pop().unwrap();
        assert_eq!(resp_kind(&resp), kind, "{case}: answered with another kind");
        self.assert_alive(case).await;
        resp
    }

    /// `req` closes its own connection unanswered and reports no halt; the server keeps serving.
    async fn closes(&mut self, case: &str, req: pb::Request) {
        let reply = Conn::open(self.addr).await.call(&[req, echo("unreachable")]).await;
        assert!(
            matches!(&reply, Reply::Closed(v) if v.is_empty()),
            "{case}: expected the connection closed unanswered, got {}",
            describe(&reply)
        );
        self.assert_alive(case).await;
    }

    /// `req` converts but is an internal error for the app: it is reported on the halt channel
    /// (the node would stop) and its connection closes unanswered; the server keeps serving.
    async fn halts(&mut self, case: &str, req: pb::Request, reason: &str) {
        let reply = Conn::open(self.addr).await.call(&[req, echo("unreachable")]).await;
        assert!(
            matches!(&reply, Reply::Closed(v) if v.is_empty()),
            "{case}: expected the connection closed unanswered, got {}",
            describe(&reply)
        );
        let got = tokio::time::timeout(WAIT, self.halt.recv())
            .await
            .unwrap_or_else(|_| panic!("{case}: nothing reported on the halt channel"))
            .expect("halt channel open");
        assert!(got.contains(reason), "{case}: halted on {got:?}, expected {reason:?}");
        self.assert_alive(case).await;
    }
}

/// Code 18 in codespace `sdk`: the answer to a request that does not convert.
fn assert_invalid_request(case: &str, code: u32, codespace: &str, log: &str) {
    assert_eq!((code, codespace), (18, "sdk"), "{case}: {log}");
}

fn query_response(case: &str, r: Resp) -> pb::ResponseQuery {
    match r {
        Resp::Query(q) => q,
        other => panic!("{case}: expected a Query response, got {}", resp_kind(&other)),
    }
}

fn check_tx_response(case: &str, r: Resp) -> pb::ResponseCheckTx {
    match r {
        Resp::CheckTx(c) => c,
        other => panic!("{case}: expected a CheckTx response, got {}", resp_kind(&other)),
    }
}

// ---------------------------------------------------------------------------------------------
// Requests and their out-of-range fields.

fn request(value: Req) -> pb::Request {
    pb::Request { value: Some(value) }
}

fn echo(message: &str) -> pb::Request {
    request(Req::Echo(pb::RequestEcho { message: message.into() }))
}

/// What CometBFT 0.38 sends on its handshake.
fn info() -> pb::Request {
    request(Req::Info(pb::RequestInfo {
        version: "0.38.17".into(),
        block_version: 11,
        p2p_version: 8,
        abci_version: "2.0.0".into(),
    }))
}

fn query(path: &str, data: Vec<u8>, height: i64) -> pb::Request {
    request(Req::Query(pb::RequestQuery { data: data.into(), path: path.into(), height, prove: false }))
}

fn check_tx(tx: Vec<u8>, kind: i32) -> pb::Request {
    request(Req::CheckTx(pb::RequestCheckTx { tx: tx.into(), r#type: kind }))
}

fn ts(seconds: i64, nanos: i32) -> Option<Timestamp> {
    Some(Timestamp { seconds, nanos })
}

fn filled(len: usize, byte: u8) -> Bytes {
    Bytes::from(vec![byte; len])
}

fn validator(address_len: usize, power: i64) -> pb::Validator {
    pb::Validator { address: filled(address_len, 1), power }
}

fn vote(block_id_flag: i32) -> pb::VoteInfo {
    pb::VoteInfo { validator: Some(validator(20, 10)), block_id_flag }
}

fn extended_vote(block_id_flag: i32) -> pb::ExtendedVoteInfo {
    pb::ExtendedVoteInfo {
        validator: Some(validator(20, 10)),
        vote_extension: Bytes::new(),
        extension_signature: Bytes::new(),
        block_id_flag,
    }
}

fn commit() -> pb::CommitInfo {
    pb::CommitInfo { round: 0, votes: vec![vote(pbt::BlockIdFlag::Commit as i32)] }
}

fn extended_commit() -> pb::ExtendedCommitInfo {
    pb::ExtendedCommitInfo { round: 0, votes: vec![extended_vote(pbt::BlockIdFlag::Commit as i32)] }
}

fn misbehavior() -> pb::Misbehavior {
    pb::Misbehavior {
        r#type: pb::MisbehaviorType::DuplicateVote as i32,
        validator: Some(validator(20, 10)),
        height: 1,
        time: ts(NOW, 0),
        total_voting_power: 10,
    }
}

fn consensus_params() -> pbt::ConsensusParams {
    pbt::ConsensusParams {
        block: Some(pbt::BlockParams { max_bytes: 22_020_096, max_gas: -1 }),
        evidence: Some(pbt::EvidenceParams {
            max_age_num_blocks: 100_000,
            max_age_duration: Some(PbDuration { seconds: 172_800, nanos: 0 }),
            max_bytes: 1_048_576,
        }),
        validator: Some(pbt::ValidatorParams { pub_key_types: vec!["ed25519".into()] }),
        version: Some(pbt::VersionParams { app: 0 }),
        abci: Some(pbt::AbciParams { vote_extensions_enable_height: 0 }),
    }
}

type Named<V> = Vec<(String, V)>;

fn named<V>(items: impl IntoIterator<Item = (&'static str, V)>) -> Named<V> {
    items.into_iter().map(|(n, v)| (n.to_string(), v)).collect()
}

fn bad_heights() -> Named<i64> {
    named([("-1", -1), ("i64::MIN", i64::MIN)])
}

fn bad_times() -> Named<Option<Timestamp>> {
    named([
        ("nanos 1_000_000_000", ts(NOW, 1_000_000_000)),
        ("nanos i32::MAX", ts(NOW, i32::MAX)),
        ("nanos -1", ts(NOW, -1)),
        ("seconds i64::MAX", ts(i64::MAX, 0)),
        ("seconds i64::MIN", ts(i64::MIN, 0)),
        ("after year 9999", ts(LAST_SECOND + 1, 0)),
        ("before year 1", ts(FIRST_SECOND - 1, 0)),
        ("missing", None),
    ])
}

/// Block hashes are empty or 32 bytes.
fn bad_hashes() -> Named<Bytes> {
    named([("7 bytes", filled(7, 7)), ("31 bytes", filled(31, 7)), ("33 bytes", filled(33, 7))])
}

/// Validator addresses are 20 bytes.
fn bad_addresses() -> Named<Bytes> {
    named([("7 bytes", filled(7, 7)), ("empty", Bytes::new()), ("21 bytes", filled(21, 7))])
}

fn bad_validators() -> Named<Option<pb::Validator>> {
    named([
        ("missing", None),
        ("address 7 bytes", Some(validator(7, 10))),
        ("address empty", Some(validator(0, 10))),
        ("power -1", Some(validator(20, -1))),
        ("power i64::MIN", Some(validator(20, i64::MIN))),
    ])
}

fn bad_misbehavior() -> Named<Vec<pb::Misbehavior>> {
    let mut out = Named::new();
    let mut add = |name: String, edit: &dyn Fn(&mut pb::Misbehavior)| {
        let mut m = misbehavior();
        edit(&mut m);
        out.push((name, vec![m]));
    };
    for t in [3, 99, -1, i32::MIN] {
        add(format!("type {t}"), &|m| m.r#type = t);
    }
    for (n, v) in bad_validators() {
        add(format!("validator {n}"), &|m| m.validator = v.clone());
    }
    for (n, h) in bad_heights() {
        add(format!("height {n}"), &|m| m.height = h);
    }
    for (n, t) in bad_times() {
        add(format!("time {n}"), &|m| m.time = t);
    }
    add("total_voting_power -1".into(), &|m| m.total_voting_power = -1);
    out
}

/// An edit of a commit's round or of its one vote's fields.
#[derive(Clone, Default)]
struct VoteEdit {
    round: Option<i32>,
    block_id_flag: Option<i32>,
    validator: Option<Option<pb::Validator>>,
}

impl VoteEdit {
    fn apply(&self, round: &mut i32, block_id_flag: &mut i32, validator: &mut Option<pb::Validator>) {
        if let Some(r) = self.round {
            *round = r;
        }
        if let Some(f) = self.block_id_flag {
            *block_id_flag = f;
        }
        if let Some(v) = &self.validator {
            validator.clone_from(v);
        }
    }
}

/// Rounds and votes that do not convert.
fn bad_vote_edits() -> Named<VoteEdit> {
    let mut out: Named<_> = [-1, i32::MIN]
        .into_iter()
        .map(|r| (format!("round {r}"), VoteEdit { round: Some(r), ..Default::default() }))
        .collect();
    for flag in [0, 4, 99, -1] {
        out.push((format!("vote block_id_flag {flag}"), VoteEdit { block_id_flag: Some(flag), ..Default::default() }));
    }
    for (n, v) in bad_validators() {
        out.push((format!("vote validator {n}"), VoteEdit { validator: Some(v), ..Default::default() }));
    }
    out
}

fn bad_commits() -> Named<Option<pb::CommitInfo>> {
    bad_vote_edits()
        .into_iter()
        .map(|(n, e)| {
            let mut c = commit();
            let vote = &mut c.votes[0];
            e.apply(&mut c.round, &mut vote.block_id_flag, &mut vote.validator);
            (n, Some(c))
        })
        .collect()
}

fn bad_extended_commits() -> Named<Option<pb::ExtendedCommitInfo>> {
    let mut out: Named<_> = bad_vote_edits()
        .into_iter()
        .map(|(n, e)| {
            let mut c = extended_commit();
            let vote = &mut c.votes[0];
            e.apply(&mut c.round, &mut vote.block_id_flag, &mut vote.validator);
            (n, Some(c))
        })
        .collect();
    for len in [7, 65] {
        let mut c = extended_commit();
        c.votes[0].extension_signature = filled(len, 1);
        out.push((format!("vote extension_signature {len} bytes"), Some(c)));
    }
    out
}

type Edit<T> = (String, Box<dyn Fn(&mut T)>);

/// One edit per named value: `field` set to it.
macro_rules! set {
    ($t:ty, $field:ident, $values:expr) => {
        $values
            .into_iter()
            .map(|(name, v)| {
                let edit: Box<dyn Fn(&mut $t)> = Box::new(move |r: &mut $t| r.$field = v.clone());
                (format!("{} {name}", stringify!($field)), edit)
            })
            .collect::<Vec<Edit<$t>>>()
    };
}

/// `base` with one edit applied at a time, each named after its request kind and edit.
fn variants<T: Clone>(kind: &str, base: &T, wrap: fn(T) -> Req, edits: Vec<Edit<T>>) -> Named<pb::Request> {
    edits
        .into_iter()
        .map(|(name, edit)| {
            let mut r = base.clone();
            edit(&mut r);
            (format!("{kind} {name}"), request(wrap(r)))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The cases.

/// Echo, Flush, Info, Query and CheckTx: whatever their fields hold, each is answered in kind,
/// in order, and its connection keeps answering. A Query or CheckTx that does not convert gets
/// code 18 in codespace `sdk` (the patch); one that converts gets the app's own answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_requests_are_answered_whatever_their_fields_hold() {
    let started = Instant::now();
    let mut h = Harness::start().await;
    let balance = QueryBalanceRequest { address: h.alice.address().to_string(), denom: "usym".into() }.encode_to_vec();

    // Query with a height that does not convert: answered with code 18, not dropped. Without the
    // patch this is where the test fails (the connection closes instead).
    for (n, height) in bad_heights() {
        let case = format!("Query height {n}");
        let q = query_response(&case, h.answered(&case, query(BALANCE, balance.clone(), height)).await);
        assert_invalid_request(&case, q.code, &q.codespace, &q.log);
    }
    for (case, path, data) in [
        ("Query height -1, empty path", String::new(), vec![]),
        ("Query height -1, store path", "store/bank/key".to_string(), b"balances".to_vec()),
        ("Query height -1, 1 MiB path, 2 MiB data", "/x".repeat(MIB / 2), vec![0xff; 2 * MIB]),
    ] {
        let mut req = query(&path, data, -1);
        if let Some(Req::Query(q)) = req.value.as_mut() {
            q.prove = true;
        }
        let q = query_response(case, h.answered(case, req).await);
        assert_invalid_request(case, q.code, &q.codespace, &q.log);
    }

    // Queries that convert: the app's answers.
    let case = "Query balance at the latest height";
    let q = query_response(case, h.answered(case, query(BALANCE, balance.clone(), 0)).await);
    assert_eq!((q.code, q.height), (0, h.height), "{case}: {}", q.log);
    let case = "Query balance at height 1";
    let q = query_response(case, h.answered(case, query(BALANCE, balance.clone(), 1)).await);
    assert_eq!((q.code, q.height), (0, 1), "{case}: {}", q.log);
    for (case, path, data, height, code) in [
        ("Query height i64::MAX", BALANCE.to_string(), balance.clone(), i64::MAX, 18),
        ("Query height latest + 1", BALANCE.to_string(), balance.clone(), h.height + 1, 18),
        ("Query empty path", String::new(), vec![], 0, 6),
        ("Query unknown path", "/no.such.Query/Method".to_string(), vec![], 0, 6),
        ("Query 1 MiB path", "/x".repeat(MIB / 2), vec![], 0, 6),
        ("Query 2 MiB of undecodable data", BALANCE.to_string(), vec![0xff; 2 * MIB], 0, 18),
        ("Query store key at height i64::MAX", "store/bank/key".to_string(), b"x".to_vec(), i64::MAX, 18),
    ] {
        let q = query_response(case, h.answered(case, query(&path, data, height)).await);
        assert_eq!((q.code, q.codespace.as_str()), (code, "sdk"), "{case}: {}", q.log);
    }

    // CheckTx of an unknown type: answered with code 18 (and never admitted), not dropped.
    let tx = send(&h.bob, 1, 0, h.alice.address(), "1usym");
    for kind in [2, 99, -1, i32::MIN, i32::MAX] {
        let case = format!("CheckTx type {kind}");
        let c = check_tx_response(&case, h.answered(&case, check_tx(tx.clone(), kind)).await);
        assert_invalid_request(&case, c.code, &c.codespace, &c.log);
    }
    for (case, bytes) in [("CheckTx type 99, empty tx", vec![]), ("CheckTx type 99, 2 MiB tx", vec![0xff; 2 * MIB])] {
        let c = check_tx_response(case, h.answered(case, check_tx(bytes, 99)).await);
        assert_invalid_request(case, c.code, &c.codespace, &c.log);
    }
    // CheckTx that converts: the app's answers.
    for (case, bytes, kind) in [
        ("CheckTx empty tx", vec![], 0),
        ("CheckTx 2 MiB of garbage", vec![0xff; 2 * MIB], 0),
        ("CheckTx recheck of garbage", vec![0x0a, 0x01], 1),
    ] {
        let c = check_tx_response(case, h.answered(case, check_tx(bytes, kind)).await);
        assert_ne!(c.code, 0, "{case}: accepted");
        assert_eq!(c.codespace, "sdk", "{case}: {}", c.log);
    }
    let case = "CheckTx of a valid tx";
    let c = check_tx_response(case, h.answered(case, check_tx(tx, 0)).await);
    assert_eq!(c.code, 0, "{case}: {}", c.log);

    // Echo and Info, whatever they carry.
    for (case, message) in [("Echo empty", String::new()), ("Echo 2 MiB", "e".repeat(2 * MIB))] {
        let Resp::Echo(e) = h.answered(case, request(Req::Echo(pb::RequestEcho { message: message.clone() }))).await
        else {
            unreachable!()
        };
        assert!(e.message == message, "{case}: echoed something else");
    }
    for (case, r) in [
        (
            "Info with u64::MAX versions and a 1 MiB version",
            pb::RequestInfo {
                version: "v".repeat(MIB),
                block_version: u64::MAX,
                p2p_version: u64::MAX,
                abci_version: String::new(),
            },
        ),
        ("Info empty", pb::RequestInfo::default()),
    ] {
        let Resp::Info(i) = h.answered(case, request(Req::Info(r))).await else { unreachable!() };
        assert_eq!((i.last_block_height, i.last_block_app_hash.to_vec()), (h.height, h.app_hash.clone()), "{case}");
    }

    // A Flush alone is answered with a Flush.
    let reply = Conn::open(h.addr).await.call(&[]).await;
    assert!(matches!(&reply, Reply::Answered(v) if v.is_empty()), "Flush: {}", describe(&reply));

    // Several malformed requests pipelined with good ones on one connection, as CometBFT's RPC
    // forwards them: every one answered, in order, and the connection stays up.
    let case = "pipelined";
    let reply = Conn::open(h.addr)
        .await
        .call(&[
            query(BALANCE, balance.clone(), -1),
            check_tx(vec![1, 2, 3], 99),
            echo("between"),
            query(BALANCE, balance.clone(), 0),
            query("", vec![], i64::MIN),
            info(),
            check_tx(vec![], -7),
        ])
        .await;
    let Reply::Answered(v) = reply else { panic!("{case}: {}", describe(&reply)) };
    let kinds: Vec<_> = v.iter().map(resp_kind).collect();
    assert_eq!(kinds, ["Query", "CheckTx", "Echo", "Query", "Query", "Info", "CheckTx"], "{case}");
    let codes: Vec<u32> = v
        .iter()
        .filter_map(|r| match r {
            Resp::Query(q) => Some(q.code),
            Resp::CheckTx(c) => Some(c.code),
            _ => None,
        })
        .collect();
    assert_eq!(codes, [18, 18, 0, 18, 18], "{case}");
    h.assert_alive(case).await;

    eprintln!("network requests: {:?}", started.elapsed());
}

/// Requests only CometBFT itself sends (InitChain, the block-building calls, the snapshot calls)
/// with a field that does not convert close their own connection, without a halt; the server
/// keeps serving. Each malformed request is a valid base with one field out of range, and each
/// base is shown valid first (answered, or for FinalizeBlock and InitChain, converted and then
/// refused by the app with a halt).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_malformed_requests_close_only_their_connection() {
    let started = Instant::now();
    let mut h = Harness::start().await;
    let next = h.height + 1;
    let mut cases: Named<pb::Request> = Vec::new();

    // PrepareProposal.
    let base = pb::RequestPrepareProposal {
        max_tx_bytes: 1_048_576,
        txs: vec![],
        local_last_commit: Some(extended_commit()),
        misbehavior: vec![misbehavior()],
        height: next,
        time: ts(NOW, 0),
        next_validators_hash: filled(32, 1),
        proposer_address: filled(20, 1),
    };
    h.answered("PrepareProposal base", request(Req::PrepareProposal(base.clone()))).await;
    type Prepare = pb::RequestPrepareProposal;
    let mut edits = set!(Prepare, height, bad_heights());
    edits.extend(set!(Prepare, time, bad_times()));
    edits.extend(set!(Prepare, next_validators_hash, bad_hashes()));
    edits.extend(set!(Prepare, proposer_address, bad_addresses()));
    edits.extend(set!(Prepare, misbehavior, bad_misbehavior()));
    edits.extend(set!(Prepare, local_last_commit, bad_extended_commits()));
    cases.extend(variants("PrepareProposal", &base, Req::PrepareProposal, edits));

    // ProcessProposal.
    let base = pb::RequestProcessProposal {
        txs: vec![],
        proposed_last_commit: Some(commit()),
        misbehavior: vec![misbehavior()],
        hash: filled(32, 2),
        height: next,
        time: ts(NOW, 0),
        next_validators_hash: filled(32, 1),
        proposer_address: filled(20, 1),
    };
    h.answered("ProcessProposal base", request(Req::ProcessProposal(base.clone()))).await;
    type Process = pb::RequestProcessProposal;
    let mut edits = set!(Process, height, bad_heights());
    edits.extend(set!(Process, time, bad_times()));
    edits.extend(set!(Process, hash, bad_hashes()));
    edits.extend(set!(Process, next_validators_hash, bad_hashes()));
    edits.extend(set!(Process, proposer_address, bad_addresses()));
    edits.extend(set!(Process, misbehavior, bad_misbehavior()));
    edits.extend(set!(Process, proposed_last_commit, bad_commits()));
    cases.extend(variants("ProcessProposal", &base, Req::ProcessProposal, edits));

    // ExtendVote.
    let base = pb::RequestExtendVote {
        hash: filled(32, 2),
        height: next,
        time: ts(NOW, 0),
        txs: vec![],
        proposed_last_commit: Some(commit()),
        misbehavior: vec![misbehavior()],
        next_validators_hash: filled(32, 1),
        proposer_address: filled(20, 1),
    };
    h.answered("ExtendVote base", request(Req::ExtendVote(base.clone()))).await;
    type Extend = pb::RequestExtendVote;
    let mut edits = set!(Extend, height, bad_heights());
    edits.extend(set!(Extend, time, bad_times()));
    edits.extend(set!(Extend, hash, bad_hashes()));
    edits.extend(set!(Extend, next_validators_hash, bad_hashes()));
    edits.extend(set!(Extend, proposer_address, bad_addresses()));
    edits.extend(set!(Extend, misbehavior, bad_misbehavior()));
    edits.extend(set!(Extend, proposed_last_commit, bad_commits()));
    cases.extend(variants("ExtendVote", &base, Req::ExtendVote, edits));

    // VerifyVoteExtension.
    let base = pb::RequestVerifyVoteExtension {
        hash: filled(32, 2),
        validator_address: filled(20, 1),
        height: next,
        vote_extension: Bytes::new(),
    };
    h.answered("VerifyVoteExtension base", request(Req::VerifyVoteExtension(base.clone()))).await;
    type Verify = pb::RequestVerifyVoteExtension;
    let mut edits = set!(Verify, height, bad_heights());
    edits.extend(set!(Verify, hash, bad_hashes()));
    edits.extend(set!(Verify, validator_address, bad_addresses()));
    cases.extend(variants("VerifyVoteExtension", &base, Req::VerifyVoteExtension, edits));

    // FinalizeBlock: the base converts (a height far ahead, which the app refuses with a halt).
    let base = pb::RequestFinalizeBlock {
        txs: vec![],
        decided_last_commit: Some(commit()),
        misbehavior: vec![misbehavior()],
        hash: filled(32, 2),
        height: next + 1000,
        time: ts(NOW, 0),
        next_validators_hash: filled(32, 1),
        proposer_address: filled(20, 1),
    };
    h.halts("FinalizeBlock base", request(Req::FinalizeBlock(base.clone())), "FinalizeBlock for height").await;
    type Finalize = pb::RequestFinalizeBlock;
    let mut edits = set!(Finalize, height, bad_heights());
    edits.extend(set!(Finalize, time, bad_times()));
    edits.extend(set!(Finalize, hash, bad_hashes()));
    edits.extend(set!(Finalize, next_validators_hash, bad_hashes()));
    edits.extend(set!(Finalize, proposer_address, bad_addresses()));
    edits.extend(set!(Finalize, misbehavior, bad_misbehavior()));
    let mut commits = bad_commits();
    commits.push(("missing".into(), None));
    edits.extend(set!(Finalize, decided_last_commit, commits));
    cases.extend(variants("FinalizeBlock", &base, Req::FinalizeBlock, edits));

    // InitChain: the base converts (and the app refuses it: the chain has blocks).
    let base = pb::RequestInitChain {
        time: ts(NOW, 0),
        chain_id: TEST_CHAIN_ID.into(),
        consensus_params: Some(consensus_params()),
        validators: vec![],
        app_state_bytes: Bytes::from_static(b"{}"),
        initial_height: 1,
    };
    h.halts("InitChain base", request(Req::InitChain(base.clone())), "InitChain on a store that already has blocks")
        .await;
    type Init = pb::RequestInitChain;
    let mut edits = set!(Init, time, bad_times());
    edits.extend(set!(Init, initial_height, bad_heights()));
    let key = |sum: Option<Sum>| Some(PublicKey { sum });
    edits.extend(set!(
        Init,
        validators,
        named([
            ("pub_key missing", vec![pb::ValidatorUpdate { pub_key: None, power: 1 }]),
            ("pub_key empty", vec![pb::ValidatorUpdate { pub_key: key(None), power: 1 }]),
            (
                "ed25519 key 7 bytes",
                vec![pb::ValidatorUpdate { pub_key: key(Some(Sum::Ed25519(vec![1; 7]))), power: 1 }]
            ),
            (
                "secp256k1 key 7 bytes",
                vec![pb::ValidatorUpdate { pub_key: key(Some(Sum::Secp256k1(vec![1; 7]))), power: 1 }],
            ),
            (
                "power -1",
                vec![pb::ValidatorUpdate { pub_key: key(Some(Sum::Ed25519(ED25519_KEY.to_vec()))), power: -1 }],
            ),
        ])
    ));
    let params = |edit: &dyn Fn(&mut pbt::ConsensusParams)| {
        let mut p = consensus_params();
        edit(&mut p);
        Some(p)
    };
    edits.extend(set!(
        Init,
        consensus_params,
        named([
            ("missing", None),
            ("block missing", params(&|p| p.block = None)),
            // CometBFT 0.38 itself accepts -1 here ("no limit but the hard-coded 100 MB"); tendermint-rs
            // does not convert it (its `max_bytes` is a u64).
            ("block.max_bytes -1", params(&|p| p.block.as_mut().unwrap().max_bytes = -1)),
            ("block.max_bytes i64::MIN", params(&|p| p.block.as_mut().unwrap().max_bytes = i64::MIN)),
            ("evidence missing", params(&|p| p.evidence = None)),
            ("evidence.max_age_num_blocks -1", params(&|p| p.evidence.as_mut().unwrap().max_age_num_blocks = -1)),
            ("evidence.max_age_duration missing", params(&|p| p.evidence.as_mut().unwrap().max_age_duration = None)),
            (
                "evidence.max_age_duration seconds -1",
                params(&|p| p.evidence.as_mut().unwrap().max_age_duration = Some(PbDuration { seconds: -1, nanos: 0 })),
            ),
            (
                "evidence.max_age_duration nanos -1",
                params(&|p| p.evidence.as_mut().unwrap().max_age_duration = Some(PbDuration { seconds: 1, nanos: -1 })),
            ),
            ("validator missing", params(&|p| p.validator = None)),
            (
                "abci.vote_extensions_enable_height -1",
                params(&|p| p.abci.as_mut().unwrap().vote_extensions_enable_height = -1),
            ),
        ])
    ));
    cases.extend(variants("InitChain", &base, Req::InitChain, edits));

    // Snapshots: the bases are answered (state sync is not offered).
    let snapshot = pb::Snapshot { height: 1, format: 1, chunks: 1, hash: filled(32, 3), metadata: Bytes::new() };
    let offer = pb::RequestOfferSnapshot { snapshot: Some(snapshot.clone()), app_hash: filled(32, 4) };
    h.answered("OfferSnapshot base", request(Req::OfferSnapshot(offer.clone()))).await;
    type Offer = pb::RequestOfferSnapshot;
    let mut too_high = snapshot.clone();
    too_high.height = i64::MAX as u64 + 1;
    let mut max = snapshot;
    max.height = u64::MAX;
    let edits = set!(
        Offer,
        snapshot,
        named([("missing", None), ("height i64::MAX + 1", Some(too_high)), ("height u64::MAX", Some(max))])
    );
    cases.extend(variants("OfferSnapshot", &offer, Req::OfferSnapshot, edits));
    let load = pb::RequestLoadSnapshotChunk { height: 1, format: 1, chunk: 0 };
    h.answered("LoadSnapshotChunk base", request(Req::LoadSnapshotChunk(load))).await;
    type Load = pb::RequestLoadSnapshotChunk;
    let edits = set!(Load, height, named([("i64::MAX + 1", i64::MAX as u64 + 1), ("u64::MAX", u64::MAX)]));
    cases.extend(variants("LoadSnapshotChunk", &load, Req::LoadSnapshotChunk, edits));

    // A request with no value at all.
    cases.push(("Request with no value".into(), pb::Request { value: None }));

    let count = cases.len();
    for (case, req) in cases {
        h.closes(&case, req).await;
    }
    eprintln!("{count} malformed requests, each closing only its connection: {:?}", started.elapsed());
}

/// Consensus requests that convert: those the app cannot honour are internal errors (halt
/// reported, connection closed, nothing committed); those with extreme but valid values are
/// answered, and a block carrying them commits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consensus_requests_that_convert_are_answered_or_halt() {
    let started = Instant::now();
    let mut h = Harness::start().await;
    let next = h.height + 1;
    let finalize = |height: i64| {
        request(Req::FinalizeBlock(pb::RequestFinalizeBlock {
            txs: vec![],
            decided_last_commit: Some(commit()),
            misbehavior: vec![],
            hash: Bytes::new(),
            height,
            time: ts(NOW, 0),
            next_validators_hash: Bytes::new(),
            proposer_address: filled(20, 1),
        }))
    };

    // Refused by the app: a halt, and nothing committed (assert_alive checks the app hash).
    for (case, height) in [
        ("FinalizeBlock far ahead", next + 1000),
        ("FinalizeBlock height i64::MAX", i64::MAX),
        ("FinalizeBlock height 0", 0),
        ("FinalizeBlock for the height already committed", h.height),
    ] {
        h.halts(case, finalize(height), "FinalizeBlock for height").await;
    }
    let commit_req = request(Req::Commit(pb::RequestCommit {}));
    h.halts("Commit with nothing finalized", commit_req.clone(), "Commit without a finalized block").await;
    let init = |chain_id: &str, initial_height: i64| {
        request(Req::InitChain(pb::RequestInitChain {
            time: ts(NOW, 0),
            chain_id: chain_id.into(),
            consensus_params: Some(consensus_params()),
            validators: vec![],
            app_state_bytes: Bytes::from_static(b"{}"),
            initial_height,
        }))
    };
    h.halts("InitChain again", init(TEST_CHAIN_ID, 1), "InitChain on a store that already has blocks").await;
    h.halts("InitChain of another chain", init("other-chain", 1), "store holds a different chain").await;
    h.halts("InitChain initial height 5", init(TEST_CHAIN_ID, 5), "initial_height 1").await;

    // Extreme but valid values: answered.
    let garbage = Bytes::from(vec![0xff; 2 * MIB]);
    let extreme_misbehavior = pb::Misbehavior {
        r#type: pb::MisbehaviorType::LightClientAttack as i32,
        validator: Some(validator(20, i64::MAX)),
        height: i64::MAX,
        time: ts(FIRST_SECOND, 0),
        total_voting_power: i64::MAX,
    };
    for (n, max_tx_bytes, height, time) in [
        ("max_tx_bytes -1, height i64::MAX, year 9999", -1, i64::MAX, ts(LAST_SECOND, 999_999_999)),
        ("max_tx_bytes i64::MIN, height 0, year 1", i64::MIN, 0, ts(FIRST_SECOND, 0)),
        ("max_tx_bytes i64::MAX", i64::MAX, next, ts(NOW, 0)),
    ] {
        let case = format!("PrepareProposal {n}");
        let req = request(Req::PrepareProposal(pb::RequestPrepareProposal {
            max_tx_bytes,
            txs: vec![Bytes::new(), garbage.clone()],
            local_last_commit: Some(pb::ExtendedCommitInfo {
                round: i32::MAX,
                votes: vec![pb::ExtendedVoteInfo {
                    validator: Some(validator(20, i64::MAX)),
                    vote_extension: garbage.clone(),
                    extension_signature: filled(64, 1),
                    block_id_flag: pbt::BlockIdFlag::Nil as i32,
                }],
            }),
            misbehavior: vec![extreme_misbehavior.clone()],
            height,
            time,
            next_validators_hash: filled(32, 0xff),
            proposer_address: filled(20, 0xff),
        }));
        let Resp::PrepareProposal(p) = h.answered(&case, req).await else { unreachable!() };
        assert!(p.txs.is_empty(), "{case}: proposed undecodable txs");
    }
    let process = |txs: Vec<Bytes>| {
        request(Req::ProcessProposal(pb::RequestProcessProposal {
            txs,
            proposed_last_commit: Some(pb::CommitInfo { round: i32::MAX, votes: vec![] }),
            misbehavior: vec![extreme_misbehavior.clone()],
            hash: filled(32, 0xff),
            height: i64::MAX,
            time: ts(LAST_SECOND, 999_999_999),
            next_validators_hash: Bytes::new(),
            proposer_address: filled(20, 0),
        }))
    };
    for (case, txs, status) in [
        (
            "ProcessProposal of nothing at height i64::MAX",
            vec![],
            pb::response_process_proposal::ProposalStatus::Accept,
        ),
        (
            "ProcessProposal of empty and 2 MiB garbage txs",
            vec![Bytes::new(), garbage.clone()],
            pb::response_process_proposal::ProposalStatus::Reject,
        ),
    ] {
        let Resp::ProcessProposal(p) = h.answered(case, process(txs)).await else { unreachable!() };
        assert_eq!(p.status, status as i32, "{case}");
    }
    let case = "ExtendVote at height i64::MAX with 2 MiB txs";
    let Resp::ExtendVote(e) = h
        .answered(
            case,
            request(Req::ExtendVote(pb::RequestExtendVote {
                hash: filled(32, 0xff),
                height: i64::MAX,
                time: ts(FIRST_SECOND, 0),
                txs: vec![garbage.clone()],
                proposed_last_commit: None,
                misbehavior: vec![extreme_misbehavior.clone()],
                next_validators_hash: Bytes::new(),
                proposer_address: filled(20, 0),
            })),
        )
        .await
    else {
        unreachable!()
    };
    assert!(e.vote_extension.is_empty(), "{case}");
    let case = "VerifyVoteExtension of 2 MiB at height i64::MAX";
    let Resp::VerifyVoteExtension(v) = h
        .answered(
            case,
            request(Req::VerifyVoteExtension(pb::RequestVerifyVoteExtension {
                hash: Bytes::new(),
                validator_address: filled(20, 0xff),
                height: i64::MAX,
                vote_extension: garbage.clone(),
            })),
        )
        .await
    else {
        unreachable!()
    };
    assert_eq!(v.status, pb::response_verify_vote_extension::VerifyStatus::Accept as i32, "{case}");

    // State sync (this node takes no snapshots and already has state): every snapshot request
    // answered, whatever it holds, and nothing restored over the state.
    let case = "ListSnapshots";
    let Resp::ListSnapshots(l) = h.answered(case, request(Req::ListSnapshots(pb::RequestListSnapshots {}))).await
    else {
        unreachable!()
    };
    assert!(l.snapshots.is_empty(), "{case}");
    let case = "OfferSnapshot of height i64::MAX, u32::MAX chunks, 7-byte hashes, 2 MiB metadata";
    let offer = pb::RequestOfferSnapshot {
        snapshot: Some(pb::Snapshot {
            height: i64::MAX as u64,
            format: u32::MAX,
            chunks: u32::MAX,
            hash: filled(7, 1),
            metadata: garbage.clone(),
        }),
        app_hash: filled(7, 1),
    };
    let Resp::OfferSnapshot(o) = h.answered(case, request(Req::OfferSnapshot(offer))).await else { unreachable!() };
    assert_eq!(o.result, pb::response_offer_snapshot::Result::Abort as i32, "{case}");
    let case = "LoadSnapshotChunk at height i64::MAX, format and chunk u32::MAX";
    let load = pb::RequestLoadSnapshotChunk { height: i64::MAX as u64, format: u32::MAX, chunk: u32::MAX };
    let Resp::LoadSnapshotChunk(l) = h.answered(case, request(Req::LoadSnapshotChunk(load))).await else {
        unreachable!()
    };
    assert!(l.chunk.is_empty(), "{case}");
    let case = "ApplySnapshotChunk index u32::MAX, 2 MiB chunk, 1 MiB sender";
    let apply = pb::RequestApplySnapshotChunk { index: u32::MAX, chunk: garbage.clone(), sender: "s".repeat(MIB) };
    let Resp::ApplySnapshotChunk(a) = h.answered(case, request(Req::ApplySnapshotChunk(apply))).await else {
        unreachable!()
    };
    assert_eq!(a.result, pb::response_apply_snapshot_chunk::Result::Abort as i32, "{case}");

    // A block at the next height with every field at an extreme of its range commits: the last
    // second of year 9999, a vote and evidence with i64::MAX powers and heights, an empty and a
    // 2 MiB undecodable tx (recorded as failed).
    let case = "FinalizeBlock and Commit with extreme values";
    let block = request(Req::FinalizeBlock(pb::RequestFinalizeBlock {
        txs: vec![Bytes::new(), garbage.clone()],
        decided_last_commit: Some(pb::CommitInfo {
            round: i32::MAX,
            votes: vec![
                pb::VoteInfo {
                    validator: Some(validator(20, i64::MAX)),
                    block_id_flag: pbt::BlockIdFlag::Commit as i32,
                },
                pb::VoteInfo { validator: Some(validator(20, 0)), block_id_flag: pbt::BlockIdFlag::Nil as i32 },
                pb::VoteInfo { validator: Some(validator(20, 1)), block_id_flag: pbt::BlockIdFlag::Absent as i32 },
            ],
        }),
        misbehavior: vec![extreme_misbehavior.clone(), misbehavior()],
        hash: filled(32, 0xff),
        height: next,
        time: ts(LAST_SECOND, 999_999_999),
        next_validators_hash: filled(32, 0xff),
        proposer_address: filled(20, 0xff),
    }));
    let reply = Conn::open(h.addr).await.call(&[block, commit_req]).await;
    let Reply::Answered(v) = reply else { panic!("{case}: {}", describe(&reply)) };
    let [Resp::FinalizeBlock(f), Resp::Commit(_)] = v.as_slice() else { panic!("{case}: {}", kinds(&v)) };
    assert_eq!(f.tx_results.len(), 2, "{case}");
    assert!(f.tx_results.iter().all(|r| r.code != 0), "{case}: an undecodable tx succeeded");
    h.height = next;
    h.app_hash = f.app_hash.to_vec();
    h.assert_alive(case).await;
    let balance = QueryBalanceRequest { address: h.alice.address().to_string(), denom: "usym".into() }.encode_to_vec();
    let case = "Query after the extreme block";
    let q = query_response(case, h.answered(case, query(BALANCE, balance, 0)).await);
    assert_eq!((q.code, q.height), (0, next), "{case}: {}", q.log);
    h.halts("FinalizeBlock for the extreme block again", finalize(next), "FinalizeBlock for height").await;

    eprintln!("consensus requests: {:?}", started.elapsed());
}

/// Bytes that are not a well-formed Request at all close their connection (or, for a length
/// prefix that never ends, leave it waiting); the server keeps serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_frames_close_only_their_connection() {
    let mut h = Harness::start().await;
    let framed = |body: &[u8]| {
        let mut out = Vec::new();
        prost::encoding::encode_varint(body.len() as u64, &mut out);
        out.extend_from_slice(body);
        out
    };
    // A Request whose only field is tag 7: ABCI 0.37's BeginBlock, unknown to 0.38.
    let mut begin_block = Vec::new();
    prost::encoding::bytes::encode(7, &vec![0u8; 0], &mut begin_block);
    // An Echo whose message is not UTF-8.
    let mut echo_not_utf8 = Vec::new();
    prost::encoding::bytes::encode(1, &b"\xff\xfe".to_vec(), &mut echo_not_utf8);
    let mut request_echo = Vec::new();
    prost::encoding::bytes::encode(1, &echo_not_utf8, &mut request_echo);

    for (case, bytes) in [
        ("empty frame", framed(&[])),
        ("ABCI 0.37 BeginBlock", framed(&begin_block)),
        ("undecodable protobuf", framed(&[0xff; 16])),
        ("Echo with a non-UTF-8 message", framed(&request_echo)),
    ] {
        let reply = Conn::open(h.addr).await.send_raw(&bytes, WAIT).await;
        assert!(
            matches!(&reply, Reply::Closed(v) if v.is_empty()),
            "{case}: expected the connection closed, got {}",
            describe(&reply)
        );
        h.assert_alive(case).await;
    }

    // A length prefix longer than any varint: the server's decoder waits for more bytes (it
    // neither answers nor closes); other connections are unaffected.
    let case = "11-byte varint length prefix";
    let mut conn = Conn::open(h.addr).await;
    let reply = conn.send_raw(&[0xff; 11], Duration::from_millis(300)).await;
    assert!(
        matches!(&reply, Reply::Silent) || matches!(&reply, Reply::Closed(v) if v.is_empty()),
        "{case}: {}",
        describe(&reply)
    );
    eprintln!("{case}: {}", describe(&reply));
    h.assert_alive(case).await;

    // A Query whose path is not UTF-8 (see `a_query_with_a_non_utf8_path_is_answered`), with a
    // negative height too: answered with code 18.
    let case = "Query with a non-UTF-8 path";
    let mut bytes = query_with_raw_path(b"\xff", -1);
    request(Req::Flush(pb::RequestFlush {})).encode_length_delimited(&mut bytes).unwrap();
    let reply = Conn::open(h.addr).await.send_raw(&bytes, WAIT).await;
    match &reply {
        Reply::Answered(v) if matches!(v.as_slice(), [Resp::Query(q)] if q.code == 18) => {}
        _ => panic!("{case}: {}", describe(&reply)),
    }
    h.assert_alive(case).await;
}

/// A Query frame whose path is `path` as raw bytes, which a Rust `String` cannot
/// hold but a Go string (and so CometBFT's RPC) can.
fn query_with_raw_path(path: &[u8], height: i64) -> Vec<u8> {
    let mut query = Vec::new();
    prost::encoding::bytes::encode(2, &path.to_vec(), &mut query);
    prost::encoding::int64::encode(3, &height, &mut query);
    let mut req = Vec::new();
    prost::encoding::bytes::encode(6, &query, &mut req);
    let mut out = Vec::new();
    prost::encoding::encode_varint(req.len() as u64, &mut out);
    out.extend_from_slice(&req);
    out
}

/// CometBFT's URI RPC hex-decodes a `0x…` argument into a string parameter, so
/// `GET /abci_query?path=0xff` sends a Query whose path is the single byte 0xFF; CometBFT marshals
/// it as is, and prost refuses a proto3 string that is not UTF-8. The patched codec reports such a
/// frame instead of ending the connection, and the server answers it like any malformed Query.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_with_a_non_utf8_path_is_answered() {
    let mut h = Harness::start().await;
    let case = "Query with a non-UTF-8 path";
    let mut bytes = query_with_raw_path(b"\xff", 0);
    for r in [echo("still here"), request(Req::Flush(pb::RequestFlush {}))] {
        r.encode_length_delimited(&mut bytes).unwrap();
    }
    let reply = Conn::open(h.addr).await.send_raw(&bytes, WAIT).await;
    match &reply {
        Reply::Answered(v) => match v.as_slice() {
            [Resp::Query(q), Resp::Echo(_)] => assert_invalid_request(case, q.code, &q.codespace, &q.log),
            _ => panic!("{case}: {}", describe(&reply)),
        },
        _ => panic!("{case}: {}", describe(&reply)),
    }
    h.assert_alive(case).await;
}
