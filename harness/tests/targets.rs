//! The targets against the real references: they start, answer, and always stop.
//! These need redis-server 7.0 and lua5.1 installed (the test command installs them).

use std::net::TcpStream;
use std::panic::catch_unwind;
use std::path::Path;

use ferrous_harness::case::SessionCase;
use ferrous_harness::judge::rendered;
use ferrous_harness::target::{
    FerrousInProcess, FerrousTcp, ProgramRunner, ProgramTarget, RedisTarget, SessionTarget,
};

fn case(text: &str) -> SessionCase {
    SessionCase::parse(Path::new("t.case"), text).expect("valid case")
}

fn listening(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

#[test]
fn redis_target_is_7_0_and_answers_byte_exact_types() {
    let mut redis = RedisTarget::start().expect("redis-server 7.0 starts");
    assert!(redis.version().starts_with("7.0."), "{}", redis.version());
    let c = case(
        "> SET k v\n> GET k\n> GET missing\n> BLPOP nolist 0.01\n> EVAL \"return {1,'x'}\" 0\n",
    );
    let replies = rendered(&redis.run(&c.steps).unwrap());
    assert_eq!(
        replies,
        vec![
            vec!["status \"OK\""],
            vec!["bulk \"v\""],
            vec!["nil"],
            vec!["nil-array"],
            vec!["array 2", "  int 1", "  bulk \"x\""],
        ]
    );
}

#[test]
fn every_case_starts_from_an_empty_server() {
    let mut redis = RedisTarget::start().unwrap();
    let set = case("> SET k v\n> SCRIPT LOAD \"return 1\"\n");
    redis.run(&set.steps).unwrap();
    let check = case("> DBSIZE\n> SCRIPT EXISTS e0e1f9fabfc9d4800c877a703b823ac0578ff8db\n");
    let replies = rendered(&redis.run(&check.steps).unwrap());
    assert_eq!(replies, vec![vec!["int 0"], vec!["array 1", "  int 0"]]);
}

#[test]
fn redis_server_is_stopped_when_dropped_and_when_a_test_panics() {
    let redis = RedisTarget::start().unwrap();
    let port = redis.port();
    assert!(listening(port));
    drop(redis);
    assert!(!listening(port), "stopped on drop");

    let port = catch_unwind(|| {
        let redis = RedisTarget::start().unwrap();
        std::panic::panic_any(redis.port());
    })
    .expect_err("the closure panics");
    let port = *port.downcast::<u16>().expect("the port");
    assert!(!listening(port), "stopped while unwinding");
}

#[test]
fn lua51_runs_programs_as_lua_in_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.lua");
    std::fs::write(&file, "io.write('a\\nb')\nerror('boom')\n").unwrap();
    let mut lua = ProgramRunner::lua51().expect("lua5.1 installed");
    assert_eq!(lua.label(), "Lua 5.1.5");
    let outcome = lua.run(&file).unwrap();
    assert_eq!(outcome.status, "exit 1");
    assert_eq!(outcome.stdout, b"a\nb");
    let stderr = String::from_utf8(outcome.stderr).unwrap();
    assert!(
        stderr.starts_with("lua: p.lua:2: boom\nstack traceback:\n"),
        "{stderr}"
    );
}

#[test]
fn ferrous_targets_agree_with_redis_on_what_ferrous_implements() {
    let c = case("> PING\n> PING hi\n> ECHO x\n> ECHO\n> NOSUCH a b\n");
    let expected = rendered(&RedisTarget::start().unwrap().run(&c.steps).unwrap());
    assert_eq!(rendered(&FerrousInProcess.run(&c.steps).unwrap()), expected);
    let mut tcp = FerrousTcp::new().expect("the ferrous binary is built");
    assert_eq!(rendered(&tcp.run(&c.steps).unwrap()), expected);
}
