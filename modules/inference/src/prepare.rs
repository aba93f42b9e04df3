//! A block's inferences, computed alongside the block's execution. Running a model and explaining
//! its decision is pure — a function of the model, the input, the baseline, the method (with its
//! seed) and the pass budget — and it is nearly all of an inference's time. So when the block
//! starts, every `MsgInfer` that can be planned against the state the block starts from becomes a
//! [`Job`], and background workers start on them from the front of the block while the block's
//! transactions execute in order on the executing thread. Each `MsgInfer`, when it executes, looks
//! its job up by a digest of every input: done → it takes the outcome; not started → it runs it
//! itself; running on a worker → it runs a job from the back of the block meanwhile, or waits.
//! Every job runs on one thread, as the deterministic profile requires, and a job's outcome does
//! not depend on which thread ran it or when, so the block's state is the same with any number of
//! threads, or with no preparation at all (a message then computes its own inference).
//!
//! The jobs live in the block's state as an ephemeral object (never stored, not in the app hash);
//! when the block's state is dropped, workers stop taking jobs.
//!
//! `SYMBIOTE_INFERENCE_THREADS` sets the threads (the executing thread and N − 1 workers;
//! default: the CPUs available; 0 turns preparation off); [`set_threads`] does the same in process.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, LazyLock, Mutex};

use cnidarium::{StateRead, StateWrite};
use sha2::{Digest, Sha256};
use symbiote_core::{BlockInfo, MsgContext, MsgHandler, SdkResult};
use symbiote_engine::{explain, trace, Engine, EngineError, Explanation, Forward, Input, LoadedModel, Method};

use crate::msg::{InferenceMsg, MsgInfer};
use crate::state::InferenceRead;

/// One engine per process: its cache holds planned models by SHA-256, so a model used in many
/// blocks is planned once. Results never depend on the cache (the engine is deterministic).
pub(crate) static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::new(64 << 20, 16));

/// The node's engine (its cache of loaded models), for other modules that run registered models
/// under the profile — governance's fairness audits.
pub fn engine() -> &'static Engine {
    &ENGINE
}

/// A model's forward pass and explanation of its decision, or the engine's refusal.
pub(crate) type Outcome = Result<(Forward, Explanation), EngineError>;

/// The pure part of one inference.
pub(crate) struct Job {
    pub model: Arc<LoadedModel>,
    pub input: Input,
    pub baseline: Input,
    pub method: Method,
    pub max_passes: u64,
}

impl Job {
    /// SHA-256 over everything the outcome depends on.
    fn key(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(hex::decode(&self.model.report.sha256).unwrap_or_default());
        h.update(trace::input_commitment(&self.input));
        h.update(trace::input_commitment(&self.baseline));
        h.update(self.method.name().as_bytes());
        if let Method::Sampled { seed, permutations } = self.method {
            h.update(seed);
            h.update(permutations.to_be_bytes());
        }
        h.update(self.max_passes.to_be_bytes());
        h.finalize().into()
    }

    /// The forward pass, then the explanation of its label (output 0 for single-valued outputs).
    fn run(&self) -> Outcome {
        let forward = self.model.run(&self.input)?;
        let target = forward.label().unwrap_or(0);
        let explanation = explain(&self.model, &self.input, &self.baseline, target, self.method, self.max_passes)?;
        Ok((forward, explanation))
    }
}

enum Slot {
    Pending,
    Running,
    Done(Outcome),
}

/// A block's jobs and where each stands.
struct Jobs {
    height: u64,
    index: BTreeMap<[u8; 32], usize>,
    jobs: Vec<Job>,
    slots: Vec<Mutex<Slot>>,
    finished: Condvar,
    /// Set when the block's state is dropped: workers take no more jobs.
    stopped: AtomicBool,
}

impl Jobs {
    fn slot(&self, i: usize) -> std::sync::MutexGuard<'_, Slot> {
        // A worker that panicked mid-job leaves its slot Running; the executor then waits, so a
        // poisoned lock is taken as is (the slot's value is always a valid state).
        self.slots[i].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes job `i` if nobody has.
    fn claim(&self, i: usize) -> bool {
        let mut slot = self.slot(i);
        if matches!(*slot, Slot::Pending) {
            *slot = Slot::Running;
            return true;
        }
        false
    }

    /// Runs claimed job `i` and records its outcome. Should the engine panic, the job goes back
    /// to pending (so the executing thread runs it itself, as it would without preparation) and
    /// the panic is returned.
    fn run_claimed(&self, i: usize) -> std::thread::Result<Outcome> {
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.jobs[i].run()));
        *self.slot(i) = match &run {
            Ok(outcome) => Slot::Done(outcome.clone()),
            Err(_) => Slot::Pending,
        };
        self.finished.notify_all();
        run
    }

    /// A worker: jobs from the front of the block until none is left or the block is over.
    fn work(&self) {
        for i in 0..self.jobs.len() {
            if self.stopped.load(Ordering::Relaxed) {
                return;
            }
            if self.claim(i) && self.run_claimed(i).is_err() {
                return;
            }
        }
    }

    /// The executor, waiting on job `i`: runs a job from the back of the block instead, if one
    /// is left; false if none is.
    fn help(&self, i: usize) -> bool {
        for j in (i + 1..self.jobs.len()).rev() {
            if self.claim(j) {
                if let Err(panic) = self.run_claimed(j) {
                    std::panic::resume_unwind(panic);
                }
                return true;
            }
        }
        false
    }

    /// Job `i`'s outcome, on the executing thread.
    fn outcome(&self, i: usize) -> Outcome {
        loop {
            {
                let mut slot = self.slot(i);
                match &*slot {
                    Slot::Done(outcome) => return outcome.clone(),
                    Slot::Pending => {
                        *slot = Slot::Running;
                        drop(slot);
                        return self.run_claimed(i).unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    }
                    Slot::Running => {}
                }
            }
            if !self.help(i) {
                let mut slot = self.slot(i);
                // Pending again if its worker panicked: the loop then runs it here.
                while matches!(*slot, Slot::Running) {
                    slot = self.finished.wait(slot).unwrap_or_else(|e| e.into_inner());
                }
            }
        }
    }
}

/// The block state's handle on its jobs; the last one dropped stops the workers.
struct Prepared(Arc<Jobs>);

impl Drop for Prepared {
    fn drop(&mut self) {
        self.0.stopped.store(true, Ordering::Relaxed);
    }
}

const PREPARED: &str = "inference/prepared";

/// `usize::MAX`: not set in process (the environment decides).
static THREADS: AtomicUsize = AtomicUsize::new(usize::MAX);
static FROM_ENV: LazyLock<usize> = LazyLock::new(|| {
    std::env::var("SYMBIOTE_INFERENCE_THREADS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
});

/// Threads a block's inferences run on (the executing thread and `threads − 1` workers); 0
/// turns preparation off. Overrides `SYMBIOTE_INFERENCE_THREADS`.
pub fn set_threads(threads: usize) {
    THREADS.store(threads, Ordering::Relaxed);
}

pub fn threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        usize::MAX => *FROM_ENV,
        n => n,
    }
}

/// The module's `prepare_block`: plans each `MsgInfer` against the state the block starts from
/// (those that would be refused are skipped, and so is everything past the block's engine-cost
/// budget, which execution refuses anyway) and starts the workers.
pub(crate) async fn prepare_block<S: StateWrite>(
    state: &mut S,
    block: &BlockInfo,
    msgs: &[(MsgContext, &InferenceMsg)],
) -> SdkResult<()> {
    let threads = threads();
    if threads == 0 {
        return Ok(());
    }
    let params = state.inference_params().await?;
    let mut index = BTreeMap::new();
    let mut jobs = Vec::new();
    let mut cost = 0u64;
    for (ctx, msg) in msgs {
        let InferenceMsg::Infer(m) = msg else { continue };
        if m.check_stateless().is_err() {
            continue;
        }
        let plan = match m.plan(state, ctx).await {
            Ok(plan) => plan,
            Err(e) if e.is_internal() => return Err(e),
            Err(_) => continue,
        };
        cost = cost.saturating_add(plan.cost);
        if params.max_block_cost > 0 && cost > params.max_block_cost {
            break;
        }
        let job = match MsgInfer::job(state, &plan, params.max_passes_per_inference).await {
            Ok(job) => job,
            Err(e) if e.is_internal() => return Err(e),
            Err(_) => continue,
        };
        if let std::collections::btree_map::Entry::Vacant(e) = index.entry(job.key()) {
            e.insert(jobs.len());
            jobs.push(job);
        }
    }
    if jobs.is_empty() {
        return Ok(());
    }
    let slots = jobs.iter().map(|_| Mutex::new(Slot::Pending)).collect();
    let shared = Arc::new(Jobs {
        height: block.height,
        index,
        jobs,
        slots,
        finished: Condvar::new(),
        stopped: AtomicBool::new(false),
    });
    for _ in 1..threads.min(shared.jobs.len() + 1) {
        let jobs = shared.clone();
        std::thread::spawn(move || jobs.work());
    }
    state.object_put(PREPARED, Arc::new(Prepared(shared)));
    Ok(())
}

/// Outcomes taken from a block's jobs, and computed by a message itself, since the process
/// started: what tests and benchmarks look at to see the preparation used (never in any state).
static TAKEN: AtomicUsize = AtomicUsize::new(0);
static COMPUTED: AtomicUsize = AtomicUsize::new(0);

pub fn stats() -> (usize, usize) {
    (TAKEN.load(Ordering::Relaxed), COMPUTED.load(Ordering::Relaxed))
}

/// The job's outcome: from the block's jobs if it is one of them, computed now if not.
pub(crate) fn outcome<S: StateRead + ?Sized>(state: &S, height: u64, job: &Job) -> Outcome {
    if let Some(prepared) = state.object_get::<Arc<Prepared>>(PREPARED) {
        let jobs = &prepared.0;
        if jobs.height == height {
            if let Some(&i) = jobs.index.get(&job.key()) {
                TAKEN.fetch_add(1, Ordering::Relaxed);
                return jobs.outcome(i);
            }
        }
    }
    COMPUTED.fetch_add(1, Ordering::Relaxed);
    job.run()
}
