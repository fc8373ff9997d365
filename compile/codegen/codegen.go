// Package codegen compiles a module's AST to a CPython 3.8 code object, as
// Python/compile.c does: instructions in basic blocks, then assembly
// (stack depth, line table, jump offsets, constant merging).
//
// Objects are created with the identities CPython gives them, since
// marshal's back-references depend on them: constants are merged
// module-wide through one cache keyed like _PyCode_ConstantKey, names and
// name-like string constants are interned (one object per value), and the
// empty tuple and empty bytes are single objects. compile/share then
// decides which of those objects marshal flags.
//
// Tests compare with CPython field by field (testdata/codegen/dump.py):
// golden programs, the same programs padded so CPython's peephole pass
// leaves them alone (exact unoptimized bytecode and line tables), their
// marshalled bytes, and the installed standard library.
package codegen

import (
	"fmt"
	"runtime"
	"sort"
	"strings"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/marshal"
)

// Options are the compile() settings that change the code.
type Options struct {
	Optimize int // -O level: 0, 1 or 2
}

// Compile generates the module's code object. The error, when not nil, is a
// *diag.Error; warnings (SyntaxWarning) are returned in order.
func Compile(mod *ast.Module, st *symtable.Table, fut future.Features, filename string, opts Options) (code *marshal.Code, warns []diag.Warning, err error) {
	if mod == nil || st == nil {
		return nil, nil, &diag.Error{Class: "SystemError", Msg: "codegen: no module or symbol table", Filename: filename}
	}
	c := &compiler{
		filename:   &marshal.Str{V: filename},
		filenameS:  filename,
		st:         st,
		fut:        fut,
		optimize:   opts.Optimize,
		interned:   make(map[string]*marshal.Str),
		emptyTuple: &marshal.Tuple{},
		emptyBytes: &marshal.Bytes{V: []byte{}},
	}
	c.cache = new(constCache)
	c.cache.reset(c.emptyTuple, c.emptyBytes)
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				buf := make([]byte, 4096)
				buf = buf[:runtime.Stack(buf, false)]
				c.err = &diag.Error{Class: "SystemError", Msg: fmt.Sprintf("codegen: internal error: %v\n%s", r, buf), Filename: filename}
			}
			code, warns, err = nil, c.warnings, c.err
		}
	}()
	code = c.compileModule(mod)
	return code, c.warnings, nil
}

// bailout unwinds the compiler after an error has been recorded in c.err.
type bailout struct{}

// Scope kinds of a compiler unit (COMPILER_SCOPE_*).
const (
	scopeModule = iota
	scopeClass
	scopeFunction
	scopeAsyncFunction
	scopeLambda
	scopeComprehension
)

// Frame block kinds (enum fblocktype).
type fblockType int

const (
	fbWhileLoop fblockType = iota
	fbForLoop
	fbExcept
	fbFinallyTry
	fbFinallyTry2
	fbFinallyEnd
	fbWith
	fbAsyncWith
	fbHandlerCleanup
)

const maxBlocks = 20 // CO_MAXBLOCKS

type fblock struct {
	typ   fblockType
	block *block
	exit  *block
}

// instr is one instruction; target is set for jumps (jabs/jrel).
type instr struct {
	target *block
	arg    int
	lineno int32
	op     opcode.Op
	jabs   bool
	jrel   bool
}

// block is a basic block. next is the fall-through successor.
type block struct {
	instrs     []instr
	next       *block
	seen       bool
	ret        bool
	startDepth int
	offset     int
}

// nameDict maps names to indices, as the u_names/u_varnames/... dicts.
type nameDict struct {
	idx  map[string]int
	list []*marshal.Str
}

func newNameDict() *nameDict { return &nameDict{idx: make(map[string]int)} }

func (d *nameDict) lookup(s string) (int, bool) {
	i, ok := d.idx[s]
	return i, ok
}

func (d *nameDict) add(o *marshal.Str) int {
	if i, ok := d.idx[o.V]; ok {
		return i
	}
	i := len(d.list)
	d.idx[o.V] = i
	d.list = append(d.list, o)
	return i
}

// unit is a compiler_unit: the state of one code object being built.
type unit struct {
	ste       *symtable.Block
	name      *marshal.Str
	qualname  *marshal.Str
	scopeType int

	consts     map[marshal.Object]int // canonical constant -> index
	constList  []marshal.Object
	names      *nameDict
	varnames   *nameDict
	cellvars   *nameDict
	freevars   *nameDict
	private    string
	hasPrivate bool

	argcount, posonlyargcount, kwonlyargcount int

	blocks []*block // in allocation order (u_blocks reversed)
	cur    *block

	fblocks []fblock

	firstlineno int
	lineno      int
	colOffset   int
	linenoSet   bool
}

type compiler struct {
	filename  *marshal.Str
	filenameS string
	st        *symtable.Table
	fut       future.Features
	optimize  int
	nestlevel int
	noEmit    int // c_do_not_emit_bytecode

	cache      *constCache
	interned   map[string]*marshal.Str
	emptyTuple *marshal.Tuple
	emptyBytes *marshal.Bytes

	u     *unit
	stack []*unit
	slab  []instr // room for new blocks' first instructions

	blockSlab []block

	warnings []diag.Warning
	err      error
}

// ---- errors and warnings ----

// error records a SyntaxError at the current statement/expression position
// and unwinds.
func (c *compiler) error(msg string) {
	c.err = &diag.Error{
		Class:    "SyntaxError",
		Msg:      msg,
		Filename: c.filenameS,
		Lineno:   c.u.lineno,
		Offset:   c.u.colOffset + 1,
	}
	panic(bailout{})
}

// errorNoLoc is a SyntaxError raised with PyErr_SetString: no location.
func (c *compiler) errorNoLoc(msg string) {
	c.err = &diag.Error{Class: "SyntaxError", Msg: msg, Filename: c.filenameS}
	panic(bailout{})
}

func (c *compiler) systemError(msg string) {
	c.err = &diag.Error{Class: "SystemError", Msg: msg, Filename: c.filenameS}
	panic(bailout{})
}

func (c *compiler) warn(msg string) {
	c.warnings = append(c.warnings, diag.Warning{
		Category: "SyntaxWarning",
		Msg:      msg,
		Filename: c.filenameS,
		Lineno:   c.u.lineno,
	})
}

// ---- units and scopes ----

// mangle is _Py_Mangle: __spam in class Ham becomes _Ham__spam. It reports
// whether the name changed.
func mangle(private string, hasPrivate bool, name string) (string, bool) {
	if !hasPrivate || len(name) < 2 || name[0] != '_' || name[1] != '_' {
		return name, false
	}
	if strings.HasSuffix(name, "__") || strings.IndexByte(name, '.') >= 0 {
		return name, false
	}
	p := strings.TrimLeft(private, "_")
	if p == "" {
		return name, false
	}
	return "_" + p + name, true
}

// mangledStr returns the mangled form of an identifier as the string object
// CPython would have: the interned identifier itself when unchanged, a
// fresh string otherwise.
func (c *compiler) mangledStr(name string) *marshal.Str {
	m, changed := mangle(c.u.private, c.u.hasPrivate, name)
	if !changed {
		return c.intern(name)
	}
	return &marshal.Str{V: m}
}

func (c *compiler) mangleName(name string) string {
	m, _ := mangle(c.u.private, c.u.hasPrivate, name)
	return m
}

// dictByType is dictbytype: the names of block whose scope is scope or
// whose flags have flag, sorted, numbered from offset.
func (c *compiler) dictByType(b *symtable.Block, scope symtable.Scope, flag int, d *nameDict) {
	var names []string
	for _, s := range b.Symbols {
		sc := symtable.Scope((s.Flags >> symtable.ScopeOffset) & symtable.ScopeMask)
		if sc == scope || s.Flags&flag != 0 {
			names = append(names, s.Name)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		d.add(c.intern(n))
	}
}

func (c *compiler) enterScope(name *marshal.Str, scopeType int, key ast.Node, lineno int) {
	ste := c.st.Lookup(key)
	if ste == nil {
		c.systemError("codegen: no symbol table block for " + name.V)
	}
	u := &unit{
		ste:       ste,
		name:      name,
		scopeType: scopeType,
		consts:    make(map[marshal.Object]int),
		names:     newNameDict(),
		varnames:  newNameDict(),
		cellvars:  newNameDict(),
		freevars:  newNameDict(),
	}
	for _, v := range ste.VarNames {
		u.varnames.add(c.intern(v))
	}
	c.dictByType(ste, symtable.Cell, 0, u.cellvars)
	if ste.NeedsClassClosure {
		u.cellvars.add(c.intern("__class__"))
	}
	// Free variables are numbered after the cells.
	fv := newNameDict()
	c.dictByType(ste, symtable.Free, symtable.DefFreeClass, fv)
	u.freevars = fv
	u.firstlineno = lineno
	if c.u != nil {
		c.stack = append(c.stack, c.u)
		u.private, u.hasPrivate = c.u.private, c.u.hasPrivate
	}
	c.u = u
	c.nestlevel++
	u.cur = c.newBlock()
	if scopeType != scopeModule {
		c.setQualname()
	}
}

func (c *compiler) exitScope() {
	c.nestlevel--
	if n := len(c.stack); n > 0 {
		c.u = c.stack[n-1]
		c.stack = c.stack[:n-1]
	} else {
		c.u = nil
	}
}

func (c *compiler) setQualname() {
	u := c.u
	var base string
	hasBase := false
	if n := len(c.stack); n > 1 {
		parent := c.stack[n-1]
		forceGlobal := false
		if u.scopeType == scopeFunction || u.scopeType == scopeAsyncFunction || u.scopeType == scopeClass {
			m, _ := mangle(parent.private, parent.hasPrivate, u.name.V)
			if parent.ste.ScopeOf(m) == symtable.GlobalExplicit {
				forceGlobal = true
			}
		}
		if !forceGlobal {
			if parent.scopeType == scopeFunction || parent.scopeType == scopeAsyncFunction || parent.scopeType == scopeLambda {
				base = parent.qualname.V + ".<locals>"
			} else {
				base = parent.qualname.V
			}
			hasBase = true
		}
	}
	if hasBase {
		u.qualname = &marshal.Str{V: base + "." + u.name.V}
	} else {
		u.qualname = u.name
	}
}

// ---- blocks and instructions ----

func (c *compiler) newBlock() *block {
	// Blocks start in a shared slab with room for 8 instructions; a block
	// that outgrows it moves to its own array (the capacity is capped so
	// appends never run into the next block's room).
	if len(c.slab) < 8 {
		c.slab = make([]instr, 1024)
	}
	if len(c.blockSlab) == 0 {
		c.blockSlab = make([]block, 128)
	}
	b := &c.blockSlab[0]
	c.blockSlab = c.blockSlab[1:]
	b.instrs = c.slab[:0:8]
	c.slab = c.slab[8:]
	c.u.blocks = append(c.u.blocks, b)
	return b
}

// nextBlock creates a block that the current one falls into.
func (c *compiler) nextBlock() *block {
	b := c.newBlock()
	c.u.cur.next = b
	c.u.cur = b
	return b
}

func (c *compiler) useNextBlock(b *block) {
	c.u.cur.next = b
	c.u.cur = b
}

func (c *compiler) emit(in instr) {
	b := c.u.cur
	if !c.u.linenoSet {
		c.u.linenoSet = true
		in.lineno = int32(c.u.lineno)
	}
	b.instrs = append(b.instrs, in)
}

func (c *compiler) addop(op opcode.Op) {
	if c.noEmit > 0 {
		return
	}
	if op == opcode.RETURN_VALUE {
		c.u.cur.ret = true
	}
	c.emit(instr{op: op})
}

func (c *compiler) addopI(op opcode.Op, arg int) {
	if c.noEmit > 0 {
		return
	}
	c.emit(instr{op: op, arg: arg})
}

func (c *compiler) addopJ(op opcode.Op, target *block, absolute bool) {
	if c.noEmit > 0 {
		return
	}
	c.emit(instr{op: op, target: target, jabs: absolute, jrel: !absolute})
}

func (c *compiler) jabs(op opcode.Op, target *block) { c.addopJ(op, target, true) }
func (c *compiler) jrel(op opcode.Op, target *block) { c.addopJ(op, target, false) }

// addConst is compiler_add_const: merge o into the module cache and return
// its index in the unit's constants.
func (c *compiler) addConst(o marshal.Object) int {
	if c.noEmit > 0 {
		return 0
	}
	// Equal constants share one canonical object after merging, so the
	// unit's table can be keyed by identity.
	obj := c.cache.merge(o)
	u := c.u
	if i, ok := u.consts[obj]; ok {
		return i
	}
	i := len(u.constList)
	u.consts[obj] = i
	u.constList = append(u.constList, obj)
	return i
}

func (c *compiler) loadConst(o marshal.Object) {
	if c.noEmit > 0 {
		return
	}
	c.addopI(opcode.LOAD_CONST, c.addConst(o))
}

// addopName adds op with the (mangled, interned) name in u_names.
func (c *compiler) addopName(op opcode.Op, name string) {
	if c.noEmit > 0 {
		return
	}
	c.addopI(op, c.u.names.add(c.intern(c.mangleName(name))))
}

// addopNameRaw adds op with name in u_names, unmangled.
func (c *compiler) addopNameRaw(op opcode.Op, name string) {
	if c.noEmit > 0 {
		return
	}
	c.addopI(op, c.u.names.add(c.intern(name)))
}

// ---- frame blocks ----

func (c *compiler) pushFblock(t fblockType, b, exit *block) {
	if len(c.u.fblocks) >= maxBlocks {
		c.errorNoLoc("too many statically nested blocks")
	}
	c.u.fblocks = append(c.u.fblocks, fblock{typ: t, block: b, exit: exit})
}

func (c *compiler) popFblock() {
	c.u.fblocks = c.u.fblocks[:len(c.u.fblocks)-1]
}

func (c *compiler) unwindFblock(info *fblock, preserveTOS bool) {
	pt := 0
	if preserveTOS {
		pt = 1
	}
	switch info.typ {
	case fbWhileLoop:
	case fbFinallyEnd:
		info.exit = nil
		c.addopI(opcode.POP_FINALLY, pt)
		if preserveTOS {
			c.addop(opcode.ROT_TWO)
		}
		c.addop(opcode.POP_TOP)
	case fbForLoop:
		if preserveTOS {
			c.addop(opcode.ROT_TWO)
		}
		c.addop(opcode.POP_TOP)
	case fbExcept:
		c.addop(opcode.POP_BLOCK)
	case fbFinallyTry:
		c.addop(opcode.POP_BLOCK)
		c.jrel(opcode.CALL_FINALLY, info.exit)
	case fbFinallyTry2:
		c.addop(opcode.POP_BLOCK)
		if preserveTOS {
			c.addop(opcode.ROT_TWO)
			c.addop(opcode.POP_TOP)
			c.jrel(opcode.CALL_FINALLY, info.exit)
		} else {
			c.jrel(opcode.CALL_FINALLY, info.exit)
			c.addop(opcode.POP_TOP)
		}
	case fbWith, fbAsyncWith:
		c.addop(opcode.POP_BLOCK)
		if preserveTOS {
			c.addop(opcode.ROT_TWO)
		}
		c.addop(opcode.BEGIN_FINALLY)
		c.addop(opcode.WITH_CLEANUP_START)
		if info.typ == fbAsyncWith {
			c.addop(opcode.GET_AWAITABLE)
			c.loadConst(marshal.None)
			c.addop(opcode.YIELD_FROM)
		}
		c.addop(opcode.WITH_CLEANUP_FINISH)
		c.addopI(opcode.POP_FINALLY, 0)
	case fbHandlerCleanup:
		if preserveTOS {
			c.addop(opcode.ROT_FOUR)
		}
		if info.exit != nil {
			c.addop(opcode.POP_BLOCK)
			c.addop(opcode.POP_EXCEPT)
			c.jrel(opcode.CALL_FINALLY, info.exit)
		} else {
			c.addop(opcode.POP_EXCEPT)
		}
	}
}

// ---- module ----

func (c *compiler) compileModule(mod *ast.Module) *marshal.Code {
	c.enterScope(c.intern("<module>"), scopeModule, mod, 0)
	c.body(mod.Body)
	co := c.assemble(true)
	c.exitScope()
	return co
}

// findAnn reports whether stmts contain an annotated assignment, looking
// into compound statements but not into nested scopes.
func findAnn(stmts []ast.Stmt) bool {
	for _, st := range stmts {
		switch s := st.(type) {
		case *ast.AnnAssign:
			return true
		case *ast.For:
			if findAnn(s.Body) || findAnn(s.Orelse) {
				return true
			}
		case *ast.AsyncFor:
			if findAnn(s.Body) || findAnn(s.Orelse) {
				return true
			}
		case *ast.While:
			if findAnn(s.Body) || findAnn(s.Orelse) {
				return true
			}
		case *ast.If:
			if findAnn(s.Body) || findAnn(s.Orelse) {
				return true
			}
		case *ast.With:
			if findAnn(s.Body) {
				return true
			}
		case *ast.AsyncWith:
			if findAnn(s.Body) {
				return true
			}
		case *ast.Try:
			for _, h := range s.Handlers {
				if findAnn(h.Body) {
					return true
				}
			}
			if findAnn(s.Body) || findAnn(s.FinalBody) || findAnn(s.Orelse) {
				return true
			}
		}
	}
	return false
}

// docString is _PyAST_GetDocString.
func docString(body []ast.Stmt) *marshal.Str {
	if len(body) == 0 {
		return nil
	}
	es, ok := body[0].(*ast.ExprStmt)
	if !ok {
		return nil
	}
	if k, ok := es.Value.(*ast.Constant); ok {
		if s, ok := k.Value.(*marshal.Str); ok {
			return s
		}
	}
	return nil
}

// body is compiler_body: docstring, SETUP_ANNOTATIONS, then statements.
func (c *compiler) body(stmts []ast.Stmt) {
	if c.u.scopeType == scopeModule && c.u.lineno == 0 && len(stmts) > 0 {
		c.u.lineno = stmts[0].Loc().Lineno
	}
	if findAnn(stmts) {
		c.addop(opcode.SETUP_ANNOTATIONS)
	}
	if len(stmts) == 0 {
		return
	}
	i := 0
	if c.optimize < 2 {
		if doc := docString(stmts); doc != nil {
			i = 1
			c.visitExpr(stmts[0].(*ast.ExprStmt).Value)
			c.nameop("__doc__", ast.Store)
		}
	}
	for ; i < len(stmts); i++ {
		c.visitStmt(stmts[i])
	}
}
