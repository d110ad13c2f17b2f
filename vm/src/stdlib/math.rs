//! The math library of Lua 5.1: the C math functions (glibc's libm, which Rust's `f64` methods
//! call on Linux), `frexp`/`ldexp`/`modf` with C's results, `min`/`max`, `pi`, `huge`, the
//! `mod` alias of `fmod`, and `random`/`randomseed`. The host chooses their generator
//! ([`Generator`]): glibc's `rand()` for the command line (the TYPE_3 additive feedback
//! generator of `random_r`, seeded as `srand` seeds it), so seeded sequences are the ones
//! `lua5.1` prints; or the one Redis puts in its Lua for scripts — `lrand48`'s 48-bit linear
//! congruential generator, the same on every system — so sequences are the ones redis-server
//! gives.

use crate::exec::{to_integer, LuaError, NativeCtx, NativeReturn, Vm};
use crate::value::Value;

type R = Result<NativeReturn, LuaError>;

/// Opens the library with glibc's generator, as `lua5.1` has it.
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    open_with(vm, Generator::Glibc)
}

/// Opens the library with `math.random` drawing from `generator`, freshly started.
pub fn open_with(vm: &mut Vm, generator: Generator) -> Result<(), LuaError> {
    vm.state.rand = RandState::new(generator);
    // In 5.1's registration order: with the table's size, it decides the `pairs` order.
    let natives: &[(&'static str, crate::object::NativeFn)] = &[
        ("abs", abs),
        ("acos", acos),
        ("asin", asin),
        ("atan2", atan2),
        ("atan", atan),
        ("ceil", ceil),
        ("cosh", cosh),
        ("cos", cos),
        ("deg", deg),
        ("exp", exp),
        ("floor", floor),
        ("fmod", fmod),
        ("frexp", frexp),
        ("ldexp", ldexp),
        ("log10", log10),
        ("log", log),
        ("max", max),
        ("min", min),
        ("modf", modf),
        ("pow", pow),
        ("rad", rad),
        ("random", random),
        ("randomseed", randomseed),
        ("sinh", sinh),
        ("sin", sin),
        ("sqrt", sqrt),
        ("tanh", tanh),
        ("tan", tan),
    ];
    new_lib_table(vm, "math", natives.len())?;
    for (name, f) in natives {
        vm.register(Some("math"), name, *f)?;
    }
    let mut tx = vm.heap.transaction();
    let result = (|| {
        let math_key = Value::Str(tx.intern(b"math")?);
        let Value::Table(m) = tx.get(vm.state.globals, &math_key)? else {
            return Ok(());
        };
        let pi = Value::Str(tx.intern(b"pi")?);
        tx.set(m, pi, Value::Num(std::f64::consts::PI))?;
        let huge = Value::Str(tx.intern(b"huge")?);
        tx.set(m, huge, Value::Num(f64::INFINITY))?;
        // `math.mod` is the same function as `math.fmod`.
        let fmod_key = Value::Str(tx.intern(b"fmod")?);
        let f = tx.get(m, &fmod_key)?;
        let mod_key = Value::Str(tx.intern(b"mod")?);
        tx.set(m, mod_key, f)
    })();
    if let Err(e) = result {
        return Err(LuaError::from_heap(&mut tx, e));
    }
    tx.commit();
    Ok(())
}

/// Makes the global table `name` with room for `size` fields, as 5.1's `luaL_register` does
/// before filling it (the size decides the table's layout, hence the `pairs` order).
pub fn new_lib_table(vm: &mut Vm, name: &str, size: usize) -> Result<(), LuaError> {
    let mut tx = vm.heap.transaction();
    let result = (|| {
        let key = Value::Str(tx.intern(name.as_bytes())?);
        if !tx.get(vm.state.globals, &key)?.is_nil() {
            return Ok(());
        }
        let t = tx.new_table(0, size)?;
        tx.set(vm.state.globals, key, Value::Table(t))
    })();
    if let Err(e) = result {
        return Err(LuaError::from_heap(&mut tx, e));
    }
    tx.commit();
    Ok(())
}

fn ret_num(ctx: &mut NativeCtx<'_, '_>, n: f64) -> R {
    ctx.ret(Value::Num(n));
    Ok(NativeReturn::Return)
}

/// A function of one number.
fn unary(ctx: &mut NativeCtx<'_, '_>, f: fn(f64) -> f64) -> R {
    let x = ctx.check_number(1)?;
    ret_num(ctx, f(x))
}

/// `luaL_checkint`: the argument as a C `int` (the low 32 bits of the truncated number).
fn check_c_int(ctx: &mut NativeCtx<'_, '_>, n: usize) -> Result<i32, LuaError> {
    Ok(to_integer(ctx.check_number(n)?) as i32)
}

fn abs(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::abs)
}
fn acos(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::acos)
}
fn asin(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::asin)
}
fn atan(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::atan)
}
fn ceil(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::ceil)
}
fn cos(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::cos)
}
fn cosh(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::cosh)
}
fn exp(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::exp)
}
fn floor(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::floor)
}
fn log10(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::log10)
}
fn sin(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::sin)
}
fn sinh(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::sinh)
}
fn sqrt(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::sqrt)
}
fn tan(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::tan)
}
fn tanh(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::tanh)
}

/// 5.1's `log` takes one argument (a second is ignored).
fn log(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, f64::ln)
}

/// π/180 as 5.1 computes it (`PI/180.0`).
const RADIANS_PER_DEGREE: f64 = std::f64::consts::PI / 180.0;

fn deg(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, |x| x / RADIANS_PER_DEGREE)
}

fn rad(ctx: &mut NativeCtx<'_, '_>) -> R {
    unary(ctx, |x| x * RADIANS_PER_DEGREE)
}

/// A function of two numbers. lua5.1 passes both checks as arguments of one C call, which gcc
/// evaluates right to left: the second argument is checked first.
fn binary(ctx: &mut NativeCtx<'_, '_>, f: fn(f64, f64) -> f64) -> R {
    let y = ctx.check_number(2)?;
    let x = ctx.check_number(1)?;
    ret_num(ctx, f(x, y))
}

fn atan2(ctx: &mut NativeCtx<'_, '_>) -> R {
    binary(ctx, f64::atan2)
}

/// C's `fmod` (Rust's `%` on floats is `fmod`).
fn fmod(ctx: &mut NativeCtx<'_, '_>) -> R {
    binary(ctx, |a, b| a % b)
}

fn pow(ctx: &mut NativeCtx<'_, '_>) -> R {
    binary(ctx, f64::powf)
}

/// C's `modf`: the integral part and the fraction, both with the sign of `x`; infinities have
/// a zero fraction.
pub fn c_modf(x: f64) -> (f64, f64) {
    if x.is_nan() {
        return (x, x);
    }
    if x.is_infinite() {
        return (x, 0.0f64.copysign(x));
    }
    let ip = x.trunc();
    (ip, (x - ip).copysign(x))
}

fn modf(ctx: &mut NativeCtx<'_, '_>) -> R {
    let x = ctx.check_number(1)?;
    let (ip, fp) = c_modf(x);
    ctx.ret(Value::Num(ip));
    ctx.ret(Value::Num(fp));
    Ok(NativeReturn::Return)
}

/// C's `frexp`: `x = m * 2^e` with `0.5 <= |m| < 1`; zero, infinities and NaN come back as
/// they are, with exponent 0.
pub fn c_frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, bias) = if x.abs() < f64::MIN_POSITIVE {
        // Subnormal: scale into the normal range first.
        (x * 2f64.powi(64), -64)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let e = exp - 1022 + bias;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e)
}

fn frexp(ctx: &mut NativeCtx<'_, '_>) -> R {
    let x = ctx.check_number(1)?;
    let (m, e) = c_frexp(x);
    ctx.ret(Value::Num(m));
    ctx.ret(Value::Num(e as f64));
    Ok(NativeReturn::Return)
}

/// 2^e for e in the normal exponent range.
fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// C's `ldexp` (`scalbn`): `x * 2^e` rounded once.
pub fn c_ldexp(x: f64, e: i32) -> f64 {
    let mut y = x;
    let mut n = e;
    if n > 1023 {
        y *= pow2(1023);
        n -= 1023;
        if n > 1023 {
            y *= pow2(1023);
            n -= 1023;
            n = n.min(1023);
        }
    } else if n < -1022 {
        // Scale by 2^-1022 * 2^53 so the intermediate stays normal while it can; the final
        // multiplication then does the only rounding into the subnormal range.
        let step = pow2(-1022) * pow2(53);
        y *= step;
        n += 1022 - 53;
        if n < -1022 {
            y *= step;
            n += 1022 - 53;
            n = n.max(-1022);
        }
    }
    y * pow2(n)
}

fn ldexp(ctx: &mut NativeCtx<'_, '_>) -> R {
    // Checked second argument first, as `binary`.
    let e = check_c_int(ctx, 2)?;
    let x = ctx.check_number(1)?;
    ret_num(ctx, c_ldexp(x, e))
}

/// `min`/`max`: every argument must be a number; the first that beats all before it wins
/// (so NaNs and signed zeros come out as in C).
fn extreme(ctx: &mut NativeCtx<'_, '_>, better: fn(f64, f64) -> bool) -> R {
    let mut best = ctx.check_number(1)?;
    for i in 2..=ctx.args.len() {
        let d = ctx.check_number(i)?;
        if better(d, best) {
            best = d;
        }
    }
    ret_num(ctx, best)
}

fn max(ctx: &mut NativeCtx<'_, '_>) -> R {
    extreme(ctx, |d, best| d > best)
}

fn min(ctx: &mut NativeCtx<'_, '_>) -> R {
    extreme(ctx, |d, best| d < best)
}

// ------------------------------------------------------------------ random

/// The largest number either generator gives: glibc's `RAND_MAX`, and Redis's
/// `REDIS_LRAND48_MAX` (`INT32_MAX`) — the same value.
const RAND_MAX: i64 = 2_147_483_647;

/// Which generator `math.random` and `math.randomseed` use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Generator {
    /// glibc's `rand()`/`srand()`, as `lua5.1` on Linux.
    #[default]
    Glibc,
    /// Redis's `redisLrand48()`/`redisSrand48()`, which its Lua's `math.random` and
    /// `math.randomseed` call.
    Redis,
}

/// The state of `math.random`'s generator.
///
/// With Redis's generator the host decides how it is seeded. redis-server 7.0 keeps one state
/// for the whole process: it starts from the generator's initial state when the server starts
/// (what [`RandState::new`] gives), is changed only by `math.randomseed`, and is neither reseeded
/// per EVAL or FCALL nor reset by `SCRIPT FLUSH` (which makes a new Lua state) — so a host
/// that replaces its VM should carry the state over (it is `Clone`).
#[derive(Clone, Debug)]
pub enum RandState {
    Glibc(GlibcRand),
    Redis(Lrand48),
}

impl Default for RandState {
    fn default() -> Self {
        RandState::new(Generator::default())
    }
}

impl RandState {
    /// A generator as it is before any seeding.
    pub fn new(generator: Generator) -> RandState {
        match generator {
            Generator::Glibc => RandState::Glibc(GlibcRand::default()),
            Generator::Redis => RandState::Redis(Lrand48::default()),
        }
    }

    /// The next number, in 0..=RAND_MAX.
    pub fn draw(&mut self) -> i64 {
        match self {
            RandState::Glibc(g) => g.rand(),
            RandState::Redis(r) => r.draw(),
        }
    }

    /// `math.randomseed`: the seed is a C `int`.
    pub fn reseed(&mut self, seed: i32) {
        match self {
            RandState::Glibc(g) => *g = GlibcRand::seeded(seed as u32),
            RandState::Redis(r) => *r = Lrand48::seeded(seed),
        }
    }
}

/// The degree and separation of glibc's TYPE_3 generator.
const DEG: usize = 31;
const SEP: usize = 3;

/// The state of glibc's `rand()`: 31 words of the additive feedback generator
/// `r[k] = r[k-31] + r[k-3]` (mod 2^32), each output being a word shifted right by one, and
/// the positions of the "front" and "rear" words in the ring.
#[derive(Clone, Debug)]
pub struct GlibcRand {
    words: [i32; DEG],
    front: usize,
    rear: usize,
}

impl Default for GlibcRand {
    /// The state of a program that never called `srand`: as `srand(1)`.
    fn default() -> Self {
        GlibcRand::seeded(1)
    }
}

impl GlibcRand {
    /// `srand(seed)`: the words from the "minimal standard" generator (16807 * x mod 2^31-1)
    /// starting at the seed (0 counts as 1), then 310 outputs thrown away.
    pub fn seeded(seed: u32) -> GlibcRand {
        let seed = if seed == 0 { 1 } else { seed };
        let mut words = [0i32; DEG];
        words[0] = seed as i32;
        let mut word = seed as i32 as i64;
        for w in words.iter_mut().skip(1) {
            // 16807 * word mod (2^31 - 1), by Schrage's method as glibc computes it (the
            // first word may be "negative" when the seed has its top bit set).
            let hi = word / 127_773;
            let lo = word % 127_773;
            let mut next = 16_807 * lo - 2_836 * hi;
            if next < 0 {
                next += 2_147_483_647;
            }
            *w = next as i32;
            word = next as i32 as i64;
        }
        let mut state = GlibcRand {
            words,
            front: SEP,
            rear: 0,
        };
        for _ in 0..DEG * 10 {
            state.rand();
        }
        state
    }

    /// `rand()`: a number in 0..=RAND_MAX.
    pub fn rand(&mut self) -> i64 {
        let sum = (self.words[self.front] as u32).wrapping_add(self.words[self.rear] as u32);
        self.words[self.front] = sum as i32;
        self.front = (self.front + 1) % DEG;
        self.rear = (self.rear + 1) % DEG;
        (sum >> 1) as i64
    }
}

/// The 48-bit linear congruential generator of POSIX `lrand48`, as Redis carries its own copy
/// of it: `x = (0x5DEECE66D * x + 0xB) mod 2^48`, each output being the top 31 bits of `x`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lrand48 {
    x: u64,
}

const LRAND48_MASK: u64 = (1 << 48) - 1;
const LRAND48_A: u64 = 0x5_DEEC_E66D;
const LRAND48_C: u64 = 0xB;
/// The low 16 bits of the state after seeding.
const LRAND48_SEED_LOW: u64 = 0x330E;

impl Default for Lrand48 {
    /// The state before any seeding in Redis's copy: 0x1234ABCD330E, the classic lrand48
    /// initial `x` (glibc's own `lrand48` starts from 0 instead). A fresh redis-server's first
    /// `math.random` calls agree (vm/tests/redis_random.rs).
    fn default() -> Self {
        Lrand48 {
            x: 0x1234_ABCD_330E,
        }
    }
}

impl Lrand48 {
    /// `srand48(seed)`: the seed's 32 bits above 0x330E.
    pub fn seeded(seed: i32) -> Lrand48 {
        Lrand48 {
            x: (u64::from(seed as u32) << 16) | LRAND48_SEED_LOW,
        }
    }

    /// `lrand48()`: steps the state and returns its top 31 bits, in 0..=RAND_MAX.
    pub fn draw(&mut self) -> i64 {
        self.x = LRAND48_A.wrapping_mul(self.x).wrapping_add(LRAND48_C) & LRAND48_MASK;
        (self.x >> 17) as i64
    }
}

/// `math.random([m [, n]])`: `draw() % RAND_MAX / RAND_MAX` scaled as 5.1 scales it (Redis
/// scales its generator's numbers the same way).
fn random(ctx: &mut NativeCtx<'_, '_>) -> R {
    let r = (ctx.state.rand.draw() % RAND_MAX) as f64 / RAND_MAX as f64;
    match ctx.args.len() {
        0 => ret_num(ctx, r),
        1 => {
            let u = check_c_int(ctx, 1)?;
            if u < 1 {
                return Err(ctx.arg_error(1, "interval is empty"));
            }
            ret_num(ctx, (r * u as f64).floor() + 1.0)
        }
        2 => {
            let l = check_c_int(ctx, 1)?;
            let u = check_c_int(ctx, 2)?;
            if l > u {
                return Err(ctx.arg_error(2, "interval is empty"));
            }
            // `u-l+1` is C int arithmetic (it wraps for the widest intervals).
            let width = u.wrapping_sub(l).wrapping_add(1);
            ret_num(ctx, (r * width as f64).floor() + l as f64)
        }
        _ => Err(ctx.error("wrong number of arguments")),
    }
}

fn randomseed(ctx: &mut NativeCtx<'_, '_>) -> R {
    let seed = check_c_int(ctx, 1)?;
    ctx.state.rand.reseed(seed);
    Ok(NativeReturn::Return)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rand_matches_glibc() {
        // glibc: srand(1) (or no srand) then rand() gives these.
        let mut r = GlibcRand::default();
        assert_eq!(r.rand(), 1_804_289_383);
        assert_eq!(r.rand(), 846_930_886);
        assert_eq!(r.rand(), 1_681_692_777);
        let mut r = GlibcRand::seeded(42);
        assert_eq!(r.rand(), 71_876_166);
        let mut a = GlibcRand::seeded(0);
        let mut b = GlibcRand::seeded(1);
        assert_eq!(a.rand(), b.rand());
        assert_eq!(RandState::default().draw(), 1_804_289_383);
    }

    const LRAND48_SEED_0: [i64; 3] = [366_850_414, 1_610_402_240, 206_956_554];
    const LRAND48_SEED_MINUS_1: [i64; 3] = [644_300_343, 97_305_740, 768_640_432];
    const LRAND48_SEED_123456789: [i64; 3] = [112_675_174, 54_641_039, 213_185_015];

    #[test]
    fn lrand48_matches_glibc_lrand48() {
        // glibc: srand48(s) then lrand48() gives these (glibc 2.x, called through ctypes).
        let mut r = Lrand48::seeded(0);
        assert_eq!([r.draw(), r.draw(), r.draw()], LRAND48_SEED_0);
        let mut r = Lrand48::seeded(-1);
        assert_eq!([r.draw(), r.draw(), r.draw()], LRAND48_SEED_MINUS_1);
        let mut r = Lrand48::seeded(123_456_789);
        assert_eq!([r.draw(), r.draw(), r.draw()], LRAND48_SEED_123456789);
        // (Unseeded, glibc starts from 0 where Redis starts from 0x1234ABCD330E; the state of
        // a fresh redis-server is checked in vm/tests/redis_random.rs.)
        let mut s = RandState::new(Generator::Redis);
        s.reseed(0);
        assert_eq!(s.draw(), LRAND48_SEED_0[0]);
    }

    #[test]
    fn frexp_and_ldexp_are_inverse() {
        for x in [
            1.0,
            8.0,
            0.5,
            -3.0,
            1e300,
            5e-324,
            0.1,
            -2.2250738585072014e-308,
        ] {
            let (m, e) = c_frexp(x);
            assert!((0.5..1.0).contains(&m.abs()), "{x}");
            assert_eq!(c_ldexp(m, e), x);
        }
        assert_eq!(c_frexp(0.0), (0.0, 0));
        assert_eq!(c_frexp(f64::INFINITY), (f64::INFINITY, 0));
        assert_eq!(c_ldexp(1.0, 1024), f64::INFINITY);
        assert_eq!(c_ldexp(1.0, -1074), 5e-324);
        assert_eq!(c_ldexp(1.0, -1075), 0.0);
        assert_eq!(c_ldexp(3.0, -1075), 5e-324 * 2.0);
        assert_eq!(c_ldexp(1.5, -1074), 5e-324 * 2.0);
        assert_eq!(
            c_ldexp(1e-300, 2000),
            1e-300 * 2f64.powi(1000) * 2f64.powi(1000)
        );
    }

    #[test]
    fn modf_keeps_signs() {
        let (i, f) = c_modf(-5.0);
        assert!(i == -5.0 && f == 0.0 && f.is_sign_negative());
        let (i, f) = c_modf(-0.25);
        assert!(i == 0.0 && i.is_sign_negative() && f == -0.25);
        assert_eq!(c_modf(f64::NEG_INFINITY), (f64::NEG_INFINITY, -0.0));
    }
}
