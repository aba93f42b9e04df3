#![cfg(test)]
mod compute_vectors;
mod helper;
mod iterator;
mod jellyfish_merkle;
mod nibble_path;
mod node_type;
mod restore;
mod tree_cache;
mod update_proof;
mod vectors;
