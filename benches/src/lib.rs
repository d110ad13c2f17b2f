//! Benchmarks of Ferrous: criterion benches in `criterion/`, benchmark reports against the
//! references (lua5.1, redis-server) as they are built.
