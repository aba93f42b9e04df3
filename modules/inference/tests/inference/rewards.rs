//! Fees and rewards: the split among the model's owner, the record's owner, the training-data
//! contributors and the community pool, exact to the unit; withdrawals; nothing created or lost
//! over many inferences.

use symbiote_bank::BankRead;
use symbiote_core::{Address, Amount};
use symbiote_distribution::DistributionRead;
use symbiote_inference::msg::MsgWithdrawRewards;
use symbiote_inference::InferenceRead;

use crate::{addr, chain, disclosure, infer, infer_on, CONTRIBUTOR_A, CONTRIBUTOR_B, OWNER, PATIENT, REQUESTER, X};

fn usym(n: u64) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("{n}usym")
    }
}

async fn accrued(chain: &symbiote_core::testing::TestChain, who: u8) -> String {
    chain.state.rewards(&addr(who)).await.unwrap().to_string()
}

async fn community_pool(chain: &symbiote_core::testing::TestChain) -> String {
    chain.state.community_pool().await.unwrap().to_string()
}

#[tokio::test]
async fn the_fee_is_split_exactly_and_withdrawn_by_each_recipient() {
    let mut chain = chain().await;
    // 1000usym on a disclosed record: owner 50% = 500; the patient 30% = 300; training 15% = 150
    // pro rata 100:50 records = 100 and 50; the community pool the rest, 50.
    chain.exec(infer_on("iris:1", vec![disclosure(0, &crate::FEATURES)])).await.unwrap();
    assert_eq!(accrued(&chain, OWNER).await, usym(500));
    assert_eq!(accrued(&chain, PATIENT).await, usym(300));
    assert_eq!(accrued(&chain, CONTRIBUTOR_A).await, usym(100));
    assert_eq!(accrued(&chain, CONTRIBUTOR_B).await, usym(50));
    assert_eq!(community_pool(&chain).await, "50.000000000000000000usym");
    // On public features nobody's record was used: the data share goes to the pool too.
    chain.exec(infer("iris:1", &X, 1000)).await.unwrap();
    assert_eq!(accrued(&chain, OWNER).await, usym(1000));
    assert_eq!(accrued(&chain, PATIENT).await, usym(300));
    assert_eq!(community_pool(&chain).await, "400.000000000000000000usym");

    // Each withdraws what accrued, once.
    let paid = chain.exec(MsgWithdrawRewards { owner: addr(PATIENT) }).await.unwrap();
    assert_eq!(paid.amount, vec![crate::coin(300)]);
    assert_eq!(chain.state.balance(&addr(PATIENT), "usym").await.unwrap(), Amount::from(300u64));
    assert_eq!(accrued(&chain, PATIENT).await, "");
    let again = chain.exec(MsgWithdrawRewards { owner: addr(PATIENT) }).await.unwrap();
    assert!(again.amount.is_empty(), "nothing left to withdraw");
    assert_eq!(chain.state.balance(&addr(PATIENT), "usym").await.unwrap(), Amount::from(300u64));
    assert!(chain.events.iter().any(|e| e.kind == "inference_fee"));
}

#[tokio::test]
async fn nothing_is_created_or_lost_over_many_inferences() {
    let mut chain = chain().await;
    let supply = chain.state.supply_of("usym").await.unwrap();
    let everyone: Vec<Address> = [OWNER, REQUESTER, PATIENT, CONTRIBUTOR_A, CONTRIBUTOR_B].map(addr).to_vec();
    for i in 0..24u64 {
        if i % 3 == 0 {
            chain.exec(infer_on("iris:1", vec![disclosure(i % 2, &crate::FEATURES)])).await.unwrap();
        } else {
            chain.exec(infer("iris@production", &X, 1000)).await.unwrap();
        }
        if i % 7 == 6 {
            chain.exec(MsgWithdrawRewards { owner: everyone[(i as usize / 7) % everyone.len()] }).await.unwrap();
        }
        chain.advance(5);
    }
    assert_eq!(chain.state.supply_of("usym").await.unwrap(), supply, "no coin created or destroyed");
    // The module account holds exactly what is accrued and not withdrawn; the distribution account
    // exactly the community pool; every coin is somewhere.
    let mut accrued_total = Amount::ZERO;
    for a in &everyone {
        accrued_total = accrued_total.checked_add(chain.state.rewards(a).await.unwrap().amount_of("usym")).unwrap();
    }
    let module = chain.state.balance(&symbiote_inference::module_address(), "usym").await.unwrap();
    assert_eq!(module, accrued_total);
    let pool = chain.state.balance(&symbiote_distribution::module_address(), "usym").await.unwrap();
    assert_eq!(format!("{pool}.000000000000000000usym"), community_pool(&chain).await);
    let mut held = module.checked_add(pool).unwrap();
    for a in &everyone {
        held = held.checked_add(chain.state.balance(a, "usym").await.unwrap()).unwrap();
    }
    assert_eq!(held, supply);
    // 24 fees of 1000 left the requester.
    assert_eq!(chain.state.balance(&addr(REQUESTER), "usym").await.unwrap(), Amount::from(1_000_000u64 - 24_000));
}
