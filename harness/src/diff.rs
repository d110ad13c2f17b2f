//! Showing a failure: the expected and actual transcripts of a case as a unified diff.

use similar::TextDiff;

/// A unified diff of two transcripts (lines without newlines), labelled like `diff -u`.
pub fn unified(
    expected_label: &str,
    actual_label: &str,
    expected: &[String],
    actual: &[String],
) -> String {
    let expected = join(expected);
    let actual = join(actual);
    TextDiff::from_lines(&expected, &actual)
        .unified_diff()
        .context_radius(3)
        .header(expected_label, actual_label)
        .to_string()
}

fn join(lines: &[String]) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_the_differing_line_with_context() {
        let e: Vec<String> = ["> GET k", "bulk \"v\""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let a: Vec<String> = ["> GET k", "nil"].iter().map(|s| s.to_string()).collect();
        let d = unified("redis", "ferrous", &e, &a);
        assert!(d.contains("--- redis\n+++ ferrous\n"), "{d}");
        assert!(d.contains(" > GET k\n-bulk \"v\"\n+nil\n"), "{d}");
        assert_eq!(unified("a", "b", &e, &e), "");
    }
}
