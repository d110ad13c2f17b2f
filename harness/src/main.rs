//! `ferrous-harness`: record cases from the references, replay them on any target, compare Ferrous
//! with a live reference, and keep the ratchet.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use ferrous_harness::corpus::{self, Case};
use ferrous_harness::judge::{self, Scoreboard, Verdict};
use ferrous_harness::normalize::normalize;
use ferrous_harness::ratchet;
use ferrous_harness::target::{
    ProgramRunner, ProgramTarget, RedisTarget, SessionTarget, Target, TargetName,
};

#[derive(Parser)]
#[command(
    name = "ferrous-harness",
    about = "Differential testing of Ferrous against redis-server 7.0 and lua5.1"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run cases on the references (redis-server for .case, lua5.1 for .lua) and write what they
    /// answered as the cases' expectations.
    Record {
        /// Case files or folders (default: the whole corpus).
        paths: Vec<PathBuf>,
    },
    /// Run cases on one target and compare with their recorded expectations.
    Replay {
        #[arg(long, value_enum)]
        target: TargetName,
        /// Write every verdict as JSON to this file.
        #[arg(long)]
        json: Option<PathBuf>,
        /// How many failure diffs to print (the scoreboard counts them all).
        #[arg(long, default_value_t = 20)]
        show: usize,
        paths: Vec<PathBuf>,
    },
    /// The main job: Ferrous against the reference, live when redis-server / lua5.1 are installed,
    /// else against the recorded expectations. Prints a scoreboard; fails only if the run itself
    /// cannot be done.
    Compare {
        /// Which Ferrous to run sessions on.
        #[arg(long, value_enum, default_value = "ferrous")]
        ferrous: TargetName,
        #[arg(long)]
        json: Option<PathBuf>,
        #[arg(long, default_value_t = 0)]
        show: usize,
        paths: Vec<PathBuf>,
    },
    /// Check that every case listed in corpus/ratchet.txt still passes against Ferrous
    /// (in-process server and ferrous-lua), using the recorded expectations.
    Ratchet {
        /// Also add the cases that newly pass to the list.
        #[arg(long)]
        update: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Record { paths } => record(&paths),
        Command::Replay {
            target,
            json,
            show,
            paths,
        } => replay(target, json.as_deref(), show, &paths),
        Command::Compare {
            ferrous,
            json,
            show,
            paths,
        } => compare(ferrous, json.as_deref(), show, &paths),
        Command::Ratchet { update } => run_ratchet(update),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ferrous-harness: {e}");
            ExitCode::from(2)
        }
    }
}

fn load_cases(paths: &[PathBuf]) -> Result<(PathBuf, Vec<Case>), String> {
    let root = corpus::default_root();
    let paths = if paths.is_empty() {
        vec![root.clone()]
    } else {
        paths.to_vec()
    };
    let cases = corpus::discover(&paths)?;
    // Names and categories are relative to the corpus root when the cases are inside it.
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let cases = cases
        .into_iter()
        .map(|c| match c {
            Case::Session(mut s) => {
                s.path = std::fs::canonicalize(&s.path).unwrap_or(s.path);
                Case::Session(s)
            }
            Case::Lua(mut l) => {
                l.path = std::fs::canonicalize(&l.path).unwrap_or(l.path);
                Case::Lua(l)
            }
        })
        .collect();
    Ok((root, cases))
}

fn progress(len: usize) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn count(cases: &[Case]) -> (usize, usize) {
    let sessions = cases
        .iter()
        .filter(|c| matches!(c, Case::Session(_)))
        .count();
    (sessions, cases.len() - sessions)
}

fn record(paths: &[PathBuf]) -> Result<ExitCode, String> {
    let (_root, cases) = load_cases(paths)?;
    let (sessions, programs) = count(&cases);
    let mut redis = if sessions > 0 {
        Some(RedisTarget::start()?)
    } else {
        None
    };
    let mut lua = if programs > 0 {
        Some(ProgramRunner::lua51()?)
    } else {
        None
    };
    let bar = progress(cases.len());
    for case in &cases {
        match case {
            Case::Session(c) => {
                let redis = redis.as_mut().expect("started for sessions");
                let replies = redis.run(&c.steps)?;
                // Stored normalized, so re-recording changes nothing that is merely nondeterministic.
                let rendered: Vec<Vec<String>> = c
                    .steps
                    .iter()
                    .zip(judge::rendered(&replies))
                    .map(|(step, lines)| normalize(step.args.first().map(|a| a.as_slice()), &lines))
                    .collect();
                let text = c.to_text_with(&redis.label(), &rendered);
                std::fs::write(&c.path, text).map_err(|e| format!("{}: {e}", c.path.display()))?;
            }
            Case::Lua(c) => {
                let lua = lua.as_mut().expect("found for programs");
                let outcome = lua.run(&c.path)?;
                c.write_expected(&lua.label(), &outcome)?;
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!("recorded {sessions} session cases and {programs} Lua programs");
    Ok(ExitCode::SUCCESS)
}

fn print_failures(verdicts: &[Verdict], show: usize) {
    let failures: Vec<&Verdict> = verdicts.iter().filter(|v| !v.passed).collect();
    for v in failures.iter().take(show) {
        println!("FAIL {}", v.case);
        if let Some(d) = &v.detail {
            for line in d.lines() {
                println!("    {line}");
            }
        }
    }
    if failures.len() > show && show > 0 {
        println!("({} more failures not shown)", failures.len() - show);
    }
}

fn write_json(path: Option<&Path>, label: &str, verdicts: &[Verdict]) -> Result<(), String> {
    let Some(path) = path else { return Ok(()) };
    let board = Scoreboard::of(verdicts);
    let report = serde_json::json!({
        "target": label,
        "passed": board.passed,
        "failed": board.failed,
        "categories": board.categories,
        "cases": verdicts,
    });
    let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn replay(
    name: TargetName,
    json: Option<&Path>,
    show: usize,
    paths: &[PathBuf],
) -> Result<ExitCode, String> {
    let (root, cases) = load_cases(paths)?;
    let cases: Vec<Case> = cases
        .into_iter()
        .filter(|c| matches!(c, Case::Session(_)) == name.runs_sessions())
        .collect();
    let mut target = Target::start(name)?;
    let bar = progress(cases.len());
    let verdicts = judge::replay(&root, &mut target, &cases, &bar);
    bar.finish_and_clear();
    print_failures(&verdicts, show);
    let board = Scoreboard::of(&verdicts);
    println!("target: {}", target.label());
    print!("{}", board.table());
    write_json(json, &target.label(), &verdicts)?;
    println!("{}", board.closing_line());
    Ok(if board.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn compare(
    ferrous: TargetName,
    json: Option<&Path>,
    show: usize,
    paths: &[PathBuf],
) -> Result<ExitCode, String> {
    if !matches!(ferrous, TargetName::Ferrous | TargetName::FerrousTcp) {
        return Err("--ferrous takes ferrous or ferrous-tcp".to_string());
    }
    let (root, cases) = load_cases(paths)?;
    let (sessions, programs) = count(&cases);
    let mut server = match Target::start(ferrous)? {
        Target::Session(t) => t,
        Target::Program(_) => unreachable!("a session target"),
    };
    let mut ferrous_lua: Option<Box<dyn ProgramTarget>> = if programs > 0 {
        Some(Box::new(ProgramRunner::ferrous_lua()?))
    } else {
        None
    };
    // The live references, when installed; otherwise the recorded expectations stand in.
    let mut redis: Option<Box<dyn SessionTarget>> = match RedisTarget::start() {
        Ok(r) if sessions > 0 => Some(Box::new(r)),
        Ok(_) => None,
        Err(e) => {
            println!("no live redis-server ({e}); comparing with the recorded replies");
            None
        }
    };
    let mut lua51: Option<Box<dyn ProgramTarget>> = match ProgramRunner::lua51() {
        Ok(l) if programs > 0 => Some(Box::new(l)),
        Ok(_) => None,
        Err(e) => {
            println!("no live lua5.1 ({e}); comparing with the recorded outputs");
            None
        }
    };
    let bar = progress(cases.len());
    let mut verdicts = Vec::new();
    for case in &cases {
        let detail = match case {
            Case::Session(c) => match redis.as_mut() {
                Some(r) => judge::judge_session_live(r.as_mut(), server.as_mut(), c),
                None => judge::judge_session_recorded(server.as_mut(), c),
            },
            Case::Lua(c) => {
                let target = ferrous_lua.as_mut().expect("found for programs");
                match lua51.as_mut() {
                    Some(l) => judge::judge_program_live(l.as_mut(), target.as_mut(), c),
                    None => judge::judge_program_recorded(target.as_mut(), c),
                }
            }
        };
        verdicts.push(judge::verdict(&root, case, detail));
        bar.inc(1);
    }
    bar.finish_and_clear();
    print_failures(&verdicts, show);
    let reference = match (&redis, &lua51) {
        (Some(r), Some(l)) => format!("{} and {} (live)", r.label(), l.label()),
        (Some(r), None) => format!("{} (live) and recorded programs", r.label()),
        (None, Some(l)) => format!("recorded sessions and {} (live)", l.label()),
        (None, None) => "the recorded expectations".to_string(),
    };
    println!("Ferrous against {reference}");
    let board = Scoreboard::of(&verdicts);
    print!("{}", board.table());
    write_json(json, &server.label(), &verdicts)?;
    println!("{}", board.closing_line());
    Ok(ExitCode::SUCCESS)
}

fn run_ratchet(update: bool) -> Result<ExitCode, String> {
    let (root, cases) = load_cases(&[])?;
    let list_path = root.join("ratchet.txt");
    let listed = ratchet::load(&list_path)?;
    let bar = progress(cases.len());
    let mut verdicts = Vec::new();
    for name in [TargetName::Ferrous, TargetName::FerrousLua] {
        let mut target = Target::start(name)?;
        verdicts.extend(judge::replay(&root, &mut target, &cases, &bar));
    }
    bar.finish_and_clear();
    let check = ratchet::check(&listed, &verdicts);
    let failing: Vec<Verdict> = verdicts
        .iter()
        .filter(|v| check.regressions.contains(&v.case))
        .cloned()
        .collect();
    print_failures(&failing, usize::MAX);
    for m in &check.missing {
        println!("ratchet: listed case {m} no longer exists");
    }
    let passing = verdicts.iter().filter(|v| v.passed).count();
    println!(
        "ratchet: {} cases listed, {} regressed; {passing} of {} cases pass against Ferrous, {} not listed yet",
        listed.len(),
        check.regressions.len(),
        verdicts.len(),
        check.newly_passing.len()
    );
    if update && !check.newly_passing.is_empty() {
        ratchet::save(&list_path, &listed, &check.newly_passing)?;
        println!(
            "ratchet: added {} cases to {}",
            check.newly_passing.len(),
            list_path.display()
        );
    }
    let broken = !check.regressions.is_empty() || !check.missing.is_empty();
    Ok(if broken {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
