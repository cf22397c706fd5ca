//! The `ricerca` command line: build, check, search, serve, import.

mod cli;

fn main() {
    std::process::exit(cli::run(std::env::args_os().skip(1).collect()));
}
