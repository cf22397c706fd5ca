//! The `ricerca` command line: build, check, search, serve, import.

mod cli;

fn main() {
    // Under WASI (the npm package's fallback, run by node:wasi), the host passes its working
    // folder as PWD with `/` preopened: relative paths then mean what they mean on the host.
    #[cfg(target_os = "wasi")]
    if let Some(pwd) = std::env::var_os("PWD") {
        let _ = std::env::set_current_dir(pwd);
    }
    std::process::exit(cli::run(std::env::args_os().skip(1).collect()));
}
