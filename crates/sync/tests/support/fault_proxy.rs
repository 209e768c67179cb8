//! A TCP proxy between the forwarder and the back office that misbehaves on purpose: per
//! connection it passes cleanly, drops the connection, stalls, answers 500/503 itself, cuts
//! the upload mid-body, or forwards the request and loses the answer (the server did the
//! work; the client never hears).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Pass,
    Drop,
    Stall,
    Answer500,
    Answer503,
    CutUpload,
    LoseAnswer,
}

/// How often each fault struck.
#[derive(Default, Debug)]
pub struct FaultCounts {
    pub connections: AtomicU64,
    pub dropped: AtomicU64,
    pub stalled: AtomicU64,
    pub answered_5xx: AtomicU64,
    pub cut_uploads: AtomicU64,
    pub lost_answers: AtomicU64,
}

fn roll() -> u32 {
    (uuid::Uuid::new_v4().as_u128() % 1000) as u32
}

/// Picks a fault: about one connection in fifteen misbehaves (each case takes four to seven
/// requests, every one on a connection of its own).
fn pick() -> Fault {
    if std::env::var_os("OW_DRILL_CLEAN").is_some() {
        return Fault::Pass;
    }
    match roll() {
        0..=9 => Fault::Drop,
        10..=14 => Fault::Stall,
        15..=24 => Fault::Answer500,
        25..=34 => Fault::Answer503,
        35..=49 => Fault::CutUpload,
        50..=64 => Fault::LoseAnswer,
        _ => Fault::Pass,
    }
}

/// Starts the proxy to `upstream`; returns its address and the fault counters.
pub async fn start(upstream: SocketAddr) -> (SocketAddr, Arc<FaultCounts>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let counts = Arc::new(FaultCounts::default());
    let c = Arc::clone(&counts);
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let c = Arc::clone(&c);
            tokio::spawn(async move {
                c.connections.fetch_add(1, Ordering::Relaxed);
                let _ = handle(client, upstream, pick(), &c).await;
            });
        }
    });
    (addr, counts)
}

/// Reads until the end of the request head, so a canned answer follows a real request.
async fn read_head(client: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(buf)
}

async fn handle(
    mut client: TcpStream,
    upstream: SocketAddr,
    fault: Fault,
    c: &FaultCounts,
) -> std::io::Result<()> {
    match fault {
        Fault::Drop => {
            c.dropped.fetch_add(1, Ordering::Relaxed);
            drop(client);
            Ok(())
        }
        Fault::Stall => {
            c.stalled.fetch_add(1, Ordering::Relaxed);
            let _ = read_head(&mut client).await;
            tokio::time::sleep(Duration::from_secs(3)).await;
            Ok(())
        }
        Fault::Answer500 | Fault::Answer503 => {
            c.answered_5xx.fetch_add(1, Ordering::Relaxed);
            read_head(&mut client).await?;
            let answer: &[u8] = if fault == Fault::Answer500 {
                b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            } else {
                b"HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            };
            client.write_all(answer).await?;
            client.shutdown().await
        }
        Fault::CutUpload => {
            c.cut_uploads.fetch_add(1, Ordering::Relaxed);
            // Pass on part of what the client sends (head and some of the body), then hang up
            // on both sides.
            let mut server = TcpStream::connect(upstream).await?;
            let budget = 200 + (roll() as usize) * 40;
            let mut sent = 0usize;
            let mut chunk = [0u8; 8192];
            while sent < budget {
                let n = client.read(&mut chunk).await?;
                if n == 0 {
                    break;
                }
                let take = n.min(budget - sent);
                server.write_all(&chunk[..take]).await?;
                sent += take;
            }
            Ok(())
        }
        Fault::LoseAnswer => {
            c.lost_answers.fetch_add(1, Ordering::Relaxed);
            // Everything reaches the server; its answer goes nowhere.
            let server = TcpStream::connect(upstream).await?;
            let (mut sr, mut sw) = server.into_split();
            let (mut cr, _cw) = client.into_split();
            let up = tokio::spawn(async move { tokio::io::copy(&mut cr, &mut sw).await });
            let mut first = [0u8; 1];
            let _ = sr.read(&mut first).await;
            up.abort();
            Ok(())
        }
        Fault::Pass => {
            let mut server = TcpStream::connect(upstream).await?;
            tokio::io::copy_bidirectional(&mut client, &mut server).await?;
            Ok(())
        }
    }
}
