//! Human output by default; `--output json` for scripts.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    Text,
    Json,
}

impl Output {
    /// Prints `value` as JSON, or `text` for people.
    pub fn print<T: Serialize>(self, value: &T, text: impl FnOnce() -> String) {
        match self {
            Output::Json => println!("{}", serde_json::to_string_pretty(value).expect("serializable")),
            Output::Text => println!("{}", text()),
        }
    }
}
