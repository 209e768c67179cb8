//! Start-up benchmark: launch → first painted screen, and memory once settled, for OneWindow
//! and for the floor (a minimal Tauri 2 window built the same way), side by side.
//!
//! Usage: `ow-bench-startup <onewindow-binary> <floor-binary> [rounds]`, on a display (the
//! script `scripts/bench-startup.sh` provides Xvfb and a session bus). Each app prints
//! `OW_READY <ms>` when its first screen is painted; we time from spawn to that line.
//! OneWindow's line also says where its page's time went (`script=… data=…`, on the page's
//! clock): the report prints their medians under the table.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Sample {
    ready_ms: f64,
    pss_mb: f64,
    /// `name=ms` pairs from the OW_READY line.
    phases: Vec<(String, f64)>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(ow), Some(floor)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: ow-bench-startup <onewindow-binary> <floor-binary> [rounds]");
        return ExitCode::from(2);
    };
    let rounds: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
    let mut ow_s = Vec::new();
    let mut fl_s = Vec::new();
    let mut flc_s = Vec::new();
    // OneWindow turns WebKitGTK's GPU compositing off by default (`display.gpu_compositing`);
    // the floor is measured both as built and with the same setting, so the ratio is fair.
    const NO_GPU: &[(&str, &str)] = &[("WEBKIT_DISABLE_COMPOSITING_MODE", "1")];
    // Alternate, so drift in the machine's load hits all alike.
    for round in 0..rounds {
        for (name, bin, env, out) in [
            ("floor", floor, &[][..], &mut fl_s),
            ("floor-nogpu", floor, NO_GPU, &mut flc_s),
            ("onewindow", ow, &[][..], &mut ow_s),
        ] {
            match measure(Path::new(bin), env) {
                Ok(s) => {
                    eprintln!(
                        "round {round} {name:<10} ready {:7.1} ms  pss {:6.1} MB",
                        s.ready_ms, s.pss_mb
                    );
                    out.push(s);
                }
                Err(e) => {
                    eprintln!("{name}: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    report(&ow_s, &fl_s, &flc_s);
    ExitCode::SUCCESS
}

fn measure(bin: &Path, env: &[(&str, &str)]) -> Result<Sample, String> {
    let data = tempfile::tempdir().map_err(|e| e.to_string())?;
    let t0 = Instant::now();
    let mut child = Command::new(bin)
        .env("ONEWINDOW_PATHS__DATA_DIR", data.path())
        .env("ONEWINDOW_CONFIG", data.path().join("none.toml"))
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("OW_READY") {
                let phases: Vec<(String, f64)> = rest
                    .split_whitespace()
                    .filter_map(|kv| kv.split_once('='))
                    .filter_map(|(k, v)| Some((k.to_owned(), v.parse().ok()?)))
                    .collect();
                let _ = tx.send((t0.elapsed(), phases));
            }
        }
    });
    let ready = rx.recv_timeout(Duration::from_secs(60));
    let (ready, phases) = match ready {
        Ok(r) => r,
        Err(_) => {
            stop(&mut child);
            return Err(format!("{} never reported its first paint", bin.display()));
        }
    };
    // Let the web process finish its start-up work before reading memory.
    std::thread::sleep(Duration::from_secs(4));
    let pss_kb: u64 = tree(child.id()).iter().map(|p| pss_kb(*p)).sum();
    stop(&mut child);
    Ok(Sample {
        ready_ms: ready.as_secs_f64() * 1000.0,
        pss_mb: pss_kb as f64 / 1024.0,
        phases,
    })
}

fn stop(child: &mut Child) {
    let pids = tree(child.id());
    for pid in pids.iter().rev() {
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    std::thread::sleep(Duration::from_millis(500));
}

/// The process and all its descendants, from /proc.
fn tree(root: u32) -> Vec<u32> {
    let mut parent_of = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for e in entries.flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            // The command name may hold spaces; the fields after its closing ')' do not.
            let Some(rest) = stat.rfind(')').map(|i| &stat[i + 2..]) else {
                continue;
            };
            if let Some(ppid) = rest.split(' ').nth(1).and_then(|s| s.parse::<u32>().ok()) {
                parent_of.push((pid, ppid));
            }
        }
    }
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let p = out[i];
        out.extend(parent_of.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    out
}

fn pss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn report(ow: &[Sample], fl: &[Sample], flc: &[Sample]) {
    let t = |v: &[Sample]| median(v.iter().map(|s| s.ready_ms).collect());
    let m = |v: &[Sample]| median(v.iter().map(|s| s.pss_mb).collect());
    let first = |v: &[Sample]| v.first().map(|s| s.ready_ms).unwrap_or(f64::NAN);
    println!();
    println!(
        "{:<34} {:>9} {:>12} {:>10} {:>8} {:>12} {:>7}",
        "median of runs", "floor", "floor-nogpu", "onewindow", "ratio", "ratio-nogpu", "target"
    );
    let row = |label: &str, f: f64, fc: f64, o: f64, target: &str| {
        println!(
            "{label:<34} {f:>9.1} {fc:>12.1} {o:>10.1} {:>8.2} {:>12.2} {target:>7}",
            o / f,
            o / fc
        );
    };
    row("launch → first paint (ms)", t(fl), t(flc), t(ow), "≤ 1.30");
    row(
        "first launch → first paint (ms)",
        first(fl),
        first(flc),
        first(ow),
        "",
    );
    row(
        "memory, all processes, PSS (MB)",
        m(fl),
        m(flc),
        m(ow),
        "≤ 1.20",
    );
    if let Some(first) = ow.first() {
        println!();
        println!("onewindow's page, median ms (page_started on the process's clock, the rest on the page's):");
        for (name, _) in &first.phases {
            let v = ow
                .iter()
                .filter_map(|s| s.phases.iter().find(|(n, _)| n == name).map(|(_, v)| *v))
                .collect();
            println!("  {name:<14} {:>7.1}", median(v));
        }
    }
}
