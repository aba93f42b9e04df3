//! Compiles every `.proto` file under `cosmos/`, `tendermint/` and `symbiote/` into one encoded
//! `FileDescriptorSet` (`$OUT_DIR/descriptor_set.bin`) with `protox` (pure Rust; no `protoc`
//! binary), for gRPC server reflection and the transaction decoder's unknown-field check.
//! Imported well-known types (`google/protobuf/*.proto`) ship with protox and are included, so
//! the set is self-contained.
//!
//! symbiote's own files (`symbiote/`) also become Rust types and tonic servers and clients
//! (prost-build + tonic-build); types they import from the Cosmos SDK and CometBFT map to
//! `cosmos-sdk-proto`'s, so there is one Rust type per protobuf message.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use prost::Message;

/// Top-level directories (relative to the crate root) that hold `.proto` files.
const PROTO_ROOTS: &[&str] = &["cosmos", "tendermint", "symbiote"];

fn main() {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set by cargo"));

    let mut files = Vec::new();
    for dir in PROTO_ROOTS {
        // A directory here makes cargo re-run this script when anything under it changes.
        println!("cargo:rerun-if-changed={dir}");
        collect_protos(&root, &root.join(dir), &mut files);
    }
    // Deterministic input order gives a byte-identical descriptor set across builds.
    files.sort();

    let mut compiler = protox::Compiler::new([&root]).unwrap_or_else(|e| panic!("protox setup failed: {e}"));
    compiler.include_imports(true).include_source_info(true);
    for file in &files {
        compiler.open_file(file).unwrap_or_else(|e| panic!("failed to compile {file}: {e:?}"));
    }
    let fds = compiler.file_descriptor_set();

    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"));
    fs::write(out.join("descriptor_set.bin"), fds.encode_to_vec())
        .unwrap_or_else(|e| panic!("failed to write the descriptor set: {e}"));

    // Rust code for symbiote's own files: types they import from other packages map to the crates
    // that already define them (prost-build still writes files for those packages into OUT_DIR,
    // from the whole set it needs for type resolution; lib.rs includes only symbiote's).
    let mut config = prost_build::Config::new();
    config
        .extern_path(".cosmos", "::cosmos_sdk_proto::cosmos")
        .extern_path(".tendermint", "::cosmos_sdk_proto::tendermint")
        .extern_path(".google.protobuf.Timestamp", "::cosmos_sdk_proto::Timestamp")
        .service_generator(tonic_build::configure().service_generator());
    config.compile_fds(fds).unwrap_or_else(|e| panic!("prost-build failed: {e}"));
}

/// Appends every `.proto` file below `dir` to `out`, as a `/`-separated path relative to `root`
/// (the form `import` statements use, and so the file name recorded in the descriptor).
fn collect_protos(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap_or_else(|e| panic!("cannot read entry in {}: {e}", dir.display())).path();
        if path.is_dir() {
            collect_protos(root, &path, out);
        } else if path.extension().is_some_and(|ext| ext == "proto") {
            let rel = path.strip_prefix(root).expect("walked path lies under the crate root");
            let name: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            out.push(name.join("/"));
        }
    }
}
