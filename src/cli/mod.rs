//! Command dispatch for the `ricerca` binary; each command parses its own options
//! ([`opts`], over lexopt) and has its own `--help`.

mod build;
mod import;
mod info;
mod opts;
mod search;
mod serve;
mod widget;

use opts::{Long, Parser, Short, UsageError, Value};
use std::io::Write;

/// The overview printed by `ricerca --help` (and, on a usage error, without a command).
pub const USAGE: &str = "\
ricerca — faceted search for directories of initiatives and partners

USAGE:
  ricerca build DATA... -o OUT       validate DATA (files or folders) and write the index;
                                     OUT a folder (public/ricerca): the index and the widget,
                                     ready to deploy; OUT a file (index.bin): the index only
  ricerca check DATA...              validate only
  ricerca search INDEX QUERY [--region C]... [--sector S]... [--json] ...
  ricerca info INDEX [--json]        the index's format, the ricerca version that built it, counts
  ricerca serve DIR [--port N] [--host 127.0.0.1] [--max-connections N] [--header 'Name: value']...
  ricerca import ror|flat FILE -o OUT.jsonl ...
                                     records from a ROR v2 dump or the flat organisation format
  ricerca help COMMAND | COMMAND --help    the options of one command
  ricerca --version | --help

OPTIONS (every command):
  -h, --help      print the command's help and exit 0
  -q, --quiet     (build, import) no progress or summary: errors only
  --              ends the options: what follows is positional (a QUERY starting with -)

EXIT STATUS:
  0  success
  1  bad data, bad index, or a file that cannot be read or written (the message says
     which file, line or record, and field)
  2  usage error (unknown option, missing argument)";

/// One command: its name, its help (the first paragraph is its usage) and its entry point.
struct Command {
    name: &'static str,
    help: &'static str,
    run: fn(&mut Parser) -> Result<i32, UsageError>,
}

const COMMANDS: &[Command] = &[
    Command {
        name: "build",
        help: build::BUILD_HELP,
        run: build::build,
    },
    Command {
        name: "check",
        help: build::CHECK_HELP,
        run: build::check,
    },
    Command {
        name: "search",
        help: search::HELP,
        run: search::search,
    },
    Command {
        name: "info",
        help: info::HELP,
        run: info::info,
    },
    Command {
        name: "serve",
        help: serve::HELP,
        run: serve::serve,
    },
    Command {
        name: "import",
        help: import::HELP,
        run: import::import,
    },
];

/// Runs the command line; returns the exit status.
pub fn run(argv: Vec<std::ffi::OsString>) -> i32 {
    let mut p = Parser::from_args(argv);
    match first(&mut p) {
        Ok(First::Command(cmd)) => match (cmd.run)(&mut p) {
            Ok(code) => code,
            Err(e) => usage_error(&e, Some(cmd)),
        },
        Ok(First::Done(code)) => code,
        Err(e) => usage_error(&e, None),
    }
}

/// What the first argument asks for.
enum First {
    Command(&'static Command),
    Done(i32),
}

fn first(p: &mut Parser) -> Result<First, UsageError> {
    let Some(arg) = p.next()? else {
        return Err(UsageError("no command given".into()));
    };
    match arg {
        Short('h') | Long("help") => opts::help(USAGE).map(First::Done),
        Short('V') | Long("version") => {
            let _ = writeln!(
                std::io::stdout(),
                "ricerca {} (index format {})",
                env!("CARGO_PKG_VERSION"),
                ricerca::format::FORMAT_VERSION
            );
            Ok(First::Done(0))
        }
        Value(v) => {
            let name = opts::positional(v)?;
            if name == "help" {
                return help_for(p).map(First::Done);
            }
            find(&name).map(First::Command)
        }
        other => Err(other.unexpected().into()),
    }
}

fn find(name: &str) -> Result<&'static Command, UsageError> {
    COMMANDS
        .iter()
        .find(|c| c.name == name)
        .ok_or_else(|| UsageError(format!("unknown command `{name}`")))
}

/// `ricerca help [COMMAND]`.
fn help_for(p: &mut Parser) -> Result<i32, UsageError> {
    match p.next()? {
        None => opts::help(USAGE),
        Some(Value(v)) => opts::help(find(&opts::positional(v)?)?.help),
        Some(other) => Err(other.unexpected().into()),
    }
}

/// Reports a usage error with the usage of the command (or the overview); status 2.
fn usage_error(e: &UsageError, cmd: Option<&Command>) -> i32 {
    match cmd {
        Some(c) => {
            let usage = c.help.split("\n\n").next().unwrap_or(c.help);
            eprintln!(
                "error: {}\n\n{usage}\n\n`ricerca {} --help` lists every option.",
                e.0, c.name
            );
        }
        None => eprintln!("error: {}\n\n{USAGE}", e.0),
    }
    2
}
