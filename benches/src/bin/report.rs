//! `bench-report [ROUNDS] [PROGRAM...]`: runs the programs in benches/programs/ with `lua5.1`
//! and `ferrous-lua`, interleaved in one run (so both see the same machine load), checks that
//! their outputs agree, and prints the time ratio ferrous/lua5.1 per program (the fastest of
//! ROUNDS runs each, default 3), their geometric mean, and peak memory.
//!
//! `bench-report --instructions [PROGRAM...]` counts instructions instead, under valgrind's
//! callgrind: slow (tens of times), but the figures repeat exactly on a loaded machine. They are
//! not times: Ferrous's instructions run at a different rate than lua5.1's.
//!
//! Find the interpreters with `$LUA51` / `$FERROUS_LUA` (default: `lua5.1` on PATH, and
//! `ferrous-lua` beside this program).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    time: Duration,
    peak_kb: i64,
    stdout: Vec<u8>,
    ok: bool,
}

/// Runs a program; its wall time, peak resident memory (from `wait4`) and output.
fn run(interpreter: &Path, program: &Path) -> std::io::Result<Run> {
    let out_file = tempfile_path();
    let start = Instant::now();
    let child = Command::new(interpreter)
        .arg(program.file_name().unwrap_or_default())
        .current_dir(program.parent().unwrap_or(Path::new(".")))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_file)?)
        .stderr(Stdio::inherit())
        .spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: wait4 writes into the two out-parameters we own; `pid` is our child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let time = start.elapsed();
    let stdout = std::fs::read(&out_file).unwrap_or_default();
    let _ = std::fs::remove_file(&out_file);
    Ok(Run {
        time,
        peak_kb: usage.ru_maxrss,
        stdout,
        ok: rc == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
    })
}

fn tempfile_path() -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("bench-report-{}-{n}.out", std::process::id()))
}

fn locate(env: &str, name: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(env) {
        return PathBuf::from(p);
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        let candidate = dir.join(name);
        if candidate.is_file() {
            return candidate;
        }
    }
    PathBuf::from(name)
}

/// The instructions a program executes under callgrind, and its output.
fn count_instructions(interpreter: &Path, program: &Path) -> std::io::Result<(u64, Vec<u8>, bool)> {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(interpreter)
        .arg(program.file_name().unwrap_or_default())
        .current_dir(program.parent().unwrap_or(Path::new(".")))
        .stdin(Stdio::null())
        .output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let refs = stderr
        .lines()
        .find_map(|l| {
            l.split_once("refs:")
                .map(|(_, n)| n.trim().replace(',', ""))
        })
        .and_then(|n| n.parse().ok());
    match refs {
        Some(n) => Ok((n, out.stdout, out.status.success())),
        None => Err(std::io::Error::other(format!(
            "no instruction count from valgrind (is it installed?): {}",
            stderr.lines().last().unwrap_or("")
        ))),
    }
}

fn report_instructions(programs: &[PathBuf], lua: &Path, ferrous: &Path) {
    println!(
        "{:<16} {:>15} {:>15} {:>7}  output",
        "program", "lua5.1 instr", "ferrous instr", "ratio"
    );
    let (mut log_sum, mut counted, mut worst) = (0.0, 0, 0.0f64);
    for program in programs {
        let name = program.file_stem().unwrap_or_default().to_string_lossy();
        let runs = [lua, ferrous].map(|i| count_instructions(i, program));
        match runs {
            [Ok((a, out_a, ok_a)), Ok((b, out_b, ok_b))] => {
                let same = ok_a && ok_b && out_a == out_b;
                let ratio = b as f64 / a.max(1) as f64;
                if same {
                    log_sum += ratio.ln();
                    counted += 1;
                    worst = worst.max(ratio);
                }
                println!(
                    "{name:<16} {a:>15} {b:>15} {ratio:>7.2}  {}",
                    if same {
                        "same"
                    } else {
                        "DIFFERS (not counted)"
                    }
                );
            }
            [a, b] => {
                for e in [a.err(), b.err()].into_iter().flatten() {
                    eprintln!("bench-report: {name}: {e}");
                }
            }
        }
    }
    if counted > 0 {
        println!(
            "geometric mean of instruction ratios over {counted} programs: {:.2} (worst {worst:.2})",
            (log_sum / counted as f64).exp()
        );
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let instructions = args.first().is_some_and(|a| a == "--instructions");
    if instructions {
        args.remove(0);
    }
    let (rounds, names): (usize, Vec<String>) = match args.first().and_then(|a| a.parse().ok()) {
        Some(r) => (r, args[1..].to_vec()),
        None => (3, args),
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("programs");
    let mut programs: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "lua"))
            .collect(),
        Err(e) => {
            eprintln!("bench-report: {}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    programs.sort();
    if !names.is_empty() {
        programs.retain(|p| {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            names.contains(&stem)
        });
    }
    let lua = locate("LUA51", "lua5.1");
    let ferrous = locate("FERROUS_LUA", "ferrous-lua");
    if instructions {
        report_instructions(&programs, &lua, &ferrous);
        return;
    }
    println!(
        "{:<16} {:>10} {:>10} {:>7} {:>10} {:>10} {:>6}  output",
        "program", "lua5.1", "ferrous", "ratio", "lua KB", "ferrous KB", "mem"
    );
    let mut log_sum = 0.0;
    let mut counted = 0;
    let mut worst: f64 = 0.0;
    let mut failures = 0;
    for program in &programs {
        let name = program
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut best = [Duration::MAX, Duration::MAX];
        let mut peak = [0i64, 0i64];
        let mut outputs: [Option<Vec<u8>>; 2] = [None, None];
        let mut ok = [true, true];
        for _ in 0..rounds {
            for (i, interpreter) in [&lua, &ferrous].into_iter().enumerate() {
                match run(interpreter, program) {
                    Ok(r) => {
                        best[i] = best[i].min(r.time);
                        peak[i] = peak[i].max(r.peak_kb);
                        ok[i] &= r.ok;
                        outputs[i] = Some(r.stdout);
                    }
                    Err(e) => {
                        eprintln!("bench-report: cannot run {}: {e}", interpreter.display());
                        ok[i] = false;
                    }
                }
            }
        }
        let same = outputs[0] == outputs[1] && ok[0] && ok[1];
        let ratio = best[1].as_secs_f64() / best[0].as_secs_f64();
        let mem = peak[1] as f64 / peak[0].max(1) as f64;
        if same {
            log_sum += ratio.ln();
            counted += 1;
            worst = worst.max(ratio);
        } else {
            failures += 1;
        }
        println!(
            "{:<16} {:>9.3}s {:>9.3}s {:>7.2} {:>10} {:>10} {:>6.2}  {}",
            name,
            best[0].as_secs_f64(),
            best[1].as_secs_f64(),
            ratio,
            peak[0],
            peak[1],
            mem,
            if same {
                "same"
            } else {
                "DIFFERS (not counted)"
            }
        );
    }
    if counted > 0 {
        println!(
            "geometric mean of ferrous/lua5.1 over {counted} programs: {:.2} (worst {:.2}); {failures} not counted",
            (log_sum / counted as f64).exp(),
            worst
        );
    }
}
