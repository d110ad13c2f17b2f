//! Numbers as text, exactly as Lua 5.1 on x86-64 Linux writes and reads them: `tostring` is C's
//! `%.14g` (with glibc's `-nan` for the default NaN), and string→number conversion follows
//! `strtod` (decimal, hexadecimal, `inf`, `nan`) with surrounding white space allowed.

/// `floor` without a library call on x86-64 baseline (which lacks SSE4.1's `roundsd`): exact
/// for every double, through an integer conversion where the value fits.
#[inline]
#[cfg(target_feature = "sse4.1")]
pub fn floor(x: f64) -> f64 {
    x.floor()
}

/// `floor` for targets without SSE4.1: see above.
#[inline]
#[cfg(not(target_feature = "sse4.1"))]
pub fn floor(x: f64) -> f64 {
    if x.abs() < 4.5e15 {
        let t = x as i64 as f64;
        if t > x {
            t - 1.0
        } else {
            t
        }
    } else {
        // Already integral, infinite or NaN (or beyond 2^52, where every double is integral).
        x.floor()
    }
}

/// C's `%.{precision}g`, with glibc's spellings of infinities and NaNs. `alternate` is the `#`
/// flag (keep trailing zeros and the point).
pub fn format_g(n: f64, precision: usize, upper: bool, alternate: bool) -> String {
    if let Some(s) = non_finite(n, upper) {
        return s;
    }
    let p = precision.max(1);
    // The exponent %e would print, after rounding to p significant digits.
    let sci = format!("{:.*e}", p - 1, n);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut out = if exp < -4 || exp >= p as i32 {
        let mut m = mantissa.to_string();
        if !alternate {
            m = strip_zeros(&m);
        }
        format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let f = format!("{:.*}", decimals, n);
        if alternate {
            if f.contains('.') {
                f
            } else {
                f + "."
            }
        } else {
            strip_zeros(&f)
        }
    };
    if upper {
        out = out.to_uppercase();
    }
    out
}

fn strip_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// glibc's text for infinities and NaNs. The NaN made by `0/0` on x86 has its sign bit set, so
/// it prints `-nan`.
pub fn non_finite(n: f64, upper: bool) -> Option<String> {
    let s = if n.is_nan() {
        if n.is_sign_negative() {
            "-nan"
        } else {
            "nan"
        }
    } else if n.is_infinite() {
        if n < 0.0 {
            "-inf"
        } else {
            "inf"
        }
    } else {
        return None;
    };
    Some(if upper {
        s.to_uppercase()
    } else {
        s.to_string()
    })
}

/// `tostring` of a number: `%.14g`.
pub fn number_to_string(n: f64) -> String {
    // Integers that fit print without the general formatter (the common case).
    if n.fract() == 0.0 && n.abs() < 1e14 {
        if n == 0.0 && n.is_sign_negative() {
            return "-0".to_string();
        }
        return format!("{}", n as i64);
    }
    format_g(n, 14, false, false)
}

fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Lua's string→number conversion: the whole string (but surrounding white space) must be a
/// number as `strtod` reads it.
pub fn str_to_number(s: &[u8]) -> Option<f64> {
    // The C library sees a NUL-terminated string: text after a zero byte is not read.
    let s = &s[..s.iter().position(|&b| b == 0).unwrap_or(s.len())];
    let start = s.iter().position(|&b| !is_c_space(b))?;
    let end = s.iter().rposition(|&b| !is_c_space(b))? + 1;
    let t = &s[start..end];
    let (negative, body) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let value = if body.len() > 1 && body[0] == b'0' && (body[1] == b'x' || body[1] == b'X') {
        parse_hex(&body[2..])?
    } else {
        let text = std::str::from_utf8(body).ok()?;
        // Rust's float syntax is strtod's decimal syntax, except that Rust also takes a sign
        // (already consumed) and rejects nothing strtod accepts for finite numbers.
        if text.starts_with(['+', '-']) || text.is_empty() {
            return None;
        }
        text.parse::<f64>().ok()?
    };
    Some(if negative { -value } else { value })
}

/// A hexadecimal number after `0x`: digits, an optional fraction and a binary exponent `p±d`.
fn parse_hex(s: &[u8]) -> Option<f64> {
    let mut value = 0.0f64;
    let mut any = false;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_hexdigit() {
        value = value * 16.0 + (s[i] as char).to_digit(16)? as f64;
        any = true;
        i += 1;
    }
    let mut scale = 0i32;
    if i < s.len() && s[i] == b'.' {
        i += 1;
        while i < s.len() && s[i].is_ascii_hexdigit() {
            value = value * 16.0 + (s[i] as char).to_digit(16)? as f64;
            scale -= 4;
            any = true;
            i += 1;
        }
    }
    if !any {
        return None;
    }
    if i < s.len() && (s[i] == b'p' || s[i] == b'P') {
        i += 1;
        let (neg, digits) = match s.get(i) {
            Some(b'-') => (true, &s[i + 1..]),
            Some(b'+') => (false, &s[i + 1..]),
            _ => (false, &s[i..]),
        };
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let e: i32 = std::str::from_utf8(digits)
            .ok()?
            .parse()
            .unwrap_or(i32::MAX);
        scale = scale.saturating_add(if neg { -e } else { e });
        i = s.len();
    }
    if i != s.len() {
        return None;
    }
    Some(value * 2f64.powi(scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tostring_is_percent_14g() {
        for (n, s) in [
            (1.0, "1"),
            (-0.0, "-0"),
            (0.1, "0.1"),
            (1e15, "1e+15"),
            (1e14, "1e+14"),
            (123456789012345.0, "1.2345678901234e+14"),
            (2f64.powi(53), "9.007199254741e+15"),
            (1.0 / 3.0, "0.33333333333333"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (-(f64::NAN.copysign(1.0)), "-nan"),
            (3.25159, "3.25159"),
            (-1.5e300, "-1.5e+300"),
        ] {
            assert_eq!(number_to_string(n), s, "{n:e}");
        }
    }

    #[test]
    fn strings_convert_like_strtod() {
        assert_eq!(str_to_number(b" 10 "), Some(10.0));
        assert_eq!(str_to_number(b"0x10"), Some(16.0));
        assert_eq!(str_to_number(b"-0x10"), Some(-16.0));
        assert_eq!(str_to_number(b"0x1.8"), Some(1.5));
        assert_eq!(str_to_number(b"0x1p4"), Some(16.0));
        assert_eq!(str_to_number(b"1e1"), Some(10.0));
        assert_eq!(str_to_number(b".5"), Some(0.5));
        assert_eq!(str_to_number(b"5."), Some(5.0));
        assert_eq!(str_to_number(b"inf"), Some(f64::INFINITY));
        assert!(str_to_number(b"nan").unwrap().is_nan());
        assert_eq!(str_to_number(b""), None);
        assert_eq!(str_to_number(b"  "), None);
        assert_eq!(str_to_number(b"1e"), None);
        assert_eq!(str_to_number(b"0x"), None);
        assert_eq!(str_to_number(b"1 2"), None);
        assert_eq!(str_to_number(b"--1"), None);
    }
}
