//! The virtual card's side of vsmartcard-vpcd: a TCP client to pcscd's vpcd driver.
//! Each message is a 2-byte big-endian length and a payload; a 1-byte payload is a control
//! (0 power off, 1 power on, 2 reset, 4 get ATR), anything longer a command APDU.
//! Connecting inserts the card into the virtual reader, closing the socket removes it.

use super::chip::{Reply, VirtualChip};
use crate::error::{IcaoError, Result};
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// vpcd's port for the reader "Virtual PCD 00 00".
pub const PORT_0: u16 = 35963;
/// vpcd's port for the reader "Virtual PCD 00 01".
pub const PORT_1: u16 = 35964;

/// The PC/SC reader name vpcd gives the reader on `port`.
pub fn reader_name(port: u16) -> String {
    format!("Virtual PCD 00 {:02}", port.saturating_sub(PORT_0))
}

/// A contactless-style ATR declaring T=1, historical bytes "OWEPASS1", with its TCK.
pub fn atr() -> Vec<u8> {
    let mut atr = vec![0x3B, 0x88, 0x80, 0x01];
    atr.extend_from_slice(b"OWEPASS1");
    let tck = atr.iter().skip(1).fold(0u8, |a, b| a ^ b);
    atr.push(tck);
    atr
}

/// A virtual card sitting in a vpcd reader; dropping it pulls the card out.
pub struct VirtualCard {
    stop: Arc<AtomicBool>,
    stream: TcpStream,
    thread: Option<JoinHandle<()>>,
}

impl VirtualCard {
    /// Inserts `chip` into the vpcd reader listening on `127.0.0.1:port`.
    pub fn insert(chip: VirtualChip, port: u16) -> Result<Self> {
        let stream = TcpStream::connect(("127.0.0.1", port))
            .map_err(|e| IcaoError::io("connecting to vpcd", e))?;
        stream
            .set_nodelay(true)
            .map_err(|e| IcaoError::io("vpcd socket", e))?;
        quickack(&stream);
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .map_err(|e| IcaoError::io("vpcd socket", e))?;
        let stop = Arc::new(AtomicBool::new(false));
        let worker = stream
            .try_clone()
            .map_err(|e| IcaoError::io("vpcd socket", e))?;
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name(format!("vepass-{port}"))
            .spawn(move || serve(worker, chip, &flag))
            .map_err(|e| IcaoError::io("spawning the virtual card", e))?;
        Ok(Self {
            stop,
            stream,
            thread: Some(thread),
        })
    }

    /// Whether the card is still in the reader (it leaves by itself on a `Removed` fault).
    pub fn is_inserted(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Pulls the card out.
    pub fn remove(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.stream.shutdown(Shutdown::Both);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for VirtualCard {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn send(stream: &mut TcpStream, payload: &[u8]) -> std::io::Result<()> {
    let len = u16::try_from(payload.len()).map_err(|_| std::io::Error::other("frame too long"))?;
    let mut frame = len.to_be_bytes().to_vec();
    frame.extend_from_slice(payload);
    stream.write_all(&frame)
}

/// Acknowledges at once (Linux resets TCP_QUICKACK after each ACK, hence per read).
#[cfg(target_os = "linux")]
fn quickack(stream: &TcpStream) {
    let _ = socket2::SockRef::from(stream).set_tcp_quickack(true);
}

#[cfg(not(target_os = "linux"))]
fn quickack(_stream: &TcpStream) {}

/// Reads frames until stopped, the peer closes, or the chip leaves.
fn serve(mut stream: TcpStream, mut chip: VirtualChip, stop: &AtomicBool) {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 4096];
    while !stop.load(Ordering::SeqCst) {
        match stream.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                quickack(&stream);
            }
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) =>
            {
                continue
            }
            Err(_) => return,
        }
        while buf.len() >= 2 {
            let len = usize::from(u16::from_be_bytes([buf[0], buf[1]]));
            if buf.len() < 2 + len {
                break;
            }
            let payload: Vec<u8> = buf.drain(..2 + len).skip(2).collect();
            let answer = match payload.as_slice() {
                [0x04] => Some(atr()),
                [0x00] | [0x01] | [0x02] => {
                    chip.reset();
                    None
                }
                [_] => None,
                apdu => match chip.process(apdu) {
                    Reply::Answer(a) => Some(a),
                    Reply::Silent => None,
                    Reply::Removed => {
                        let _ = stream.shutdown(Shutdown::Both);
                        return;
                    }
                },
            };
            if let Some(a) = answer {
                if send(&mut stream, &a).is_err() {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atr_has_a_correct_tck_and_reader_names_follow_ports() {
        let atr = atr();
        assert_eq!(atr.iter().skip(1).fold(0u8, |a, b| a ^ b), 0);
        assert_eq!(reader_name(PORT_0), "Virtual PCD 00 00");
        assert_eq!(reader_name(PORT_1), "Virtual PCD 00 01");
    }
}
