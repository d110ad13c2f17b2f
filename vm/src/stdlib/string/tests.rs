//! Tests of the string library through Lua code, and a fuzz-style test feeding random patterns
//! and format strings that asserts nothing panics and every call ends.

use crate::exec::{LuaError, Vm};
use crate::value::Value;

fn new_vm() -> Vm {
    let mut vm = Vm::new();
    crate::stdlib::open_all(&mut vm).expect("libraries open");
    vm
}

fn show(vm: &mut Vm, r: Result<Vec<Value>, LuaError>) -> Result<Vec<String>, String> {
    match r {
        Ok(vals) => Ok(vals
            .into_iter()
            .map(|v| String::from_utf8_lossy(&vm.to_display(v)).into_owned())
            .collect()),
        Err(LuaError::Value(v)) => Err(String::from_utf8_lossy(&vm.to_display(v)).into_owned()),
        Err(LuaError::Interrupted(m)) => Err(format!("interrupted: {m}")),
        #[allow(unreachable_patterns)]
        Err(other) => Err(format!("{other:?}")),
    }
}

/// Runs `code` in a fresh VM; its results as `tostring` shows them, or the error message.
fn eval(code: &str) -> Result<Vec<String>, String> {
    let mut vm = new_vm();
    let f = vm.load(code.as_bytes(), b"=test")?;
    let r = vm.call(Value::Func(f), &[]);
    show(&mut vm, r)
}

fn ok(code: &str) -> Vec<String> {
    eval(code).unwrap_or_else(|e| panic!("{code}: {e}"))
}

fn err(code: &str) -> String {
    match eval(code) {
        Ok(v) => panic!("{code}: expected an error, got {v:?}"),
        Err(e) => e,
    }
}

#[test]
fn simple_functions() {
    assert_eq!(ok("return ('x'):upper(), #('ab'):rep(3)"), ["X", "6"]);
    assert_eq!(ok("return string.sub('abcdef', -3, -2)"), ["de"]);
    assert_eq!(ok("return string.byte('abc', -10)"), Vec::<String>::new());
    assert_eq!(
        ok("return string.rep('x', 2^40), #string.rep('x', 2^32 + 3)"),
        ["", "3"]
    );
    assert_eq!(ok("return string.char(2^32 + 65)"), ["A"]);
    assert_eq!(
        err("string.byte(string.rep('x', 9000), 1, -1)"),
        "test:1: stack overflow (string slice too long)"
    );
    assert_eq!(ok("return string.gfind == string.gmatch"), ["true"]);
}

#[test]
fn rep_respects_the_memory_limit() {
    let mut vm = new_vm();
    vm.heap.set_limit(vm.heap.bytes_in_use() + (1 << 20));
    let f = vm
        .load(b"return pcall(string.rep, 'x', 2^30)", b"=t")
        .unwrap();
    let r = vm.call(Value::Func(f), &[]);
    assert_eq!(show(&mut vm, r).unwrap(), ["false", "not enough memory"]);
    let f = vm
        .load(
            b"local ok, r = pcall(string.gsub, string.rep('x', 1000), '.', string.rep('y', 2000)) return ok, #r < 100 and r",
            b"=t",
        )
        .unwrap();
    let r = vm.call(Value::Func(f), &[]);
    assert_eq!(show(&mut vm, r).unwrap(), ["false", "not enough memory"]);
    // One match expanded by a replacement of many %0s: stopped while building, not after.
    let f = vm
        .load(
            b"local ok, r = pcall(string.gsub, string.rep('x', 100000), '.+', string.rep('%0', 100000)) return ok, #r < 100 and r",
            b"=t",
        )
        .unwrap();
    let r = vm.call(Value::Func(f), &[]);
    assert_eq!(show(&mut vm, r).unwrap(), ["false", "not enough memory"]);
    let f = vm
        .load(
            b"local big, t = string.rep('x', 100000), {} for i = 1, 30 do t[i] = big end \
              local ok, r = pcall(string.format, string.rep('%s', 30), unpack(t)) return ok, #r < 100 and r",
            b"=t",
        )
        .unwrap();
    let r = vm.call(Value::Func(f), &[]);
    assert_eq!(show(&mut vm, r).unwrap(), ["false", "not enough memory"]);
}

#[test]
fn dump_is_refused_by_load() {
    assert_eq!(
        ok("local d = string.dump(function() end) return d:sub(1, 4) == '\\27Lua', d:byte(5), loadstring(d)"),
        ["true", "81", "nil", "binary string: unexpected end in precompiled chunk"]
    );
    assert_eq!(
        ok("return loadstring('\\27Lua', 'name')"),
        ["nil", "name: unexpected end in precompiled chunk"]
    );
    assert_eq!(
        ok("return loadstring('\\27LuaQ\\0\\1\\4\\8\\4\\8\\1xxxx', '=f')"),
        ["nil", "f: bad header in precompiled chunk"]
    );
    assert_eq!(
        ok("return pcall(string.dump, print)"),
        ["false", "unable to dump given function"]
    );
}

#[test]
fn gsub_with_functions_and_tables() {
    assert_eq!(
        ok("return string.gsub('hello world', '%w+', function(w) return w:upper() end)"),
        ["HELLO WORLD", "2"]
    );
    assert_eq!(
        ok("return string.gsub('a1b2', '%d', setmetatable({}, {__index = function(t, k) return '<' .. k .. '>' end}))"),
        ["a<1>b<2>", "2"]
    );
    assert_eq!(ok("return string.gsub('abc', '', '-', 2)"), ["-a-bc", "2"]);
    // A replacement function that yields from inside a coroutine is a C-call boundary in 5.1;
    // here it must at least not break the scan state.
    assert_eq!(
        ok("local n = 0 local r = string.gsub(string.rep('a', 100), 'a', function() n = n + 1 return n % 10 end) return #r, n"),
        ["100", "100"]
    );
    assert_eq!(
        err("string.gsub('abc', 'b', function() return {} end)"),
        "test:1: invalid replacement value (a table)"
    );
}

#[test]
fn gmatch_keeps_its_place() {
    assert_eq!(
        ok("local t = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do t[#t+1] = k .. v end return #t, t[1], t[2]"),
        ["2", "a1", "b2"]
    );
    assert_eq!(
        ok("local it = ('x y'):gmatch('%a') return it(), it(), it()"),
        ["x", "y"]
    );
}

#[test]
fn format_quirks() {
    assert_eq!(ok("return string.format('%5.1s|', 'xyz')"), ["    x|"]);
    assert_eq!(ok("return #string.format('%c', 0)"), ["0"]);
    assert_eq!(
        ok("return string.format('%d', 2^63)"),
        ["-9223372036854775808"]
    );
    assert_eq!(ok("return string.format('%x', -1)"), ["ffffffffffffffff"]);
    assert_eq!(
        ok("return string.format('%q', 'a\\0b\\n')"),
        ["\"a\\000b\\\n\""]
    );
    assert_eq!(
        err("return string.format('%y', 1)"),
        "test:1: invalid option '%y' to 'format'"
    );
    assert_eq!(
        err("return string.format('%d', 'x')"),
        "test:1: bad argument #2 to 'format' (number expected, got string)"
    );
}

#[test]
fn the_budget_interrupts_runaway_matches() {
    let mut vm = new_vm();
    let f = vm
        .load(
            b"return string.find(string.rep('a', 60), '(.-)(.-)(.-)(.-)(.-)(.-)(.-)(.-)(.-)b')",
            b"=t",
        )
        .unwrap();
    vm.state.budget = Some(2_000_000);
    let r = vm.call(Value::Func(f), &[]);
    assert!(matches!(r, Err(LuaError::Interrupted(_))), "{r:?}");
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick(&mut self, alphabet: &[u8], max_len: usize) -> Vec<u8> {
        let n = self.below(max_len + 1);
        (0..n)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
}

#[test]
fn fuzz_patterns_and_formats_never_panic() {
    let mut vm = new_vm();
    let harness = vm
        .load(
            br#"
            local s, p, r = ...
            local out = {}
            out[#out + 1] = select('#', pcall(string.find, s, p))
            out[#out + 1] = select('#', pcall(string.find, s, p, -3))
            out[#out + 1] = select('#', pcall(string.match, s, p, 2))
            out[#out + 1] = select('#', pcall(string.gsub, s, p, r))
            out[#out + 1] = select('#', pcall(string.gsub, s, p, function(...) return select('#', ...) end, 5))
            out[#out + 1] = select('#', pcall(string.gsub, s, p, {a = 'A'}))
            pcall(function() local n = 0 for a, b in string.gmatch(s, p) do n = n + 1 if n > 50 then break end end end)
            out[#out + 1] = select('#', pcall(string.format, p, 1.5, s, -3, 2^63, 0/0))
            out[#out + 1] = select('#', pcall(string.format, p, s, s, s))
            return #out
            "#,
            b"=fuzz",
        )
        .unwrap();
    let pattern_alphabet = b"ab()%[]^$*+-?.1029bfdaszxpwlucADS-0 \0";
    let format_alphabet = b"%-+ #0123456789.cdiouxXeEfgGqsyla%";
    let subject_alphabet = b"aab(b)c[]^$%.-1 \0\xff";
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..3000 {
        let s = rng.pick(subject_alphabet, 24);
        let p = if round % 3 == 2 {
            rng.pick(format_alphabet, 12)
        } else {
            rng.pick(pattern_alphabet, 14)
        };
        let r = rng.pick(b"%0123456789ab", 6);
        let args = [
            vm.intern(&s).unwrap(),
            vm.intern(&p).unwrap(),
            vm.intern(&r).unwrap(),
        ];
        vm.state.budget = Some(500_000);
        match vm.call(Value::Func(harness), &args) {
            Ok(v) => {
                assert_eq!(v.len(), 1);
                assert_eq!(vm.to_display(v[0]), b"8");
            }
            Err(LuaError::Interrupted(_)) => {}
            Err(LuaError::Value(v)) => {
                let text = vm.to_display(v);
                panic!(
                    "uncaught error for s={s:?} p={p:?}: {}",
                    String::from_utf8_lossy(&text)
                );
            }
            #[allow(unreachable_patterns)]
            Err(other) => panic!("uncaught error for s={s:?} p={p:?}: {other:?}"),
        }
    }
}
