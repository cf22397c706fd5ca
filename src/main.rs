//! The `ricerca` command line: build, check, search, serve, import.

mod cli;

fn main() {
    std::process::exit(cli::run(std::env::args().skip(1).collect()));
}
