//! `ferrous-lua`: a `lua5.1`-like command line for Ferrous's VM.
//!
//! `ferrous-lua FILE [ARGS]` runs a file (with the `arg` table and the arguments as `...`),
//! `ferrous-lua -e CODE` runs a string, `-v` prints the version. An uncaught error prints
//! `PROGNAME: message` and lua5.1's `stack traceback:` on stderr and exits with status 1.

use std::io::Write;
use std::process::ExitCode;

use ferrous_vm::compile::ParseOptions;
use ferrous_vm::exec::{Executor, LuaError, Vm};
use ferrous_vm::value::Value;

fn main() -> ExitCode {
    let mut args = std::env::args_os();
    let progname = args
        .next()
        .map(|a| a.to_string_lossy().into_owned())
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| "lua".to_string());
    let rest: Vec<Vec<u8>> = args
        .map(std::os::unix::ffi::OsStringExt::into_vec)
        .collect();
    let mut vm = Vm::new();
    if let Err(e) = ferrous_vm::stdlib::open_all(&mut vm) {
        eprintln!("{progname}: cannot open libraries: {e:?}");
        return ExitCode::FAILURE;
    }
    // A debugging aid: collect after every few instructions.
    vm.state.gc_stress = std::env::var_os("FERROUS_GC_STRESS").is_some();
    let status = run_arguments(&mut vm, &progname, &rest);
    // As lua.c closes its state at the end (after reporting an error): the finalizers run.
    vm.close();
    let _ = vm.state.stdout.flush();
    status
}

/// Runs the command line's options and script in order; the exit status.
fn run_arguments(vm: &mut Vm, progname: &str, rest: &[Vec<u8>]) -> ExitCode {
    let mut i = 0;
    while i < rest.len() {
        match rest[i].as_slice() {
            b"-v" => {
                println!("{} (Ferrous)", ferrous_vm::LUA_VERSION);
                i += 1;
            }
            b"-e" => {
                let Some(code) = rest.get(i + 1) else {
                    eprintln!("{progname}: '-e' needs argument");
                    return ExitCode::FAILURE;
                };
                vm.state.parse_options = ParseOptions::FILE;
                vm.state.parse_options.skip_first_line = false;
                let status = run(vm, progname, code, b"=(command line)", &[]);
                if status != ExitCode::SUCCESS {
                    return status;
                }
                i += 2;
            }
            _ => {
                let path = &rest[i];
                let source = match std::fs::read(std::ffi::OsStr::new(
                    std::str::from_utf8(path).unwrap_or(""),
                )) {
                    Ok(s) => s,
                    Err(_) => {
                        let name = String::from_utf8_lossy(path);
                        eprintln!("{progname}: cannot open {name}");
                        return ExitCode::FAILURE;
                    }
                };
                let script_args = &rest[i + 1..];
                if let Err(e) = ferrous_vm::stdlib::set_arg_table(vm, path, script_args) {
                    eprintln!("{progname}: {e:?}");
                    return ExitCode::FAILURE;
                }
                let mut chunkname = b"@".to_vec();
                chunkname.extend_from_slice(path);
                vm.state.parse_options = ParseOptions::FILE;
                return run(vm, progname, &source, &chunkname, script_args);
            }
        }
    }
    ExitCode::SUCCESS
}

fn run(vm: &mut Vm, progname: &str, source: &[u8], chunkname: &[u8], args: &[Vec<u8>]) -> ExitCode {
    let f = match vm.load_bytes(source, chunkname) {
        Ok(f) => f,
        Err(msg) => {
            // The message can quote source bytes that are not UTF-8: written as they are.
            let mut line = format!("{progname}: ").into_bytes();
            line.extend_from_slice(&msg);
            line.push(b'\n');
            let _ = std::io::stderr().write_all(&line);
            return ExitCode::FAILURE;
        }
    };
    let mut call_args = Vec::new();
    for a in args {
        match vm.intern(a) {
            Ok(v) => call_args.push(v),
            Err(_) => return ExitCode::FAILURE,
        }
    }
    let mut exec = Executor::new(Value::Func(f), call_args);
    let result = exec.run_to_end(&mut vm.heap, &mut vm.state);
    let _ = vm.state.stdout.flush();
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(LuaError::Value(v)) | Err(LuaError::Handled(v)) => {
            report(vm, progname, v, exec.traceback.take());
            ExitCode::FAILURE
        }
        Err(LuaError::Interrupted(msg)) => {
            eprintln!("{progname}: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// lua.c's `report`: nothing for a nil error, the message and traceback for strings and
/// numbers, a placeholder for other values.
fn report(vm: &mut Vm, progname: &str, err: Value, traceback: Option<Vec<String>>) {
    let mut stderr = std::io::stderr().lock();
    match err {
        Value::Nil => {}
        Value::Str(_) | Value::Num(_) => {
            let msg = vm.to_display(err);
            let mut text = format!("{progname}: ").into_bytes();
            text.extend_from_slice(&msg);
            text.extend_from_slice(b"\nstack traceback:");
            for line in traceback.unwrap_or_default() {
                text.push(b'\n');
                text.extend_from_slice(line.as_bytes());
            }
            text.push(b'\n');
            let _ = stderr.write_all(&text);
        }
        _ => {
            let _ = writeln!(stderr, "{progname}: (error object is not a string)");
        }
    }
    let _ = stderr.flush();
}
