//! The `virksomhedscenter` binary: parse the command line and run it.

fn main() -> std::process::ExitCode {
    limit_malloc_arenas();
    virksomhedscenter::cli::main()
}

/// glibc's malloc gives threads that allocate at the same time arenas of their own, up to eight
/// per core, and keeps the memory freed in each. Under 32 concurrent clients that was most of the
/// server's peak memory: 107 MiB with glibc's default, 65 MiB with one arena per core, at the same
/// throughput (docs/benchmarks.md). `MALLOC_ARENA_MAX` in the environment still decides when set.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let arenas = i32::try_from(cores).unwrap_or(i32::MAX).max(2);
    // SAFETY: mallopt only sets a parameter of the allocator. It runs first thing in main, before
    // any other thread exists, and M_ARENA_MAX is a parameter glibc documents for it.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
