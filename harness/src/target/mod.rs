//! What cases run against. Session targets answer commands (real redis-server, Ferrous in-process,
//! Ferrous over TCP); program targets run standalone Lua files (`lua5.1`, `ferrous-lua`).

mod ferrous;
mod process;
mod program;
mod redis;
mod resp;

use std::path::{Path, PathBuf};

use ferrous_server::Frame;

use crate::case::{ProgramOutcome, Step};
use crate::render::render;

pub use ferrous::{FerrousInProcess, FerrousTcp};
pub use program::ProgramRunner;
pub use redis::RedisTarget;

/// What a target answered to one command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    Frame(Frame),
    /// No reply could be had (connection closed, timeout, crash); the text says why.
    Missing(String),
}

impl Reply {
    pub fn render(&self) -> Vec<String> {
        match self {
            Reply::Frame(f) => render(f),
            Reply::Missing(why) => vec![format!("(no reply: {why})")],
        }
    }
}

/// Something that answers the commands of a session case.
pub trait SessionTarget {
    /// A label for reports, and for `@reference` lines when recording.
    fn label(&self) -> String;
    /// Runs the commands of one case from a fresh state; one reply per step. An `Err` is a
    /// failure of the target itself (it could not be reset or reached), not of the case.
    fn run(&mut self, steps: &[Step]) -> Result<Vec<Reply>, String>;
}

/// Something that runs a standalone Lua program.
pub trait ProgramTarget {
    fn label(&self) -> String;
    fn run(&mut self, path: &Path) -> Result<ProgramOutcome, String>;
}

/// The targets `--target` can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TargetName {
    /// A real redis-server 7.0 spawned on a free loopback port.
    Redis,
    /// Ferrous's command dispatch called in-process.
    Ferrous,
    /// The `ferrous` binary spawned on a free loopback port.
    FerrousTcp,
    /// PUC-Rio's `lua5.1`.
    #[value(name = "lua5.1")]
    Lua51,
    /// The `ferrous-lua` binary.
    FerrousLua,
}

impl TargetName {
    pub fn runs_sessions(self) -> bool {
        matches!(
            self,
            TargetName::Redis | TargetName::Ferrous | TargetName::FerrousTcp
        )
    }
}

/// A target of either kind, ready to run cases.
pub enum Target {
    Session(Box<dyn SessionTarget>),
    Program(Box<dyn ProgramTarget>),
}

impl Target {
    pub fn start(name: TargetName) -> Result<Target, String> {
        Ok(match name {
            TargetName::Redis => Target::Session(Box::new(RedisTarget::start()?)),
            TargetName::Ferrous => Target::Session(Box::new(FerrousInProcess)),
            TargetName::FerrousTcp => Target::Session(Box::new(FerrousTcp::new()?)),
            TargetName::Lua51 => Target::Program(Box::new(ProgramRunner::lua51()?)),
            TargetName::FerrousLua => Target::Program(Box::new(ProgramRunner::ferrous_lua()?)),
        })
    }

    pub fn label(&self) -> String {
        match self {
            Target::Session(t) => t.label(),
            Target::Program(t) => t.label(),
        }
    }
}

/// Finds an executable: `$ENV_VAR` if set, else a file of that name beside this program (cargo
/// puts the workspace's binaries together), else the name itself for a `PATH` search.
pub fn locate_binary(env_var: &str, name: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(env_var) {
        return PathBuf::from(p);
    }
    if let Ok(exe) = std::env::current_exe() {
        // target/<profile>/ferrous-harness, or target/<profile>/deps/<test> under cargo test.
        for dir in exe.ancestors().skip(1).take(2) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    PathBuf::from(name)
}

/// Whether a program can be found on `PATH` (or is a path that exists).
pub fn binary_exists(binary: &Path) -> bool {
    if binary.components().count() > 1 {
        return binary.is_file();
    }
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|d| d.join(binary).is_file()))
        .unwrap_or(false)
}
