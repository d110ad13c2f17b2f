//! Every standalone Lua program of the corpus that passes (the ratchet's list) still prints the
//! same output when the collector runs after every few instructions: a value the collector
//! freed while still in use would show up here as a stale-handle error or a wrong output.

use std::path::{Path, PathBuf};

use ferrous_vm::compile::ParseOptions;
use ferrous_vm::exec::{Executor, Vm};
use ferrous_vm::value::Value;

/// A `Write` that keeps what was written.
#[derive(Clone, Default)]
struct Capture(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The expected stdout of a case, from its `.expected` file (quoted lines under `stdout`).
fn expected_stdout(path: &Path) -> Option<Vec<u8>> {
    let text = std::fs::read_to_string(path.with_extension("expected")).ok()?;
    let mut out = Vec::new();
    let mut in_stdout = false;
    for line in text.lines() {
        if line == "stdout" {
            in_stdout = true;
        } else if line == "stderr" {
            break;
        } else if in_stdout {
            out.extend(unquote(line.trim_start())?);
        }
    }
    Some(out)
}

fn unquote(s: &str) -> Option<Vec<u8>> {
    let body = s.strip_prefix('"')?.strip_suffix('"')?;
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            let e = *b.get(i + 1)?;
            i += 2;
            out.push(match e {
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                b'0' => 0,
                b'x' => {
                    let v = u8::from_str_radix(body.get(i..i + 2)?, 16).ok()?;
                    i += 2;
                    v
                }
                other => other,
            });
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

#[test]
fn ratchet_programs_survive_collection_after_every_few_instructions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let list = std::fs::read_to_string(root.join("ratchet.txt")).expect("ratchet list");
    let programs: Vec<PathBuf> = list
        .lines()
        .filter(|l| l.ends_with(".lua"))
        .map(|l| root.join(l))
        .collect();
    assert!(!programs.is_empty());
    let mut checked = 0;
    for path in programs {
        let Some(want) = expected_stdout(&path) else {
            continue;
        };
        let source = std::fs::read(&path).expect("program");
        // os.exit would end this test's process.
        if source.windows(7).any(|w| w == b"os.exit") {
            continue;
        }
        // The collector's pacing (setpause) is what stress mode overrides.
        if source.windows(8).any(|w| w == b"setpause") {
            continue;
        }
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut vm = Vm::new();
        ferrous_vm::stdlib::open_all(&mut vm).expect("libraries");
        let capture = Capture::default();
        vm.state.stdout = Box::new(capture.clone());
        vm.state.parse_options = ParseOptions::FILE;
        vm.state.gc_stress = true;
        ferrous_vm::stdlib::set_arg_table(&mut vm, name.as_bytes(), &[]).expect("arg table");
        // Programs run in their own folder, as the harness runs them (this file has one test,
        // so changing the process's directory affects nothing else).
        if let Some(dir) = path.parent() {
            std::env::set_current_dir(dir).expect("case folder");
        }
        let Ok(f) = vm.load(&source, format!("@{name}").as_bytes()) else {
            continue;
        };
        let mut exec = Executor::new(Value::Func(f), Vec::new());
        let _ = exec.run_to_end(&mut vm.heap, &mut vm.state);
        // As ferrous-lua does at exit: finalizers of what is left run.
        vm.close();
        let got = capture.0.borrow().clone();
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want),
            "{} under GC stress",
            path.display()
        );
        checked += 1;
    }
    assert!(checked > 50, "only {checked} programs checked");
}
