//! Decoding and encoding RESP: the cost every command pays on the wire.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use ferrous_server::parse::{parse_reply, parse_request};
use ferrous_server::Frame;

fn bench_resp(c: &mut Criterion) {
    let request = b"*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n".to_vec();
    c.bench_function("parse_request SET", |b| {
        b.iter(|| parse_request(black_box(&request)))
    });
    let reply = Frame::Array(
        (0..100)
            .map(|i| Frame::bulk(format!("member:{i}")))
            .collect(),
    );
    let bytes = reply.to_bytes();
    c.bench_function("parse_reply 100 bulks", |b| {
        b.iter(|| parse_reply(black_box(&bytes)))
    });
    c.bench_function("encode 100 bulks", |b| {
        b.iter(|| black_box(&reply).to_bytes())
    });
}

criterion_group!(benches, bench_resp);
criterion_main!(benches);
