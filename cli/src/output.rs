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
            Output::Json => emit(&serde_json::to_string_pretty(value).expect("serializable")),
            Output::Text => emit(&text()),
        }
    }
}

/// Writes a line to stdout. A reader that went away (`symbiote ... | head -1`) ends the command
/// quietly, as with any Unix tool, instead of a panic from `println!`.
fn emit(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{line}").and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("Error: writing the output: {e}");
        std::process::exit(1);
    }
}
