//! A block's inferences prepared in parallel before it executes: the state after executing the
//! messages in order is the same as without preparation, and the prepared outcomes are what the
//! messages used.

use symbiote_core::{Module, MsgContext};
use symbiote_inference::msg::MsgInfer;
use symbiote_inference::{prepare, Inference, InferenceMsg};

use crate::{chain, disclosure, infer, infer_on, X};

/// A block's worth of inferences: repeated inputs, sampled Shapley (seeded by each tx's hash), a
/// disclosed record, one refused for its fee.
fn block() -> Vec<MsgInfer> {
    let mut sampled = infer("iris:1", &["5.9", "3.0", "4.2", "1.5"], 1000);
    sampled.explain = "shapley_sampled".into();
    sampled.permutations = 6;
    let mut occlusion = infer("iris@production", &["5.1", "3.5", "1.4", "0.2"], 1000);
    occlusion.explain = "occlusion".into();
    vec![
        infer("iris@production", &X, 1000),
        sampled.clone(),
        infer("iris:1", &X, 1000),
        occlusion,
        infer("iris:1", &X, 10),
        infer_on("iris:1", vec![disclosure(0, &crate::FEATURES)]),
        sampled,
    ]
}

/// Runs the block on a fresh chain, prepared first or not; the whole state afterwards and each
/// message's outcome.
async fn run(prepared: bool) -> (Vec<(String, Vec<u8>)>, Vec<Result<Vec<u8>, u32>>) {
    let mut chain = chain().await;
    let msgs: Vec<InferenceMsg> = block().into_iter().map(InferenceMsg::from).collect();
    if prepared {
        // The contexts `exec` will give the messages: one tx hash each, in order.
        let mut hash = chain.tx_hash;
        let contexts: Vec<MsgContext> = msgs
            .iter()
            .map(|_| {
                hash[0] = hash[0].wrapping_add(1);
                MsgContext { tx_hash: hash, ..chain.ctx() }
            })
            .collect();
        let pairs: Vec<(MsgContext, &InferenceMsg)> = contexts.into_iter().zip(&msgs).collect();
        let block = chain.block();
        Inference::prepare_block(&mut chain.state, &block, &pairs).await.unwrap();
    }
    let mut outcomes = Vec::new();
    for m in block() {
        outcomes.push(chain.exec(m).await.map(|r| r.trace_id).map_err(|e| e.code));
    }
    (chain.dump("").await, outcomes)
}

#[tokio::test]
async fn a_prepared_block_executes_to_the_same_state_as_an_unprepared_one() {
    prepare::set_threads(2);
    let (taken_before, _) = prepare::stats();
    let (with, with_outcomes) = run(true).await;
    let (taken_after, _) = prepare::stats();
    let (without, without_outcomes) = run(false).await;
    assert_eq!(with_outcomes, without_outcomes);
    assert_eq!(with_outcomes.iter().filter(|o| o.is_err()).count(), 1, "only the low fee is refused");
    assert_eq!(with, without, "the same state, prepared or not");
    // Six inferences ran; every one took its prepared outcome.
    assert!(taken_after - taken_before >= 6, "prepared outcomes used: {}", taken_after - taken_before);
}
