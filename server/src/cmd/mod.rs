//! The command table and dispatch: one table of command specs (name, arity, flags, handler) that
//! every caller — the connection loop, the harness's in-process target, and later `redis.call` —
//! goes through, so arity checks and error texts live in one place.
//!
//! One file per command family, as in redis-server's sources: `connection.rs` for the commands
//! about the connection itself.

mod connection;

use crate::frame::Frame;
use crate::{Client, Server};

/// What a command handler gets: the server, the client it runs for and its arguments (name
/// included).
pub struct Invocation<'a> {
    pub server: &'a mut Server,
    pub client: &'a mut Client,
    pub args: &'a [Vec<u8>],
}

/// A command's entry in the table.
pub struct CommandSpec {
    /// Lower-case name, as redis-server prints it in error messages.
    pub name: &'static str,
    /// redis-server's arity: `n` means exactly n arguments (name included), `-n` at least n.
    pub arity: i32,
    pub handler: fn(Invocation<'_>) -> Frame,
}

/// Every command Ferrous implements.
static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "echo",
        arity: 2,
        handler: connection::echo,
    },
    CommandSpec {
        name: "ping",
        arity: -1,
        handler: connection::ping,
    },
];

/// Looks a command up by name, case-insensitively.
pub fn lookup(name: &[u8]) -> Option<&'static CommandSpec> {
    COMMANDS
        .iter()
        .find(|c| name.eq_ignore_ascii_case(c.name.as_bytes()))
}

fn arity_ok(arity: i32, argc: usize) -> bool {
    if arity >= 0 {
        argc == arity as usize
    } else {
        argc >= arity.unsigned_abs() as usize
    }
}

/// Runs one command for `client` and returns its reply.
pub fn dispatch(server: &mut Server, client: &mut Client, args: &[Vec<u8>]) -> Frame {
    let Some(name) = args.first() else {
        return Frame::error("ERR empty command");
    };
    let Some(spec) = lookup(name) else {
        return unknown_command(args);
    };
    if !arity_ok(spec.arity, args.len()) {
        return Frame::error(format!(
            "ERR wrong number of arguments for '{}' command",
            spec.name
        ));
    }
    (spec.handler)(Invocation {
        server,
        client,
        args,
    })
}

/// redis-server's text for an unknown command: the name and the first arguments, each cut so the
/// list stays near 128 bytes, with line breaks turned into spaces.
fn unknown_command(args: &[Vec<u8>]) -> Frame {
    let mut listed = Vec::new();
    for arg in &args[1..] {
        if listed.len() >= 128 {
            break;
        }
        let room = 128 - listed.len();
        listed.push(b'\'');
        listed.extend_from_slice(&arg[..arg.len().min(room)]);
        listed.extend_from_slice(b"' ");
    }
    let name = &args[0][..args[0].len().min(128)];
    let mut text = b"ERR unknown command '".to_vec();
    text.extend_from_slice(name);
    text.extend_from_slice(b"', with args beginning with: ");
    text.extend_from_slice(&listed);
    for b in text.iter_mut() {
        if *b == b'\r' || *b == b'\n' {
            *b = b' ';
        }
    }
    Frame::Error(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Frame {
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.as_bytes().to_vec()).collect();
        dispatch(&mut Server::new(), &mut Client::default(), &args)
    }

    #[test]
    fn unknown_command_lists_its_arguments() {
        assert_eq!(
            run(&["foo", "a", "b"]),
            Frame::error("ERR unknown command 'foo', with args beginning with: 'a' 'b' ")
        );
    }

    #[test]
    fn arity_is_checked_before_the_handler_runs() {
        assert_eq!(
            run(&["ECHO"]),
            Frame::error("ERR wrong number of arguments for 'echo' command")
        );
        assert_eq!(run(&["PiNg"]), Frame::simple("PONG"));
    }
}
