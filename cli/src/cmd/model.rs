//! `symbiote model inspect FILE`, `symbiote infer FILE --input JSON ...`, `symbiote trace verify
//! TRACE --model FILE`: the inference engine without a chain.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use prost::Message;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use symbiote_engine::fixed::to_decimal;
use symbiote_engine::{explain, trace, Engine, Explained, Input, Method};
use symbiote_proto::symbiote::inference::v1 as pb;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainArg {
    /// Exact Shapley values of the output from all 2^M coalitions (M ≤ 12).
    Shapley,
    Sampled,
    Occlusion,
    /// Exact tree Shapley values of a tree ensemble's raw margin (before the post transform), any M.
    Tree,
    None,
}

#[derive(clap::Args, Debug)]
pub struct InferArgs {
    /// The ONNX model file.
    pub model: PathBuf,
    /// Features as a JSON array, e.g. '[5.1, 3.5, 1.4, 0.2]'.
    #[arg(long)]
    pub input: String,
    /// Baseline for explanations (JSON array); default all zeros.
    #[arg(long)]
    pub baseline: Option<String>,
    #[arg(long, value_enum, default_value = "shapley")]
    pub explain: ExplainArg,
    /// Sampled Shapley: permutations and seed (64 hex chars; default SHA-256 of the input).
    #[arg(long, default_value_t = 32)]
    pub permutations: u32,
    #[arg(long)]
    pub seed: Option<String>,
    /// Output index to explain (default: the predicted class's score).
    #[arg(long)]
    pub target: Option<usize>,
    /// Most forward passes an explanation may use.
    #[arg(long, default_value_t = 100_000)]
    pub budget: u64,
    /// Version label recorded in the trace.
    #[arg(long, default_value = "local")]
    pub model_version: String,
    /// Write the canonical trace bytes here (for `symbiote trace verify`).
    #[arg(long)]
    pub trace_out: Option<PathBuf>,
    /// How many features the human output shows.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

fn read_model(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

fn parse_features(text: &str, int_model: bool) -> Result<Input> {
    let v: Vec<Value> = serde_json::from_str(text).context("features must be a JSON array of numbers")?;
    if int_model {
        v.iter()
            .map(|x| x.as_i64().ok_or_else(|| anyhow!("{x} is not an integer")))
            .collect::<Result<_>>()
            .map(Input::Int)
    } else {
        // JSON numbers read as f64 and round to the nearest f32: the same on every machine.
        v.iter()
            .map(|x| x.as_f64().map(|f| f as f32).ok_or_else(|| anyhow!("{x} is not a number")))
            .collect::<Result<_>>()
            .map(Input::F32)
    }
}

pub fn inspect(path: &Path) -> Result<(Value, String)> {
    let engine = Engine::default();
    let model = engine.load(&read_model(path)?).map_err(|e| anyhow!("{e}"))?;
    let r = &model.report;
    let mut text = format!(
        "model: {}\nsha256: {}\nsize: {} bytes\ninput: {} {} {:?} ({} features)\noutputs: {} {:?}\nops: {}\nexecutor: {}\nparameters: {}\ncost per pass: {}\nfeature names: {}",
        path.display(),
        r.sha256,
        r.size_bytes,
        r.input_name,
        r.input_type,
        r.input_shape,
        r.feature_count,
        r.outputs.join(", "),
        r.output_shapes,
        r.ops.join(", "),
        r.executor,
        r.parameter_count,
        r.cost_per_pass,
        if r.feature_names.is_empty() { "(none in metadata)".to_string() } else { r.feature_names.join(", ") }
    );
    for t in &r.tree_ensembles {
        text.push_str(&format!(
            "\ntree ensemble {}: {}, {} trees, {} nodes ({} leaves), max depth {}, {} features, {} {}, aggregate {}, post transform {}, cost per pass {}",
            t.node,
            t.op,
            t.trees,
            t.nodes,
            t.leaves,
            t.max_depth,
            t.features,
            t.targets,
            if t.op == "TreeEnsembleClassifier" { "classes" } else { "targets" },
            t.aggregate_function,
            t.post_transform,
            t.cost_per_pass
        ));
    }
    Ok((serde_json::to_value(r)?, text))
}

fn method_of(args: &InferArgs, input: &Input) -> Result<Option<Method>> {
    Ok(match args.explain {
        ExplainArg::None => None,
        ExplainArg::Shapley => Some(Method::Exact),
        ExplainArg::Occlusion => Some(Method::Occlusion),
        ExplainArg::Tree => Some(Method::Tree),
        ExplainArg::Sampled => {
            let seed: [u8; 32] = match &args.seed {
                Some(h) => hex::decode(h)?.try_into().map_err(|_| anyhow!("--seed must be 32 bytes of hex"))?,
                None => Sha256::digest(trace::input_proto(input).encode_to_vec()).into(),
            };
            Some(Method::Sampled { seed, permutations: args.permutations })
        }
    })
}

/// One bar per feature, in `order` (by |attribution|), the first `top`: negative to the left of
/// the axis, positive to the right, 30 characters for the largest.
pub fn bars(attributions: &[i64], order: &[usize], names: &[String], top: usize) -> String {
    let max = attributions.iter().map(|a| a.unsigned_abs()).max().unwrap_or(1).max(1);
    let mut out = String::new();
    for &i in order.iter().take(top) {
        let Some(&a) = attributions.get(i) else { continue };
        let width = (a.unsigned_abs() * 30 / max) as usize;
        let name = names.get(i).cloned().unwrap_or_else(|| format!("feature {i}"));
        let bar = if a < 0 {
            format!("{:>30}", "█".repeat(width)) + "|"
        } else {
            format!("{:30}|{}", "", "█".repeat(width))
        };
        out.push_str(&format!("  {name:>28} {bar} {}\n", to_decimal(a)));
    }
    out
}

pub fn infer(args: &InferArgs) -> Result<(Value, String)> {
    let engine = Engine::default();
    let model = engine.load(&read_model(&args.model)?).map_err(|e| anyhow!("{e}"))?;
    let int_model = model.report.input_type != "f32";
    let input = parse_features(&args.input, int_model)?;
    let forward = model.run(&input).map_err(|e| anyhow!("{e}"))?;
    let baseline = match &args.baseline {
        Some(b) => parse_features(b, int_model)?,
        None if int_model => Input::Int(vec![0; model.report.feature_count]),
        None => Input::F32(vec![0.0; model.report.feature_count]),
    };
    let method = method_of(args, &input)?;
    let target = args.target.or(forward.label()).unwrap_or(0);
    let explanation = match method {
        Some(m) => Some(explain(&model, &input, &baseline, target, m, args.budget).map_err(|e| anyhow!("{e}"))?),
        None => None,
    };
    let t = trace::build(
        &model,
        &args.model_version,
        &input,
        true,
        &forward,
        explanation.as_ref().zip(method).map(|(e, m)| (e, &baseline, m)),
    );
    let bytes = trace::encode(&t);
    let id = hex::encode(trace::trace_id(&t));
    if let Some(path) = &args.trace_out {
        std::fs::write(path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    let v = json!({
        "trace_id": id,
        "trace_hex": hex::encode(&bytes),
        "model_sha256": model.report.sha256,
        "label": forward.label(),
        "outputs": forward.outputs,
        "explanation": explanation,
        "node_digests": forward.node_digests.len(),
    });
    let mut text = format!("model {} ({})\n", args.model.display(), &model.report.sha256[..16]);
    for o in &forward.outputs {
        let values: Vec<String> =
            o.values.iter().map(|v| if o.fixed_point { to_decimal(*v) } else { v.to_string() }).collect();
        text.push_str(&format!("{}: {}\n", o.name, values.join(" ")));
    }
    if let Some(l) = forward.label() {
        text.push_str(&format!("predicted class (argmax of the fixed-point scores): {l}\n"));
    }
    if let Some(e) = &explanation {
        text.push_str(&format!(
            "explanation: {} ({} passes) of {}output {}: f(x) - f(baseline) = {} - {}; residual {}\n",
            e.method,
            e.passes,
            match e.explained {
                Explained::Output => "",
                Explained::Margin => "the raw margin (before the post transform) behind ",
            },
            e.output_index,
            to_decimal(e.value),
            to_decimal(e.base_value),
            to_decimal(e.residual)
        ));
        text.push_str(&bars(&e.attributions, &e.top, &model.report.feature_names, args.top));
    }
    text.push_str(&format!("trace id: {id}"));
    Ok((v, text))
}

/// Re-executes a trace's inference and compares every field; Ok(false) names the first mismatch.
pub fn verify(trace_path: &Path, model_path: &Path) -> Result<(Value, String, bool)> {
    let raw = std::fs::read(trace_path).with_context(|| format!("reading {}", trace_path.display()))?;
    let bytes = match std::str::from_utf8(&raw).ok().map(str::trim).and_then(|s| hex::decode(s).ok()) {
        Some(decoded) => decoded,
        None => raw,
    };
    let claimed = pb::Trace::decode(bytes.as_slice()).context("not a symbiote trace")?;
    if claimed.encode_to_vec() != bytes {
        bail!("the trace is not in canonical encoding");
    }
    verify_trace(&claimed, &read_model(model_path)?)
}

/// Re-executes `claimed` on `model_bytes` under the profile and compares every field the engine
/// produces, then the trace id. A chain trace's context (model name, alias, requester, height,
/// tx hash, purpose, consents, receipts, the registry's feature names) is not the engine's to
/// reproduce: it is taken from the claim, so the id comparison covers the rest; on chain, the
/// ICS23 proof covers the context (`symbiote trace verify --node`).
pub fn verify_trace(claimed: &pb::Trace, model_bytes: &[u8]) -> Result<(Value, String, bool)> {
    let engine = Engine::default();
    let model = engine.load(model_bytes).map_err(|e| anyhow!("{e}"))?;
    let from_pb = |i: &pb::Input| {
        if i.ints.is_empty() && !i.f32_bits.is_empty() {
            Input::F32(i.f32_bits.iter().map(|b| f32::from_bits(*b)).collect())
        } else {
            Input::Int(i.ints.clone())
        }
    };
    let input = claimed
        .input
        .as_ref()
        .map(from_pb)
        .ok_or_else(|| anyhow!("the trace's input is private; verification needs it"))?;
    let forward = model.run(&input).map_err(|e| anyhow!("{e}"))?;
    let redo = match &claimed.explanation {
        None => None,
        Some(e) => {
            let baseline = e.baseline.as_ref().map(from_pb).ok_or_else(|| anyhow!("explanation without a baseline"))?;
            let method = match e.method.as_str() {
                "shapley_exact" => Method::Exact,
                "occlusion" => Method::Occlusion,
                "shapley_tree" => Method::Tree,
                "shapley_sampled" => Method::Sampled {
                    seed: e.seed.clone().try_into().map_err(|_| anyhow!("bad seed in trace"))?,
                    permutations: e.permutations,
                },
                other => bail!("unknown explanation method {other}"),
            };
            let ex = explain(&model, &input, &baseline, e.output_index as usize, method, u64::MAX)
                .map_err(|e| anyhow!("{e}"))?;
            Some((ex, baseline, method))
        }
    };
    let mut ours =
        trace::build(&model, &claimed.model_version, &input, true, &forward, redo.as_ref().map(|(e, b, m)| (e, b, *m)));
    ours.model_name = claimed.model_name.clone();
    ours.alias = claimed.alias.clone();
    ours.requester = claimed.requester.clone();
    ours.height = claimed.height;
    ours.tx_hash = claimed.tx_hash.clone();
    ours.purpose = claimed.purpose.clone();
    ours.consent_ids = claimed.consent_ids.clone();
    ours.receipt_ids = claimed.receipt_ids.clone();
    if let (Some(o), Some(c)) = (ours.explanation.as_mut(), claimed.explanation.as_ref()) {
        o.feature_names = c.feature_names.clone();
    }
    let checks: [(&str, bool); 9] = [
        ("model_sha256", ours.model_sha256 == claimed.model_sha256),
        ("input_commitment", ours.input_commitment == claimed.input_commitment),
        ("outputs", ours.outputs == claimed.outputs),
        ("label", ours.label == claimed.label),
        ("explanation", ours.explanation == claimed.explanation),
        ("node_digests", ours.node_digests == claimed.node_digests),
        ("engine_version", ours.engine_version == claimed.engine_version),
        ("profile", ours.profile == claimed.profile),
        ("trace_id", trace::trace_id(&ours) == trace::trace_id(claimed)),
    ];
    let mismatches: Vec<&str> = checks.iter().filter(|(_, ok)| !ok).map(|(n, _)| *n).collect();
    let divergence = trace::first_divergence(claimed, &ours);
    let ok = mismatches.is_empty();
    let v = json!({ "ok": ok, "mismatches": mismatches, "first_diverging_node": divergence, "trace_id": hex::encode(trace::trace_id(claimed)) });
    let text = if ok {
        format!(
            "trace {} verified: every field and all {} node digests match",
            hex::encode(trace::trace_id(claimed)),
            ours.node_digests.len()
        )
    } else {
        format!(
            "MISMATCH in {}; first diverging node: {}",
            mismatches.join(", "),
            divergence.as_deref().unwrap_or("none (node digests agree)")
        )
    };
    Ok((v, text, ok))
}
