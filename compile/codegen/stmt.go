package codegen

import (
	"strings"
	"unsafe"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/marshal"
)

func (c *compiler) visitStmts(stmts []ast.Stmt) {
	for _, s := range stmts {
		c.visitStmt(s)
	}
}

// visitStmt is compiler_visit_stmt. Every statement starts a new line
// number for the next instruction.
//
// Expression statements and assignments, most statements, are told by
// their type word (see ast.Words) before the type switch, and the position
// is read in place (every node begins with its Pos).
func (c *compiler) visitStmt(st ast.Stmt) {
	w := (*iface)(unsafe.Pointer(&st))
	p := (*ast.Pos)(w.d)
	u := c.u
	u.lineno = p.Lineno
	u.colOffset = p.ColOffset
	c.newLineno = p.Lineno

	switch w.t {
	case ast.Words.ExprStmt:
		c.exprStmt((*ast.ExprStmt)(w.d))
		return
	case ast.Words.Assign:
		c.assign((*ast.Assign)(w.d))
		return
	}
	switch s := st.(type) {
	case *ast.FunctionDef:
		c.function(s, s.Name, s.Sym, s.Args, s.Body, s.DecoratorList, s.Returns, false)
	case *ast.AsyncFunctionDef:
		c.function(s, s.Name, s.Sym, s.Args, s.Body, s.DecoratorList, s.Returns, true)
	case *ast.ClassDef:
		c.class(s)
	case *ast.Return:
		c.returnStmt(s)
	case *ast.Delete:
		for _, t := range s.Targets {
			c.visitExpr(t)
		}
	case *ast.Assign:
		c.assign(s)
	case *ast.AugAssign:
		c.augAssign(s)
	case *ast.AnnAssign:
		c.annAssign(s)
	case *ast.For:
		c.forStmt(s)
	case *ast.While:
		c.whileStmt(s)
	case *ast.If:
		c.ifStmt(s)
	case *ast.Raise:
		n := 0
		if s.Exc != nil {
			c.visitExpr(s.Exc)
			n++
			if s.Cause != nil {
				c.visitExpr(s.Cause)
				n++
			}
		}
		c.addopI(opcode.RAISE_VARARGS, n)
	case *ast.Try:
		if len(s.FinalBody) > 0 {
			c.tryFinally(s)
		} else {
			c.tryExcept(s)
		}
	case *ast.Assert:
		c.assertStmt(s)
	case *ast.Import:
		c.importStmt(s)
	case *ast.ImportFrom:
		c.fromImport(s)
	case *ast.Global, *ast.Nonlocal, *ast.Pass:
	case *ast.ExprStmt:
		c.exprStmt(s)
	case *ast.Break:
		c.breakStmt()
	case *ast.Continue:
		c.continueStmt()
	case *ast.With:
		c.with(s, 0)
	case *ast.AsyncWith:
		c.asyncWith(s, 0)
	case *ast.AsyncFor:
		c.asyncFor(s)
	default:
		c.systemError("codegen: unknown statement")
	}
}

func (c *compiler) assign(s *ast.Assign) {
	c.visitExpr(s.Value)
	for i, t := range s.Targets {
		if i < len(s.Targets)-1 {
			c.addop(opcode.DUP_TOP)
		}
		c.visitExpr(t)
	}
}

func (c *compiler) exprStmt(s *ast.ExprStmt) {
	if (*iface)(unsafe.Pointer(&s.Value)).t == ast.Words.Constant {
		return // constant statements (docstrings, ...) compile to nothing
	}
	c.visitExpr(s.Value)
	c.addop(opcode.POP_TOP)
}

// ---- functions and classes ----

func (c *compiler) decorators(decos []ast.Expr) {
	for _, d := range decos {
		c.visitExpr(d)
	}
}

// defaultArguments pushes the defaults tuple and the keyword-only defaults
// dict and returns the MAKE_FUNCTION flags for them.
func (c *compiler) defaultArguments(args *ast.Arguments) int {
	flags := 0
	if len(args.Defaults) > 0 {
		for _, d := range args.Defaults {
			c.visitExpr(d)
		}
		c.addopTuple(opcode.BUILD_TUPLE, len(args.Defaults))
		flags |= 0x01
	}
	if len(args.KwOnlyArgs) > 0 {
		base := len(c.keys)
		for i, a := range args.KwOnlyArgs {
			var d ast.Expr
			if i < len(args.KwDefaults) {
				d = args.KwDefaults[i]
			}
			if d != nil {
				c.keys = append(c.keys, c.mangledStr(a.Arg))
				c.visitExpr(d)
			}
		}
		if n := c.loadKeys(base); n > 0 {
			c.addopI(opcode.BUILD_CONST_KEY_MAP, n)
			flags |= 0x02
		}
	}
	return flags
}

// argAnnotation pushes the annotation of id, if any, and its key on c.keys.
func (c *compiler) argAnnotation(id string, ann ast.Expr) {
	if ann == nil {
		return
	}
	if c.fut.Flags&marshal.CoFutureAnnotations != 0 {
		c.annExpr(ann)
	} else {
		c.visitExpr(ann)
	}
	c.keys = append(c.keys, c.mangledStr(id))
}

// annExpr loads the annotation as a string (PEP 563).
func (c *compiler) annExpr(e ast.Expr) {
	if !c.unparsed {
		// CPython's unparser interns its static strings ("{", "}", ...)
		// when first used, even in code not emitted.
		c.unparsed = true
		if c.effects != nil {
			c.effects.Add("unparse")
		}
	}
	c.loadConst(c.newStr(exprAsString(e), false))
}

// loadKeys loads the tuple of the keys pushed on c.keys since base, if
// any, pops them and returns how many there were.
func (c *compiler) loadKeys(base int) int {
	n := len(c.keys) - base
	if n > 0 {
		c.loadConst(c.newTuple(c.keys[base:]))
		clear(c.keys[base:])
		c.keys = c.keys[:base]
	}
	return n
}

// annotated reports whether any of the parameters has an annotation.
func annotated(params []*ast.Arg) bool {
	for _, a := range params {
		if a.Annotation != nil {
			return true
		}
	}
	return false
}

// annotations pushes the annotations dict; it reports whether it did.
func (c *compiler) annotations(args *ast.Arguments, returns ast.Expr) bool {
	base := len(c.keys)
	// Most arguments have no annotation: no call for them.
	for _, a := range args.Args {
		if a.Annotation != nil {
			c.argAnnotation(a.Arg, a.Annotation)
		}
	}
	for _, a := range args.PosOnlyArgs {
		if a.Annotation != nil {
			c.argAnnotation(a.Arg, a.Annotation)
		}
	}
	if args.Vararg != nil {
		c.argAnnotation(args.Vararg.Arg, args.Vararg.Annotation)
	}
	for _, a := range args.KwOnlyArgs {
		if a.Annotation != nil {
			c.argAnnotation(a.Arg, a.Annotation)
		}
	}
	if args.Kwarg != nil {
		c.argAnnotation(args.Kwarg.Arg, args.Kwarg.Annotation)
	}
	if returns != nil {
		c.argAnnotation("return", returns)
	}
	n := c.loadKeys(base)
	if n == 0 {
		return false
	}
	c.addopI(opcode.BUILD_CONST_KEY_MAP, n)
	return true
}

func (c *compiler) function(s ast.Stmt, name string, sym int32, args *ast.Arguments, body []ast.Stmt, decos []ast.Expr, returns ast.Expr, isAsync bool) {
	scopeType := scopeFunction
	if isAsync {
		scopeType = scopeAsyncFunction
	}
	c.decorators(decos)
	firstlineno := s.Loc().Lineno
	if len(decos) > 0 {
		firstlineno = decos[0].Loc().Lineno
	}
	// Most functions have no keyword-only parameter and no annotation, and
	// many no default: the tests here leave those calls' code unrun.
	funcflags := 0
	if len(args.Defaults) != 0 || len(args.KwOnlyArgs) != 0 {
		funcflags = c.defaultArguments(args)
	}
	if (returns != nil || len(args.KwOnlyArgs) != 0 || args.Vararg != nil || args.Kwarg != nil ||
		annotated(args.Args) || annotated(args.PosOnlyArgs)) && c.annotations(args, returns) {
		funcflags |= 0x04
	}
	c.enterScope(c.stampedName(name, sym), scopeType, s, firstlineno, sym)
	var doc marshal.Object = marshal.None
	if c.optimize < 2 {
		if d := docString(body); d != nil {
			doc = d
		}
	}
	c.addConst(doc)
	c.u.argcount = len(args.Args)
	c.u.posonlyargcount = len(args.PosOnlyArgs)
	c.u.kwonlyargcount = len(args.KwOnlyArgs)
	c.visitStmts(body)
	co := c.assemble(true)
	qualname := c.u.qualname
	c.exitScope()

	c.makeClosure(co, funcflags, qualname)
	for range decos {
		c.addopI(opcode.CALL_FUNCTION, 1)
	}
	// The symbol table stamped the statement with the name's symbol.
	c.nameopSym(name, ast.Store, sym)
}

func (c *compiler) class(s *ast.ClassDef) {
	c.decorators(s.DecoratorList)
	firstlineno := s.Lineno
	if len(s.DecoratorList) > 0 {
		firstlineno = s.DecoratorList[0].Loc().Lineno
	}
	c.enterScope(c.stampedName(s.Name, s.Sym), scopeClass, s, firstlineno, s.Sym)
	c.u.private, c.u.hasPrivate = s.Name, true
	c.nameop("__name__", ast.Load)
	c.nameop("__module__", ast.Store)
	c.loadConst(c.u.qualname)
	c.nameop("__qualname__", ast.Store)
	c.body(s.Body)
	if c.u.ste.NeedsClassClosure {
		i, ok := c.u.cellvars.lookup("__class__")
		if !ok {
			c.systemError("codegen: no __class__ cell")
		}
		c.addopI(opcode.LOAD_CLOSURE, i)
		c.addop(opcode.DUP_TOP)
		c.nameop("__classcell__", ast.Store)
	} else {
		c.loadNone()
	}
	c.addReturn()
	co := c.assemble(true)
	c.exitScope()

	c.addop(opcode.LOAD_BUILD_CLASS)
	c.makeClosure(co, 0, nil)
	c.loadConst(c.stampedName(s.Name, s.Sym))
	c.callHelper(2, s.Bases, s.Keywords)
	for range s.DecoratorList {
		c.addopI(opcode.CALL_FUNCTION, 1)
	}
	c.nameopSym(s.Name, ast.Store, s.Sym)
}

// refType is get_ref_type: how the enclosing unit sees a free variable of
// a nested code object.
func (c *compiler) refType(name string) symtable.Scope {
	if c.u.scopeType == scopeClass && name == "__class__" {
		return symtable.Cell
	}
	sc := c.u.ste.ScopeOf(name)
	if sc == 0 {
		c.systemError("codegen: unknown scope for " + name + " in " + c.u.name.V)
	}
	return sc
}

func (c *compiler) makeClosure(co *marshal.Code, flags int, qualname *marshal.Str) {
	if qualname == nil {
		qualname = co.Name
	}
	if len(co.FreeVars.Items) > 0 {
		c.loadClosure(co)
		flags |= 0x08
	}
	c.loadConst(co)
	c.loadConst(qualname)
	c.addopI(opcode.MAKE_FUNCTION, flags)
}

// loadClosure pushes the tuple of the cells co's free variables refer to
// (out of makeClosure's line: most code objects have none).
//
//go:noinline
func (c *compiler) loadClosure(co *marshal.Code) {
	for _, it := range co.FreeVars.Items {
		name := it.(*marshal.Str).V
		var arg int
		var ok bool
		if c.refType(name) == symtable.Cell {
			arg, ok = c.u.cellvars.lookup(name)
		} else {
			arg, ok = c.u.freevars.lookup(name)
			arg += len(c.u.cellvars.list)
		}
		if !ok {
			c.systemError("codegen: closure lookup of " + name + " in " + c.u.name.V)
		}
		c.addopI(opcode.LOAD_CLOSURE, arg)
	}
	c.addopTuple(opcode.BUILD_TUPLE, len(co.FreeVars.Items))
}

// ---- control flow ----

// exprConstant is expr_constant: 1 or 0 for a true or false constant, -1
// otherwise.
func exprConstant(e ast.Expr) int {
	k, ok := e.(*ast.Constant)
	if !ok {
		return -1
	}
	if marshal.Truth(k.Value) {
		return 1
	}
	return 0
}

func (c *compiler) ifStmt(s *ast.If) {
	end := c.newBlock()
	switch exprConstant(s.Test) {
	case 0:
		c.noEmit++
		c.visitStmts(s.Body)
		c.noEmit--
		c.visitStmts(s.Orelse)
	case 1:
		c.visitStmts(s.Body)
		if len(s.Orelse) > 0 {
			c.noEmit++
			c.visitStmts(s.Orelse)
			c.noEmit--
		}
	default:
		next := end
		if len(s.Orelse) > 0 {
			next = c.newBlock()
		}
		c.jumpIf(s.Test, next, false)
		c.visitStmts(s.Body)
		if len(s.Orelse) > 0 {
			c.jrel(opcode.JUMP_FORWARD, end)
			c.useNextBlock(next)
			c.visitStmts(s.Orelse)
		}
	}
	c.useNextBlock(end)
}

func (c *compiler) forStmt(s *ast.For) {
	start := c.newBlock()
	cleanup := c.newBlock()
	end := c.newBlock()
	c.pushFblock(fbForLoop, start, end)
	c.visitExpr(s.Iter)
	c.addop(opcode.GET_ITER)
	c.useNextBlock(start)
	c.jrel(opcode.FOR_ITER, cleanup)
	c.visitExpr(s.Target)
	c.visitStmts(s.Body)
	c.jabs(opcode.JUMP_ABSOLUTE, start)
	c.useNextBlock(cleanup)
	c.popFblock()
	c.visitStmts(s.Orelse)
	c.useNextBlock(end)
}

func (c *compiler) asyncFor(s *ast.AsyncFor) {
	if c.u.scopeType != scopeAsyncFunction {
		c.error("'async for' outside async function")
	}
	start := c.newBlock()
	except := c.newBlock()
	end := c.newBlock()
	c.visitExpr(s.Iter)
	c.addop(opcode.GET_AITER)
	c.useNextBlock(start)
	c.pushFblock(fbForLoop, start, end)
	c.jrel(opcode.SETUP_FINALLY, except)
	c.addop(opcode.GET_ANEXT)
	c.loadNone()
	c.addop(opcode.YIELD_FROM)
	c.addop(opcode.POP_BLOCK)
	c.visitExpr(s.Target)
	c.visitStmts(s.Body)
	c.jabs(opcode.JUMP_ABSOLUTE, start)
	c.popFblock()
	c.useNextBlock(except)
	c.addop(opcode.END_ASYNC_FOR)
	c.visitStmts(s.Orelse)
	c.useNextBlock(end)
}

func (c *compiler) whileStmt(s *ast.While) {
	constant := exprConstant(s.Test)
	if constant == 0 {
		c.noEmit++
		// A dummy loop block so break/continue in the dead body still
		// compile (3.8.1, bpo-38640).
		c.pushFblock(fbWhileLoop, nil, nil)
		c.visitStmts(s.Body)
		c.popFblock()
		c.noEmit--
		c.visitStmts(s.Orelse)
		return
	}
	loop := c.newBlock()
	end := c.newBlock()
	var anchor *block
	if constant == -1 {
		anchor = c.newBlock()
	}
	var orelse *block
	if len(s.Orelse) > 0 {
		orelse = c.newBlock()
	}
	c.useNextBlock(loop)
	c.pushFblock(fbWhileLoop, loop, end)
	if constant == -1 {
		c.jumpIf(s.Test, anchor, false)
	}
	c.visitStmts(s.Body)
	c.jabs(opcode.JUMP_ABSOLUTE, loop)
	if constant == -1 {
		c.useNextBlock(anchor)
	}
	c.popFblock()
	if orelse != nil {
		c.visitStmts(s.Orelse)
	}
	c.useNextBlock(end)
}

func (c *compiler) returnStmt(s *ast.Return) {
	_, isConst := s.Value.(*ast.Constant)
	preserveTOS := s.Value != nil && !isConst
	if c.u.ste.Type != symtable.FunctionBlock {
		c.error("'return' outside function")
	}
	if s.Value != nil && c.u.ste.Coroutine && c.u.ste.Generator {
		c.error("'return' with value in async generator")
	}
	if preserveTOS {
		c.visitExpr(s.Value)
	}
	for d := len(c.u.fblocks) - 1; d >= 0; d-- {
		c.unwindFblock(&c.u.fblocks[d], preserveTOS)
	}
	if s.Value == nil {
		c.loadNone()
	} else if !preserveTOS {
		c.visitExpr(s.Value)
	}
	c.addReturn()
}

func (c *compiler) breakStmt() {
	for d := len(c.u.fblocks) - 1; d >= 0; d-- {
		info := &c.u.fblocks[d]
		c.unwindFblock(info, false)
		if info.typ == fbWhileLoop || info.typ == fbForLoop {
			c.jabs(opcode.JUMP_ABSOLUTE, info.exit)
			return
		}
	}
	c.error("'break' outside loop")
}

func (c *compiler) continueStmt() {
	for d := len(c.u.fblocks) - 1; d >= 0; d-- {
		info := &c.u.fblocks[d]
		if info.typ == fbWhileLoop || info.typ == fbForLoop {
			c.jabs(opcode.JUMP_ABSOLUTE, info.block)
			return
		}
		c.unwindFblock(info, false)
	}
	c.error("'continue' not properly in loop")
}

// tryFinally compiles the finally body first (to learn whether it breaks,
// continues or returns) and then splices the try body in before it.
func (c *compiler) tryFinally(s *ast.Try) {
	body := c.newBlock()
	end := c.newBlock()
	start := c.cur

	c.useNextBlock(end)
	c.pushFblock(fbFinallyEnd, end, end)
	c.visitStmts(s.FinalBody)
	c.addop(opcode.END_FINALLY)
	breakFinally := c.u.fblocks[len(c.u.fblocks)-1].exit == nil
	if breakFinally {
		c.addop(opcode.POP_TOP)
	}
	c.popFblock()

	newcur := c.cur
	c.cur = start
	start.next = nil

	c.u.lineno = s.Lineno
	c.newLineno = s.Lineno
	c.u.colOffset = s.ColOffset
	if breakFinally {
		c.loadNone()
	}
	c.jrel(opcode.SETUP_FINALLY, end)
	c.useNextBlock(body)
	ft := fbFinallyTry
	if breakFinally {
		ft = fbFinallyTry2
	}
	c.pushFblock(ft, body, end)
	if len(s.Handlers) > 0 {
		c.tryExcept(s)
	} else {
		c.visitStmts(s.Body)
	}
	c.addop(opcode.POP_BLOCK)
	c.addop(opcode.BEGIN_FINALLY)
	c.popFblock()

	c.cur.next = end
	c.cur = newcur
}

func (c *compiler) tryExcept(s *ast.Try) {
	body := c.newBlock()
	except := c.newBlock()
	orelse := c.newBlock()
	end := c.newBlock()
	c.jrel(opcode.SETUP_FINALLY, except)
	c.useNextBlock(body)
	c.pushFblock(fbExcept, body, nil)
	c.visitStmts(s.Body)
	c.addop(opcode.POP_BLOCK)
	c.popFblock()
	c.jrel(opcode.JUMP_FORWARD, orelse)
	n := len(s.Handlers)
	c.useNextBlock(except)
	for i, h := range s.Handlers {
		if h.Type == nil && i < n-1 {
			c.error("default 'except:' must be last")
		}
		c.u.lineno = h.Lineno
		c.newLineno = h.Lineno
		c.u.colOffset = h.ColOffset
		except = c.newBlock()
		if h.Type != nil {
			c.addop(opcode.DUP_TOP)
			c.visitExpr(h.Type)
			c.addopI(opcode.COMPARE_OP, opcode.CmpExcMatch)
			c.jabs(opcode.POP_JUMP_IF_FALSE, except)
		}
		c.addop(opcode.POP_TOP)
		if h.Name != "" {
			cleanupEnd := c.newBlock()
			cleanupBody := c.newBlock()
			c.nameopSym(h.Name, ast.Store, h.Sym)
			c.addop(opcode.POP_TOP)

			c.jrel(opcode.SETUP_FINALLY, cleanupEnd)
			c.useNextBlock(cleanupBody)
			c.pushFblock(fbHandlerCleanup, cleanupBody, cleanupEnd)
			c.visitStmts(h.Body)
			c.addop(opcode.POP_BLOCK)
			c.addop(opcode.BEGIN_FINALLY)
			c.popFblock()

			c.useNextBlock(cleanupEnd)
			c.pushFblock(fbFinallyEnd, cleanupEnd, nil)
			c.loadNone()
			c.nameopSym(h.Name, ast.Store, h.Sym)
			c.nameopSym(h.Name, ast.Del, h.Sym)
			c.addop(opcode.END_FINALLY)
			c.addop(opcode.POP_EXCEPT)
			c.popFblock()
		} else {
			cleanupBody := c.newBlock()
			c.addop(opcode.POP_TOP)
			c.addop(opcode.POP_TOP)
			c.useNextBlock(cleanupBody)
			c.pushFblock(fbHandlerCleanup, cleanupBody, nil)
			c.visitStmts(h.Body)
			c.addop(opcode.POP_EXCEPT)
			c.popFblock()
		}
		c.jrel(opcode.JUMP_FORWARD, end)
		c.useNextBlock(except)
	}
	c.addop(opcode.END_FINALLY)
	c.useNextBlock(orelse)
	c.visitStmts(s.Orelse)
	c.useNextBlock(end)
}

func (c *compiler) with(s *ast.With, pos int) {
	item := s.Items[pos]
	blk := c.newBlock()
	finally := c.newBlock()
	c.visitExpr(item.ContextExpr)
	c.jrel(opcode.SETUP_WITH, finally)
	c.useNextBlock(blk)
	c.pushFblock(fbWith, blk, finally)
	if item.OptionalVars != nil {
		c.visitExpr(item.OptionalVars)
	} else {
		c.addop(opcode.POP_TOP)
	}
	pos++
	if pos == len(s.Items) {
		c.visitStmts(s.Body)
	} else {
		c.with(s, pos)
	}
	c.addop(opcode.POP_BLOCK)
	c.addop(opcode.BEGIN_FINALLY)
	c.popFblock()
	c.useNextBlock(finally)
	c.pushFblock(fbFinallyEnd, finally, nil)
	c.addop(opcode.WITH_CLEANUP_START)
	c.addop(opcode.WITH_CLEANUP_FINISH)
	c.addop(opcode.END_FINALLY)
	c.popFblock()
}

func (c *compiler) asyncWith(s *ast.AsyncWith, pos int) {
	item := s.Items[pos]
	if c.u.scopeType != scopeAsyncFunction {
		c.error("'async with' outside async function")
	}
	blk := c.newBlock()
	finally := c.newBlock()
	c.visitExpr(item.ContextExpr)
	c.addop(opcode.BEFORE_ASYNC_WITH)
	c.addop(opcode.GET_AWAITABLE)
	c.loadNone()
	c.addop(opcode.YIELD_FROM)
	c.jrel(opcode.SETUP_ASYNC_WITH, finally)
	c.useNextBlock(blk)
	c.pushFblock(fbAsyncWith, blk, finally)
	if item.OptionalVars != nil {
		c.visitExpr(item.OptionalVars)
	} else {
		c.addop(opcode.POP_TOP)
	}
	pos++
	if pos == len(s.Items) {
		c.visitStmts(s.Body)
	} else {
		c.asyncWith(s, pos)
	}
	c.addop(opcode.POP_BLOCK)
	c.addop(opcode.BEGIN_FINALLY)
	c.popFblock()
	c.useNextBlock(finally)
	c.pushFblock(fbFinallyEnd, finally, nil)
	c.addop(opcode.WITH_CLEANUP_START)
	c.addop(opcode.GET_AWAITABLE)
	c.loadNone()
	c.addop(opcode.YIELD_FROM)
	c.addop(opcode.WITH_CLEANUP_FINISH)
	c.addop(opcode.END_FINALLY)
	c.popFblock()
}

// ---- imports ----

func (c *compiler) importAs(name, asname string, sym int32) {
	dot := strings.IndexByte(name, '.')
	if dot < 0 {
		c.nameopSym(asname, ast.Store, sym)
		return
	}
	for {
		pos := dot + 1
		next := strings.IndexByte(name[pos:], '.')
		var attr string
		if next < 0 {
			attr = name[pos:]
		} else {
			attr = name[pos : pos+next]
		}
		c.addopNameRaw(opcode.IMPORT_FROM, attr)
		if next < 0 {
			break
		}
		dot = pos + next
		c.addop(opcode.ROT_TWO)
		c.addop(opcode.POP_TOP)
	}
	c.nameopSym(asname, ast.Store, sym)
	c.addop(opcode.POP_TOP)
}

func (c *compiler) importStmt(s *ast.Import) {
	for _, a := range s.Names {
		c.loadConst(c.smallInt(0))
		c.loadNone()
		c.addopName(opcode.IMPORT_NAME, a.Name)
		if a.Asname != "" {
			c.importAs(a.Name, a.Asname, a.Sym)
		} else {
			store := a.Name
			if dot := strings.IndexByte(store, '.'); dot >= 0 {
				store = store[:dot]
			}
			c.nameopSym(store, ast.Store, a.Sym)
		}
	}
}

func (c *compiler) fromImport(s *ast.ImportFrom) {
	c.loadConst(c.smallInt(s.Level))
	base := len(c.items)
	for _, a := range s.Names {
		c.pushItem(a.Name)
	}
	if int(s.Lineno) > c.fut.Lineno && s.Module == "__future__" {
		c.error("from __future__ imports must occur at the beginning of the file")
	}
	c.loadConstTuple(base)
	c.addopName(opcode.IMPORT_NAME, s.Module)
	for i, a := range s.Names {
		if i == 0 && strings.HasPrefix(a.Name, "*") {
			c.addop(opcode.IMPORT_STAR)
			return
		}
		c.addopName(opcode.IMPORT_FROM, a.Name)
		store := a.Name
		if a.Asname != "" {
			store = a.Asname
		}
		c.nameopSym(store, ast.Store, a.Sym)
	}
	c.addop(opcode.POP_TOP)
}

func (c *compiler) assertStmt(s *ast.Assert) {
	if c.optimize > 0 {
		return
	}
	if t, ok := s.Test.(*ast.Tuple); ok && len(t.Elts) > 0 {
		c.warn("assertion is always true, perhaps remove parentheses?")
	}
	end := c.newBlock()
	c.jumpIf(s.Test, end, true)
	c.addopNameRaw(opcode.LOAD_GLOBAL, "AssertionError")
	if s.Msg != nil {
		c.visitExpr(s.Msg)
		c.addopI(opcode.CALL_FUNCTION, 1)
	}
	c.addopI(opcode.RAISE_VARARGS, 1)
	c.useNextBlock(end)
}

// ---- assignments ----

func (c *compiler) augAssign(s *ast.AugAssign) {
	switch e := s.Target.(type) {
	case *ast.Attribute:
		auge := *e
		auge.Ctx = ast.AugLoad
		c.visitExpr(&auge)
		c.visitExpr(s.Value)
		c.addop(inplaceBinop(s.Op))
		auge.Ctx = ast.AugStore
		c.visitExpr(&auge)
	case *ast.Subscript:
		auge := *e
		auge.Ctx = ast.AugLoad
		c.visitExpr(&auge)
		c.visitExpr(s.Value)
		c.addop(inplaceBinop(s.Op))
		auge.Ctx = ast.AugStore
		c.visitExpr(&auge)
	case *ast.Name:
		c.nameopSym(e.Id, ast.Load, e.Sym)
		c.visitExpr(s.Value)
		c.addop(inplaceBinop(s.Op))
		c.nameopSym(e.Id, ast.Store, e.Sym)
	default:
		c.systemError("invalid node type for augmented assignment")
	}
}

func (c *compiler) checkAnnExpr(e ast.Expr) {
	c.visitExpr(e)
	c.addop(opcode.POP_TOP)
}

func (c *compiler) checkAnnSlice(sl ast.SliceKind) {
	switch v := sl.(type) {
	case *ast.Index:
		c.checkAnnExpr(v.Value)
	case *ast.Slice:
		if v.Lower != nil {
			c.checkAnnExpr(v.Lower)
		}
		if v.Upper != nil {
			c.checkAnnExpr(v.Upper)
		}
		if v.Step != nil {
			c.checkAnnExpr(v.Step)
		}
	default:
		c.systemError("unexpected slice kind")
	}
}

func (c *compiler) checkAnnSubscr(sl ast.SliceKind) {
	switch v := sl.(type) {
	case *ast.Index, *ast.Slice:
		c.checkAnnSlice(v)
	case *ast.ExtSlice:
		for _, d := range v.Dims {
			switch d.(type) {
			case *ast.Index, *ast.Slice:
				c.checkAnnSlice(d)
			default:
				c.systemError("extended slice invalid in nested slice")
			}
		}
	default:
		c.systemError("invalid subscript kind")
	}
}

func (c *compiler) annAssign(s *ast.AnnAssign) {
	if s.Value != nil {
		c.visitExpr(s.Value)
		c.visitExpr(s.Target)
	}
	switch t := s.Target.(type) {
	case *ast.Name:
		if s.Simple != 0 && (c.u.scopeType == scopeModule || c.u.scopeType == scopeClass) {
			if c.fut.Flags&marshal.CoFutureAnnotations != 0 {
				c.annExpr(s.Annotation)
			} else {
				c.visitExpr(s.Annotation)
			}
			c.addopName(opcode.LOAD_NAME, "__annotations__")
			c.loadConst(c.mangledStr(t.Id))
			c.addop(opcode.STORE_SUBSCR)
		}
	case *ast.Attribute:
		if s.Value == nil {
			c.checkAnnExpr(t.Value)
		}
	case *ast.Subscript:
		if s.Value == nil {
			c.checkAnnExpr(t.Value)
			c.checkAnnSubscr(t.Slice)
		}
	default:
		c.systemError("invalid node type for annotated assignment")
	}
	if s.Simple == 0 && (c.u.scopeType == scopeModule || c.u.scopeType == scopeClass) {
		c.checkAnnExpr(s.Annotation)
	}
}
