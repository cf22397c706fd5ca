//! Command dispatch and argument parsing for the `ricerca` binary.

mod args;
mod build;
mod import;
mod search;
mod serve;

use args::Args;
use std::io::Write;

pub const USAGE: &str = "\
ricerca — faceted search for directories of initiatives and partners

USAGE:
  ricerca build DATA... -o INDEX [--shards auto|always|never] [--term-shard-bytes N] [--docs-per-shard N]
                                     validate DATA (files or directories) and write INDEX
                                     (large indexes: INDEX plus content-hashed shard files beside it)
  ricerca check DATA...              validate only
  ricerca search INDEX QUERY [--region C]... [--country C]... [--sector S]...
                 [--kind K]... [--limit N] [--offset N] [--lang it|en] [--facet-limit N] [--json]
  ricerca serve DIR [--port N] [--host 127.0.0.1] [--header 'Name: value']...
  ricerca import ror FILE -o OUT.jsonl [--include-inactive] [--types TSV]
                 [--regions TSV] [--vocabulary DATA]...
                                     partner records from a ROR v2 dump (.json or .json.gz)
  ricerca import flat FILE -o OUT.jsonl [--sectors TSV] [--regions TSV]
                 [--vocabulary DATA]...
                                     records from the flat organisation format (.jsonl[.gz])
  ricerca --version | --help

Exit status: 0 success, 1 bad data or index, 2 usage error.";

/// Runs the command line; returns the exit status.
pub fn run(argv: Vec<String>) -> i32 {
    let mut args = Args::new(argv);
    // `--help` and `--version` are commands of their own, not options of one.
    let cmd = match args.first() {
        Some("--help" | "--version") => args.take_first(),
        _ => args.next_positional(),
    };
    let Some(cmd) = cmd else {
        eprintln!("{USAGE}");
        return 2;
    };
    let result = match cmd.as_str() {
        "build" => build::build(args),
        "check" => build::check(args),
        "search" => search::search(args),
        "serve" => serve::serve(args),
        "import" => import::import(args),
        "-h" | "--help" | "help" => {
            // A closed pipe (`ricerca help | head`) is not an error.
            let _ = writeln!(std::io::stdout(), "{USAGE}");
            Ok(0)
        }
        "-V" | "--version" => {
            let _ = writeln!(
                std::io::stdout(),
                "ricerca {} (index format {})",
                env!("CARGO_PKG_VERSION"),
                ricerca::format::FORMAT_VERSION
            );
            Ok(0)
        }
        other => Err(args::UsageError(format!("unknown command `{other}`"))),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}\n\n{USAGE}", e.0);
            2
        }
    }
}
