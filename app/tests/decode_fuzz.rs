//! Nothing from the network can panic the app: arbitrary bytes and mutations of valid txs go
//! through decoding and the whole CheckTx path.

use crate::common;

use common::*;
use proptest::prelude::*;
use symbiote_app::tx::Tx;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = Tx::<symbiote_app::AppMsg>::decode(&bytes, 50);
    }
}

#[test]
fn check_tx_survives_mutated_and_random_txs() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let c = rt.block_on(chain());
    let valid = send(&c.alice, 0, 0, c.bob.address(), "1usym");
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 400, ..ProptestConfig::default() });
    let strategy = (
        proptest::collection::vec((0..valid.len(), any::<u8>()), 1..8),
        proptest::collection::vec(any::<u8>(), 0..64),
        0..valid.len(),
    );
    runner
        .run(&strategy, |(flips, tail, cut)| {
            let mut m = valid.clone();
            for (i, b) in flips {
                m[i] ^= b;
            }
            let outcome = rt.block_on(c.node.check_tx(&m));
            // Any change to a signed tx's bytes must be rejected (never accepted, never a panic).
            if m != valid {
                prop_assert_ne!(outcome.code, 0, "a mutated tx was accepted");
            }
            let mut truncated = valid[..cut].to_vec();
            truncated.extend(tail);
            let _ = rt.block_on(c.node.check_tx(&truncated));
            Ok(())
        })
        .unwrap();
}
