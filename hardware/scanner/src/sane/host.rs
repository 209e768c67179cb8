//! The body of `ow-sane-host`, the helper process that owns libsane.
//!
//! Why a process: SANE backends run code we do not control in our address space, and some of
//! it is not safe to share a process with — sane-backends' threaded readers are cancelled
//! asynchronously (`pthread_cancel`), and one cancelled inside `malloc` leaves glibc's arena
//! lock held for good, hanging the next thread that allocates. In a helper, a stuck or crashed
//! backend costs one scan; the app kills the helper and starts another.
//!
//! Its stdin carries requests, a copy of its stdout carries replies (see `wire`), its stderr
//! is the log. It ends when stdin closes — also when the app dies.

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::os::fd::AsFd;
use std::process::ExitCode;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::ffi;
use super::wire::{self, Message, Request};
use super::worker::{self, Job};
use crate::types::CancelToken;

/// After stdin closes: how long `sane_exit` may take before the helper leaves without it.
const EXIT_GRACE: Duration = Duration::from_secs(5);

/// Run the helper until its stdin closes.
pub fn serve() -> ExitCode {
    let proto = match io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => File::from(fd),
        Err(e) => {
            eprintln!("ow-sane-host: no stdout: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = ffi::stdout_to_stderr() {
        eprintln!("ow-sane-host: cannot move stdout aside: {e}");
        return ExitCode::FAILURE;
    }
    let (jobs, rx) = mpsc::channel();
    // Reader threads a backend starts inherit this name; the worker counts them by it.
    let worker = match std::thread::Builder::new()
        .name("sane-worker".into())
        .spawn(move || worker::run(rx, &mut BufWriter::with_capacity(1 << 16, proto)))
    {
        Ok(w) => w,
        Err(e) => {
            eprintln!("ow-sane-host: cannot start the SANE thread: {e}");
            return ExitCode::FAILURE;
        }
    };
    let current: Arc<Mutex<Option<CancelToken>>> = Arc::default();
    let mut input = BufReader::new(io::stdin().lock());
    loop {
        let job = match wire::read::<Request>(&mut input) {
            Ok(Some(Message::Json(Request::Cancel))) => {
                if let Some(c) = current.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
                    c.cancel();
                }
                continue;
            }
            Ok(Some(Message::Json(Request::Devices))) => Job::Devices,
            Ok(Some(Message::Json(Request::Capabilities(id)))) => Job::Capabilities(id),
            Ok(Some(Message::Json(Request::Scan { device, settings }))) => {
                let cancel = CancelToken::new();
                *current.lock().unwrap_or_else(|p| p.into_inner()) = Some(cancel.clone());
                Job::Scan {
                    device,
                    settings,
                    cancel,
                }
            }
            Ok(Some(Message::Data(_))) => {
                eprintln!("ow-sane-host: data where a request belongs; stopping");
                break;
            }
            Ok(None) => break,
            Err(e) => {
                eprintln!("ow-sane-host: unreadable request ({e}); stopping");
                break;
            }
        };
        if jobs.send(job).is_err() {
            break; // the SANE thread has ended (init failed or the app stopped reading)
        }
    }
    drop(jobs);
    if let Some(c) = current.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
        c.cancel();
    }
    let deadline = Instant::now() + EXIT_GRACE;
    while !worker.is_finished() {
        if Instant::now() > deadline {
            eprintln!("ow-sane-host: the scanner driver did not finish; leaving without sane_exit");
            return ExitCode::FAILURE;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = worker.join();
    ExitCode::SUCCESS
}
