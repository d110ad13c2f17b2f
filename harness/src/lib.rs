//! The test-first harness: what judges Ferrous.
//!
//! - `case` — the case files (sessions and standalone Lua programs), read and written;
//! - `render` — the canonical, type-tagged text of a reply, and string quoting;
//! - `normalize` — the few rules that forgive truly nondeterministic output;
//! - `target` — what cases run on: redis-server, Ferrous (in-process or TCP), lua5.1, ferrous-lua;
//! - `judge` — verdicts (recorded or live reference) and the scoreboard; `diff` shows failures;
//! - `corpus` — finding cases and their categories; `ratchet` — the list that must keep passing.

pub mod case;
pub mod corpus;
pub mod diff;
pub mod judge;
pub mod normalize;
pub mod ratchet;
pub mod render;
pub mod target;
