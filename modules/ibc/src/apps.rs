//! IBC applications (ICS-26): the modules bound to ports, which the core hands packets and
//! channel handshakes to. An application module (ICS-20's `transfer`) registers an [`IbcApp`] in
//! its `register_hooks`; the core builds a router from every registered one for each message, so
//! the core does not depend on its applications.

use ibc::core::host::types::identifiers::PortId;
use ibc::core::router::module::Module;
use ibc::core::router::router::Router;
use ibc::core::router::types::module::ModuleId;
use symbiote_core::erased::Erased;
use symbiote_core::{Hooks, MsgContext};

use crate::ctx::Shared;

/// An application bound to a port.
pub trait IbcApp: Send + Sync {
    /// The port it owns (`transfer`).
    fn port(&self) -> PortId;
    /// Its ibc-rs module id.
    fn module_id(&self) -> ModuleId;
    /// Its ibc-rs callbacks over one message's state, which the core context shares.
    fn bind<'a, 'b: 'a>(&self, state: &'a Shared<Erased<'b>>, ctx: &MsgContext) -> Box<dyn Module + 'a>;
}

/// Every registered application, bound to one message's state.
pub struct AppRouter<'a> {
    apps: Vec<(PortId, ModuleId, Box<dyn Module + 'a>)>,
}

impl<'a> AppRouter<'a> {
    pub fn new<'b: 'a>(hooks: &Hooks, state: &'a Shared<Erased<'b>>, ctx: &MsgContext) -> Self {
        let apps = hooks.get::<dyn IbcApp>().iter().map(|app| (app.port(), app.module_id(), app.bind(state, ctx)));
        Self { apps: apps.collect() }
    }
}

impl Router for AppRouter<'_> {
    fn get_route(&self, module_id: &ModuleId) -> Option<&dyn Module> {
        self.apps.iter().find(|(_, id, _)| id == module_id).map(|(_, _, m)| m.as_ref() as &dyn Module)
    }

    fn get_route_mut(&mut self, module_id: &ModuleId) -> Option<&mut dyn Module> {
        self.apps.iter_mut().find(|(_, id, _)| id == module_id).map(|(_, _, m)| m.as_mut() as &mut dyn Module)
    }

    fn lookup_module(&self, port_id: &PortId) -> Option<ModuleId> {
        self.apps.iter().find(|(port, _, _)| port == port_id).map(|(_, id, _)| id.clone())
    }
}
