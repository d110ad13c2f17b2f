//! The Lua 5.1 lexer.
//!
//! Written from the Lua 5.1 reference manual and from observing `lua5.1` (5.1.5); it reproduces
//! what PUC-Rio Lua accepts and rejects, and its error messages byte for byte:
//!
//! * names are `[A-Za-z_][A-Za-z0-9_]*` (C locale: bytes >= 0x80 are not letters);
//! * a numeral starts with a digit, or with `.` followed by a digit; it is read greedily over
//!   digits and dots, then an optional exponent letter `e`/`E` with an optional sign, then any
//!   letters, digits and `_`; the whole text must then convert with C `strtod` rules (glibc: this
//!   includes hexadecimal `0x1F` and `0x1p4`), else `malformed number near '<text>'`;
//! * short strings with the escapes `\a \b \f \n \r \t \v`, `\` + newline, `\ddd` (one to three
//!   decimal digits, `escape sequence too large` above 255); any other escaped byte stands for
//!   itself;
//! * long strings and comments `[==[ ... ]==]` (a first newline is skipped; every newline
//!   sequence becomes `\n`); with LUA_COMPAT_LSTR a nested `[[` inside a level-0 long bracket is
//!   the error `nesting of [[...]] is deprecated near '['`;
//! * newlines are `\n`, `\r`, `\r\n` and `\n\r`, each counting one line.
//!
//! The text shown after `near` is, for names, numbers and strings, the text PUC's lexer buffered
//! for the token: the source text of names and numbers; for strings the opening delimiter and the
//! contents read so far with escapes already decoded (and the closing delimiter when complete).
//! Like C's `%s`, it stops at the first NUL byte. A NUL byte read as a token is PUC's token 0:
//! errors at it carry no `near` part at all.

use std::fmt;

/// `LUAI_MAXCCALLS`: the limit on syntactic nesting (and on variables in one assignment).
pub const LUAI_MAXCCALLS: u32 = 200;
/// `LUAI_MAXVARS`: active local variables per function.
pub const LUAI_MAXVARS: usize = 200;
/// `LUAI_MAXUPVALUES`: upvalues per function.
pub const LUAI_MAXUPVALUES: usize = 60;
/// `SHRT_MAX`: the size limit of a function's debug list of local variables (every local ever
/// declared in the function, counting the hidden ones of `for` loops).
pub const MAX_LOCVARS: usize = 32767;
/// `MAXARG_Bx`: the limit on the functions directly nested in one function.
pub const MAX_PROTOS: u32 = (1 << 18) - 1;

/// A compile error, with PUC-Rio Lua 5.1's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The message as text (invalid UTF-8, which can come from the source, is replaced by U+FFFD).
    pub message: String,
    /// The message exactly as `lua5.1` produces it, byte for byte (Lua strings are 8-bit).
    pub bytes: Vec<u8>,
    /// `false` for ordinary syntax errors (PUC throws `LUA_ERRSYNTAX`, the message has a
    /// `chunkname:line:` prefix). `true` for the two limits PUC reports with `luaG_runerror`
    /// while parsing, `too many local variables` and `constant table overflow`: those messages
    /// have no position, `lua_load` returns `LUA_ERRRUN`, and PUC runs the current error handler
    /// on the message (so under `lua5.1` the message loadstring returns ends in a traceback).
    pub runtime: bool,
}

impl SyntaxError {
    pub(crate) fn from_bytes(bytes: Vec<u8>, runtime: bool) -> SyntaxError {
        SyntaxError {
            message: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
            runtime,
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// How a chunk is loaded; the differences between PUC's entry points that show in the parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    /// Skip a first line that starts with `#` (only `luaL_loadfile` does; `loadstring` does not).
    /// The line's newline is kept, so line numbers are unchanged.
    pub skip_first_line: bool,
    /// PUC's `L->nCcalls` when the parser starts: the nesting limit counts from there. Observed:
    /// 2 for `loadstring` called from a main chunk run by `lua5.1` (one more for each C function
    /// such as `pcall` in between; Lua-to-Lua calls add nothing), 1 for `lua5.1` loading its
    /// script file or `-e` text, 0 for Redis compiling an EVAL script, 1 for `loadstring` called
    /// by an EVAL script.
    pub c_calls: u32,
    /// The buffer size of chunk ids in the compiler's own messages (syntax errors and limits):
    /// 80 in Lua 5.1. Runtime messages, tracebacks and `debug.getinfo` cut them to
    /// [`RUNTIME_ID_SIZE`] instead.
    pub id_size: usize,
}

impl ParseOptions {
    /// `loadstring`/`load` called from a main chunk run by Debian's `lua5.1`.
    pub const LOADSTRING: ParseOptions = ParseOptions {
        skip_first_line: false,
        c_calls: 2,
        id_size: 80,
    };
    /// `lua5.1 script.lua` loading its script (`luaL_loadfile` called from the stand-alone
    /// interpreter's main C function).
    pub const FILE: ParseOptions = ParseOptions {
        skip_first_line: true,
        c_calls: 1,
        id_size: 80,
    };
    /// Redis 7.0 (Debian build) compiling an EVAL script, from C outside any call.
    pub const REDIS: ParseOptions = ParseOptions {
        skip_first_line: false,
        c_calls: 0,
        id_size: 80,
    };
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions::LOADSTRING
    }
}

/// The reserved words of Lua 5.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyword {
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
}

impl Keyword {
    /// The keyword's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::And => "and",
            Keyword::Break => "break",
            Keyword::Do => "do",
            Keyword::Else => "else",
            Keyword::Elseif => "elseif",
            Keyword::End => "end",
            Keyword::False => "false",
            Keyword::For => "for",
            Keyword::Function => "function",
            Keyword::If => "if",
            Keyword::In => "in",
            Keyword::Local => "local",
            Keyword::Nil => "nil",
            Keyword::Not => "not",
            Keyword::Or => "or",
            Keyword::Repeat => "repeat",
            Keyword::Return => "return",
            Keyword::Then => "then",
            Keyword::True => "true",
            Keyword::Until => "until",
            Keyword::While => "while",
        }
    }

    fn from_bytes(word: &[u8]) -> Option<Keyword> {
        Some(match word {
            b"and" => Keyword::And,
            b"break" => Keyword::Break,
            b"do" => Keyword::Do,
            b"else" => Keyword::Else,
            b"elseif" => Keyword::Elseif,
            b"end" => Keyword::End,
            b"false" => Keyword::False,
            b"for" => Keyword::For,
            b"function" => Keyword::Function,
            b"if" => Keyword::If,
            b"in" => Keyword::In,
            b"local" => Keyword::Local,
            b"nil" => Keyword::Nil,
            b"not" => Keyword::Not,
            b"or" => Keyword::Or,
            b"repeat" => Keyword::Repeat,
            b"return" => Keyword::Return,
            b"then" => Keyword::Then,
            b"true" => Keyword::True,
            b"until" => Keyword::Until,
            b"while" => Keyword::While,
            _ => return None,
        })
    }
}

/// A token.
#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    /// End of the source.
    Eof,
    /// A single-byte token: an operator or punctuation (`+ - * / % ^ # < > = ( ) { } [ ] ; : , .`)
    /// or any other byte that starts no token (the parser then rejects it).
    Char(u8),
    /// A reserved word.
    Kw(Keyword),
    /// `..`
    Concat,
    /// `...`
    Dots,
    /// `==`
    Eq,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `~=`
    Ne,
    /// A name.
    Name(Vec<u8>),
    /// A string literal's value. (The text messages show for it comes from the lexer:
    /// [`Lexer::near_text`].)
    String(Vec<u8>),
    /// A numeral: its value, and its source text.
    Number { value: f64, raw: Vec<u8> },
}

impl Token {
    /// PUC's `luaX_token2str`: how messages name a kind of token (`'=' expected`).
    pub fn describe(&self) -> Vec<u8> {
        match self {
            Token::Eof => b"<eof>".to_vec(),
            Token::Char(c) => char_token_text(*c),
            Token::Kw(k) => k.as_str().as_bytes().to_vec(),
            Token::Concat => b"..".to_vec(),
            Token::Dots => b"...".to_vec(),
            Token::Eq => b"==".to_vec(),
            Token::Ge => b">=".to_vec(),
            Token::Le => b"<=".to_vec(),
            Token::Ne => b"~=".to_vec(),
            Token::Name(_) => b"<name>".to_vec(),
            Token::String(_) => b"<string>".to_vec(),
            Token::Number { .. } => b"<number>".to_vec(),
        }
    }

    /// The text shown after `near` in a message about this token (PUC's `txtToken`), or `None`
    /// when PUC shows no `near` part (the token is a NUL byte, PUC's token 0). For a string,
    /// whose text is not kept in the token, this is `<string>`: use [`Lexer::near_text`].
    pub fn near_text(&self) -> Option<Vec<u8>> {
        match self {
            Token::Char(0) => None,
            Token::Name(raw) | Token::Number { raw, .. } => Some(until_nul(raw).to_vec()),
            other => Some(other.describe()),
        }
    }
}

fn char_token_text(c: u8) -> Vec<u8> {
    if c < 32 || c == 127 {
        format!("char({c})").into_bytes()
    } else {
        vec![c]
    }
}

/// The bytes before the first NUL (what C's `%s` prints).
pub(crate) fn until_nul(s: &[u8]) -> &[u8] {
    match s.iter().position(|&b| b == 0) {
        Some(i) => &s[..i],
        None => s,
    }
}

/// C locale `isspace`.
pub(crate) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn is_alpha(c: u8) -> bool {
    c.is_ascii_alphabetic()
}

fn is_alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// `LUA_IDSIZE`: the buffer size of chunk ids in runtime error messages, tracebacks and
/// `debug.getinfo`'s `short_src` (smaller than the compiler's).
pub const RUNTIME_ID_SIZE: usize = 60;

/// PUC's `luaO_chunkid`: the chunk's name as it appears in messages. `id_size` is LUA_IDSIZE.
///
/// `=name` gives `name` (at most `id_size - 1` bytes); `@file` gives `file`, or `...` and its last
/// `id_size - 8` bytes when longer; anything else is source text: `[string "first line"]`, cut at
/// the first newline or after `id_size - 17` bytes, with `...` when cut. The name ends at its first
/// NUL byte, as a C string would.
pub fn chunk_id(chunkname: &[u8], id_size: usize) -> Vec<u8> {
    let name = until_nul(chunkname);
    let mut out = Vec::new();
    if let Some(rest) = name.strip_prefix(b"=") {
        let keep = rest.len().min(id_size.saturating_sub(1));
        out.extend_from_slice(&rest[..keep]);
    } else if let Some(rest) = name.strip_prefix(b"@") {
        let room = id_size.saturating_sub(8);
        if rest.len() > room {
            out.extend_from_slice(b"...");
            out.extend_from_slice(&rest[rest.len() - room..]);
        } else {
            out.extend_from_slice(rest);
        }
    } else {
        let room = id_size.saturating_sub(17);
        let mut len = name
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(name.len());
        if len > room {
            len = room;
        }
        out.extend_from_slice(b"[string \"");
        if len < name.len() {
            out.extend_from_slice(&name[..len]);
            out.extend_from_slice(b"...");
        } else {
            out.extend_from_slice(name);
        }
        out.extend_from_slice(b"\"]");
    }
    out
}

/// Formats a PUC syntax error: `chunkid:line: msg` and, when `near` is given, ` near 'near'`.
pub(crate) fn format_error(
    chunkid: &[u8],
    line: u32,
    msg: &[u8],
    near: Option<&[u8]>,
) -> SyntaxError {
    let mut out = Vec::with_capacity(chunkid.len() + msg.len() + 32);
    out.extend_from_slice(chunkid);
    out.extend_from_slice(format!(":{line}: ").as_bytes());
    out.extend_from_slice(msg);
    if let Some(near) = near {
        out.extend_from_slice(b" near '");
        out.extend_from_slice(until_nul(near));
        out.push(b'\'');
    }
    SyntaxError::from_bytes(out, false)
}

/// What a lexer error shows after `near`.
enum Near {
    Eof,
    Buffer,
    Char(u8),
}

/// The text PUC shows after `near` for the string literal starting at byte `start`: the
/// delimiters and the contents with escapes decoded, up to the first NUL.
pub(crate) fn string_text_at(src: &[u8], start: usize) -> Vec<u8> {
    let mut again = Lexer::at(src, start, 1, Vec::new());
    again.keep_buffer = true;
    let _ = again.next_token();
    until_nul(&again.buf).to_vec()
}

/// Where the lexer starts in `source` and on which line, honouring `skip_first_line`.
///
/// PUC's `luaL_loadfile` drops the bytes of a first line starting with `#` up to its `\n`, and
/// feeds the `\n` (or, when the line has none, an extra `\n`), so the rest keeps its line numbers.
pub(crate) fn start_position(source: &[u8], skip_first_line: bool) -> (usize, u32) {
    if skip_first_line && source.first() == Some(&b'#') {
        match source.iter().position(|&b| b == b'\n') {
            Some(i) => (i, 1),
            None => (source.len(), 2),
        }
    } else {
        (0, 1)
    }
}

/// The Lua 5.1 lexer over a byte slice.
pub struct Lexer<'a> {
    src: &'a [u8],
    /// Index of the current character (`src.len()` at the end).
    pos: usize,
    /// PUC's `linenumber`: the line the lexer is on.
    line: u32,
    /// Where the last token returned by [`Lexer::next_token`] starts.
    token_start: usize,
    /// PUC's token buffer.
    buf: Vec<u8>,
    /// Keep the buffer of a string token (for [`Lexer::near_text`]) instead of moving it into
    /// the token.
    keep_buffer: bool,
    chunkid: Vec<u8>,
}

const EOZ: i32 = -1;

impl<'a> Lexer<'a> {
    /// A lexer for `source`, named `chunkname` in messages.
    pub fn new(source: &'a [u8], chunkname: &[u8], options: &ParseOptions) -> Lexer<'a> {
        let (pos, line) = start_position(source, options.skip_first_line);
        Lexer::at(source, pos, line, chunk_id(chunkname, options.id_size))
    }

    pub(crate) fn at(source: &'a [u8], pos: usize, line: u32, chunkid: Vec<u8>) -> Lexer<'a> {
        Lexer {
            src: source,
            pos,
            line,
            token_start: pos,
            buf: Vec::new(),
            keep_buffer: false,
            chunkid,
        }
    }

    /// The line the lexer is on: the line where the last token read ends.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// The byte offset in the source where the last token read starts.
    pub fn token_start(&self) -> usize {
        self.token_start
    }

    /// The byte offset just after the last token read.
    pub fn token_end(&self) -> usize {
        self.pos
    }

    /// The chunk id used in messages.
    pub fn chunkid(&self) -> &[u8] {
        &self.chunkid
    }

    /// The source being read.
    pub fn source(&self) -> &'a [u8] {
        self.src
    }

    /// The text shown after `near` in a message about `tok`, the last token read (see
    /// [`Token::near_text`]); for a string token, the text PUC shows is read again from the
    /// source.
    pub fn near_text(&self, tok: &Token) -> Option<Vec<u8>> {
        match tok {
            Token::String(_) => Some(string_text_at(self.src, self.token_start)),
            other => other.near_text(),
        }
    }

    /// A string token made of the buffer without its `delim`-byte delimiters.
    fn string_token(&mut self, delim: usize) -> Token {
        if self.keep_buffer {
            return Token::String(self.buf[delim..self.buf.len() - delim].to_vec());
        }
        let mut value = std::mem::take(&mut self.buf);
        value.truncate(value.len() - delim);
        value.drain(..delim);
        Token::String(value)
    }

    /// A syntax error at the lexer's current line.
    pub(crate) fn error(&self, msg: &[u8], near: Option<&[u8]>) -> SyntaxError {
        format_error(&self.chunkid, self.line, msg, near)
    }

    fn lex_error(&self, msg: &str, near: Near) -> SyntaxError {
        match near {
            Near::Eof => self.error(msg.as_bytes(), Some(b"<eof>")),
            Near::Buffer => self.error(msg.as_bytes(), Some(&self.buf)),
            Near::Char(c) => self.error(msg.as_bytes(), Some(&char_token_text(c))),
        }
    }

    fn current(&self) -> i32 {
        match self.src.get(self.pos) {
            Some(&b) => i32::from(b),
            None => EOZ,
        }
    }

    fn cur_is(&self, c: u8) -> bool {
        self.src.get(self.pos) == Some(&c)
    }

    fn cur_is_newline(&self) -> bool {
        matches!(self.src.get(self.pos), Some(b'\n' | b'\r'))
    }

    fn cur_is_digit(&self) -> bool {
        matches!(self.src.get(self.pos), Some(b) if b.is_ascii_digit())
    }

    fn advance(&mut self) {
        if self.pos < self.src.len() {
            self.pos += 1;
        }
    }

    fn save(&mut self, c: u8) {
        self.buf.push(c);
    }

    fn save_and_advance(&mut self) {
        if let Some(&b) = self.src.get(self.pos) {
            self.buf.push(b);
            self.pos += 1;
        }
    }

    /// If the current character is in `set`, saves it, advances and returns true.
    ///
    /// PUC tests membership with C `strchr`, which also finds the set's terminating NUL: a NUL
    /// byte belongs to every set. So `1\0` is a numeral (its text stops at the NUL for `strtod`),
    /// and `.` NUL is `..`.
    fn check_next(&mut self, set: &[u8]) -> bool {
        match self.src.get(self.pos) {
            Some(b) if *b == 0 || set.contains(b) => {
                self.save_and_advance();
                true
            }
            _ => false,
        }
    }

    /// Skips one newline sequence (`\n`, `\r`, `\n\r` or `\r\n`) and counts a line.
    fn newline(&mut self) {
        let old = self.src.get(self.pos).copied();
        self.advance();
        if self.cur_is_newline() && self.src.get(self.pos).copied() != old {
            self.advance();
        }
        // PUC stops at MAX_INT lines ("chunk has too many lines"); that needs a 2 GiB source.
        self.line = self.line.saturating_add(1);
    }

    /// Reads the next token.
    pub fn next_token(&mut self) -> Result<Token, SyntaxError> {
        self.buf.clear();
        loop {
            self.token_start = self.pos;
            let c = self.current();
            if c == EOZ {
                return Ok(Token::Eof);
            }
            let c = c as u8;
            match c {
                b'\n' | b'\r' => self.newline(),
                b'-' => {
                    self.advance();
                    if !self.cur_is(b'-') {
                        return Ok(Token::Char(b'-'));
                    }
                    self.advance();
                    if self.cur_is(b'[') {
                        let sep = self.skip_sep();
                        self.buf.clear();
                        if sep >= 0 {
                            self.read_long_string(sep as usize, false)?;
                            self.buf.clear();
                            continue;
                        }
                    }
                    while !self.cur_is_newline() && self.current() != EOZ {
                        self.advance();
                    }
                }
                b'[' => {
                    let sep = self.skip_sep();
                    if sep >= 0 {
                        self.read_long_string(sep as usize, true)?;
                        return Ok(self.string_token(sep as usize + 2));
                    } else if sep == -1 {
                        return Ok(Token::Char(b'['));
                    } else {
                        return Err(self.lex_error("invalid long string delimiter", Near::Buffer));
                    }
                }
                b'=' => return Ok(self.maybe_eq(b'=', Token::Eq)),
                b'<' => return Ok(self.maybe_eq(b'<', Token::Le)),
                b'>' => return Ok(self.maybe_eq(b'>', Token::Ge)),
                b'~' => return Ok(self.maybe_eq(b'~', Token::Ne)),
                b'"' | b'\'' => return self.read_string(c),
                b'.' => {
                    self.save_and_advance();
                    if self.check_next(b".") {
                        if self.check_next(b".") {
                            return Ok(Token::Dots);
                        }
                        return Ok(Token::Concat);
                    }
                    if !self.cur_is_digit() {
                        return Ok(Token::Char(b'.'));
                    }
                    return self.read_numeral();
                }
                _ if is_space(c) => self.advance(),
                _ if c.is_ascii_digit() => return self.read_numeral(),
                _ if is_alpha(c) || c == b'_' => {
                    while matches!(self.src.get(self.pos), Some(&b) if is_alnum(b) || b == b'_') {
                        self.save_and_advance();
                    }
                    return Ok(match Keyword::from_bytes(&self.buf) {
                        Some(k) => Token::Kw(k),
                        None => Token::Name(self.buf.clone()),
                    });
                }
                _ => {
                    self.advance();
                    return Ok(Token::Char(c));
                }
            }
        }
    }

    /// `c` or, when followed by `=`, the two-byte token `two`.
    fn maybe_eq(&mut self, c: u8, two: Token) -> Token {
        self.advance();
        if self.cur_is(b'=') {
            self.advance();
            two
        } else {
            Token::Char(c)
        }
    }

    /// At a `[` or `]`: saves it and the `=` signs after it. Returns their count when the same
    /// bracket follows, else `-count - 1`.
    fn skip_sep(&mut self) -> i64 {
        let s = self.src[self.pos];
        let mut count: i64 = 0;
        self.save_and_advance();
        while self.cur_is(b'=') {
            self.save_and_advance();
            count += 1;
        }
        if self.cur_is(s) {
            count
        } else {
            -count - 1
        }
    }

    /// Reads a long string or comment whose opening bracket (level `sep`) has been read up to
    /// its second `[`; a string is left in the buffer, with its brackets.
    fn read_long_string(&mut self, sep: usize, is_string: bool) -> Result<(), SyntaxError> {
        self.save_and_advance(); // the second '['
        if self.cur_is_newline() {
            self.newline();
        }
        loop {
            let c = self.current();
            if c == EOZ {
                let msg = if is_string {
                    "unfinished long string"
                } else {
                    "unfinished long comment"
                };
                return Err(self.lex_error(msg, Near::Eof));
            }
            match c as u8 {
                b'[' => {
                    if self.skip_sep() == sep as i64 {
                        self.save_and_advance();
                        if sep == 0 {
                            return Err(self
                                .lex_error("nesting of [[...]] is deprecated", Near::Char(b'[')));
                        }
                    }
                }
                b']' => {
                    if self.skip_sep() == sep as i64 {
                        self.save_and_advance();
                        break;
                    }
                }
                b'\n' | b'\r' => {
                    self.save(b'\n');
                    self.newline();
                    if !is_string {
                        self.buf.clear();
                    }
                }
                _ => {
                    if is_string {
                        self.save_and_advance();
                    } else {
                        self.advance();
                    }
                }
            }
        }
        Ok(())
    }

    fn read_string(&mut self, delim: u8) -> Result<Token, SyntaxError> {
        self.save_and_advance();
        loop {
            let c = self.current();
            if c == EOZ {
                return Err(self.lex_error("unfinished string", Near::Eof));
            }
            let c = c as u8;
            if c == delim {
                break;
            }
            match c {
                b'\n' | b'\r' => return Err(self.lex_error("unfinished string", Near::Buffer)),
                b'\\' => {
                    self.advance(); // the backslash is not saved
                    let e = self.current();
                    if e == EOZ {
                        continue; // "unfinished string" at the top of the loop
                    }
                    let e = e as u8;
                    let decoded = match e {
                        b'a' => 7,
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'v' => 11,
                        b'\n' | b'\r' => {
                            self.save(b'\n');
                            self.newline();
                            continue;
                        }
                        b'0'..=b'9' => {
                            let mut value: u32 = 0;
                            let mut digits = 0;
                            while digits < 3 && self.cur_is_digit() {
                                value = value * 10 + u32::from(self.src[self.pos] - b'0');
                                self.advance();
                                digits += 1;
                            }
                            if value > 255 {
                                return Err(
                                    self.lex_error("escape sequence too large", Near::Buffer)
                                );
                            }
                            self.save(value as u8);
                            continue;
                        }
                        other => other,
                    };
                    self.save(decoded);
                    self.advance();
                }
                _ => self.save_and_advance(),
            }
        }
        self.save_and_advance(); // the closing delimiter
        Ok(self.string_token(1))
    }

    fn read_numeral(&mut self) -> Result<Token, SyntaxError> {
        loop {
            self.save_and_advance();
            if !(self.cur_is_digit() || self.cur_is(b'.')) {
                break;
            }
        }
        if self.check_next(b"Ee") {
            self.check_next(b"+-");
        }
        while matches!(self.src.get(self.pos), Some(&b) if is_alnum(b) || b == b'_') {
            self.save_and_advance();
        }
        match str_to_number(&self.buf) {
            Some(value) => Ok(Token::Number {
                value,
                raw: self.buf.clone(),
            }),
            None => Err(self.lex_error("malformed number", Near::Buffer)),
        }
    }
}

/// Converts a string to a number as PUC's `luaO_str2d` does on glibc: C `strtod` (leading
/// whitespace, an optional sign, then a decimal or `0x` hexadecimal numeral with optional
/// exponent, or `inf`/`infinity`/`nan`/`nan(...)` in any case), with nothing but whitespace after
/// it. The result is correctly rounded. The lexer uses it for numerals; `tonumber` and the
/// string-to-number coercions of arithmetic use the same rules.
pub fn str_to_number(s: &[u8]) -> Option<f64> {
    let s = until_nul(s); // C sees a NUL-terminated string
    let (value, end) = strtod(s)?;
    if s[end..].iter().all(|&b| is_space(b)) {
        Some(value)
    } else {
        None
    }
}

/// glibc `strtod`: the value and the index just past the text it converts, or `None` when it
/// converts nothing.
fn strtod(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let mut negative = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        negative = s[i] == b'-';
        i += 1;
    }
    let body = &s[i..];
    let (magnitude, used) = hex_float(body)
        .or_else(|| decimal_float(body))
        .or_else(|| special_float(body))?;
    let value = if negative { -magnitude } else { magnitude };
    Some((value, i + used))
}

fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn special_float(s: &[u8]) -> Option<(f64, usize)> {
    if starts_with_ignore_case(s, b"infinity") {
        Some((f64::INFINITY, 8))
    } else if starts_with_ignore_case(s, b"inf") {
        Some((f64::INFINITY, 3))
    } else if starts_with_ignore_case(s, b"nan") {
        let mut used = 3;
        if s.get(3) == Some(&b'(') {
            let mut j = 4;
            while j < s.len() && (is_alnum(s[j]) || s[j] == b'_') {
                j += 1;
            }
            if s.get(j) == Some(&b')') {
                used = j + 1;
            }
        }
        Some((f64::NAN, used))
    } else {
        None
    }
}

/// A decimal numeral: digits with an optional point (at least one digit), then an optional
/// exponent that is only taken when it has digits.
fn decimal_float(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    let mut digits = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        let mut j = i + 1;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            j += 1;
        }
        if j < s.len() && s[j].is_ascii_digit() {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    // The text is ASCII and in a form Rust's correctly rounded parser accepts.
    let text = std::str::from_utf8(&s[..i]).ok()?;
    let value = text.parse::<f64>().ok()?;
    Some((value, i))
}

fn hex_digit(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

/// A hexadecimal numeral `0x` hexdigits [`.` hexdigits] [`p` [sign] digits], with at least one
/// hex digit, correctly rounded to nearest even.
fn hex_float(s: &[u8]) -> Option<(f64, usize)> {
    if !(s.len() >= 2 && s[0] == b'0' && (s[1] == b'x' || s[1] == b'X')) {
        return None;
    }
    let mut i = 2;
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = 0; // value = mantissa * 2^exponent (+ sticky)
    let mut sticky = false;
    let mut digits = 0;
    let mut seen_point = false;
    while i < s.len() {
        let c = s[i];
        if c == b'.' && !seen_point {
            seen_point = true;
            i += 1;
            continue;
        }
        let Some(d) = hex_digit(c) else { break };
        digits += 1;
        if mantissa >> 60 == 0 {
            mantissa = mantissa * 16 + u64::from(d);
            if seen_point {
                exponent -= 4;
            }
        } else {
            sticky |= d != 0;
            if !seen_point {
                exponent += 4;
            }
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if i < s.len() && (s[i] == b'p' || s[i] == b'P') {
        let mut j = i + 1;
        let mut negative = false;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            negative = s[j] == b'-';
            j += 1;
        }
        if j < s.len() && s[j].is_ascii_digit() {
            let mut e: i64 = 0;
            while j < s.len() && s[j].is_ascii_digit() {
                e = (e * 10 + i64::from(s[j] - b'0')).min(1 << 40);
                j += 1;
            }
            exponent += if negative { -e } else { e };
            i = j;
        }
    }
    Some((scale_binary(mantissa, exponent, sticky), i))
}

/// `2^e` for `e` in the normal range.
fn pow2(e: i64) -> f64 {
    debug_assert!((-1022..=1023).contains(&e));
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// `mantissa * 2^exponent` correctly rounded to nearest even; `sticky` says that nonzero bits
/// below the mantissa's were dropped.
fn scale_binary(mantissa: u64, exponent: i64, sticky: bool) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    let bits = 64 - i64::from(mantissa.leading_zeros());
    let top = exponent + bits - 1; // exponent of the leading bit
    if top > 1023 {
        return f64::INFINITY;
    }
    if top < -1075 {
        return 0.0; // below half the smallest subnormal
    }
    // The result is a multiple of 2^q.
    let q = (top - 52).max(-1074);
    let shift = q - exponent;
    let rounded: u64 = if shift <= 0 {
        // Exact: at most 53 significant bits.
        mantissa << (-shift)
    } else {
        let (kept, rest, half) = if shift >= 64 {
            (0, mantissa, None)
        } else {
            (
                mantissa >> shift,
                mantissa & ((1u64 << shift) - 1),
                Some(1u64 << (shift - 1)),
            )
        };
        let round_up = match half {
            // shift >= 64: the whole mantissa is below the last kept bit; it is at most half only
            // when shift == 64 and mantissa is exactly 2^63 without sticky bits.
            None => shift == 64 && (rest > 1 << 63 || (rest == 1 << 63 && sticky)),
            Some(half) => rest > half || (rest == half && (sticky || kept & 1 == 1)),
        };
        kept + u64::from(round_up)
    };
    if q >= -1022 {
        // q <= 1023 - 52; a product of 2^1024 or more overflows to infinity, as it should.
        rounded as f64 * pow2(q)
    } else {
        // Subnormal range: rounded * 2^q with q in [-1074, -1023]; both steps are exact.
        (rounded as f64 * pow2(q + 1074)) * f64::from_bits(1)
    }
}

/// The token at or after byte `offset` of `source`, as a message would show it after `near`
/// (`None`: no `near` part), and the line PUC would report with it (the line where that token
/// ends). `offset` is a token boundary, such as an AST span's start or end. This is what a code
/// generator needs to reproduce the errors PUC's code generator raises while parsing (`function
/// or expression too complex near ...`, `control structure too long near ...`).
pub fn token_at(source: &[u8], options: &ParseOptions, offset: usize) -> (Option<Vec<u8>>, u32) {
    let (start, first_line) = start_position(source, options.skip_first_line);
    let offset = offset.min(source.len()).max(start);
    let mut line = first_line;
    let mut i = start;
    while i < offset {
        let c = source[i];
        if c == b'\n' || c == b'\r' {
            line = line.saturating_add(1);
            if i + 1 < offset
                && (source[i + 1] == b'\n' || source[i + 1] == b'\r')
                && source[i + 1] != c
            {
                i += 1;
            }
        }
        i += 1;
    }
    let mut lexer = Lexer::at(source, offset, line, Vec::new());
    match lexer.next_token() {
        Ok(token) => (lexer.near_text(&token), lexer.line()),
        Err(_) => (None, lexer.line()),
    }
}

/// A syntax error as PUC reports it when its parser stops at the token at or after `offset`:
/// `chunkid:line: msg near 'token'`.
pub fn error_at(
    source: &[u8],
    chunkname: &[u8],
    options: &ParseOptions,
    offset: usize,
    msg: &str,
) -> SyntaxError {
    let (near, line) = token_at(source, options, offset);
    format_error(
        &chunk_id(chunkname, options.id_size),
        line,
        msg.as_bytes(),
        near.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Vec<Token> {
        let mut lex = Lexer::new(src.as_bytes(), b"=t", &ParseOptions::LOADSTRING);
        let mut out = Vec::new();
        loop {
            match lex.next_token() {
                Ok(Token::Eof) => return out,
                Ok(t) => out.push(t),
                Err(e) => panic!("{src:?}: {}", e.message),
            }
        }
    }

    #[test]
    fn operators_names_and_keywords() {
        use Token::*;
        let name = |s: &str| Name(s.as_bytes().to_vec());
        assert_eq!(
            tokens("a.b..c...d==e>=f<=g~=h~i=j<k>l-m--comment\nn#o;p:q,r[s]t{u}v(w)x^y%z/_1*and_"),
            [
                name("a"),
                Char(b'.'),
                name("b"),
                Concat,
                name("c"),
                Dots,
                name("d"),
                Eq,
                name("e"),
                Ge,
                name("f"),
                Le,
                name("g"),
                Ne,
                name("h"),
                Char(b'~'),
                name("i"),
                Char(b'='),
                name("j"),
                Char(b'<'),
                name("k"),
                Char(b'>'),
                name("l"),
                Char(b'-'),
                name("m"),
                name("n"),
                Char(b'#'),
                name("o"),
                Char(b';'),
                name("p"),
                Char(b':'),
                name("q"),
                Char(b','),
                name("r"),
                Char(b'['),
                name("s"),
                Char(b']'),
                name("t"),
                Char(b'{'),
                name("u"),
                Char(b'}'),
                name("v"),
                Char(b'('),
                name("w"),
                Char(b')'),
                name("x"),
                Char(b'^'),
                name("y"),
                Char(b'%'),
                name("z"),
                Char(b'/'),
                name("_1"),
                Char(b'*'),
                name("and_"),
            ]
        );
        assert_eq!(
            tokens("and break do else elseif end false for function if in local nil not or"),
            [
                Keyword::And,
                Keyword::Break,
                Keyword::Do,
                Keyword::Else,
                Keyword::Elseif,
                Keyword::End,
                Keyword::False,
                Keyword::For,
                Keyword::Function,
                Keyword::If,
                Keyword::In,
                Keyword::Local,
                Keyword::Nil,
                Keyword::Not,
                Keyword::Or,
            ]
            .map(Kw)
        );
        assert_eq!(
            tokens("repeat return then true until while"),
            [
                Keyword::Repeat,
                Keyword::Return,
                Keyword::Then,
                Keyword::True,
                Keyword::Until,
                Keyword::While
            ]
            .map(Kw)
        );
        // Bytes that start no token are single-byte tokens; messages show control bytes as
        // char(N) and a NUL byte not at all.
        assert_eq!(tokens("$ \u{7f}"), [Char(b'$'), Char(127)]);
        assert_eq!(Char(1).near_text(), Some(b"char(1)".to_vec()));
        assert_eq!(Char(0).near_text(), None);
        assert_eq!(Char(0xff).near_text(), Some(vec![0xff]));
    }

    #[test]
    fn comments_and_line_counting() {
        let mut lex = Lexer::new(
            b"--[==[ a\n]] ]=] ]==] x --[[\r\n\n]] y -- z\n\r w\r\r v\n\n u --[=x\n t",
            b"=t",
            &ParseOptions::LOADSTRING,
        );
        let mut seen = Vec::new();
        loop {
            match lex.next_token().unwrap() {
                Token::Eof => break,
                Token::Name(n) => seen.push((String::from_utf8(n).unwrap(), lex.line())),
                other => panic!("{other:?}"),
            }
        }
        let want = [("x", 2), ("y", 4), ("w", 5), ("v", 7), ("u", 9), ("t", 10)];
        let want: Vec<(String, u32)> = want.iter().map(|&(n, l)| (n.to_string(), l)).collect();
        assert_eq!(seen, want);
    }

    #[test]
    fn near_text_of_strings_is_decoded() {
        let src = b"local x 'a\\tb\\65\\0c'";
        let mut lex = Lexer::new(src, b"=t", &ParseOptions::LOADSTRING);
        for _ in 0..2 {
            lex.next_token().unwrap();
        }
        let tok = lex.next_token().unwrap();
        assert_eq!(tok, Token::String(b"a\tbA\0c".to_vec()));
        assert_eq!(lex.near_text(&tok), Some(b"'a\tbA".to_vec()));
    }

    #[test]
    fn chunk_ids() {
        let id = |name: &[u8], size| String::from_utf8(chunk_id(name, size)).unwrap();
        assert_eq!(id(b"=stdin", 80), "stdin");
        assert_eq!(id(b"@file.lua", 80), "file.lua");
        assert_eq!(id(b"x = 1", 80), "[string \"x = 1\"]");
        assert_eq!(id(b"line1\nline2", 80), "[string \"line1...\"]");
        assert_eq!(id(b"line1\rline2", 80), "[string \"line1...\"]");
        assert_eq!(id(b"", 80), "[string \"\"]");
        assert_eq!(id(b"@", 80), "");
        assert_eq!(id(b"=", 80), "");
        assert_eq!(id(b"a\0b", 80), "[string \"a\"]");
        assert_eq!(id(b"=a\nb", 80), "a\nb");
        let s = |c: &str, n: usize| c.repeat(n);
        assert_eq!(
            id(s("s", 63).as_bytes(), 80),
            format!("[string \"{}\"]", s("s", 63))
        );
        assert_eq!(
            id(s("s", 64).as_bytes(), 80),
            format!("[string \"{}...\"]", s("s", 63))
        );
        assert_eq!(
            id(s("s", 44).as_bytes(), 60),
            format!("[string \"{}...\"]", s("s", 43))
        );
        let long = format!("@{}", s("f", 100));
        assert_eq!(id(long.as_bytes(), 80), format!("...{}", s("f", 72)));
        assert_eq!(id(long.as_bytes(), 60), format!("...{}", s("f", 52)));
        assert_eq!(id(format!("@{}", s("f", 72)).as_bytes(), 80), s("f", 72));
        assert_eq!(id(format!("={}", s("n", 100)).as_bytes(), 80), s("n", 79));
        assert_eq!(id(format!("={}", s("n", 100)).as_bytes(), 60), s("n", 59));
    }

    #[test]
    fn strings_to_numbers_like_glibc_strtod() {
        let n = |s: &str| str_to_number(s.as_bytes());
        assert_eq!(n(" 10 "), Some(10.0));
        assert_eq!(n("\t0x10\n"), Some(16.0));
        assert_eq!(n("-0x10"), Some(-16.0));
        assert_eq!(n("0x1P+3"), Some(8.0));
        assert_eq!(n("0x.8"), Some(0.5));
        assert_eq!(n(".5"), Some(0.5));
        assert_eq!(n("+.5"), Some(0.5));
        assert_eq!(n("5."), Some(5.0));
        assert_eq!(n("1e400"), Some(f64::INFINITY));
        assert_eq!(n("-1e-400"), Some(-0.0));
        assert_eq!(n("inf"), Some(f64::INFINITY));
        assert_eq!(n("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(n("nan").unwrap().is_nan());
        assert!(n("-nan(123)").unwrap().is_sign_negative());
        assert_eq!(n("1\0abc"), Some(1.0));
        for bad in [
            "", " ", ".", "1e", "1e+", "0x", "0x.", "0x1p", "1 2", "--1", "nan(", "1x", "0xg",
        ] {
            assert_eq!(n(bad), None, "{bad:?}");
        }
        // Hexadecimal numerals are correctly rounded (to nearest, ties to even), subnormals
        // included.
        for (s, want) in [
            ("0x1p-1074", f64::from_bits(1)),
            ("0x1p-1075", 0.0),
            ("0x3p-1075", f64::from_bits(2)),
            ("0x1.8p-1074", f64::from_bits(2)),
            (
                "0x1.0000000000001p-1022",
                f64::from_bits(0x0010_0000_0000_0001),
            ),
            ("0x1.fffffffffffff8p1023", f64::INFINITY),
            ("0x1.fffffffffffff7p1023", f64::MAX),
            ("0x20000000000001", 9007199254740992.0),
            ("0x20000000000003", 9007199254740996.0),
            (
                "0x20000000000001000000001",
                f64::from_bits(((89 + 1023) << 52) | 1),
            ),
            ("0xfffffffffffffffffff", 2f64.powi(76)),
            ("0x1p1024", f64::INFINITY),
            ("0x1p99999999999999999999", f64::INFINITY),
            ("0x0p99999999999999999999", 0.0),
        ] {
            assert_eq!(n(s).map(f64::to_bits), Some(want.to_bits()), "{s}");
        }
    }

    #[test]
    fn token_at_shows_what_a_message_would() {
        let o = ParseOptions::LOADSTRING;
        let src = b"x = 1 --c\n\r  'a\\tb' [[\n]] 2";
        assert_eq!(token_at(src, &o, 0), (Some(b"x".to_vec()), 1));
        assert_eq!(token_at(src, &o, 5), (Some(b"'a\tb'".to_vec()), 2));
        assert_eq!(token_at(src, &o, 20), (Some(b"[[]]".to_vec()), 3));
        assert_eq!(token_at(src, &o, src.len()), (Some(b"<eof>".to_vec()), 3));
        let file = ParseOptions::FILE;
        assert_eq!(
            token_at(b"#!lua\r\nx y", &file, 9),
            (Some(b"y".to_vec()), 2)
        );
    }
}
