#!/usr/bin/env python3
"""Writes the seeds of the `patterns` fuzz target: python3 patterns_seeds.py seeds/patterns

A `patterns` input is decoded by `arbitrary` (1.x): each step is a byte with its low bit set,
then the step (the variant as a little-endian u32 scaled to the number of variants, then its
fields in order; Option and bool are a byte whose low bit says yes/true); a byte with the low bit
clear ends the steps; the rest of the input is the texts, separated by newlines. Check a seed
with `RUST_LIBFUZZER_DEBUG_PATH=/dev/stdout target/HOST/release/patterns SEED`.
"""
import struct, sys, os
def var(k, n): return struct.pack('<I', -(-k * 2**32 // n))
def u8(x): return bytes([x])
def opt16(x): return b'\x00' if x is None else b'\x01' + struct.pack('<h', x)
def b(x): return b'\x01' if x else b'\x00'
def arg(kind, x=None):
    ks = ['text','int','num','nil','false','true','table']
    k = ks.index(kind); out = var(k, 7)
    if kind == 'text': out += u8(x)
    elif kind == 'int': out += struct.pack('<i', x)
    elif kind == 'num': out += struct.pack('<d', x)
    return out
def find(s,p,init=None,plain=False): return var(0,8)+u8(s)+u8(p)+opt16(init)+b(plain)
def match(s,p,init=None): return var(1,8)+u8(s)+u8(p)+opt16(init)
def gmatch(s,p): return var(2,8)+u8(s)+u8(p)
def gsub_s(s,p,r,mx=None): return var(3,8)+u8(s)+u8(p)+u8(r)+opt16(mx)
def gsub_t(s,p,which,a,mx=None): return var(4,8)+u8(s)+u8(p)+u8(which)+a+opt16(mx)
def gsub_f(s,p,a,fail=False,mx=None): return var(5,8)+u8(s)+u8(p)+a+b(fail)+opt16(mx)
def fmt(f,args): return var(6,8)+u8(f)+b''.join(b'\x01'+a for a in args)+b'\x00'
def rep(t,a): return var(7,8)+u8(t)+a
def seed(steps, texts): return b''.join(b'\x01'+s for s in steps)+b'\x00'+b'\n'.join(texts)
seeds = {
 'find-match': seed([find(0,1), find(0,1,-3), find(0,2,1,True), match(0,1), match(0,3,2)],
     [b'hello world from Lua', b'(%w+) (%w+)', b'o w', b'()o()']),
 'gmatch-gsub': seed([gmatch(0,1), gsub_s(0,1,2), gsub_s(0,3,4,2), gmatch(0,5)],
     [b'key=val, k2=v2', b'(%w+)=(%w+)', b'%2=%1', b'', b'-', b'%f[%w]%w+']),
 'gsub-callbacks': seed([gsub_t(0,1,0,arg('nil')), gsub_t(0,1,1,arg('int',7)), gsub_t(0,1,2,arg('nil')),
     gsub_f(0,1,arg('text',2)), gsub_f(0,1,arg('false')), gsub_f(0,1,arg('nil'),True), gsub_f(0,1,arg('table'))],
     [b'a1b2c3 $x and $y', b'%$(%w+)', b'x', b'y']),
 'format': seed([fmt(0,[arg('int',-42), arg('num',3.25), arg('text',1), arg('num',float('nan'))]),
     fmt(2,[arg('text',1)]), fmt(3,[arg('num',1e308), arg('int',65)]), fmt(4,[arg('table')])],
     [b'%5d|%-8.3f|%q|%g', b'a\0b"\\\r', b'%99.99s', b'%+.20e %c', b'%s %y %']),
 'rep-grow': seed([rep(0,arg('num',2.0**40)), rep(0,arg('num',1e9)), rep(0,arg('int',4000)), find(5,1), gsub_s(5,3,0), match(5,2)],
     [b'ab', b'(a*)*b', b'^(.-)%1$', b'%bab']),
 'classes-and-balance': seed([find(0,1), find(0,2), match(0,3), gsub_s(0,4,5), find(0,6), match(0,7)],
     [b'f(a(b)c) [x] \xff\x00z', b'%b()', b'[%a-z%]]+', b'[^%s%p]+', b'%z', b'<%0>', b'[a-', b'(()']),
}
os.makedirs(sys.argv[1], exist_ok=True)
for name, data in seeds.items():
    open(os.path.join(sys.argv[1], name), 'wb').write(data)
