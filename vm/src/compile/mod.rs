//! The Lua 5.1 compiler: lexer, syntax tree, parser and code generator.
//!
//! [`parse`] turns a chunk's source into an [`ast::Chunk`], or fails with PUC-Rio Lua 5.1's
//! message for the first error, byte for byte.

pub mod ast;
pub mod codegen;
pub mod lexer;
pub mod parser;

pub use codegen::compile;
pub use lexer::{ParseOptions, SyntaxError};
pub use parser::{parse, parse_file, parse_with};
