//! `ow-vepass`: plugs a virtual ICAO 9303 chip into pcscd through vsmartcard-vpcd.
//!
//! ```text
//! ow-vepass [--specimen valid|expired|hkmo|altered|checksum] [--port 35963|35964]
//!           [--fault wrong-mac|truncated|silent|removed] [--after N]
//!           [--start-pcscd] [--csca-out FILE] [--stdin] [--list]
//! ```
//! Prints the BAC fields of the (fictional) holder, then serves until killed, until the card
//! leaves (the `removed` fault) or, with `--stdin`, until stdin closes (for harnesses).
//! `--start-pcscd` starts pcscd if none runs; it is stopped on a clean exit, and otherwise
//! leaves by itself (`--auto-exit`) once idle.

use ow_icao::sim::{self, Fault, FaultPlan, Specimen, TestPki, VirtualCard};
use std::io::Read;
use std::process::ExitCode;

struct Args {
    specimen: Specimen,
    port: u16,
    fault: Option<FaultPlan>,
    start_pcscd: bool,
    csca_out: Option<String>,
    list: bool,
    stdin: bool,
}

/// A command line this program cannot follow.
#[derive(Debug, thiserror::Error)]
enum UsageError {
    #[error("{0} needs a value")]
    NeedsValue(String),
    #[error("unknown specimen {0}")]
    UnknownSpecimen(String),
    #[error("unknown fault {0}")]
    UnknownFault(String),
    #[error("bad {0}: expected a number")]
    NotANumber(&'static str),
    #[error("unknown argument {0}")]
    UnknownArgument(String),
}

fn parse_args() -> Result<Args, UsageError> {
    let mut a = Args {
        specimen: Specimen::ValidPassport,
        port: sim::vpcd::PORT_0,
        fault: None,
        start_pcscd: false,
        csca_out: None,
        list: false,
        stdin: false,
    };
    let mut fault = None;
    let mut after = 3;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| UsageError::NeedsValue(arg.clone()));
        match arg.as_str() {
            "--specimen" => {
                let v = value()?;
                a.specimen = Specimen::from_name(&v)
                    .ok_or_else(|| UsageError::UnknownSpecimen(v.clone()))?;
            }
            "--port" => {
                a.port = value()?
                    .parse()
                    .map_err(|_| UsageError::NotANumber("--port"))?
            }
            "--fault" => {
                let v = value()?;
                fault =
                    Some(Fault::from_name(&v).ok_or_else(|| UsageError::UnknownFault(v.clone()))?);
            }
            "--after" => {
                after = value()?
                    .parse()
                    .map_err(|_| UsageError::NotANumber("--after"))?
            }
            "--start-pcscd" => a.start_pcscd = true,
            "--csca-out" => a.csca_out = Some(value()?),
            "--list" => a.list = true,
            "--stdin" => a.stdin = true,
            other => return Err(UsageError::UnknownArgument(other.to_owned())),
        }
    }
    a.fault = fault.map(|fault| FaultPlan {
        fault,
        after_reads: after,
    });
    Ok(a)
}

fn run(a: Args) -> Result<(), Box<dyn std::error::Error>> {
    if a.list {
        for s in Specimen::ALL {
            println!("{}", s.name());
        }
        return Ok(());
    }
    let pki = TestPki::new()?;
    if let Some(path) = &a.csca_out {
        std::fs::write(path, pki.csca_der()?)?;
    }
    let _pcscd = if a.start_pcscd {
        Some(sim::pcscd::ensure(std::time::Duration::from_secs(10))?)
    } else {
        None
    };
    let mut chip = a.specimen.chip(&pki)?;
    if let Some(f) = a.fault {
        chip = chip.with_fault(f);
    }
    let key = a.specimen.bac_key()?;
    let card = VirtualCard::insert(chip, a.port)?;
    // Fictional specimen data: printing it is safe and is what a tester needs.
    println!(
        "inserted '{}' into {} (MRZ information {})",
        a.specimen.name(),
        sim::vpcd::reader_name(a.port),
        key.information()
    );
    println!("MRZ: {}", a.specimen.mrz());
    let (tx, rx) = std::sync::mpsc::channel();
    if a.stdin {
        std::thread::spawn(move || {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
            let _ = tx.send(());
        });
    }
    while card.is_inserted()
        && rx
            .recv_timeout(std::time::Duration::from_millis(200))
            .is_err()
    {}
    card.remove();
    Ok(())
}

fn main() -> ExitCode {
    match parse_args() {
        Err(e) => {
            eprintln!("ow-vepass: {e}");
            ExitCode::from(2)
        }
        Ok(a) => match run(a) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ow-vepass: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
