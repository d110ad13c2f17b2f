//! The instruction format, as data.
//!
//! An instruction is a `u32`: the opcode in the low 6 bits, then A (8 bits), C (9 bits) and B
//! (9 bits); or A and Bx (18 bits), or A and the signed sBx (Bx minus a bias). In B and C, values
//! of 256 and up name a constant rather than a register ("RK" operands). Opcodes are converted to
//! and from their numbers only through `Op::encode` / `Op::decode` — explicit tables, never enum
//! casts — and the executor matches on the named constants below.
//!
//! The instruction set is Lua 5.1's, except that the generic `for` is split in two as in later
//! Lua versions: `TFORCALL A C` calls the iterator (R(A+3..A+2+C) := R(A)(R(A+1), R(A+2))) and
//! `TFORLOOP A sBx` loops (if R(A+1) ~= nil then R(A) := R(A+1); pc += sBx), so the call is an
//! ordinary call the loop runs without recursion.

pub const SIZE_OP: u32 = 6;
pub const MAX_A: u32 = 255;
pub const MAX_B: u32 = 511;
pub const MAX_BX: u32 = (1 << 18) - 1;
pub const BIAS_SBX: i32 = (MAX_BX >> 1) as i32;
/// RK operands at or above this index name constant `RK - RK_CONSTANT`.
pub const RK_CONSTANT: u32 = 256;
/// How many list items one SETLIST stores per batch (5.1's LFIELDS_PER_FLUSH).
pub const FIELDS_PER_FLUSH: u32 = 50;

macro_rules! opcodes {
    ($($name:ident = $num:expr, $text:expr;)*) => {
        /// The opcodes, by name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Op { $($name,)* }

        $(#[allow(non_upper_case_globals)] pub const $name: u32 = $num;)*

        impl Op {
            /// The opcode's number.
            pub fn encode(self) -> u32 {
                match self { $(Op::$name => $num,)* }
            }
            /// The opcode with this number, if any.
            pub fn decode(n: u32) -> Option<Op> {
                match n { $($num => Some(Op::$name),)* _ => None }
            }
            /// The mnemonic, for listings.
            pub fn name(self) -> &'static str {
                match self { $(Op::$name => $text,)* }
            }
        }
    };
}

opcodes! {
    MOVE = 0, "MOVE";
    LOADK = 1, "LOADK";
    LOADBOOL = 2, "LOADBOOL";
    LOADNIL = 3, "LOADNIL";
    GETUPVAL = 4, "GETUPVAL";
    GETGLOBAL = 5, "GETGLOBAL";
    GETTABLE = 6, "GETTABLE";
    SETGLOBAL = 7, "SETGLOBAL";
    SETUPVAL = 8, "SETUPVAL";
    SETTABLE = 9, "SETTABLE";
    NEWTABLE = 10, "NEWTABLE";
    SELF = 11, "SELF";
    ADD = 12, "ADD";
    SUB = 13, "SUB";
    MUL = 14, "MUL";
    DIV = 15, "DIV";
    MOD = 16, "MOD";
    POW = 17, "POW";
    UNM = 18, "UNM";
    NOT = 19, "NOT";
    LEN = 20, "LEN";
    CONCAT = 21, "CONCAT";
    JMP = 22, "JMP";
    EQ = 23, "EQ";
    LT = 24, "LT";
    LE = 25, "LE";
    TEST = 26, "TEST";
    TESTSET = 27, "TESTSET";
    CALL = 28, "CALL";
    TAILCALL = 29, "TAILCALL";
    RETURN = 30, "RETURN";
    FORLOOP = 31, "FORLOOP";
    FORPREP = 32, "FORPREP";
    TFORCALL = 33, "TFORCALL";
    SETLIST = 34, "SETLIST";
    CLOSE = 35, "CLOSE";
    CLOSURE = 36, "CLOSURE";
    VARARG = 37, "VARARG";
    TFORLOOP = 38, "TFORLOOP";
}

#[inline(always)]
pub fn op(i: u32) -> u32 {
    i & 0x3f
}
#[inline(always)]
pub fn arg_a(i: u32) -> u32 {
    (i >> 6) & 0xff
}
#[inline(always)]
pub fn arg_c(i: u32) -> u32 {
    (i >> 14) & 0x1ff
}
#[inline(always)]
pub fn arg_b(i: u32) -> u32 {
    (i >> 23) & 0x1ff
}
#[inline(always)]
pub fn arg_bx(i: u32) -> u32 {
    i >> 14
}
#[inline(always)]
pub fn arg_sbx(i: u32) -> i32 {
    (i >> 14) as i32 - BIAS_SBX
}

pub fn abc(o: Op, a: u32, b: u32, c: u32) -> u32 {
    debug_assert!(a <= MAX_A && b <= MAX_B && c <= MAX_B);
    o.encode() | (a << 6) | (c << 14) | (b << 23)
}

pub fn abx(o: Op, a: u32, bx: u32) -> u32 {
    debug_assert!(a <= MAX_A && bx <= MAX_BX);
    o.encode() | (a << 6) | (bx << 14)
}

pub fn asbx(o: Op, a: u32, sbx: i32) -> u32 {
    abx(o, a, (sbx + BIAS_SBX) as u32)
}

/// Replaces the sBx field (patching jumps).
pub fn with_sbx(i: u32, sbx: i32) -> u32 {
    (i & 0x3fff) | (((sbx + BIAS_SBX) as u32) << 14)
}

pub fn with_c(i: u32, c: u32) -> u32 {
    (i & !(0x1ff << 14)) | (c << 14)
}

pub fn with_b(i: u32, b: u32) -> u32 {
    (i & !(0x1ff << 23)) | (b << 23)
}

pub fn with_a(i: u32, a: u32) -> u32 {
    (i & !(0xff << 6)) | (a << 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_opcode_roundtrips_through_its_number() {
        for n in 0..64 {
            if let Some(o) = Op::decode(n) {
                assert_eq!(o.encode(), n);
            }
        }
        assert_eq!(Op::decode(VARARG), Some(Op::VARARG));
        assert_eq!(Op::decode(63), None);
    }

    #[test]
    fn fields_roundtrip() {
        let i = abc(Op::CALL, 200, 511, 300);
        assert_eq!((op(i), arg_a(i), arg_b(i), arg_c(i)), (CALL, 200, 511, 300));
        let j = asbx(Op::JMP, 0, -5);
        assert_eq!(arg_sbx(j), -5);
        assert_eq!(arg_sbx(with_sbx(j, 1000)), 1000);
        assert_eq!(arg_bx(abx(Op::LOADK, 1, MAX_BX)), MAX_BX);
    }
}
