//! Where a build's time goes: with `BUILDER_TIMINGS=1` in the environment, each phase prints one
//! line to stderr when it ends, with the wall time and the process's CPU time (all cores) since
//! the build started. A phase whose CPU time is about twice its wall time used both cores; one
//! whose CPU time equals its wall time ran on one. Without the variable nothing is measured.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

#[derive(Clone, Copy)]
struct Clock {
    wall: Instant,
    cpu: f64,
}

/// When the current build started; none until one does, or when timings are not asked for.
static STARTED: Mutex<Option<Clock>> = Mutex::new(None);

fn asked_for() -> bool {
    static ASKED: OnceLock<bool> = OnceLock::new();
    *ASKED.get_or_init(|| {
        std::env::var_os("BUILDER_TIMINGS").is_some_and(|value| !value.is_empty() && value != "0")
    })
}

/// Starts the clock of a build (when timings are asked for): `serve` builds again and again.
pub fn start() {
    if asked_for() {
        let clock = Clock {
            wall: Instant::now(),
            cpu: cpu_ms(),
        };
        *STARTED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(clock);
    }
}

/// Prints that `name` ended: `timings: name  wall 12.3 ms  cpu 20.1 ms` since the build started.
pub fn phase(name: &str) {
    let started = *STARTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(clock) = started {
        let wall = clock.wall.elapsed().as_secs_f64() * 1000.0;
        let cpu = cpu_ms() - clock.cpu;
        eprintln!("timings: {name:<22} wall {wall:7.1} ms  cpu {cpu:7.1} ms");
    }
}

/// CPU time of the whole process (every thread), in milliseconds.
fn cpu_ms() -> f64 {
    let time = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    time.tv_sec as f64 * 1000.0 + time.tv_nsec as f64 / 1e6
}
