//! `ow-sam-sim LINK [CARD]`: a virtual GA/T 467 ID-card reader on a pseudo-terminal, reachable
//! at LINK, for the training sandbox and for trying the driver by hand.
//!
//! Commands on standard input, one a line:
//! `list` · `insert KEY` · `remove` · `fault NAME|none` · `latency MS` · `unplug` · `replug` ·
//! `quit`. Faults: bad_checksum, truncated, silent, read_fails, remove_during_read,
//! drop_during_read, garbage, not_authorised, self_test.

use std::process::ExitCode;

#[cfg(unix)]
fn main() -> ExitCode {
    use std::io::BufRead;

    let mut args = std::env::args().skip(1);
    let Some(link) = args.next() else {
        eprintln!("usage: ow-sam-sim LINK [CARD_KEY]");
        return ExitCode::from(2);
    };
    let sim = match ow_idcard::sam::sim::VirtualSamReader::start(&link) {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("cannot start: {}", ow_error::chain_message(&e));
            return ExitCode::FAILURE;
        }
    };
    if let Some(key) = args.next() {
        if let Err(e) = sim.insert_gallery(&key) {
            eprintln!("{e}");
        }
    }
    let tty = sim.tty_path().unwrap_or_default();
    println!("ready {link} -> {}", tty.display());
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let mut words = line.split_whitespace();
        let reply = match (words.next(), words.next()) {
            (Some("quit"), _) => break,
            (Some(cmd), arg) => command(&sim, cmd, arg),
            (None, _) => continue,
        };
        println!("{reply}");
    }
    ExitCode::SUCCESS
}

#[cfg(unix)]
fn command(sim: &ow_idcard::sam::sim::VirtualSamReader, cmd: &str, arg: Option<&str>) -> String {
    use ow_idcard::sam::sim::Fault;
    use ow_idcard::sam::SamStatus;

    match (cmd, arg) {
        ("list", _) => match ow_idcard::gallery::entries() {
            Ok(entries) => entries
                .iter()
                .map(|e| format!("{}\t{}\t{}", e.key, e.label_zh, e.label_en))
                .collect::<Vec<_>>()
                .join("\n"),
            Err(e) => format!("error: {e}"),
        },
        ("insert", Some(key)) => match sim.insert_gallery(key) {
            Ok(()) => "ok".into(),
            Err(e) => format!("error: {e}"),
        },
        ("remove", _) => {
            sim.remove();
            "ok".into()
        }
        ("fault", Some(name)) => {
            let fault = match name {
                "none" => None,
                "bad_checksum" => Some(Fault::BadChecksum),
                "truncated" => Some(Fault::Truncated),
                "silent" => Some(Fault::Silent),
                "read_fails" => Some(Fault::ReadFails),
                "remove_during_read" => Some(Fault::RemoveDuringRead),
                "drop_during_read" => Some(Fault::DropDuringRead),
                "garbage" => Some(Fault::GarbagePrefix),
                "not_authorised" => Some(Fault::Status(SamStatus::NotAuthorised)),
                "self_test" => Some(Fault::Status(SamStatus::SelfTestFailed)),
                _ => return format!("error: unknown fault {name}"),
            };
            sim.set_fault(fault);
            "ok".into()
        }
        ("latency", Some(ms)) => match ms.parse::<u64>() {
            Ok(ms) => {
                sim.set_latency(std::time::Duration::from_millis(ms));
                "ok".into()
            }
            Err(_) => "error: latency wants milliseconds".into(),
        },
        ("unplug", _) => {
            sim.unplug();
            "ok".into()
        }
        ("replug", _) => match sim.replug() {
            Ok(()) => format!("ok {}", sim.tty_path().unwrap_or_default().display()),
            Err(e) => format!("error: {e}"),
        },
        _ => format!("error: unknown command {cmd}"),
    }
}

#[cfg(not(unix))]
fn main() -> ExitCode {
    eprintln!("ow-sam-sim needs a Unix pseudo-terminal");
    ExitCode::FAILURE
}
