//! The code generator: from the parser's tree to register bytecode (`opcode.rs`).
//!
//! Locals live in registers in declaration order; temporaries are allocated above them and
//! released after each statement. Expressions compile to a target register, to "any register"
//! (a local's own register when possible) or to an RK operand (a constant index when the value
//! is a constant). Conditions compile to jumps. Constant folding follows Lua 5.1: arithmetic on
//! numeric literals is folded unless the result would be NaN or the divisor is zero; constants are
//! shared by value (so `-0` and `0` share one slot, as in PUC).

use std::collections::HashMap;
use std::rc::Rc;

use super::ast::{self, BinOp, Block, Expr, ExprKind, Stat, StatKind, TableItem, UnOp, Var};
use super::lexer::{chunk_id, ParseOptions, SyntaxError, RUNTIME_ID_SIZE};
use crate::heap::HeapTransaction;
use crate::object::{LocalInfo, ProtoData, UpvalSource};
use crate::opcode::*;
use crate::table::int_to_fb;
use crate::value::Value;

/// Compiles a chunk to its main function's prototype.
pub fn compile(
    tx: &mut HeapTransaction<'_>,
    source: &[u8],
    chunkname: &[u8],
    options: &ParseOptions,
) -> Result<Rc<ProtoData>, SyntaxError> {
    let chunk = super::parser::parse_with(source, chunkname, options)?;
    let short_src: Rc<[u8]> = chunk_id(chunkname, RUNTIME_ID_SIZE).into();
    let source_name: Rc<[u8]> = chunkname.into();
    let mut g = Gen {
        tx,
        short_src,
        source_name,
        error: None,
    };
    let proto = g.function(&chunk.main, &[]);
    if let Some((line, msg)) = g.error {
        let src = String::from_utf8_lossy(&chunk_id(chunkname, options.id_size)).into_owned();
        let text = match line {
            Some(line) => format!("{src}:{line}: {msg}"),
            None => format!("{src}: {msg}"),
        };
        return Err(SyntaxError {
            message: text.clone(),
            bytes: text.into_bytes(),
            runtime: false,
        });
    }
    Ok(proto)
}

struct Gen<'a, 'h> {
    tx: &'a mut HeapTransaction<'h>,
    short_src: Rc<[u8]>,
    source_name: Rc<[u8]>,
    /// The first error met (a limit exceeded, with its line when known); generation goes on, the
    /// result is discarded.
    error: Option<(Option<u32>, String)>,
}

/// Where an expression's value can be read after it is compiled.
#[derive(Clone, Copy)]
enum Place {
    /// In a register.
    Reg(u32),
    /// A constant index (for RK operands).
    K(u32),
}

/// A target of an assignment, with its parts already evaluated.
enum Target {
    Local(u32),
    Upvalue(u32),
    Global(u32),
    Index(u32, u32),
}

struct FuncState<'f> {
    f: &'f ast::Function,
    code: Vec<u32>,
    lines: Vec<u32>,
    constants: Vec<Value>,
    num_k: HashMap<u64, u32>,
    str_k: HashMap<crate::heap::Handle<crate::object::LuaStr>, u32>,
    bool_k: [Option<u32>; 2],
    nil_k: Option<u32>,
    protos: Vec<Rc<ProtoData>>,
    /// The register of each active local (by LocalId), if active.
    local_reg: Vec<Option<u32>>,
    /// Active locals, innermost last.
    active: Vec<ast::LocalId>,
    /// Debug records of locals (index into `locals_debug` per active local).
    locals_debug: Vec<LocalInfo>,
    active_debug: Vec<usize>,
    free_reg: u32,
    max_stack: u32,
    /// For each enclosing loop: the pending `break` jumps and the number of active locals at the
    /// loop's start.
    loops: Vec<(Vec<usize>, usize)>,
    line: u32,
    /// More registers were needed than an instruction can name.
    too_complex: bool,
}

const MAX_REGS: u32 = 250;
const MAX_K_RK: u32 = 255;

impl<'f> FuncState<'f> {
    fn emit(&mut self, i: u32) -> usize {
        self.code.push(i);
        self.lines.push(self.line);
        self.code.len() - 1
    }

    fn pc(&self) -> usize {
        self.code.len()
    }

    fn jump(&mut self) -> usize {
        self.emit(asbx(Op::JMP, 0, 0))
    }

    fn patch_to(&mut self, at: usize, target: usize) {
        let offset = target as i64 - (at as i64 + 1);
        self.code[at] = with_sbx(self.code[at], offset as i32);
    }

    fn patch_here(&mut self, list: &[usize]) {
        let here = self.pc();
        for &j in list {
            self.patch_to(j, here);
        }
    }

    fn reserve(&mut self, n: u32) -> u32 {
        if self.free_reg + n > MAX_REGS {
            // Reported as "function or expression too complex" when the function ends; the
            // registers handed out meanwhile stay in range so every instruction still encodes.
            self.too_complex = true;
            self.free_reg = MAX_REGS - n.min(MAX_REGS);
        }
        let r = self.free_reg;
        self.free_reg += n;
        if self.free_reg > self.max_stack {
            self.max_stack = self.free_reg;
        }
        r
    }

    fn nactive(&self) -> u32 {
        self.active.len() as u32
    }
}

impl<'a, 'h> Gen<'a, 'h> {
    fn fail(&mut self, msg: String) {
        if self.error.is_none() {
            self.error = Some((None, msg));
        }
    }

    fn fail_at(&mut self, line: u32, msg: &str) {
        if self.error.is_none() {
            self.error = Some((Some(line), msg.to_string()));
        }
    }

    /// Compiles one function body. `parent_regs` maps the enclosing function's locals to registers
    /// (for upvalue sources) — resolved by the caller before closure creation.
    fn function(&mut self, f: &ast::Function, _parent: &[Option<u32>]) -> Rc<ProtoData> {
        let mut fs = FuncState {
            f,
            code: Vec::new(),
            lines: Vec::new(),
            constants: Vec::new(),
            num_k: HashMap::new(),
            str_k: HashMap::new(),
            bool_k: [None, None],
            nil_k: None,
            protos: Vec::new(),
            local_reg: vec![None; f.locals.len()],
            active: Vec::new(),
            locals_debug: Vec::new(),
            active_debug: Vec::new(),
            free_reg: 0,
            max_stack: 2,
            loops: Vec::new(),
            line: f.line_defined,
            too_complex: false,
        };
        for &p in &f.params {
            self.activate(&mut fs, p);
        }
        if let Some(arg) = f.arg_local {
            self.activate(&mut fs, arg);
        }
        self.block(&mut fs, &f.body);
        if fs.too_complex {
            self.fail_at(fs.line, "function or expression too complex");
        }
        fs.line = f.end_line;
        fs.emit(abc(Op::RETURN, 0, 1, 0));
        let end = fs.pc() as u32;
        for &d in &fs.active_debug {
            fs.locals_debug[d].end_pc = end;
        }
        let upvalues = f
            .upvalues
            .iter()
            .map(|u| match u.source {
                ast::UpvalueSource::Local(_) => UpvalSource::Local(0),
                ast::UpvalueSource::Upvalue(i) => UpvalSource::Upvalue(i as u8),
            })
            .collect();
        Rc::new(ProtoData {
            code: fs.code,
            constants: fs.constants,
            protos: fs.protos,
            upvalues,
            upvalue_names: f
                .upvalues
                .iter()
                .map(|u| Rc::from(String::from_utf8_lossy(&u.name).as_ref()))
                .collect(),
            num_params: f.params.len() as u8,
            is_vararg: f.is_vararg,
            needs_arg: f.needs_arg(),
            max_stack: fs.max_stack.min(255) as u8,
            lines: fs.lines,
            locals: fs.locals_debug,
            source: Rc::clone(&self.source_name),
            short_src: Rc::clone(&self.short_src),
            line_defined: f.line_defined,
            last_line_defined: f.last_line_defined,
        })
    }

    fn activate(&mut self, fs: &mut FuncState<'_>, id: ast::LocalId) {
        let reg = fs.nactive();
        if reg >= MAX_REGS {
            self.fail("function or expression too complex".to_string());
        }
        fs.local_reg[id.0 as usize] = Some(reg);
        fs.active.push(id);
        if fs.free_reg < reg + 1 {
            fs.reserve(reg + 1 - fs.free_reg);
        }
        let name = &fs.f.locals[id.0 as usize].name;
        fs.locals_debug.push(LocalInfo {
            name: Rc::from(String::from_utf8_lossy(name).as_ref()),
            register: reg as u8,
            start_pc: fs.pc() as u32,
            end_pc: u32::MAX,
        });
        fs.active_debug.push(fs.locals_debug.len() - 1);
    }

    /// Ends the scope of locals above `keep` active locals.
    fn deactivate_to(&mut self, fs: &mut FuncState<'_>, keep: usize) {
        let pc = fs.pc() as u32;
        while fs.active.len() > keep {
            let id = fs.active.pop().expect("active local");
            fs.local_reg[id.0 as usize] = None;
            let d = fs.active_debug.pop().expect("debug record");
            fs.locals_debug[d].end_pc = pc;
        }
        fs.free_reg = fs.nactive();
    }

    fn any_captured_above(fs: &FuncState<'_>, level: usize) -> bool {
        fs.active[level..]
            .iter()
            .any(|id| fs.f.locals[id.0 as usize].captured)
    }

    // ---------------------------------------------------------------- constants

    fn k_num(&mut self, fs: &mut FuncState<'_>, n: f64) -> u32 {
        let key = if n == 0.0 { 0 } else { n.to_bits() };
        if let Some(&k) = fs.num_k.get(&key) {
            return k;
        }
        let k = fs.constants.len() as u32;
        fs.constants.push(Value::Num(n));
        fs.num_k.insert(key, k);
        k
    }

    fn k_str(&mut self, fs: &mut FuncState<'_>, s: &[u8]) -> u32 {
        let v = match self.tx.intern(s) {
            Ok(v) => v,
            Err(e) => {
                self.fail(e.to_string());
                return 0;
            }
        };
        if let Some(&k) = fs.str_k.get(&v.handle) {
            return k;
        }
        let k = fs.constants.len() as u32;
        fs.constants.push(Value::Str(v));
        fs.str_k.insert(v.handle, k);
        k
    }

    fn k_bool(&mut self, fs: &mut FuncState<'_>, b: bool) -> u32 {
        if let Some(k) = fs.bool_k[b as usize] {
            return k;
        }
        let k = fs.constants.len() as u32;
        fs.constants.push(Value::Bool(b));
        fs.bool_k[b as usize] = Some(k);
        k
    }

    fn k_nil(&mut self, fs: &mut FuncState<'_>) -> u32 {
        if let Some(k) = fs.nil_k {
            return k;
        }
        let k = fs.constants.len() as u32;
        fs.constants.push(Value::Nil);
        fs.nil_k = Some(k);
        k
    }

    fn load_k(&mut self, fs: &mut FuncState<'_>, reg: u32, k: u32) {
        if k > MAX_BX {
            self.fail("constant table overflow".to_string());
            return;
        }
        fs.emit(abx(Op::LOADK, reg, k));
    }

    // ---------------------------------------------------------------- blocks and statements

    fn block(&mut self, fs: &mut FuncState<'_>, b: &Block) {
        let level = fs.active.len();
        for s in &b.stats {
            self.stat(fs, s);
            fs.free_reg = fs.nactive();
        }
        if Self::any_captured_above(fs, level) {
            fs.emit(abc(Op::CLOSE, level as u32, 0, 0));
        }
        self.deactivate_to(fs, level);
    }

    /// A loop body's block: like `block`, but the caller closes upvalues itself.
    fn scoped(&mut self, fs: &mut FuncState<'_>, b: &Block) {
        self.block(fs, b);
    }

    fn stat(&mut self, fs: &mut FuncState<'_>, s: &Stat) {
        fs.line = s.line;
        match &s.kind {
            StatKind::Local { vars, exprs } => {
                let base = fs.free_reg;
                self.expr_list_to(fs, exprs, base, vars.len());
                for &v in vars {
                    self.activate(fs, v);
                }
            }
            StatKind::LocalFunction { var, func } => {
                self.activate(fs, *var);
                let reg = fs.local_reg[var.0 as usize].unwrap_or(0);
                self.closure(fs, func, reg);
                // The function's debug record starts after the closure is made (as PUC).
                if let Some(&d) = fs.active_debug.last() {
                    fs.locals_debug[d].start_pc = fs.pc() as u32;
                }
            }
            StatKind::Function { target, func, .. } => {
                let t = self.target(fs, target);
                let r = fs.reserve(1);
                self.closure(fs, func, r);
                fs.line = s.line;
                self.store(fs, &t, Place::Reg(r));
            }
            StatKind::Assign { targets, exprs } => self.assign(fs, targets, exprs),
            StatKind::Call(e) => {
                let base = fs.free_reg;
                self.call(fs, e, base, 0);
            }
            StatKind::Do(b) => self.block(fs, b),
            StatKind::While { cond, body } => {
                let start = fs.pc();
                let exits = self.cond_false(fs, cond);
                fs.loops.push((Vec::new(), fs.active.len()));
                self.scoped(fs, body);
                let back = fs.jump();
                fs.patch_to(back, start);
                let (breaks, _) = fs.loops.pop().unwrap_or_default();
                fs.patch_here(&exits);
                fs.patch_here(&breaks);
            }
            StatKind::Repeat { body, cond } => {
                let start = fs.pc();
                let level = fs.active.len();
                fs.loops.push((Vec::new(), level));
                for st in &body.stats {
                    self.stat(fs, st);
                    fs.free_reg = fs.nactive();
                }
                let captured = Self::any_captured_above(fs, level);
                if captured {
                    let exits = self.cond_true(fs, cond);
                    fs.emit(abc(Op::CLOSE, level as u32, 0, 0));
                    let back = fs.jump();
                    fs.patch_to(back, start);
                    fs.patch_here(&exits);
                    fs.emit(abc(Op::CLOSE, level as u32, 0, 0));
                } else {
                    let back = self.cond_false(fs, cond);
                    for j in back {
                        fs.patch_to(j, start);
                    }
                }
                self.deactivate_to(fs, level);
                let (breaks, _) = fs.loops.pop().unwrap_or_default();
                fs.patch_here(&breaks);
            }
            StatKind::If {
                clauses,
                else_block,
            } => {
                let mut ends = Vec::new();
                for (n, c) in clauses.iter().enumerate() {
                    fs.line = c.line;
                    let next = self.cond_false(fs, &c.cond);
                    self.block(fs, &c.body);
                    let last = n + 1 == clauses.len() && else_block.is_none();
                    if !last {
                        ends.push(fs.jump());
                    }
                    fs.patch_here(&next);
                }
                if let Some(b) = else_block {
                    self.block(fs, b);
                }
                fs.patch_here(&ends);
            }
            StatKind::NumericFor {
                var,
                start,
                limit,
                step,
                body,
                do_line,
            } => {
                let level = fs.active.len();
                let base = fs.free_reg;
                self.expr_to_reg(fs, start, base);
                fs.reserve(1);
                self.expr_to_reg(fs, limit, base + 1);
                fs.reserve(1);
                match step {
                    Some(e) => self.expr_to_reg(fs, e, base + 2),
                    None => {
                        let k = self.k_num(fs, 1.0);
                        self.load_k(fs, base + 2, k);
                    }
                }
                fs.reserve(1);
                for i in 0..3 {
                    self.activate(fs, ast::LocalId(var.0 - 3 + i));
                }
                fs.line = *do_line;
                let prep = fs.emit(asbx(Op::FORPREP, base, 0));
                let body_start = fs.pc();
                fs.loops.push((Vec::new(), fs.active.len()));
                self.activate(fs, *var);
                self.block_no_scope(fs, body);
                self.deactivate_to(fs, level + 3);
                fs.line = s.line;
                fs.patch_to(prep, fs.pc());
                let lp = fs.emit(asbx(Op::FORLOOP, base, 0));
                fs.patch_to(lp, body_start);
                let (breaks, _) = fs.loops.pop().unwrap_or_default();
                fs.patch_here(&breaks);
                self.deactivate_to(fs, level);
            }
            StatKind::GenericFor {
                vars,
                exprs,
                body,
                exprs_line,
                do_line,
            } => {
                let level = fs.active.len();
                let base = fs.free_reg;
                fs.line = *exprs_line;
                self.expr_list_to(fs, exprs, base, 3);
                for i in 0..3 {
                    self.activate(fs, ast::LocalId(vars[0].0 - 3 + i));
                }
                fs.line = *do_line;
                let to_call = fs.jump();
                let body_start = fs.pc();
                fs.loops.push((Vec::new(), fs.active.len()));
                for &v in vars {
                    self.activate(fs, v);
                }
                self.block_no_scope(fs, body);
                self.deactivate_to(fs, level + 3);
                fs.patch_here(&[to_call]);
                fs.line = *exprs_line;
                let need = base + 3 + vars.len() as u32;
                if fs.max_stack < need + 3 {
                    fs.max_stack = need + 3;
                }
                fs.emit(abc(Op::TFORCALL, base, 0, vars.len() as u32));
                let lp = fs.emit(asbx(Op::TFORLOOP, base + 2, 0));
                fs.patch_to(lp, body_start);
                let (breaks, _) = fs.loops.pop().unwrap_or_default();
                fs.patch_here(&breaks);
                self.deactivate_to(fs, level);
            }
            StatKind::Return { exprs } => self.ret(fs, exprs),
            StatKind::Break => {
                let Some(&(_, level)) = fs.loops.last() else {
                    return;
                };
                if Self::any_captured_above(fs, level) {
                    fs.emit(abc(Op::CLOSE, level as u32, 0, 0));
                }
                let j = fs.jump();
                if let Some(l) = fs.loops.last_mut() {
                    l.0.push(j);
                }
            }
        }
    }

    /// A loop body whose locals the caller scopes (the loop variables are part of it).
    fn block_no_scope(&mut self, fs: &mut FuncState<'_>, b: &Block) {
        let level = fs.active.len();
        let vars_level = fs.loops.last().map_or(level, |l| l.1);
        for s in &b.stats {
            self.stat(fs, s);
            fs.free_reg = fs.nactive();
        }
        if Self::any_captured_above(fs, vars_level) {
            fs.emit(abc(Op::CLOSE, vars_level as u32, 0, 0));
        }
        self.deactivate_to(fs, level);
    }

    fn ret(&mut self, fs: &mut FuncState<'_>, exprs: &[Expr]) {
        let first = fs.free_reg;
        if exprs.len() == 1 {
            if let ExprKind::Call { .. } | ExprKind::MethodCall { .. } = exprs[0].kind {
                self.call(fs, &exprs[0], first, -1);
                // A call in return position is a tail call.
                let last = fs.code.len() - 1;
                if op(fs.code[last]) == CALL {
                    fs.code[last] = (fs.code[last] & !0x3f) | Op::TAILCALL.encode();
                }
                fs.emit(abc(Op::RETURN, first, 0, 0));
                return;
            }
        }
        if exprs.len() == 1 {
            if let ExprKind::Name {
                var: Var::Local(id),
                ..
            } = exprs[0].kind
            {
                if let Some(r) = fs.local_reg[id.0 as usize] {
                    fs.emit(abc(Op::RETURN, r, 2, 0));
                    return;
                }
            }
        }
        let multi = exprs.last().is_some_and(is_multi);
        self.expr_list_to(
            fs,
            exprs,
            first,
            if multi { usize::MAX } else { exprs.len() },
        );
        let b = if multi { 0 } else { exprs.len() as u32 + 1 };
        fs.emit(abc(Op::RETURN, first, b, 0));
    }

    /// Evaluates `exprs` into consecutive registers from `base`, adjusted to `want` values
    /// (`usize::MAX`: all, the last one open).
    fn expr_list_to(&mut self, fs: &mut FuncState<'_>, exprs: &[Expr], base: u32, want: usize) {
        let n = exprs.len();
        for (i, e) in exprs.iter().enumerate() {
            let reg = base + i as u32;
            let last = i + 1 == n;
            if last && is_multi(e) {
                let extra = if want == usize::MAX {
                    -1
                } else {
                    (want as i64 - i as i64).max(0) as i32
                };
                if want != usize::MAX && i >= want {
                    // Evaluated for effects only.
                    self.multi_to(fs, e, reg, 0);
                } else {
                    self.multi_to(fs, e, reg, extra);
                    if extra > 0 {
                        let top = reg + extra as u32;
                        if fs.free_reg < top {
                            fs.reserve(top - fs.free_reg);
                        }
                    }
                }
                return;
            }
            if i < want || want == usize::MAX {
                if fs.free_reg < reg + 1 {
                    fs.reserve(reg + 1 - fs.free_reg);
                }
                self.expr_to_reg(fs, e, reg);
            } else {
                // Extra values are evaluated and dropped.
                let save = fs.free_reg;
                let r = fs.reserve(1);
                self.expr_to_reg(fs, e, r);
                fs.free_reg = save;
            }
        }
        if want != usize::MAX && n < want {
            let from = base + n as u32;
            let to = base + want as u32 - 1;
            if fs.free_reg < to + 1 {
                fs.reserve(to + 1 - fs.free_reg);
            }
            // At a function's start the registers are nil already (PUC emits nothing).
            // (Not inside a loop, whose start is a jump target.)
            if fs.pc() > 0 || from < fs.nactive() || !fs.loops.is_empty() {
                fs.emit(abc(Op::LOADNIL, from, to, 0));
            }
        }
    }

    fn target(&mut self, fs: &mut FuncState<'_>, e: &Expr) -> Target {
        match &e.kind {
            ExprKind::Name { name, var } => match var {
                Var::Local(id) => Target::Local(fs.local_reg[id.0 as usize].unwrap_or(0)),
                Var::Upvalue(i) => Target::Upvalue(*i),
                Var::Global => Target::Global(self.k_str(fs, name)),
            },
            ExprKind::Index { obj, key } => {
                let t = self.any_reg(fs, obj);
                let k = self.rk(fs, key);
                Target::Index(t, k)
            }
            _ => {
                self.fail("syntax error".to_string());
                Target::Local(0)
            }
        }
    }

    fn store(&mut self, fs: &mut FuncState<'_>, t: &Target, v: Place) {
        let reg_of = |this: &mut Self, fs: &mut FuncState<'_>, v: Place| -> u32 {
            match v {
                Place::Reg(r) => r,
                Place::K(k) => {
                    let r = fs.reserve(1);
                    this.load_k(fs, r, k);
                    r
                }
            }
        };
        match *t {
            Target::Local(r) => match v {
                Place::Reg(s) => {
                    if s != r {
                        fs.emit(abc(Op::MOVE, r, s, 0));
                    }
                }
                Place::K(k) => self.load_k(fs, r, k),
            },
            Target::Upvalue(i) => {
                let r = reg_of(self, fs, v);
                fs.emit(abc(Op::SETUPVAL, r, i, 0));
            }
            Target::Global(k) => {
                let r = reg_of(self, fs, v);
                fs.emit(abx(Op::SETGLOBAL, r, k));
            }
            Target::Index(t, key) => {
                let val = match v {
                    Place::Reg(r) => r,
                    Place::K(k) if k <= MAX_K_RK => RK_CONSTANT + k,
                    Place::K(k) => {
                        let r = fs.reserve(1);
                        self.load_k(fs, r, k);
                        r
                    }
                };
                fs.emit(abc(Op::SETTABLE, t, key, val));
            }
        }
    }

    fn assign(&mut self, fs: &mut FuncState<'_>, targets: &[Expr], exprs: &[Expr]) {
        // A single local target with a single value: compute straight into the local.
        if targets.len() == 1 && exprs.len() == 1 {
            if let ExprKind::Name {
                var: Var::Local(id),
                ..
            } = targets[0].kind
            {
                if let Some(r) = fs.local_reg[id.0 as usize] {
                    self.expr_to_reg(fs, &exprs[0], r);
                    return;
                }
            }
            let t = self.target(fs, &targets[0]);
            let v = self.place(fs, &exprs[0]);
            fs.line = targets[0].line.max(fs.line);
            self.store(fs, &t, v);
            return;
        }
        // Several targets: evaluate the targets' tables and keys, then every value, then store
        // from the last target to the first (as Lua 5.1 does). Locals used as tables or keys are
        // copied first, so assigning to them does not change where the other stores go.
        let assigned_locals: Vec<u32> = targets
            .iter()
            .filter_map(|t| match t.kind {
                ExprKind::Name {
                    var: Var::Local(id),
                    ..
                } => fs.local_reg[id.0 as usize],
                _ => None,
            })
            .collect();
        let mut ts = Vec::new();
        for t in targets {
            let mut tg = self.target(fs, t);
            if let Target::Index(tr, k) = &mut tg {
                if assigned_locals.contains(tr) {
                    let r = fs.reserve(1);
                    fs.emit(abc(Op::MOVE, r, *tr, 0));
                    *tr = r;
                }
                if *k < RK_CONSTANT && assigned_locals.contains(k) {
                    let r = fs.reserve(1);
                    fs.emit(abc(Op::MOVE, r, *k, 0));
                    *k = r;
                }
            }
            ts.push(tg);
        }
        let base = fs.free_reg;
        self.expr_list_to(fs, exprs, base, targets.len());
        for (i, t) in ts.iter().enumerate().rev() {
            self.store(fs, t, Place::Reg(base + i as u32));
        }
    }

    // ---------------------------------------------------------------- expressions

    /// Compiles `e` and says where its value is: a constant, or a register (a local's own, or a
    /// new temporary).
    fn place(&mut self, fs: &mut FuncState<'_>, e: &Expr) -> Place {
        if let Some(k) = self.constant(fs, e) {
            return Place::K(k);
        }
        Place::Reg(self.any_reg(fs, e))
    }

    /// The constant index of `e` if it is a constant (after folding).
    fn constant(&mut self, fs: &mut FuncState<'_>, e: &Expr) -> Option<u32> {
        match &e.kind {
            ExprKind::Nil => Some(self.k_nil(fs)),
            ExprKind::True => Some(self.k_bool(fs, true)),
            ExprKind::False => Some(self.k_bool(fs, false)),
            ExprKind::String(s) => Some(self.k_str(fs, s)),
            _ => fold(e).map(|n| self.k_num(fs, n)),
        }
    }

    fn rk(&mut self, fs: &mut FuncState<'_>, e: &Expr) -> u32 {
        match self.place(fs, e) {
            Place::K(k) if k <= MAX_K_RK => RK_CONSTANT + k,
            Place::K(k) => {
                let r = fs.reserve(1);
                self.load_k(fs, r, k);
                r
            }
            Place::Reg(r) => r,
        }
    }

    /// A register holding `e` for an instruction that writes `reg`: a local's own register, or
    /// `reg` itself when it is a temporary (nothing can read a temporary by name, so it is free
    /// until the instruction writes it) — which keeps chains like `a.b.c.d` and `x+y+z` in a
    /// constant number of registers — else a fresh temporary.
    fn operand_reg(&mut self, fs: &mut FuncState<'_>, e: &Expr, reg: u32) -> u32 {
        if let ExprKind::Name {
            var: Var::Local(id),
            ..
        } = e.kind
        {
            if let Some(r) = fs.local_reg[id.0 as usize] {
                return r;
            }
        }
        if reg >= fs.nactive() {
            self.expr_to_reg(fs, e, reg);
            if fs.free_reg < reg + 1 {
                fs.reserve(reg + 1 - fs.free_reg);
            }
            return reg;
        }
        self.any_reg(fs, e)
    }

    /// As `operand_reg`, or a constant operand.
    fn operand_rk(&mut self, fs: &mut FuncState<'_>, e: &Expr, reg: u32) -> u32 {
        match self.constant(fs, e) {
            Some(k) if k <= MAX_K_RK => RK_CONSTANT + k,
            _ => self.operand_reg(fs, e, reg),
        }
    }

    /// A register holding `e`: the local's own register, or a fresh temporary.
    fn any_reg(&mut self, fs: &mut FuncState<'_>, e: &Expr) -> u32 {
        if let ExprKind::Name {
            var: Var::Local(id),
            ..
        } = e.kind
        {
            if let Some(r) = fs.local_reg[id.0 as usize] {
                return r;
            }
        }
        if let ExprKind::Paren(inner) = &e.kind {
            if !is_multi(inner) {
                return self.any_reg(fs, inner);
            }
        }
        let r = fs.reserve(1);
        self.expr_to_reg(fs, e, r);
        r
    }

    /// Compiles `e` so that its (single) value ends up in register `reg`.
    fn expr_to_reg(&mut self, fs: &mut FuncState<'_>, e: &Expr, reg: u32) {
        if reg >= MAX_REGS {
            fs.too_complex = true;
            return;
        }
        if fs.max_stack < reg + 1 {
            fs.max_stack = reg + 1;
        }
        let save_line = fs.line;
        if matches!(
            e.kind,
            ExprKind::Nil
                | ExprKind::True
                | ExprKind::False
                | ExprKind::Number(_)
                | ExprKind::String(_)
                | ExprKind::Vararg
                | ExprKind::Name { .. }
        ) {
            // PUC emits a value's load when the parser is past it: on the value's line.
            fs.line = e.line;
        }
        match &e.kind {
            ExprKind::Nil => {
                fs.emit(abc(Op::LOADNIL, reg, reg, 0));
            }
            ExprKind::True => {
                fs.emit(abc(Op::LOADBOOL, reg, 1, 0));
            }
            ExprKind::False => {
                fs.emit(abc(Op::LOADBOOL, reg, 0, 0));
            }
            ExprKind::Number(_) | ExprKind::String(_) => {
                let k = self.constant(fs, e).unwrap_or(0);
                self.load_k(fs, reg, k);
            }
            ExprKind::Vararg => {
                fs.emit(abc(Op::VARARG, reg, 2, 0));
            }
            ExprKind::Function(f) => {
                fs.line = e.line;
                self.closure(fs, f, reg);
            }
            ExprKind::Table(items) => {
                fs.line = e.line;
                self.table(fs, items, reg);
            }
            ExprKind::Name { name, var } => match var {
                Var::Local(id) => {
                    if let Some(r) = fs.local_reg[id.0 as usize] {
                        if r != reg {
                            fs.emit(abc(Op::MOVE, reg, r, 0));
                        }
                    }
                }
                Var::Upvalue(i) => {
                    fs.emit(abc(Op::GETUPVAL, reg, *i, 0));
                }
                Var::Global => {
                    let k = self.k_str(fs, name);
                    fs.emit(abx(Op::GETGLOBAL, reg, k));
                }
            },
            ExprKind::Index { obj, key } => {
                let save = fs.free_reg;
                let t = self.operand_reg(fs, obj, reg);
                let k = self.rk(fs, key);
                fs.line = e.line;
                fs.emit(abc(Op::GETTABLE, reg, t, k));
                fs.free_reg = save;
            }
            ExprKind::Call { .. } | ExprKind::MethodCall { .. } => {
                // Call in place when nothing above `reg` is in use; else above and move.
                // (Never into a local's register: the call's arguments may read that local.)
                let base = if reg + 1 >= fs.free_reg && reg >= fs.nactive() {
                    reg
                } else {
                    fs.free_reg
                };
                self.call(fs, e, base, 1);
                if base != reg {
                    fs.emit(abc(Op::MOVE, reg, base, 0));
                }
            }
            ExprKind::Paren(inner) => self.expr_to_reg(fs, inner, reg),
            ExprKind::Binary {
                op: bop,
                op_line,
                lhs,
                rhs,
            } => {
                if let Some(n) = fold(e) {
                    let k = self.k_num(fs, n);
                    self.load_k(fs, reg, k);
                } else {
                    self.binary(fs, *bop, *op_line, e.line, lhs, rhs, reg);
                }
            }
            ExprKind::Unary { op: uop, operand } => {
                if let Some(n) = fold(e) {
                    let k = self.k_num(fs, n);
                    self.load_k(fs, reg, k);
                } else {
                    let save = fs.free_reg;
                    let r = self.operand_reg(fs, operand, reg);
                    fs.line = e.line;
                    let o = match uop {
                        UnOp::Neg => Op::UNM,
                        UnOp::Not => Op::NOT,
                        UnOp::Len => Op::LEN,
                    };
                    fs.emit(abc(o, reg, r, 0));
                    fs.free_reg = save;
                }
            }
        }
        fs.line = save_line;
    }

    #[allow(clippy::too_many_arguments)]
    fn binary(
        &mut self,
        fs: &mut FuncState<'_>,
        bop: BinOp,
        op_line: u32,
        line: u32,
        lhs: &Expr,
        rhs: &Expr,
        reg: u32,
    ) {
        let save = fs.free_reg;
        match bop {
            BinOp::Or if and_operands(lhs).len() > 1 => {
                // `a and b or c` (the conditional idiom), as Lua 5.1's jump lists compile it:
                // each falsy operand of the `and` chain jumps straight to `c`, without a second
                // test of the chain's value. Messages that name a called value depend on this
                // layout (`(k and f or g)()` names global 'g').
                let operands = and_operands(lhs);
                let (last, firsts) = operands.split_last().expect("two or more operands");
                let mut to_rhs = Vec::new();
                for o in firsts {
                    if is_truthy_constant(o) {
                        // Always true: nothing to load or test (as 5.1).
                        continue;
                    }
                    self.expr_to_reg(fs, o, reg);
                    fs.emit(abc(Op::TEST, reg, 0, 0));
                    to_rhs.push(fs.jump());
                }
                if matches!(last.kind, ExprKind::Nil | ExprKind::False) {
                    // The chain is never true: `c` it is.
                    fs.patch_here(&to_rhs);
                    self.expr_to_reg(fs, rhs, reg);
                } else {
                    self.expr_to_reg(fs, last, reg);
                    fs.emit(abc(Op::TEST, reg, 0, 1));
                    let done = fs.jump();
                    fs.patch_here(&to_rhs);
                    self.expr_to_reg(fs, rhs, reg);
                    fs.patch_here(&[done]);
                }
            }
            // `true and x` is x, `nil or x` is x: 5.1 emits no code for the constant.
            BinOp::And if is_truthy_constant(lhs) => self.expr_to_reg(fs, rhs, reg),
            BinOp::Or if matches!(lhs.kind, ExprKind::Nil | ExprKind::False) => {
                self.expr_to_reg(fs, rhs, reg)
            }
            BinOp::And | BinOp::Or => {
                self.expr_to_reg(fs, lhs, reg);
                let c = if bop == BinOp::And { 0 } else { 1 };
                fs.emit(abc(Op::TEST, reg, 0, c));
                let j = fs.jump();
                self.expr_to_reg(fs, rhs, reg);
                fs.patch_here(&[j]);
            }
            BinOp::Concat => {
                // Operands of a `..` chain go to consecutive registers, then one CONCAT.
                let mut operands = vec![lhs];
                let mut cur = rhs;
                while let ExprKind::Binary {
                    op: BinOp::Concat,
                    lhs: l,
                    rhs: r,
                    ..
                } = &cur.kind
                {
                    operands.push(l);
                    cur = r;
                }
                operands.push(cur);
                let first = fs.reserve(operands.len() as u32);
                for (i, o) in operands.iter().enumerate() {
                    self.expr_to_reg(fs, o, first + i as u32);
                }
                fs.line = line;
                let _ = op_line;
                fs.emit(abc(
                    Op::CONCAT,
                    reg,
                    first,
                    first + operands.len() as u32 - 1,
                ));
            }
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let (o, a, swap) = compare_op(bop);
                let x = self.operand_rk(fs, lhs, reg);
                let y = self.rk(fs, rhs);
                let (x, y) = if swap { (y, x) } else { (x, y) };
                fs.line = line;
                fs.emit(abc(o, a, x, y));
                fs.emit(asbx(Op::JMP, 0, 1));
                fs.emit(abc(Op::LOADBOOL, reg, 0, 1));
                fs.emit(abc(Op::LOADBOOL, reg, 1, 0));
            }
            _ => {
                let x = self.operand_rk(fs, lhs, reg);
                let y = self.rk(fs, rhs);
                fs.line = line;
                let o = match bop {
                    BinOp::Add => Op::ADD,
                    BinOp::Sub => Op::SUB,
                    BinOp::Mul => Op::MUL,
                    BinOp::Div => Op::DIV,
                    BinOp::Mod => Op::MOD,
                    _ => Op::POW,
                };
                fs.emit(abc(o, reg, x, y));
            }
        }
        fs.free_reg = save;
    }

    /// Jumps taken when `e` is false (the code falls through when it is true).
    fn cond_false(&mut self, fs: &mut FuncState<'_>, e: &Expr) -> Vec<usize> {
        self.cond(fs, e, false)
    }

    /// Jumps taken when `e` is true.
    fn cond_true(&mut self, fs: &mut FuncState<'_>, e: &Expr) -> Vec<usize> {
        self.cond(fs, e, true)
    }

    /// Jumps taken when `e`'s truth is `when`; falls through otherwise.
    fn cond(&mut self, fs: &mut FuncState<'_>, e: &Expr, when: bool) -> Vec<usize> {
        let save = fs.free_reg;
        let out = match &e.kind {
            ExprKind::Nil | ExprKind::False => {
                if when {
                    vec![]
                } else {
                    vec![fs.jump()]
                }
            }
            ExprKind::True | ExprKind::Number(_) | ExprKind::String(_) => {
                if when {
                    vec![fs.jump()]
                } else {
                    vec![]
                }
            }
            ExprKind::Paren(inner) => self.cond(fs, inner, when),
            ExprKind::Unary {
                op: UnOp::Not,
                operand,
            } => self.cond(fs, operand, !when),
            ExprKind::Binary {
                op: BinOp::And,
                lhs,
                rhs,
                ..
            } => {
                if when {
                    // Jump when both are true.
                    let skip = self.cond(fs, lhs, false);
                    let jt = self.cond(fs, rhs, true);
                    fs.patch_here(&skip);
                    jt
                } else {
                    let mut j = self.cond(fs, lhs, false);
                    j.extend(self.cond(fs, rhs, false));
                    j
                }
            }
            ExprKind::Binary {
                op: BinOp::Or,
                lhs,
                rhs,
                ..
            } => {
                if when {
                    let mut j = self.cond(fs, lhs, true);
                    j.extend(self.cond(fs, rhs, true));
                    j
                } else {
                    let skip = self.cond(fs, lhs, true);
                    let jf = self.cond(fs, rhs, false);
                    fs.patch_here(&skip);
                    jf
                }
            }
            ExprKind::Binary {
                op: bop @ (BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge),
                lhs,
                rhs,
                ..
            } => {
                let (o, a, swap) = compare_op(*bop);
                let x = self.rk(fs, lhs);
                let y = self.rk(fs, rhs);
                let (x, y) = if swap { (y, x) } else { (x, y) };
                fs.line = e.line;
                // The JMP after the test runs when the comparison's result equals A.
                let a = if when { a } else { 1 - a };
                fs.emit(abc(o, a, x, y));
                vec![fs.jump()]
            }
            _ => {
                let r = self.any_reg(fs, e);
                fs.line = e.line;
                // TEST r c: skip the jump unless truthiness == c.
                fs.emit(abc(Op::TEST, r, 0, if when { 1 } else { 0 }));
                vec![fs.jump()]
            }
        };
        fs.free_reg = save;
        out
    }

    /// Compiles a call with its function at `base`; `nresults` values remain from `base`
    /// (-1: all, open).
    fn call(&mut self, fs: &mut FuncState<'_>, e: &Expr, base: u32, nresults: i32) {
        if base + 2 >= MAX_REGS || base as i64 + nresults as i64 >= MAX_REGS as i64 {
            fs.too_complex = true;
            return;
        }
        let save_free = fs.free_reg;
        fs.free_reg = base;
        let (args, args_line) = match &e.kind {
            ExprKind::Call {
                func,
                args,
                args_line,
            } => {
                fs.reserve(1);
                self.expr_to_reg(fs, func, base);
                (args, *args_line)
            }
            ExprKind::MethodCall {
                obj,
                method,
                method_line,
                args,
                args_line,
            } => {
                fs.reserve(2);
                let o = self.any_reg_at(fs, obj, base);
                let k = self.k_str(fs, method);
                let krk = if k <= MAX_K_RK {
                    RK_CONSTANT + k
                } else {
                    let r = fs.reserve(1);
                    self.load_k(fs, r, k);
                    r
                };
                fs.line = *method_line;
                fs.emit(abc(Op::SELF, base, o, krk));
                fs.free_reg = base + 2;
                (args, *args_line)
            }
            _ => return,
        };
        let first_arg = fs.free_reg;
        let n = args.len();
        let mut open = false;
        for (i, a) in args.iter().enumerate() {
            let r = first_arg + i as u32;
            if i + 1 == n && is_multi(a) {
                self.multi_to(fs, a, r, -1);
                open = true;
            } else {
                if fs.free_reg < r + 1 {
                    fs.reserve(r + 1 - fs.free_reg);
                }
                self.expr_to_reg(fs, a, r);
            }
        }
        let b = if open { 0 } else { first_arg - base + n as u32 };
        fs.line = args_line;
        let c = (nresults + 1) as u32;
        if nresults > 0 && fs.max_stack < base + nresults as u32 {
            fs.max_stack = base + nresults as u32;
        }
        fs.emit(abc(Op::CALL, base, b, c));
        fs.free_reg = save_free;
    }

    /// A register holding `obj` for a method call: a local's own register, else `base`.
    fn any_reg_at(&mut self, fs: &mut FuncState<'_>, obj: &Expr, base: u32) -> u32 {
        if let ExprKind::Name {
            var: Var::Local(id),
            ..
        } = obj.kind
        {
            if let Some(r) = fs.local_reg[id.0 as usize] {
                return r;
            }
        }
        self.expr_to_reg(fs, obj, base);
        base
    }

    /// A multi-valued expression (call or `...`) into registers from `reg`, with `extra` values
    /// (-1: all, leaving the top set).
    fn multi_to(&mut self, fs: &mut FuncState<'_>, e: &Expr, reg: u32, extra: i32) {
        if reg >= MAX_REGS || reg as i64 + extra as i64 >= MAX_REGS as i64 {
            fs.too_complex = true;
            return;
        }
        match &e.kind {
            ExprKind::Vararg => {
                let b = if extra < 0 { 0 } else { extra as u32 + 1 };
                if fs.max_stack < reg + extra.max(1) as u32 {
                    fs.max_stack = reg + extra.max(1) as u32;
                }
                fs.emit(abc(Op::VARARG, reg, b, 0));
            }
            _ => {
                let save = fs.free_reg;
                if fs.free_reg < reg {
                    fs.free_reg = reg;
                }
                self.call(fs, e, reg, extra);
                fs.free_reg = save;
            }
        }
    }

    fn table(&mut self, fs: &mut FuncState<'_>, items: &[TableItem], reg: u32) {
        let positional = items
            .iter()
            .filter(|i| matches!(i, TableItem::Positional(_)))
            .count();
        let last_multi = matches!(items.last(), Some(TableItem::Positional(e)) if is_multi(e));
        // SETLIST reads the list items from the registers right above the table. When the
        // target register has live registers above it (an assignment to an older local), build
        // the table at the top of the stack and move it into place.
        if positional > 0 && fs.free_reg > reg + 1 {
            let save = fs.free_reg;
            let tmp = fs.reserve(1);
            self.table(fs, items, tmp);
            fs.emit(abc(Op::MOVE, reg, tmp, 0));
            fs.free_reg = save;
            return;
        }
        let na = positional - last_multi as usize;
        let nh = items.len() - positional;
        let save = fs.free_reg;
        let t = reg;
        fs.emit(abc(
            Op::NEWTABLE,
            t,
            int_to_fb(na as u32),
            int_to_fb(nh as u32),
        ));
        if fs.free_reg < t + 1 {
            fs.free_reg = t + 1;
            if fs.max_stack < fs.free_reg {
                fs.max_stack = fs.free_reg;
            }
        }
        let list_base = fs.free_reg;
        let mut pending = 0u32;
        let mut batch = 1u32;
        let n = items.len();
        for (i, item) in items.iter().enumerate() {
            match item {
                TableItem::Positional(e) => {
                    let r = list_base + pending;
                    if i + 1 == n && is_multi(e) {
                        self.multi_to(fs, e, r, -1);
                        self.setlist(fs, t, 0, batch);
                        pending = 0;
                        continue;
                    }
                    fs.free_reg = r;
                    fs.reserve(1);
                    self.expr_to_reg(fs, e, r);
                    pending += 1;
                    if pending == FIELDS_PER_FLUSH {
                        self.setlist(fs, t, pending, batch);
                        batch += 1;
                        pending = 0;
                        fs.free_reg = list_base;
                    }
                }
                TableItem::Named { name, value } => {
                    let save_item = fs.free_reg;
                    let k = self.k_str(fs, name);
                    let krk = if k <= MAX_K_RK {
                        RK_CONSTANT + k
                    } else {
                        let r = fs.reserve(1);
                        self.load_k(fs, r, k);
                        r
                    };
                    let v = self.rk(fs, value);
                    fs.emit(abc(Op::SETTABLE, t, krk, v));
                    fs.free_reg = save_item;
                }
                TableItem::Keyed { key, value } => {
                    let save_item = fs.free_reg;
                    let k = self.rk(fs, key);
                    let v = self.rk(fs, value);
                    fs.emit(abc(Op::SETTABLE, t, k, v));
                    fs.free_reg = save_item;
                }
            }
        }
        if pending > 0 {
            self.setlist(fs, t, pending, batch);
        }
        fs.free_reg = save;
    }

    fn setlist(&mut self, fs: &mut FuncState<'_>, t: u32, n: u32, batch: u32) {
        if batch <= MAX_B {
            fs.emit(abc(Op::SETLIST, t, n, batch));
        } else {
            fs.emit(abc(Op::SETLIST, t, n, 0));
            fs.emit(batch);
        }
    }

    fn closure(&mut self, fs: &mut FuncState<'_>, f: &ast::Function, reg: u32) {
        let mut proto = self.function(f, &[]);
        // Resolve upvalue sources to this function's registers now.
        let sources: Vec<UpvalSource> = f
            .upvalues
            .iter()
            .map(|u| match u.source {
                ast::UpvalueSource::Local(id) => {
                    UpvalSource::Local(fs.local_reg[id.0 as usize].unwrap_or(0) as u8)
                }
                ast::UpvalueSource::Upvalue(i) => UpvalSource::Upvalue(i as u8),
            })
            .collect();
        if let Some(p) = Rc::get_mut(&mut proto) {
            p.upvalues = sources;
        }
        let idx = fs.protos.len() as u32;
        fs.protos.push(proto);
        // PUC makes the closure when it has read the function's `end`.
        let save = fs.line;
        fs.line = f.last_line_defined;
        fs.emit(abx(Op::CLOSURE, reg, idx));
        fs.line = save;
    }
}

/// (opcode, A for "jump when true", swap operands) of a comparison.
fn compare_op(op: BinOp) -> (Op, u32, bool) {
    match op {
        BinOp::Eq => (Op::EQ, 1, false),
        BinOp::Ne => (Op::EQ, 0, false),
        BinOp::Lt => (Op::LT, 1, false),
        BinOp::Le => (Op::LE, 1, false),
        BinOp::Gt => (Op::LT, 1, true),
        _ => (Op::LE, 1, true),
    }
}

fn is_multi(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Call { .. } | ExprKind::MethodCall { .. } | ExprKind::Vararg
    )
}

/// Lua 5.1's constant folding of numeric literals.
fn fold(e: &Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Number(n) => Some(*n),
        ExprKind::Paren(inner) => fold(inner),
        ExprKind::Unary {
            op: UnOp::Neg,
            operand,
        } => {
            let v = fold(operand)?;
            Some(-v)
        }
        ExprKind::Binary { op, lhs, rhs, .. } => {
            let a = fold(lhs)?;
            let b = fold(rhs)?;
            let r = match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div => {
                    if b == 0.0 {
                        return None;
                    }
                    a / b
                }
                BinOp::Mod => {
                    if b == 0.0 {
                        return None;
                    }
                    a - (a / b).floor() * b
                }
                BinOp::Pow => a.powf(b),
                _ => return None,
            };
            if r.is_nan() {
                None
            } else {
                Some(r)
            }
        }
        _ => None,
    }
}

/// A literal that is always true (`true`, a number, a string).
fn is_truthy_constant(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::True | ExprKind::Number(_) | ExprKind::String(_)
    )
}

/// The operands of a left-nested `and` chain (`a and b and c`, parentheses looked through), in
/// order; one operand when `e` is not an `and`.
fn and_operands(e: &Expr) -> Vec<&Expr> {
    let mut e = e;
    while let ExprKind::Paren(inner) = &e.kind {
        e = inner;
    }
    match &e.kind {
        ExprKind::Binary {
            op: BinOp::And,
            lhs,
            rhs,
            ..
        } => {
            let mut v = and_operands(lhs);
            v.push(rhs);
            v
        }
        _ => vec![e],
    }
}
