//! Real peers for the printer tests: a system D-Bus and a loopback-only avahi (ippeveprinter
//! will not start without DNS-SD), and one `ippeveprinter` per test on a free port.
//!
//! Whatever the harness starts it stops: guards send SIGTERM on drop, wait for the process
//! (PID 1 here reaps nothing) and only then SIGKILL a process that ignores it. Services that
//! were already running are used as they are and left alone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

const DBUS_SOCKET: &str = "/run/dbus/system_bus_socket";

/// A child process stopped with SIGTERM when dropped.
pub struct ChildGuard {
    name: &'static str,
    child: Child,
}

impl ChildGuard {
    fn spawn(name: &'static str, cmd: &mut Command) -> Self {
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        Self { name, child }
    }

    fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if !self.is_running() {
            return;
        }
        // SIGTERM through kill(1): the crate forbids unsafe, so no libc::kill.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if !self.is_running() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!("{} ignored SIGTERM; killing it", self.name);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_until(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not come up within {limit:?}");
}

/// System D-Bus and avahi, started only if missing.
pub struct Services {
    // Field order is drop order: avahi goes before the bus it talks to.
    avahi: Option<ChildGuard>,
    dbus: Option<ChildGuard>,
    _dir: tempfile::TempDir,
}

fn dbus_alive() -> bool {
    UnixStream::connect(DBUS_SOCKET).is_ok()
}

fn avahi_alive() -> bool {
    Command::new("avahi-daemon")
        .arg("--check")
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Serialises start and stop, so a test never starts services while another is stopping them.
static LIFECYCLE: Mutex<()> = Mutex::new(());
static SHARED: Mutex<Weak<Services>> = Mutex::new(Weak::new());

impl Services {
    /// The running services, shared by the tests alive at the same time.
    pub fn get() -> Arc<Services> {
        let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = shared.upgrade() {
            return s;
        }
        let s = Arc::new(Services::start());
        *shared = Arc::downgrade(&s);
        s
    }

    fn start() -> Self {
        let _l = LIFECYCLE.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let dbus = if dbus_alive() {
            None
        } else {
            std::fs::create_dir_all("/run/dbus").unwrap();
            // A socket file left by a bus that died would make the new one fail to bind.
            let _ = std::fs::remove_file(DBUS_SOCKET);
            let mut g = ChildGuard::spawn(
                "dbus-daemon",
                Command::new("dbus-daemon").args(["--system", "--nofork", "--nopidfile"]),
            );
            wait_until("system D-Bus", Duration::from_secs(10), || {
                dbus_alive() || !g.is_running()
            });
            assert!(g.is_running(), "dbus-daemon exited at start");
            Some(g)
        };
        let avahi = if avahi_alive() {
            None
        } else {
            let conf = dir.path().join("avahi-daemon.conf");
            std::fs::write(
                &conf,
                "[server]\nallow-interfaces=lo\nuse-ipv4=yes\nuse-ipv6=no\nenable-dbus=yes\n\
                 [wide-area]\nenable-wide-area=no\n\
                 [publish]\npublish-addresses=no\npublish-hinfo=no\npublish-workstation=no\n",
            )
            .unwrap();
            let mut g = ChildGuard::spawn(
                "avahi-daemon",
                Command::new("avahi-daemon").arg("-f").arg(&conf).args([
                    "--no-drop-root",
                    "--no-chroot",
                    "--no-rlimits",
                ]),
            );
            wait_until("avahi-daemon", Duration::from_secs(10), || {
                avahi_alive() || !g.is_running()
            });
            assert!(g.is_running(), "avahi-daemon exited at start");
            Some(g)
        };
        Self {
            avahi,
            dbus,
            _dir: dir,
        }
    }
}

impl Drop for Services {
    fn drop(&mut self) {
        let _l = LIFECYCLE.lock().unwrap_or_else(|e| e.into_inner());
        self.avahi.take();
        self.dbus.take();
    }
}

/// A free loopback TCP port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One `ippeveprinter` with its own spool folder, keeping every job (`-k`).
pub struct TestPrinter {
    // Drop order: the printer, then (maybe) the services it registered with.
    process: ChildGuard,
    _services: Arc<Services>,
    pub spool: tempfile::TempDir,
    pub port: u16,
    pub name: String,
}

impl TestPrinter {
    /// Starts a printer accepting PDF and JPEG. `command`, when given, is a shell script run
    /// for each job (ippeveprinter's `-c`): its `STATE:` lines on stderr change the printer's
    /// state reasons and a non-zero exit aborts the job. Scripts should `exec` their last
    /// long-running command so each job is one process.
    pub fn start(name: &str, command: Option<&str>) -> Self {
        let services = Services::get();
        let spool = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut cmd = Command::new("ippeveprinter");
        cmd.args(["-n", "localhost", "-p", &port.to_string()])
            .arg("-d")
            .arg(spool.path())
            .args([
                "-k",
                "-f",
                "application/pdf,image/pwg-raster,image/jpeg",
                "-r",
                "off",
            ]);
        if let Some(script) = command {
            let path = spool.path().join("job-command.sh");
            std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
            Command::new("chmod").arg("+x").arg(&path).status().unwrap();
            cmd.arg("-c").arg(&path);
        }
        cmd.arg(name);
        let mut process = ChildGuard::spawn("ippeveprinter", &mut cmd);
        wait_until("ippeveprinter", Duration::from_secs(15), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok() || !process.is_running()
        });
        assert!(process.is_running(), "ippeveprinter exited at start");
        Self {
            process,
            _services: services,
            spool,
            port,
            name: name.to_owned(),
        }
    }

    pub fn uri(&self) -> String {
        format!("ipp://localhost:{}/ipp/print", self.port)
    }

    /// The kept job files (`<id>-<name>.<ext>`), excluding our command script.
    pub fn jobs(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.spool.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pdf" || x == "jpg"))
            .collect();
        v.sort();
        v
    }
}

impl Drop for TestPrinter {
    fn drop(&mut self) {
        // A job command still running would be orphaned when ippeveprinter dies, and PID 1
        // here reaps nothing: end it first (by parent id) and let ippeveprinter reap it.
        let pid = self.process.child.id().to_string();
        let _ = Command::new("pkill").args(["-TERM", "-P", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            let children = Command::new("pgrep")
                .args(["-P", &pid])
                .output()
                .map(|o| !o.stdout.is_empty())
                .unwrap_or(false);
            if !children {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // Then `process` (ippeveprinter) is stopped by its own guard.
    }
}

/// A TCP server that accepts connections and never answers: a printer that hangs.
pub struct SilentServer {
    pub port: u16,
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SilentServer {
    pub fn start() -> Self {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        let port = l.local_addr().unwrap().port();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let s = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut held = Vec::new();
            while !s.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok((c, _)) = l.accept() {
                    held.push(c);
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        Self {
            port,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for SilentServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A one-shot-per-connection HTTP server answering every IPP request with `body`: stands in
/// for a printer state `ippeveprinter` cannot be put in (stopped).
pub struct CannedIpp {
    pub port: u16,
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl CannedIpp {
    pub fn start(body: Vec<u8>) -> Self {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        let port = l.local_addr().unwrap().port();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let s = stop.clone();
        let thread = std::thread::spawn(move || {
            while !s.load(std::sync::atomic::Ordering::Relaxed) {
                match l.accept() {
                    Ok((c, _)) => answer(c, &body),
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Self {
            port,
            stop,
            thread: Some(thread),
        }
    }
}

fn answer(mut c: TcpStream, body: &[u8]) {
    c.set_nonblocking(false).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    // Read the request headers and body (Content-Length or chunked), then answer.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match c.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        let text = String::from_utf8_lossy(&buf);
        if let Some(end) = text.find("\r\n\r\n") {
            let head = text[..end].to_ascii_lowercase();
            let body_len = buf.len() - end - 4;
            let done =
                if let Some(cl) = head.lines().find_map(|l| l.strip_prefix("content-length:")) {
                    body_len >= cl.trim().parse::<usize>().unwrap_or(0)
                } else {
                    text.ends_with("0\r\n\r\n")
                };
            if done {
                break;
            }
        }
    }
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/ipp\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = c.write_all(head.as_bytes());
    let _ = c.write_all(body);
}

impl Drop for CannedIpp {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Bytes of `path`.
pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}
