//! The TCP side: accept connections, read requests, dispatch them, write replies.
//!
//! One thread per connection for now; every command runs under one lock so commands are atomic
//! with respect to each other, as in redis-server.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use crate::frame::Frame;
use crate::parse::{parse_request, ProtocolError};
use crate::{Client, Server};

/// Serves connections from `listener` until the process ends.
pub fn serve(listener: TcpListener) -> std::io::Result<()> {
    let shared = Arc::new(Mutex::new(Server::new()));
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(e) => {
                eprintln!("ferrous: accept failed: {e}");
                continue;
            }
        };
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            if let Err(e) = handle(stream, shared) {
                eprintln!("ferrous: connection ended: {e}");
            }
        });
    }
    Ok(())
}

fn handle(mut stream: TcpStream, shared: Arc<Mutex<Server>>) -> std::io::Result<()> {
    let mut client = Client::default();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut out = Vec::new();
        let mut consumed = 0;
        loop {
            match parse_request(&buf[consumed..]) {
                Ok(Some((args, used))) => {
                    consumed += used;
                    if args.is_empty() {
                        continue;
                    }
                    let reply = {
                        let mut server = shared.lock().unwrap_or_else(|p| p.into_inner());
                        server.dispatch(&mut client, &args)
                    };
                    reply.encode(&mut out);
                }
                Ok(None) => break,
                Err(ProtocolError(text)) => {
                    Frame::error(format!("ERR {text}")).encode(&mut out);
                    stream.write_all(&out)?;
                    return Ok(());
                }
            }
        }
        buf.drain(..consumed);
        stream.write_all(&out)?;
    }
}
