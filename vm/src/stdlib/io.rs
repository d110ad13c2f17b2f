//! The io library of Lua 5.1 for the command line: io.write/read/lines/open/close/input/output/
//! type/flush/tmpfile/popen, the standard files, and file handles (full userdata with the
//! shared `FILE*` metatable) with read/write/lines/seek/flush/setvbuf/close methods.
//!
//! A file handle's stream lives in [`IoState`], keyed by the userdata. Reads are buffered here
//! (so `*n` can look ahead). Writes to files are buffered as C's stdio buffers them
//! (`setvbuf`: fully by default, by line, or not at all), so another handle on the same file
//! sees them only once flushed; other streams are written at once (standard output goes through
//! `VmState::stdout`, shared with `print`). Results and messages are 5.1's: `true` from a
//! successful write, `nil, "name: strerror", errno` on failure.

use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom, Write};

use super::os::{push_result, strerror};
use crate::exec::{new_native, LuaError, NativeCtx, NativeReturn, Vm, VmState};
use crate::heap::HeapError;
use crate::object::UserData;
use crate::value::{TableRef, UserRef, Value};

type R = Result<NativeReturn, LuaError>;

/// fgets's buffer in 5.1's `read_line` (`LUAL_BUFFERSIZE`): a line is read in pieces of at
/// most this many bytes minus one.
const LINE_CHUNK: usize = 8192;

/// The output buffer of a file opened by the io library: glibc's, a file system block. Lua's
/// `setvbuf` passes no buffer of its own, and glibc then keeps its size whatever size is asked.
const FILE_BUFFER: usize = 4096;

/// How writes to a file are buffered: C's `setvbuf` modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Buffering {
    No,
    Full,
    Line,
}

/// Registry keys: the handles' metatable and the default files.
const META_KEY: &[u8] = b"FILE*";
const INPUT_KEY: &[u8] = b"_IO_input";
const OUTPUT_KEY: &[u8] = b"_IO_output";

/// What a handle reads from or writes to.
enum Stream {
    Stdin,
    /// `VmState::stdout`.
    Stdout,
    Stderr,
    File(std::fs::File),
    /// `io.popen(cmd, "r")`: the command's output.
    PipeFrom(std::process::Child),
    /// `io.popen(cmd, "w")`: the command's input.
    PipeTo(std::process::Child),
}

/// One file handle.
struct LFile {
    /// `None` once closed.
    stream: Option<Stream>,
    /// Read ahead but not yet consumed.
    rbuf: Vec<u8>,
    rpos: usize,
    /// Written but not yet passed to a file (see [`Buffering`]).
    wbuf: Vec<u8>,
    buffering: Buffering,
    /// Whether the file was opened for writing (writing a read-only file fails at once, as in
    /// C, rather than when the buffer is flushed).
    writable: bool,
    /// The standard files cannot be closed.
    standard: bool,
}

/// The files the io library has opened, by handle.
#[derive(Default)]
pub struct IoState {
    files: HashMap<UserRef, LFile>,
}

impl IoState {
    /// Flushes every stream that buffers (before the process exits).
    pub fn flush_all(&mut self) {
        for f in self.files.values_mut() {
            let _ = f.flush_writes();
            if let Some(Stream::File(file)) = &mut f.stream {
                let _ = file.flush();
            }
        }
        let _ = std::io::stderr().flush();
    }
}

fn espipe() -> std::io::Error {
    std::io::Error::from_raw_os_error(29)
}

fn ebadf() -> std::io::Error {
    std::io::Error::from_raw_os_error(9)
}

impl LFile {
    fn new(stream: Stream, standard: bool) -> LFile {
        LFile {
            stream: Some(stream),
            rbuf: Vec::new(),
            rpos: 0,
            wbuf: Vec::new(),
            buffering: Buffering::Full,
            writable: true,
            standard,
        }
    }

    /// Passes buffered writes to the file.
    fn flush_writes(&mut self) -> std::io::Result<()> {
        if self.wbuf.is_empty() {
            return Ok(());
        }
        let data = std::mem::take(&mut self.wbuf);
        match &mut self.stream {
            Some(Stream::File(f)) => f.write_all(&data),
            _ => Ok(()),
        }
    }

    /// Reads more into the buffer; false at end of file.
    fn fill(&mut self) -> std::io::Result<bool> {
        self.flush_writes()?;
        if self.rpos >= self.rbuf.len() {
            self.rbuf.clear();
            self.rpos = 0;
        }
        let mut chunk = [0u8; 8192];
        let n = loop {
            let r = match &mut self.stream {
                Some(Stream::Stdin) => std::io::stdin().read(&mut chunk),
                Some(Stream::File(f)) => f.read(&mut chunk),
                Some(Stream::PipeFrom(child)) => match child.stdout.as_mut() {
                    Some(out) => out.read(&mut chunk),
                    None => Ok(0),
                },
                Some(Stream::Stdout | Stream::Stderr | Stream::PipeTo(_)) | None => Err(ebadf()),
            };
            match r {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                r => break r?,
            }
        };
        self.rbuf.extend_from_slice(&chunk[..n]);
        Ok(n > 0)
    }

    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        if self.rpos >= self.rbuf.len() && !self.fill()? {
            return Ok(None);
        }
        Ok(self.rbuf.get(self.rpos).copied())
    }

    fn getc(&mut self) -> std::io::Result<Option<u8>> {
        let c = self.peek()?;
        if c.is_some() {
            self.rpos += 1;
        }
        Ok(c)
    }

    /// 5.1's `read_line`: fgets pieces until one ends the line. Like C, a piece is cut at its
    /// first NUL byte (what follows it in the piece is lost). `None` when nothing was read.
    fn read_line(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        loop {
            // One fgets: up to LINE_CHUNK-1 bytes, through a newline.
            let mut piece = Vec::new();
            while piece.len() < LINE_CHUNK - 1 {
                match self.getc()? {
                    Some(c) => {
                        piece.push(c);
                        if c == b'\n' {
                            break;
                        }
                    }
                    None => break,
                }
            }
            if piece.is_empty() {
                return Ok(if line.is_empty() { None } else { Some(line) });
            }
            let l = piece.iter().position(|&b| b == 0).unwrap_or(piece.len());
            if l == 0 || piece[l - 1] != b'\n' {
                line.extend_from_slice(&piece[..l]);
            } else {
                line.extend_from_slice(&piece[..l - 1]);
                return Ok(Some(line));
            }
        }
    }

    /// Up to `n` bytes.
    fn read_chars(&mut self, n: u64) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        while (out.len() as u64) < n {
            if self.rpos >= self.rbuf.len() && !self.fill()? {
                break;
            }
            let avail = &self.rbuf[self.rpos..];
            let take = avail
                .len()
                .min((n - out.len() as u64).min(usize::MAX as u64) as usize);
            out.extend_from_slice(&avail[..take]);
            self.rpos += take;
        }
        Ok(out)
    }

    /// `fscanf(f, "%lf")`: white space, then the longest text that can start a number.
    fn read_number(&mut self) -> std::io::Result<Option<f64>> {
        while let Some(c) = self.peek()? {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                self.rpos += 1;
            } else {
                break;
            }
        }
        let mut text = Vec::new();
        let take = |f: &mut LFile, text: &mut Vec<u8>, ok: &dyn Fn(u8) -> bool| {
            let mut n = 0;
            while let Some(c) = f.peek()? {
                if !ok(c) {
                    break;
                }
                text.push(c);
                f.rpos += 1;
                n += 1;
            }
            Ok::<usize, std::io::Error>(n)
        };
        if let Some(c @ (b'+' | b'-')) = self.peek()? {
            text.push(c);
            self.rpos += 1;
        }
        match self.peek()? {
            Some(b'i' | b'I' | b'n' | b'N') => {
                take(self, &mut text, &|c: u8| c.is_ascii_alphabetic())?;
            }
            Some(b'0') => {
                text.push(b'0');
                self.rpos += 1;
                if let Some(x @ (b'x' | b'X')) = self.peek()? {
                    text.push(x);
                    self.rpos += 1;
                    take(self, &mut text, &|c: u8| c.is_ascii_hexdigit())?;
                    if self.peek()? == Some(b'.') {
                        text.push(b'.');
                        self.rpos += 1;
                        take(self, &mut text, &|c: u8| c.is_ascii_hexdigit())?;
                    }
                    self.exponent(&mut text, b'p')?;
                } else {
                    self.decimal_rest(&mut text)?;
                }
            }
            _ => self.decimal_rest(&mut text)?,
        }
        Ok(crate::number::str_to_number(&text))
    }

    fn decimal_rest(&mut self, text: &mut Vec<u8>) -> std::io::Result<()> {
        while let Some(c) = self.peek()? {
            if !c.is_ascii_digit() {
                break;
            }
            text.push(c);
            self.rpos += 1;
        }
        if self.peek()? == Some(b'.') {
            text.push(b'.');
            self.rpos += 1;
            while let Some(c) = self.peek()? {
                if !c.is_ascii_digit() {
                    break;
                }
                text.push(c);
                self.rpos += 1;
            }
        }
        self.exponent(text, b'e')
    }

    fn exponent(&mut self, text: &mut Vec<u8>, letter: u8) -> std::io::Result<()> {
        if self.peek()?.map(|c| c | 0x20) != Some(letter) {
            return Ok(());
        }
        text.push(letter);
        self.rpos += 1;
        if let Some(c @ (b'+' | b'-')) = self.peek()? {
            text.push(c);
            self.rpos += 1;
        }
        while let Some(c) = self.peek()? {
            if !c.is_ascii_digit() {
                break;
            }
            text.push(c);
            self.rpos += 1;
        }
        Ok(())
    }

    /// Gives back what was read ahead (before writing or seeking a file).
    fn unread(&mut self) -> std::io::Result<()> {
        let pending = self.rbuf.len().saturating_sub(self.rpos) as i64;
        self.rbuf.clear();
        self.rpos = 0;
        if pending > 0 {
            if let Some(Stream::File(f)) = &mut self.stream {
                f.seek(SeekFrom::Current(-pending))?;
            }
        }
        Ok(())
    }

    fn write(&mut self, stdout: &mut dyn Write, data: &[u8]) -> std::io::Result<()> {
        self.unread()?;
        match &mut self.stream {
            Some(Stream::Stdout) => stdout.write_all(data),
            Some(Stream::Stderr) => std::io::stderr().write_all(data),
            Some(Stream::File(_)) if !self.writable => Err(ebadf()),
            Some(Stream::File(_)) => self.buffered_write(data),
            Some(Stream::PipeTo(child)) => match child.stdin.as_mut() {
                Some(input) => input.write_all(data),
                None => Err(ebadf()),
            },
            Some(Stream::Stdin | Stream::PipeFrom(_)) | None => Err(ebadf()),
        }
    }

    /// A write to a file, through its buffer as glibc's `fwrite` does it: what fits stays in
    /// the buffer (in line mode, when it all fits, only up to its last newline, and then the
    /// buffer is written out); what overflows writes the buffer out, goes straight to the file
    /// in whole buffer-sized blocks, and the rest starts the buffer again (in line mode written
    /// out through its last newline).
    fn buffered_write(&mut self, data: &[u8]) -> std::io::Result<()> {
        if self.buffering == Buffering::No {
            self.flush_writes()?;
            self.wbuf.extend_from_slice(data);
            return self.flush_writes();
        }
        let space = FILE_BUFFER.saturating_sub(self.wbuf.len());
        let mut fit = data.len().min(space);
        let mut must_flush = false;
        if self.buffering == Buffering::Line && data.len() <= space {
            if let Some(nl) = data.iter().rposition(|&b| b == b'\n') {
                fit = nl + 1;
                must_flush = true;
            }
        }
        self.wbuf.extend_from_slice(&data[..fit]);
        let rest = &data[fit..];
        if rest.is_empty() && !must_flush {
            return Ok(());
        }
        self.flush_writes()?;
        let direct = rest.len() - rest.len() % FILE_BUFFER;
        if let Some(Stream::File(f)) = &mut self.stream {
            f.write_all(&rest[..direct])?;
        }
        let mut tail = &rest[direct..];
        if self.buffering == Buffering::Line {
            // After an overflow glibc takes the rest a byte at a time: each newline flushes.
            if let Some(nl) = tail.iter().rposition(|&b| b == b'\n') {
                self.wbuf.extend_from_slice(&tail[..=nl]);
                self.flush_writes()?;
                tail = &tail[nl + 1..];
            }
        }
        self.wbuf.extend_from_slice(tail);
        Ok(())
    }

    /// `setvbuf`: turning buffering off writes out what is pending; the other modes only change
    /// how later writes are buffered.
    fn set_buffering(&mut self, mode: Buffering) -> std::io::Result<()> {
        if mode == Buffering::No {
            self.flush_writes()?;
        }
        self.buffering = mode;
        Ok(())
    }

    fn flush(&mut self, stdout: &mut dyn Write) -> std::io::Result<()> {
        self.flush_writes()?;
        match &mut self.stream {
            Some(Stream::Stdout) => stdout.flush(),
            Some(Stream::Stderr) => std::io::stderr().flush(),
            Some(Stream::File(f)) => f.flush(),
            Some(Stream::PipeTo(child)) => match child.stdin.as_mut() {
                Some(input) => input.flush(),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn seek(&mut self, whence: &[u8], offset: i64) -> std::io::Result<u64> {
        self.flush_writes()?;
        let pending = self.rbuf.len().saturating_sub(self.rpos) as i64;
        let Some(Stream::File(f)) = &mut self.stream else {
            return Err(espipe());
        };
        let target = match whence {
            b"set" => {
                if offset < 0 {
                    return Err(std::io::Error::from_raw_os_error(22));
                }
                SeekFrom::Start(offset as u64)
            }
            b"end" => SeekFrom::End(offset),
            _ => SeekFrom::Current(offset - pending),
        };
        let at = f.seek(target)?;
        self.rbuf.clear();
        self.rpos = 0;
        Ok(at)
    }

    fn close(&mut self) -> std::io::Result<()> {
        self.rbuf.clear();
        self.rpos = 0;
        let written = self.flush_writes();
        let closed = match self.stream.take() {
            Some(Stream::File(mut f)) => f.flush(),
            Some(Stream::PipeFrom(mut child)) => {
                drop(child.stdout.take());
                child.wait().map(|_| ())
            }
            Some(Stream::PipeTo(mut child)) => {
                drop(child.stdin.take());
                child.wait().map(|_| ())
            }
            _ => Ok(()),
        };
        written.and(closed)
    }
}

// ------------------------------------------------------------------ handles

fn heap(ctx: &mut NativeCtx<'_, '_>, e: HeapError) -> LuaError {
    ctx.heap_error(e)
}

fn registry_get(ctx: &mut NativeCtx<'_, '_>, key: &[u8]) -> Result<Value, LuaError> {
    let k = ctx.tx.intern(key).map_err(|e| heap(ctx, e))?;
    ctx.tx
        .get(ctx.state.registry, &Value::Str(k))
        .map_err(|e| heap(ctx, e))
}

fn registry_set(ctx: &mut NativeCtx<'_, '_>, key: &[u8], v: Value) -> Result<(), LuaError> {
    let k = ctx.tx.intern(key).map_err(|e| heap(ctx, e))?;
    ctx.tx
        .set(ctx.state.registry, Value::Str(k), v)
        .map_err(|e| heap(ctx, e))
}

/// The handle in `v`, if it is one (a userdata with the `FILE*` metatable).
fn as_handle(ctx: &mut NativeCtx<'_, '_>, v: Value) -> Result<Option<UserRef>, LuaError> {
    let Value::UserData(u) = v else {
        return Ok(None);
    };
    let meta = registry_get(ctx, META_KEY)?;
    let mt = match ctx.tx.userdata(u) {
        Ok(ud) => ud.metatable,
        Err(e) => return Err(heap(ctx, e)),
    };
    Ok(match (mt, meta) {
        (Some(m), Value::Table(fm)) if m == fm => Some(u),
        _ => None,
    })
}

/// `luaL_checkudata(L, n, "FILE*")`.
fn check_handle(ctx: &mut NativeCtx<'_, '_>, n: usize) -> Result<UserRef, LuaError> {
    match as_handle(ctx, ctx.arg(n))? {
        Some(u) => Ok(u),
        None => Err(ctx.type_error(n, "FILE*")),
    }
}

fn is_open(ctx: &NativeCtx<'_, '_>, u: UserRef) -> bool {
    ctx.state
        .io
        .files
        .get(&u)
        .is_some_and(|f| f.stream.is_some())
}

/// `tofile`: an open handle argument.
fn check_open(ctx: &mut NativeCtx<'_, '_>, n: usize) -> Result<UserRef, LuaError> {
    let u = check_handle(ctx, n)?;
    if !is_open(ctx, u) {
        return Err(ctx.error("attempt to use a closed file"));
    }
    Ok(u)
}

/// Makes a handle for `stream`.
fn new_handle(
    ctx_tx: &mut crate::heap::HeapTransaction<'_>,
    state: &mut VmState,
    meta: TableRef,
    stream: Stream,
    standard: bool,
) -> Result<UserRef, HeapError> {
    let u = ctx_tx.new_userdata(UserData {
        metatable: Some(meta),
        ..Default::default()
    })?;
    state.io.files.insert(u, LFile::new(stream, standard));
    Ok(u)
}

fn make_handle(ctx: &mut NativeCtx<'_, '_>, stream: Stream) -> Result<UserRef, LuaError> {
    let Value::Table(meta) = registry_get(ctx, META_KEY)? else {
        return Err(ctx.error("io library not opened"));
    };
    new_handle(ctx.tx, ctx.state, meta, stream, false).map_err(|e| heap(ctx, e))
}

/// Runs `f` on the handle's file (with the VM's standard output).
fn with_file<T>(
    ctx: &mut NativeCtx<'_, '_>,
    u: UserRef,
    f: impl FnOnce(&mut LFile, &mut dyn Write) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let VmState { io, stdout, .. } = &mut *ctx.state;
    match io.files.get_mut(&u) {
        Some(file) if file.stream.is_some() => f(file, stdout.as_mut()),
        _ => Err(ebadf()),
    }
}

/// The default input or output, checked open.
fn default_file(ctx: &mut NativeCtx<'_, '_>, output: bool) -> Result<UserRef, LuaError> {
    let v = registry_get(ctx, if output { OUTPUT_KEY } else { INPUT_KEY })?;
    match as_handle(ctx, v)? {
        Some(u) if is_open(ctx, u) => Ok(u),
        _ => Err(ctx.error(format!(
            "standard {} file is closed",
            if output { "output" } else { "input" }
        ))),
    }
}

fn open_mode(mode: &[u8]) -> Option<std::fs::OpenOptions> {
    let mut o = std::fs::OpenOptions::new();
    match mode.first()? {
        b'r' => o.read(true),
        b'w' => o.write(true).create(true).truncate(true),
        b'a' => o.append(true).create(true),
        _ => return None,
    };
    // glibc looks at up to six more characters and ignores the ones it does not know.
    for &c in mode.iter().skip(1).take(6) {
        match c {
            0 => break,
            b'+' => {
                o.read(true);
                if mode[0] != b'a' {
                    o.write(true);
                }
            }
            b'x' if mode[0] != b'r' => {
                o.create_new(true);
            }
            _ => {}
        }
    }
    Some(o)
}

fn open_file(name: &[u8], mode: &[u8]) -> std::io::Result<std::fs::File> {
    use std::os::unix::ffi::OsStrExt;
    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
    let path = std::path::Path::new(std::ffi::OsStr::from_bytes(&name[..end]));
    let mode = &mode[..mode.iter().position(|&b| b == 0).unwrap_or(mode.len())];
    match open_mode(mode) {
        Some(o) => o.open(path),
        None => Err(std::io::Error::from_raw_os_error(22)),
    }
}

/// Records whether a file opened with `mode` (`r`, `w`, `a`, with `+` and `b`) can be written.
fn set_writable(ctx: &mut NativeCtx<'_, '_>, u: UserRef, mode: &[u8]) {
    if let Some(f) = ctx.state.io.files.get_mut(&u) {
        f.writable = mode.first() != Some(&b'r') || mode.contains(&b'+');
    }
}

/// `name: message` for a failed open.
fn file_error_text(name: &[u8], e: &std::io::Error) -> String {
    format!(
        "{}: {}",
        String::from_utf8_lossy(name),
        strerror(e.raw_os_error().unwrap_or(5))
    )
}

// ------------------------------------------------------------------ opening the library

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let natives: &[(&'static str, crate::object::NativeFn)] = &[
        ("close", io_close),
        ("flush", io_flush),
        ("input", io_input),
        ("lines", io_lines),
        ("open", io_open),
        ("output", io_output),
        ("popen", io_popen),
        ("read", io_read),
        ("tmpfile", io_tmpfile),
        ("type", io_type),
        ("write", io_write),
    ];
    super::math::new_lib_table(vm, "io", natives.len())?;
    for (name, f) in natives {
        vm.register(Some("io"), name, *f)?;
    }
    let methods: &[(&'static str, crate::object::NativeFn)] = &[
        ("close", f_close),
        ("flush", f_flush),
        ("lines", f_lines),
        ("read", f_read),
        ("seek", f_seek),
        ("setvbuf", f_setvbuf),
        ("write", f_write),
        ("__gc", f_gc),
        ("__tostring", f_tostring),
    ];
    let Vm { heap: h, state } = vm;
    let mut tx = h.transaction();
    let result = (|| -> Result<(), HeapError> {
        let meta = tx.new_table(0, 0)?;
        let key = |tx: &mut crate::heap::HeapTransaction<'_>,
                   k: &[u8]|
         -> Result<Value, HeapError> { Ok(Value::Str(tx.intern(k)?)) };
        let k = key(&mut tx, META_KEY)?;
        tx.set(state.registry, k, Value::Table(meta))?;
        let k = key(&mut tx, b"__index")?;
        tx.set(meta, k, Value::Table(meta))?;
        for (name, f) in methods {
            let func = new_native(&mut tx, state, name, *f, Vec::new())?;
            let k = key(&mut tx, name.as_bytes())?;
            tx.set(meta, k, func)?;
        }
        let k = key(&mut tx, b"io")?;
        let Value::Table(io) = tx.get(state.globals, &k)? else {
            return Ok(());
        };
        for (name, stream) in [
            ("stdin", Stream::Stdin),
            ("stdout", Stream::Stdout),
            ("stderr", Stream::Stderr),
        ] {
            let which = match stream {
                Stream::Stdin => Some(INPUT_KEY),
                Stream::Stdout => Some(OUTPUT_KEY),
                _ => None,
            };
            let u = new_handle(&mut tx, state, meta, stream, true)?;
            let k = key(&mut tx, name.as_bytes())?;
            tx.set(io, k, Value::UserData(u))?;
            if let Some(which) = which {
                let k = key(&mut tx, which)?;
                tx.set(state.registry, k, Value::UserData(u))?;
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        return Err(LuaError::from_heap(&mut tx, e));
    }
    tx.commit();
    Ok(())
}

// ------------------------------------------------------------------ reading and writing

/// `g_write`: the arguments from `first` on, numbers as `%.14g`, strings as they are.
fn write_args(ctx: &mut NativeCtx<'_, '_>, u: UserRef, first: usize) -> R {
    let mut status: std::io::Result<()> = Ok(());
    for n in first..=ctx.args.len() {
        let data = match ctx.arg(n) {
            Value::Num(x) => crate::number::number_to_string(x).into_bytes(),
            Value::Str(_) => ctx.check_bytes(n)?,
            _ => return Err(ctx.type_error(n, "string")),
        };
        let r = with_file(ctx, u, |f, out| f.write(out, &data));
        if status.is_ok() {
            status = r;
        }
    }
    push_result(ctx, status, None)
}

/// One read format's outcome.
enum Got {
    Value(Value),
    Fail,
}

/// `g_read`: the formats from `first` on (none: a line); stops at the first that fails, which
/// gives nil. A read error gives `nil, message, errno` instead.
fn read_args(ctx: &mut NativeCtx<'_, '_>, u: UserRef, first: usize) -> R {
    let nargs = ctx.args.len().saturating_sub(first - 1);
    let mut results = Vec::new();
    for k in 0..nargs.max(1) {
        let format = if nargs == 0 {
            Format::Line
        } else {
            parse_format(ctx, first + k)?
        };
        match read_format(ctx, u, format) {
            Ok(Got::Value(v)) => results.push(v),
            Ok(Got::Fail) => {
                results.push(Value::Nil);
                break;
            }
            Err(e) => return push_result(ctx, Err(e), None),
        }
    }
    ctx.out.extend(results);
    Ok(NativeReturn::Return)
}

#[derive(Clone, Copy)]
enum Format {
    Line,
    Number,
    All,
    Chars(u64),
}

fn parse_format(ctx: &mut NativeCtx<'_, '_>, n: usize) -> Result<Format, LuaError> {
    match ctx.arg(n) {
        Value::Num(x) => {
            // (size_t)lua_tointeger: negative counts wrap to huge ones.
            Ok(Format::Chars(crate::exec::to_integer(x) as u64))
        }
        Value::Str(s) => {
            let (c0, c1) = match ctx.tx.str_bytes(s) {
                Ok(b) => (b.first().copied(), b.get(1).copied()),
                Err(e) => return Err(heap(ctx, e)),
            };
            match (c0.as_ref(), c1.as_ref()) {
                (Some(b'*'), Some(b'n')) => Ok(Format::Number),
                (Some(b'*'), Some(b'l')) => Ok(Format::Line),
                (Some(b'*'), Some(b'a')) => Ok(Format::All),
                (Some(b'*'), _) => Err(ctx.arg_error(n, "invalid format")),
                _ => Err(ctx.arg_error(n, "invalid option")),
            }
        }
        _ => Err(ctx.arg_error(n, "invalid option")),
    }
}

fn read_format(ctx: &mut NativeCtx<'_, '_>, u: UserRef, format: Format) -> std::io::Result<Got> {
    let bytes = |ctx: &mut NativeCtx<'_, '_>, b: &[u8]| -> std::io::Result<Got> {
        match ctx.tx.intern(b) {
            Ok(s) => Ok(Got::Value(Value::Str(s))),
            Err(_) => Err(std::io::Error::from_raw_os_error(12)),
        }
    };
    match format {
        Format::Line => match with_file(ctx, u, |f, _| f.read_line())? {
            Some(line) => bytes(ctx, &line),
            None => Ok(Got::Fail),
        },
        Format::Number => match with_file(ctx, u, |f, _| f.read_number())? {
            Some(x) => Ok(Got::Value(Value::Num(x))),
            None => Ok(Got::Fail),
        },
        Format::All => {
            let all = with_file(ctx, u, |f, _| f.read_chars(u64::MAX))?;
            bytes(ctx, &all)
        }
        Format::Chars(0) => {
            if with_file(ctx, u, |f, _| f.peek())?.is_some() {
                bytes(ctx, b"")
            } else {
                Ok(Got::Fail)
            }
        }
        Format::Chars(n) => {
            let got = with_file(ctx, u, |f, _| f.read_chars(n))?;
            if got.is_empty() {
                Ok(Got::Fail)
            } else {
                bytes(ctx, &got)
            }
        }
    }
}

/// Closes a handle: the standard files refuse (`nil, "cannot close standard file"`).
fn close_handle(ctx: &mut NativeCtx<'_, '_>, u: UserRef) -> R {
    let standard = ctx.state.io.files.get(&u).is_some_and(|f| f.standard);
    if standard {
        ctx.ret(Value::Nil);
        ctx.ret_bytes(b"cannot close standard file")?;
        return Ok(NativeReturn::Return);
    }
    let r = match ctx.state.io.files.get_mut(&u) {
        Some(f) => f.close(),
        None => Err(ebadf()),
    };
    push_result(ctx, r, None)
}

// ------------------------------------------------------------------ io.*

fn io_write(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = default_file(ctx, true)?;
    write_args(ctx, u, 1)
}

fn io_read(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = default_file(ctx, false)?;
    read_args(ctx, u, 1)
}

fn io_close(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = if ctx.args.is_empty() {
        let v = registry_get(ctx, OUTPUT_KEY)?;
        match as_handle(ctx, v)? {
            Some(u) if is_open(ctx, u) => u,
            _ => return Err(ctx.error("attempt to use a closed file")),
        }
    } else {
        check_open(ctx, 1)?
    };
    close_handle(ctx, u)
}

fn io_flush(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = default_file(ctx, true)?;
    let r = with_file(ctx, u, |f, out| f.flush(out));
    push_result(ctx, r, None)
}

fn io_type(ctx: &mut NativeCtx<'_, '_>) -> R {
    let v = ctx.check_any(1)?;
    match as_handle(ctx, v)? {
        Some(u) if is_open(ctx, u) => ctx.ret_bytes(b"file")?,
        Some(_) => ctx.ret_bytes(b"closed file")?,
        None => ctx.ret(Value::Nil),
    }
    Ok(NativeReturn::Return)
}

fn io_open(ctx: &mut NativeCtx<'_, '_>) -> R {
    let name = ctx.check_bytes(1)?;
    let mode = match ctx.arg(2) {
        Value::Nil => b"r".to_vec(),
        _ => ctx.check_bytes(2)?,
    };
    match open_file(&name, &mode) {
        Ok(file) => {
            let u = make_handle(ctx, Stream::File(file))?;
            set_writable(ctx, u, &mode);
            ctx.ret(Value::UserData(u));
            Ok(NativeReturn::Return)
        }
        Err(e) => push_result(ctx, Err(e), Some(&name)),
    }
}

/// `io.input` / `io.output`: with a file name, opens it (raising on failure); with a handle,
/// makes it the default; returns the default.
fn set_default(ctx: &mut NativeCtx<'_, '_>, output: bool) -> R {
    let key = if output { OUTPUT_KEY } else { INPUT_KEY };
    match ctx.arg(1) {
        Value::Nil => {}
        Value::Str(_) | Value::Num(_) => {
            let name = ctx.check_bytes(1)?;
            let mode: &[u8] = if output { b"w" } else { b"r" };
            match open_file(&name, mode) {
                Ok(file) => {
                    let u = make_handle(ctx, Stream::File(file))?;
                    set_writable(ctx, u, mode);
                    registry_set(ctx, key, Value::UserData(u))?;
                }
                Err(e) => {
                    let text = file_error_text(&name, &e);
                    return Err(ctx.arg_error(1, &text));
                }
            }
        }
        v => {
            check_open(ctx, 1)?;
            registry_set(ctx, key, v)?;
        }
    }
    let v = registry_get(ctx, key)?;
    ctx.ret(v);
    Ok(NativeReturn::Return)
}

fn io_input(ctx: &mut NativeCtx<'_, '_>) -> R {
    set_default(ctx, false)
}

fn io_output(ctx: &mut NativeCtx<'_, '_>) -> R {
    set_default(ctx, true)
}

/// The iterator `lines` returns: upvalues are the handle and whether to close it at the end.
fn lines_iter(ctx: &mut NativeCtx<'_, '_>) -> R {
    let file = ctx.upvalues.first().copied().unwrap_or(Value::Nil);
    let close = ctx.upvalues.get(1).is_some_and(|v| v.truthy());
    let u = match as_handle(ctx, file)? {
        Some(u) if is_open(ctx, u) => u,
        _ => return Err(ctx.error("file is already closed")),
    };
    match with_file(ctx, u, |f, _| f.read_line()) {
        Ok(Some(line)) => {
            ctx.ret_bytes(&line)?;
            Ok(NativeReturn::Return)
        }
        Ok(None) => {
            if close {
                if let Some(f) = ctx.state.io.files.get_mut(&u) {
                    let _ = f.close();
                }
            }
            Ok(NativeReturn::Return)
        }
        Err(e) => Err(ctx.error(strerror(e.raw_os_error().unwrap_or(5)))),
    }
}

fn lines_of(ctx: &mut NativeCtx<'_, '_>, u: UserRef, close: bool) -> R {
    let f = new_native(
        ctx.tx,
        ctx.state,
        "lines",
        lines_iter,
        vec![Value::UserData(u), Value::Bool(close)],
    )
    .map_err(|e| heap(ctx, e))?;
    ctx.ret(f);
    Ok(NativeReturn::Return)
}

fn io_lines(ctx: &mut NativeCtx<'_, '_>) -> R {
    if ctx.arg(1).is_nil() {
        let v = registry_get(ctx, INPUT_KEY)?;
        let u = match as_handle(ctx, v)? {
            Some(u) if is_open(ctx, u) => u,
            _ => return Err(ctx.error("attempt to use a closed file")),
        };
        return lines_of(ctx, u, false);
    }
    let name = ctx.check_bytes(1)?;
    match open_file(&name, b"r") {
        Ok(file) => {
            let u = make_handle(ctx, Stream::File(file))?;
            lines_of(ctx, u, true)
        }
        Err(e) => {
            let text = file_error_text(&name, &e);
            Err(ctx.arg_error(1, &text))
        }
    }
}

fn io_tmpfile(ctx: &mut NativeCtx<'_, '_>) -> R {
    match super::os::make_temp_file() {
        Some((name, file)) => {
            let _ = std::fs::remove_file(&name);
            let u = make_handle(ctx, Stream::File(file))?;
            ctx.ret(Value::UserData(u));
            Ok(NativeReturn::Return)
        }
        None => push_result(ctx, Err(std::io::Error::from_raw_os_error(17)), None),
    }
}

fn io_popen(ctx: &mut NativeCtx<'_, '_>) -> R {
    use std::os::unix::ffi::OsStrExt;
    use std::process::{Command, Stdio};
    let cmd = ctx.check_bytes(1)?;
    let mode = match ctx.arg(2) {
        Value::Nil => b"r".to_vec(),
        _ => ctx.check_bytes(2)?,
    };
    let end = cmd.iter().position(|&b| b == 0).unwrap_or(cmd.len());
    let mut command = Command::new("/bin/sh");
    command
        .arg("-c")
        .arg(std::ffi::OsStr::from_bytes(&cmd[..end]));
    let writing = match mode.first() {
        Some(b'r') => false,
        Some(b'w') => true,
        _ => return push_result(ctx, Err(std::io::Error::from_raw_os_error(22)), Some(&cmd)),
    };
    let _ = ctx.state.stdout.flush();
    let spawned = if writing {
        command.stdin(Stdio::piped()).spawn()
    } else {
        command.stdout(Stdio::piped()).spawn()
    };
    match spawned {
        Ok(child) => {
            let stream = if writing {
                Stream::PipeTo(child)
            } else {
                Stream::PipeFrom(child)
            };
            let u = make_handle(ctx, stream)?;
            ctx.ret(Value::UserData(u));
            Ok(NativeReturn::Return)
        }
        Err(e) => push_result(ctx, Err(e), Some(&cmd)),
    }
}

// ------------------------------------------------------------------ methods

fn f_write(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = check_open(ctx, 1)?;
    write_args(ctx, u, 2)
}

fn f_read(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = check_open(ctx, 1)?;
    read_args(ctx, u, 2)
}

fn f_lines(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = check_open(ctx, 1)?;
    lines_of(ctx, u, false)
}

fn f_close(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = check_open(ctx, 1)?;
    close_handle(ctx, u)
}

fn f_flush(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = check_open(ctx, 1)?;
    let r = with_file(ctx, u, |f, out| f.flush(out));
    push_result(ctx, r, None)
}

fn check_option(
    ctx: &mut NativeCtx<'_, '_>,
    n: usize,
    default: Option<&[u8]>,
    options: &[&[u8]],
) -> Result<Vec<u8>, LuaError> {
    let name = match (ctx.arg(n), default) {
        (Value::Nil, Some(d)) => d.to_vec(),
        _ => ctx.check_bytes(n)?,
    };
    if options.contains(&name.as_slice()) {
        return Ok(name);
    }
    let text = format!("invalid option '{}'", String::from_utf8_lossy(&name));
    Err(ctx.arg_error(n, &text))
}

fn f_seek(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = check_open(ctx, 1)?;
    let whence = check_option(ctx, 2, Some(b"cur"), &[b"set", b"cur", b"end"])?;
    let offset = if ctx.arg(3).is_nil() {
        0
    } else {
        ctx.check_int(3)?
    };
    match with_file(ctx, u, |f, _| f.seek(&whence, offset)) {
        Ok(at) => {
            ctx.ret(Value::Num(at as f64));
            Ok(NativeReturn::Return)
        }
        Err(e) => push_result(ctx, Err(e), None),
    }
}

fn f_setvbuf(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = check_open(ctx, 1)?;
    let mode = check_option(ctx, 2, None, &[b"no", b"full", b"line"])?;
    // The size is checked but, as with glibc, does not change the buffer.
    if !ctx.arg(3).is_nil() {
        ctx.check_int(3)?;
    }
    let mode = match mode.as_slice() {
        b"no" => Buffering::No,
        b"full" => Buffering::Full,
        _ => Buffering::Line,
    };
    let r = with_file(ctx, u, |f, out| match &mut f.stream {
        Some(Stream::File(_)) => f.set_buffering(mode),
        _ => f.flush(out),
    });
    push_result(ctx, r, None)
}

/// `__gc`: closes the file unless it is a standard one or already closed.
fn f_gc(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = check_handle(ctx, 1)?;
    if let Some(f) = ctx.state.io.files.get_mut(&u) {
        if !f.standard {
            let _ = f.close();
        }
    }
    Ok(NativeReturn::Return)
}

fn f_tostring(ctx: &mut NativeCtx<'_, '_>) -> R {
    let u = check_handle(ctx, 1)?;
    let text = if is_open(ctx, u) {
        let addr =
            0x5555_0000_0000u64 + ((u.index() as u64) << 8 | (u.generation() as u64 & 0xff)) * 0x10;
        format!("file (0x{addr:x})")
    } else {
        "file (closed)".to_string()
    };
    ctx.ret_bytes(text.as_bytes())?;
    Ok(NativeReturn::Return)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A handle on a temporary file holding `data`, positioned at its start.
    fn file_with(data: &[u8]) -> LFile {
        let (name, mut f) = super::super::os::make_temp_file().expect("a temporary file");
        let _ = std::fs::remove_file(name);
        f.write_all(data).unwrap();
        f.seek(SeekFrom::Start(0)).unwrap();
        LFile::new(Stream::File(f), false)
    }

    #[test]
    fn lines_are_read_as_5_1_reads_them() {
        let mut f = file_with(b"one\ntw\0o\nthree\n\nlast");
        assert_eq!(f.read_line().unwrap().as_deref(), Some(&b"one"[..]));
        // fgets's piece is cut at the NUL and the line goes on with the next piece.
        assert_eq!(f.read_line().unwrap().as_deref(), Some(&b"twthree"[..]));
        assert_eq!(f.read_line().unwrap().as_deref(), Some(&b""[..]));
        assert_eq!(f.read_line().unwrap().as_deref(), Some(&b"last"[..]));
        assert_eq!(f.read_line().unwrap(), None);
    }

    #[test]
    fn numbers_are_scanned_like_fscanf() {
        let mut f = file_with(b"  42 -3.5e2\n0x1F .5 abc");
        assert_eq!(f.read_number().unwrap(), Some(42.0));
        assert_eq!(f.read_number().unwrap(), Some(-350.0));
        assert_eq!(f.read_number().unwrap(), Some(31.0));
        assert_eq!(f.read_number().unwrap(), Some(0.5));
        assert_eq!(f.read_number().unwrap(), None);
        assert_eq!(f.read_chars(10).unwrap(), b"abc");
    }

    #[test]
    fn seeking_accounts_for_read_ahead() {
        let mut f = file_with(b"abcdef");
        assert_eq!(f.read_chars(2).unwrap(), b"ab");
        assert_eq!(f.seek(b"cur", 0).unwrap(), 2);
        f.write(&mut std::io::sink(), b"XY").unwrap();
        assert_eq!(f.seek(b"set", 0).unwrap(), 0);
        assert_eq!(f.read_chars(100).unwrap(), b"abXYef");
        assert_eq!(f.seek(b"end", -1).unwrap(), 5);
    }

    #[test]
    fn modes_follow_fopen() {
        assert!(open_mode(b"r").is_some());
        assert!(open_mode(b"rw").is_some());
        assert!(open_mode(b"a+b").is_some());
        assert!(open_mode(b"z").is_none());
        assert!(open_mode(b"").is_none());
    }
}
