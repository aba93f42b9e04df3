//! Hooks: how a module lets the modules built on it react to its changes, as the SDK's
//! `StakingHooks` let distribution and slashing react to delegations and bonding, without the
//! lower module depending on the higher ones.
//!
//! The module that fires hooks defines an object-safe trait (methods take an
//! [`Erased`](crate::erased::Erased) state) and calls every registered implementation, in
//! registration order, at the points the SDK does. A module that listens implements the trait
//! and adds itself in `Module::register_hooks`; the app's module list calls that for every module
//! in list order, once, at start-up. Handlers and block hooks find the registry in their context
//! ([`crate::MsgContext::hooks`], [`crate::BlockInfo::hooks`], [`crate::GenesisContext::hooks`]).

use std::any::{Any, TypeId};
use std::collections::BTreeMap;

/// Every registered hook, by hook trait.
#[derive(Default)]
pub struct Hooks {
    // Keyed by the type id of `Vec<Box<H>>` for the hook trait object `H`; only looked up, never
    // iterated, so the key order does not matter.
    by_trait: BTreeMap<TypeId, Box<dyn Any + Send + Sync>>,
}

impl Hooks {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a listener for hook trait `H` (a `dyn Trait`): it is called after those added before.
    pub fn add<H: ?Sized + Send + Sync + 'static>(&mut self, hook: Box<H>) {
        let list = self.by_trait.entry(TypeId::of::<Vec<Box<H>>>()).or_insert_with(|| Box::new(Vec::<Box<H>>::new()));
        // The entry for this type id was created with this type just above or by an earlier call.
        if let Some(list) = list.downcast_mut::<Vec<Box<H>>>() {
            list.push(hook);
        }
    }

    /// The listeners for hook trait `H`, in registration order.
    pub fn get<H: ?Sized + Send + Sync + 'static>(&self) -> &[Box<H>] {
        self.by_trait
            .get(&TypeId::of::<Vec<Box<H>>>())
            .and_then(|list| list.downcast_ref::<Vec<Box<H>>>())
            .map_or(&[], Vec::as_slice)
    }

    /// An empty registry that lives for the whole program (for contexts built outside an app).
    pub fn none() -> &'static Hooks {
        static NONE: std::sync::LazyLock<Hooks> = std::sync::LazyLock::new(Hooks::new);
        &NONE
    }
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Hooks({} hook traits)", self.by_trait.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    trait Greeter: Send + Sync {
        fn greet(&self) -> String;
    }
    trait Other: Send + Sync {}

    struct Named(&'static str);
    impl Greeter for Named {
        fn greet(&self) -> String {
            self.0.to_string()
        }
    }

    #[test]
    fn listeners_come_back_in_registration_order_by_trait() {
        let mut hooks = Hooks::new();
        assert!(hooks.get::<dyn Greeter>().is_empty());
        hooks.add::<dyn Greeter>(Box::new(Named("first")));
        hooks.add::<dyn Greeter>(Box::new(Named("second")));
        let names: Vec<String> = hooks.get::<dyn Greeter>().iter().map(|h| h.greet()).collect();
        assert_eq!(names, ["first", "second"]);
        assert!(hooks.get::<dyn Other>().is_empty(), "another trait has its own list");
        assert!(Hooks::none().get::<dyn Greeter>().is_empty());
    }
}
