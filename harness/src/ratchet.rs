//! The ratchet: `corpus/ratchet.txt` lists the cases that pass against Ferrous. A listed case that
//! fails is a regression, and the test command fails. Cases are only ever added (by
//! `ferrous-harness ratchet --update`), never removed to hide a regression.

use std::collections::BTreeSet;
use std::path::Path;

use crate::judge::Verdict;

/// The listed case names (comments and blank lines skipped).
pub fn load(path: &Path) -> Result<BTreeSet<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeSet::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// What the verdicts mean for the list.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Check {
    /// Listed cases that failed.
    pub regressions: Vec<String>,
    /// Listed cases that no longer exist (renamed or deleted).
    pub missing: Vec<String>,
    /// Passing cases that are not listed yet.
    pub newly_passing: Vec<String>,
}

pub fn check(listed: &BTreeSet<String>, verdicts: &[Verdict]) -> Check {
    let mut result = Check::default();
    let mut seen = BTreeSet::new();
    for v in verdicts {
        seen.insert(v.case.clone());
        match (listed.contains(&v.case), v.passed) {
            (true, false) => result.regressions.push(v.case.clone()),
            (false, true) => result.newly_passing.push(v.case.clone()),
            _ => {}
        }
    }
    result.missing = listed.difference(&seen).cloned().collect();
    result
}

/// Writes the list with `added` included.
pub fn save(path: &Path, listed: &BTreeSet<String>, added: &[String]) -> Result<(), String> {
    let mut all = listed.clone();
    all.extend(added.iter().cloned());
    let mut text = String::from(
        "# Cases that pass against Ferrous (in-process server, ferrous-lua). The test command fails\n\
         # if any of them regresses. Add with `ferrous-harness ratchet --update`; never remove one\n\
         # to hide a regression.\n",
    );
    for name in &all {
        text.push_str(name);
        text.push('\n');
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(case: &str, passed: bool) -> Verdict {
        Verdict {
            case: case.into(),
            category: "c".into(),
            passed,
            detail: None,
        }
    }

    #[test]
    fn regressions_missing_and_new_cases_are_told_apart() {
        let listed: BTreeSet<String> = ["a", "b", "gone"].iter().map(|s| s.to_string()).collect();
        let c = check(
            &listed,
            &[
                v("a", true),
                v("b", false),
                v("new", true),
                v("other", false),
            ],
        );
        assert_eq!(c.regressions, vec!["b"]);
        assert_eq!(c.missing, vec!["gone"]);
        assert_eq!(c.newly_passing, vec!["new"]);
    }

    #[test]
    fn save_then_load_keeps_every_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ratchet.txt");
        assert!(load(&path).unwrap().is_empty());
        let listed: BTreeSet<String> = ["x"].iter().map(|s| s.to_string()).collect();
        save(&path, &listed, &["y".to_string()]).unwrap();
        let back = load(&path).unwrap();
        assert_eq!(back.into_iter().collect::<Vec<_>>(), vec!["x", "y"]);
    }
}
