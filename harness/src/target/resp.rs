//! A minimal RESP client over TCP that keeps every reply exactly as sent.
//!
//! Why not the `redis` crate: its `Value` folds `$-1` and `*-1` into one `Nil`, turns `+OK` into
//! `Okay`, parses RESP3 doubles into `f64` (so `1.50` and `1.5` look the same) and turns error
//! replies into `RedisError` kinds. Each of these hides a difference that byte-exact comparison
//! must see, so the harness reads raw RESP with the server crate's decoder.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use ferrous_server::parse::parse_reply;
use ferrous_server::Frame;

use super::Reply;

/// How long one command may take before the case fails with a timeout.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Connection {
    stream: TcpStream,
    buf: Vec<u8>,
    closed: Option<String>,
}

impl Connection {
    pub fn connect(port: u16) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_millis(200)))?;
        Ok(Connection {
            stream,
            buf: Vec::new(),
            closed: None,
        })
    }

    /// Connects, retrying until `deadline` while the server starts up.
    pub fn connect_until(port: u16, deadline: Instant) -> Result<Connection, String> {
        loop {
            match Connection::connect(port) {
                Ok(c) => return Ok(c),
                Err(e) if Instant::now() >= deadline => {
                    return Err(format!("cannot connect to 127.0.0.1:{port}: {e}"))
                }
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }

    /// Sends one command and reads its reply. Once the connection has failed, every later command
    /// gets the same `Missing` reply.
    pub fn call(&mut self, args: &[Vec<u8>]) -> Reply {
        if let Some(why) = &self.closed {
            return Reply::Missing(why.clone());
        }
        let mut request = Vec::new();
        Frame::Array(args.iter().map(|a| Frame::Bulk(a.clone())).collect()).encode(&mut request);
        if let Err(e) = self.stream.write_all(&request) {
            return self.fail(format!("write failed: {e}"));
        }
        let deadline = Instant::now() + REPLY_TIMEOUT;
        let mut chunk = [0u8; 64 * 1024];
        loop {
            match parse_reply(&self.buf) {
                Ok(Some((frame, used))) => {
                    self.buf.drain(..used);
                    return Reply::Frame(frame);
                }
                Ok(None) => {}
                Err(e) => return self.fail(format!("malformed reply: {e}")),
            }
            if Instant::now() >= deadline {
                return self.fail(format!("timeout after {}s", REPLY_TIMEOUT.as_secs()));
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return self.fail("connection closed".to_string()),
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => return self.fail(format!("read failed: {e}")),
            }
        }
    }

    fn fail(&mut self, why: String) -> Reply {
        self.closed = Some(why.clone());
        Reply::Missing(why)
    }

    /// Sends a command that must succeed (used for resets and set-up).
    pub fn call_ok(&mut self, args: &[&str]) -> Result<Frame, String> {
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.as_bytes().to_vec()).collect();
        match self.call(&args) {
            Reply::Frame(Frame::Error(e)) => Err(String::from_utf8_lossy(&e).into_owned()),
            Reply::Frame(f) => Ok(f),
            Reply::Missing(why) => Err(why),
        }
    }
}
