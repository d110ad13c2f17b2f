//! Running standalone Lua programs: `lua5.1` (the reference) or `ferrous-lua`, each as
//! `lua NAME.lua` (argv[0] is `lua` for both, so messages that name the program agree) in the
//! program's folder, with a time limit.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::process::ChildGuard;
use super::{binary_exists, locate_binary, ProgramTarget};
use crate::case::ProgramOutcome;

/// How long a program may run before it is killed and reported as `timeout`.
pub const PROGRAM_TIMEOUT: Duration = Duration::from_secs(20);

pub struct ProgramRunner {
    binary: PathBuf,
    label: String,
}

impl ProgramRunner {
    /// PUC-Rio Lua: `$LUA51`, else `lua5.1` on `PATH`.
    pub fn lua51() -> Result<ProgramRunner, String> {
        let binary = locate_binary("LUA51", "lua5.1");
        if !binary_exists(&binary) {
            return Err(format!(
                "{} not found: install it (apt-get install -y lua5.1) or set LUA51",
                binary.display()
            ));
        }
        let out = Command::new(&binary)
            .arg("-v")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let banner = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        let version = banner
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        if version != "Lua 5.1.5" {
            return Err(format!(
                "{} is {version:?}; the reference is Lua 5.1.5",
                binary.display()
            ));
        }
        Ok(ProgramRunner {
            binary,
            label: version,
        })
    }

    /// Ferrous's CLI: `$FERROUS_LUA`, else `ferrous-lua` beside the harness.
    pub fn ferrous_lua() -> Result<ProgramRunner, String> {
        let binary = locate_binary("FERROUS_LUA", "ferrous-lua");
        if !binary_exists(&binary) {
            return Err(format!(
                "{} not found: build it with `cargo build --release --bins` or set FERROUS_LUA",
                binary.display()
            ));
        }
        Ok(ProgramRunner {
            binary,
            label: "ferrous-lua".to_string(),
        })
    }
}

impl ProgramTarget for ProgramRunner {
    fn label(&self) -> String {
        self.label.clone()
    }

    fn run(&mut self, path: &Path) -> Result<ProgramOutcome, String> {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        let file = path
            .file_name()
            .ok_or_else(|| format!("{}: not a file", path.display()))?;
        let mut command = Command::new(&self.binary);
        std::os::unix::process::CommandExt::arg0(&mut command, "lua");
        command
            .arg(file)
            .env_remove("LUA_INIT")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        let mut child = ChildGuard(
            command
                .spawn()
                .map_err(|e| format!("cannot run {}: {e}", self.binary.display()))?,
        );
        let mut stdout = child.0.stdout.take().expect("piped stdout");
        let mut stderr = child.0.stderr.take().expect("piped stderr");
        let out_reader = std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = stdout.read_to_end(&mut v);
            v
        });
        let err_reader = std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = stderr.read_to_end(&mut v);
            v
        });
        let deadline = Instant::now() + PROGRAM_TIMEOUT;
        let mut pause = Duration::from_micros(200);
        let status = loop {
            match child.0.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() >= deadline => break None,
                Ok(None) => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Err(e) => return Err(e.to_string()),
            }
        };
        if status.is_none() {
            // Kill before joining the readers: their pipes close when the process dies.
            drop(child);
        }
        let stdout = out_reader.join().unwrap_or_default();
        let stderr = err_reader.join().unwrap_or_default();
        let status = match status {
            None => "timeout".to_string(),
            Some(s) => match (s.code(), std::os::unix::process::ExitStatusExt::signal(&s)) {
                (Some(code), _) => format!("exit {code}"),
                (None, Some(sig)) => format!("signal {sig}"),
                (None, None) => "exit ?".to_string(),
            },
        };
        Ok(ProgramOutcome {
            status,
            stdout,
            stderr,
        })
    }
}
