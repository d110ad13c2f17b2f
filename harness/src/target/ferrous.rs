//! Ferrous as a target: in-process (the command dispatch called directly, a fresh server per case)
//! or over TCP (the `ferrous` binary spawned per case on a free loopback port).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ferrous_server::{Client, Server};

use super::process::{free_port, ChildGuard};
use super::resp::Connection;
use super::{binary_exists, locate_binary, Reply, SessionTarget};
use crate::case::Step;

pub struct FerrousInProcess;

impl SessionTarget for FerrousInProcess {
    fn label(&self) -> String {
        "ferrous (in-process)".to_string()
    }

    fn run(&mut self, steps: &[Step]) -> Result<Vec<Reply>, String> {
        let mut server = Server::new();
        let mut client = Client::default();
        let mut replies = Vec::new();
        for step in steps {
            // A panic is a bug to report as this case's failure, not a reason to stop the run.
            let reply = catch_unwind(AssertUnwindSafe(|| {
                server.dispatch(&mut client, &step.args)
            }));
            match reply {
                Ok(frame) => replies.push(Reply::Frame(frame)),
                Err(payload) => {
                    let text = payload
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    replies.push(Reply::Missing(format!("ferrous panicked: {text}")));
                    break;
                }
            }
        }
        while replies.len() < steps.len() {
            replies.push(Reply::Missing("ferrous panicked earlier".to_string()));
        }
        Ok(replies)
    }
}

pub struct FerrousTcp {
    binary: PathBuf,
}

impl FerrousTcp {
    pub fn new() -> Result<FerrousTcp, String> {
        let binary = locate_binary("FERROUS_BIN", "ferrous");
        if !binary_exists(&binary) {
            return Err(format!(
                "{} not found: build it with `cargo build --release --bins` or set FERROUS_BIN",
                binary.display()
            ));
        }
        Ok(FerrousTcp { binary })
    }
}

impl SessionTarget for FerrousTcp {
    fn label(&self) -> String {
        "ferrous (tcp)".to_string()
    }

    fn run(&mut self, steps: &[Step]) -> Result<Vec<Reply>, String> {
        let port = free_port()?;
        let child = Command::new(&self.binary)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.binary.display()))?;
        let _child = ChildGuard(child);
        let mut conn = Connection::connect_until(port, Instant::now() + Duration::from_secs(10))?;
        Ok(steps.iter().map(|s| conn.call(&s.args)).collect())
    }
}
