//! The abstract syntax tree of a Lua 5.1 chunk, as the parser builds it.
//!
//! Shape:
//!
//! * A [`Chunk`] holds its main [`Function`]: vararg, no parameters, `line_defined` 0.
//! * Every [`Function`] lists the locals declared in it ([`Function::locals`], in declaration
//!   order, which is PUC's `locvars` order, hidden `for` loop variables included) and its upvalues
//!   ([`Function::upvalues`], in PUC's order). Names are resolved: a [`ExprKind::Name`] says
//!   whether it is a local of the function ([`Var::Local`]), one of its upvalues
//!   ([`Var::Upvalue`]) or a global.
//! * A [`Block`] is a list of statements; a `return` or `break` can only be last.
//! * Every [`Stat`] and [`Expr`] carries a line number and a [`Span`] of byte offsets into the
//!   source. Lines are those PUC's code generator would use (see each field); spans let a code
//!   generator report the errors PUC raises while generating code (`function or expression too
//!   complex near '...'`) exactly, with [`super::lexer::error_at`].
//! * Strings (names, string constants) are byte vectors: Lua strings are 8-bit. Numbers are f64.
//! * Operator precedence and associativity are resolved: `a + b * c` is `a + (b * c)`, `..` and `^`
//!   group to the right, `-2 ^ 2` is `-(2 ^ 2)`. Parentheses are kept as [`ExprKind::Paren`],
//!   because they cut a multi-valued expression to one value and make an expression unassignable.
//!
//! Depth: the parser rejects, with `chunk has too many syntax levels`, any chunk whose tree would
//! be more than [`MAX_AST_DEPTH`] nodes deep, so code walking the tree recursively (the code
//! generator, `Drop`) cannot overflow the stack.

/// The deepest tree the parser builds: a path from the chunk's main function to any node crosses
/// at most this many [`Function`], [`Block`], [`Stat`] and [`Expr`] nodes.
pub const MAX_AST_DEPTH: u32 = 1000;

/// A local variable of a function: an index into [`Function::locals`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalId(pub u32);

/// Byte offsets in the source: `start` is where the construct's first token starts, `end` is
/// just after its last token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// A parsed chunk.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    /// The main function: `is_vararg`, no parameters, no `arg` local, lines 0.
    pub main: Function,
}

/// A function body: the main chunk or a `function ... end`.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// The line PUC records as where the function is defined: 0 for the main chunk; for a
    /// `function a.b() end` statement, the line of `function`; for `local function f()` and for
    /// a `function()` expression, the line of the token after the name or after `function`
    /// (normally the `(`). It is also the line in `'end' expected (to close 'function' at line
    /// N)` and in `function at line N has more than ...`.
    pub line_defined: u32,
    /// The line of the closing `end` (0 for the main chunk).
    pub last_line_defined: u32,
    /// The line of the function's final `RETURN`: `last_line_defined`, or for a main chunk the
    /// line where its last token ends (PUC's `lastline` when it reads the end of the stream).
    pub end_line: u32,
    /// The named parameters, in order: locals `0..params.len()`. A method (`function a:m()`)
    /// has `self` first.
    pub params: Vec<LocalId>,
    /// The function has `...`.
    pub is_vararg: bool,
    /// Lua 5.1's LUA_COMPAT_VARARG: a vararg function other than the main chunk has an extra local
    /// `arg` after its parameters. When the body never uses `...` ([`Function::needs_arg`]), the
    /// call fills it with a table of the extra arguments (with field `n`); otherwise it is nil.
    pub arg_local: Option<LocalId>,
    /// `...` appears in the body (not counting nested functions).
    pub uses_vararg: bool,
    /// Every local declared in the function, in declaration order: parameters (and `self`, `arg`)
    /// first. A numeric `for` declares `(for index)`, `(for limit)`, `(for step)` and then its
    /// variable; a generic `for` declares `(for generator)`, `(for state)`, `(for control)` and then
    /// its variables.
    pub locals: Vec<LocalInfo>,
    /// The function's upvalues, in the order PUC numbers them (order of first use).
    pub upvalues: Vec<UpvalueInfo>,
    pub body: Block,
}

impl Function {
    /// PUC's VARARG_NEEDSARG: the `arg` table must be built at calls.
    pub fn needs_arg(&self) -> bool {
        self.arg_local.is_some() && !self.uses_vararg
    }
}

/// A local variable's debug information.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalInfo {
    pub name: Vec<u8>,
    /// A nested function uses it as an upvalue, so it must be closed when it goes out of scope.
    pub captured: bool,
}

/// An upvalue of a function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpvalueInfo {
    pub name: Vec<u8>,
    /// Where the enclosing function finds the value when it creates the closure.
    pub source: UpvalueSource,
}

/// Where a closure's upvalue comes from, in the function that creates the closure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpvalueSource {
    /// A local of the enclosing function.
    Local(LocalId),
    /// An upvalue of the enclosing function (index into its `upvalues`).
    Upvalue(u32),
}

/// What a name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Var {
    /// A local of the function the name appears in.
    Local(LocalId),
    /// An upvalue of the function the name appears in (index into its `upvalues`).
    Upvalue(u32),
    /// A global: a field of the function's environment.
    Global,
}

/// A sequence of statements (a scope).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    pub stats: Vec<Stat>,
}

/// A statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Stat {
    /// The line of the statement's first token.
    pub line: u32,
    pub span: Span,
    pub kind: StatKind,
}

/// The statements of Lua 5.1.
#[derive(Clone, Debug, PartialEq)]
pub enum StatKind {
    /// `local a, b = e1, e2`: the variables are declared before, and become visible after, the
    /// expressions.
    Local {
        vars: Vec<LocalId>,
        exprs: Vec<Expr>,
    },
    /// `local function f() end`: `var` is visible inside the function.
    LocalFunction { var: LocalId, func: Box<Function> },
    /// `function a.b.c:m() end`: `target` is the name or field chain being assigned (`a`, or
    /// `a.b.c.m` as nested [`ExprKind::Index`] nodes with string keys); `is_method` says the last
    /// step was `:m`, so the function has the extra first parameter `self`. PUC gives the store
    /// the statement's line.
    Function {
        target: Expr,
        is_method: bool,
        func: Box<Function>,
    },
    /// `t1, t2 = e1, e2`: each target is a [`ExprKind::Name`] or an [`ExprKind::Index`].
    Assign {
        targets: Vec<Expr>,
        exprs: Vec<Expr>,
    },
    /// A function call as a statement: a [`ExprKind::Call`] or [`ExprKind::MethodCall`].
    Call(Expr),
    /// `do ... end`
    Do(Block),
    /// `while cond do ... end`
    While { cond: Expr, body: Block },
    /// `repeat ... until cond`: `cond` is inside the body's scope and sees its locals.
    Repeat { body: Block, cond: Expr },
    /// `if c1 then b1 elseif c2 then b2 else b3 end`
    If {
        clauses: Vec<IfClause>,
        else_block: Option<Block>,
    },
    /// `for v = start, limit, step do ... end`. The hidden locals `(for index)`, `(for limit)`,
    /// `(for step)` are the three locals just before `var`.
    NumericFor {
        var: LocalId,
        start: Expr,
        limit: Expr,
        step: Option<Expr>,
        body: Block,
        /// The line of `do` (PUC's FORPREP instruction, which checks the three values); the loop
        /// instruction has the statement's line.
        do_line: u32,
    },
    /// `for v1, v2 in exprs do ... end`. The hidden locals `(for generator)`, `(for state)`,
    /// `(for control)` are the three locals just before `vars[0]`.
    GenericFor {
        vars: Vec<LocalId>,
        exprs: Vec<Expr>,
        body: Block,
        /// The line of the first token after `in` (PUC's line for the iterator call).
        exprs_line: u32,
        /// The line of `do`.
        do_line: u32,
    },
    /// `return e1, e2`
    Return { exprs: Vec<Expr> },
    /// `break`
    Break,
}

/// One `if`/`elseif` arm.
#[derive(Clone, Debug, PartialEq)]
pub struct IfClause {
    /// The line of the `if` or `elseif` keyword.
    pub line: u32,
    pub cond: Expr,
    pub body: Block,
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// The line where the expression ends: the line of its last token (the line PUC's lexer is on
    /// when it has read the expression). That is the line PUC gives the instruction computing an
    /// operator, a `function` closure or an index that is used right away. Calls have their own
    /// `args_line`.
    pub line: u32,
    pub span: Span,
    pub kind: ExprKind,
}

/// The expressions of Lua 5.1.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Nil,
    True,
    False,
    /// `...`
    Vararg,
    Number(f64),
    String(Vec<u8>),
    /// `function (params) body end`
    Function(Box<Function>),
    /// `{ items }`, items in source order.
    Table(Vec<TableItem>),
    /// A variable name.
    Name {
        name: Vec<u8>,
        var: Var,
    },
    /// `obj[key]`; `obj.name` is `obj["name"]`: the key is a [`ExprKind::String`] (PUC makes no
    /// difference either; its messages call any constant string key a "field").
    Index {
        obj: Box<Expr>,
        key: Box<Expr>,
    },
    /// `func(args)`, `func "str"`, `func {table}`.
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        /// The line of the token opening the arguments (`(`, `{`, or the line where the string
        /// argument ends): the line PUC gives the call instruction, hence of `attempt to call`.
        args_line: u32,
    },
    /// `obj:method(args)`
    MethodCall {
        obj: Box<Expr>,
        method: Vec<u8>,
        /// The line of the method name (PUC's SELF instruction, which indexes `obj`).
        method_line: u32,
        args: Vec<Expr>,
        /// As for [`ExprKind::Call`].
        args_line: u32,
    },
    /// `(expr)`: one value only; not assignable.
    Paren(Box<Expr>),
    Binary {
        op: BinOp,
        /// The line of the operator token (PUC evaluates the left operand into a register there).
        op_line: u32,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Unary {
        op: UnOp,
        operand: Box<Expr>,
    },
}

/// A table constructor item.
#[derive(Clone, Debug, PartialEq)]
pub enum TableItem {
    /// `expr`: stored at the next array index.
    Positional(Expr),
    /// `name = expr`
    Named { name: Vec<u8>, value: Expr },
    /// `[key] = expr`
    Keyed { key: Expr, value: Expr },
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOp {
    /// (left, right) binding priorities, as in Lua 5.1: an operator continues an expression
    /// parsed at limit `l` when its left priority is above `l`, and its right operand is parsed at
    /// its right priority. `..` (5, 4) and `^` (10, 9) are right associative.
    pub fn priority(self) -> (u8, u8) {
        match self {
            BinOp::Add | BinOp::Sub => (6, 6),
            BinOp::Mul | BinOp::Div | BinOp::Mod => (7, 7),
            BinOp::Pow => (10, 9),
            BinOp::Concat => (5, 4),
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => (3, 3),
            BinOp::And => (2, 2),
            BinOp::Or => (1, 1),
        }
    }

    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Pow => "^",
            BinOp::Concat => "..",
            BinOp::Eq => "==",
            BinOp::Ne => "~=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
}

/// The priority of unary operators: they bind tighter than every binary operator but `^`.
pub const UNARY_PRIORITY: u8 = 8;

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// `-`
    Neg,
    /// `not`
    Not,
    /// `#`
    Len,
}

impl UnOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            UnOp::Neg => "-",
            UnOp::Not => "not",
            UnOp::Len => "#",
        }
    }
}
