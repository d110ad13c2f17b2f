//! Lua 5.1 patterns: a backtracking matcher that keeps its choice points on an explicit stack
//! (no Rust recursion), and counts its steps against the VM's instruction budget.
//!
//! Semantics follow the 5.1 manual and what `lua5.1` does on the corner cases:
//! * a pattern ends at its first zero byte (use `%z` to match one);
//! * the pieces of a pattern are checked lazily, when the matcher reaches them, so
//!   `string.find("xyz", "a)")` is simply no match while `string.find("abc", "a)")` is an
//!   `invalid pattern capture` error;
//! * `$` is an anchor only as the last character; `^` is an anchor only where the caller strips
//!   it (find, match, gsub — not gmatch);
//! * `%f[set]` sees a zero byte before the subject's start and after its end;
//! * classes are the C locale's: nothing above 127 is a letter, digit, space...
//!
//! Every choice point is pushed with a pattern position strictly greater than that of the entry
//! below it on the current path, so the stack never holds more entries than the pattern has
//! bytes (plus capture undo records, likewise bounded).

/// LUA_MAXCAPTURES.
pub const MAX_CAPTURES: usize = 32;

const CAP_UNFINISHED: isize = -1;
const CAP_POSITION: isize = -2;

/// Steps are charged to the budget in batches of this many.
const CHARGE_EVERY: u64 = 1024;

/// The characters that make `string.find` use the matcher rather than a plain search.
const SPECIALS: &[u8] = b"^$*+?.([%-";

/// Why matching stopped without an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatError {
    /// A Lua error with this message (the caller adds the position).
    Error(&'static str),
    /// The instruction budget ran out.
    Interrupted,
    /// A result would not fit under the memory limit.
    Memory,
}

/// One capture of a successful match: a slice of the subject, or a position (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    Str(usize, usize),
    Pos(usize),
}

/// The captures of one match (most patterns have a few).
pub type Captures = smallvec::SmallVec<[Capture; 4]>;

/// A choice point or an undo record on the backtracking stack.
#[derive(Clone, Copy, Debug)]
enum Backtrack {
    /// A capture was opened: close the level again.
    UndoOpen,
    /// A capture was closed: mark it unfinished again.
    UndoClose(usize),
    /// `x?` matched one `x`: try again without it.
    Alt { s: usize, p: usize },
    /// `x*` / `x+`: `base + count` was tried; try one fewer.
    Greedy {
        base: usize,
        count: usize,
        next: usize,
    },
    /// `x-`: `s` was tried with the rest; try one more `x` first.
    Lazy { s: usize, p: usize, ep: usize },
}

/// Whether `string.find` must treat the pattern as a pattern (it has a magic character before
/// its first zero byte).
pub fn has_specials(pat: &[u8]) -> bool {
    pat.iter()
        .take_while(|&&b| b != 0)
        .any(|b| SPECIALS.contains(b))
}

/// The first occurrence of `needle` in `hay` (memchr's substring search: linear whatever the
/// input, and vectorised, like lua5.1's memchr-based `lmemfind`).
pub fn find_plain(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Takes `steps` from the instruction budget, failing once it is spent.
pub fn charge(budget: &mut Option<u64>, steps: u64) -> Result<(), PatError> {
    if let Some(left) = budget.as_mut() {
        if steps > *left {
            *left = 0;
            return Err(PatError::Interrupted);
        }
        *left -= steps;
    }
    Ok(())
}

/// The class letters, each with its bit in [`CLASS_MEMBERS`].
const CLASS_LETTERS: &[u8; 10] = b"acdlpsuwxz";

/// Whether byte `c` belongs to class `letter` in the C locale.
const fn in_class(c: u8, letter: u8) -> bool {
    match letter {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c < 32 || c == 127,
        b'd' => c.is_ascii_digit(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => c == b' ' || (c >= 9 && c <= 13),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        _ => c == 0, // 'z'
    }
}

/// For each byte, the classes it belongs to (bit `i` for `CLASS_LETTERS[i]`).
static CLASS_MEMBERS: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut c = 0;
    while c < 256 {
        let mut i = 0;
        while i < CLASS_LETTERS.len() {
            if in_class(c as u8, CLASS_LETTERS[i]) {
                table[c] |= 1 << i;
            }
            i += 1;
        }
        c += 1;
    }
    table
};

/// For each pattern byte after `%`, the bit of its class (either case), or 0.
static CLASS_BITS: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < CLASS_LETTERS.len() {
        let letter = CLASS_LETTERS[i];
        table[letter as usize] = 1 << i;
        table[letter.to_ascii_uppercase() as usize] = 1 << i;
        i += 1;
    }
    table
};

/// `%a`, `%d`... in the C locale (upper case: the complement); a non-class letter (or any other
/// byte) stands for itself.
#[inline]
pub fn match_class(c: u8, class: u8) -> bool {
    let bit = CLASS_BITS[class as usize];
    if bit == 0 {
        return class == c;
    }
    (CLASS_MEMBERS[c as usize] & bit != 0) != class.is_ascii_uppercase()
}

/// A pattern applied to a subject. Reusable across start positions (`do_match` resets it).
pub struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    level: usize,
    /// The start and length of each capture below `level` (entries above it are stale).
    caps: smallvec::SmallVec<[(usize, isize); 4]>,
    stack: smallvec::SmallVec<[Backtrack; 8]>,
    pending: u64,
    budget: &'a mut Option<u64>,
}

impl<'a> Matcher<'a> {
    /// A matcher for `pat` (cut at its first zero byte) over `src`.
    pub fn new(src: &'a [u8], pat: &'a [u8], budget: &'a mut Option<u64>) -> Matcher<'a> {
        let end = pat.iter().position(|&b| b == 0).unwrap_or(pat.len());
        Matcher {
            src,
            pat: &pat[..end],
            level: 0,
            caps: smallvec::SmallVec::new(),
            stack: smallvec::SmallVec::new(),
            pending: 0,
            budget,
        }
    }

    /// The pattern as the matcher sees it (up to the first zero byte).
    pub fn pattern(&self) -> &'a [u8] {
        self.pat
    }

    /// Charges the steps not yet charged.
    pub fn flush(&mut self) -> Result<(), PatError> {
        let n = std::mem::take(&mut self.pending);
        charge(self.budget, n)
    }

    fn add_steps(&mut self, n: u64) -> Result<(), PatError> {
        self.pending = self.pending.saturating_add(n);
        if self.pending >= CHARGE_EVERY {
            self.flush()?;
        }
        Ok(())
    }

    /// The pattern byte at `i`, or 0 past its end (C's terminator).
    fn pc(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    /// Where the single-character class starting at `p` ends.
    fn class_end(&self, p: usize) -> Result<usize, PatError> {
        let len = self.pat.len();
        let mut q = p + 1;
        match self.pc(p) {
            b'%' => {
                if q >= len {
                    return Err(PatError::Error("malformed pattern (ends with '%')"));
                }
                Ok(q + 1)
            }
            b'[' => {
                if self.pc(q) == b'^' {
                    q += 1;
                }
                // The first character after `[` (or `[^`) belongs to the set even if it is `]`.
                loop {
                    if q >= len {
                        return Err(PatError::Error("malformed pattern (missing ']')"));
                    }
                    let c = self.pat[q];
                    q += 1;
                    if c == b'%' && q < len {
                        q += 1;
                    }
                    if self.pc(q) == b']' {
                        break;
                    }
                }
                Ok(q + 1)
            }
            _ => Ok(q),
        }
    }

    /// Whether `c` is in the set `[...]` that opens at `p` and closes at `ec`.
    fn bracket(&self, c: u8, p: usize, ec: usize) -> bool {
        let mut p = p;
        let mut sig = true;
        if self.pc(p + 1) == b'^' {
            sig = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= ec {
                break;
            }
            let ch = self.pc(p);
            if ch == b'%' {
                p += 1;
                if match_class(c, self.pc(p)) {
                    return sig;
                }
            } else if self.pc(p + 1) == b'-' && p + 2 < ec {
                p += 2;
                if ch <= c && c <= self.pc(p) {
                    return sig;
                }
            } else if ch == c {
                return sig;
            }
        }
        !sig
    }

    /// Whether `c` matches the single-character class `p..ep`.
    fn single_match(&self, c: u8, p: usize, ep: usize) -> bool {
        match self.pc(p) {
            b'.' => true,
            b'%' => match_class(c, self.pc(p + 1)),
            b'[' => self.bracket(c, p, ep - 1),
            x => x == c,
        }
    }

    /// How many subject bytes from `s` match the class `p..ep`.
    fn expand(&mut self, s: usize, p: usize, ep: usize) -> Result<usize, PatError> {
        let rest = self.src.get(s..).unwrap_or(&[]);
        fn run(rest: &[u8], matches: impl Fn(u8) -> bool) -> usize {
            rest.iter().position(|&c| !matches(c)).unwrap_or(rest.len())
        }
        // The class is decoded once, not at every byte.
        let i = match self.pc(p) {
            b'.' => rest.len(),
            b'%' => {
                let class = self.pc(p + 1);
                let bit = CLASS_BITS[class as usize];
                if bit == 0 {
                    run(rest, |c| c == class)
                } else {
                    let complement = class.is_ascii_uppercase();
                    run(rest, |c| {
                        (CLASS_MEMBERS[c as usize] & bit != 0) != complement
                    })
                }
            }
            b'[' => run(rest, |c| self.bracket(c, p, ep - 1)),
            x => run(rest, |c| c == x),
        };
        self.add_steps(i as u64)?;
        Ok(i)
    }

    /// `%bxy` at subject position `s`, with `x` at pattern position `p`.
    fn balance(&mut self, s: usize, p: usize) -> Result<Option<usize>, PatError> {
        if p + 1 >= self.pat.len() {
            return Err(PatError::Error("unbalanced pattern"));
        }
        let (open, close) = (self.pat[p], self.pat[p + 1]);
        if self.src.get(s) != Some(&open) {
            return Ok(None);
        }
        let mut depth = 1usize;
        let mut i = s + 1;
        let mut found = None;
        while let Some(&c) = self.src.get(i) {
            if c == close {
                depth -= 1;
                if depth == 0 {
                    found = Some(i + 1);
                    break;
                }
            } else if c == open {
                depth += 1;
            }
            i += 1;
        }
        self.add_steps((i - s) as u64)?;
        Ok(found)
    }

    fn capture_to_close(&self) -> Result<usize, PatError> {
        (0..self.level)
            .rev()
            .find(|&l| self.caps[l].1 == CAP_UNFINISHED)
            .ok_or(PatError::Error("invalid pattern capture"))
    }

    /// The capture a back-reference digit names.
    fn check_capture(&self, digit: u8) -> Result<usize, PatError> {
        let l = digit as isize - b'1' as isize;
        if l < 0 || l as usize >= self.level || self.caps[l as usize].1 == CAP_UNFINISHED {
            return Err(PatError::Error("invalid capture index"));
        }
        Ok(l as usize)
    }

    /// Pops the stack to the next alternative; `None` when there is none left.
    fn backtrack(&mut self) -> Option<(usize, usize)> {
        while let Some(b) = self.stack.pop() {
            match b {
                Backtrack::UndoOpen => self.level -= 1,
                Backtrack::UndoClose(l) => self.caps[l].1 = CAP_UNFINISHED,
                Backtrack::Alt { s, p } => return Some((s, p)),
                Backtrack::Greedy { base, count, next } => {
                    if count > 0 {
                        let count = count - 1;
                        self.stack.push(Backtrack::Greedy { base, count, next });
                        return Some((base + count, next));
                    }
                }
                Backtrack::Lazy { s, p, ep } => {
                    if let Some(&c) = self.src.get(s) {
                        if self.single_match(c, p, ep) {
                            self.stack.push(Backtrack::Lazy { s: s + 1, p, ep });
                            return Some((s + 1, ep + 1));
                        }
                    }
                }
            }
        }
        None
    }

    /// Matches the pattern from byte `p0` against the subject from byte `s0`; the end of the
    /// match, with the captures kept for [`Matcher::capture`].
    pub fn do_match(&mut self, s0: usize, p0: usize) -> Result<Option<usize>, PatError> {
        self.level = 0;
        self.stack.clear();
        let (mut s, mut p) = (s0, p0);
        let plen = self.pat.len();
        loop {
            self.add_steps(1)?;
            if p >= plen {
                return Ok(Some(s));
            }
            let mut ok = true;
            match self.pat[p] {
                b'(' => {
                    if self.level >= MAX_CAPTURES {
                        return Err(PatError::Error("too many captures"));
                    }
                    let position = self.pc(p + 1) == b')';
                    let cap = (
                        s,
                        if position {
                            CAP_POSITION
                        } else {
                            CAP_UNFINISHED
                        },
                    );
                    self.caps.truncate(self.level);
                    self.caps.push(cap);
                    self.level += 1;
                    self.stack.push(Backtrack::UndoOpen);
                    p += if position { 2 } else { 1 };
                }
                b')' => {
                    let l = self.capture_to_close()?;
                    self.caps[l].1 = (s - self.caps[l].0) as isize;
                    self.stack.push(Backtrack::UndoClose(l));
                    p += 1;
                }
                b'$' if p + 1 == plen => {
                    if s == self.src.len() {
                        return Ok(Some(s));
                    }
                    ok = false;
                }
                b'%' if self.pc(p + 1) == b'b' => match self.balance(s, p + 2)? {
                    Some(e) => {
                        s = e;
                        p += 4;
                    }
                    None => ok = false,
                },
                b'%' if self.pc(p + 1) == b'f' => {
                    p += 2;
                    if self.pc(p) != b'[' {
                        return Err(PatError::Error("missing '[' after '%f' in pattern"));
                    }
                    let ep = self.class_end(p)?;
                    let prev = if s == 0 {
                        0
                    } else {
                        self.src.get(s - 1).copied().unwrap_or(0)
                    };
                    let cur = self.src.get(s).copied().unwrap_or(0);
                    if !self.bracket(prev, p, ep - 1) && self.bracket(cur, p, ep - 1) {
                        p = ep;
                    } else {
                        ok = false;
                    }
                }
                b'%' if self.pc(p + 1).is_ascii_digit() => {
                    let l = self.check_capture(self.pc(p + 1))?;
                    let (start, len) = self.caps[l];
                    // A position capture has no text: a reference to it never matches.
                    let same = len >= 0 && {
                        let len = len as usize;
                        let src = self.src;
                        self.add_steps(len as u64)?;
                        let a = src.get(start..start + len);
                        a.is_some() && a == src.get(s..s + len)
                    };
                    if same {
                        s += len as usize;
                        p += 2;
                    } else {
                        ok = false;
                    }
                }
                _ => {
                    let ep = self.class_end(p)?;
                    let m = match self.src.get(s) {
                        Some(&c) => self.single_match(c, p, ep),
                        None => false,
                    };
                    match self.pc(ep) {
                        b'?' => {
                            if m {
                                self.stack.push(Backtrack::Alt { s, p: ep + 1 });
                                s += 1;
                            }
                            p = ep + 1;
                        }
                        b'*' => {
                            let n = self.expand(s, p, ep)?;
                            self.stack.push(Backtrack::Greedy {
                                base: s,
                                count: n,
                                next: ep + 1,
                            });
                            s += n;
                            p = ep + 1;
                        }
                        b'+' => {
                            if m {
                                let n = self.expand(s + 1, p, ep)?;
                                self.stack.push(Backtrack::Greedy {
                                    base: s + 1,
                                    count: n,
                                    next: ep + 1,
                                });
                                s += 1 + n;
                                p = ep + 1;
                            } else {
                                ok = false;
                            }
                        }
                        b'-' => {
                            self.stack.push(Backtrack::Lazy { s, p, ep });
                            p = ep + 1;
                        }
                        _ => {
                            if m {
                                s += 1;
                                p = ep;
                            } else {
                                ok = false;
                            }
                        }
                    }
                }
            }
            if !ok {
                match self.backtrack() {
                    Some((s2, p2)) => {
                        s = s2;
                        p = p2;
                    }
                    None => return Ok(None),
                }
            }
        }
    }

    /// Capture `i` of the match `s..e` (the whole match when the pattern has no captures and
    /// `i` is 0).
    pub fn capture(&self, i: usize, s: usize, e: usize) -> Result<Capture, PatError> {
        if i >= self.level {
            if i == 0 {
                return Ok(Capture::Str(s, e));
            }
            return Err(PatError::Error("invalid capture index"));
        }
        let (start, len) = self.caps[i];
        match len {
            CAP_UNFINISHED => Err(PatError::Error("unfinished capture")),
            CAP_POSITION => Ok(Capture::Pos(start + 1)),
            l => Ok(Capture::Str(start, start + l.max(0) as usize)),
        }
    }

    /// Every capture of the match `s..e`; with `whole`, the whole match when there are none.
    pub fn captures(&self, s: usize, e: usize, whole: bool) -> Result<Captures, PatError> {
        let n = if self.level == 0 && whole {
            1
        } else {
            self.level
        };
        (0..n).map(|i| self.capture(i, s, e)).collect()
    }

    /// The subject bytes of a string capture.
    pub fn slice(&self, a: usize, b: usize) -> &'a [u8] {
        self.src.get(a..b).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_agree_with_the_c_locale_definitions() {
        for class in 0..=255u8 {
            for c in 0..=255u8 {
                let lower = class.to_ascii_lowercase();
                let want = if CLASS_LETTERS.contains(&lower) {
                    in_class(c, lower) != class.is_ascii_uppercase()
                } else {
                    class == c
                };
                assert_eq!(match_class(c, class), want, "byte {c} class {class}");
            }
        }
        assert!(match_class(b'\x0b', b's') && !match_class(b'_', b'w') && match_class(b'_', b'p'));
    }

    /// The first match of `pat` in `src` as find reports it (1-based), like string.find.
    fn find(src: &str, pat: &str) -> Result<Option<(usize, usize)>, PatError> {
        let mut budget = None;
        let (anchor, p0) = if pat.starts_with('^') {
            (true, 1)
        } else {
            (false, 0)
        };
        let mut m = Matcher::new(src.as_bytes(), pat.as_bytes(), &mut budget);
        let mut s = 0;
        loop {
            if let Some(e) = m.do_match(s, p0)? {
                return Ok(Some((s + 1, e)));
            }
            if anchor || s >= src.len() {
                return Ok(None);
            }
            s += 1;
        }
    }

    #[test]
    fn basic_matches() {
        assert_eq!(find("hello world", "wor"), Ok(Some((7, 9))));
        assert_eq!(find("hello", "l+"), Ok(Some((3, 4))));
        assert_eq!(find("aaab", "a-b"), Ok(Some((1, 4))));
        assert_eq!(find("<a><b>", "<.->"), Ok(Some((1, 3))));
        assert_eq!(find("<a><b>", "<.*>"), Ok(Some((1, 6))));
        assert_eq!(find("hello", "^e"), Ok(None));
        assert_eq!(find("hello", "o$"), Ok(Some((5, 5))));
        assert_eq!(find("a$b", "$b"), Ok(Some((2, 3))));
        assert_eq!(find("f(a(b)c)d", "%b()"), Ok(Some((2, 8))));
        assert_eq!(find("THE (quick) fox", "%f[%l]%a+"), Ok(Some((6, 10))));
        assert_eq!(find("abcabc", "(abc)%1"), Ok(Some((1, 6))));
        assert_eq!(find("abc", "%f[%z]"), Ok(Some((4, 3))));
    }

    #[test]
    fn errors_are_lazy() {
        assert_eq!(find("xyz", "a)"), Ok(None));
        assert_eq!(
            find("abc", "a)"),
            Err(PatError::Error("invalid pattern capture"))
        );
        assert_eq!(
            find("", "["),
            Err(PatError::Error("malformed pattern (missing ']')"))
        );
        assert_eq!(find("abc", "x%"), Ok(None));
        assert_eq!(
            find("abc", "%"),
            Err(PatError::Error("malformed pattern (ends with '%')"))
        );
        assert_eq!(
            find("abc", "%f"),
            Err(PatError::Error("missing '[' after '%f' in pattern"))
        );
        assert_eq!(
            find("a(", "%b("),
            Err(PatError::Error("unbalanced pattern"))
        );
        assert_eq!(
            find("aa", "(a)%2"),
            Err(PatError::Error("invalid capture index"))
        );
    }

    #[test]
    fn sets() {
        let mut budget = None;
        let pat = b"[]]";
        let m = Matcher::new(b"", pat, &mut budget);
        assert!(m.bracket(b']', 0, 2));
        assert!(!m.bracket(b'a', 0, 2));
        assert_eq!(find("a-z", "[a-]"), Ok(Some((1, 1))));
        assert_eq!(find("z", "[z-a]"), Ok(None));
        assert_eq!(find("%", "[%a-%%]"), Ok(Some((1, 1))));
        assert_eq!(find("\u{7f}", "[^%c]"), Ok(None));
    }

    #[test]
    fn deep_patterns_do_not_recurse() {
        // 20000 optional items and a long subject: Rust recursion here would overflow.
        let pat = "a?".repeat(20000) + "b";
        let src = "a".repeat(20000) + "b";
        assert_eq!(find(&src, &pat), Ok(Some((1, 20001))));
        let pat = "a-".repeat(5000) + "$";
        assert_eq!(find(&"a".repeat(20000), &pat), Ok(Some((1, 20000))));
        let pat = "(a-)".repeat(30) + "$";
        assert!(find(&"a".repeat(30), &pat).is_ok());
    }

    #[test]
    fn the_budget_stops_exponential_patterns() {
        let mut budget = Some(100_000);
        let src = "a".repeat(40);
        let pat = "(.-)(.-)(.-)(.-)(.-)(.-)(.-)(.-)b";
        let mut m = Matcher::new(src.as_bytes(), pat.as_bytes(), &mut budget);
        let mut r = Ok(None);
        for s in 0..=src.len() {
            r = m.do_match(s, 0);
            if r.is_err() {
                break;
            }
        }
        assert_eq!(r, Err(PatError::Interrupted));
    }

    #[test]
    fn plain_search() {
        assert_eq!(find_plain(b"abcabd", b"abd"), Some(3));
        assert_eq!(find_plain(b"aaaaab", b"aab"), Some(3));
        assert_eq!(find_plain(b"abc", b""), Some(0));
        assert_eq!(find_plain(b"ab", b"abc"), None);
        assert_eq!(find_plain(b"a\0b", b"\0"), Some(1));
        assert!(!has_specials(b"a)b]"));
        assert!(!has_specials(b"a\0("));
        assert!(has_specials(b"a."));
    }
}
