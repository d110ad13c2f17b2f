//! Commands about the connection itself: PING, ECHO.

use super::Invocation;
use crate::frame::Frame;

/// `PING [message]`: `PONG`, or the message as a bulk string.
pub fn ping(inv: Invocation<'_>) -> Frame {
    match inv.args.len() {
        1 => Frame::simple("PONG"),
        2 => Frame::bulk(inv.args[1].clone()),
        _ => Frame::error("ERR wrong number of arguments for 'ping' command"),
    }
}

/// `ECHO message`.
pub fn echo(inv: Invocation<'_>) -> Frame {
    Frame::bulk(inv.args[1].clone())
}
