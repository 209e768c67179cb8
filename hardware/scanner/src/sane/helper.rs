//! The app's side of one `ow-sane-host` process: start it, send it requests, read its replies
//! with a time limit, and kill it when it stops answering.

use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::wire::{self, Message, Reply, Request};
use crate::error::ScanError;

/// The helper program's file name; it is installed beside the app.
pub const HOST_PROGRAM: &str = "ow-sane-host";

/// How long `sane_init` may take (network backends probe the LAN).
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// After the app closes the helper's stdin: how long `sane_exit` may take before a kill.
const STOP_GRACE: Duration = Duration::from_secs(2);
/// Replies read ahead of the caller (each at most one 256 KiB read of pixels).
const READ_AHEAD: usize = 4;

/// What waiting for the helper gave.
pub(crate) enum Next {
    Reply(Reply),
    Data(Vec<u8>),
    /// Nothing within the time given.
    Silent,
    /// The helper exited or spoke nonsense.
    Gone,
}

pub(crate) struct Helper {
    child: Child,
    stdin: Option<BufWriter<ChildStdin>>,
    replies: Receiver<io::Result<Message<Reply>>>,
}

impl Helper {
    /// Start the helper and wait for `sane_init`.
    pub(crate) fn start(program: &Path, config_dir: Option<&Path>) -> Result<Self, ScanError> {
        let mut cmd = Command::new(program);
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(dir) = config_dir {
            // SANE reads its configuration folder from the environment, once, in sane_init.
            cmd.env("SANE_CONFIG_DIR", dir);
        }
        let mut child = cmd.spawn().map_err(|e| {
            ScanError::SaneInit(format!(
                "cannot start the scanner helper {}: {e}",
                program.display()
            ))
        })?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ScanError::SaneInit(
                "the scanner helper has no pipes".into(),
            ));
        };
        let (tx, replies) = mpsc::sync_channel(READ_AHEAD);
        let reader = std::thread::Builder::new()
            .name("sane-helper-reader".into())
            .spawn(move || {
                let mut r = BufReader::with_capacity(1 << 16, stdout);
                loop {
                    let msg = match wire::read::<Reply>(&mut r) {
                        Ok(Some(m)) => Ok(m),
                        Ok(None) => return,
                        Err(e) => Err(e),
                    };
                    let end = msg.is_err();
                    if tx.send(msg).is_err() || end {
                        return;
                    }
                }
            });
        let helper = Self {
            child,
            stdin: Some(BufWriter::new(stdin)),
            replies,
        };
        if let Err(e) = reader {
            return Err(ScanError::SaneInit(format!(
                "cannot read the scanner helper: {e}"
            )));
        }
        match helper.next(START_TIMEOUT) {
            Next::Reply(Reply::Ready { version }) => {
                tracing::info!(
                    pid = helper.pid(),
                    major = version.0,
                    minor = version.1,
                    build = version.2,
                    "SANE helper ready"
                );
                Ok(helper)
            }
            Next::Reply(Reply::InitFailed(e)) => Err(e.into()),
            Next::Silent => Err(ScanError::SaneInit(format!(
                "the scanner driver did not start within {} s",
                START_TIMEOUT.as_secs()
            ))),
            _ => Err(ScanError::SaneInit(
                "the scanner helper stopped while starting".into(),
            )),
        }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn send(&mut self, req: &Request) -> Result<(), ScanError> {
        let stdin = self.stdin.as_mut().ok_or(ScanError::WorkerGone)?;
        wire::write_json(stdin, req).map_err(|_| ScanError::WorkerGone)
    }

    pub(crate) fn next(&self, timeout: Duration) -> Next {
        match self.replies.recv_timeout(timeout) {
            Ok(Ok(Message::Json(r))) => Next::Reply(r),
            Ok(Ok(Message::Data(d))) => Next::Data(d),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "the scanner helper's reply is unreadable");
                Next::Gone
            }
            Err(RecvTimeoutError::Timeout) => Next::Silent,
            Err(RecvTimeoutError::Disconnected) => Next::Gone,
        }
    }

    /// End the helper at once (it is stuck, or its stream is out of step).
    pub(crate) fn kill(mut self) {
        tracing::warn!(pid = self.pid(), "killing the scanner helper");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        // Closing stdin asks the helper to close its devices and call sane_exit.
        if let Some(mut stdin) = self.stdin.take() {
            let _ = stdin.flush();
        }
        let deadline = Instant::now() + STOP_GRACE;
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => return,
                Ok(None) if Instant::now() > deadline => break,
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the helper is: `configured`, or beside the running program, or one folder up (a
/// test binary in cargo's `deps/` beside the helper in its parent).
pub(crate) fn locate(configured: Option<&Path>) -> Result<PathBuf, ScanError> {
    if let Some(p) = configured {
        return Ok(p.to_path_buf());
    }
    let exe = std::env::current_exe()
        .map_err(|e| ScanError::SaneInit(format!("cannot find the running program: {e}")))?;
    exe.ancestors()
        .skip(1)
        .take(2)
        .map(|dir| dir.join(HOST_PROGRAM))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            ScanError::SaneInit(format!(
                "the scanner helper {HOST_PROGRAM} is not installed beside {}",
                exe.display()
            ))
        })
}
