//! Logging with `tracing`, to standard error (standard output is for what a person asked for,
//! such as the demo logins). Level from `RUST_LOG` (default `info`). Nothing secret is logged:
//! no passwords, tokens, query strings or CPR numbers.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}
