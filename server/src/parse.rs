//! Decoding RESP from bytes: replies (all of RESP2 and RESP3, for clients such as the harness) and
//! requests (multibulk or inline, as redis-server accepts them).
//!
//! Both decoders are incremental — `Ok(None)` means "need more bytes" — and neither recurses, so
//! a deeply nested or hostile input cannot overflow the stack. Lengths are checked before anything
//! is allocated.

use crate::frame::Frame;

/// The largest bulk string accepted (redis-server's default `proto-max-bulk-len`).
pub const MAX_BULK_LEN: i64 = 512 * 1024 * 1024;
/// The most elements a request may have (redis-server's limit for multibulk lengths).
pub const MAX_MULTIBULK_LEN: i64 = 1024 * 1024 * 1024;
/// The longest inline request or header line redis-server reads before giving up.
pub const MAX_INLINE_LEN: usize = 64 * 1024;
/// How deeply reply aggregates may nest before the decoder refuses them.
pub const MAX_REPLY_DEPTH: usize = 1024;

/// A malformed stream: the connection cannot continue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolError(pub String);

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProtocolError {}

fn protocol_error<T>(text: impl Into<String>) -> Result<T, ProtocolError> {
    Err(ProtocolError(text.into()))
}

/// A cursor over the bytes received so far.
struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// The next line without its `\r\n`, or `None` when it is not complete yet.
    fn line(&mut self) -> Option<&'a [u8]> {
        let rest = &self.buf[self.pos..];
        let end = rest.windows(2).position(|w| w == b"\r\n")?;
        self.pos += end + 2;
        Some(&rest[..end])
    }

    /// `len` bytes followed by `\r\n`.
    fn blob(&mut self, len: usize) -> Result<Option<&'a [u8]>, ProtocolError> {
        let rest = &self.buf[self.pos..];
        if rest.len() < len + 2 {
            return Ok(None);
        }
        if &rest[len..len + 2] != b"\r\n" {
            return protocol_error("bulk string not terminated by CRLF");
        }
        self.pos += len + 2;
        Ok(Some(&rest[..len]))
    }
}

fn parse_int(text: &[u8]) -> Option<i64> {
    std::str::from_utf8(text).ok()?.parse().ok()
}

/// An aggregate being filled while decoding a reply.
enum Partial {
    Array(Vec<Frame>, usize),
    Set(Vec<Frame>, usize),
    Push(Vec<Frame>, usize),
    /// Key/value aggregates collect 2n frames, then pair them.
    Map(Vec<Frame>, usize),
    Attribute(Vec<Frame>, usize),
    /// The attributes are complete; the next frame is the annotated value.
    Annotated(Vec<(Frame, Frame)>),
}

fn pair_up(flat: Vec<Frame>) -> Vec<(Frame, Frame)> {
    let mut pairs = Vec::with_capacity(flat.len() / 2);
    let mut it = flat.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        pairs.push((k, v));
    }
    pairs
}

/// Decodes one reply from the front of `buf`: the frame and how many bytes it took, `None` if the
/// reply is not complete yet.
pub fn parse_reply(buf: &[u8]) -> Result<Option<(Frame, usize)>, ProtocolError> {
    let mut cur = Cursor { buf, pos: 0 };
    let mut stack: Vec<Partial> = Vec::new();
    loop {
        let Some(header) = cur.line() else {
            return Ok(None);
        };
        let Some((&tag, body)) = header.split_first() else {
            return protocol_error("empty reply line");
        };
        let count = |body: &[u8]| -> Result<i64, ProtocolError> {
            parse_int(body).ok_or_else(|| ProtocolError(format!("invalid length {body:?}")))
        };
        let mut frame = match tag {
            b'+' => Some(Frame::Simple(body.to_vec())),
            b'-' => Some(Frame::Error(body.to_vec())),
            b':' => Some(Frame::Integer(count(body)?)),
            b',' => Some(Frame::Double(body.to_vec())),
            b'(' => Some(Frame::BigNumber(body.to_vec())),
            b'_' => Some(Frame::Null),
            b'#' => match body {
                b"t" => Some(Frame::Boolean(true)),
                b"f" => Some(Frame::Boolean(false)),
                _ => return protocol_error("invalid boolean"),
            },
            b'$' | b'!' | b'=' => {
                let n = count(body)?;
                if n == -1 && tag == b'$' {
                    Some(Frame::NullBulk)
                } else if !(0..=MAX_BULK_LEN).contains(&n) {
                    return protocol_error(format!("invalid bulk length {n}"));
                } else {
                    let Some(bytes) = cur.blob(n as usize)? else {
                        return Ok(None);
                    };
                    Some(match tag {
                        b'$' => Frame::Bulk(bytes.to_vec()),
                        b'!' => Frame::BulkError(bytes.to_vec()),
                        _ => {
                            if bytes.len() < 4 || bytes[3] != b':' {
                                return protocol_error("invalid verbatim string");
                            }
                            Frame::Verbatim {
                                format: [bytes[0], bytes[1], bytes[2]],
                                text: bytes[4..].to_vec(),
                            }
                        }
                    })
                }
            }
            b'*' | b'~' | b'>' | b'%' | b'|' => {
                let n = count(body)?;
                if n == -1 && tag == b'*' {
                    Some(Frame::NullArray)
                } else if !(0..=MAX_MULTIBULK_LEN).contains(&n) {
                    return protocol_error(format!("invalid aggregate length {n}"));
                } else {
                    if stack.len() >= MAX_REPLY_DEPTH {
                        return protocol_error("reply nested too deeply");
                    }
                    let n = n as usize;
                    // Never trust a length for preallocation beyond what the buffer could hold.
                    let cap = n.min(buf.len());
                    let partial = match tag {
                        b'*' => Partial::Array(Vec::with_capacity(cap), n),
                        b'~' => Partial::Set(Vec::with_capacity(cap), n),
                        b'>' => Partial::Push(Vec::with_capacity(cap), n),
                        b'%' => Partial::Map(Vec::with_capacity(cap), n * 2),
                        _ => Partial::Attribute(Vec::with_capacity(cap), n * 2),
                    };
                    stack.push(partial);
                    None
                }
            }
            other => return protocol_error(format!("unknown reply type byte {other:#04x}")),
        };
        // Close every aggregate that this frame (or an empty aggregate) completes.
        loop {
            let Some(top) = stack.last_mut() else {
                return match frame {
                    Some(f) => Ok(Some((f, cur.pos))),
                    None => protocol_error("internal: no frame"),
                };
            };
            let done = match top {
                Partial::Array(items, n)
                | Partial::Set(items, n)
                | Partial::Push(items, n)
                | Partial::Map(items, n)
                | Partial::Attribute(items, n) => {
                    if let Some(f) = frame.take() {
                        items.push(f);
                    }
                    items.len() == *n
                }
                Partial::Annotated(_) => frame.is_some(),
            };
            if !done {
                break;
            }
            let finished = stack.pop().expect("stack has a top");
            frame = match finished {
                Partial::Array(items, _) => Some(Frame::Array(items)),
                Partial::Set(items, _) => Some(Frame::Set(items)),
                Partial::Push(items, _) => Some(Frame::Push(items)),
                Partial::Map(items, _) => Some(Frame::Map(pair_up(items))),
                Partial::Attribute(items, _) => {
                    stack.push(Partial::Annotated(pair_up(items)));
                    None
                }
                Partial::Annotated(attributes) => Some(Frame::Attribute {
                    attributes,
                    value: Box::new(frame.take().expect("annotated value present")),
                }),
            };
            if frame.is_none() {
                break;
            }
        }
    }
}

/// A decoded request's arguments (name first) and how many bytes it took; `None` if incomplete.
pub type RequestParse = Result<Option<(Vec<Vec<u8>>, usize)>, ProtocolError>;

/// Decodes one client request (the command and its arguments) from the front of `buf`: the
/// arguments and how many bytes they took; `None` if incomplete. An empty inline line yields an
/// empty argument list, which the server skips. Error texts are redis-server's.
pub fn parse_request(buf: &[u8]) -> RequestParse {
    if buf.is_empty() {
        return Ok(None);
    }
    if buf[0] != b'*' {
        return parse_inline(buf);
    }
    let mut cur = Cursor { buf, pos: 0 };
    let Some(header) = cur.line() else {
        if buf.len() > MAX_INLINE_LEN {
            return protocol_error("Protocol error: too big mbulk count string");
        }
        return Ok(None);
    };
    let n = match parse_int(&header[1..]) {
        Some(n) if n <= MAX_MULTIBULK_LEN => n,
        _ => return protocol_error("Protocol error: invalid multibulk length"),
    };
    if n <= 0 {
        return Ok(Some((Vec::new(), cur.pos)));
    }
    let mut args = Vec::with_capacity((n as usize).min(1024));
    for _ in 0..n {
        let Some(header) = cur.line() else {
            if buf.len() - cur.pos > MAX_INLINE_LEN {
                return protocol_error("Protocol error: too big bulk count string");
            }
            return Ok(None);
        };
        match header.first() {
            Some(b'$') => {}
            Some(&c) => {
                return protocol_error(format!("Protocol error: expected '$', got '{}'", c as char))
            }
            None => return protocol_error("Protocol error: expected '$', got ' '"),
        }
        let len = match parse_int(&header[1..]) {
            Some(len) if (0..=MAX_BULK_LEN).contains(&len) => len as usize,
            _ => return protocol_error("Protocol error: invalid bulk length"),
        };
        let Some(bytes) = cur.blob(len)? else {
            return Ok(None);
        };
        args.push(bytes.to_vec());
    }
    Ok(Some((args, cur.pos)))
}

/// An inline command: one line split on blanks, with redis-cli style quoting.
fn parse_inline(buf: &[u8]) -> RequestParse {
    let Some(end) = buf.iter().position(|&b| b == b'\n') else {
        if buf.len() > MAX_INLINE_LEN {
            return protocol_error("Protocol error: too big inline request");
        }
        return Ok(None);
    };
    let mut line = &buf[..end];
    if line.last() == Some(&b'\r') {
        line = &line[..line.len() - 1];
    }
    match split_args(line) {
        Some(args) => Ok(Some((args, end + 1))),
        None => protocol_error("Protocol error: unbalanced quotes in request"),
    }
}

/// Splits a line into arguments the way redis-server's `sdssplitargs` does: blanks separate,
/// `"..."` understands `\n \r \t \b \a \\ \" \xHH`, `'...'` only `\'`. `None` on unbalanced quotes.
pub fn split_args(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut args = Vec::new();
    let mut i = 0;
    loop {
        while i < line.len() && line[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == line.len() {
            return Some(args);
        }
        let mut current = Vec::new();
        let mut in_double = false;
        let mut in_single = false;
        loop {
            if in_double {
                if i >= line.len() {
                    return None;
                }
                let c = line[i];
                if c == b'\\' && i + 3 < line.len() && line[i + 1] == b'x' {
                    let hex = std::str::from_utf8(&line[i + 2..i + 4]).ok();
                    if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        current.push(v);
                        i += 4;
                        continue;
                    }
                }
                if c == b'\\' && i + 1 < line.len() {
                    current.push(match line[i + 1] {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 8,
                        b'a' => 7,
                        other => other,
                    });
                    i += 2;
                } else if c == b'"' {
                    // A closing quote must be followed by a blank or the end.
                    if i + 1 < line.len() && !line[i + 1].is_ascii_whitespace() {
                        return None;
                    }
                    i += 1;
                    break;
                } else {
                    current.push(c);
                    i += 1;
                }
            } else if in_single {
                if i >= line.len() {
                    return None;
                }
                let c = line[i];
                if c == b'\\' && i + 1 < line.len() && line[i + 1] == b'\'' {
                    current.push(b'\'');
                    i += 2;
                } else if c == b'\'' {
                    if i + 1 < line.len() && !line[i + 1].is_ascii_whitespace() {
                        return None;
                    }
                    i += 1;
                    break;
                } else {
                    current.push(c);
                    i += 1;
                }
            } else {
                if i >= line.len() || line[i].is_ascii_whitespace() {
                    break;
                }
                match line[i] {
                    b'"' => in_double = true,
                    b'\'' => in_single = true,
                    c => current.push(c),
                }
                i += 1;
            }
        }
        args.push(current);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(frame: Frame) {
        let bytes = frame.to_bytes();
        assert_eq!(parse_reply(&bytes), Ok(Some((frame, bytes.len()))));
        for cut in 0..bytes.len() {
            assert_eq!(
                parse_reply(&bytes[..cut]),
                Ok(None),
                "prefix of {cut} bytes"
            );
        }
    }

    #[test]
    fn every_reply_type_roundtrips() {
        roundtrip(Frame::simple("OK"));
        roundtrip(Frame::error("ERR x"));
        roundtrip(Frame::Integer(-7));
        roundtrip(Frame::bulk(&b"a\r\nb"[..]));
        roundtrip(Frame::NullBulk);
        roundtrip(Frame::NullArray);
        roundtrip(Frame::Null);
        roundtrip(Frame::Boolean(false));
        roundtrip(Frame::Double(b"1.50".to_vec()));
        roundtrip(Frame::BigNumber(b"123456789012345678901234567890".to_vec()));
        roundtrip(Frame::BulkError(b"ERR y".to_vec()));
        roundtrip(Frame::Verbatim {
            format: *b"txt",
            text: b"hi".to_vec(),
        });
        roundtrip(Frame::Array(vec![]));
        roundtrip(Frame::Array(vec![
            Frame::Integer(1),
            Frame::Array(vec![Frame::NullBulk, Frame::Set(vec![])]),
            Frame::Map(vec![(Frame::bulk("k"), Frame::Push(vec![Frame::Null]))]),
        ]));
        roundtrip(Frame::Attribute {
            attributes: vec![(Frame::simple("ttl"), Frame::Integer(3))],
            value: Box::new(Frame::Array(vec![Frame::Integer(1)])),
        });
    }

    #[test]
    fn hostile_replies_are_errors_not_panics() {
        assert!(parse_reply(b"$99999999999\r\n").is_err());
        assert!(parse_reply(b"*-5\r\n").is_err());
        assert!(parse_reply(b"?\r\n").is_err());
        assert!(parse_reply(b"$1\r\nab\r\n").is_err());
        let deep = b"*1\r\n".repeat(MAX_REPLY_DEPTH + 1);
        assert!(parse_reply(&deep).is_err());
        // A huge declared length must not allocate up front.
        assert_eq!(parse_reply(b"*1000000000\r\n:1\r\n"), Ok(None));
    }

    #[test]
    fn requests_multibulk_and_inline() {
        assert_eq!(
            parse_request(b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"),
            Ok(Some((vec![b"GET".to_vec(), b"k".to_vec()], 20)))
        );
        assert_eq!(parse_request(b"*2\r\n$3\r\nGET\r\n"), Ok(None));
        assert_eq!(
            parse_request(b"set a \"b c\\x41\"\r\n"),
            Ok(Some((
                vec![b"set".to_vec(), b"a".to_vec(), b"b cA".to_vec()],
                17
            )))
        );
        assert_eq!(
            parse_request(b"*1\r\n:1\r\n"),
            Err(ProtocolError(
                "Protocol error: expected '$', got ':'".into()
            ))
        );
        assert_eq!(
            parse_request(b"*x\r\n"),
            Err(ProtocolError(
                "Protocol error: invalid multibulk length".into()
            ))
        );
        assert_eq!(
            parse_request(b"get \"a\r\n"),
            Err(ProtocolError(
                "Protocol error: unbalanced quotes in request".into()
            ))
        );
    }
}
