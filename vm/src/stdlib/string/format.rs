//! `string.format`: Lua 5.1's driver (flags, two-digit width and precision, one argument per
//! item) over C's printf conversions as glibc writes them on x86-64, written out here:
//! `%d %i` (the number cast to a 64-bit integer), `%o %u %x %X` (cast to unsigned), `%c`,
//! `%e %E %f %g %G`, `%s` (cut at a zero byte, unless it is 100 bytes or longer and has no
//! precision: then copied whole), `%q` and `%%`.

use super::{memory_error, memory_room, str_arg, R};
use crate::exec::{to_integer, NativeCtx, NativeReturn};

/// printf flags Lua accepts (5.1's FLAGS); six or more flag characters are an error.
const FLAGS: &[u8] = b"-+ #0";

/// A conversion's flags, width and precision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    pub minus: bool,
    pub plus: bool,
    pub space: bool,
    pub hash: bool,
    pub zero: bool,
    pub width: usize,
    pub precision: Option<usize>,
}

/// Reads flags, width and precision from `f` at `i` (just after the `%`); the spec and the
/// index of the conversion character.
pub fn scan_spec(f: &[u8], i: usize) -> Result<(Spec, usize), &'static str> {
    let at = |k: usize| f.get(k).copied().unwrap_or(0);
    let mut spec = Spec::default();
    let mut p = i;
    while FLAGS.contains(&at(p)) {
        match at(p) {
            b'-' => spec.minus = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.hash = true,
            _ => spec.zero = true,
        }
        p += 1;
    }
    if p - i > FLAGS.len() {
        return Err("invalid format (repeated flags)");
    }
    let digits = |p: &mut usize| -> usize {
        let mut n = 0;
        for _ in 0..2 {
            if at(*p).is_ascii_digit() {
                n = n * 10 + (at(*p) - b'0') as usize;
                *p += 1;
            }
        }
        n
    };
    spec.width = digits(&mut p);
    if at(p) == b'.' {
        p += 1;
        spec.precision = Some(digits(&mut p));
    }
    if at(p).is_ascii_digit() {
        return Err("invalid format (width or precision too long)");
    }
    Ok((spec, p))
}

/// Pads `prefix` + `body` to the width: spaces on the left (or the right with `-`), or zeros
/// between the prefix and the body with `0` when `zeros` allows.
fn pad(out: &mut Vec<u8>, spec: &Spec, prefix: &[u8], body: &[u8], zeros: bool) {
    let len = prefix.len() + body.len();
    let fill = spec.width.saturating_sub(len);
    if spec.minus {
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        out.resize(out.len() + fill, b' ');
    } else if spec.zero && zeros {
        out.extend_from_slice(prefix);
        out.resize(out.len() + fill, b'0');
        out.extend_from_slice(body);
    } else {
        out.resize(out.len() + fill, b' ');
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
    }
}

/// Digits with at least `precision` of them (none at all for zero with precision 0).
fn with_precision(digits: String, zero_value: bool, precision: Option<usize>) -> Vec<u8> {
    match precision {
        None => digits.into_bytes(),
        Some(0) if zero_value => Vec::new(),
        Some(p) => {
            let mut v = vec![b'0'; p.saturating_sub(digits.len())];
            v.extend_from_slice(digits.as_bytes());
            v
        }
    }
}

fn sign_prefix(spec: &Spec, negative: bool) -> &'static [u8] {
    if negative {
        b"-"
    } else if spec.plus {
        b"+"
    } else if spec.space {
        b" "
    } else {
        b""
    }
}

/// `%d` / `%i` of a 64-bit integer.
pub fn fmt_signed(out: &mut Vec<u8>, spec: &Spec, v: i64) {
    let digits = with_precision(v.unsigned_abs().to_string(), v == 0, spec.precision);
    pad(
        out,
        spec,
        sign_prefix(spec, v < 0),
        &digits,
        spec.precision.is_none(),
    );
}

/// `%o %u %x %X` of a 64-bit unsigned integer.
pub fn fmt_unsigned(out: &mut Vec<u8>, spec: &Spec, v: u64, conv: u8) {
    let text = match conv {
        b'o' => format!("{v:o}"),
        b'x' => format!("{v:x}"),
        b'X' => format!("{v:X}"),
        _ => v.to_string(),
    };
    let mut digits = with_precision(text, v == 0, spec.precision);
    let mut prefix: &[u8] = b"";
    if spec.hash {
        match conv {
            b'o' if digits.first() != Some(&b'0') => digits.insert(0, b'0'),
            b'x' if v != 0 => prefix = b"0x",
            b'X' if v != 0 => prefix = b"0X",
            _ => {}
        }
    }
    pad(out, spec, prefix, &digits, spec.precision.is_none());
}

/// `%e` of a non-negative finite number: mantissa, `e`, sign and at least two exponent digits.
fn exp_form(a: f64, precision: usize, hash: bool) -> String {
    let s = format!("{:.*e}", precision, a);
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let point = if hash && !mantissa.contains('.') {
        "."
    } else {
        ""
    };
    format!(
        "{mantissa}{point}e{}{:02}",
        if exp < 0 { '-' } else { '+' },
        exp.unsigned_abs()
    )
}

/// Removes trailing zeros after a decimal point, and the point if nothing follows it.
fn strip_fraction_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// `%g` of a non-negative finite number.
fn general_form(a: f64, precision: usize, hash: bool) -> String {
    let p = precision.max(1);
    let sci = format!("{:.*e}", p - 1, a);
    let exp: i32 = sci
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    if exp < -4 || exp >= p as i32 {
        let full = exp_form(a, p - 1, hash);
        if hash {
            return full;
        }
        let (mantissa, rest) = full.split_once('e').unwrap_or((&full, ""));
        format!("{}e{rest}", strip_fraction_zeros(mantissa))
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let fixed = format!("{:.*}", decimals, a);
        if hash {
            if fixed.contains('.') {
                fixed
            } else {
                fixed + "."
            }
        } else {
            strip_fraction_zeros(&fixed).to_string()
        }
    }
}

/// `%e %E %f %g %G`.
pub fn fmt_float(out: &mut Vec<u8>, spec: &Spec, v: f64, conv: u8) {
    let upper = conv.is_ascii_uppercase();
    let sign = sign_prefix(spec, v.is_sign_negative());
    if !v.is_finite() {
        let body = match (v.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        };
        pad(out, spec, sign, body.as_bytes(), false);
        return;
    }
    let a = v.abs();
    let precision = spec.precision.unwrap_or(6);
    let mut body = match conv.to_ascii_lowercase() {
        b'f' => {
            let mut s = format!("{:.*}", precision, a);
            if spec.hash && precision == 0 {
                s.push('.');
            }
            s
        }
        b'e' => exp_form(a, precision, spec.hash),
        _ => general_form(a, precision, spec.hash),
    };
    if upper {
        body = body.to_ascii_uppercase();
    }
    pad(out, spec, sign, body.as_bytes(), true);
}

/// `%s` of bytes already cut at their first zero.
pub fn fmt_str(out: &mut Vec<u8>, spec: &Spec, s: &[u8]) {
    let s = match spec.precision {
        Some(p) if p < s.len() => &s[..p],
        _ => s,
    };
    pad(out, spec, b"", s, false);
}

/// How many bytes `fmt_quoted` writes for `s`.
pub fn quoted_len(s: &[u8]) -> usize {
    let escapes: usize = s
        .iter()
        .map(|&c| match c {
            b'"' | b'\\' | b'\n' | b'\r' => 1,
            0 => 3,
            _ => 0,
        })
        .sum();
    s.len() + escapes + 2
}

/// `%q`: the string in double quotes, with `"`, `\` and newline escaped by a backslash, `\r` as
/// `\r` and the zero byte as `\000`.
pub fn fmt_quoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' | b'\\' | b'\n' => {
                out.push(b'\\');
                out.push(c);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            0 => out.extend_from_slice(b"\\000"),
            _ => out.push(c),
        }
    }
    out.push(b'"');
}

/// C's `(unsigned long)` of a double on x86-64: values from 2^63 up go through a subtraction of
/// 2^63, everything else through the signed conversion (so NaN and huge negatives give 2^63,
/// and 2^64 and above give 0).
pub fn to_unsigned(n: f64) -> u64 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if n >= TWO_63 {
        (to_integer(n - TWO_63) as u64) ^ (1 << 63)
    } else {
        to_integer(n) as u64
    }
}

/// C's `(int)` of a double on x86-64 (out of range gives INT_MIN).
pub fn to_c_int(n: f64) -> i32 {
    if n.is_nan() || n <= -2_147_483_649.0 || n >= 2_147_483_648.0 {
        i32::MIN
    } else {
        n as i32
    }
}

/// `string.format(fmt, ...)`.
pub fn format(ctx: &mut NativeCtx<'_, '_>) -> R {
    let fmt = str_arg(ctx, 1)?;
    let f = fmt.bytes(ctx.tx).to_vec();
    let top = ctx.args.len();
    let mut arg = 1;
    let mut out: Vec<u8> = Vec::with_capacity(f.len() + 16);
    let room = memory_room(ctx.tx);
    let mut i = 0;
    while i < f.len() {
        if out.len() > room {
            return Err(memory_error(ctx));
        }
        let c = f[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        if f.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        arg += 1;
        if arg > top {
            return Err(ctx.arg_error(arg, "no value"));
        }
        let (spec, at) = scan_spec(&f, i).map_err(|msg| ctx.error(msg))?;
        let conv = f.get(at).copied().unwrap_or(0);
        i = at + 1;
        match conv {
            b'c' => {
                let n = ctx.check_number(arg)?;
                let mut item = Vec::new();
                pad(&mut item, &spec, b"", &[to_c_int(n) as u8], false);
                // C copies the item up to its first zero byte.
                let end = item.iter().position(|&b| b == 0).unwrap_or(item.len());
                out.extend_from_slice(&item[..end]);
            }
            b'd' | b'i' => {
                let n = ctx.check_number(arg)?;
                fmt_signed(&mut out, &spec, to_integer(n));
            }
            b'o' | b'u' | b'x' | b'X' => {
                let n = ctx.check_number(arg)?;
                fmt_unsigned(&mut out, &spec, to_unsigned(n), conv);
            }
            b'e' | b'E' | b'f' | b'g' | b'G' => {
                let n = ctx.check_number(arg)?;
                fmt_float(&mut out, &spec, n, conv);
            }
            b'q' => {
                let s = str_arg(ctx, arg)?;
                let bytes = s.bytes(ctx.tx);
                // Measured first: an item can be four times its string.
                if out.len().saturating_add(quoted_len(bytes)) > room {
                    return Err(memory_error(ctx));
                }
                fmt_quoted(&mut out, bytes);
            }
            b's' => {
                let s = str_arg(ctx, arg)?;
                let bytes = s.bytes(ctx.tx);
                if spec.precision.is_none() && bytes.len() >= 100 {
                    // (Shorter items are at most 99 bytes: the check at the loop's top does.)
                    if out.len().saturating_add(bytes.len()) > room {
                        return Err(memory_error(ctx));
                    }
                    out.extend_from_slice(bytes);
                } else {
                    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                    fmt_str(&mut out, &spec, &bytes[..end]);
                }
            }
            _ => {
                let mut text = ctx.where_(1).into_bytes();
                if !text.is_empty() {
                    text.push(b' ');
                }
                text.extend_from_slice(b"invalid option '%");
                if conv != 0 {
                    text.push(conv);
                }
                text.extend_from_slice(b"' to 'format'");
                return Err(ctx.error_value_text(&text));
            }
        }
    }
    ctx.ret_bytes(&out)?;
    Ok(NativeReturn::Return)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(fmt: &str, conv: u8, f: impl Fn(&mut Vec<u8>, &Spec, u8)) -> String {
        let (spec, at) = scan_spec(fmt.as_bytes(), 0).unwrap();
        assert_eq!(fmt.as_bytes()[at], conv);
        let mut out = Vec::new();
        f(&mut out, &spec, conv);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn integers() {
        let d = |fmt: &str, v: i64| one(fmt, b'd', |o, s, _| fmt_signed(o, s, v));
        assert_eq!(d("5d", 42), "   42");
        assert_eq!(d("-5d", 42), "42   ");
        assert_eq!(d("05d", -42), "-0042");
        assert_eq!(d("+d", 0), "+0");
        assert_eq!(d(".0d", 0), "");
        assert_eq!(d("+.0d", 0), "+");
        assert_eq!(d("8.3d", -7), "    -007");
        assert_eq!(d("d", i64::MIN), "-9223372036854775808");
        let x = |fmt: &str, v: u64, c: u8| one(fmt, c, |o, s, c| fmt_unsigned(o, s, v, c));
        assert_eq!(x("#x", 255, b'x'), "0xff");
        assert_eq!(x("#010x", 48879, b'x'), "0x0000beef");
        assert_eq!(x("#.0o", 0, b'o'), "0");
        assert_eq!(x("#x", 0, b'x'), "0");
        assert_eq!(x("#.3x", 1, b'x'), "0x001");
        assert_eq!(x(".4o", 10, b'o'), "0012");
    }

    #[test]
    fn floats() {
        let f = |fmt: &str, c: u8, v: f64| one(fmt, c, |o, s, c| fmt_float(o, s, v, c));
        assert_eq!(f("e", b'e', 12345.6789), "1.234568e+04");
        assert_eq!(f("#.0e", b'e', 15000.0), "2.e+04");
        assert_eq!(f("015.3e", b'e', -1.5), "-000001.500e+00");
        assert_eq!(f(".0f", b'f', 2.5), "2");
        assert_eq!(f("#.0f", b'f', 3.0), "3.");
        assert_eq!(f("g", b'g', 100000.0), "100000");
        assert_eq!(f("g", b'g', 1e6), "1e+06");
        assert_eq!(f("#g", b'g', 1.0), "1.00000");
        assert_eq!(f("#.1g", b'g', 25.0), "2.e+01");
        assert_eq!(f("#.0g", b'g', 0.0), "0.");
        assert_eq!(f("G", b'G', 1e-5), "1E-05");
        assert_eq!(f("010g", b'g', -1.5), "-0000001.5");
        assert_eq!(f("5.1f", b'f', f64::INFINITY), "  inf");
        assert_eq!(f("+010f", b'f', f64::INFINITY), "      +inf");
        assert_eq!(f("g", b'g', -f64::NAN.copysign(1.0)), "-nan");
        assert_eq!(f("g", b'g', -0.0), "-0");
    }

    #[test]
    fn specs() {
        assert!(scan_spec(b"-----5d", 0).is_ok());
        assert_eq!(
            scan_spec(b"------d", 0),
            Err("invalid format (repeated flags)")
        );
        assert_eq!(
            scan_spec(b"100d", 0),
            Err("invalid format (width or precision too long)")
        );
        assert_eq!(scan_spec(b"0099d", 0).unwrap().0.width, 99);
        assert_eq!(scan_spec(b".f", 0).unwrap().0.precision, Some(0));
        assert_eq!(scan_spec(b"5", 0).unwrap().1, 1);
    }

    #[test]
    fn conversions_like_c() {
        assert_eq!(to_unsigned(-1.0), u64::MAX);
        assert_eq!(to_unsigned(f64::NAN), 1 << 63);
        assert_eq!(to_unsigned(2f64.powi(64)), 0);
        assert_eq!(to_unsigned(1e30), 0);
        assert_eq!(to_unsigned(-1e30), 1 << 63);
        assert_eq!(to_unsigned(2f64.powi(63) + 4096.0), (1 << 63) + 4096);
        assert_eq!(to_c_int(2f64.powi(31)), i32::MIN);
        assert_eq!(to_c_int(321.9), 321);
    }

    #[test]
    fn quoted_len_is_what_fmt_quoted_writes() {
        for s in [&b""[..], b"plain", b"\0\0\"\\\n\r\t\xff", b"a\r\nb\""] {
            let mut out = Vec::new();
            fmt_quoted(&mut out, s);
            assert_eq!(quoted_len(s), out.len(), "{s:?}");
        }
    }
}
