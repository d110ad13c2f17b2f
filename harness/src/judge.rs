//! Judging cases: running them on a target and comparing with an expectation (the recorded one,
//! or a live reference's), and the scoreboard that sums the verdicts up by category.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::case::{LuaCase, SessionCase};
use crate::corpus::{case_name, category, Case};
use crate::diff::unified;
use crate::normalize::normalize;
use crate::target::{ProgramTarget, Reply, SessionTarget, Target};

/// The verdict on one case.
#[derive(Clone, Debug, Serialize)]
pub struct Verdict {
    pub case: String,
    pub category: String,
    pub passed: bool,
    /// For a failure: the diff, or why the case could not be judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A transcript line for a command: `> ` and its first source line.
fn command_line(step: &crate::case::Step) -> String {
    step.source[0].clone()
}

/// The transcript of a session: each command, then its normalized reply lines.
pub fn session_transcript(case: &SessionCase, replies: &[Vec<String>]) -> Vec<String> {
    let mut lines = Vec::new();
    for (step, reply) in case.steps.iter().zip(replies) {
        lines.push(command_line(step));
        let name = step.args.first().map(|a| a.as_slice());
        lines.extend(normalize(name, reply));
    }
    lines
}

/// Renders a target's replies.
pub fn rendered(replies: &[Reply]) -> Vec<Vec<String>> {
    replies.iter().map(Reply::render).collect()
}

/// Compares two transcripts; `None` when they are equal, else the diff.
fn verdict_detail(
    expected_label: &str,
    actual_label: &str,
    expected: &[String],
    actual: &[String],
) -> Option<String> {
    (expected != actual).then(|| unified(expected_label, actual_label, expected, actual))
}

/// Judges a session case against its recorded replies.
pub fn judge_session_recorded(
    target: &mut dyn SessionTarget,
    case: &SessionCase,
) -> Option<String> {
    if !case.is_recorded() {
        return Some("not recorded: run `ferrous-harness record` on it".to_string());
    }
    let expected: Vec<Vec<String>> = case.steps.iter().map(|s| s.expected.clone()).collect();
    match target.run(&case.steps) {
        Err(e) => Some(format!("target failed: {e}")),
        Ok(replies) => verdict_detail(
            &format!("expected ({})", case.reference.as_deref().unwrap_or("?")),
            &target.label(),
            &session_transcript(case, &expected),
            &session_transcript(case, &rendered(&replies)),
        ),
    }
}

/// Judges a Lua case against its recorded outcome.
pub fn judge_program_recorded(target: &mut dyn ProgramTarget, case: &LuaCase) -> Option<String> {
    if case.expected.is_empty() {
        return Some("not recorded: run `ferrous-harness record` on it".to_string());
    }
    match target.run(&case.path) {
        Err(e) => Some(format!("target failed: {e}")),
        Ok(outcome) => verdict_detail(
            &format!("expected ({})", case.reference.as_deref().unwrap_or("?")),
            &target.label(),
            &normalize(None, &case.expected),
            &normalize(None, &outcome.render()),
        ),
    }
}

/// Judges a session case by running it on both a live reference and the target.
pub fn judge_session_live(
    reference: &mut dyn SessionTarget,
    target: &mut dyn SessionTarget,
    case: &SessionCase,
) -> Option<String> {
    let expected = match reference.run(&case.steps) {
        Ok(r) => r,
        Err(e) => return Some(format!("reference failed: {e}")),
    };
    match target.run(&case.steps) {
        Err(e) => Some(format!("target failed: {e}")),
        Ok(actual) => verdict_detail(
            &reference.label(),
            &target.label(),
            &session_transcript(case, &rendered(&expected)),
            &session_transcript(case, &rendered(&actual)),
        ),
    }
}

/// Judges a Lua case by running it on both a live reference and the target.
pub fn judge_program_live(
    reference: &mut dyn ProgramTarget,
    target: &mut dyn ProgramTarget,
    case: &LuaCase,
) -> Option<String> {
    let expected = match reference.run(&case.path) {
        Ok(o) => o,
        Err(e) => return Some(format!("reference failed: {e}")),
    };
    match target.run(&case.path) {
        Err(e) => Some(format!("target failed: {e}")),
        Ok(actual) => verdict_detail(
            &reference.label(),
            &target.label(),
            &normalize(None, &expected.render()),
            &normalize(None, &actual.render()),
        ),
    }
}

/// Judges every case that `target` can run against its recorded expectation.
pub fn replay(
    root: &Path,
    target: &mut Target,
    cases: &[Case],
    progress: &indicatif::ProgressBar,
) -> Vec<Verdict> {
    let mut verdicts = Vec::new();
    for case in cases {
        let detail = match (&mut *target, case) {
            (Target::Session(t), Case::Session(c)) => judge_session_recorded(t.as_mut(), c),
            (Target::Program(t), Case::Lua(c)) => judge_program_recorded(t.as_mut(), c),
            _ => continue,
        };
        progress.inc(1);
        verdicts.push(verdict(root, case, detail));
    }
    verdicts
}

pub fn verdict(root: &Path, case: &Case, detail: Option<String>) -> Verdict {
    Verdict {
        case: case_name(root, case.path()),
        category: category(root, case.path()),
        passed: detail.is_none(),
        detail,
    }
}

/// Passed and failed counts per category.
#[derive(Debug, Default, Serialize)]
pub struct Scoreboard {
    pub categories: BTreeMap<String, (usize, usize)>,
    pub passed: usize,
    pub failed: usize,
}

impl Scoreboard {
    pub fn of(verdicts: &[Verdict]) -> Scoreboard {
        let mut board = Scoreboard::default();
        for v in verdicts {
            let entry = board.categories.entry(v.category.clone()).or_default();
            if v.passed {
                entry.0 += 1;
                board.passed += 1;
            } else {
                entry.1 += 1;
                board.failed += 1;
            }
        }
        board
    }

    /// The table, one category a line, then the total (without the closing count line).
    pub fn table(&self) -> String {
        let width = self
            .categories
            .keys()
            .map(|k| k.len())
            .max()
            .unwrap_or(0)
            .max(8);
        let mut out = format!(
            "{:<width$}  {:>7}  {:>7}  {:>6}\n",
            "category", "passed", "failed", "rate"
        );
        let row = |name: &str, p: usize, f: usize| {
            let rate = if p + f == 0 {
                0.0
            } else {
                100.0 * p as f64 / (p + f) as f64
            };
            format!("{name:<width$}  {p:>7}  {f:>7}  {rate:>5.1}%\n")
        };
        for (name, (p, f)) in &self.categories {
            out.push_str(&row(name, *p, *f));
        }
        out.push_str(&row("all", self.passed, self.failed));
        out
    }

    /// The closing line: exactly `N passed, M failed`.
    pub fn closing_line(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(category: &str, passed: bool) -> Verdict {
        Verdict {
            case: "x".into(),
            category: category.into(),
            passed,
            detail: None,
        }
    }

    #[test]
    fn scoreboard_counts_by_category() {
        let board = Scoreboard::of(&[v("a", true), v("a", false), v("b", true)]);
        assert_eq!(board.categories["a"], (1, 1));
        assert_eq!(board.categories["b"], (1, 0));
        assert_eq!(board.closing_line(), "2 passed, 1 failed");
        let table = board.table();
        assert!(
            table.contains("\na               1        1   50.0%\n"),
            "{table}"
        );
        assert!(table.lines().last().unwrap().starts_with("all"));
    }
}
