//! In-block inference throughput: blocks of 200 explained decisions through FinalizeBlock +
//! Commit — iris with exact Shapley (16 coalitions), the breast-cancer MLP with sampled Shapley
//! (8 permutations of 30 features, seeded by each tx's hash) — with the block's inferences
//! prepared on one thread and on two, next to the engine alone (the same models, inputs, methods
//! and seeds, one thread) timed in the same run.
//!
//!     cargo bench -p symbiote-app --bench inference_block
//!
//! Prints figures; it is not a timed test and asserts nothing about speed. Goals (issue 13): ≥ 0.8
//! × the engine's one-core rate with one thread, ≥ 1.5 × with both cores. The VM's speed drifts,
//! so each block is timed right after an engine pass over the same inputs and the ratios are per
//! pair (median of the pairs reported).

#[path = "../tests/common/inference.rs"]
mod setup;

use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use symbiote_engine::{explain, Engine, Input, Method};
use symbiote_inference::prepare;

use setup::{breast_cancer, fixture, inputs, iris, InferenceChain, ModelSpec};

const PER_BLOCK: usize = 200;
const ROUNDS: usize = 4; // each round: one block per thread setting; the first round warms up

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
    xs[xs.len() / 2]
}

/// The engine alone on `xs` (one thread): forward pass and explanation of the label, as the chain
/// computes them. Returns the time per decision.
fn engine_alone(engine: &Engine, spec: &ModelSpec, xs: &[Vec<f32>], seeds: &[[u8; 32]]) -> Duration {
    let model = engine.load(&fixture(spec.file)).unwrap();
    let baseline = Input::F32(vec![0.0; spec.features]);
    let start = Instant::now();
    for (x, seed) in xs.iter().zip(seeds) {
        let input = Input::F32(x.clone());
        let forward = model.run(&input).unwrap();
        let target = forward.label().unwrap_or(0);
        let method = match spec.method {
            "shapley_exact" => Method::Exact,
            _ => Method::Sampled { seed: *seed, permutations: spec.sample_budget },
        };
        std::hint::black_box(explain(&model, &input, &baseline, target, method, u64::MAX).unwrap());
    }
    start.elapsed() / xs.len() as u32
}

/// The engine alone on two threads (each taking the next input), for the machine's own
/// two-thread speed-up on this work: the ceiling for the chain's.
fn engine_alone_two_threads(engine: &Engine, spec: &ModelSpec, xs: &[Vec<f32>], seeds: &[[u8; 32]]) -> Duration {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let model = engine.load(&fixture(spec.file)).unwrap();
    let baseline = Input::F32(vec![0.0; spec.features]);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let (Some(x), Some(seed)) = (xs.get(i), seeds.get(i)) else { break };
                let input = Input::F32(x.clone());
                let forward = model.run(&input).unwrap();
                let method = match spec.method {
                    "shapley_exact" => Method::Exact,
                    _ => Method::Sampled { seed: *seed, permutations: spec.sample_budget },
                };
                let target = forward.label().unwrap_or(0);
                std::hint::black_box(explain(&model, &input, &baseline, target, method, u64::MAX).unwrap());
            });
        }
    });
    start.elapsed() / xs.len() as u32
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let mut chain = InferenceChain::start(dir.path(), 20, &[iris(), breast_cancer()]).await;
        let engine = Engine::default();
        // SYMBIOTE_BENCH_ONLY=iris (or breast-cancer) runs one model, e.g. to profile it.
        let only = std::env::var("SYMBIOTE_BENCH_ONLY").unwrap_or_default();
        for spec in [iris(), breast_cancer()].into_iter().filter(|s| only.is_empty() || s.name == only) {
            let reference = format!("{}:1", spec.name);
            let (mut alone, mut alone_two, mut per_threads) = (vec![], vec![], [vec![], vec![]]);
            let (mut ratio, mut seconds) = ([vec![], vec![]], [vec![], vec![]]);
            for round in 0..ROUNDS {
                for (t, threads) in [1usize, 2].into_iter().enumerate() {
                    let xs = inputs(PER_BLOCK, spec.features, (round * 2 + t) as u64 + 7);
                    let txs: Vec<Vec<u8>> =
                        xs.iter().enumerate().map(|(i, x)| chain.infer(i % 20, &reference, x)).collect();
                    let seeds: Vec<[u8; 32]> = txs.iter().map(|tx| Sha256::digest(tx).into()).collect();
                    let engine_per = engine_alone(&engine, &spec, &xs, &seeds);
                    let engine_two = engine_alone_two_threads(&engine, &spec, &xs, &seeds);
                    prepare::set_threads(threads);
                    let start = Instant::now();
                    let r = chain.block(txs).await;
                    let took = start.elapsed();
                    let failed = r.tx_results.iter().find(|t| t.code.is_err());
                    assert!(failed.is_none(), "a bench tx failed: {}", failed.unwrap().log);
                    if round == 0 {
                        continue;
                    }
                    let chain_rate = PER_BLOCK as f64 / took.as_secs_f64();
                    let engine_rate = 1.0 / engine_per.as_secs_f64();
                    alone.push(engine_per.as_secs_f64() * 1e6);
                    alone_two.push(engine_per.as_secs_f64() / engine_two.as_secs_f64());
                    per_threads[t].push(chain_rate);
                    ratio[t].push(chain_rate / engine_rate);
                    seconds[t].push(took.as_secs_f64() * 1e3);
                }
            }
            println!(
                "{} ({}): engine alone, one thread: {:.0} µs/decision → {:.0} decisions/s",
                spec.name,
                spec.method,
                median(alone.clone()),
                1e6 / median(alone)
            );
            println!("  engine alone on two threads: {:.2} × its one-thread rate (this machine's ceiling)", median(alone_two));
            for (t, threads) in [1, 2].into_iter().enumerate() {
                println!(
                    "  block of {PER_BLOCK}, FinalizeBlock + Commit, prepared on {threads} thread(s): {:.0} ms → {:.0} decisions/s = {:.2} × the engine's one-core rate (median of {})",
                    median(seconds[t].clone()),
                    median(per_threads[t].clone()),
                    median(ratio[t].clone()),
                    ratio[t].len()
                );
            }
        }
        let (taken, computed) = prepare::stats();
        println!("prepared outcomes used: {taken}; computed at execution: {computed}");
    });
}
