//! The canonical, type-tagged text form of replies, and the quoting used for strings everywhere
//! in case files. Two replies are equal exactly when their renderings are equal, so a difference
//! in type (status vs bulk, `$-1` vs `*-1`, `1.5` vs `1.50`) is a difference in text.
//! The table of tags is in corpus/README.md.

use ferrous_server::Frame;

/// Writes `bytes` as a double-quoted string: printable ASCII as is, `\\ \" \n \r \t \0` escaped,
/// every other byte as `\xHH`.
pub fn quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0 => out.push_str("\\0"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

/// Reads a quoted string at the start of `text`: its bytes and the rest of `text` after the
/// closing quote.
pub fn unquote(text: &str) -> Result<(Vec<u8>, &str), String> {
    let body = text
        .strip_prefix('"')
        .ok_or_else(|| format!("expected '\"' at {text:?}"))?;
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Ok((out, &body[i + 1..])),
            b'\\' => {
                let esc = *bytes.get(i + 1).ok_or("unfinished escape")?;
                i += 2;
                out.push(match esc {
                    b'\\' => b'\\',
                    b'"' => b'"',
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'0' => 0,
                    b'x' => {
                        let hex = body.get(i..i + 2).ok_or("unfinished \\x escape")?;
                        i += 2;
                        u8::from_str_radix(hex, 16)
                            .map_err(|_| format!("bad \\x escape {hex:?}"))?
                    }
                    other => return Err(format!("unknown escape '\\{}'", other as char)),
                });
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Err(format!("unterminated string {text:?}"))
}

/// Renders a reply as lines (no trailing newlines), nested elements indented by two spaces.
pub fn render(frame: &Frame) -> Vec<String> {
    let mut lines = Vec::new();
    // An explicit work list instead of recursion: replies can nest deeply.
    let mut work: Vec<(&Frame, usize)> = vec![(frame, 0)];
    while let Some((f, depth)) = work.pop() {
        let pad = "  ".repeat(depth);
        let head = match f {
            Frame::Simple(s) => format!("status {}", quote(s)),
            Frame::Error(s) => format!("error {}", quote(s)),
            Frame::Integer(n) => format!("int {n}"),
            Frame::Bulk(b) => format!("bulk {}", quote(b)),
            Frame::NullBulk => "nil".to_string(),
            Frame::NullArray => "nil-array".to_string(),
            Frame::Null => "null".to_string(),
            Frame::Boolean(b) => format!("bool {b}"),
            Frame::Double(t) => format!("double {}", quote(t)),
            Frame::BigNumber(t) => format!("bignum {}", quote(t)),
            Frame::BulkError(b) => format!("bulk-error {}", quote(b)),
            Frame::Verbatim { format, text } => {
                format!(
                    "verbatim {} {}",
                    String::from_utf8_lossy(format),
                    quote(text)
                )
            }
            Frame::Array(items) => format!("array {}", items.len()),
            Frame::Set(items) => format!("set {}", items.len()),
            Frame::Push(items) => format!("push {}", items.len()),
            Frame::Map(pairs) => format!("map {}", pairs.len()),
            Frame::Attribute { attributes, .. } => format!("attribute {}", attributes.len()),
        };
        lines.push(format!("{pad}{head}"));
        let mut children: Vec<&Frame> = Vec::new();
        match f {
            Frame::Array(items) | Frame::Set(items) | Frame::Push(items) => {
                children.extend(items.iter())
            }
            Frame::Map(pairs) => {
                for (k, v) in pairs {
                    children.push(k);
                    children.push(v);
                }
            }
            Frame::Attribute { attributes, value } => {
                for (k, v) in attributes {
                    children.push(k);
                    children.push(v);
                }
                // The annotated value stands at the attribute's own depth, after its pairs.
                work.push((value, depth));
            }
            _ => {}
        }
        for child in children.into_iter().rev() {
            work.push((child, depth + 1));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_roundtrips_every_byte() {
        let all: Vec<u8> = (0..=255).collect();
        let q = quote(&all);
        assert!(q.is_ascii());
        assert_eq!(unquote(&q), Ok((all, "")));
        assert_eq!(quote(b"a\"b\\\n\0\xff"), r#""a\"b\\\n\0\xff""#);
    }

    #[test]
    fn unquote_reports_errors() {
        assert!(unquote("abc").is_err());
        assert!(unquote("\"abc").is_err());
        assert!(unquote("\"\\q\"").is_err());
        assert!(unquote("\"\\x4\"").is_err());
        assert_eq!(unquote("\"a\" rest"), Ok((b"a".to_vec(), " rest")));
    }

    #[test]
    fn types_that_look_alike_render_differently() {
        let distinct = [
            Frame::simple("OK"),
            Frame::bulk("OK"),
            Frame::error("OK"),
            Frame::NullBulk,
            Frame::NullArray,
            Frame::Null,
            Frame::Double(b"1.5".to_vec()),
            Frame::Double(b"1.50".to_vec()),
            Frame::BulkError(b"OK".to_vec()),
        ];
        let rendered: std::collections::HashSet<_> = distinct.iter().map(render).collect();
        assert_eq!(rendered.len(), distinct.len());
    }

    #[test]
    fn aggregates_nest_by_indentation() {
        let f = Frame::Array(vec![
            Frame::Integer(1),
            Frame::Map(vec![(Frame::bulk("k"), Frame::Array(vec![]))]),
            Frame::Attribute {
                attributes: vec![(Frame::bulk("a"), Frame::Integer(2))],
                value: Box::new(Frame::Null),
            },
        ]);
        assert_eq!(
            render(&f),
            vec![
                "array 3",
                "  int 1",
                "  map 1",
                "    bulk \"k\"",
                "    array 0",
                "  attribute 1",
                "    bulk \"a\"",
                "    int 2",
                "  null",
            ]
        );
    }
}
