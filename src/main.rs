//! The `dondoc` binary: everything lives in the library; this only starts the runtime.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    dondoc::cli::main().await
}
