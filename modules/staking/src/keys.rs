//! Store keys of the `staking` substore, private to the module.
//!
//! Addresses are lower-case hex (fixed width, so prefix scans never mix two addresses), heights,
//! ids and times zero-padded decimal (so key order is numeric order). Indexes hold no value of
//! their own (an empty marker) except where noted; the record is under its primary key.
//!
//! ```text
//! validators/<op>                         Validator (cosmos.staking.v1beta1)
//! validators_by_cons/<cons>               operator address bytes
//! power/<!power 16 hex>/<op>              operator bytes; ascending key = descending power, ties
//!                                         by lower operator address (the SDK's reverse scan)
//! last_power/<op>                         power at the last validator-set update (i64 BE)
//! last_total_power                        their sum (decimal)
//! delegations/<del>/<op>                  Delegation
//! delegations_by_val/<op>/<del>           marker
//! ubd/<del>/<op>                          UnbondingDelegation
//! ubd_by_val/<op>/<del>                   marker
//! red/<del>/<src>/<dst>                   Redelegation
//! red_by_src/<src>/<del>/<dst>            marker
//! red_by_dst/<dst>/<del>/<src>            marker
//! ubd_queue/<completion ns>               DVPairs maturing then
//! red_queue/<completion ns>               DVVTriplets maturing then
//! val_queue/<unbonding ns>/<height>       ValAddresses whose unbonding ends then
//! historical/<height>                     HistoricalInfo
//! unbonding_id                            last unbonding id handed out (u64 BE)
//! params                                  Params
//! ```

use symbiote_core::{Address, ConsAddress, ValAddress};

pub(crate) const PREFIX: &str = "staking";

pub(crate) fn params() -> String {
    format!("{PREFIX}/params")
}

pub(crate) fn validator(op: &ValAddress) -> String {
    format!("{PREFIX}/validators/{}", op.to_hex())
}

pub(crate) fn validators() -> String {
    format!("{PREFIX}/validators/")
}

pub(crate) fn validator_by_cons(cons: &ConsAddress) -> String {
    format!("{PREFIX}/validators_by_cons/{}", cons.to_hex())
}

pub(crate) fn power_index(power: u64, op: &ValAddress) -> String {
    format!("{PREFIX}/power/{:016x}/{}", !power, op.to_hex())
}

pub(crate) fn power_index_all() -> String {
    format!("{PREFIX}/power/")
}

/// (power, operator) of a [`power_index`] key.
pub(crate) fn parse_power_index(key: &str) -> Option<(u64, ValAddress)> {
    let rest = key.strip_prefix(&power_index_all())?;
    let (inverted, op) = rest.split_once('/')?;
    if inverted.len() != 16 {
        return None;
    }
    let power = !u64::from_str_radix(inverted, 16).ok()?;
    Some((power, ValAddress::from_hex(op)?))
}

pub(crate) fn last_power(op: &ValAddress) -> String {
    format!("{PREFIX}/last_power/{}", op.to_hex())
}

pub(crate) fn last_powers() -> String {
    format!("{PREFIX}/last_power/")
}

pub(crate) fn last_total_power() -> String {
    format!("{PREFIX}/last_total_power")
}

pub(crate) fn delegation(del: &Address, op: &ValAddress) -> String {
    format!("{PREFIX}/delegations/{}/{}", del.to_hex(), op.to_hex())
}

pub(crate) fn delegations_of(del: &Address) -> String {
    format!("{PREFIX}/delegations/{}/", del.to_hex())
}

pub(crate) fn delegations_all() -> String {
    format!("{PREFIX}/delegations/")
}

pub(crate) fn delegation_by_val(op: &ValAddress, del: &Address) -> String {
    format!("{PREFIX}/delegations_by_val/{}/{}", op.to_hex(), del.to_hex())
}

pub(crate) fn delegations_to(op: &ValAddress) -> String {
    format!("{PREFIX}/delegations_by_val/{}/", op.to_hex())
}

pub(crate) fn ubd(del: &Address, op: &ValAddress) -> String {
    format!("{PREFIX}/ubd/{}/{}", del.to_hex(), op.to_hex())
}

pub(crate) fn ubds_of(del: &Address) -> String {
    format!("{PREFIX}/ubd/{}/", del.to_hex())
}

pub(crate) fn ubds_all() -> String {
    format!("{PREFIX}/ubd/")
}

pub(crate) fn ubd_by_val(op: &ValAddress, del: &Address) -> String {
    format!("{PREFIX}/ubd_by_val/{}/{}", op.to_hex(), del.to_hex())
}

pub(crate) fn ubds_from(op: &ValAddress) -> String {
    format!("{PREFIX}/ubd_by_val/{}/", op.to_hex())
}

pub(crate) fn red(del: &Address, src: &ValAddress, dst: &ValAddress) -> String {
    format!("{PREFIX}/red/{}/{}/{}", del.to_hex(), src.to_hex(), dst.to_hex())
}

pub(crate) fn reds_of(del: &Address) -> String {
    format!("{PREFIX}/red/{}/", del.to_hex())
}

pub(crate) fn reds_of_from(del: &Address, src: &ValAddress) -> String {
    format!("{PREFIX}/red/{}/{}/", del.to_hex(), src.to_hex())
}

pub(crate) fn reds_all() -> String {
    format!("{PREFIX}/red/")
}

pub(crate) fn red_by_src(src: &ValAddress, del: &Address, dst: &ValAddress) -> String {
    format!("{PREFIX}/red_by_src/{}/{}/{}", src.to_hex(), del.to_hex(), dst.to_hex())
}

pub(crate) fn reds_from(src: &ValAddress) -> String {
    format!("{PREFIX}/red_by_src/{}/", src.to_hex())
}

pub(crate) fn red_by_dst(dst: &ValAddress, del: &Address, src: &ValAddress) -> String {
    format!("{PREFIX}/red_by_dst/{}/{}/{}", dst.to_hex(), del.to_hex(), src.to_hex())
}

/// Redelegations of `del` into `dst` (the transitive-redelegation check).
pub(crate) fn reds_into_of(dst: &ValAddress, del: &Address) -> String {
    format!("{PREFIX}/red_by_dst/{}/{}/", dst.to_hex(), del.to_hex())
}

pub(crate) fn ubd_queue(nanos: u64) -> String {
    format!("{PREFIX}/ubd_queue/{nanos:020}")
}

pub(crate) fn ubd_queue_all() -> String {
    format!("{PREFIX}/ubd_queue/")
}

pub(crate) fn red_queue(nanos: u64) -> String {
    format!("{PREFIX}/red_queue/{nanos:020}")
}

pub(crate) fn red_queue_all() -> String {
    format!("{PREFIX}/red_queue/")
}

pub(crate) fn val_queue(nanos: u64, height: u64) -> String {
    format!("{PREFIX}/val_queue/{nanos:020}/{height:020}")
}

pub(crate) fn val_queue_all() -> String {
    format!("{PREFIX}/val_queue/")
}

pub(crate) fn historical(height: u64) -> String {
    format!("{PREFIX}/historical/{height:020}")
}

pub(crate) fn unbonding_id() -> String {
    format!("{PREFIX}/unbonding_id")
}

/// The 20-digit number that ends a queue or history key, or the two of a validator-queue key.
pub(crate) fn trailing_numbers(key: &str) -> Vec<u64> {
    key.rsplit('/').take(2).filter_map(|part| (part.len() == 20).then(|| part.parse().ok()).flatten()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are consensus: this test fails on any change of their bytes.
    #[test]
    fn keys_should_not_change() {
        let op = ValAddress::from_account(Address::from_bytes([0xab; 20]));
        let del = Address::from_bytes([0x01; 20]);
        let dst = ValAddress::from_account(Address::from_bytes([0xcd; 20]));
        let op_hex = "ab".repeat(20);
        let del_hex = "01".repeat(20);
        let dst_hex = "cd".repeat(20);
        assert_eq!(params(), "staking/params");
        assert_eq!(validator(&op), format!("staking/validators/{op_hex}"));
        assert_eq!(power_index(1, &op), format!("staking/power/fffffffffffffffe/{op_hex}"));
        assert_eq!(last_power(&op), format!("staking/last_power/{op_hex}"));
        assert_eq!(last_total_power(), "staking/last_total_power");
        assert_eq!(delegation(&del, &op), format!("staking/delegations/{del_hex}/{op_hex}"));
        assert_eq!(delegation_by_val(&op, &del), format!("staking/delegations_by_val/{op_hex}/{del_hex}"));
        assert_eq!(ubd(&del, &op), format!("staking/ubd/{del_hex}/{op_hex}"));
        assert_eq!(ubd_by_val(&op, &del), format!("staking/ubd_by_val/{op_hex}/{del_hex}"));
        assert_eq!(red(&del, &op, &dst), format!("staking/red/{del_hex}/{op_hex}/{dst_hex}"));
        assert_eq!(red_by_src(&op, &del, &dst), format!("staking/red_by_src/{op_hex}/{del_hex}/{dst_hex}"));
        assert_eq!(red_by_dst(&dst, &del, &op), format!("staking/red_by_dst/{dst_hex}/{del_hex}/{op_hex}"));
        assert_eq!(ubd_queue(5), "staking/ubd_queue/00000000000000000005");
        assert_eq!(red_queue(5), "staking/red_queue/00000000000000000005");
        assert_eq!(val_queue(5, 7), "staking/val_queue/00000000000000000005/00000000000000000007");
        assert_eq!(historical(9), "staking/historical/00000000000000000009");
        assert_eq!(unbonding_id(), "staking/unbonding_id");
        let cons = ConsAddress::from_bytes([0x0f; 20]);
        assert_eq!(validator_by_cons(&cons), format!("staking/validators_by_cons/{}", "0f".repeat(20)));
    }

    #[test]
    fn power_index_orders_by_descending_power_then_ascending_address() {
        let low = ValAddress::from_account(Address::from_bytes([1; 20]));
        let high = ValAddress::from_account(Address::from_bytes([2; 20]));
        let mut keys = vec![power_index(5, &high), power_index(10, &high), power_index(5, &low), power_index(0, &low)];
        keys.sort();
        assert_eq!(
            keys,
            vec![power_index(10, &high), power_index(5, &low), power_index(5, &high), power_index(0, &low)]
        );
    }

    #[test]
    fn power_index_keys_parse_back() {
        let op = ValAddress::from_account(Address::from_bytes([7; 20]));
        for power in [0, 1, 99, crate::validator::MAX_VALIDATOR_POWER, u64::MAX] {
            assert_eq!(parse_power_index(&power_index(power, &op)), Some((power, op)));
        }
        assert_eq!(parse_power_index("staking/power/fffe/00"), None);
        assert_eq!(parse_power_index(&format!("staking/power/{}/{}", "z".repeat(16), op.to_hex())), None);
        assert_eq!(parse_power_index(&validator(&op)), None);
    }

    #[test]
    fn queue_keys_yield_their_numbers() {
        assert_eq!(trailing_numbers(&val_queue(5, 7)), vec![7, 5]);
        assert_eq!(trailing_numbers(&ubd_queue(12)), vec![12]);
    }
}
