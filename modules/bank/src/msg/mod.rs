//! One handler per bank message.

pub mod send;
