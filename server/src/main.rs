//! `ferrous [--port N] [--bind ADDR]`: run the server.

use std::net::TcpListener;

fn main() {
    let mut port: u16 = 6379;
    let mut bind = String::from("127.0.0.1");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--port", Some(v)) => match v.parse() {
                Ok(p) => port = p,
                Err(_) => fail(&format!("invalid port '{v}'")),
            },
            ("--bind", Some(v)) => bind = v,
            _ => fail(&format!("unknown or incomplete option '{arg}'")),
        }
    }
    let listener = match TcpListener::bind((bind.as_str(), port)) {
        Ok(l) => l,
        Err(e) => fail(&format!("cannot listen on {bind}:{port}: {e}")),
    };
    if let Err(e) = ferrous_server::net::serve(listener) {
        fail(&e.to_string());
    }
}

fn fail(message: &str) -> ! {
    eprintln!("ferrous: {message}");
    eprintln!("usage: ferrous [--port N] [--bind ADDR]");
    std::process::exit(1);
}
