//! Per fixture model: raw tract forward pass with default kernels (in a child process, since the
//! profile's kernel forcing is process-wide) and with forced generic kernels; the engine's pass
//! (fixed-point outputs + node digests); and a full explanation (exact Shapley where M ≤ 12).
//! Goal: engine pass ≤ 1.5 × raw forced-generic tract.
//!
//!     cargo bench -p symbiote-inference --bench engine
//!
//! Prints figures; asserts nothing about speed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use symbiote_inference::{explain, Engine, Input, Method};
use tract_onnx::prelude::*;

const MODELS: &[(&str, usize)] = &[
    ("breast_cancer_logreg", 30),
    ("breast_cancer_mlp", 30),
    ("breast_cancer_mlp_qdynamic", 30),
    ("breast_cancer_mlp_qstatic", 30),
    ("iris_mlp", 4),
    ("diabetes_regressor", 10),
];

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Mean time of `f` over enough iterations to fill ~300 ms.
fn time(mut f: impl FnMut()) -> Duration {
    f();
    let start = Instant::now();
    let mut n = 0u32;
    while start.elapsed() < Duration::from_millis(300) {
        f();
        n += 1;
    }
    start.elapsed() / n
}

fn raw_plan(name: &str, m: usize) -> Arc<TypedSimplePlan> {
    tract_onnx::onnx()
        .model_for_path(fixtures().join(format!("{name}.onnx")))
        .unwrap()
        .with_input_fact(0, f32::fact([1, m]).into())
        .unwrap()
        .into_optimized()
        .unwrap()
        .into_runnable()
        .unwrap()
}

fn raw_time(name: &str, m: usize) -> Duration {
    let plan = raw_plan(name, m);
    let input = Tensor::from_shape(&[1, m], &vec![0.5f32; m]).unwrap();
    time(|| {
        std::hint::black_box(plan.run(tvec![input.clone().into_tvalue()]).unwrap());
    })
}

fn main() {
    if std::env::var("SYMBIOTE_BENCH_DEFAULT_KERNELS").is_ok() {
        // Child: tract's default kernel choice for this CPU, no profile.
        for (name, m) in MODELS {
            println!("{name} {}", raw_time(name, *m).as_nanos());
        }
        return;
    }
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .env("SYMBIOTE_BENCH_DEFAULT_KERNELS", "1")
        .output()
        .expect("spawn default-kernel run");
    let default_ns: Vec<u128> = String::from_utf8_lossy(&child.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1)?.parse().ok())
        .collect();

    symbiote_inference::profile::ensure().expect("deterministic profile");
    let engine = Engine::default();
    println!("µs per inference, batch 1, one thread (explanations: total µs)");
    println!(
        "{:<28} {:>8} {:>8} {:>8} {:>6} {:>10}  explanation",
        "model", "default", "generic", "engine", "ratio", "no digests"
    );
    for (i, (name, m)) in MODELS.iter().enumerate() {
        let generic = raw_time(name, *m);
        let model = engine.load(&std::fs::read(fixtures().join(format!("{name}.onnx"))).unwrap()).unwrap();
        let x = Input::F32(vec![0.5; *m]);
        let ours = time(|| {
            std::hint::black_box(model.run(&x).unwrap());
        });
        let no_digests = time(|| {
            std::hint::black_box(model.forward(&x, false).unwrap());
        });
        let base = Input::F32(vec![0.0; *m]);
        let method = if *m <= 12 { Method::Exact } else { Method::Sampled { seed: [0; 32], permutations: 8 } };
        let label = model.run(&x).unwrap().label().unwrap_or(0);
        let start = Instant::now();
        let e = explain(&model, &x, &base, label, method, u64::MAX).unwrap();
        let explain_time = start.elapsed();
        println!(
            "{:<28} {:>8.1} {:>8.1} {:>8.1} {:>5.2}x {:>10.1}  {} ({} passes): {:.0} µs",
            name,
            default_ns.get(i).map(|n| *n as f64 / 1000.0).unwrap_or(f64::NAN),
            generic.as_secs_f64() * 1e6,
            ours.as_secs_f64() * 1e6,
            ours.as_secs_f64() / generic.as_secs_f64(),
            no_digests.as_secs_f64() * 1e6,
            e.method,
            e.passes,
            explain_time.as_secs_f64() * 1e6
        );
    }
}
