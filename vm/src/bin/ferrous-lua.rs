//! `ferrous-lua`: a `lua5.1`-like command line for Ferrous's VM.
//!
//! `ferrous-lua FILE [ARGS]` runs a file, `ferrous-lua -e CODE` a string, `-v` prints the version.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args();
    let progname = args.next().unwrap_or_else(|| "ferrous-lua".to_string());
    let rest: Vec<String> = args.collect();
    match rest.first().map(String::as_str) {
        Some("-v") => {
            println!("{} (Ferrous)", ferrous_vm::LUA_VERSION);
            ExitCode::SUCCESS
        }
        Some(script) => {
            eprintln!(
                "{progname}: cannot run {script}: Ferrous's Lua VM cannot execute programs yet"
            );
            ExitCode::FAILURE
        }
        None => {
            eprintln!("usage: {progname} [-v] [-e CODE] [FILE [ARGS]]");
            ExitCode::FAILURE
        }
    }
}
