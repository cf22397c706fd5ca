//! Argument parsing over [`lexopt`]: the usage error type and the value helpers
//! every command uses. Conventions: `--name value`, `--name=value`, `-o value`,
//! `-ovalue`, options anywhere among positionals, `--` ends the options.

pub use lexopt::prelude::*;
pub use lexopt::Parser;
use std::ffi::OsString;

/// A usage mistake, reported with the command's usage and exit status 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl From<lexopt::Error> for UsageError {
    fn from(e: lexopt::Error) -> Self {
        UsageError(e.to_string())
    }
}

/// The value of the option just read, as UTF-8 text (it may start with `-`).
pub fn text(p: &mut Parser) -> Result<String, UsageError> {
    Ok(p.value()?.string()?)
}

/// The value of the option `name` just read, as a whole number.
pub fn number(p: &mut Parser, name: &str) -> Result<usize, UsageError> {
    let v = text(p)?;
    v.parse()
        .map_err(|_| UsageError(format!("{name} expects a whole number, got `{v}`")))
}

/// A positional argument as UTF-8 text.
pub fn positional(v: OsString) -> Result<String, UsageError> {
    v.into_string()
        .map_err(|v| UsageError(format!("argument {v:?} is not valid UTF-8")))
}

/// Stores the value of an option that may be given once.
pub fn once(slot: &mut Option<String>, name: &str, v: String) -> Result<(), UsageError> {
    if slot.is_some() {
        return Err(UsageError(format!("{name} given more than once")));
    }
    *slot = Some(v);
    Ok(())
}

/// Prints a command's help on standard output (a closed pipe is not an error); status 0.
pub fn help(text: &str) -> Result<i32, UsageError> {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{}", text.trim_end());
    Ok(0)
}
