//! Ferrous: a Redis-compatible server with its own Lua 5.1 VM.
//!
//! `frame` is the protocol value, `parse` decodes it from bytes, `cmd` is the command table and
//! dispatch, `net` the TCP accept loop and connections.

pub mod cmd;
pub mod frame;
pub mod net;
pub mod parse;

pub use frame::Frame;

/// Server-wide state: everything commands share across connections.
#[derive(Debug, Default)]
pub struct Server {}

impl Server {
    pub fn new() -> Server {
        Server::default()
    }

    /// Runs one command for `client` and returns its reply.
    pub fn dispatch(&mut self, client: &mut Client, args: &[Vec<u8>]) -> Frame {
        cmd::dispatch(self, client, args)
    }
}

/// Per-connection state.
#[derive(Debug)]
pub struct Client {
    /// The protocol version negotiated with HELLO (2 until then).
    pub resp: u8,
}

impl Default for Client {
    fn default() -> Self {
        Client { resp: 2 }
    }
}
