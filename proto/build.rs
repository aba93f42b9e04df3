//! Compiles the restated Cosmos SDK / CometBFT `.proto` files under `cosmos/` and `tendermint/`
//! into one encoded `FileDescriptorSet` (`$OUT_DIR/cosmos_descriptor.bin`) with `protox`
//! (pure Rust; no `protoc` binary). Imported well-known types (`google/protobuf/*.proto`)
//! ship with protox and are included, so the set is self-contained for gRPC reflection.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level directories (relative to the crate root) that hold `.proto` files.
const PROTO_ROOTS: &[&str] = &["cosmos", "tendermint"];

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
    assert!(!files.is_empty(), "no .proto files found under {PROTO_ROOTS:?}");

    let mut compiler = protox::Compiler::new([&root]).unwrap_or_else(|e| panic!("protox setup failed: {e}"));
    compiler.include_imports(true).include_source_info(true);
    for file in &files {
        compiler.open_file(file).unwrap_or_else(|e| panic!("failed to compile {file}: {e:?}"));
    }

    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo")).join("cosmos_descriptor.bin");
    fs::write(&out, compiler.encode_file_descriptor_set())
        .unwrap_or_else(|e| panic!("failed to write {}: {e}", out.display()));

    // symbiote's own messages: Rust types generated with prost-build from protox's descriptors.
    println!("cargo:rerun-if-changed=symbiote");
    let mut own = Vec::new();
    collect_protos(&root, &root.join("symbiote"), &mut own);
    own.sort();
    let fds = protox::compile(&own, [&root]).unwrap_or_else(|e| panic!("failed to compile symbiote protos: {e:?}"));
    prost_build::Config::new().compile_fds(fds).unwrap_or_else(|e| panic!("prost-build failed: {e}"));
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
