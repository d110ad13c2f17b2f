//! Case files: reading them, and writing back what `record` observed.
//!
//! A *session case* (`NAME.case`) is a list of commands, each followed by its expected reply
//! rendering. A *Lua case* (`NAME.lua`) is a standalone program whose expected exit status, stdout
//! and stderr live in `NAME.expected`. The formats are specified in corpus/README.md.

use std::fs;
use std::path::{Path, PathBuf};

use crate::render::{quote, unquote};

/// One command of a session and the lines around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The command line and its here-document lines, exactly as written.
    pub source: Vec<String>,
    /// The command's arguments, name first.
    pub args: Vec<Vec<u8>>,
    /// The expected reply's rendering (empty when never recorded).
    pub expected: Vec<String>,
    /// Comments and blank lines that follow the reply, kept when the file is rewritten.
    pub trailing: Vec<String>,
}

/// A `.case` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionCase {
    pub path: PathBuf,
    /// What the expected replies were recorded from, e.g. `redis-server 7.0.15`.
    pub reference: Option<String>,
    /// Comments and blank lines before the first command.
    pub header: Vec<String>,
    pub steps: Vec<Step>,
}

/// The observable outcome of running a standalone program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramOutcome {
    /// `exit N`, `signal N` or `timeout`.
    pub status: String,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl ProgramOutcome {
    /// The rendering stored in `.expected` files (without the `@reference` line).
    pub fn render(&self) -> Vec<String> {
        let mut lines = vec![self.status.clone()];
        for (name, bytes) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            lines.push(name.to_string());
            for piece in bytes.split_inclusive(|&b| b == b'\n') {
                lines.push(format!("  {}", quote(piece)));
            }
        }
        lines
    }
}

/// A `.lua` file and its `.expected` rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LuaCase {
    pub path: PathBuf,
    pub reference: Option<String>,
    /// The expected rendering of the outcome (empty when never recorded).
    pub expected: Vec<String>,
}

impl LuaCase {
    /// Where the expected outcome of `path` is stored.
    pub fn expected_path(path: &Path) -> PathBuf {
        path.with_extension("expected")
    }

    pub fn load(path: &Path) -> Result<LuaCase, String> {
        let expected_path = Self::expected_path(path);
        let mut case = LuaCase {
            path: path.to_path_buf(),
            reference: None,
            expected: Vec::new(),
        };
        if let Ok(text) = fs::read_to_string(&expected_path) {
            for line in text.lines() {
                if let Some(r) = line.strip_prefix("@reference ") {
                    case.reference = Some(r.to_string());
                } else if !line.is_empty() {
                    case.expected.push(line.to_string());
                }
            }
        }
        Ok(case)
    }

    /// Writes the observed outcome as this case's expectation.
    pub fn write_expected(&self, reference: &str, outcome: &ProgramOutcome) -> Result<(), String> {
        let mut text = format!("@reference {reference}\n");
        for line in crate::normalize::normalize(None, &outcome.render()) {
            text.push_str(&line);
            text.push('\n');
        }
        let path = Self::expected_path(&self.path);
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

fn is_other(line: &str) -> bool {
    line.trim().is_empty() || line.starts_with('#')
}

impl SessionCase {
    pub fn load(path: &Path) -> Result<SessionCase, String> {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::parse(path, &text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses the text of a case file; `path` locates `@FILE` arguments.
    pub fn parse(path: &Path, text: &str) -> Result<SessionCase, String> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut case = SessionCase {
            path: path.to_path_buf(),
            reference: None,
            header: Vec::new(),
            steps: Vec::new(),
        };
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let number = i + 1;
            i += 1;
            if let Some(command) = line.strip_prefix("> ") {
                let mut source = vec![line.to_string()];
                let args = parse_command(command, dir, &lines, &mut i, &mut source)
                    .map_err(|e| format!("line {number}: {e}"))?;
                if args.is_empty() {
                    return Err(format!("line {number}: empty command"));
                }
                case.steps.push(Step {
                    source,
                    args,
                    expected: Vec::new(),
                    trailing: Vec::new(),
                });
            } else if let Some(r) = line.strip_prefix("@reference ") {
                case.reference = Some(r.trim().to_string());
            } else if let Some(step) = case.steps.last_mut() {
                if is_other(line) {
                    step.trailing.push(line.to_string());
                } else if step.trailing.iter().any(|l| !l.trim().is_empty()) {
                    return Err(format!(
                        "line {number}: reply lines must come right after their command"
                    ));
                } else {
                    step.trailing.clear();
                    step.expected.push(line.to_string());
                }
            } else if is_other(line) {
                case.header.push(line.to_string());
            } else {
                return Err(format!("line {number}: expected a command ('> ...')"));
            }
        }
        if case.steps.is_empty() {
            return Err("no commands".to_string());
        }
        Ok(case)
    }

    /// Whether every step has an expected reply.
    pub fn is_recorded(&self) -> bool {
        self.reference.is_some() && self.steps.iter().all(|s| !s.expected.is_empty())
    }

    /// The file's text with `replies` (one rendering per step) as the expectations.
    pub fn to_text_with(&self, reference: &str, replies: &[Vec<String>]) -> String {
        let mut out = String::new();
        let mut push = |line: &str| {
            out.push_str(line);
            out.push('\n');
        };
        let header_comments = self
            .header
            .iter()
            .take_while(|l| l.starts_with('#'))
            .count();
        for line in &self.header[..header_comments] {
            push(line);
        }
        push(&format!("@reference {reference}"));
        for line in &self.header[header_comments..] {
            push(line);
        }
        for (step, reply) in self.steps.iter().zip(replies) {
            for line in &step.source {
                push(line);
            }
            for line in reply {
                push(line);
            }
            for line in &step.trailing {
                push(line);
            }
        }
        out
    }
}

/// Reads the arguments of a command line; here-documents consume the lines after it.
fn parse_command(
    command: &str,
    dir: &Path,
    lines: &[&str],
    next_line: &mut usize,
    source: &mut Vec<String>,
) -> Result<Vec<Vec<u8>>, String> {
    let mut args = Vec::new();
    let mut rest = command;
    loop {
        rest = rest.trim_start_matches(' ');
        if rest.is_empty() {
            return Ok(args);
        }
        if rest.starts_with('"') {
            let (bytes, after) = unquote(rest)?;
            if !(after.is_empty() || after.starts_with(' ')) {
                return Err(format!("a quoted argument must end at a space: {after:?}"));
            }
            args.push(bytes);
            rest = after;
            continue;
        }
        let end = rest.find(' ').unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        if let Some(tag) = word.strip_prefix("<<") {
            if tag.is_empty() {
                return Err("here-document without a tag".to_string());
            }
            let mut body: Vec<&str> = Vec::new();
            loop {
                let Some(line) = lines.get(*next_line) else {
                    return Err(format!("here-document <<{tag} has no closing line '{tag}'"));
                };
                *next_line += 1;
                source.push(line.to_string());
                if *line == tag {
                    break;
                }
                body.push(line);
            }
            args.push(body.join("\n").into_bytes());
        } else if let Some(file) = word.strip_prefix('@') {
            let path = dir.join(file);
            let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            args.push(bytes);
        } else {
            if word.contains('"') {
                return Err(format!("a bare word cannot contain '\"': {word}"));
            }
            args.push(word.as_bytes().to_vec());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SessionCase, String> {
        SessionCase::parse(Path::new("x.case"), text)
    }

    fn strings(args: &[Vec<u8>]) -> Vec<String> {
        args.iter()
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect()
    }

    #[test]
    fn arguments_bare_quoted_and_heredoc() {
        let case =
            parse("# c\n> SET k \"a b\" \"\"\n> EVAL <<LUA 1 <<ARG\nreturn 1\nLUA\nx\ny\nARG\n")
                .unwrap();
        assert_eq!(case.header, vec!["# c"]);
        assert_eq!(strings(&case.steps[0].args), vec!["SET", "k", "a b", ""]);
        assert_eq!(
            strings(&case.steps[1].args),
            vec!["EVAL", "return 1", "1", "x\ny"]
        );
        assert_eq!(case.steps[1].source.len(), 6);
    }

    #[test]
    fn replies_follow_their_command() {
        let case =
            parse("@reference r\n> PING\nstatus \"PONG\"\n\n# note\n> GET k\nnil\n").unwrap();
        assert_eq!(case.reference.as_deref(), Some("r"));
        assert_eq!(case.steps[0].expected, vec!["status \"PONG\""]);
        assert_eq!(case.steps[0].trailing, vec!["", "# note"]);
        assert_eq!(case.steps[1].expected, vec!["nil"]);
        assert!(case.is_recorded());
    }

    #[test]
    fn rewriting_replaces_replies_and_keeps_comments() {
        let text = "# what\n> PING\nstatus \"OLD\"\n# after\n> ECHO x\n";
        let case = parse(text).unwrap();
        assert!(!case.is_recorded());
        let out = case.to_text_with(
            "redis-server 7.0.15",
            &[vec!["status \"PONG\"".into()], vec!["bulk \"x\"".into()]],
        );
        assert_eq!(
            out,
            "# what\n@reference redis-server 7.0.15\n> PING\nstatus \"PONG\"\n# after\n> ECHO x\nbulk \"x\"\n"
        );
        assert_eq!(
            parse(&out).unwrap().to_text_with(
                "redis-server 7.0.15",
                &[vec!["status \"PONG\"".into()], vec!["bulk \"x\"".into()]]
            ),
            out
        );
    }

    #[test]
    fn malformed_cases_are_errors() {
        assert!(parse("").is_err());
        assert!(parse("int 1\n").is_err());
        assert!(parse("> EVAL <<LUA 0\nreturn 1\n").is_err());
        assert!(parse("> GET \"k\n").is_err());
        assert!(parse("> GET a\"b\n").is_err());
        assert!(parse("> GET @missing-file\n").is_err());
        assert!(parse("> PING\n# c\nstatus \"PONG\"\n").is_err());
    }

    #[test]
    fn program_outcome_splits_lines_exactly() {
        let o = ProgramOutcome {
            status: "exit 0".into(),
            stdout: b"a\nb".to_vec(),
            stderr: Vec::new(),
        };
        assert_eq!(
            o.render(),
            vec!["exit 0", "stdout", "  \"a\\n\"", "  \"b\"", "stderr"]
        );
    }
}
