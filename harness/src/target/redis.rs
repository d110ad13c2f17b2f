//! The reference: a real redis-server 7.0, spawned on a free loopback port with persistence off,
//! one process for a whole run, emptied before each case.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ferrous_server::Frame;

use super::process::{free_port, ChildGuard};
use super::resp::Connection;
use super::{binary_exists, locate_binary, Reply, SessionTarget};
use crate::case::Step;

/// The reference's version line: cases are recorded from, and compared with, this series.
pub const REFERENCE_SERIES: &str = "7.0.";

/// The `redis-server` to use: `$REDIS_SERVER`, else `redis-server` on `PATH`.
pub fn redis_binary() -> PathBuf {
    locate_binary("REDIS_SERVER", "redis-server")
}

pub struct RedisTarget {
    port: u16,
    version: String,
    admin: Connection,
    // Declared last: dropped after the connections, then the directory goes.
    _child: ChildGuard,
    _dir: tempfile::TempDir,
}

impl RedisTarget {
    /// Starts redis-server and checks that it is of the 7.0 series.
    pub fn start() -> Result<RedisTarget, String> {
        let binary = redis_binary();
        if !binary_exists(&binary) {
            return Err(format!(
                "{} not found: install it (apt-get install -y redis-server) or set REDIS_SERVER",
                binary.display()
            ));
        }
        let mut last_error = String::new();
        // The port was free when chosen; another process may take it first, so try a few.
        for _ in 0..3 {
            match Self::start_once(&binary) {
                Ok(t) => return Ok(t),
                Err(e) => last_error = e,
            }
        }
        Err(last_error)
    }

    fn start_once(binary: &PathBuf) -> Result<RedisTarget, String> {
        let port = free_port()?;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let child = Command::new(binary)
            .args(["--port", &port.to_string()])
            .args(["--bind", "127.0.0.1"])
            .args(["--save", ""])
            .args(["--appendonly", "no"])
            .args(["--daemonize", "no"])
            .args(["--logfile", ""])
            .arg("--dir")
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let mut child = ChildGuard(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut admin = loop {
            if let Ok(Some(status)) = child.0.try_wait() {
                return Err(format!("redis-server on port {port} exited: {status}"));
            }
            if let Ok(mut c) = Connection::connect(port) {
                if c.call_ok(&["PING"]).is_ok() {
                    break c;
                }
            }
            if Instant::now() >= deadline {
                return Err(format!("redis-server on port {port} did not become ready"));
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let info = match admin.call_ok(&["INFO", "server"])? {
            Frame::Bulk(b) => String::from_utf8_lossy(&b).into_owned(),
            other => return Err(format!("unexpected INFO reply {other:?}")),
        };
        let version = info
            .lines()
            .find_map(|l| l.strip_prefix("redis_version:"))
            .unwrap_or("unknown")
            .trim()
            .to_string();
        if !version.starts_with(REFERENCE_SERIES) {
            return Err(format!(
                "{} is redis-server {version}; the reference is redis-server {REFERENCE_SERIES}x \
                 (set REDIS_SERVER to a 7.0 binary)",
                binary.display()
            ));
        }
        Ok(RedisTarget {
            port,
            version,
            admin,
            _child: child,
            _dir: dir,
        })
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    /// The loopback port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl SessionTarget for RedisTarget {
    fn label(&self) -> String {
        format!("redis-server {}", self.version)
    }

    fn run(&mut self, steps: &[Step]) -> Result<Vec<Reply>, String> {
        for reset in [
            &["FLUSHALL", "SYNC"][..],
            &["SCRIPT", "FLUSH", "SYNC"],
            &["FUNCTION", "FLUSH", "SYNC"],
        ] {
            self.admin
                .call_ok(reset)
                .map_err(|e| format!("resetting redis-server failed ({}): {e}", reset.join(" ")))?;
        }
        let mut conn = Connection::connect(self.port).map_err(|e| e.to_string())?;
        Ok(steps.iter().map(|s| conn.call(&s.args)).collect())
    }
}
