//! The RESP decoders never panic on any bytes, and a decoded reply encodes back to bytes that
//! decode to the same frame.

#![no_main]

use ferrous_server::parse::{parse_reply, parse_request};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(Some((frame, used))) = parse_reply(data) {
        assert!(used <= data.len());
        let bytes = frame.to_bytes();
        assert_eq!(parse_reply(&bytes), Ok(Some((frame, bytes.len()))));
    }
    if let Ok(Some((_args, used))) = parse_request(data) {
        assert!(used <= data.len());
    }
});
