//! The Lua 5.1 recursive-descent parser.
//!
//! It accepts exactly the chunks PUC-Rio Lua 5.1 accepts, and for the others it stops where PUC
//! stops, with PUC's message (written from the reference manual and from observing `lua5.1`).
//! Besides the grammar, PUC's parser enforces limits, reproduced here with the same counting:
//!
//! * nesting: PUC counts one level per block or function body (`chunk`) and one per
//!   sub-expression (each unary operator, each right operand of a right-associative or
//!   higher-priority binary operator, each parenthesised, bracketed, argument or table-item
//!   expression), starting from the caller's C call depth ([`ParseOptions::c_calls`]); above 200:
//!   `chunk has too many syntax levels`;
//! * at most 200 active local variables per function (`... has more than 200 local variables`),
//!   and 32767 declared in all (`too many local variables`, no position);
//! * at most 60 upvalues per function;
//! * at most `200 - depth` variables on the left of one assignment;
//! * at most 262143 functions directly inside one function (`constant table overflow`).
//!
//! One deliberate divergence: chains PUC parses in a loop (`a.b.c...`, `f()()...`,
//! `1 + 1 + ...`) would make a deep tree; a chunk whose tree would be more than
//! [`MAX_AST_DEPTH`] deep is rejected with `chunk has too many syntax levels` (PUC accepts some of
//! these), so every consumer of the tree can recurse safely.
//!
//! Limits that belong to code generation (registers: `function or expression too complex`; jump
//! offsets: `control structure too long`; constants) are not checked here: see
//! [`super::lexer::error_at`].

use super::ast::{
    BinOp, Block, Chunk, Expr, ExprKind, Function, IfClause, LocalId, LocalInfo, Span, Stat,
    StatKind, TableItem, UnOp, UpvalueInfo, UpvalueSource, Var, MAX_AST_DEPTH, UNARY_PRIORITY,
};
use super::lexer::{
    string_text_at, Keyword, Lexer, Token, LUAI_MAXCCALLS, LUAI_MAXUPVALUES, LUAI_MAXVARS,
    MAX_LOCVARS, MAX_PROTOS,
};
pub use super::lexer::{ParseOptions, SyntaxError};

type PResult<T> = Result<T, SyntaxError>;

/// `?` without the `Try` machinery: in unoptimized builds this keeps the frames of the
/// recursive parsing functions small (each `?` on a large result costs several copies of it),
/// so deep nesting fits in small thread stacks.
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(e),
        }
    };
}

/// Parses a whole chunk as `loadstring(source, chunkname)` does when called from a main chunk run
/// by `lua5.1` ([`ParseOptions::LOADSTRING`]). `chunkname` is the name given to
/// loadstring/load (`=stdin`, `@file.lua`, or, without a name, the source text itself). A first
/// line starting with `#` is not skipped.
pub fn parse(source: &[u8], chunkname: &[u8]) -> Result<Chunk, SyntaxError> {
    parse_with(source, chunkname, &ParseOptions::LOADSTRING)
}

/// Parses a script file as `lua5.1 file.lua` does ([`ParseOptions::FILE`]): a first line starting
/// with `#` is skipped. `chunkname` is normally `@` and the file name.
pub fn parse_file(source: &[u8], chunkname: &[u8]) -> Result<Chunk, SyntaxError> {
    parse_with(source, chunkname, &ParseOptions::FILE)
}

/// Parses a whole chunk with explicit [`ParseOptions`].
///
/// A source starting with the byte 0x1B is a precompiled chunk for PUC, which never gets to the
/// parser; callers that care must check for it first (here it is just an unexpected symbol).
pub fn parse_with(
    source: &[u8],
    chunkname: &[u8],
    options: &ParseOptions,
) -> Result<Chunk, SyntaxError> {
    let lex = Lexer::new(source, chunkname, options);
    let mut main = FuncState::new(0);
    main.is_vararg = true;
    let mut p = Parser {
        lastline: lex.line(),
        prev_end: lex.token_end(),
        lex,
        tok: Token::Eof,
        tok_start: 0,
        tok_end: 0,
        ahead: None,
        level: options.c_calls,
        funcs: vec![main],
    };
    p.next()?;
    let (body, h) = p.chunk()?;
    if p.tok != Token::Eof {
        return Err(p.error_expected(&Token::Eof));
    }
    p.height(h)?;
    let fs = p.funcs.pop().unwrap_or_else(|| FuncState::new(0));
    Ok(Chunk {
        main: fs.finish(0, p.lastline, body),
    })
}

/// A block scope of the function being parsed.
struct BlockScope {
    /// Active locals when the block started.
    nactvar: usize,
    /// A loop: `break` leaves it.
    breakable: bool,
}

/// The state of a function being parsed.
struct FuncState {
    line_defined: u32,
    is_vararg: bool,
    uses_vararg: bool,
    params: Vec<LocalId>,
    arg_local: Option<LocalId>,
    locals: Vec<LocalInfo>,
    upvalues: Vec<UpvalueInfo>,
    /// The active locals, outermost first.
    actvar: Vec<LocalId>,
    blocks: Vec<BlockScope>,
    /// Functions directly nested in this one so far.
    nprotos: u32,
}

impl FuncState {
    fn new(line_defined: u32) -> FuncState {
        FuncState {
            line_defined,
            is_vararg: false,
            uses_vararg: false,
            params: Vec::new(),
            arg_local: None,
            locals: Vec::new(),
            upvalues: Vec::new(),
            actvar: Vec::new(),
            blocks: Vec::new(),
            nprotos: 0,
        }
    }

    fn finish(self, last_line_defined: u32, end_line: u32, body: Block) -> Function {
        Function {
            line_defined: self.line_defined,
            last_line_defined,
            end_line,
            params: self.params,
            is_vararg: self.is_vararg,
            arg_local: self.arg_local,
            uses_vararg: self.uses_vararg,
            locals: self.locals,
            upvalues: self.upvalues,
            body,
        }
    }
}

struct Parser<'s> {
    lex: Lexer<'s>,
    /// The current token, and where it starts and ends in the source.
    tok: Token,
    tok_start: usize,
    tok_end: usize,
    /// A token read ahead (only table constructors look ahead, as in PUC).
    ahead: Option<(Token, usize, usize)>,
    /// PUC's `lastline`: the lexer's line when the current token was taken, i.e. where the
    /// previous token ends (or, after a look-ahead, where the look-ahead token ends).
    lastline: u32,
    /// Where the previous token ends.
    prev_end: usize,
    /// PUC's `L->nCcalls`.
    level: u32,
    /// The functions being parsed, outermost (the main chunk) first.
    funcs: Vec<FuncState>,
}

fn offset(pos: usize) -> u32 {
    u32::try_from(pos).unwrap_or(u32::MAX)
}

fn block_follow(tok: &Token) -> bool {
    matches!(
        tok,
        Token::Eof | Token::Kw(Keyword::Else | Keyword::Elseif | Keyword::End | Keyword::Until)
    )
}

fn unary_op(tok: &Token) -> Option<UnOp> {
    match tok {
        Token::Kw(Keyword::Not) => Some(UnOp::Not),
        Token::Char(b'-') => Some(UnOp::Neg),
        Token::Char(b'#') => Some(UnOp::Len),
        _ => None,
    }
}

fn binary_op(tok: &Token) -> Option<BinOp> {
    Some(match tok {
        Token::Char(b'+') => BinOp::Add,
        Token::Char(b'-') => BinOp::Sub,
        Token::Char(b'*') => BinOp::Mul,
        Token::Char(b'/') => BinOp::Div,
        Token::Char(b'%') => BinOp::Mod,
        Token::Char(b'^') => BinOp::Pow,
        Token::Concat => BinOp::Concat,
        Token::Ne => BinOp::Ne,
        Token::Eq => BinOp::Eq,
        Token::Char(b'<') => BinOp::Lt,
        Token::Le => BinOp::Le,
        Token::Char(b'>') => BinOp::Gt,
        Token::Ge => BinOp::Ge,
        Token::Kw(Keyword::And) => BinOp::And,
        Token::Kw(Keyword::Or) => BinOp::Or,
        _ => return None,
    })
}

fn quoted(tok: &Token) -> Vec<u8> {
    let mut s = vec![b'\''];
    s.extend_from_slice(&tok.describe());
    s.push(b'\'');
    s
}

const END: Token = Token::Kw(Keyword::End);

impl Parser<'_> {
    // ---------------------------------------------------------------- tokens and errors

    /// Takes the next token (PUC's `luaX_next`).
    fn next(&mut self) -> PResult<()> {
        self.lastline = self.lex.line();
        self.prev_end = self.tok_end;
        if let Some((tok, start, end)) = self.ahead.take() {
            self.tok = tok;
            self.tok_start = start;
            self.tok_end = end;
        } else {
            self.tok = tri!(self.lex.next_token());
            self.tok_start = self.lex.token_start();
            self.tok_end = self.lex.token_end();
        }
        Ok(())
    }

    /// Reads the token after the current one (PUC's `luaX_lookahead`).
    fn lookahead(&mut self) -> PResult<&Token> {
        let tok = tri!(self.lex.next_token());
        let ahead = self
            .ahead
            .insert((tok, self.lex.token_start(), self.lex.token_end()));
        Ok(&ahead.0)
    }

    /// Takes the current token out, leaving a placeholder until [`Parser::next`].
    fn take_token(&mut self) -> Token {
        std::mem::replace(&mut self.tok, Token::Eof)
    }

    /// A syntax error at the current token: `msg near 'token'`.
    fn error(&self, msg: &[u8]) -> SyntaxError {
        let near = match self.tok {
            Token::String(_) => Some(string_text_at(self.lex.source(), self.tok_start)),
            ref tok => tok.near_text(),
        };
        self.lex.error(msg, near.as_deref())
    }

    /// A syntax error without a `near` part.
    fn error_plain(&self, msg: &str) -> SyntaxError {
        self.lex.error(msg.as_bytes(), None)
    }

    fn error_expected(&self, tok: &Token) -> SyntaxError {
        let mut msg = quoted(tok);
        msg.extend_from_slice(b" expected");
        self.error(&msg)
    }

    /// PUC's `errorlimit`, for the function at `funcs[func]`.
    fn error_limit(&self, func: usize, limit: usize, what: &str) -> SyntaxError {
        let line = self.funcs[func].line_defined;
        let msg = if line == 0 {
            format!("main function has more than {limit} {what}")
        } else {
            format!("function at line {line} has more than {limit} {what}")
        };
        self.error_plain(&msg)
    }

    fn is(&self, c: u8) -> bool {
        self.tok == Token::Char(c)
    }

    fn test_next(&mut self, tok: &Token) -> PResult<bool> {
        if self.tok == *tok {
            tri!(self.next());
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn test_next_char(&mut self, c: u8) -> PResult<bool> {
        self.test_next(&Token::Char(c))
    }

    fn check_next(&mut self, tok: &Token) -> PResult<()> {
        if self.tok == *tok {
            self.next()
        } else {
            Err(self.error_expected(tok))
        }
    }

    fn check_next_char(&mut self, c: u8) -> PResult<()> {
        self.check_next(&Token::Char(c))
    }

    /// Expects `what`, which closes `who` opened at line `line`.
    fn check_match(&mut self, what: &Token, who: &Token, line: u32) -> PResult<()> {
        if tri!(self.test_next(what)) {
            return Ok(());
        }
        if line == self.lex.line() {
            Err(self.error_expected(what))
        } else {
            let mut msg = quoted(what);
            msg.extend_from_slice(b" expected (to close ");
            msg.extend_from_slice(&quoted(who));
            msg.extend_from_slice(format!(" at line {line})").as_bytes());
            Err(self.error(&msg))
        }
    }

    fn str_checkname(&mut self) -> PResult<Vec<u8>> {
        match self.take_token() {
            Token::Name(name) => {
                tri!(self.next());
                Ok(name)
            }
            other => {
                self.tok = other;
                Err(self.error_expected(&Token::Name(Vec::new())))
            }
        }
    }

    // ---------------------------------------------------------------- limits

    fn enter_level(&mut self) -> PResult<()> {
        self.level = self.level.saturating_add(1);
        if self.level > LUAI_MAXCCALLS {
            return Err(self.error_plain("chunk has too many syntax levels"));
        }
        Ok(())
    }

    fn leave_level(&mut self) {
        self.level -= 1;
    }

    /// The height of a node whose highest child has height `child`, or the depth error.
    fn height(&self, child: u32) -> PResult<u32> {
        let h = child + 1;
        if h > MAX_AST_DEPTH {
            return Err(self.error_plain("chunk has too many syntax levels"));
        }
        Ok(h)
    }

    fn span_from(&self, start: usize) -> Span {
        Span {
            start: offset(start),
            end: offset(self.prev_end),
        }
    }

    /// An expression that started at `start` and ends with the token just taken.
    fn mk(&self, start: usize, kind: ExprKind) -> Expr {
        Expr {
            line: self.lastline,
            span: self.span_from(start),
            kind,
        }
    }

    // ---------------------------------------------------------------- scopes and variables

    fn fs(&mut self) -> &mut FuncState {
        let last = self.funcs.len() - 1;
        &mut self.funcs[last]
    }

    /// Declares a local of the current function, the `n`th of those declared together and not
    /// yet active (PUC's `new_localvar`).
    fn new_local(&mut self, name: Vec<u8>, n: usize) -> PResult<LocalId> {
        let cur = self.funcs.len() - 1;
        if self.funcs[cur].actvar.len() + n + 1 > LUAI_MAXVARS {
            return Err(self.error_limit(cur, LUAI_MAXVARS, "local variables"));
        }
        let fs = self.fs();
        if fs.locals.len() >= MAX_LOCVARS {
            return Err(SyntaxError::from_bytes(
                b"too many local variables".to_vec(),
                true,
            ));
        }
        let id = LocalId(fs.locals.len() as u32);
        fs.locals.push(LocalInfo {
            name,
            captured: false,
        });
        Ok(id)
    }

    fn activate(&mut self, ids: &[LocalId]) {
        self.fs().actvar.extend_from_slice(ids);
    }

    fn enter_block(&mut self, breakable: bool) {
        let fs = self.fs();
        let nactvar = fs.actvar.len();
        fs.blocks.push(BlockScope { nactvar, breakable });
    }

    fn leave_block(&mut self) {
        let fs = self.fs();
        if let Some(bl) = fs.blocks.pop() {
            fs.actvar.truncate(bl.nactvar);
        }
    }

    /// Resolves a name used in the current function (PUC's `singlevaraux`).
    fn resolve(&mut self, name: &[u8]) -> PResult<Var> {
        let cur = self.funcs.len() - 1;
        let mut found = None;
        for j in (0..=cur).rev() {
            let fs = &self.funcs[j];
            if let Some(&id) = fs
                .actvar
                .iter()
                .rev()
                .find(|id| fs.locals[id.0 as usize].name == name)
            {
                found = Some((j, id));
                break;
            }
        }
        let Some((owner, id)) = found else {
            return Ok(Var::Global);
        };
        if owner == cur {
            return Ok(Var::Local(id));
        }
        self.funcs[owner].locals[id.0 as usize].captured = true;
        let mut source = UpvalueSource::Local(id);
        let mut index = 0;
        for func in owner + 1..=cur {
            index = tri!(self.upvalue_index(func, name, source));
            source = UpvalueSource::Upvalue(index);
        }
        Ok(Var::Upvalue(index))
    }

    /// The index of the upvalue of `funcs[func]` that comes from `source`, added if new.
    fn upvalue_index(&mut self, func: usize, name: &[u8], source: UpvalueSource) -> PResult<u32> {
        let fs = &self.funcs[func];
        if let Some(i) = fs.upvalues.iter().position(|u| u.source == source) {
            return Ok(i as u32);
        }
        if fs.upvalues.len() + 1 > LUAI_MAXUPVALUES {
            return Err(self.error_limit(func, LUAI_MAXUPVALUES, "upvalues"));
        }
        let fs = &mut self.funcs[func];
        fs.upvalues.push(UpvalueInfo {
            name: name.to_vec(),
            source,
        });
        Ok(fs.upvalues.len() as u32 - 1)
    }

    // ---------------------------------------------------------------- blocks and statements

    /// A sequence of statements (PUC's `chunk`), up to a block end.
    fn chunk(&mut self) -> PResult<(Block, u32)> {
        tri!(self.enter_level());
        let mut stats = Vec::new();
        let mut h = 0;
        while !block_follow(&self.tok) {
            let is_last = matches!(self.tok, Token::Kw(Keyword::Return | Keyword::Break));
            h = h.max(tri!(self.statement(&mut stats)));
            tri!(self.test_next_char(b';'));
            if is_last {
                break;
            }
        }
        self.leave_level();
        let h = tri!(self.height(h));
        Ok((Block { stats }, h))
    }

    /// A chunk in its own scope.
    fn block(&mut self) -> PResult<(Block, u32)> {
        self.enter_block(false);
        let r = self.chunk();
        self.leave_block();
        r
    }

    /// Parses one statement into `out`; returns its height.
    ///
    /// The functions on the parser's recursive paths only dispatch, and the statement functions
    /// build their [`Stat`] in place, so that frames stay small even in unoptimized builds.
    fn statement(&mut self, out: &mut Vec<Stat>) -> PResult<u32> {
        let at = (self.lex.line(), self.tok_start);
        match self.tok {
            Token::Kw(Keyword::If) => self.if_stat(at, out),
            Token::Kw(Keyword::While) => self.while_stat(at, out),
            Token::Kw(Keyword::Do) => self.do_stat(at, out),
            Token::Kw(Keyword::For) => self.for_stat(at, out),
            Token::Kw(Keyword::Repeat) => self.repeat_stat(at, out),
            Token::Kw(Keyword::Function) => self.function_stat(at, out),
            Token::Kw(Keyword::Local) => self.local_stat_or_function(at, out),
            Token::Kw(Keyword::Return) => self.return_stat(at, out),
            Token::Kw(Keyword::Break) => self.break_stat(at, out),
            _ => self.expr_stat(at, out),
        }
    }

    /// Adds a statement that started at `at` (line, offset) and ends with the token just taken.
    fn push_stat(
        &self,
        out: &mut Vec<Stat>,
        at: (u32, usize),
        kind: StatKind,
        child_h: u32,
    ) -> PResult<u32> {
        let h = tri!(self.height(child_h));
        out.push(Stat {
            line: at.0,
            span: self.span_from(at.1),
            kind,
        });
        Ok(h)
    }

    fn do_stat(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        tri!(self.next());
        let (body, h) = tri!(self.block());
        tri!(self.check_match(&END, &Token::Kw(Keyword::Do), at.0));
        self.push_stat(out, at, StatKind::Do(body), h)
    }

    fn local_stat_or_function(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        tri!(self.next());
        if tri!(self.test_next(&Token::Kw(Keyword::Function))) {
            self.local_function(at, out)
        } else {
            self.local_stat(at, out)
        }
    }

    fn if_stat(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        let mut clauses = Vec::new();
        let mut h = 0;
        loop {
            // At `if` or `elseif`.
            let clause_line = self.lex.line();
            tri!(self.next());
            let (cond, ch) = tri!(self.expr());
            tri!(self.check_next(&Token::Kw(Keyword::Then)));
            let (body, bh) = tri!(self.block());
            h = h.max(ch).max(bh);
            clauses.push(IfClause {
                line: clause_line,
                cond,
                body,
            });
            if self.tok != Token::Kw(Keyword::Elseif) {
                break;
            }
        }
        let mut else_block = None;
        if self.tok == Token::Kw(Keyword::Else) {
            tri!(self.next());
            let (body, bh) = tri!(self.block());
            h = h.max(bh);
            else_block = Some(body);
        }
        tri!(self.check_match(&END, &Token::Kw(Keyword::If), at.0));
        self.push_stat(
            out,
            at,
            StatKind::If {
                clauses,
                else_block,
            },
            h,
        )
    }

    fn while_stat(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        tri!(self.next());
        let (cond, ch) = tri!(self.expr());
        self.enter_block(true);
        tri!(self.check_next(&Token::Kw(Keyword::Do)));
        let (body, bh) = tri!(self.block());
        tri!(self.check_match(&END, &Token::Kw(Keyword::While), at.0));
        self.leave_block();
        self.push_stat(out, at, StatKind::While { cond, body }, ch.max(bh))
    }

    fn repeat_stat(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        self.enter_block(true);
        self.enter_block(false);
        tri!(self.next());
        let (body, bh) = tri!(self.chunk());
        let until = Token::Kw(Keyword::Until);
        tri!(self.check_match(&until, &Token::Kw(Keyword::Repeat), at.0));
        let (cond, ch) = tri!(self.expr());
        self.leave_block();
        self.leave_block();
        self.push_stat(out, at, StatKind::Repeat { body, cond }, ch.max(bh))
    }

    fn for_stat(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        self.enter_block(true);
        tri!(self.next());
        let name = tri!(self.str_checkname());
        let r = match self.tok {
            Token::Char(b'=') => self.numeric_for(name),
            Token::Char(b',') | Token::Kw(Keyword::In) => self.generic_for(name),
            _ => return Err(self.error(b"'=' or 'in' expected")),
        };
        let (kind, h) = tri!(r);
        tri!(self.check_match(&END, &Token::Kw(Keyword::For), at.0));
        self.leave_block();
        self.push_stat(out, at, kind, h)
    }

    fn numeric_for(&mut self, name: Vec<u8>) -> PResult<(StatKind, u32)> {
        let mut hidden = Vec::new();
        for (n, h) in ["(for index)", "(for limit)", "(for step)"]
            .iter()
            .enumerate()
        {
            hidden.push(tri!(self.new_local(h.as_bytes().to_vec(), n)));
        }
        let var = tri!(self.new_local(name, 3));
        tri!(self.check_next_char(b'='));
        let (start, h1) = tri!(self.expr());
        tri!(self.check_next_char(b','));
        let (limit, h2) = tri!(self.expr());
        let mut h = h1.max(h2);
        let step = if tri!(self.test_next_char(b',')) {
            let (step, h3) = tri!(self.expr());
            h = h.max(h3);
            Some(step)
        } else {
            None
        };
        let (body, do_line, bh) = tri!(self.for_body(&hidden, &[var]));
        let kind = StatKind::NumericFor {
            var,
            start,
            limit,
            step,
            body,
            do_line,
        };
        Ok((kind, h.max(bh)))
    }

    fn generic_for(&mut self, name: Vec<u8>) -> PResult<(StatKind, u32)> {
        let mut hidden = Vec::new();
        for (n, h) in ["(for generator)", "(for state)", "(for control)"]
            .iter()
            .enumerate()
        {
            hidden.push(tri!(self.new_local(h.as_bytes().to_vec(), n)));
        }
        let mut vars = vec![tri!(self.new_local(name, 3))];
        while tri!(self.test_next_char(b',')) {
            let name = tri!(self.str_checkname());
            let n = vars.len() + 3;
            vars.push(tri!(self.new_local(name, n)));
        }
        tri!(self.check_next(&Token::Kw(Keyword::In)));
        let exprs_line = self.lex.line();
        let (exprs, h) = tri!(self.expr_list());
        let (body, do_line, bh) = tri!(self.for_body(&hidden, &vars));
        let kind = StatKind::GenericFor {
            vars,
            exprs,
            body,
            exprs_line,
            do_line,
        };
        Ok((kind, h.max(bh)))
    }

    /// `do block` of a `for`: returns the block, the line of `do` and the block's height.
    fn for_body(&mut self, hidden: &[LocalId], vars: &[LocalId]) -> PResult<(Block, u32, u32)> {
        self.activate(hidden);
        tri!(self.check_next(&Token::Kw(Keyword::Do)));
        let do_line = self.lastline;
        self.enter_block(false);
        self.activate(vars);
        let (body, h) = tri!(self.block());
        self.leave_block();
        Ok((body, do_line, h))
    }

    fn function_stat(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        tri!(self.next());
        let start = self.tok_start;
        let mut target = tri!(self.single_var());
        let mut h = 1;
        while self.is(b'.') {
            (target, h) = tri!(self.field(target, h, start));
        }
        let is_method = self.is(b':');
        if is_method {
            (target, h) = tri!(self.field(target, h, start));
        }
        let (func, fh) = tri!(self.body(is_method, at.0));
        self.push_stat(
            out,
            at,
            StatKind::Function {
                target,
                is_method,
                func,
            },
            h.max(fh),
        )
    }

    fn local_function(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        let name = tri!(self.str_checkname());
        let var = tri!(self.new_local(name, 0));
        self.activate(&[var]);
        let line = self.lex.line();
        let (func, h) = tri!(self.body(false, line));
        self.push_stat(out, at, StatKind::LocalFunction { var, func }, h)
    }

    fn local_stat(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        let mut vars = Vec::new();
        loop {
            let name = tri!(self.str_checkname());
            let n = vars.len();
            vars.push(tri!(self.new_local(name, n)));
            if !tri!(self.test_next_char(b',')) {
                break;
            }
        }
        let (exprs, h) = if tri!(self.test_next_char(b'=')) {
            tri!(self.expr_list())
        } else {
            (Vec::new(), 0)
        };
        self.activate(&vars);
        self.push_stat(out, at, StatKind::Local { vars, exprs }, h)
    }

    fn return_stat(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        tri!(self.next());
        let (exprs, h) = if block_follow(&self.tok) || self.is(b';') {
            (Vec::new(), 0)
        } else {
            tri!(self.expr_list())
        };
        self.push_stat(out, at, StatKind::Return { exprs }, h)
    }

    fn break_stat(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        tri!(self.next());
        let fs = &self.funcs[self.funcs.len() - 1];
        if !fs.blocks.iter().any(|b| b.breakable) {
            return Err(self.error(b"no loop to break"));
        }
        self.push_stat(out, at, StatKind::Break, 0)
    }

    /// A call statement or an assignment.
    fn expr_stat(&mut self, at: (u32, usize), out: &mut Vec<Stat>) -> PResult<u32> {
        let (first, h) = tri!(self.primary_exp());
        if matches!(
            first.kind,
            ExprKind::Call { .. } | ExprKind::MethodCall { .. }
        ) {
            return self.push_stat(out, at, StatKind::Call(first), h);
        }
        self.assignment(at, out, first, h)
    }

    /// The rest of an assignment whose first target, of height `h`, has been read.
    fn assignment(
        &mut self,
        at: (u32, usize),
        out: &mut Vec<Stat>,
        first: Expr,
        mut h: u32,
    ) -> PResult<u32> {
        let mut targets = vec![first];
        loop {
            let last = &targets[targets.len() - 1];
            if !matches!(last.kind, ExprKind::Name { .. } | ExprKind::Index { .. }) {
                return Err(self.error(b"syntax error"));
            }
            if !tri!(self.test_next_char(b',')) {
                break;
            }
            let (target, th) = tri!(self.primary_exp());
            h = h.max(th);
            let limit = LUAI_MAXCCALLS.saturating_sub(self.level) as usize;
            if targets.len() > limit {
                let cur = self.funcs.len() - 1;
                return Err(self.error_limit(cur, limit, "variables in assignment"));
            }
            targets.push(target);
        }
        tri!(self.check_next_char(b'='));
        let (exprs, eh) = tri!(self.expr_list());
        self.push_stat(out, at, StatKind::Assign { targets, exprs }, h.max(eh))
    }

    // ---------------------------------------------------------------- functions

    /// `(params) body end`; `line` is the line PUC records as the function's definition line.
    fn body(&mut self, needself: bool, line: u32) -> PResult<(Box<Function>, u32)> {
        self.funcs.push(FuncState::new(line));
        tri!(self.check_next_char(b'('));
        if needself {
            let id = tri!(self.new_local(b"self".to_vec(), 0));
            self.activate(&[id]);
            self.fs().params.push(id);
        }
        tri!(self.param_list());
        tri!(self.check_next_char(b')'));
        let (body, bh) = tri!(self.chunk());
        let last_line = self.lex.line();
        tri!(self.check_match(&END, &Token::Kw(Keyword::Function), line));
        let h = tri!(self.height(bh));
        let fs = self.funcs.pop().unwrap_or_else(|| FuncState::new(line));
        let parent = self.fs();
        if parent.nprotos >= MAX_PROTOS {
            return Err(SyntaxError::from_bytes(
                b"constant table overflow".to_vec(),
                true,
            ));
        }
        parent.nprotos += 1;
        Ok((Box::new(fs.finish(last_line, last_line, body)), h))
    }

    fn param_list(&mut self) -> PResult<()> {
        let mut declared = Vec::new();
        if !self.is(b')') {
            loop {
                match self.tok {
                    Token::Name(_) => {
                        let name = tri!(self.str_checkname());
                        let n = declared.len();
                        let id = tri!(self.new_local(name, n));
                        declared.push(id);
                        self.fs().params.push(id);
                    }
                    Token::Dots => {
                        tri!(self.next());
                        let n = declared.len();
                        let id = tri!(self.new_local(b"arg".to_vec(), n));
                        declared.push(id);
                        let fs = self.fs();
                        fs.arg_local = Some(id);
                        fs.is_vararg = true;
                    }
                    _ => return Err(self.error(b"<name> or '...' expected")),
                }
                if self.fs().is_vararg || !tri!(self.test_next_char(b',')) {
                    break;
                }
            }
        }
        self.activate(&declared);
        Ok(())
    }

    // ---------------------------------------------------------------- expressions

    fn expr(&mut self) -> PResult<(Expr, u32)> {
        match self.subexpr(0) {
            Ok((e, h, _)) => Ok((e, h)),
            Err(err) => Err(err),
        }
    }

    /// `expr {',' expr}`
    fn expr_list(&mut self) -> PResult<(Vec<Expr>, u32)> {
        let (e, mut h) = tri!(self.expr());
        let mut list = vec![e];
        while tri!(self.test_next_char(b',')) {
            let (e, eh) = tri!(self.expr());
            h = h.max(eh);
            list.push(e);
        }
        Ok((list, h))
    }

    /// An expression whose binary operators all have a left priority above `limit`; returns it,
    /// its height, and the binary operator that stopped it.
    fn subexpr(&mut self, limit: u8) -> PResult<(Expr, u32, Option<BinOp>)> {
        tri!(self.enter_level());
        let start = self.tok_start;
        let first = match unary_op(&self.tok) {
            Some(op) => self.unary_exp(op, start),
            None => self.simple_exp(),
        };
        let r = match first {
            Ok((e, h)) => self.binary_rest(e, h, start, limit),
            Err(err) => Err(err),
        };
        self.leave_level();
        r
    }

    /// A unary operator and its operand.
    fn unary_exp(&mut self, op: UnOp, start: usize) -> PResult<(Expr, u32)> {
        tri!(self.next());
        let (operand, oh, _) = tri!(self.subexpr(UNARY_PRIORITY));
        let h = tri!(self.height(oh));
        Ok((
            self.mk(
                start,
                ExprKind::Unary {
                    op,
                    operand: Box::new(operand),
                },
            ),
            h,
        ))
    }

    /// The binary operators (of left priority above `limit`) after an operand `e`.
    fn binary_rest(
        &mut self,
        mut e: Expr,
        mut h: u32,
        start: usize,
        limit: u8,
    ) -> PResult<(Expr, u32, Option<BinOp>)> {
        let mut op = binary_op(&self.tok);
        while let Some(o) = op {
            let (left, right) = o.priority();
            if left <= limit {
                break;
            }
            tri!(self.next());
            let op_line = self.lastline;
            let (rhs, rh, next_op) = tri!(self.subexpr(right));
            h = tri!(self.height(h.max(rh)));
            let kind = ExprKind::Binary {
                op: o,
                op_line,
                lhs: Box::new(e),
                rhs: Box::new(rhs),
            };
            e = self.mk(start, kind);
            op = next_op;
        }
        Ok((e, h, op))
    }

    fn simple_exp(&mut self) -> PResult<(Expr, u32)> {
        match self.tok {
            Token::Char(b'{') => self.constructor(),
            Token::Kw(Keyword::Function) => self.function_exp(),
            Token::Number { .. }
            | Token::String(_)
            | Token::Dots
            | Token::Kw(Keyword::Nil | Keyword::True | Keyword::False) => self.literal(),
            _ => self.primary_exp(),
        }
    }

    /// `nil`, `true`, `false`, `...`, a number or a string.
    fn literal(&mut self) -> PResult<(Expr, u32)> {
        let start = self.tok_start;
        let kind = match self.tok {
            Token::Number { value, .. } => ExprKind::Number(value),
            Token::String(ref mut value) => ExprKind::String(std::mem::take(value)),
            Token::Kw(Keyword::True) => ExprKind::True,
            Token::Kw(Keyword::False) => ExprKind::False,
            Token::Dots => {
                let fs = self.fs();
                if !fs.is_vararg {
                    return Err(self.error(b"cannot use '...' outside a vararg function"));
                }
                fs.uses_vararg = true;
                ExprKind::Vararg
            }
            _ => ExprKind::Nil,
        };
        tri!(self.next());
        Ok((self.mk(start, kind), 1))
    }

    /// `function body`
    fn function_exp(&mut self) -> PResult<(Expr, u32)> {
        let start = self.tok_start;
        tri!(self.next());
        let line = self.lex.line();
        let (func, fh) = tri!(self.body(false, line));
        let h = tri!(self.height(fh));
        Ok((self.mk(start, ExprKind::Function(func)), h))
    }

    /// A name or a parenthesised expression.
    fn prefix_exp(&mut self) -> PResult<(Expr, u32)> {
        match self.tok {
            Token::Char(b'(') => self.paren_exp(),
            Token::Name(_) => match self.single_var() {
                Ok(e) => Ok((e, 1)),
                Err(err) => Err(err),
            },
            _ => Err(self.error(b"unexpected symbol")),
        }
    }

    /// `(expr)`
    fn paren_exp(&mut self) -> PResult<(Expr, u32)> {
        let start = self.tok_start;
        let line = self.lex.line();
        tri!(self.next());
        let (inner, ih) = tri!(self.expr());
        tri!(self.check_match(&Token::Char(b')'), &Token::Char(b'('), line));
        let h = tri!(self.height(ih));
        Ok((self.mk(start, ExprKind::Paren(Box::new(inner))), h))
    }

    /// A prefix expression followed by any fields, indexes, calls and method calls.
    fn primary_exp(&mut self) -> PResult<(Expr, u32)> {
        let start = self.tok_start;
        match self.prefix_exp() {
            Ok((e, h)) => self.suffixes(e, h, start),
            Err(err) => Err(err),
        }
    }

    /// The fields, indexes, calls and method calls after `e` (which starts at `start`).
    fn suffixes(&mut self, mut e: Expr, mut h: u32, start: usize) -> PResult<(Expr, u32)> {
        loop {
            let r = match self.tok {
                Token::Char(b'.') => self.field(e, h, start),
                Token::Char(b'[') => self.index_suffix(e, h, start),
                Token::Char(b':') => self.method_suffix(e, h, start),
                Token::Char(b'(' | b'{') | Token::String(_) => self.call_suffix(e, h, start),
                _ => return Ok((e, h)),
            };
            (e, h) = tri!(r);
        }
    }

    /// `[key]` after `obj`.
    fn index_suffix(&mut self, obj: Expr, h: u32, start: usize) -> PResult<(Expr, u32)> {
        let (key, kh) = tri!(self.index_key());
        let h = tri!(self.height(h.max(kh)));
        Ok((
            self.mk(
                start,
                ExprKind::Index {
                    obj: Box::new(obj),
                    key: Box::new(key),
                },
            ),
            h,
        ))
    }

    /// `:name args` after `obj`.
    fn method_suffix(&mut self, obj: Expr, h: u32, start: usize) -> PResult<(Expr, u32)> {
        tri!(self.next());
        let method = tri!(self.str_checkname());
        let method_line = self.lastline;
        let (args, ah, args_line) = tri!(self.call_args());
        let h = tri!(self.height(h.max(ah)));
        let kind = ExprKind::MethodCall {
            obj: Box::new(obj),
            method,
            method_line,
            args,
            args_line,
        };
        Ok((self.mk(start, kind), h))
    }

    /// Call arguments after `func`.
    fn call_suffix(&mut self, func: Expr, h: u32, start: usize) -> PResult<(Expr, u32)> {
        let (args, ah, args_line) = tri!(self.call_args());
        let h = tri!(self.height(h.max(ah)));
        Ok((
            self.mk(
                start,
                ExprKind::Call {
                    func: Box::new(func),
                    args,
                    args_line,
                },
            ),
            h,
        ))
    }

    /// A name, resolved.
    fn single_var(&mut self) -> PResult<Expr> {
        let start = self.tok_start;
        let name = tri!(self.str_checkname());
        let var = tri!(self.resolve(&name));
        Ok(self.mk(start, ExprKind::Name { name, var }))
    }

    /// `.name` or `:name` after `obj` (of height `h`, starting at `start`).
    fn field(&mut self, obj: Expr, h: u32, start: usize) -> PResult<(Expr, u32)> {
        tri!(self.next());
        let key_start = self.tok_start;
        let name = tri!(self.str_checkname());
        let key = self.mk(key_start, ExprKind::String(name));
        let h = tri!(self.height(h));
        Ok((
            self.mk(
                start,
                ExprKind::Index {
                    obj: Box::new(obj),
                    key: Box::new(key),
                },
            ),
            h,
        ))
    }

    /// `[expr]`
    fn index_key(&mut self) -> PResult<(Expr, u32)> {
        tri!(self.next());
        let r = tri!(self.expr());
        tri!(self.check_next_char(b']'));
        Ok(r)
    }

    /// Call arguments: returns them, their height and the line PUC gives the call.
    fn call_args(&mut self) -> PResult<(Vec<Expr>, u32, u32)> {
        let line = self.lex.line();
        match self.tok {
            Token::Char(b'(') => self.paren_args(line),
            Token::Char(b'{') => self.table_arg(line),
            Token::String(_) => self.string_arg(line),
            _ => Err(self.error(b"function arguments expected")),
        }
    }

    /// `{...}` as the argument of a call.
    fn table_arg(&mut self, line: u32) -> PResult<(Vec<Expr>, u32, u32)> {
        let (table, h) = tri!(self.constructor());
        Ok((vec![table], h, line))
    }

    /// A string literal as the argument of a call.
    fn string_arg(&mut self, line: u32) -> PResult<(Vec<Expr>, u32, u32)> {
        let start = self.tok_start;
        let Token::String(value) = self.take_token() else {
            return Err(self.error(b"function arguments expected"));
        };
        tri!(self.next());
        Ok((vec![self.mk(start, ExprKind::String(value))], 1, line))
    }

    /// `(args)`; `line` is the line of `(`.
    fn paren_args(&mut self, line: u32) -> PResult<(Vec<Expr>, u32, u32)> {
        if line != self.lastline {
            return Err(self.error(b"ambiguous syntax (function call x new statement)"));
        }
        tri!(self.next());
        let (args, h) = if self.is(b')') {
            (Vec::new(), 0)
        } else {
            tri!(self.expr_list())
        };
        tri!(self.check_match(&Token::Char(b')'), &Token::Char(b'('), line));
        Ok((args, h, line))
    }

    /// `{ items }`
    fn constructor(&mut self) -> PResult<(Expr, u32)> {
        let start = self.tok_start;
        let line = self.lex.line();
        tri!(self.check_next_char(b'{'));
        let mut items = Vec::new();
        let mut h = 0;
        loop {
            if self.is(b'}') {
                break;
            }
            h = h.max(tri!(self.table_item(&mut items)));
            if !(tri!(self.test_next_char(b',')) || tri!(self.test_next_char(b';'))) {
                break;
            }
        }
        tri!(self.check_match(&Token::Char(b'}'), &Token::Char(b'{'), line));
        let h = tri!(self.height(h));
        Ok((self.mk(start, ExprKind::Table(items)), h))
    }

    /// One table constructor item, added to `items`; returns its height.
    fn table_item(&mut self, items: &mut Vec<TableItem>) -> PResult<u32> {
        match self.tok {
            Token::Name(_) => {
                if *tri!(self.lookahead()) == Token::Char(b'=') {
                    self.named_item(items)
                } else {
                    self.positional_item(items)
                }
            }
            Token::Char(b'[') => self.keyed_item(items),
            _ => self.positional_item(items),
        }
    }

    fn positional_item(&mut self, items: &mut Vec<TableItem>) -> PResult<u32> {
        let (e, h) = tri!(self.expr());
        items.push(TableItem::Positional(e));
        Ok(h)
    }

    fn named_item(&mut self, items: &mut Vec<TableItem>) -> PResult<u32> {
        let name = tri!(self.str_checkname());
        tri!(self.check_next_char(b'='));
        let (value, h) = tri!(self.expr());
        items.push(TableItem::Named { name, value });
        Ok(h)
    }

    fn keyed_item(&mut self, items: &mut Vec<TableItem>) -> PResult<u32> {
        let (key, kh) = tri!(self.index_key());
        tri!(self.check_next_char(b'='));
        let (value, vh) = tri!(self.expr());
        items.push(TableItem::Keyed { key, value });
        Ok(kh.max(vh))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::ast::*;

    fn err(src: &[u8]) -> String {
        match parse(src, src) {
            Ok(_) => String::new(),
            Err(e) => e.message,
        }
    }

    fn chunk(src: &str) -> Chunk {
        match parse(src.as_bytes(), src.as_bytes()) {
            Ok(c) => c,
            Err(e) => panic!("{src:?}: {}", e.message),
        }
    }

    /// An s-expression of an expression's shape.
    fn sx(e: &Expr) -> String {
        let list = |v: &[Expr]| v.iter().map(sx).collect::<Vec<_>>().join(", ");
        match &e.kind {
            ExprKind::Nil => "nil".into(),
            ExprKind::True => "true".into(),
            ExprKind::False => "false".into(),
            ExprKind::Vararg => "...".into(),
            ExprKind::Number(n) => format!("{n}"),
            ExprKind::String(s) => format!("{:?}", String::from_utf8_lossy(s)),
            ExprKind::Function(_) => "fn".into(),
            ExprKind::Table(items) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        TableItem::Positional(e) => sx(e),
                        TableItem::Named { name, value } => {
                            format!("{}={}", String::from_utf8_lossy(name), sx(value))
                        }
                        TableItem::Keyed { key, value } => format!("[{}]={}", sx(key), sx(value)),
                    })
                    .collect();
                format!("{{{}}}", items.join("; "))
            }
            ExprKind::Name { name, .. } => String::from_utf8_lossy(name).into_owned(),
            ExprKind::Index { obj, key } => format!("{}[{}]", sx(obj), sx(key)),
            ExprKind::Call { func, args, .. } => format!("{}({})", sx(func), list(args)),
            ExprKind::MethodCall {
                obj, method, args, ..
            } => {
                format!(
                    "{}:{}({})",
                    sx(obj),
                    String::from_utf8_lossy(method),
                    list(args)
                )
            }
            ExprKind::Paren(e) => format!("<{}>", sx(e)),
            ExprKind::Binary { op, lhs, rhs, .. } => {
                format!("({} {} {})", sx(lhs), op.as_str(), sx(rhs))
            }
            ExprKind::Unary { op, operand } => format!("({} {})", op.as_str(), sx(operand)),
        }
    }

    fn returned(src: &str) -> Vec<Expr> {
        let c = chunk(&format!("return {src}"));
        match c.main.body.stats.into_iter().next().map(|s| s.kind) {
            Some(StatKind::Return { exprs }) => exprs,
            other => panic!("{other:?}"),
        }
    }

    fn shape(src: &str) -> String {
        returned(src).iter().map(sx).collect::<Vec<_>>().join(", ")
    }

    type Lua51Case = (&'static [u8], Option<&'static [u8]>, &'static [u8]);

    /// (source, chunk name or the source itself, lua5.1's message or "" when it compiles), as
    /// observed with `lua5.1 -e 'print(loadstring(src, name))'` (Lua 5.1.5, Debian build).
    #[rustfmt::skip]
    const LUA51_MESSAGES: &[Lua51Case] = &[
    (b"x = {a b}", None, b"[string \"x = {a b}\"]:1: '}' expected near 'b'"),
    (b"x = {a = }", None, b"[string \"x = {a = }\"]:1: unexpected symbol near '}'"),
    (b"t = {f\n(1)}", None, b""),
    (b"x = f\n(1)", None, b"[string \"x = f...\"]:2: ambiguous syntax (function call x new statement) near '('"),
    (b"x = [[a\nb]]\n(1)", None, b"[string \"x = [[a...\"]:3: syntax error near '<eof>'"),
    (b"while true do break; x = 1 end", None, b"[string \"while true do break; x = 1 end\"]:1: 'end' expected near 'x'"),
    (b"while true do break end", None, b""),
    (b"x = [[ a [[ b ]] ]]", None, b"[string \"x = [[ a [[ b ]] ]]\"]:1: nesting of [[...]] is deprecated near '['"),
    (b"x = [=[ a [=[ b ]=]", None, b""),
    (b"--[[ a [[ b ]]\nx=1", None, b"[string \"--[[ a [[ b ]]...\"]:1: nesting of [[...]] is deprecated near '['"),
    (b"return \"a\\tb\" 1", None, b"[string \"return \"a\\tb\" 1\"]:1: '<eof>' expected near '1'"),
    (b"return \"a\\0b\" 1", None, b"[string \"return \"a\\0b\" 1\"]:1: '<eof>' expected near '1'"),
    (b"return \"a\\300\"", None, b"[string \"return \"a\\300\"\"]:1: escape sequence too large near '\"a'"),
    (b"return \"a\\256\"", None, b"[string \"return \"a\\256\"\"]:1: escape sequence too large near '\"a'"),
    (b"return \"a\\255\" 1", None, b"[string \"return \"a\\255\" 1\"]:1: '<eof>' expected near '1'"),
    (b"return 'a\\q' 1", None, b"[string \"return 'a\\q' 1\"]:1: '<eof>' expected near '1'"),
    (b"return [[\nabc]] 1", None, b"[string \"return [[...\"]:2: '<eof>' expected near '1'"),
    (b"return [==[\r\nabc\n\rdef]==] 1", None, b"[string \"return [==[...\"]:3: '<eof>' expected near '1'"),
    (b"return 0x1p4, 0x1e+5", None, b""),
    (b"return 0x1P", None, b"[string \"return 0x1P\"]:1: malformed number near '0x1P'"),
    (b"return 1e400 1", None, b"[string \"return 1e400 1\"]:1: '<eof>' expected near '1'"),
    (b"return 3..2", None, b"[string \"return 3..2\"]:1: malformed number near '3..2'"),
    (b"return 0x", None, b"[string \"return 0x\"]:1: malformed number near '0x'"),
    (b"return 1.e5 1", None, b"[string \"return 1.e5 1\"]:1: '<eof>' expected near '1'"),
    (b"return .5e-3 1", None, b"[string \"return .5e-3 1\"]:1: '<eof>' expected near '1'"),
    (b"x = \x01", None, b"[string \"x = \x01\"]:1: unexpected symbol near 'char(1)'"),
    (b"x = \x7f", None, b"[string \"x = \x7f\"]:1: unexpected symbol near 'char(127)'"),
    (b"x = \xff", None, b"[string \"x = \xff\"]:1: unexpected symbol near '\xff'"),
    (b"x = \x00 y", None, b"[string \"x = \"]:1: unexpected symbol"),
    (b"x = ~", None, b"[string \"x = ~\"]:1: unexpected symbol near '~'"),
    (b"x = ~= 1", None, b"[string \"x = ~= 1\"]:1: unexpected symbol near '~='"),
    (b"return 1 ~ 2", None, b"[string \"return 1 ~ 2\"]:1: '<eof>' expected near '~'"),
    (b"x = [==x", None, b"[string \"x = [==x\"]:1: invalid long string delimiter near '[=='"),
    (b"x = [==", None, b"[string \"x = [==\"]:1: invalid long string delimiter near '[=='"),
    (b"x = [", None, b"[string \"x = [\"]:1: unexpected symbol near '['"),
    (b"x = [=[abc", None, b"[string \"x = [=[abc\"]:1: unfinished long string near '<eof>'"),
    (b"--[==[ x\n", None, b"[string \"--[==[ x...\"]:2: unfinished long comment near '<eof>'"),
    (b"--[==x\nx=", None, b"[string \"--[==x...\"]:2: unexpected symbol near '<eof>'"),
    (b"return 'abc\\\ndef' 1", None, b"[string \"return 'abc\\...\"]:2: '<eof>' expected near '1'"),
    (b"return 'abc\\\r\ndef' 1", None, b"[string \"return 'abc\\...\"]:2: '<eof>' expected near '1'"),
    (b"return '\\65\\066\\0067' 1", None, b"[string \"return '\\65\\066\\0067' 1\"]:1: '<eof>' expected near '1'"),
    (b"local function f(...) return ... end x", None, b"[string \"local function f(...) return ... end x\"]:1: '=' expected near '<eof>'"),
    (b"function f() return ... end", None, b"[string \"function f() return ... end\"]:1: cannot use '...' outside a vararg function near '...'"),
    (b"function f(a, ...) local g = function() return ... end end", None, b"[string \"function f(a, ...) local g = function() return ... end end\"]:1: cannot use '...' outside a vararg function near '...'"),
    (b"x = ...", None, b""),
    (b"f(...)", None, b""),
    (b"function f(..., a) end", None, b"[string \"function f(..., a) end\"]:1: ')' expected near ','"),
    (b"function f(a,) end", None, b"[string \"function f(a,) end\"]:1: <name> or '...' expected near ')'"),
    (b"function f(self, self) end x", None, b"[string \"function f(self, self) end x\"]:1: '=' expected near '<eof>'"),
    (b"return", None, b""),
    (b"return;", None, b""),
    (b"return 1;;", None, b"[string \"return 1;;\"]:1: '<eof>' expected near ';'"),
    (b"return 1 2", None, b"[string \"return 1 2\"]:1: '<eof>' expected near '2'"),
    (b"return return", None, b"[string \"return return\"]:1: unexpected symbol near 'return'"),
    (b"x = 1;;", None, b"[string \"x = 1;;\"]:1: unexpected symbol near ';'"),
    (b";", None, b"[string \";\"]:1: unexpected symbol near ';'"),
    (b"if x then return end", None, b""),
    (b"do return end x = 1", None, b""),
    (b"for i = 1, 2, 3, 4 do end", None, b"[string \"for i = 1, 2, 3, 4 do end\"]:1: 'do' expected near ','"),
    (b"for a.b = 1 do end", None, b"[string \"for a.b = 1 do end\"]:1: '=' or 'in' expected near '.'"),
    (b"local a.b = 1", None, b"[string \"local a.b = 1\"]:1: unexpected symbol near '.'"),
    (b"local function a:b() end", None, b"[string \"local function a:b() end\"]:1: '(' expected near ':'"),
    (b"function a.b.c:d.e() end", None, b"[string \"function a.b.c:d.e() end\"]:1: '(' expected near '.'"),
    (b"function a:b:c() end", None, b"[string \"function a:b:c() end\"]:1: '(' expected near ':'"),
    (b"x = function() end()", None, b"[string \"x = function() end()\"]:1: unexpected symbol near ')'"),
    (b"(function() end)()", None, b""),
    (b"a.b.c()", None, b""),
    (b"a:b'x'", None, b""),
    (b"a:b{1}", None, b""),
    (b"a:b\"x\"", None, b""),
    (b"a:b[1]", None, b"[string \"a:b[1]\"]:1: function arguments expected near '['"),
    (b"x = a:b", None, b"[string \"x = a:b\"]:1: function arguments expected near '<eof>'"),
    (b"f{}.x = 1", None, b""),
    (b"f''.x = 1", None, b""),
    (b"f().x = 1", None, b""),
    (b"x = #", None, b"[string \"x = #\"]:1: unexpected symbol near '<eof>'"),
    (b"x = not", None, b"[string \"x = not\"]:1: unexpected symbol near '<eof>'"),
    (b"x = - - 1", None, b""),
    (b"x = 1 .. 2 .. 3", None, b""),
    (b"x = {;}", None, b"[string \"x = {;}\"]:1: unexpected symbol near ';'"),
    (b"x = {,}", None, b"[string \"x = {,}\"]:1: unexpected symbol near ','"),
    (b"x = {1,,2}", None, b"[string \"x = {1,,2}\"]:1: unexpected symbol near ','"),
    (b"x = {1;2;}", None, b""),
    (b"x = {[1]=2,}", None, b""),
    (b"x = {f()}", None, b""),
    (b"x = {...}", None, b""),
    (b"a, b = c", None, b""),
    (b"a, b.c, d[1] = 1", None, b""),
    (b"local a, b, c = 1", None, b""),
    (b"local a <close> = 1", None, b"[string \"local a <close> = 1\"]:1: unexpected symbol near '<'"),
    (b"goto x", None, b"[string \"goto x\"]:1: '=' expected near 'x'"),
    (b"::x::", None, b"[string \"::x::\"]:1: unexpected symbol near ':'"),
    (b"x = 1 // 2", None, b"[string \"x = 1 // 2\"]:1: unexpected symbol near '/'"),
    (b"x = a & b", None, b"[string \"x = a & b\"]:1: unexpected symbol near '&'"),
    (b"x = 0x1G", None, b"[string \"x = 0x1G\"]:1: malformed number near '0x1G'"),
    (b"x = 08", None, b""),
    (b"x = 1e5.5", None, b"[string \"x = 1e5.5\"]:1: unexpected symbol near '.5'"),
    (b"x = 1E-5x", None, b"[string \"x = 1E-5x\"]:1: malformed number near '1E-5x'"),
    (b"x = 12.5e", None, b"[string \"x = 12.5e\"]:1: malformed number near '12.5e'"),
    (b"x = 0xA.8", None, b"[string \"x = 0xA.8\"]:1: unexpected symbol near '.8'"),
    (b"local x \"a\\0b\"", None, b"[string \"local x \"a\\0b\"\"]:1: unexpected symbol near '\"a'"),
    (b"local x \"a\\tb\\65\"", None, b"[string \"local x \"a\\tb\\65\"\"]:1: unexpected symbol near '\"a\tbA\"'"),
    (b"local x [[a\nb]]", None, b"[string \"local x [[a...\"]:2: unexpected symbol near '[[a\nb]]'"),
    (b"local x [==[\r\nab\r\n]==]", None, b"[string \"local x [==[...\"]:3: unexpected symbol near '[==[ab\n]==]'"),
    (b"local x 'it''s'", None, b"[string \"local x 'it''s'\"]:1: unexpected symbol near ''it''"),
    (b"local x \"a\\\nb\"", None, b"[string \"local x \"a\\...\"]:2: unexpected symbol near '\"a\nb\"'"),
    (b"x = 'abc\\0", None, b"[string \"x = 'abc\\0\"]:1: unfinished string near '<eof>'"),
    (b"x = 'abc\\9\n", None, b"[string \"x = 'abc\\9...\"]:1: unfinished string near ''abc\t'"),
    (b"x = 'abc\r", None, b"[string \"x = 'abc...\"]:1: unfinished string near ''abc'"),
    (b"x = 'abc\\", None, b"[string \"x = 'abc\\\"]:1: unfinished string near '<eof>'"),
    (b"x = 'abc\\\r", None, b"[string \"x = 'abc\\...\"]:2: unfinished string near '<eof>'"),
    (b"x = \"\\400", None, b"[string \"x = \"\\400\"]:1: escape sequence too large near '\"'"),
    (b"x = 3 4", None, b"[string \"x = 3 4\"]:1: unexpected symbol near '4'"),
    (b"x = 0x10 4", None, b"[string \"x = 0x10 4\"]:1: unexpected symbol near '4'"),
    (b"x = .5 4", None, b"[string \"x = .5 4\"]:1: unexpected symbol near '4'"),
    (b"local x 1e5", None, b"[string \"local x 1e5\"]:1: unexpected symbol near '1e5'"),
    (b"local x 0xff", None, b"[string \"local x 0xff\"]:1: unexpected symbol near '0xff'"),
    (b"x = 1\n\n\n=", None, b"[string \"x = 1...\"]:4: unexpected symbol near '='"),
    (b"x = 1\r\n\r\n=", None, b"[string \"x = 1...\"]:3: unexpected symbol near '='"),
    (b"x = 1\n\r\n\r=", None, b"[string \"x = 1...\"]:3: unexpected symbol near '='"),
    (b"x = 1\r\r=", None, b"[string \"x = 1...\"]:3: unexpected symbol near '='"),
    (b"x = 1\n\n\r\r=", None, b"[string \"x = 1...\"]:4: unexpected symbol near '='"),
    (b"x = 'a\\\n\r\n\r\n'=", None, b"[string \"x = 'a\\...\"]:2: unfinished string near ''a\n'"),
    (b"x = [[\n\n\n]]=", None, b"[string \"x = [[...\"]:4: unexpected symbol near '='"),
    (b"-- c\n-- d\r\n=", None, b"[string \"-- c...\"]:3: unexpected symbol near '='"),
    (b"local function f()\nend\nlocal function g(\n1", None, b"[string \"local function f()...\"]:4: <name> or '...' expected near '1'"),
    (b"f(\n1,\n2\n", None, b"[string \"f(...\"]:4: ')' expected (to close '(' at line 1) near '<eof>'"),
    (b"x = {\n1,\n2\n", None, b"[string \"x = {...\"]:4: '}' expected (to close '{' at line 1) near '<eof>'"),
    (b"if x then\nelse\nelseif", None, b"[string \"if x then...\"]:3: 'end' expected (to close 'if' at line 1) near 'elseif'"),
    (b"x = function\n(\na\n)\nreturn", None, b"[string \"x = function...\"]:5: 'end' expected (to close 'function' at line 2) near '<eof>'"),
    (b"function f.g\n(\na\n)\nreturn", None, b"[string \"function f.g...\"]:5: 'end' expected (to close 'function' at line 1) near '<eof>'"),
    (b"local function f\n(\na\n)\nreturn", None, b"[string \"local function f...\"]:5: 'end' expected (to close 'function' at line 2) near '<eof>'"),
    (b"x = (\n1\n", None, b"[string \"x = (...\"]:3: ')' expected (to close '(' at line 1) near '<eof>'"),
    (b"do\nlocal x = 1", None, b"[string \"do...\"]:2: 'end' expected (to close 'do' at line 1) near '<eof>'"),
    (b"while\nx\ndo\n", None, b"[string \"while...\"]:4: 'end' expected (to close 'while' at line 1) near '<eof>'"),
    (b"repeat\n", None, b"[string \"repeat...\"]:2: 'until' expected (to close 'repeat' at line 1) near '<eof>'"),
    (b"for i = 1, 2 do\n", None, b"[string \"for i = 1, 2 do...\"]:2: 'end' expected (to close 'for' at line 1) near '<eof>'"),
    (b"for i in x do\n", None, b"[string \"for i in x do...\"]:2: 'end' expected (to close 'for' at line 1) near '<eof>'"),
    (b"f = function() \n", None, b"[string \"f = function() ...\"]:2: 'end' expected (to close 'function' at line 1) near '<eof>'"),
    (b"a.b \n= \n\n", None, b"[string \"a.b ...\"]:4: unexpected symbol near '<eof>'"),
    (b"local f = print\nf\n('x')", None, b"[string \"local f = print...\"]:3: ambiguous syntax (function call x new statement) near '('"),
    (b"local a = b\n(f or g)()", None, b"[string \"local a = b...\"]:2: ambiguous syntax (function call x new statement) near '('"),
    (b"local f = print f('same line ok')", None, b""),
    (b"local f = print; (f)('semicolon ok')", None, b""),
    (b"x = type\n[[str]]", None, b""),
    (b"return type\n\"s\"", None, b""),
    (b"f() = 1", None, b"[string \"f() = 1\"]:1: unexpected symbol near '='"),
    (b"(x) = 1", None, b"[string \"(x) = 1\"]:1: syntax error near '='"),
    (b"1 = x", None, b"[string \"1 = x\"]:1: unexpected symbol near '1'"),
    (b"'s' = 1", None, b"[string \"'s' = 1\"]:1: unexpected symbol near ''s''"),
    (b"x, f() = 1, 2", None, b"[string \"x, f() = 1, 2\"]:1: syntax error near '='"),
    (b"a.b() = 3", None, b"[string \"a.b() = 3\"]:1: unexpected symbol near '='"),
    (b"nil = 1", None, b"[string \"nil = 1\"]:1: unexpected symbol near 'nil'"),
    (b"... = 1", None, b"[string \"... = 1\"]:1: unexpected symbol near '...'"),
    (b"x = ", None, b"[string \"x = \"]:1: unexpected symbol near '<eof>'"),
    (b"\n\n\nx = ", None, b"[string \"...\"]:4: unexpected symbol near '<eof>'"),
    (b"local a = 1\nlocal b = 2 + \n", None, b"[string \"local a = 1...\"]:3: unexpected symbol near '<eof>'"),
    (b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx = ", None, b"[string \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\"]:1: unexpected symbol near '<eof>'"),
    (b"first line\nsecond", None, b"[string \"first line...\"]:1: '=' expected near 'line'"),
    (b"function f()\n  return 1\n", None, b"[string \"function f()...\"]:3: 'end' expected (to close 'function' at line 1) near '<eof>'"),
    (b"if x then\n\n\ny = 1", None, b"[string \"if x then...\"]:4: 'end' expected (to close 'if' at line 1) near '<eof>'"),
    (b"while true do", None, b"[string \"while true do\"]:1: 'end' expected near '<eof>'"),
    (b"for i = 1, 2 do\nlocal x\nelse end", None, b"[string \"for i = 1, 2 do...\"]:3: 'end' expected (to close 'for' at line 1) near 'else'"),
    (b"do\nlocal a = function()\nend\n", None, b"[string \"do...\"]:4: 'end' expected (to close 'do' at line 1) near '<eof>'"),
    (b"repeat\nx = 1\n", None, b"[string \"repeat...\"]:3: 'until' expected (to close 'repeat' at line 1) near '<eof>'"),
    (b"if a then else elseif b then end", None, b"[string \"if a then else elseif b then end\"]:1: 'end' expected near 'elseif'"),
    (b"local t = {1, 2\n\n", None, b"[string \"local t = {1, 2...\"]:3: '}' expected (to close '{' at line 1) near '<eof>'"),
    (b"f(1, 2", None, b"[string \"f(1, 2\"]:1: ')' expected near '<eof>'"),
    (b"x = (1 + 2", None, b"[string \"x = (1 + 2\"]:1: ')' expected near '<eof>'"),
    (b"x", None, b"[string \"x\"]:1: '=' expected near '<eof>'"),
    (b"x y", None, b"[string \"x y\"]:1: '=' expected near 'y'"),
    (b"a.b", None, b"[string \"a.b\"]:1: '=' expected near '<eof>'"),
    (b"a, b", None, b"[string \"a, b\"]:1: '=' expected near '<eof>'"),
    (b"local x y", None, b"[string \"local x y\"]:1: '=' expected near '<eof>'"),
    (b"x 1", None, b"[string \"x 1\"]:1: '=' expected near '1'"),
    (b"a[1]", None, b"[string \"a[1]\"]:1: '=' expected near '<eof>'"),
    (b"a.b c = 1", None, b"[string \"a.b c = 1\"]:1: '=' expected near 'c'"),
    (b"x = 1..2", None, b"[string \"x = 1..2\"]:1: malformed number near '1..2'"),
    (b"x = 0x", None, b"[string \"x = 0x\"]:1: malformed number near '0x'"),
    (b"x = 1e+", None, b"[string \"x = 1e+\"]:1: malformed number near '1e+'"),
    (b"x = 12abc", None, b"[string \"x = 12abc\"]:1: malformed number near '12abc'"),
    (b"x = 3.4.5", None, b"[string \"x = 3.4.5\"]:1: malformed number near '3.4.5'"),
    (b"x = 0xfg", None, b"[string \"x = 0xfg\"]:1: malformed number near '0xfg'"),
    (b"x = 1_000", None, b"[string \"x = 1_000\"]:1: malformed number near '1_000'"),
    (b"x = .5.", None, b"[string \"x = .5.\"]:1: malformed number near '.5.'"),
    (b"x = 5e5e5", None, b"[string \"x = 5e5e5\"]:1: malformed number near '5e5e5'"),
    (b"return 1 .. 2", None, b""),
    (b"for i = 1 do end", None, b"[string \"for i = 1 do end\"]:1: ',' expected near 'do'"),
    (b"for i do end", None, b"[string \"for i do end\"]:1: '=' or 'in' expected near 'do'"),
    (b"for i, j = 1, 2 do end", None, b"[string \"for i, j = 1, 2 do end\"]:1: 'in' expected near '='"),
    (b"if x end", None, b"[string \"if x end\"]:1: 'then' expected near 'end'"),
    (b"while x end", None, b"[string \"while x end\"]:1: 'do' expected near 'end'"),
    (b"for i in x end", None, b"[string \"for i in x end\"]:1: 'do' expected near 'end'"),
    (b"function f(a b) end", None, b"[string \"function f(a b) end\"]:1: ')' expected near 'b'"),
    (b"x = {a = }", None, b"[string \"x = {a = }\"]:1: unexpected symbol near '}'"),
    (b"x = {[1] 2}", None, b"[string \"x = {[1] 2}\"]:1: '=' expected near '2'"),
    (b"return f(", None, b"[string \"return f(\"]:1: unexpected symbol near '<eof>'"),
    (b"local x <const> = 1", None, b"[string \"local x <const> = 1\"]:1: unexpected symbol near '<'"),
    (b"repeat until", None, b"[string \"repeat until\"]:1: unexpected symbol near '<eof>'"),
    (b"x = function", None, b"[string \"x = function\"]:1: '(' expected near '<eof>'"),
    (b"local function f() end end", None, b"[string \"local function f() end end\"]:1: '<eof>' expected near 'end'"),
    (b"a.b:c = 1", None, b"[string \"a.b:c = 1\"]:1: function arguments expected near '='"),
    (b"local = 1", None, b"[string \"local = 1\"]:1: '<name>' expected near '='"),
    (b"function () end", None, b"[string \"function () end\"]:1: '<name>' expected near '('"),
    (b"x.1 = 2", None, b"[string \"x.1 = 2\"]:1: '=' expected near '.1'"),
    (b"local function 1() end", None, b"[string \"local function 1() end\"]:1: '<name>' expected near '1'"),
    (b"for 1 = 1, 2 do end", None, b"[string \"for 1 = 1, 2 do end\"]:1: '<name>' expected near '1'"),
    (b"t:1()", None, b"[string \"t:1()\"]:1: '<name>' expected near '1'"),
    (b"function f(1) end", None, b"[string \"function f(1) end\"]:1: <name> or '...' expected near '1'"),
    (b"local function f.g() end", None, b"[string \"local function f.g() end\"]:1: '(' expected near '.'"),
    (b"for a, 2 in x do end", None, b"[string \"for a, 2 in x do end\"]:1: '<name>' expected near '2'"),
    (b"break", None, b"[string \"break\"]:1: no loop to break near '<eof>'"),
    (b"if x then break end", None, b"[string \"if x then break end\"]:1: no loop to break near 'end'"),
    (b"for i = 1, 2 do local f = function() break end end", None, b"[string \"for i = 1, 2 do local f = function() break end end\"]:1: no loop to break near 'end'"),
    (b"do\n\nbreak\nend", None, b"[string \"do...\"]:4: no loop to break near 'end'"),
    (b"@oops", None, b"oops:1: unexpected symbol near '@'"),
    (b"=oops", None, b"oops:1: unexpected symbol near '='"),
    (b"=x\n=", None, b"x\n=:1: unexpected symbol near '='"),
    (b"@file\n=", None, b"file\n=:1: unexpected symbol near '@'"),
    (b"  x = ", None, b"[string \"  x = \"]:1: unexpected symbol near '<eof>'"),
    (b"x = = 1", None, b"[string \"x = = 1\"]:1: unexpected symbol near '='"),
    (b"x = )", None, b"[string \"x = )\"]:1: unexpected symbol near ')'"),
    (b"return +", None, b"[string \"return +\"]:1: unexpected symbol near '+'"),
    (b"local 1 = 2", None, b"[string \"local 1 = 2\"]:1: '<name>' expected near '1'"),
    (b"x = {1 2}", None, b"[string \"x = {1 2}\"]:1: '}' expected near '2'"),
    (b"f(,)", None, b"[string \"f(,)\"]:1: unexpected symbol near ','"),
    (b"x = 1 +* 2", None, b"[string \"x = 1 +* 2\"]:1: unexpected symbol near '*'"),
    (b"@", None, b":1: unexpected symbol near '@'"),
    (b"x = $", None, b"[string \"x = $\"]:1: unexpected symbol near '$'"),
    (b"x = 'abc", None, b"[string \"x = 'abc\"]:1: unfinished string near '<eof>'"),
    (b"x = \"abc\ndef\"", None, b"[string \"x = \"abc...\"]:1: unfinished string near '\"abc'"),
    (b"x = [[abc\n\n", None, b"[string \"x = [[abc...\"]:3: unfinished long string near '<eof>'"),
    (b"x = [==[abc]]", None, b"[string \"x = [==[abc]]\"]:1: unfinished long string near '<eof>'"),
    (b"--[[ never closed\n\nx = 1", None, b"[string \"--[[ never closed...\"]:3: unfinished long comment near '<eof>'"),
    (b"x = \"abc\\", None, b"[string \"x = \"abc\\\"]:1: unfinished string near '<eof>'"),
    (b"x = [=", None, b"[string \"x = [=\"]:1: invalid long string delimiter near '[='"),
    (b"#!/usr/bin/lua\nx=", None, b"[string \"#!/usr/bin/lua...\"]:1: unexpected symbol near '#'"),
    (b"x = \x1b", None, b"[string \"x = \x1b\"]:1: unexpected symbol near 'char(27)'"),
    (b"return -2^2", None, b""),
    (b"return 2^-3^2", None, b""),
    (b"return not not x", None, b""),
    (b"return #t + 1", None, b""),
    (b"x = a.b.c.d:e(f)(g)[h]", None, b""),
    (b"return function(...) return arg end", None, b""),
    (b"local x = 1; local function f() return x end", None, b""),
    (b"return (...)", None, b""),
    (b"if a then elseif b then else end", None, b""),
    (b"for i=1,2 do break end", None, b""),
    (b"repeat local x until x", None, b""),
    (b"repeat break until true", None, b""),
    (b"while 1 do local function f() break end end", None, b"[string \"while 1 do local function f() break end end\"]:1: no loop to break near 'end'"),
    (b"x = {[1]=1, a=2, 3; 4,}", None, b""),
    (b"f{a=1}", None, b""),
    (b"f'str'", None, b""),
    (b"f[[str]]", None, b""),
    (b"return 1 < 2 == true", None, b""),
    (b"return a or b and c", None, b""),
    (b"return a .. b .. c", None, b""),
    (b"return 1 + 2 * 3 - 4 / 5 % 6", None, b""),
    (b"local a <const>", None, b"[string \"local a <const>\"]:1: unexpected symbol near '<'"),
    (b"local function", None, b"[string \"local function\"]:1: '<name>' expected near '<eof>'"),
    (b"local", None, b"[string \"local\"]:1: '<name>' expected near '<eof>'"),
    (b"function", None, b"[string \"function\"]:1: '<name>' expected near '<eof>'"),
    (b"function f", None, b"[string \"function f\"]:1: '(' expected near '<eof>'"),
    (b"function f(", None, b"[string \"function f(\"]:1: <name> or '...' expected near '<eof>'"),
    (b"function f()", None, b"[string \"function f()\"]:1: 'end' expected near '<eof>'"),
    (b"function f.", None, b"[string \"function f.\"]:1: '<name>' expected near '<eof>'"),
    (b"function f:", None, b"[string \"function f:\"]:1: '<name>' expected near '<eof>'"),
    (b"function f:g", None, b"[string \"function f:g\"]:1: '(' expected near '<eof>'"),
    (b"if", None, b"[string \"if\"]:1: unexpected symbol near '<eof>'"),
    (b"if x", None, b"[string \"if x\"]:1: 'then' expected near '<eof>'"),
    (b"if x then", None, b"[string \"if x then\"]:1: 'end' expected near '<eof>'"),
    (b"if x then else", None, b"[string \"if x then else\"]:1: 'end' expected near '<eof>'"),
    (b"while", None, b"[string \"while\"]:1: unexpected symbol near '<eof>'"),
    (b"while x", None, b"[string \"while x\"]:1: 'do' expected near '<eof>'"),
    (b"while x do", None, b"[string \"while x do\"]:1: 'end' expected near '<eof>'"),
    (b"for", None, b"[string \"for\"]:1: '<name>' expected near '<eof>'"),
    (b"for x", None, b"[string \"for x\"]:1: '=' or 'in' expected near '<eof>'"),
    (b"for x =", None, b"[string \"for x =\"]:1: unexpected symbol near '<eof>'"),
    (b"for x = 1", None, b"[string \"for x = 1\"]:1: ',' expected near '<eof>'"),
    (b"for x = 1,", None, b"[string \"for x = 1,\"]:1: unexpected symbol near '<eof>'"),
    (b"for x = 1, 2", None, b"[string \"for x = 1, 2\"]:1: 'do' expected near '<eof>'"),
    (b"for x = 1, 2 do", None, b"[string \"for x = 1, 2 do\"]:1: 'end' expected near '<eof>'"),
    (b"for x,", None, b"[string \"for x,\"]:1: '<name>' expected near '<eof>'"),
    (b"for x, y", None, b"[string \"for x, y\"]:1: 'in' expected near '<eof>'"),
    (b"for x, y in", None, b"[string \"for x, y in\"]:1: unexpected symbol near '<eof>'"),
    (b"for x, y in z", None, b"[string \"for x, y in z\"]:1: 'do' expected near '<eof>'"),
    (b"for x in z do", None, b"[string \"for x in z do\"]:1: 'end' expected near '<eof>'"),
    (b"repeat", None, b"[string \"repeat\"]:1: 'until' expected near '<eof>'"),
    (b"repeat until", None, b"[string \"repeat until\"]:1: unexpected symbol near '<eof>'"),
    (b"return (", None, b"[string \"return (\"]:1: unexpected symbol near '<eof>'"),
    (b"return {", None, b"[string \"return {\"]:1: unexpected symbol near '<eof>'"),
    (b"return [", None, b"[string \"return [\"]:1: unexpected symbol near '['"),
    (b"return a[", None, b"[string \"return a[\"]:1: unexpected symbol near '<eof>'"),
    (b"return a.", None, b"[string \"return a.\"]:1: '<name>' expected near '<eof>'"),
    (b"return a:", None, b"[string \"return a:\"]:1: '<name>' expected near '<eof>'"),
    (b"return a:b", None, b"[string \"return a:b\"]:1: function arguments expected near '<eof>'"),
    (b"x = {", None, b"[string \"x = {\"]:1: unexpected symbol near '<eof>'"),
    (b"x = {a", None, b"[string \"x = {a\"]:1: '}' expected near '<eof>'"),
    (b"x = {a=", None, b"[string \"x = {a=\"]:1: unexpected symbol near '<eof>'"),
    (b"x = {[", None, b"[string \"x = {[\"]:1: unexpected symbol near '<eof>'"),
    (b"x = {[1", None, b"[string \"x = {[1\"]:1: ']' expected near '<eof>'"),
    (b"x = {[1]", None, b"[string \"x = {[1]\"]:1: '=' expected near '<eof>'"),
    (b"x = {[1]=", None, b"[string \"x = {[1]=\"]:1: unexpected symbol near '<eof>'"),
    (b"x[", None, b"[string \"x[\"]:1: unexpected symbol near '<eof>'"),
    (b"x.", None, b"[string \"x.\"]:1: '<name>' expected near '<eof>'"),
    (b"x:", None, b"[string \"x:\"]:1: '<name>' expected near '<eof>'"),
    (b"x(", None, b"[string \"x(\"]:1: unexpected symbol near '<eof>'"),
    (b"x{", None, b"[string \"x{\"]:1: unexpected symbol near '<eof>'"),
    (b"x'", None, b"[string \"x'\"]:1: unfinished string near '<eof>'"),
    (b"x\"", None, b"[string \"x\"\"]:1: unfinished string near '<eof>'"),
    (b"x,", None, b"[string \"x,\"]:1: unexpected symbol near '<eof>'"),
    (b"x, y", None, b"[string \"x, y\"]:1: '=' expected near '<eof>'"),
    (b"x, y =", None, b"[string \"x, y =\"]:1: unexpected symbol near '<eof>'"),
    (b"x =", None, b"[string \"x =\"]:1: unexpected symbol near '<eof>'"),
    (b"x = 1,", None, b"[string \"x = 1,\"]:1: unexpected symbol near '<eof>'"),
    (b"a,b,c = 1,2,3", None, b""),
    (b"a.b.c = 1", None, b""),
    (b"a[1][2] = 3", None, b""),
    (b"a:b().c = 1", None, b""),
    (b"a:b()[1] = 1", None, b""),
    (b"(a).b = 1", None, b""),
    (b"(a)[1] = 1", None, b""),
    (b"(a)() = 1", None, b"[string \"(a)() = 1\"]:1: unexpected symbol near '='"),
    (b"(a):b()", None, b""),
    (b"return 1 2", None, b"[string \"return 1 2\"]:1: '<eof>' expected near '2'"),
    (b"return 1,", None, b"[string \"return 1,\"]:1: unexpected symbol near '<eof>'"),
    (b"return,", None, b"[string \"return,\"]:1: unexpected symbol near ','"),
    (b"x = 1 2", None, b"[string \"x = 1 2\"]:1: unexpected symbol near '2'"),
    (b"x = (1) (2)", None, b""),
    (b"x = 1 (2)", None, b"[string \"x = 1 (2)\"]:1: syntax error near '<eof>'"),
    (b"return 1;", None, b""),
    (b"return ;", None, b""),
    (b"do end;", None, b""),
    (b";;", None, b"[string \";;\"]:1: unexpected symbol near ';'"),
    (b"x = \"\\x41\"", None, b""),
    (b"x = '\\z'", None, b""),
    (b"x = '\\u{41}'", None, b""),
    (b"x = '\\1234'", None, b""),
    (b"x = '\\9999'", None, b"[string \"x = '\\9999'\"]:1: escape sequence too large near '''"),
    (b"x = '\\25a'", None, b""),
    (b"x = '\\256a'", None, b"[string \"x = '\\256a'\"]:1: escape sequence too large near '''"),
    (b"x = 0x1p-2", None, b"[string \"x = 0x1p-2\"]:1: malformed number near '0x1p'"),
    (b"x = 0x.1", None, b"[string \"x = 0x.1\"]:1: malformed number near '0x'"),
    (b"x = 0X1F", None, b""),
    (b"x = 1e", None, b"[string \"x = 1e\"]:1: malformed number near '1e'"),
    (b"x = 1e-", None, b"[string \"x = 1e-\"]:1: malformed number near '1e-'"),
    (b"x = 1..", None, b"[string \"x = 1..\"]:1: malformed number near '1..'"),
    (b"x = 1...", None, b"[string \"x = 1...\"]:1: malformed number near '1...'"),
    (b"x = ..1", None, b"[string \"x = ..1\"]:1: unexpected symbol near '..'"),
    (b"x = .1.1", None, b"[string \"x = .1.1\"]:1: malformed number near '.1.1'"),
    (b"x = 1.1.1", None, b"[string \"x = 1.1.1\"]:1: malformed number near '1.1.1'"),
    (b"x = 00x1", None, b"[string \"x = 00x1\"]:1: malformed number near '00x1'"),
    (b"x = 0xx1", None, b"[string \"x = 0xx1\"]:1: malformed number near '0xx1'"),
    (b"x = 1ee1", None, b"[string \"x = 1ee1\"]:1: malformed number near '1ee1'"),
    (b"x = 1 .. 2", None, b""),
    (b"x = 1..2", None, b"[string \"x = 1..2\"]:1: malformed number near '1..2'"),
    (b"x = a..b", None, b""),
    (b"x = a...b", None, b"[string \"x = a...b\"]:1: unexpected symbol near '...'"),
    (b"x = ......", None, b"[string \"x = ......\"]:1: unexpected symbol near '...'"),
    (b"x = = 1", Some(b"=stdin"), b"stdin:1: unexpected symbol near '='"),
    (b"x = ", Some(b"=stdin"), b"stdin:1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b"@x.lua"), b"x.lua:1: unexpected symbol near '='"),
    (b"x = ", Some(b"@x.lua"), b"x.lua:1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b"name"), b"[string \"name\"]:1: unexpected symbol near '='"),
    (b"x = ", Some(b"name"), b"[string \"name\"]:1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b""), b"[string \"\"]:1: unexpected symbol near '='"),
    (b"x = ", Some(b""), b"[string \"\"]:1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b"@"), b":1: unexpected symbol near '='"),
    (b"x = ", Some(b"@"), b":1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b"="), b":1: unexpected symbol near '='"),
    (b"x = ", Some(b"="), b":1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b"a\x00b"), b"[string \"a\"]:1: unexpected symbol near '='"),
    (b"x = ", Some(b"a\x00b"), b"[string \"a\"]:1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b"=nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"), b"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn:1: unexpected symbol near '='"),
    (b"x = ", Some(b"=nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"), b"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn:1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b"@ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"), b"...ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff:1: unexpected symbol near '='"),
    (b"x = ", Some(b"@ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"), b"...ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff:1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b"line1\nline2"), b"[string \"line1...\"]:1: unexpected symbol near '='"),
    (b"x = ", Some(b"line1\nline2"), b"[string \"line1...\"]:1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b"line1\rline2"), b"[string \"line1...\"]:1: unexpected symbol near '='"),
    (b"x = ", Some(b"line1\rline2"), b"[string \"line1...\"]:1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b"sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss"), b"[string \"sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss\"]:1: unexpected symbol near '='"),
    (b"x = ", Some(b"sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss"), b"[string \"sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss\"]:1: unexpected symbol near '<eof>'"),
    (b"x = = 1", Some(b"ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss"), b"[string \"sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss...\"]:1: unexpected symbol near '='"),
    (b"x = ", Some(b"ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss"), b"[string \"sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss...\"]:1: unexpected symbol near '<eof>'"),
    ];

    #[test]
    fn messages_match_lua51() {
        let mut failures = Vec::new();
        for &(src, name, expected) in LUA51_MESSAGES {
            let got = match parse(src, name.unwrap_or(src)) {
                Ok(_) => Vec::new(),
                Err(e) => e.bytes,
            };
            if got != expected {
                failures.push(format!(
                    "{:?}\n  lua5.1: {:?}\n  ours:   {:?}",
                    String::from_utf8_lossy(src),
                    String::from_utf8_lossy(expected),
                    String::from_utf8_lossy(&got)
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn message_bytes_are_not_utf8_mangled() {
        let e = parse(b"x = \xff", b"x = \xff").unwrap_err();
        assert_eq!(
            e.bytes,
            b"[string \"x = \xff\"]:1: unexpected symbol near '\xff'"
        );
        assert!(!e.runtime);
        assert_eq!(e.to_string(), e.message);
    }

    #[test]
    fn precedence_and_associativity() {
        for (src, want) in [
            ("1 + 2 * 3", "(1 + (2 * 3))"),
            ("1 - 2 - 3", "((1 - 2) - 3)"),
            ("1 / 2 * 3 % 4", "(((1 / 2) * 3) % 4)"),
            ("a .. b .. c", "(a .. (b .. c))"),
            ("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"),
            ("-2 ^ 2", "(- (2 ^ 2))"),
            ("2 ^ -3 ^ 2", "(2 ^ (- (3 ^ 2)))"),
            ("-x ^ -y", "(- (x ^ (- y)))"),
            ("not a == b", "((not a) == b)"),
            ("a or b and c", "(a or (b and c))"),
            ("a and b or c and d", "((a and b) or (c and d))"),
            ("1 .. 2 + 3", "(1 .. (2 + 3))"),
            ("a + b .. c + d", "((a + b) .. (c + d))"),
            ("a < b == c", "((a < b) == c)"),
            ("a ~= b <= c >= d > e", "((((a ~= b) <= c) >= d) > e)"),
            ("#t + 1", "((# t) + 1)"),
            ("- - x", "(- (- x))"),
            ("not not x", "(not (not x))"),
            ("x ^ y * z", "((x ^ y) * z)"),
            ("a .. b == c .. d", "((a .. b) == (c .. d))"),
            ("a or b or c", "((a or b) or c)"),
            ("(a + b) * c", "(<(a + b)> * c)"),
            ("-#a.b", "(- (# a[\"b\"]))"),
        ] {
            assert_eq!(shape(src), want, "{src}");
        }
    }

    #[test]
    fn suffixes_and_calls() {
        assert_eq!(shape("a.b.c:d(e)[f]"), "a[\"b\"][\"c\"]:d(e)[f]");
        assert_eq!(shape("f()()"), "f()()");
        assert_eq!(shape("f'x' {1} [[y]]"), "f(\"x\")({1})(\"y\")");
        assert_eq!(shape("o:m'x', o:m{}"), "o:m(\"x\"), o:m({})");
        assert_eq!(shape("(f())"), "<f()>");
        assert_eq!(shape("(...)"), "<...>");
        assert_eq!(shape("{1, x = 2, [3] = 4; 5,}"), "{1; x=2; [3]=4; 5}");
        assert_eq!(shape("{f = 1, f}"), "{f=1; f}");
        assert_eq!(shape("{}"), "{}");
        assert_eq!(shape("nil, true, false, ..."), "nil, true, false, ...");
        assert_eq!(shape("function() end"), "fn");
        // A call on a new line is ambiguous, but inside a table the look-ahead hides it.
        assert!(err(b"x = f\n(1)").contains("ambiguous syntax"));
        assert_eq!(shape("{f\n(1)}"), "{f(1)}");
    }

    #[test]
    fn statements() {
        let c = chunk(
            "local a, b = 1\nx, a.y = 2, 3\nf(x)\nobj:m()\ndo end\nwhile a do break end\n\
             repeat local z until z\nif a then elseif b then else end\n\
             for i = 1, 2 do end\nfor k, v in pairs(t) do end\n\
             function a.b.c:m() end\nlocal function g() end\nreturn 1;",
        );
        let kinds: Vec<&str> = c
            .main
            .body
            .stats
            .iter()
            .map(|s| match &s.kind {
                StatKind::Local { .. } => "local",
                StatKind::LocalFunction { .. } => "localfunction",
                StatKind::Function { .. } => "function",
                StatKind::Assign { .. } => "assign",
                StatKind::Call(_) => "call",
                StatKind::Do(_) => "do",
                StatKind::While { .. } => "while",
                StatKind::Repeat { .. } => "repeat",
                StatKind::If { .. } => "if",
                StatKind::NumericFor { .. } => "fornum",
                StatKind::GenericFor { .. } => "forin",
                StatKind::Return { .. } => "return",
                StatKind::Break => "break",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "local",
                "assign",
                "call",
                "call",
                "do",
                "while",
                "repeat",
                "if",
                "fornum",
                "forin",
                "function",
                "localfunction",
                "return"
            ]
        );
        let lines: Vec<u32> = c.main.body.stats.iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
        let stats = &c.main.body.stats;
        let StatKind::Function {
            target,
            is_method,
            func,
        } = &stats[10].kind
        else {
            panic!()
        };
        assert_eq!(sx(target), "a[\"b\"][\"c\"][\"m\"]");
        assert!(is_method);
        assert_eq!(func.params.len(), 1);
        assert_eq!(func.locals[0].name, b"self");
        let StatKind::If {
            clauses,
            else_block,
        } = &stats[7].kind
        else {
            panic!()
        };
        assert_eq!(clauses.len(), 2);
        assert!(else_block.is_some());
        let StatKind::Assign { targets, exprs } = &stats[1].kind else {
            panic!()
        };
        assert_eq!(targets.len(), 2);
        assert_eq!(exprs.len(), 2);
    }

    #[test]
    fn locals_scopes_and_upvalues() {
        let c = chunk(
            "local a, b\nfunction f()\n  local c\n  return function() return a, c, b, a end\nend\n\
             local x = x\nlocal function g() return g end\nrepeat local z until z\n\
             for i = 1, 2 do end\nfor k, v in p do end",
        );
        let main = &c.main;
        let names: Vec<String> = main
            .locals
            .iter()
            .map(|l| String::from_utf8_lossy(&l.name).into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "a",
                "b",
                "x",
                "g",
                "z",
                "(for index)",
                "(for limit)",
                "(for step)",
                "i",
                "(for generator)",
                "(for state)",
                "(for control)",
                "k",
                "v"
            ]
        );
        assert!(main.locals[0].captured && main.locals[1].captured && main.locals[3].captured);
        assert!(!main.locals[2].captured);
        let stats = &main.body.stats;
        let StatKind::Function { func: f, .. } = &stats[1].kind else {
            panic!()
        };
        assert_eq!(
            f.upvalues,
            [
                UpvalueInfo {
                    name: b"a".to_vec(),
                    source: UpvalueSource::Local(LocalId(0))
                },
                UpvalueInfo {
                    name: b"b".to_vec(),
                    source: UpvalueSource::Local(LocalId(1))
                },
            ]
        );
        assert!(f.locals[0].captured);
        let StatKind::Return { exprs } = &f.body.stats[1].kind else {
            panic!()
        };
        let ExprKind::Function(inner) = &exprs[0].kind else {
            panic!()
        };
        assert_eq!(
            inner.upvalues.iter().map(|u| u.source).collect::<Vec<_>>(),
            [
                UpvalueSource::Upvalue(0),
                UpvalueSource::Local(LocalId(0)),
                UpvalueSource::Upvalue(1)
            ]
        );
        let StatKind::Return { exprs } = &inner.body.stats[0].kind else {
            panic!()
        };
        let vars: Vec<Var> = exprs
            .iter()
            .map(|e| match e.kind {
                ExprKind::Name { var, .. } => var,
                _ => panic!(),
            })
            .collect();
        assert_eq!(
            vars,
            [
                Var::Upvalue(0),
                Var::Upvalue(1),
                Var::Upvalue(2),
                Var::Upvalue(0)
            ]
        );
        // `local x = x`: the initializer sees the global.
        let StatKind::Local { exprs, .. } = &stats[2].kind else {
            panic!()
        };
        assert!(matches!(
            exprs[0].kind,
            ExprKind::Name {
                var: Var::Global,
                ..
            }
        ));
        // `local function g`: g sees itself (as an upvalue).
        let StatKind::LocalFunction { func, .. } = &stats[3].kind else {
            panic!()
        };
        let StatKind::Return { exprs } = &func.body.stats[0].kind else {
            panic!()
        };
        assert!(matches!(
            exprs[0].kind,
            ExprKind::Name {
                var: Var::Upvalue(0),
                ..
            }
        ));
        // `until` sees the loop body's locals.
        let StatKind::Repeat { cond, .. } = &stats[4].kind else {
            panic!()
        };
        assert!(matches!(
            cond.kind,
            ExprKind::Name {
                var: Var::Local(LocalId(4)),
                ..
            }
        ));
        let StatKind::NumericFor { var, .. } = &stats[5].kind else {
            panic!()
        };
        assert_eq!(*var, LocalId(8));
        let StatKind::GenericFor { vars, .. } = &stats[6].kind else {
            panic!()
        };
        assert_eq!(vars, &[LocalId(12), LocalId(13)]);
    }

    #[test]
    fn varargs_and_arg() {
        let c =
            chunk("function f(a, ...) return arg end function g(...) return ... end return ...");
        assert!(c.main.is_vararg && c.main.uses_vararg && c.main.arg_local.is_none());
        let StatKind::Function { func: f, .. } = &c.main.body.stats[0].kind else {
            panic!()
        };
        assert!(f.is_vararg && f.needs_arg() && f.arg_local == Some(LocalId(1)));
        assert_eq!(f.params, [LocalId(0)]);
        let StatKind::Return { exprs } = &f.body.stats[0].kind else {
            panic!()
        };
        assert!(matches!(
            exprs[0].kind,
            ExprKind::Name {
                var: Var::Local(LocalId(1)),
                ..
            }
        ));
        let StatKind::Function { func: g, .. } = &c.main.body.stats[1].kind else {
            panic!()
        };
        assert!(g.uses_vararg && !g.needs_arg());
        assert_eq!(
            err(b"function f() return ... end"),
            "[string \"function f() return ... end\"]:1: cannot use '...' outside a vararg function near '...'"
        );
    }

    #[test]
    fn lines() {
        let c = chunk("local x = a\n+\nb\nf\n{\n}\nlocal y = o\n:\nm 'x'");
        let StatKind::Local { exprs, .. } = &c.main.body.stats[0].kind else {
            panic!()
        };
        let ExprKind::Binary { op_line, .. } = exprs[0].kind else {
            panic!()
        };
        assert_eq!((op_line, exprs[0].line), (2, 3));
        let StatKind::Call(call) = &c.main.body.stats[1].kind else {
            panic!()
        };
        let ExprKind::Call { args_line, .. } = call.kind else {
            panic!()
        };
        assert_eq!((args_line, call.line), (5, 6));
        let StatKind::Local { exprs, .. } = &c.main.body.stats[2].kind else {
            panic!()
        };
        let ExprKind::MethodCall {
            method_line,
            args_line,
            ..
        } = exprs[0].kind
        else {
            panic!()
        };
        assert_eq!((method_line, args_line), (9, 9));

        let c =
            chunk("local function f\n(\n)\nend\nfunction g\n(\n)\nend\nx = function\n(\n)\n\nend");
        let stats = &c.main.body.stats;
        let StatKind::LocalFunction { func, .. } = &stats[0].kind else {
            panic!()
        };
        assert_eq!((func.line_defined, func.last_line_defined), (2, 4));
        let StatKind::Function { func, .. } = &stats[1].kind else {
            panic!()
        };
        assert_eq!((func.line_defined, func.last_line_defined), (5, 8));
        let StatKind::Assign { exprs, .. } = &stats[2].kind else {
            panic!()
        };
        let ExprKind::Function(func) = &exprs[0].kind else {
            panic!()
        };
        assert_eq!((func.line_defined, func.last_line_defined), (10, 13));

        let c = chunk("for i = 1,\n2\ndo end\nfor k in\np\ndo end");
        let StatKind::NumericFor { do_line, .. } = c.main.body.stats[0].kind else {
            panic!()
        };
        assert_eq!(do_line, 3);
        let StatKind::GenericFor {
            exprs_line,
            do_line,
            ..
        } = c.main.body.stats[1].kind
        else {
            panic!()
        };
        assert_eq!((exprs_line, do_line), (5, 6));
    }

    #[test]
    fn spans_locate_tokens() {
        let src = b"local t = f(1,\n  22, 'x')";
        let c = parse(src, src).unwrap();
        let StatKind::Local { exprs, .. } = &c.main.body.stats[0].kind else {
            panic!()
        };
        let span = exprs[0].span;
        assert_eq!(
            &src[span.start as usize..span.end as usize],
            b"f(1,\n  22, 'x')"
        );
        let ExprKind::Call { args, .. } = &exprs[0].kind else {
            panic!()
        };
        let s = args[1].span;
        assert_eq!(&src[s.start as usize..s.end as usize], b"22");
        let o = ParseOptions::LOADSTRING;
        assert_eq!(
            crate::compile::lexer::token_at(src, &o, s.start as usize),
            (Some(b"22".to_vec()), 2)
        );
        assert_eq!(
            crate::compile::lexer::token_at(src, &o, s.end as usize),
            (Some(b",".to_vec()), 2)
        );
        assert_eq!(
            crate::compile::lexer::token_at(src, &o, src.len()),
            (Some(b"<eof>".to_vec()), 2)
        );
        let e = crate::compile::lexer::error_at(
            src,
            src,
            &o,
            s.start as usize,
            "function or expression too complex",
        );
        assert_eq!(
            e.message,
            "[string \"local t = f(1,...\"]:2: function or expression too complex near '22'"
        );
    }

    #[test]
    fn long_strings_and_escapes() {
        let strings = |src: &str| -> Vec<Vec<u8>> {
            returned(src)
                .into_iter()
                .map(|e| match e.kind {
                    ExprKind::String(s) => s,
                    other => panic!("{other:?}"),
                })
                .collect()
        };
        assert_eq!(
            strings("[[\nabc]], [==[\r\na]]b\n\rc]==], [[]], [=[\n\n]=], [[a\r\nb]]"),
            [
                b"abc".to_vec(),
                b"a]]b\nc".to_vec(),
                b"".to_vec(),
                b"\n".to_vec(),
                b"a\nb".to_vec()
            ]
        );
        assert_eq!(
            strings(
                r#""\a\b\f\n\r\t\v\\\"\'", '\65\066\0067\0\255', "\q\[", "a\
b""#
            ),
            [
                b"\x07\x08\x0c\n\r\t\x0b\\\"'".to_vec(),
                b"AB\x067\x00\xff".to_vec(),
                b"q[".to_vec(),
                b"a\nb".to_vec()
            ]
        );
        assert_eq!(
            err(b"return '\\256'"),
            "[string \"return '\\256'\"]:1: escape sequence too large near '''"
        );
    }

    #[test]
    fn numbers() {
        let nums = |src: &str| -> Vec<f64> {
            returned(src)
                .into_iter()
                .map(|e| match e.kind {
                    ExprKind::Number(n) => n,
                    other => panic!("{other:?}"),
                })
                .collect()
        };
        assert_eq!(
            nums("3, 3.0, 3.25, 325e-2, 0.325E1, 0xff, 0x56, .5, 5., 1e400, 0x1p4, 0X1E, 08"),
            [
                3.0,
                3.0,
                3.25,
                3.25,
                3.25,
                255.0,
                86.0,
                0.5,
                5.0,
                f64::INFINITY,
                16.0,
                30.0,
                8.0
            ]
        );
        // A NUL after the digits is taken as an exponent letter by PUC, and ends the numeral's
        // text for strtod: `1\0x` is the number 1.
        assert_eq!(nums("1\0x, 2\0"), [1.0, 2.0]);
        assert_eq!(shape("'a' .\0 'b'"), "(\"a\" .. \"b\")");
    }

    #[test]
    fn parse_file_skips_a_first_hash_line() {
        assert!(parse(b"#!/usr/bin/lua\nreturn 1", b"=x").is_err());
        let c = parse_file(b"#!/usr/bin/lua\nreturn 1", b"@x").unwrap();
        assert_eq!(c.main.body.stats[0].line, 2);
        assert_eq!(
            parse_file(b"# only", b"@x").unwrap().main.body.stats.len(),
            0
        );
        assert_eq!(
            parse_file(b"#!lua\r\nx = = 1", b"@script.lua")
                .unwrap_err()
                .message,
            "script.lua:2: unexpected symbol near '='"
        );
        assert_eq!(
            parse_file(b"print('x')\nx =", b"@f.lua")
                .unwrap_err()
                .message,
            "f.lua:2: unexpected symbol near '<eof>'"
        );
    }

    #[test]
    fn nesting_limit_depends_on_c_calls() {
        let nest = |n: usize| format!("return {}1{}", "(".repeat(n), ")".repeat(n));
        // loadstring from a main chunk: 2 C levels, the main chunk, the return expression.
        assert!(parse(nest(196).as_bytes(), b"=x").is_ok());
        assert_eq!(
            parse(nest(197).as_bytes(), b"=x").unwrap_err().message,
            "x:1: chunk has too many syntax levels"
        );
        assert!(parse_file(nest(197).as_bytes(), b"=x").is_ok());
        assert!(parse_file(nest(198).as_bytes(), b"=x").is_err());
        assert!(parse_with(nest(198).as_bytes(), b"=x", &ParseOptions::REDIS).is_ok());
        assert!(parse_with(nest(199).as_bytes(), b"=x", &ParseOptions::REDIS).is_err());
        let vars = |n: usize| format!("{}a = 1", "a, ".repeat(n - 1));
        assert!(parse(vars(198).as_bytes(), b"=x").is_ok());
        assert_eq!(
            parse(vars(199).as_bytes(), b"=x").unwrap_err().message,
            "x:1: main function has more than 197 variables in assignment"
        );
    }

    #[test]
    fn local_and_upvalue_limits() {
        let names: Vec<String> = (1..=201).map(|i| format!("v{i}")).collect();
        let src = format!("local {}", names.join(", "));
        assert_eq!(
            parse(src.as_bytes(), b"=x").unwrap_err().message,
            "x:1: main function has more than 200 local variables"
        );
        let src = format!("local {}", names[..200].join(", "));
        assert!(parse(src.as_bytes(), b"=x").is_ok());
        let src = format!("local {}\nfor i = 1, 2 do end", names[..197].join(", "));
        assert_eq!(
            parse(src.as_bytes(), b"=x").unwrap_err().message,
            "x:2: main function has more than 200 local variables"
        );
        let src = format!(
            "local t\nfunction t:f({}) local x end",
            names[..199].join(",\n")
        );
        assert_eq!(
            parse(src.as_bytes(), b"=x").unwrap_err().message,
            "x:200: function at line 2 has more than 200 local variables"
        );

        let decl: Vec<String> = (1..=61).map(|i| format!("local u{i} = {i}")).collect();
        let uses: Vec<String> = (1..=61).map(|i| format!("u{i}")).collect();
        let src = format!(
            "{}\nreturn function() return {} end",
            decl.join("\n"),
            uses.join(" + ")
        );
        assert_eq!(
            parse(src.as_bytes(), b"=x").unwrap_err().message,
            "x:62: function at line 62 has more than 60 upvalues"
        );
        let src = format!(
            "{}\nreturn function() return {} end",
            decl.join("\n"),
            uses[..60].join(" + ")
        );
        assert!(parse(src.as_bytes(), b"=x").is_ok());

        // Every local ever declared in a function counts toward PUC's 32767 debug entries.
        let e = parse("do local a end ".repeat(32768).as_bytes(), b"=x").unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.runtime),
            ("too many local variables", true)
        );
        assert!(parse("do local a end ".repeat(32767).as_bytes(), b"=x").is_ok());
    }

    #[test]
    fn too_many_functions_in_one_function() {
        let e = parse("f(function()end)\n".repeat(262144).as_bytes(), b"=x").unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.runtime),
            ("constant table overflow", true)
        );
        assert!(parse("f(function()end)\n".repeat(262143).as_bytes(), b"=x").is_ok());
    }

    const LEVELS: &str = "x:1: chunk has too many syntax levels";

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let n = 100_000;
        let cases: Vec<String> = vec![
            format!("return {}", "(".repeat(n)),
            format!("return {}1{}", "(".repeat(n), ")".repeat(n)),
            format!("return {}", "{".repeat(n)),
            format!("return {}", "- ".repeat(n)),
            format!("return {}1", "not ".repeat(n)),
            format!("return {}1", "a .. ".repeat(n)),
            format!("return {}1", "2 ^ ".repeat(n)),
            format!("return {}", "f(".repeat(n)),
            format!("return {}", "a[".repeat(n)),
            "do ".repeat(n),
            "if x then ".repeat(n),
            "while x do ".repeat(n),
            "repeat ".repeat(n),
            "f(function() ".repeat(n),
            "local function f() ".repeat(n),
            // Chains PUC parses iteratively: capped by the tree depth limit.
            format!("x = a{}", ".b".repeat(n)),
            format!("x = a{}", "[1]".repeat(n)),
            format!("x = f{}", "()".repeat(n)),
            format!("x = o{}", ":m()".repeat(n)),
            format!("f{}", "'s'".repeat(n)),
            format!("x = 1{}", " + 1".repeat(n)),
            format!("x = 1{}", " or 1".repeat(n)),
            format!("x = 1{}", " == 1".repeat(n)),
            format!("a{} = 1", ".b".repeat(n)),
        ];
        for src in &cases {
            let e = parse(src.as_bytes(), b"=x").unwrap_err();
            assert_eq!(e.message, LEVELS, "{}", &src[..40]);
        }
        // Long chains that stay under the tree depth limit are fine, and so are long lists.
        assert!(parse(format!("x = a{}", ".b".repeat(900)).as_bytes(), b"=x").is_ok());
        assert!(parse(format!("x = 1{}", " + 1".repeat(900)).as_bytes(), b"=x").is_ok());
        assert!(parse(format!("x = {{{}}}", "1, ".repeat(n)).as_bytes(), b"=x").is_ok());
        assert!(parse(format!("f({}1)", "1, ".repeat(n)).as_bytes(), b"=x").is_ok());
        assert!(parse("x = 1\n".repeat(n).as_bytes(), b"=x").is_ok());
        let elseifs = format!("if a then {}end", "elseif a then ".repeat(n));
        assert!(parse(elseifs.as_bytes(), b"=x").is_ok());
    }

    #[test]
    fn deepest_trees_fit_a_small_stack() {
        // The deepest inputs PUC accepts (loaded from C: 199 levels), parsed and dropped on a
        // 1.5 MiB stack. Unoptimized builds need up to about 1.1 MiB for them (optimized builds
        // about 0.4 MiB); the default thread stack is 2 MiB.
        let handle = std::thread::Builder::new()
            .stack_size(1536 * 1024)
            .spawn(|| {
                let n = 197;
                let srcs = [
                    format!("return {}1{}", "(".repeat(n), ")".repeat(n)),
                    format!("return {}1", "- ".repeat(n)),
                    format!("return {}1", "a .. ".repeat(n)),
                    format!("return {}", "{".repeat(n) + &"}".repeat(n)),
                    format!("return {}", "{x=".repeat(n) + "1" + &"}".repeat(n)),
                    format!("return {}1{}", "f(".repeat(n), ")".repeat(n)),
                    format!("return {}1{}", "o:m(".repeat(n), ")".repeat(n)),
                    format!("return {}1{}", "a[".repeat(n), "]".repeat(n)),
                    "do ".repeat(n + 1) + &"end ".repeat(n + 1),
                    "if x then ".repeat(n + 1) + &"end ".repeat(n + 1),
                    "f(function() ".repeat(99) + &"end)".repeat(99),
                    format!("x = a{}", ".b".repeat(990)),
                    format!(
                        "return {}1{}",
                        "(a.b.c.d.e.f.g.h + ".repeat(98),
                        ")".repeat(98)
                    ),
                ];
                for src in &srcs {
                    let c = parse_with(src.as_bytes(), b"=x", &ParseOptions::REDIS);
                    assert!(c.is_ok(), "{}: {:?}", &src[..30], c.err());
                }
            })
            .unwrap();
        handle.join().unwrap();
    }

    /// A xorshift64* generator.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn random_inputs_never_panic() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        const PIECES: &[&str] = &[
            "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in",
            "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while", "x",
            "y", "self", "arg", "..", "...", "==", ">=", "<=", "~=", "+", "-", "*", "/", "%", "^",
            "#", "<", ">", "=", "(", ")", "{", "}", "[", "]", ";", ":", ",", ".", "1", "0x1F",
            "1e5", ".5", "'s'", "\"s\\n\"", "[[l]]", "[=[", "]=]", "--", "--[[", "]]", "\n", "\r",
            " ", "\0", "\\", "'", "\"", "\u{ff}", "9e", "0x",
        ];
        for i in 0..20_000 {
            let src: Vec<u8> = if i % 2 == 0 {
                (0..rng.below(64)).map(|_| rng.next() as u8).collect()
            } else {
                let mut s = Vec::new();
                for _ in 0..rng.below(40) {
                    s.extend_from_slice(PIECES[rng.below(PIECES.len())].as_bytes());
                    if rng.below(3) == 0 {
                        s.push(b' ');
                    }
                }
                s
            };
            let name = if i % 3 == 0 {
                b"=fuzz".to_vec()
            } else {
                src.clone()
            };
            let _ = parse(&src, &name);
            let _ = parse_file(&src, &name);
        }
    }
}
