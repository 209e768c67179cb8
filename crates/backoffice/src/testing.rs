//! Test support: a private PostgreSQL cluster in a temporary directory, on a free loopback
//! port, stopped and deleted when the last handle is dropped.
//!
//! PostgreSQL refuses to run as root; as root, the cluster runs as `nobody` via `runuser`.
//! Missing binaries are an error, never a silent skip: set `OW_PG_BIN` if they are not in
//! `/usr/lib/postgresql/*/bin` or on `PATH`.

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, Weak};

#[derive(Debug, thiserror::Error)]
pub enum PgHarnessError {
    #[error("PostgreSQL server binaries (initdb, pg_ctl, postgres, pg_isready) not found in {searched}; install the `postgresql` package or set OW_PG_BIN")]
    NotInstalled { searched: String },
    #[error("{what} failed ({status}): {output}")]
    Command {
        what: &'static str,
        status: String,
        output: String,
    },
    #[error("{what}")]
    Io {
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot create a test database")]
    Connect(#[source] tokio_postgres::Error),
}

fn io(what: &'static str) -> impl FnOnce(std::io::Error) -> PgHarnessError {
    move |source| PgHarnessError::Io { what, source }
}

/// A running private cluster. Clone the `Arc` to share it; it stops with the last one.
pub struct PgCluster {
    root: PathBuf,
    bin: PathBuf,
    /// `Some(user)` when we are root and must step down to start PostgreSQL.
    run_as: Option<String>,
    port: u16,
    next_db: AtomicU32,
    /// The server (through `runuser` when root), our own child so that we reap it: PID 1
    /// in these containers reaps nothing, and `pg_ctl start` would leave it orphaned.
    server: Option<Child>,
}

/// How durable the cluster is: tests trade durability for speed, benchmarks do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// fsync off: fast, and a crash loses the data (which is thrown away anyway).
    Fast,
    /// PostgreSQL's defaults: every commit reaches the disk.
    Durable,
}

fn find_bin() -> Result<PathBuf, PgHarnessError> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(dir) = std::env::var_os("OW_PG_BIN") {
        candidates.push(dir.into());
    }
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<(u32, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let v = e.file_name().to_str()?.parse::<u32>().ok()?;
                Some((v, e.path().join("bin")))
            })
            .collect();
        versions.sort();
        candidates.extend(versions.into_iter().rev().map(|(_, p)| p));
    }
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path));
    }
    find_bin_in(&candidates)
}

/// The first folder holding the server binaries we run.
fn find_bin_in(candidates: &[PathBuf]) -> Result<PathBuf, PgHarnessError> {
    candidates
        .iter()
        .find(|d| {
            ["initdb", "pg_ctl", "postgres", "pg_isready"]
                .iter()
                .all(|b| d.join(b).is_file())
        })
        .cloned()
        .ok_or_else(|| PgHarnessError::NotInstalled {
            searched: candidates
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(":"),
        })
}

fn am_root() -> bool {
    // /proc/self belongs to the effective user; no unsafe geteuid needed.
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn id_of(user: &str, flag: &str) -> Result<u32, PgHarnessError> {
    let out = Command::new("id")
        .args([flag, user])
        .output()
        .map_err(io("run id"))?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|_| PgHarnessError::Command {
            what: "id",
            status: out.status.to_string(),
            output: format!("no user {user}"),
        })
}

fn free_port() -> Result<u16, PgHarnessError> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(io("find a free port"))?;
    Ok(l.local_addr().map_err(io("find a free port"))?.port())
}

fn check(what: &'static str, out: Output) -> Result<(), PgHarnessError> {
    if out.status.success() {
        return Ok(());
    }
    Err(PgHarnessError::Command {
        what,
        status: out.status.to_string(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    })
}

static SHARED: Mutex<Weak<PgCluster>> = Mutex::new(Weak::new());

impl PgCluster {
    /// The cluster shared by the tests of this process, started on first use.
    pub fn shared() -> Result<Arc<Self>, PgHarnessError> {
        let mut slot = SHARED.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = slot.upgrade() {
            return Ok(c);
        }
        let c = Arc::new(Self::start(Durability::Fast)?);
        *slot = Arc::downgrade(&c);
        Ok(c)
    }

    /// initdb + pg_ctl start in a fresh temporary directory.
    pub fn start(durability: Durability) -> Result<Self, PgHarnessError> {
        let bin = find_bin()?;
        let run_as = am_root().then(|| "nobody".to_owned());
        static N: AtomicU32 = AtomicU32::new(0);
        let root = std::env::temp_dir().join(format!(
            "ow-pg-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).map_err(io("create the cluster directory"))?;
        let mut me = Self {
            root,
            bin,
            run_as,
            port: 0,
            next_db: AtomicU32::new(0),
            server: None,
        };
        if let Some(user) = &me.run_as {
            let (uid, gid) = (id_of(user, "-u")?, id_of(user, "-g")?);
            std::os::unix::fs::chown(&me.root, Some(uid), Some(gid))
                .map_err(io("hand the cluster directory to the postgres user"))?;
        }
        let data = me.data_dir();
        let out = me
            .command("initdb")
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .output()
            .map_err(io("run initdb"))?;
        check("initdb", out)?;
        let mut conf = std::fs::OpenOptions::new()
            .append(true)
            .open(data.join("postgresql.conf"))
            .map_err(io("open postgresql.conf"))?;
        let mut settings = String::from(
            "listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 300\n",
        );
        if durability == Durability::Fast {
            settings.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        conf.write_all(settings.as_bytes())
            .map_err(io("write postgresql.conf"))?;
        // A port can be taken between our probe and the server's bind: try a few.
        for _ in 0..5 {
            me.port = free_port()?;
            let log = std::fs::File::create(me.root.join("server.log"))
                .map_err(io("create the server log"))?;
            let err = log.try_clone().map_err(io("create the server log"))?;
            let child = me
                .command("postgres")
                .arg("-D")
                .arg(&data)
                .arg("-p")
                .arg(me.port.to_string())
                .stdin(Stdio::null())
                .stdout(log)
                .stderr(err)
                .spawn()
                .map_err(io("start postgres"))?;
            me.server = Some(child);
            if me.wait_ready()? {
                return Ok(me);
            }
            me.stop();
        }
        Err(PgHarnessError::Command {
            what: "postgres",
            status: "never became ready".into(),
            output: std::fs::read_to_string(me.root.join("server.log")).unwrap_or_default(),
        })
    }

    /// Polls `pg_isready` until the server accepts connections or exits.
    fn wait_ready(&mut self) -> Result<bool, PgHarnessError> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            if let Some(child) = self.server.as_mut() {
                if child.try_wait().map_err(io("watch postgres"))?.is_some() {
                    self.server = None;
                    return Ok(false);
                }
            }
            let ready = Command::new(self.bin.join("pg_isready"))
                .args(["-q", "-h", "127.0.0.1", "-p", &self.port.to_string()])
                .status()
                .map_err(io("run pg_isready"))?;
            if ready.success() {
                return Ok(true);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Ok(false)
    }

    /// Immediate shutdown (the data is thrown away), then reap the process.
    fn stop(&mut self) {
        let Some(mut child) = self.server.take() else {
            return;
        };
        let stopped = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data_dir())
            .args(["-m", "immediate", "-w", "stop"])
            .output();
        if let Err(e) = stopped
            .map_err(io("run pg_ctl stop"))
            .and_then(|o| check("pg_ctl stop", o))
        {
            tracing::error!(error = %e, "pg_ctl stop failed; killing the server");
            let _ = child.kill();
        }
        let _ = child.wait();
    }

    fn data_dir(&self) -> PathBuf {
        self.root.join("data")
    }

    fn command(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(exe);
                c
            }
            None => Command::new(exe),
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The URL of database `name` in this cluster.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates a fresh, empty database and returns its URL: one per test, for isolation.
    pub async fn create_database(&self) -> Result<String, PgHarnessError> {
        let name = format!("t{}", self.next_db.fetch_add(1, Ordering::Relaxed));
        let (client, conn) = tokio_postgres::connect(&self.url("postgres"), tokio_postgres::NoTls)
            .await
            .map_err(PgHarnessError::Connect)?;
        let task = tokio::spawn(conn);
        let created = client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .map_err(PgHarnessError::Connect);
        drop(client);
        let _ = task.await;
        created.map(|()| self.url(&name))
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_binaries_are_a_clear_error_not_a_skip() {
        let err = find_bin_in(&[PathBuf::from("/nonexistent/bin")]).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("not found in /nonexistent/bin"), "{msg}");
        assert!(msg.contains("OW_PG_BIN"), "{msg}");
    }
}
