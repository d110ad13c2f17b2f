//! The RESP protocol value: one `Frame` per reply or request, for both RESP2 and RESP3.
//!
//! Every wire type keeps its own variant, even where two look alike (`$-1` and `*-1`, a simple
//! string and a bulk string, RESP3's double as the exact text the server sent), because Ferrous is
//! judged byte for byte against redis-server: a difference in type must stay visible.

/// One RESP value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// `+text` — a status reply such as `OK`.
    Simple(Vec<u8>),
    /// `-text` — an error reply.
    Error(Vec<u8>),
    /// `:n`.
    Integer(i64),
    /// `$n` followed by n bytes.
    Bulk(Vec<u8>),
    /// `$-1` — RESP2's null bulk string.
    NullBulk,
    /// `*n` followed by n frames.
    Array(Vec<Frame>),
    /// `*-1` — RESP2's null array.
    NullArray,
    /// `_` — RESP3's null.
    Null,
    /// `#t` / `#f` (RESP3).
    Boolean(bool),
    /// `,text` (RESP3). The text is kept as sent, so `1.5` and `1.50` stay different.
    Double(Vec<u8>),
    /// `(digits` (RESP3).
    BigNumber(Vec<u8>),
    /// `!n` followed by n bytes (RESP3).
    BulkError(Vec<u8>),
    /// `=n` followed by `fmt:` and the text (RESP3); `format` is the three-byte format.
    Verbatim { format: [u8; 3], text: Vec<u8> },
    /// `%n` followed by n key/value pairs (RESP3).
    Map(Vec<(Frame, Frame)>),
    /// `~n` followed by n frames (RESP3).
    Set(Vec<Frame>),
    /// `>n` followed by n frames (RESP3 out-of-band data).
    Push(Vec<Frame>),
    /// `|n` followed by n key/value pairs, then the frame they annotate (RESP3).
    Attribute {
        attributes: Vec<(Frame, Frame)>,
        value: Box<Frame>,
    },
}

impl Frame {
    /// A status reply from text.
    pub fn simple(text: &str) -> Frame {
        Frame::Simple(text.as_bytes().to_vec())
    }

    /// An error reply from text (the text includes its code, e.g. `ERR ...`).
    pub fn error(text: impl Into<String>) -> Frame {
        Frame::Error(text.into().into_bytes())
    }

    /// A bulk string from bytes.
    pub fn bulk(bytes: impl Into<Vec<u8>>) -> Frame {
        Frame::Bulk(bytes.into())
    }

    /// Appends the wire encoding of this frame to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Frame::Simple(s) => line(out, b'+', s),
            Frame::Error(s) => line(out, b'-', s),
            Frame::Integer(n) => line(out, b':', n.to_string().as_bytes()),
            Frame::Bulk(b) => blob(out, b'$', b),
            Frame::NullBulk => out.extend_from_slice(b"$-1\r\n"),
            Frame::Array(items) => aggregate(out, b'*', items),
            Frame::NullArray => out.extend_from_slice(b"*-1\r\n"),
            Frame::Null => out.extend_from_slice(b"_\r\n"),
            Frame::Boolean(b) => out.extend_from_slice(if *b { b"#t\r\n" } else { b"#f\r\n" }),
            Frame::Double(text) => line(out, b',', text),
            Frame::BigNumber(digits) => line(out, b'(', digits),
            Frame::BulkError(b) => blob(out, b'!', b),
            Frame::Verbatim { format, text } => {
                let mut body = Vec::with_capacity(text.len() + 4);
                body.extend_from_slice(format);
                body.push(b':');
                body.extend_from_slice(text);
                blob(out, b'=', &body);
            }
            Frame::Map(pairs) => pairs_aggregate(out, b'%', pairs),
            Frame::Set(items) => aggregate(out, b'~', items),
            Frame::Push(items) => aggregate(out, b'>', items),
            Frame::Attribute { attributes, value } => {
                pairs_aggregate(out, b'|', attributes);
                value.encode(out);
            }
        }
    }

    /// The wire encoding of this frame.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }
}

fn line(out: &mut Vec<u8>, tag: u8, text: &[u8]) {
    out.push(tag);
    out.extend_from_slice(text);
    out.extend_from_slice(b"\r\n");
}

fn blob(out: &mut Vec<u8>, tag: u8, bytes: &[u8]) {
    line(out, tag, bytes.len().to_string().as_bytes());
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
}

fn aggregate(out: &mut Vec<u8>, tag: u8, items: &[Frame]) {
    line(out, tag, items.len().to_string().as_bytes());
    for item in items {
        item.encode(out);
    }
}

fn pairs_aggregate(out: &mut Vec<u8>, tag: u8, pairs: &[(Frame, Frame)]) {
    line(out, tag, pairs.len().to_string().as_bytes());
    for (k, v) in pairs {
        k.encode(out);
        v.encode(out);
    }
}
