//! `tostring` of an object shows a pseudo-address (`table: 0x...`): no two live objects show
//! the same one, whatever their types (the arenas of tables, functions, threads and userdata
//! number their slots independently).

use ferrous_vm::exec::Vm;
use ferrous_vm::value::Value;

#[test]
fn live_objects_of_different_types_have_different_addresses() {
    let mut vm = Vm::new();
    ferrous_vm::stdlib::open_base(&mut vm).expect("base");
    ferrous_vm::stdlib::string::open(&mut vm).expect("string");
    let src = br#"
        local keep, seen = {}, {}
        for i = 1, 200 do
            keep[#keep + 1] = {}
            keep[#keep + 1] = function() return i end
            keep[#keep + 1] = coroutine.create(function() end)
            keep[#keep + 1] = newproxy()
        end
        for _, o in ipairs(keep) do
            local a = tostring(o):match("0x%x+$")
            if seen[a] then return tostring(seen[a]) .. " and " .. tostring(o) end
            seen[a] = o
        end
        return "distinct"
    "#;
    let f = vm.load(src, b"=addresses").expect("compiles");
    let out = vm.call(Value::Func(f), &[]).expect("runs");
    assert_eq!(vm.string_bytes(out[0]).as_deref(), Some(&b"distinct"[..]));
}
