//! No source text panics the lexer, the parser or the code generator.

#![no_main]

use ferrous_vm::compile::{compile, ParseOptions};
use ferrous_vm::heap::Heap;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &[u8]| {
    let mut heap = Heap::new();
    let mut tx = heap.transaction();
    let _ = compile(&mut tx, source, b"=fuzz", &ParseOptions::LOADSTRING);
    let _ = compile(&mut tx, source, b"@fuzz.lua", &ParseOptions::FILE);
    tx.commit();
});
