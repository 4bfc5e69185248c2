//! The `virksomhedscenter` binary: parse the command line and run it.

fn main() -> std::process::ExitCode {
    virksomhedscenter::cli::main()
}
