//! The os library of Lua 5.1 for the command line: clock, date, difftime, execute, exit,
//! getenv, remove, rename, setlocale, time and tmpname, with C's results on x86-64 Linux
//! (glibc): `date` formats each `%x` conversion as glibc's `strftime` does in the C locale, and
//! local time comes from the TZif file named by `TZ` (or `/etc/localtime`).

use std::io::Write;
use std::sync::OnceLock;

use crate::exec::{to_integer, LuaError, NativeCtx, NativeReturn, Vm};
use crate::heap::HeapError;
use crate::value::{TableRef, Value};

type R = Result<NativeReturn, LuaError>;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let natives: &[(&'static str, crate::object::NativeFn)] = &[
        ("clock", clock),
        ("date", date),
        ("difftime", difftime),
        ("execute", execute),
        ("exit", exit),
        ("getenv", getenv),
        ("remove", remove),
        ("rename", rename),
        ("setlocale", setlocale),
        ("time", time),
        ("tmpname", tmpname),
    ];
    super::math::new_lib_table(vm, "os", natives.len())?;
    for (name, f) in natives {
        vm.register(Some("os"), name, *f)?;
    }
    Ok(())
}

fn heap(ctx: &mut NativeCtx<'_, '_>, e: HeapError) -> LuaError {
    ctx.heap_error(e)
}

/// C's text for an OS error number (`strerror`), without Rust's " (os error N)".
pub fn strerror(code: i32) -> String {
    let text = std::io::Error::from_raw_os_error(code).to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// `luaL_fileresult`-style results: `true`, or `nil, "name: message", errno`.
pub fn push_result(
    ctx: &mut NativeCtx<'_, '_>,
    result: std::io::Result<()>,
    name: Option<&[u8]>,
) -> R {
    match result {
        Ok(()) => {
            ctx.ret(Value::Bool(true));
        }
        Err(e) => {
            let code = e.raw_os_error().unwrap_or(5);
            let mut text = Vec::new();
            if let Some(n) = name {
                text.extend_from_slice(n);
                text.extend_from_slice(b": ");
            }
            text.extend_from_slice(strerror(code).as_bytes());
            ctx.ret(Value::Nil);
            ctx.ret_bytes(&text)?;
            ctx.ret(Value::Num(code as f64));
        }
    }
    Ok(NativeReturn::Return)
}

fn os_path(bytes: &[u8]) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt;
    // C sees the name up to its first NUL.
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    std::path::PathBuf::from(std::ffi::OsStr::from_bytes(&bytes[..end]))
}

// ------------------------------------------------------------------ simple functions

/// Processor time used by the program, in seconds (C's `clock()`): the main thread's run time
/// from `/proc`, or the time since the first call where that is unavailable.
fn clock(ctx: &mut NativeCtx<'_, '_>) -> R {
    let cpu = std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok());
    let secs = match cpu {
        // clock() counts in microseconds.
        Some(ns) => (ns / 1000) as f64 / 1e6,
        None => {
            static START: OnceLock<std::time::Instant> = OnceLock::new();
            START
                .get_or_init(std::time::Instant::now)
                .elapsed()
                .as_secs_f64()
        }
    };
    ctx.ret(Value::Num(secs));
    Ok(NativeReturn::Return)
}

fn getenv(ctx: &mut NativeCtx<'_, '_>) -> R {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let name = ctx.check_bytes(1)?;
    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
    let value = if end == 0 || name[..end].contains(&b'=') {
        None
    } else {
        std::env::var_os(std::ffi::OsStr::from_bytes(&name[..end]))
    };
    match value {
        Some(v) => ctx.ret_bytes(&v.into_vec())?,
        None => ctx.ret(Value::Nil),
    }
    Ok(NativeReturn::Return)
}

fn remove(ctx: &mut NativeCtx<'_, '_>) -> R {
    let name = ctx.check_bytes(1)?;
    let path = os_path(&name);
    // C's remove(): unlink, or rmdir for a directory.
    let result = match std::fs::remove_file(&path) {
        Err(e) if e.raw_os_error() == Some(21) => std::fs::remove_dir(&path),
        r => r,
    };
    push_result(ctx, result, Some(&name))
}

fn rename(ctx: &mut NativeCtx<'_, '_>) -> R {
    let from = ctx.check_bytes(1)?;
    let to = ctx.check_bytes(2)?;
    let result = std::fs::rename(os_path(&from), os_path(&to));
    push_result(ctx, result, Some(&from))
}

/// A new empty file `/tmp/lua_XXXXXX` (as 5.1 makes with `mkstemp`); its name.
pub fn make_temp_file() -> Option<(String, std::fs::File)> {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        ^ ((std::process::id() as u64) << 32);
    for _ in 0..100 {
        let mut name = String::from("/tmp/lua_");
        for _ in 0..6 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            name.push(CHARS[((seed >> 33) % CHARS.len() as u64) as usize] as char);
        }
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&name)
        {
            Ok(f) => return Some((name, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => return None,
        }
    }
    None
}

fn tmpname(ctx: &mut NativeCtx<'_, '_>) -> R {
    match make_temp_file() {
        Some((name, _)) => {
            ctx.ret_bytes(name.as_bytes())?;
            Ok(NativeReturn::Return)
        }
        None => Err(ctx.error("unable to generate a unique filename")),
    }
}

/// `os.difftime(t2 [, t1])`: both converted to `time_t` first.
fn difftime(ctx: &mut NativeCtx<'_, '_>) -> R {
    // Both are arguments of one C call: gcc evaluates (checks) the second first.
    let t1 = if ctx.arg(2).is_nil() {
        0
    } else {
        to_integer(ctx.check_number(2)?)
    };
    let t2 = to_integer(ctx.check_number(1)?);
    ctx.ret(Value::Num(t2 as f64 - t1 as f64));
    Ok(NativeReturn::Return)
}

/// The locale never changes: "C" (and "POSIX", its other name) and "" (the environment's, taken
/// to be C) are accepted; anything else fails with nil.
fn setlocale(ctx: &mut NativeCtx<'_, '_>) -> R {
    let locale = match ctx.arg(1) {
        Value::Nil => None,
        _ => Some(ctx.check_bytes(1)?),
    };
    const CATEGORIES: [&[u8]; 6] = [
        b"all",
        b"collate",
        b"ctype",
        b"monetary",
        b"numeric",
        b"time",
    ];
    let category = match ctx.arg(2) {
        Value::Nil => b"all".to_vec(),
        _ => ctx.check_bytes(2)?,
    };
    if !CATEGORIES.contains(&category.as_slice()) {
        let text = format!("invalid option '{}'", String::from_utf8_lossy(&category));
        return Err(ctx.arg_error(2, &text));
    }
    match locale.as_deref() {
        None | Some(b"C") | Some(b"") | Some(b"POSIX") => ctx.ret_bytes(b"C")?,
        Some(_) => ctx.ret(Value::Nil),
    }
    Ok(NativeReturn::Return)
}

/// `os.exit([code])`: flushes the program's output and ends the process.
fn exit(ctx: &mut NativeCtx<'_, '_>) -> R {
    let code = if ctx.arg(1).is_nil() {
        0
    } else {
        to_integer(ctx.check_number(1)?) as i32
    };
    let _ = ctx.state.stdout.flush();
    ctx.state.io.flush_all();
    let _ = std::io::stderr().flush();
    std::process::exit(code)
}

/// `os.execute([command])`: the shell's wait status (as C's `system`), or 1 without a command
/// (a shell is available).
fn execute(ctx: &mut NativeCtx<'_, '_>) -> R {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::process::ExitStatusExt;
    if ctx.arg(1).is_nil() {
        ctx.ret(Value::Num(1.0));
        return Ok(NativeReturn::Return);
    }
    let cmd = ctx.check_bytes(1)?;
    let end = cmd.iter().position(|&b| b == 0).unwrap_or(cmd.len());
    let _ = ctx.state.stdout.flush();
    let status = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(std::ffi::OsStr::from_bytes(&cmd[..end]))
        .status();
    let code = match status {
        Ok(s) => s.into_raw() as f64,
        Err(_) => -1.0,
    };
    ctx.ret(Value::Num(code));
    Ok(NativeReturn::Return)
}

// ------------------------------------------------------------------ calendar

/// Days since 1970-01-01 of a proleptic Gregorian date (`month` 1..=12).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number: (year, month 1..=12, day 1..=31).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

/// A broken-down time (C's `struct tm`, with the full year and a 0-based month).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tm {
    pub year: i64,
    pub mon: i64,
    pub mday: i64,
    pub hour: i64,
    pub min: i64,
    pub sec: i64,
    /// 0 = Sunday.
    pub wday: i64,
    /// 0-based day of the year.
    pub yday: i64,
    pub isdst: bool,
    pub gmtoff: i64,
    pub zone: String,
}

/// The broken-down form of `t` shifted by `offset` seconds; `None` when the year does not fit
/// C's `int tm_year` (glibc's gmtime/localtime fail).
fn breakdown(t: i64, offset: i64, isdst: bool, zone: &str) -> Option<Tm> {
    let local = t.checked_add(offset)?;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if year - 1900 > i32::MAX as i64 || year - 1900 < i32::MIN as i64 {
        return None;
    }
    Some(Tm {
        year,
        mon: month - 1,
        mday: day,
        hour: secs / 3600,
        min: secs / 60 % 60,
        sec: secs % 60,
        wday: (days + 4).rem_euclid(7),
        yday: days - days_from_civil(year, 1, 1),
        isdst,
        gmtoff: offset,
        zone: zone.to_string(),
    })
}

pub fn gmtime(t: i64) -> Option<Tm> {
    breakdown(t, 0, false, "GMT")
}

pub fn localtime(t: i64) -> Option<Tm> {
    let z = zone();
    let info = z.info_at(t);
    breakdown(t, info.offset, info.isdst, &info.abbrev)
}

/// C's `mktime`: local date fields (normalized as C normalizes them) to a time. `isdst`: the
/// caller's `tm_isdst` (negative: unknown).
pub fn mktime(year: i64, mon: i64, mday: i64, hour: i64, min: i64, sec: i64, isdst: i32) -> i64 {
    let y = year + mon.div_euclid(12);
    let m = mon.rem_euclid(12);
    let days = days_from_civil(y, m + 1, 1) + mday - 1;
    let local = days * 86_400 + hour * 3_600 + min * 60 + sec;
    let z = zone();
    let guess = local - z.info_at(local).offset;
    let t = local - z.info_at(guess).offset;
    let actual = z.info_at(t).isdst;
    match (isdst, actual) {
        (i, false) if i > 0 => t - 3_600,
        (0, true) => t + 3_600,
        _ => t,
    }
}

// ------------------------------------------------------------------ time zones

#[derive(Clone, Debug)]
struct ZoneInfo {
    offset: i64,
    isdst: bool,
    abbrev: String,
}

/// A time zone read from a TZif file: its transitions and local time types.
#[derive(Debug)]
struct Zone {
    transitions: Vec<(i64, usize)>,
    types: Vec<ZoneInfo>,
    /// The POSIX TZ rule for times after the last transition (the TZif footer).
    rule: Option<Rule>,
}

/// A POSIX TZ rule: standard time, and daylight time between two yearly dates.
#[derive(Debug)]
struct Rule {
    std: ZoneInfo,
    dst: Option<(ZoneInfo, RuleDate, RuleDate)>,
}

/// When daylight time starts or ends: a day of the year and a local time of day (seconds).
#[derive(Clone, Copy, Debug)]
enum RuleDate {
    /// `Jn`: day 1..=365, February 29th never counted.
    Julian(i64, i64),
    /// `n`: day 0..=365, counting February 29th.
    Zero(i64, i64),
    /// `Mm.w.d`: the w-th (5 = last) weekday d of month m.
    Month(i64, i64, i64, i64),
}

impl RuleDate {
    /// The local time of the change in `year`, in seconds since the epoch.
    fn local_time(self, year: i64) -> i64 {
        let jan1 = days_from_civil(year, 1, 1);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let (day, secs) = match self {
            RuleDate::Julian(n, t) => {
                let n = if leap && n >= 60 { n } else { n - 1 };
                (jan1 + n, t)
            }
            RuleDate::Zero(n, t) => (jan1 + n, t),
            RuleDate::Month(m, w, d, t) => {
                let first = days_from_civil(year, m, 1);
                let first_wday = (first + 4).rem_euclid(7);
                let mut day = first + (d - first_wday).rem_euclid(7) + (w - 1) * 7;
                let next_month = if m == 12 {
                    days_from_civil(year + 1, 1, 1)
                } else {
                    days_from_civil(year, m + 1, 1)
                };
                while day >= next_month {
                    day -= 7;
                }
                (day, t)
            }
        };
        day * 86_400 + secs
    }
}

/// Reads a POSIX TZ string such as `EST5EDT,M3.2.0,M11.1.0`.
fn parse_rule(s: &[u8]) -> Option<Rule> {
    let mut i = 0;
    let name = |i: &mut usize| -> Option<String> {
        let start;
        let end;
        if s.get(*i) == Some(&b'<') {
            start = *i + 1;
            let close = s[start..].iter().position(|&c| c == b'>')? + start;
            end = close;
            *i = close + 1;
        } else {
            start = *i;
            while s.get(*i).is_some_and(|c| c.is_ascii_alphabetic()) {
                *i += 1;
            }
            end = *i;
        }
        (end > start).then(|| String::from_utf8_lossy(&s[start..end]).into_owned())
    };
    // [+-]hh[:mm[:ss]] as seconds.
    let time = |i: &mut usize| -> Option<i64> {
        let mut sign = 1;
        if let Some(c @ (b'+' | b'-')) = s.get(*i) {
            if *c == b'-' {
                sign = -1;
            }
            *i += 1;
        }
        let mut total = 0;
        for (k, scale) in [3600, 60, 1].into_iter().enumerate() {
            if k > 0 {
                if s.get(*i) != Some(&b':') {
                    break;
                }
                *i += 1;
            }
            let start = *i;
            while s.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            let n: i64 = std::str::from_utf8(&s[start..*i]).ok()?.parse().ok()?;
            total += n * scale;
        }
        Some(sign * total)
    };
    let number = |i: &mut usize| -> Option<i64> {
        let start = *i;
        while s.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        std::str::from_utf8(&s[start..*i]).ok()?.parse().ok()
    };
    let date = |i: &mut usize| -> Option<RuleDate> {
        let d = match s.get(*i)? {
            b'J' => {
                *i += 1;
                RuleDate::Julian(number(i)?, 0)
            }
            b'M' => {
                *i += 1;
                let m = number(i)?;
                (s.get(*i) == Some(&b'.')).then_some(())?;
                *i += 1;
                let w = number(i)?;
                (s.get(*i) == Some(&b'.')).then_some(())?;
                *i += 1;
                RuleDate::Month(m, w, number(i)?, 0)
            }
            _ => RuleDate::Zero(number(i)?, 0),
        };
        let t = if s.get(*i) == Some(&b'/') {
            *i += 1;
            time(i)?
        } else {
            7200
        };
        Some(match d {
            RuleDate::Julian(n, _) => RuleDate::Julian(n, t),
            RuleDate::Zero(n, _) => RuleDate::Zero(n, t),
            RuleDate::Month(m, w, d, _) => RuleDate::Month(m, w, d, t),
        })
    };
    let std_name = name(&mut i)?;
    let std_off = -time(&mut i)?;
    let std = ZoneInfo {
        offset: std_off,
        isdst: false,
        abbrev: std_name,
    };
    if i >= s.len() {
        return Some(Rule { std, dst: None });
    }
    let dst_name = name(&mut i)?;
    let dst_off = if s
        .get(i)
        .is_some_and(|c| c.is_ascii_digit() || *c == b'+' || *c == b'-')
    {
        -time(&mut i)?
    } else {
        std_off + 3600
    };
    (s.get(i) == Some(&b',')).then_some(())?;
    i += 1;
    let start = date(&mut i)?;
    (s.get(i) == Some(&b',')).then_some(())?;
    i += 1;
    let end = date(&mut i)?;
    let dst = ZoneInfo {
        offset: dst_off,
        isdst: true,
        abbrev: dst_name,
    };
    Some(Rule {
        std,
        dst: Some((dst, start, end)),
    })
}

impl Rule {
    fn info_at(&self, t: i64) -> ZoneInfo {
        let Some((dst, start, end)) = &self.dst else {
            return self.std.clone();
        };
        let year = civil_from_days((t + self.std.offset).div_euclid(86_400)).0;
        if year < 1970 {
            // glibc computes the changes of years before 1970 as if in 1970's first days, so
            // such times are before both: standard time north, daylight time south.
            let southern = start.local_time(1970) > end.local_time(1970);
            return if southern {
                dst.clone()
            } else {
                self.std.clone()
            };
        }
        let begins = start.local_time(year) - self.std.offset;
        let ends = end.local_time(year) - dst.offset;
        let in_dst = if begins < ends {
            begins <= t && t < ends
        } else {
            !(ends <= t && t < begins)
        };
        if in_dst {
            dst.clone()
        } else {
            self.std.clone()
        }
    }
}

impl Zone {
    fn utc() -> Zone {
        Zone {
            transitions: Vec::new(),
            types: vec![ZoneInfo {
                offset: 0,
                isdst: false,
                abbrev: "UTC".to_string(),
            }],
            rule: None,
        }
    }

    fn info_at(&self, t: i64) -> ZoneInfo {
        let idx = self.transitions.partition_point(|&(at, _)| at <= t);
        if idx == self.transitions.len() {
            if let Some(rule) = &self.rule {
                return rule.info_at(t);
            }
        }
        let found = if idx == 0 {
            None
        } else {
            self.transitions
                .get(idx - 1)
                .and_then(|&(_, ty)| self.types.get(ty))
        };
        found
            .or_else(|| self.types.iter().find(|i| !i.isdst))
            .or(self.types.first())
            .cloned()
            .unwrap_or(ZoneInfo {
                offset: 0,
                isdst: false,
                abbrev: "UTC".to_string(),
            })
    }

    /// Parses a TZif file (version 1, or the 64-bit part of versions 2 and later).
    fn parse(data: &[u8]) -> Option<Zone> {
        let be32 = |at: usize| -> Option<u32> {
            Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
        };
        let header = |at: usize| -> Option<[usize; 6]> {
            if data.get(at..at + 4)? != b"TZif" {
                return None;
            }
            let mut counts = [0usize; 6];
            for (i, c) in counts.iter_mut().enumerate() {
                *c = be32(at + 20 + 4 * i)? as usize;
            }
            Some(counts)
        };
        let [isut, isstd, leap, timecnt, typecnt, charcnt] = header(0)?;
        let version = *data.get(4)?;
        let v1_len = timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
        let (base, counts, wide) = if version >= b'2' {
            let at = 44 + v1_len;
            (at + 44, header(at)?, true)
        } else {
            (44, [isut, isstd, leap, timecnt, typecnt, charcnt], false)
        };
        let [_, _, _, timecnt, typecnt, charcnt] = counts;
        let tsize = if wide { 8 } else { 4 };
        let mut pos = base;
        let mut times = Vec::with_capacity(timecnt.min(1 << 16));
        for _ in 0..timecnt {
            let b = data.get(pos..pos + tsize)?;
            let t = if wide {
                i64::from_be_bytes(b.try_into().ok()?)
            } else {
                i32::from_be_bytes(b.try_into().ok()?) as i64
            };
            times.push(t);
            pos += tsize;
        }
        let indices = data.get(pos..pos + timecnt)?;
        pos += timecnt;
        let mut raw_types = Vec::new();
        for _ in 0..typecnt {
            let b = data.get(pos..pos + 6)?;
            let off = i32::from_be_bytes(b[..4].try_into().ok()?) as i64;
            raw_types.push((off, b[4] != 0, b[5] as usize));
            pos += 6;
        }
        let chars = data.get(pos..pos + charcnt)?;
        let [isut2, isstd2, leap2, ..] = counts;
        let footer_at = pos + charcnt + leap2 * (tsize + 4) + isstd2 + isut2;
        let rule = if wide {
            data.get(footer_at..)
                .and_then(|f| f.strip_prefix(b"\n"))
                .and_then(|f| f.split(|&c| c == b'\n').next())
                .filter(|f| !f.is_empty())
                .and_then(parse_rule)
        } else {
            None
        };
        let types = raw_types
            .into_iter()
            .map(|(offset, isdst, ai)| {
                let s = chars.get(ai..).unwrap_or(b"");
                let end = s.iter().position(|&c| c == 0).unwrap_or(s.len());
                ZoneInfo {
                    offset,
                    isdst,
                    abbrev: String::from_utf8_lossy(&s[..end]).into_owned(),
                }
            })
            .collect::<Vec<_>>();
        if types.is_empty() {
            return None;
        }
        let transitions = times
            .into_iter()
            .zip(indices.iter().map(|&i| i as usize))
            .collect();
        Some(Zone {
            transitions,
            types,
            rule,
        })
    }
}

/// The local zone: `TZ` names a TZif file (absolute, or under /usr/share/zoneinfo); unset means
/// /etc/localtime; anything unreadable is UTC.
fn zone() -> &'static Zone {
    static ZONE: OnceLock<Zone> = OnceLock::new();
    ZONE.get_or_init(|| {
        use std::os::unix::ffi::OsStrExt;
        let tz = std::env::var_os("TZ");
        let spec = tz.as_ref().map(|t| {
            let b = t.as_bytes();
            b.strip_prefix(b":").unwrap_or(b).to_vec()
        });
        let path = match &spec {
            None => std::path::PathBuf::from("/etc/localtime"),
            Some(b)
                if b.is_empty() || b.starts_with(b"..") || b.windows(3).any(|w| w == b"/..") =>
            {
                return Zone::utc();
            }
            Some(b) => {
                let p = std::path::PathBuf::from(std::ffi::OsStr::from_bytes(b));
                if p.is_absolute() {
                    p
                } else {
                    std::path::Path::new("/usr/share/zoneinfo").join(p)
                }
            }
        };
        if let Some(z) = std::fs::read(path).ok().and_then(|d| Zone::parse(&d)) {
            return z;
        }
        // Not a file: a POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0", "JST-9"), or a bare name
        // that glibc takes as the abbreviation of UTC.
        let Some(spec) = spec else {
            return Zone::utc();
        };
        if let Some(rule) = parse_rule(&spec) {
            return Zone {
                transitions: Vec::new(),
                types: vec![rule.std.clone()],
                rule: Some(rule),
            };
        }
        let name_len = spec.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let mut z = Zone::utc();
        if name_len >= 3 {
            z.types[0].abbrev = String::from_utf8_lossy(&spec[..name_len]).into_owned();
        }
        z
    })
}

// ------------------------------------------------------------------ strftime

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn weeks_in_iso_year(y: i64) -> i64 {
    let p = |y: i64| (y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400)).rem_euclid(7);
    if p(y) == 4 || p(y - 1) == 3 {
        53
    } else {
        52
    }
}

/// The ISO 8601 week-based year and week number.
fn iso_week(tm: &Tm) -> (i64, i64) {
    let wd = (tm.wday + 6) % 7 + 1; // Monday = 1
    let w = (tm.yday + 1 - wd + 10) / 7;
    if w < 1 {
        (tm.year - 1, weeks_in_iso_year(tm.year - 1))
    } else if w > weeks_in_iso_year(tm.year) {
        (tm.year + 1, 1)
    } else {
        (tm.year, w)
    }
}

/// glibc's `strftime` of the two-character format `%c` in the C locale.
fn strftime1(out: &mut Vec<u8>, c: u8, tm: &Tm, t: i64) {
    let mut put = |s: String| out.extend_from_slice(s.as_bytes());
    let name = |list: &[&str], i: i64| list.get(i as usize).copied().unwrap_or("?").to_string();
    let abbr = |list: &[&str], i: i64| {
        let s = name(list, i);
        s.chars().take(3).collect::<String>()
    };
    let hour12 = if tm.hour % 12 == 0 { 12 } else { tm.hour % 12 };
    match c {
        b'a' => put(abbr(&DAYS, tm.wday)),
        b'A' => put(name(&DAYS, tm.wday)),
        b'b' | b'h' => put(abbr(&MONTHS, tm.mon)),
        b'B' => put(name(&MONTHS, tm.mon)),
        b'c' => put(format!(
            "{} {} {:2} {:02}:{:02}:{:02} {}",
            abbr(&DAYS, tm.wday),
            abbr(&MONTHS, tm.mon),
            tm.mday,
            tm.hour,
            tm.min,
            tm.sec,
            tm.year
        )),
        // glibc pads the century to no width (year 811 is century "8").
        b'C' => put(format!("{}", tm.year.div_euclid(100))),
        b'd' => put(format!("{:02}", tm.mday)),
        b'e' => put(format!("{:2}", tm.mday)),
        b'D' | b'x' => put(format!(
            "{:02}/{:02}/{:02}",
            tm.mon + 1,
            tm.mday,
            tm.year.rem_euclid(100)
        )),
        b'F' => put(format!("{}-{:02}-{:02}", tm.year, tm.mon + 1, tm.mday)),
        b'g' => put(format!("{:02}", iso_week(tm).0.rem_euclid(100))),
        b'G' => put(format!("{}", iso_week(tm).0)),
        b'H' => put(format!("{:02}", tm.hour)),
        b'I' => put(format!("{hour12:02}")),
        b'j' => put(format!("{:03}", tm.yday + 1)),
        b'k' => put(format!("{:2}", tm.hour)),
        b'l' => put(format!("{hour12:2}")),
        b'm' => put(format!("{:02}", tm.mon + 1)),
        b'M' => put(format!("{:02}", tm.min)),
        b'n' => put("\n".to_string()),
        b'p' => put(if tm.hour < 12 { "AM" } else { "PM" }.to_string()),
        b'P' => put(if tm.hour < 12 { "am" } else { "pm" }.to_string()),
        b'r' => put(format!(
            "{hour12:02}:{:02}:{:02} {}",
            tm.min,
            tm.sec,
            if tm.hour < 12 { "AM" } else { "PM" }
        )),
        b'R' => put(format!("{:02}:{:02}", tm.hour, tm.min)),
        b's' => put(format!("{t}")),
        b'S' => put(format!("{:02}", tm.sec)),
        b't' => put("\t".to_string()),
        b'T' | b'X' => put(format!("{:02}:{:02}:{:02}", tm.hour, tm.min, tm.sec)),
        b'u' => put(format!("{}", (tm.wday + 6) % 7 + 1)),
        b'U' => put(format!("{:02}", (tm.yday + 7 - tm.wday) / 7)),
        b'V' => put(format!("{:02}", iso_week(tm).1)),
        b'w' => put(format!("{}", tm.wday)),
        b'W' => put(format!("{:02}", (tm.yday + 7 - (tm.wday + 6) % 7) / 7)),
        b'y' => put(format!("{:02}", tm.year.rem_euclid(100))),
        b'Y' => put(format!("{}", tm.year)),
        b'z' => {
            let off = tm.gmtoff;
            let sign = if off < 0 { '-' } else { '+' };
            let a = off.abs() / 60;
            put(format!("{sign}{:02}{:02}", a / 60, a % 60))
        }
        b'Z' => put(tm.zone.clone()),
        b'%' => put("%".to_string()),
        // A width with nothing after it: the unconverted text, padded to the width.
        b'1'..=b'9' => put(format!(
            "{:>w$}",
            format!("%{}", c as char),
            w = (c - b'0') as usize
        )),
        // Anything else (flags or modifiers without a conversion, unknown letters): as written.
        _ => {
            out.push(b'%');
            out.push(c);
        }
    }
}

fn set_field(ctx: &mut NativeCtx<'_, '_>, t: TableRef, k: &str, v: Value) -> Result<(), LuaError> {
    let key = ctx.tx.intern(k.as_bytes()).map_err(|e| heap(ctx, e))?;
    ctx.tx.set(t, Value::Str(key), v).map_err(|e| heap(ctx, e))
}

fn now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

/// `os.date([format [, time]])`.
fn date(ctx: &mut NativeCtx<'_, '_>) -> R {
    let format = match ctx.arg(1) {
        Value::Nil => b"%c".to_vec(),
        _ => ctx.check_bytes(1)?,
    };
    let t = if ctx.arg(2).is_nil() {
        now()
    } else {
        to_integer(ctx.check_number(2)?)
    };
    // C reads the format up to its first NUL.
    let format = &format[..format.iter().position(|&b| b == 0).unwrap_or(format.len())];
    let utc = format.first() == Some(&b'!');
    let (format, tm) = if utc {
        (&format[1..], gmtime(t))
    } else {
        (format, localtime(t))
    };
    let Some(tm) = tm else {
        ctx.ret(Value::Nil);
        return Ok(NativeReturn::Return);
    };
    if format.starts_with(b"*t") {
        let table = ctx.tx.new_table(0, 9).map_err(|e| heap(ctx, e))?;
        let fields = [
            ("sec", tm.sec),
            ("min", tm.min),
            ("hour", tm.hour),
            ("day", tm.mday),
            ("month", tm.mon + 1),
            ("year", tm.year),
            ("wday", tm.wday + 1),
            ("yday", tm.yday + 1),
        ];
        for (k, v) in fields {
            set_field(ctx, table, k, Value::Num(v as f64))?;
        }
        set_field(ctx, table, "isdst", Value::Bool(tm.isdst))?;
        ctx.ret(Value::Table(table));
        return Ok(NativeReturn::Return);
    }
    // `%s` is `mktime` of the broken-down time: `t` itself for local time, the UTC fields read
    // as local standard time (gmtime's tm_isdst is 0) for `!`.
    let stamp = if utc {
        mktime(tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec, 0)
    } else {
        t
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < format.len() {
        let c = format[i];
        if c != b'%' || i + 1 >= format.len() {
            out.push(c);
            i += 1;
        } else {
            strftime1(&mut out, format[i + 1], &tm, stamp);
            i += 2;
        }
    }
    ctx.ret_bytes(&out)?;
    Ok(NativeReturn::Return)
}

/// A date-table field as 5.1 reads it: a number (or numeric string) truncated to a C int, or the
/// default; `None` when required (`default` negative) and missing.
fn date_field(
    ctx: &mut NativeCtx<'_, '_>,
    t: TableRef,
    key: &str,
    default: i64,
) -> Result<i64, LuaError> {
    let k = ctx.tx.intern(key.as_bytes()).map_err(|e| heap(ctx, e))?;
    let v = ctx.tx.get(t, &Value::Str(k)).map_err(|e| heap(ctx, e))?;
    match crate::exec::meta::to_number(ctx.tx, v) {
        Some(n) => Ok(to_integer(n) as i32 as i64),
        None if default < 0 => Err(ctx.error(format!("field '{key}' missing in date table"))),
        None => Ok(default),
    }
}

/// `os.time([table])`.
fn time(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = match ctx.arg(1) {
        Value::Nil => now(),
        Value::Table(tab) => {
            let sec = date_field(ctx, tab, "sec", 0)?;
            let min = date_field(ctx, tab, "min", 0)?;
            let hour = date_field(ctx, tab, "hour", 12)?;
            let day = date_field(ctx, tab, "day", -1)?;
            let month = date_field(ctx, tab, "month", -1)?;
            let year = date_field(ctx, tab, "year", -1)?;
            let k = ctx.tx.intern(b"isdst").map_err(|e| heap(ctx, e))?;
            let dst = ctx.tx.get(tab, &Value::Str(k)).map_err(|e| heap(ctx, e))?;
            let isdst = if dst.is_nil() {
                -1
            } else {
                dst.truthy() as i32
            };
            // tm_year and tm_mon are C ints: year - 1900 and month - 1 wrap as C's do.
            let tm_year = (year as i32).wrapping_sub(1900) as i64;
            let tm_mon = (month as i32).wrapping_sub(1) as i64;
            mktime(tm_year + 1900, tm_mon, day, hour, min, sec, isdst)
        }
        _ => return Err(ctx.type_error(1, "table")),
    };
    ctx.ret(if t == -1 {
        Value::Nil
    } else {
        Value::Num(t as f64)
    });
    Ok(NativeReturn::Return)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for d in [-800_000i64, -1, 0, 1, 11_016, 18_262, 2_932_896] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn gmtime_fields() {
        let tm = gmtime(1_000_000_000).unwrap();
        assert_eq!(
            (tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec, tm.wday, tm.yday),
            (2001, 8, 9, 1, 46, 40, 0, 251)
        );
        let mut out = Vec::new();
        for c in b"aAbBcdjUWVGy" {
            strftime1(&mut out, *c, &tm, 1_000_000_000);
            out.push(b'|');
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Sun|Sunday|Sep|September|Sun Sep  9 01:46:40 2001|09|252|36|36|36|2001|01|"
        );
        assert!(gmtime(1_000_000_000_000_000_000).is_none());
    }

    #[test]
    fn iso_weeks_at_year_ends() {
        let at = |y, m, d| gmtime(days_from_civil(y, m, d) * 86_400).unwrap();
        assert_eq!(iso_week(&at(2021, 1, 1)), (2020, 53));
        assert_eq!(iso_week(&at(2024, 12, 30)), (2025, 1));
        assert_eq!(iso_week(&at(2020, 12, 31)), (2020, 53));
    }
}
