//! The `ricerca` command line: build, check, search, serve, import.

mod cli;

/// On x86_64 musl (the npm package's static linux-x64 binary) mimalloc instead of musl's
/// malloc, which takes one lock for every call: the builder's threads then scale as with
/// glibc (see `cpu_threads` in src/builder.rs, which keeps one thread on other musl targets).
#[cfg(all(target_env = "musl", target_arch = "x86_64"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Under WASI (the npm package's fallback, run by node:wasi), the host passes its working
    // folder as PWD with `/` preopened: relative paths then mean what they mean on the host.
    #[cfg(target_os = "wasi")]
    if let Some(pwd) = std::env::var_os("PWD") {
        let _ = std::env::set_current_dir(pwd);
    }
    std::process::exit(cli::run(std::env::args_os().skip(1).collect()));
}
