//! A TCP proxy between the app and the back office that can hold the back office's answers
//! to one kind of request: the request goes through and is carried out, its answer never
//! reaches the app — the moment at which a crash tests "sent twice".

use crate::Result;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Default)]
struct Rules {
    /// Answers on a connection that carried a request containing this are held.
    hold: Mutex<Option<Vec<u8>>>,
    /// Answers held so far.
    held: AtomicUsize,
}

impl Rules {
    fn pattern(&self) -> Option<Vec<u8>> {
        self.hold.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

pub struct Proxy {
    addr: SocketAddr,
    rules: Arc<Rules>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards every connection to `target`.
    pub async fn start(target: SocketAddr) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let rules = Arc::new(Rules::default());
        let shared = Arc::clone(&rules);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let rules = Arc::clone(&shared);
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(target).await {
                        relay(client, server, rules).await;
                    }
                });
            }
        });
        Ok(Self { addr, rules })
    }

    /// What the app is configured with instead of the back office's own address.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// From now on, the answers to requests whose text contains `pattern` (e.g. a path) wait
    /// here; `None` lets everything through again.
    pub fn hold_answers_to(&self, pattern: Option<&str>) {
        *self.rules.hold.lock().unwrap_or_else(|p| p.into_inner()) =
            pattern.map(|p| p.as_bytes().to_vec());
    }

    /// How many answers were held.
    pub fn held(&self) -> usize {
        self.rules.held.load(Ordering::SeqCst)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

async fn relay(client: TcpStream, server: TcpStream, rules: Arc<Rules>) {
    let (mut client_rx, mut client_tx) = client.into_split();
    let (mut server_rx, mut server_tx) = server.into_split();
    // Set once this connection carried a matching request (HTTP/1.1 answers come in order,
    // so every answer after it on the connection is that request's or a later one's).
    let marked = Arc::new(AtomicBool::new(false));
    let mark = Arc::clone(&marked);
    let up_rules = Arc::clone(&rules);
    let up = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match client_rx.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if up_rules.pattern().is_some_and(|p| contains(&buf[..n], &p)) {
                mark.store(true, Ordering::SeqCst);
            }
            if server_tx.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = server_tx.shutdown().await;
    };
    let down = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match server_rx.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let mut counted = false;
            while marked.load(Ordering::SeqCst) && rules.pattern().is_some() {
                if !counted {
                    rules.held.fetch_add(1, Ordering::SeqCst);
                    counted = true;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            if client_tx.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = client_tx.shutdown().await;
    };
    tokio::join!(up, down);
}
