//! `require`, `module`, `package`, and the base library's file loaders `dofile` / `loadfile`:
//! for the `ferrous-lua` command line (Redis's scripts have none of them).

use crate::exec::{
    load_chunk_bytes, CallArgs, Continuation, LuaError, NativeContinuation, NativeCtx,
    NativeReturn, Vm,
};
use crate::value::{TableRef, Value};

type R = Result<NativeReturn, LuaError>;

/// The default `package.path` and `package.cpath` of the reference (Debian's lua5.1).
const DEFAULT_PATH: &str = "./?.lua;/usr/local/share/lua/5.1/?.lua;/usr/local/share/lua/5.1/?/init.lua;/usr/local/lib/lua/5.1/?.lua;/usr/local/lib/lua/5.1/?/init.lua;/usr/share/lua/5.1/?.lua;/usr/share/lua/5.1/?/init.lua";
const DEFAULT_CPATH: &str = "./?.so;/usr/local/lib/lua/5.1/?.so;/usr/lib/x86_64-linux-gnu/lua/5.1/?.so;/usr/lib/lua/5.1/?.so;/usr/local/lib/lua/5.1/loadall.so";

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    vm.register(None, "dofile", dofile)?;
    vm.register(None, "loadfile", loadfile)?;
    vm.register(None, "require", require)?;
    vm.register(None, "module", module)?;
    vm.register(Some("package"), "seeall", seeall)?;
    let mut tx = vm.heap.transaction();
    let result = (|| {
        let globals = vm.state.globals;
        let package_key = Value::Str(tx.intern(b"package")?);
        let package = match tx.get(globals, &package_key)? {
            Value::Table(t) => t,
            _ => return Ok(()),
        };
        let loaded = tx.new_table(0, 16)?;
        // Every library table already open counts as loaded, as in 5.1.
        let mut key = Value::Nil;
        while let Some((k, v)) = tx.next(globals, &key)? {
            if let Value::Table(_) = v {
                tx.set(loaded, k, v)?;
            }
            key = k;
        }
        let path = std::env::var("LUA_PATH")
            .map(|p| p.replace(";;", &format!(";{DEFAULT_PATH};")))
            .unwrap_or_else(|_| DEFAULT_PATH.to_string());
        let cpath = std::env::var("LUA_CPATH")
            .map(|p| p.replace(";;", &format!(";{DEFAULT_CPATH};")))
            .unwrap_or_else(|_| DEFAULT_CPATH.to_string());
        let fields: [(&[u8], Value); 6] = [
            (b"loaded", Value::Table(loaded)),
            (b"preload", Value::Table(tx.new_table(0, 0)?)),
            (b"path", Value::Str(tx.intern(path.as_bytes())?)),
            (b"cpath", Value::Str(tx.intern(cpath.as_bytes())?)),
            (b"config", Value::Str(tx.intern(b"/\n;\n?\n!\n-")?)),
            (b"loaders", Value::Table(tx.new_table(0, 0)?)),
        ];
        for (k, v) in fields {
            let key = Value::Str(tx.intern(k)?);
            tx.set(package, key, v)?;
        }
        Ok::<(), crate::heap::HeapError>(())
    })();
    if let Err(e) = result {
        return Err(LuaError::from_heap(&mut tx, e));
    }
    tx.commit();
    Ok(())
}

/// Reads and compiles a file as `luaL_loadfile` does (`@name` chunk, `#` first line skipped).
fn load_file(ctx: &mut NativeCtx<'_, '_>, name: &[u8]) -> Result<Value, Vec<u8>> {
    let path = String::from_utf8_lossy(name).into_owned();
    let source = std::fs::read(&path).map_err(|e| {
        // C's strerror text: the OS message without Rust's " (os error N)".
        let text = e.to_string();
        let reason = text.split(" (os error").next().unwrap_or(&text).to_string();
        format!("cannot open {path}: {reason}").into_bytes()
    })?;
    let mut chunkname = b"@".to_vec();
    chunkname.extend_from_slice(name);
    let saved = ctx.state.parse_options;
    ctx.state.parse_options = crate::compile::ParseOptions::FILE;
    let result = load_chunk_bytes(ctx.tx, ctx.state, &source, &chunkname);
    ctx.state.parse_options = saved;
    result.map(Value::Func)
}

fn loadfile(ctx: &mut NativeCtx<'_, '_>) -> R {
    let name = ctx.check_bytes(1)?;
    match load_file(ctx, &name) {
        Ok(f) => ctx.ret(f),
        Err(msg) => {
            ctx.ret(Value::Nil);
            ctx.ret_bytes(&msg)?;
        }
    }
    Ok(NativeReturn::Return)
}

fn dofile(ctx: &mut NativeCtx<'_, '_>) -> R {
    let name = ctx.check_bytes(1)?;
    match load_file(ctx, &name) {
        Ok(f) => Ok(NativeReturn::TailCall {
            func: f,
            args: CallArgs::new(),
        }),
        Err(msg) => Err(ctx.error_value_text(&msg)),
    }
}

fn field(ctx: &mut NativeCtx<'_, '_>, t: TableRef, name: &[u8]) -> Result<Value, LuaError> {
    let key = ctx.tx.intern(name).map_err(|e| ctx.heap_error(e))?;
    ctx.tx
        .get(t, &Value::Str(key))
        .map_err(|e| ctx.heap_error(e))
}

fn package_table(ctx: &mut NativeCtx<'_, '_>, name: &[u8]) -> Result<TableRef, LuaError> {
    let globals = ctx.state.globals;
    match field(ctx, globals, b"package")? {
        Value::Table(p) => match field(ctx, p, name)? {
            Value::Table(t) => Ok(t),
            _ => Err(ctx.error(format!(
                "'package.{}' must be a table",
                String::from_utf8_lossy(name)
            ))),
        },
        _ => Err(ctx.error("'package' must be a table")),
    }
}

/// `require(name)`: `package.loaded[name]`, else `package.preload[name]`, else the first file
/// of `package.path` that exists, run with the name as argument.
fn require(ctx: &mut NativeCtx<'_, '_>) -> R {
    let name = ctx.check_bytes(1)?;
    let loaded = package_table(ctx, b"loaded")?;
    let key = Value::Str(ctx.tx.intern(&name).map_err(|e| ctx.heap_error(e))?);
    let existing = ctx.tx.get(loaded, &key).map_err(|e| ctx.heap_error(e))?;
    if existing.truthy() {
        ctx.ret(existing);
        return Ok(NativeReturn::Return);
    }
    let preload = package_table(ctx, b"preload")?;
    let mut loader = ctx.tx.get(preload, &key).map_err(|e| ctx.heap_error(e))?;
    let name_text = String::from_utf8_lossy(&name).into_owned();
    let mut tried = format!("\n\tno field package.preload['{name_text}']");
    if loader.is_nil() {
        let globals = ctx.state.globals;
        let path = match field(ctx, globals, b"package")? {
            Value::Table(p) => field(ctx, p, b"path")?,
            _ => Value::Nil,
        };
        let path = match path {
            Value::Str(s) => {
                String::from_utf8_lossy(ctx.tx.str_bytes(s).unwrap_or(b"")).into_owned()
            }
            _ => return Err(ctx.error("'package.path' must be a string")),
        };
        let file_name = name_text.replace('.', "/");
        for template in path.split(';').filter(|t| !t.is_empty()) {
            let candidate = template.replace('?', &file_name);
            if std::path::Path::new(&candidate).is_file() {
                match load_file(ctx, candidate.as_bytes()) {
                    Ok(f) => loader = f,
                    Err(msg) => {
                        let msg = String::from_utf8_lossy(&msg);
                        return Err(ctx.error(format!(
                            "error loading module '{name_text}' from file '{candidate}':\n\t{msg}"
                        )));
                    }
                }
                break;
            }
            tried.push_str(&format!("\n\tno file '{candidate}'"));
        }
    }
    if loader.is_nil() {
        // Ferrous loads no C modules, but lists the C paths it looked at, as 5.1 does.
        let globals = ctx.state.globals;
        if let Value::Table(p) = field(ctx, globals, b"package")? {
            if let Value::Str(s) = field(ctx, p, b"cpath")? {
                let cpath =
                    String::from_utf8_lossy(ctx.tx.str_bytes(s).unwrap_or(b"")).into_owned();
                let file_name = name_text.replace('.', "/");
                // The C loader, then the all-in-one loader (for `a.b`, the library of `a`).
                let mut names = vec![file_name];
                if let Some((root, _)) = name_text.split_once('.') {
                    names.push(root.to_string());
                }
                for n in names {
                    for template in cpath.split(';').filter(|t| !t.is_empty()) {
                        tried.push_str(&format!("\n\tno file '{}'", template.replace('?', &n)));
                    }
                }
            }
        }
        return Err(ctx.error(format!("module '{name_text}' not found:{tried}")));
    }
    // 5.1 marks the module as being loaded (a sentinel) while its chunk runs.
    ctx.tx
        .set(loaded, key, Value::Bool(true))
        .map_err(|e| ctx.heap_error(e))?;
    Ok(NativeReturn::Call {
        func: loader,
        args: smallvec::smallvec![key],
        then: Continuation::Native(Box::new(Required { loaded, key })),
    })
}

/// After a module's chunk ran: its result (or what it put in `package.loaded`, or true).
struct Required {
    loaded: TableRef,
    key: Value,
}

impl NativeContinuation for Required {
    fn resume(self: Box<Self>, ctx: &mut NativeCtx<'_, '_>, results: &[Value]) -> R {
        if let Some(v) = results.first().copied().filter(|v| !v.is_nil()) {
            ctx.tx
                .set(self.loaded, self.key, v)
                .map_err(|e| ctx.heap_error(e))?;
        }
        let v = ctx
            .tx
            .get(self.loaded, &self.key)
            .map_err(|e| ctx.heap_error(e))?;
        ctx.ret(v);
        Ok(NativeReturn::Return)
    }

    fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        f(Value::Table(self.loaded));
        f(self.key);
    }
}

/// `module(name, ...)`: the module table (made if needed, also as a global path such as
/// `a.b`), with `_NAME`, `_M`, `_PACKAGE`, becomes the calling function's environment; each
/// extra argument (e.g. `package.seeall`) is then called with it.
fn module(ctx: &mut NativeCtx<'_, '_>) -> R {
    let name = ctx.check_bytes(1)?;
    let loaded = package_table(ctx, b"loaded")?;
    let key = Value::Str(ctx.tx.intern(&name).map_err(|e| ctx.heap_error(e))?);
    let t = match ctx.tx.get(loaded, &key).map_err(|e| ctx.heap_error(e))? {
        Value::Table(t) => t,
        _ => {
            // Find or make the table at the dotted global path.
            let mut cur = ctx.state.globals;
            for part in name.split(|&b| b == b'.') {
                let k = Value::Str(ctx.tx.intern(part).map_err(|e| ctx.heap_error(e))?);
                cur = match ctx.tx.get(cur, &k).map_err(|e| ctx.heap_error(e))? {
                    Value::Table(t) => t,
                    Value::Nil => {
                        let t = ctx.tx.new_table(0, 4).map_err(|e| ctx.heap_error(e))?;
                        ctx.tx
                            .set(cur, k, Value::Table(t))
                            .map_err(|e| ctx.heap_error(e))?;
                        t
                    }
                    _ => {
                        let n = String::from_utf8_lossy(&name).into_owned();
                        return Err(ctx.error(format!("name conflict for module '{n}'")));
                    }
                };
            }
            ctx.tx
                .set(loaded, key, Value::Table(cur))
                .map_err(|e| ctx.heap_error(e))?;
            cur
        }
    };
    let m_key = Value::Str(ctx.tx.intern(b"_M").map_err(|e| ctx.heap_error(e))?);
    if ctx
        .tx
        .get(t, &m_key)
        .map_err(|e| ctx.heap_error(e))?
        .is_nil()
    {
        let package = match name.iter().rposition(|&b| b == b'.') {
            Some(i) => name[..=i].to_vec(),
            None => Vec::new(),
        };
        let pairs: [(&[u8], Value); 3] = [
            (b"_M", Value::Table(t)),
            (b"_NAME", key),
            (
                b"_PACKAGE",
                Value::Str(ctx.tx.intern(&package).map_err(|e| ctx.heap_error(e))?),
            ),
        ];
        for (k, v) in pairs {
            let kk = Value::Str(ctx.tx.intern(k).map_err(|e| ctx.heap_error(e))?);
            ctx.tx.set(t, kk, v).map_err(|e| ctx.heap_error(e))?;
        }
    }
    // The caller's environment becomes the module.
    if ctx.from_lua {
        if let Some(f) = ctx.frames.last().map(|f| f.func) {
            ctx.tx
                .set_function_env(f, t)
                .map_err(|e| ctx.heap_error(e))?;
            ctx.state.env_changes += 1;
        }
    }
    let options: Vec<Value> = ctx.args[1..].to_vec();
    if options.is_empty() {
        return Ok(NativeReturn::Return);
    }
    Ok(NativeReturn::Call {
        func: options[0],
        args: smallvec::smallvec![Value::Table(t)],
        then: Continuation::Native(Box::new(ModuleOptions {
            module: t,
            rest: options[1..].to_vec(),
        })),
    })
}

/// Calls `module`'s remaining option functions with the module, one by one.
struct ModuleOptions {
    module: TableRef,
    rest: Vec<Value>,
}

impl NativeContinuation for ModuleOptions {
    fn resume(mut self: Box<Self>, _ctx: &mut NativeCtx<'_, '_>, _results: &[Value]) -> R {
        if self.rest.is_empty() {
            return Ok(NativeReturn::Return);
        }
        let func = self.rest.remove(0);
        let module = self.module;
        Ok(NativeReturn::Call {
            func,
            args: smallvec::smallvec![Value::Table(module)],
            then: Continuation::Native(self),
        })
    }

    fn for_each_root(&self, f: &mut dyn FnMut(Value)) {
        f(Value::Table(self.module));
        self.rest.iter().for_each(|v| f(*v));
    }
}

/// `package.seeall(module)`: the module's metatable gets `__index = _G`.
fn seeall(ctx: &mut NativeCtx<'_, '_>) -> R {
    let t = ctx.check_table(1)?;
    let mt = match ctx.tx.metatable(t).map_err(|e| ctx.heap_error(e))? {
        Some(mt) => mt,
        None => {
            let mt = ctx.tx.new_table(0, 1).map_err(|e| ctx.heap_error(e))?;
            ctx.tx
                .set_metatable(t, Some(mt))
                .map_err(|e| ctx.heap_error(e))?;
            mt
        }
    };
    let index = Value::Str(ctx.state.names.index);
    ctx.tx
        .set(mt, index, Value::Table(ctx.state.globals))
        .map_err(|e| ctx.heap_error(e))?;
    Ok(NativeReturn::Return)
}
