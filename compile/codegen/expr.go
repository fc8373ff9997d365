package codegen

import (
	"unsafe"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/marshal"
)

// Comprehension kinds.
const (
	compGenExp = iota
	compListComp
	compSetComp
	compDictComp
)

// nameop is compiler_nameop: load, store or delete a name with the
// instruction its scope calls for.
func (c *compiler) nameop(name string, ctx ast.ExprContext) { c.nameopSym(name, ctx, -1) }

// nameopSym is nameop for a name the symbol table may have stamped with
// its symbol's position+1 in the current block (ast.Name.Sym; 0: none;
// -1: the name is no ast.Name).
// The stamp is used only when that symbol has the name, so a stale or
// foreign stamp falls back to the search: names are unique in a block.
func (c *compiler) nameopSym(name string, ctx ast.ExprContext, sym int32) {
	// Most names are stamped uses of a symbol whose argument is known
	// (every use after its first): their instruction is made here, with
	// no call but emit's, so that nothing is kept across calls. The name
	// must be the symbol's own storage (a stale or foreign stamp, or a
	// copy, takes the search). At its first use it must also be one
	// mangling cannot change; its later uses need not be tested: the
	// symbol's name is then the name mangled (by nameopSlow) or unchanged
	// by mangling, and a mangled name mangles to itself.
	u := c.u
	if si := uint(sym - 1); si < uint(len(u.symArg)) {
		// Symbols[si], without a bounds check: enterScope gave symArg
		// the block's number of symbols.
		s := (*symtable.Symbol)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(u.ste.Symbols)), si*symbolSize))
		if unsafe.StringData(s.Name) == unsafe.StringData(name) && len(s.Name) == len(name) {
			// The nameOp is loaded whole: its op and kind are one word.
			no := *(*uint16)(unsafe.Pointer(&u.nameOps[(int(s.Flags)>>symtable.ScopeOffset&15)<<3|int(ctx&7)]))
			if op := opcode.Op(no >> (8 - 8*littleEndianBit)); op != 0 {
				a := u.symArg[si]
				if a == 0 {
					if kind := uint8(no >> (8 * littleEndianBit)); kind <= nameFast &&
						(len(name) <= 2 || name[0] != '_' || name[1] != '_') {
						c.nameopFirst(int(si), name, nameOp{op, kind})
						return
					}
				} else {
					if c.noEmit > 0 {
						return
					}
					// A name's opcode has a fixed effect (see nameOps).
					if b := c.cur; a <= 0x100 && len(b.instrs) != cap(b.instrs) {
						c.emitAt(b, len(b.instrs), op, a-1, int32(int8(opInfo[op])))
					} else {
						c.emit(op, a-1)
					}
					return
				}
			}
		}
	}
	c.nameopSlow(name, ctx, sym)
}

// symbolSize is the size of a symtable.Symbol.
const symbolSize = uint(unsafe.Sizeof(symtable.Symbol{}))

// nameopFirst is nameopSym for a stamped name's first use in the unit,
// when its argument indexes co_names or co_varnames (most): nameopSlow's
// and nameArg's work for it, without their tests of what nameopSym has
// found (symbol, mangling, instruction).
//
//go:noinline
func (c *compiler) nameopFirst(si int, name string, no nameOp) {
	u := c.u
	if stampCheck != nil {
		c.checkStamp(si, name)
	}
	var a int
	if no.kind == nameFast {
		if c.noEmit > 0 {
			return
		}
		// As nameArg: the varnames are the parameters, then the locals
		// pushed here on first use.
		ok := false
		if u.ste.Symbols[si].Flags&symtable.DefParam != 0 {
			a, ok = u.varnames.lookup(name)
		}
		if !ok {
			a = u.varnames.push(c.symName(u.ste, si, name))
		}
	} else if id := int(u.ste.SymbolID(si)); id < len(c.symStrs) {
		// symNameN's work, in line. The name is added to co_names even in
		// code that is not emitted.
		ss := &c.symStrs[id]
		if ss.o == nil {
			ss.o, ss.h, ss.num = c.internN(name)
		}
		a = c.namesArg(ss.o, ss.h, ss.num)
	} else {
		a = c.namesArg(c.internN(name))
	}
	u.symArg[si] = int32(a + 1)
	if c.noEmit > 0 {
		return
	}
	c.emit(no.op, int32(a))
}

// checkStamp tells stampCheck the stamp si of name, unmangled, at its
// first use on nameopSym's fast path.
//
//go:noinline
func (c *compiler) checkStamp(si int, name string) {
	stampCheck(si, c.u.ste.Find(name))
}

// nameopSlow is nameopSym for a name not on its fast path: found in the
// block, its argument looked up and remembered, errors raised.
//
//go:noinline
func (c *compiler) nameopSlow(name string, ctx ast.ExprContext, sym int32) {
	u := c.u
	mangled := c.mangleName(name)
	si := int(sym) - 1
	if si < 0 || si >= len(u.ste.Symbols) || !sameName(u.ste.Symbols[si].Name, mangled) {
		si = u.ste.Find(mangled)
	}
	if stampCheck != nil && sym >= 0 {
		stampCheck(int(sym)-1, u.ste.Find(mangled))
	}
	// A name without a symbol has scope 0, as with no flags.
	flags := 0
	if si >= 0 {
		flags = int(u.ste.Symbols[si].Flags)
	}
	no := u.nameOps[(flags>>symtable.ScopeOffset&15)<<3|int(ctx&7)]
	dict := u.names
	offset := 0
	switch no.kind {
	case nameFast:
		if no.op == 0 {
			c.systemError("param invalid for local variable")
		}
		if c.noEmit > 0 {
			return
		}
		c.emit(no.op, int32(c.nameArg(si, u.varnames, mangled, 0))) // noEmit tested
		return
	case nameFree:
		dict, offset = u.freevars, len(u.cellvars.list)
	case nameCell:
		dict = u.cellvars
	}
	if no.op == 0 {
		c.systemError("invalid context for name " + name)
	}
	// The name is added to its table even in code that is not emitted.
	c.addopI(no.op, c.nameArg(si, dict, mangled, offset))
}

// The tables a name's argument indexes, as nameOp tells them.
const (
	nameNames = iota // co_names, for a global or a name
	nameFast         // co_varnames
	nameCell         // co_cellvars
	nameFree         // co_freevars, after the cells
)

// nameOp is the instruction compiler_nameop picks for a name and the
// table of its argument. nameopSym loads it as one uint16, op first in
// memory.
type nameOp struct {
	op   opcode.Op
	kind uint8
}

var _ = [1]struct{}{}[unsafe.Sizeof(nameOp{})-2] // one uint16

// nameOps[block type][scope<<3|ctx] is compiler_nameop's choice, so that
// nameopSym makes it by one lookup; op 0 where it raises SystemError.
var nameOps = func() (t [blockTypes][16 * 8]nameOp) {
	for typ := range t {
		for i := range t[typ] {
			no := nameOpOf(symtable.Scope(i>>3), symtable.BlockType(typ), ast.ExprContext(i&7))
			// nameopSym emits these in line (emitAt), with a fixed effect.
			if no.op != 0 && (fixedEffect[no.op] == varEffect || exitsBlock[no.op]) {
				panic("codegen: name opcode " + no.op.String() + " without a fixed effect")
			}
			t[typ][i] = no
		}
	}
	return t
}()

// blockTypes is the number of symtable.BlockTypes.
const blockTypes = int(symtable.ModuleBlock) + 1

// nameOpOf is compiler_nameop's choice of instruction for a name of the
// scope in a block of the type, used in the context.
func nameOpOf(scope symtable.Scope, typ symtable.BlockType, ctx ast.ExprContext) nameOp {
	const (
		opFast = iota
		opGlobal
		opDeref
		opName
	)
	optype := opName
	kind := uint8(nameNames)
	isFunc := typ == symtable.FunctionBlock
	switch scope {
	case symtable.Free:
		optype, kind = opDeref, nameFree
	case symtable.Cell:
		optype, kind = opDeref, nameCell
	case symtable.Local:
		if isFunc {
			optype, kind = opFast, nameFast
		}
	case symtable.GlobalImplicit:
		if isFunc {
			optype = opGlobal
		}
	case symtable.GlobalExplicit:
		optype = opGlobal
	}
	var op opcode.Op
	switch optype {
	case opDeref:
		switch ctx {
		case ast.Load:
			if typ == symtable.ClassBlock {
				op = opcode.LOAD_CLASSDEREF
			} else {
				op = opcode.LOAD_DEREF
			}
		case ast.Store:
			op = opcode.STORE_DEREF
		case ast.Del:
			op = opcode.DELETE_DEREF
		}
	case opFast:
		switch ctx {
		case ast.Load:
			op = opcode.LOAD_FAST
		case ast.Store:
			op = opcode.STORE_FAST
		case ast.Del:
			op = opcode.DELETE_FAST
		}
	case opGlobal:
		switch ctx {
		case ast.Load:
			op = opcode.LOAD_GLOBAL
		case ast.Store:
			op = opcode.STORE_GLOBAL
		case ast.Del:
			op = opcode.DELETE_GLOBAL
		}
	case opName:
		switch ctx {
		case ast.Load:
			op = opcode.LOAD_NAME
		case ast.Store:
			op = opcode.STORE_NAME
		case ast.Del:
			op = opcode.DELETE_NAME
		}
	}
	return nameOp{op, kind}
}

// nameArg is addName(d, name)+offset for the name of symbol si of the
// current unit's block (-1: none), remembered per symbol. The offset is
// that of the free variables' arguments, after the cells (all added when
// the unit begins): remembered with it, a free variable's argument is
// ready for nameopSym.
func (c *compiler) nameArg(si int, d *nameDict, name string, offset int) int {
	if si < 0 {
		return c.addName(d, name) + offset
	}
	if a := c.u.symArg[si]; a != 0 {
		return int(a - 1)
	}
	var a int
	if d == c.u.names {
		a = c.namesArg(c.symNameN(c.u.ste, si, name))
	} else {
		// A function's varnames are its parameters, then the locals this
		// pushes on first use: any other local is new to them.
		ok := false
		if d != c.u.varnames || c.u.ste.Symbols[si].Flags&symtable.DefParam != 0 {
			a, ok = d.lookup(name)
		}
		if !ok {
			a = d.push(c.symName(c.u.ste, si, name))
		}
	}
	a += offset
	c.u.symArg[si] = int32(a + 1)
	return a
}

// symName interns name, the name of ste.Symbols[si], and returns its
// strHash: found by the name's module-wide number, without the intern
// map after the first time.
func (c *compiler) symName(ste *symtable.Block, si int, name string) (*marshal.Str, uint64) {
	o, h, _ := c.symNameN(ste, si, name)
	return o, h
}

// symNameN is symName that also returns the name's number in the intern
// table.
func (c *compiler) symNameN(ste *symtable.Block, si int, name string) (*marshal.Str, uint64, int32) {
	if id := int(ste.SymbolID(si)); id < len(c.symStrs) {
		ss := &c.symStrs[id]
		if ss.o == nil {
			ss.o, ss.h, ss.num = c.internN(name)
		}
		return ss.o, ss.h, ss.num
	}
	return c.internN(name)
}

// stampedName interns name, which the symbol table stamped with its
// symbol in the current unit's block (sym, as nameopSym's), by the
// symbol's number (symName) when the stamp holds: a def's or class's
// name, interned so for its code object, is then found by its store.
func (c *compiler) stampedName(name string, sym int32) *marshal.Str {
	ste := c.u.ste
	if si := uint(sym - 1); si < uint(len(ste.Symbols)) && sameName(ste.Symbols[si].Name, name) {
		o, _ := c.symName(ste, int(si), name)
		return o
	}
	return c.intern(name)
}

// visitExpr is compiler_visit_expr: an expression on a new line starts a
// line number for the next instruction, restored afterwards.
//
// The node is told by its interface's type word (see ast.Words): names,
// constants, attributes and calls, most expressions, are found by a
// compare each, before visitExpr1's type switch and its search over type
// hashes; and its position is read in place (every node begins with its
// Pos), without a call to Loc.
func (c *compiler) visitExpr(e ast.Expr) {
	w := (*iface)(unsafe.Pointer(&e))
	u := c.u
	p := (*ast.Pos)(w.d)
	// Names and constants, most expressions, are leaves that raise no
	// error with a position: on the current line they need no saving and
	// restoring of it.
	if p.Lineno == u.lineno {
		if w.t == ast.Words.Name {
			x := (*ast.Name)(w.d)
			c.nameopSym(x.Id, x.Ctx, x.Sym)
			return
		}
		if w.t == ast.Words.Constant {
			c.loadConst((*ast.Constant)(w.d).Value)
			return
		}
	}
	oldLineno := u.lineno
	if p.Lineno != u.lineno {
		u.lineno = p.Lineno
		c.newLineno = p.Lineno
	}
	switch w.t {
	case ast.Words.Call:
		c.call((*ast.Call)(w.d))
	case ast.Words.Attribute:
		c.attribute((*ast.Attribute)(w.d))
	case ast.Words.Name:
		x := (*ast.Name)(w.d)
		c.nameopSym(x.Id, x.Ctx, x.Sym)
	case ast.Words.Constant:
		c.loadConst((*ast.Constant)(w.d).Value)
	case ast.Words.Subscript:
		c.subscript((*ast.Subscript)(w.d))
	case ast.Words.BinOp:
		x := (*ast.BinOp)(w.d)
		c.visitExpr(x.Left)
		c.visitExpr(x.Right)
		c.addop(binop(x.Op))
	// The next commonest, told apart here: visitExpr1's type switch
	// searches by type hash through code mostly cold at each call.
	case ast.Words.Compare:
		c.compare((*ast.Compare)(w.d))
	case ast.Words.Tuple:
		c.tuple((*ast.Tuple)(w.d))
	case ast.Words.List:
		c.list((*ast.List)(w.d))
	default:
		c.visitExpr1(e)
	}
	u = c.u
	if oldLineno != u.lineno {
		u.lineno = oldLineno
		c.newLineno = oldLineno
	}
}

func (c *compiler) visitExprs(es []ast.Expr) {
	for _, e := range es {
		c.visitExpr(e)
	}
}

// leafName returns e if it is a name on the current line, else nil: the
// receiver of an attribute or method, most often a name, is then compiled
// by nameopSym without visitExpr's call and frame.
func (c *compiler) leafName(e ast.Expr) *ast.Name {
	if w := (*iface)(unsafe.Pointer(&e)); w.t == ast.Words.Name && (*ast.Name)(w.d).Lineno == c.u.lineno {
		return (*ast.Name)(w.d)
	}
	return nil
}

func (c *compiler) visitExpr1(ex ast.Expr) {
	switch e := ex.(type) {
	case *ast.NamedExpr:
		c.visitExpr(e.Value)
		c.addop(opcode.DUP_TOP)
		c.visitExpr(e.Target)
	case *ast.BoolOp:
		jumpi := opcode.JUMP_IF_TRUE_OR_POP
		if e.Op == ast.And {
			jumpi = opcode.JUMP_IF_FALSE_OR_POP
		}
		end := c.newBlock()
		n := len(e.Values) - 1
		for i := 0; i < n; i++ {
			c.visitExpr(e.Values[i])
			c.jabs(jumpi, end)
		}
		c.visitExpr(e.Values[n])
		c.useNextBlock(end)
	case *ast.BinOp:
		c.visitExpr(e.Left)
		c.visitExpr(e.Right)
		c.addop(binop(e.Op))
	case *ast.UnaryOp:
		c.visitExpr(e.Operand)
		c.addop(unaryop(e.Op))
	case *ast.Lambda:
		c.lambda(e)
	case *ast.IfExp:
		end := c.newBlock()
		next := c.newBlock()
		c.jumpIf(e.Test, next, false)
		c.visitExpr(e.Body)
		c.jrel(opcode.JUMP_FORWARD, end)
		c.useNextBlock(next)
		c.visitExpr(e.Orelse)
		c.useNextBlock(end)
	case *ast.Dict:
		c.dict(e)
	case *ast.Set:
		c.starunpackHelper(e.Elts, opcode.BUILD_SET, opcode.BUILD_SET, opcode.BUILD_SET_UNPACK)
	case *ast.GeneratorExp:
		c.comprehension(e, compGenExp, "<genexpr>", e.Generators, e.Elt, nil)
	case *ast.ListComp:
		c.comprehension(e, compListComp, "<listcomp>", e.Generators, e.Elt, nil)
	case *ast.SetComp:
		c.comprehension(e, compSetComp, "<setcomp>", e.Generators, e.Elt, nil)
	case *ast.DictComp:
		c.comprehension(e, compDictComp, "<dictcomp>", e.Generators, e.Key, e.Value)
	case *ast.Yield:
		if c.u.ste.Type != symtable.FunctionBlock {
			c.errorAt("'yield' outside function", e.ColOffset)
		}
		if e.Value != nil {
			c.visitExpr(e.Value)
		} else {
			c.loadNone()
		}
		c.addop(opcode.YIELD_VALUE)
	case *ast.YieldFrom:
		if c.u.ste.Type != symtable.FunctionBlock {
			c.errorAt("'yield' outside function", e.ColOffset)
		}
		if c.u.scopeType == scopeAsyncFunction {
			c.errorAt("'yield from' inside async function", e.ColOffset)
		}
		c.visitExpr(e.Value)
		c.addop(opcode.GET_YIELD_FROM_ITER)
		c.loadNone()
		c.addop(opcode.YIELD_FROM)
	case *ast.Await:
		if c.u.ste.Type != symtable.FunctionBlock {
			c.errorAt("'await' outside function", e.ColOffset)
		}
		if c.u.scopeType != scopeAsyncFunction && c.u.scopeType != scopeComprehension {
			c.errorAt("'await' outside async function", e.ColOffset)
		}
		c.visitExpr(e.Value)
		c.addop(opcode.GET_AWAITABLE)
		c.loadNone()
		c.addop(opcode.YIELD_FROM)
	case *ast.Compare:
		c.compare(e)
	case *ast.Call:
		c.call(e)
	case *ast.Constant:
		if sameObj(e.Value, marshal.None) {
			c.loadNone()
		} else {
			c.loadConst(e.Value)
		}
	case *ast.JoinedStr:
		c.visitExprs(e.Values)
		if len(e.Values) != 1 {
			c.addopI(opcode.BUILD_STRING, len(e.Values))
		}
	case *ast.FormattedValue:
		c.visitExpr(e.Value)
		var oparg int
		switch e.Conversion {
		case ast.ConvStr:
			oparg = 1
		case ast.ConvRepr:
			oparg = 2
		case ast.ConvASCII:
			oparg = 3
		case ast.ConvNone:
			oparg = 0
		default:
			c.systemError("Unrecognized conversion character")
		}
		if e.FormatSpec != nil {
			c.visitExpr(e.FormatSpec)
			oparg |= 4
		}
		c.addopI(opcode.FORMAT_VALUE, oparg)
	case *ast.Attribute:
		c.attribute(e)
	case *ast.Subscript:
		c.subscript(e)
	case *ast.Starred:
		if e.Ctx == ast.Store {
			c.errorAt("starred assignment target must be in a list or tuple", e.ColOffset)
		}
		c.errorAt("can't use starred expression here", e.ColOffset)
	case *ast.Name:
		c.nameopSym(e.Id, e.Ctx, e.Sym)
	case *ast.List:
		c.list(e)
	case *ast.Tuple:
		c.tuple(e)
	default:
		c.systemError("codegen: unknown expression")
	}
}

// list is visitExpr1 for a list display or target.
func (c *compiler) list(e *ast.List) {
	c.display(e.Elts, e.Ctx, e.ColOffset, opcode.BUILD_LIST, opcode.BUILD_LIST_UNPACK)
}

// tuple is visitExpr1 for a tuple display or target.
func (c *compiler) tuple(e *ast.Tuple) {
	c.display(e.Elts, e.Ctx, e.ColOffset, opcode.BUILD_TUPLE, opcode.BUILD_TUPLE_UNPACK)
}

// display compiles a list or tuple display, or unpacks into one as a
// target; build and unpack are the kind's opcodes (a starred display's
// pieces are built as tuples).
func (c *compiler) display(elts []ast.Expr, ctx ast.ExprContext, col int32, build, unpack opcode.Op) {
	switch ctx {
	case ast.Store:
		c.assignmentHelper(elts, col)
	case ast.Load:
		c.starunpackHelper(elts, build, opcode.BUILD_TUPLE, unpack)
	default:
		c.visitExprs(elts)
	}
}

// attribute is visitExpr1 for an attribute.
func (c *compiler) attribute(e *ast.Attribute) {
	if e.Ctx != ast.AugStore {
		if x := c.leafName(e.Value); x != nil {
			c.nameopSym(x.Id, x.Ctx, x.Sym)
		} else {
			c.visitExpr(e.Value)
		}
	}
	switch e.Ctx {
	case ast.AugLoad:
		c.addop(opcode.DUP_TOP)
		c.addopName(opcode.LOAD_ATTR, e.Attr)
	case ast.Load:
		c.addopName(opcode.LOAD_ATTR, e.Attr)
	case ast.AugStore:
		c.addop(opcode.ROT_TWO)
		c.addopName(opcode.STORE_ATTR, e.Attr)
	case ast.Store:
		c.addopName(opcode.STORE_ATTR, e.Attr)
	case ast.Del:
		c.addopName(opcode.DELETE_ATTR, e.Attr)
	default:
		c.systemError("param invalid in attribute expression")
	}
}

// subscript is visitExpr1 for a subscript.
func (c *compiler) subscript(e *ast.Subscript) {
	switch e.Ctx {
	case ast.AugLoad:
		c.visitExpr(e.Value)
		c.visitSlice(e.Slice, ast.AugLoad)
	case ast.Load:
		// The checks warn of literals only: a name, the commonest
		// subscripted value, needs neither.
		if (*iface)(unsafe.Pointer(&e.Value)).t != ast.Words.Name {
			c.checkSubscripter(e.Value)
			c.checkIndex(e.Value, e.Slice)
		}
		c.visitExpr(e.Value)
		c.visitSlice(e.Slice, ast.Load)
	case ast.AugStore:
		c.visitSlice(e.Slice, ast.AugStore)
	case ast.Store, ast.Del:
		c.visitExpr(e.Value)
		c.visitSlice(e.Slice, e.Ctx)
	default:
		c.systemError("param invalid in subscript expression")
	}
}

func unaryop(op ast.UnaryOperator) opcode.Op {
	switch op {
	case ast.Invert:
		return opcode.UNARY_INVERT
	case ast.Not:
		return opcode.UNARY_NOT
	case ast.UAdd:
		return opcode.UNARY_POSITIVE
	case ast.USub:
		return opcode.UNARY_NEGATIVE
	}
	return 0
}

var binops = [...]opcode.Op{
	ast.Add:      opcode.BINARY_ADD,
	ast.Sub:      opcode.BINARY_SUBTRACT,
	ast.Mult:     opcode.BINARY_MULTIPLY,
	ast.MatMult:  opcode.BINARY_MATRIX_MULTIPLY,
	ast.Div:      opcode.BINARY_TRUE_DIVIDE,
	ast.Modulo:   opcode.BINARY_MODULO,
	ast.Pow:      opcode.BINARY_POWER,
	ast.LShift:   opcode.BINARY_LSHIFT,
	ast.RShift:   opcode.BINARY_RSHIFT,
	ast.BitOr:    opcode.BINARY_OR,
	ast.BitXor:   opcode.BINARY_XOR,
	ast.BitAnd:   opcode.BINARY_AND,
	ast.FloorDiv: opcode.BINARY_FLOOR_DIVIDE,
}

var inplaceBinops = [...]opcode.Op{
	ast.Add:      opcode.INPLACE_ADD,
	ast.Sub:      opcode.INPLACE_SUBTRACT,
	ast.Mult:     opcode.INPLACE_MULTIPLY,
	ast.MatMult:  opcode.INPLACE_MATRIX_MULTIPLY,
	ast.Div:      opcode.INPLACE_TRUE_DIVIDE,
	ast.Modulo:   opcode.INPLACE_MODULO,
	ast.Pow:      opcode.INPLACE_POWER,
	ast.LShift:   opcode.INPLACE_LSHIFT,
	ast.RShift:   opcode.INPLACE_RSHIFT,
	ast.BitOr:    opcode.INPLACE_OR,
	ast.BitXor:   opcode.INPLACE_XOR,
	ast.BitAnd:   opcode.INPLACE_AND,
	ast.FloorDiv: opcode.INPLACE_FLOOR_DIVIDE,
}

func binop(op ast.Operator) opcode.Op {
	if int(op) < len(binops) {
		return binops[op]
	}
	return 0
}

func inplaceBinop(op ast.Operator) opcode.Op {
	if int(op) < len(inplaceBinops) {
		return inplaceBinops[op]
	}
	return 0
}

var cmpops = [...]int{
	ast.Eq:    opcode.CmpEQ,
	ast.NotEq: opcode.CmpNE,
	ast.Lt:    opcode.CmpLT,
	ast.LtE:   opcode.CmpLE,
	ast.Gt:    opcode.CmpGT,
	ast.GtE:   opcode.CmpGE,
	ast.Is:    opcode.CmpIs,
	ast.IsNot: opcode.CmpIsNot,
	ast.In:    opcode.CmpIn,
	ast.NotIn: opcode.CmpNotIn,
}

func cmpop(op ast.CmpOp) int {
	if int(op) < len(cmpops) && op != 0 {
		return cmpops[op]
	}
	return opcode.CmpBad
}

// ---- boolean jumps ----

// jumpIf is compiler_jump_if: jump to next when e's truth equals cond,
// with the and/or/not/if-else/chained-compare shapes flattened into jumps.
func (c *compiler) jumpIf(ex ast.Expr, next *block, cond bool) {
	switch e := ex.(type) {
	case *ast.UnaryOp:
		if e.Op == ast.Not {
			c.jumpIf(e.Operand, next, !cond)
			return
		}
	case *ast.BoolOp:
		n := len(e.Values) - 1
		cond2 := e.Op == ast.Or
		next2 := next
		if cond2 != cond {
			next2 = c.newBlock()
		}
		for i := 0; i < n; i++ {
			c.jumpIf(e.Values[i], next2, cond2)
		}
		c.jumpIf(e.Values[n], next, cond)
		if next2 != next {
			c.useNextBlock(next2)
		}
		return
	case *ast.IfExp:
		end := c.newBlock()
		next2 := c.newBlock()
		c.jumpIf(e.Test, next2, false)
		c.jumpIf(e.Body, next, cond)
		c.jrel(opcode.JUMP_FORWARD, end)
		c.useNextBlock(next2)
		c.jumpIf(e.Orelse, next, cond)
		c.useNextBlock(end)
		return
	case *ast.Compare:
		n := len(e.Ops) - 1
		if n > 0 {
			c.checkCompare(e)
			cleanup := c.newBlock()
			c.visitExpr(e.Left)
			for i := 0; i < n; i++ {
				c.visitExpr(e.Comparators[i])
				c.addop(opcode.DUP_TOP)
				c.addop(opcode.ROT_THREE)
				c.addopI(opcode.COMPARE_OP, cmpop(e.Ops[i]))
				c.jabs(opcode.POP_JUMP_IF_FALSE, cleanup)
				c.nextBlock()
			}
			c.visitExpr(e.Comparators[n])
			c.addopI(opcode.COMPARE_OP, cmpop(e.Ops[n]))
			if cond {
				c.jabs(opcode.POP_JUMP_IF_TRUE, next)
			} else {
				c.jabs(opcode.POP_JUMP_IF_FALSE, next)
			}
			end := c.newBlock()
			c.jrel(opcode.JUMP_FORWARD, end)
			c.useNextBlock(cleanup)
			c.addop(opcode.POP_TOP)
			if !cond {
				c.jrel(opcode.JUMP_FORWARD, next)
			}
			c.useNextBlock(end)
			return
		}
	}
	c.visitExpr(ex)
	if cond {
		c.jabs(opcode.POP_JUMP_IF_TRUE, next)
	} else {
		c.jabs(opcode.POP_JUMP_IF_FALSE, next)
	}
}

// ---- compile-time warnings ----

// inferType is infer_type: the type name an expression statically has, or "".
func inferType(e ast.Expr) string {
	switch v := e.(type) {
	case *ast.Tuple:
		return "tuple"
	case *ast.List, *ast.ListComp:
		return "list"
	case *ast.Dict, *ast.DictComp:
		return "dict"
	case *ast.Set, *ast.SetComp:
		return "set"
	case *ast.GeneratorExp:
		return "generator"
	case *ast.Lambda:
		return "function"
	case *ast.JoinedStr, *ast.FormattedValue:
		return "str"
	case *ast.Constant:
		return marshal.TypeName(v.Value)
	}
	return ""
}

// checkIsArg reports whether e is not a literal other than the named
// singletons (None, True, False, ...).
func checkIsArg(e ast.Expr) bool {
	k, ok := e.(*ast.Constant)
	if !ok {
		return true
	}
	switch k.Value {
	case marshal.None, marshal.False, marshal.True, marshal.Ellipsis:
		return true
	}
	return false
}

func (c *compiler) checkCompare(e *ast.Compare) {
	left := checkIsArg(e.Left)
	for i, op := range e.Ops {
		right := checkIsArg(e.Comparators[i])
		if op == ast.Is || op == ast.IsNot {
			if !right || !left {
				if op == ast.Is {
					c.warn("\"is\" with a literal. Did you mean \"==\"?")
				} else {
					c.warn("\"is not\" with a literal. Did you mean \"!=\"?")
				}
				return
			}
		}
		left = right
	}
}

func (c *compiler) checkCaller(e ast.Expr) {
	switch e.(type) {
	case *ast.Constant, *ast.Tuple, *ast.List, *ast.ListComp, *ast.Dict, *ast.DictComp,
		*ast.Set, *ast.SetComp, *ast.GeneratorExp, *ast.JoinedStr, *ast.FormattedValue:
		c.warn("'" + inferType(e) + "' object is not callable; perhaps you missed a comma?")
	}
}

func (c *compiler) checkSubscripter(e ast.Expr) {
	switch v := e.(type) {
	case *ast.Constant:
		switch v.Value.(type) {
		case *marshal.Int, *marshal.Float, *marshal.Complex, *marshal.FrozenSet:
		default:
			if v.Value != marshal.None && v.Value != marshal.Ellipsis && v.Value != marshal.True && v.Value != marshal.False {
				return
			}
		}
	case *ast.Set, *ast.SetComp, *ast.GeneratorExp, *ast.Lambda:
	default:
		return
	}
	c.warn("'" + inferType(e) + "' object is not subscriptable; perhaps you missed a comma?")
}

func (c *compiler) checkIndex(e ast.Expr, s ast.SliceKind) {
	idx, ok := s.(*ast.Index)
	if !ok {
		return
	}
	indexType := inferType(idx.Value)
	if indexType == "" || indexType == "int" || indexType == "bool" {
		return
	}
	switch v := e.(type) {
	case *ast.Constant:
		switch v.Value.(type) {
		case *marshal.Str, *marshal.Bytes, *marshal.Tuple:
		default:
			return
		}
	case *ast.Tuple, *ast.List, *ast.ListComp, *ast.JoinedStr, *ast.FormattedValue:
	default:
		return
	}
	c.warn(inferType(e) + " indices must be integers or slices, not " + indexType + "; perhaps you missed a comma?")
}

// ---- compare, calls ----

func (c *compiler) compare(e *ast.Compare) {
	c.checkCompare(e)
	c.visitExpr(e.Left)
	n := len(e.Ops) - 1
	if n == 0 {
		c.visitExpr(e.Comparators[0])
		c.addopI(opcode.COMPARE_OP, cmpop(e.Ops[0]))
		return
	}
	cleanup := c.newBlock()
	for i := 0; i < n; i++ {
		c.visitExpr(e.Comparators[i])
		c.addop(opcode.DUP_TOP)
		c.addop(opcode.ROT_THREE)
		c.addopI(opcode.COMPARE_OP, cmpop(e.Ops[i]))
		c.jabs(opcode.JUMP_IF_FALSE_OR_POP, cleanup)
		c.nextBlock()
	}
	c.visitExpr(e.Comparators[n])
	c.addopI(opcode.COMPARE_OP, cmpop(e.Ops[n]))
	end := c.newBlock()
	c.jrel(opcode.JUMP_FORWARD, end)
	c.useNextBlock(cleanup)
	c.addop(opcode.ROT_TWO)
	c.addop(opcode.POP_TOP)
	c.useNextBlock(end)
}

func (c *compiler) call(e *ast.Call) {
	if meth, ok := e.Func.(*ast.Attribute); ok && meth.Ctx == ast.Load && len(e.Keywords) == 0 {
		starred := false
		for _, a := range e.Args {
			if _, ok := a.(*ast.Starred); ok {
				starred = true
				break
			}
		}
		if !starred {
			if x := c.leafName(meth.Value); x != nil {
				c.nameopSym(x.Id, x.Ctx, x.Sym)
			} else {
				c.visitExpr(meth.Value)
			}
			c.addopName(opcode.LOAD_METHOD, meth.Attr)
			c.visitExprs(e.Args)
			c.addopI(opcode.CALL_METHOD, len(e.Args))
			return
		}
	}
	if (*iface)(unsafe.Pointer(&e.Func)).t != ast.Words.Name { // a name is no literal
		c.checkCaller(e.Func)
	}
	c.visitExpr(e.Func)
	c.callHelper(0, e.Args, e.Keywords)
}

// subkwargs pushes keywords[begin:end] as one dict.
func (c *compiler) subkwargs(kws []*ast.Keyword, begin, end int) {
	n := end - begin
	if n > 1 {
		for _, kw := range kws[begin:end] {
			c.visitExpr(kw.Value)
		}
		base := len(c.items)
		for _, kw := range kws[begin:end] {
			c.pushItem(kw.Arg)
		}
		c.loadConstTuple(base)
		c.addopI(opcode.BUILD_CONST_KEY_MAP, n)
		return
	}
	for _, kw := range kws[begin:end] {
		c.loadConst(c.intern(kw.Arg))
		c.visitExpr(kw.Value)
	}
	c.addopI(opcode.BUILD_MAP, n)
}

// callHelper is compiler_call_helper, shared by calls and class
// definitions; n arguments are already on the stack.
func (c *compiler) callHelper(n int, args []ast.Expr, keywords []*ast.Keyword) {
	mustDictUnpack := false
	for _, kw := range keywords {
		if kw.Arg == "" {
			mustDictUnpack = true
			break
		}
	}
	nseen := n
	nsubargs, nsubkwargs := 0, 0
	for _, elt := range args {
		if st, ok := elt.(*ast.Starred); ok {
			if nseen > 0 {
				c.addopTuple(opcode.BUILD_TUPLE, nseen)
				nseen = 0
				nsubargs++
			}
			c.visitExpr(st.Value)
			nsubargs++
		} else {
			c.visitExpr(elt)
			nseen++
		}
	}
	if nsubargs > 0 || mustDictUnpack {
		if nseen > 0 {
			c.addopTuple(opcode.BUILD_TUPLE, nseen)
			nsubargs++
		}
		if nsubargs > 1 {
			c.addopI(opcode.BUILD_TUPLE_UNPACK_WITH_CALL, nsubargs)
		} else if nsubargs == 0 {
			c.addopTuple(opcode.BUILD_TUPLE, 0)
		}
		nseen = 0
		for i, kw := range keywords {
			if kw.Arg == "" {
				if nseen > 0 {
					c.subkwargs(keywords, i-nseen, i)
					nsubkwargs++
					nseen = 0
				}
				c.visitExpr(kw.Value)
				nsubkwargs++
			} else {
				nseen++
			}
		}
		if nseen > 0 {
			c.subkwargs(keywords, len(keywords)-nseen, len(keywords))
			nsubkwargs++
		}
		if nsubkwargs > 1 {
			c.addopI(opcode.BUILD_MAP_UNPACK_WITH_CALL, nsubkwargs)
		}
		ex := 0
		if nsubkwargs > 0 {
			ex = 1
		}
		c.addopI(opcode.CALL_FUNCTION_EX, ex)
		return
	}
	if len(keywords) > 0 {
		base := len(c.items)
		for _, kw := range keywords {
			c.visitExpr(kw.Value)
			c.pushItem(kw.Arg)
		}
		c.loadConstTuple(base)
		c.addopI(opcode.CALL_FUNCTION_KW, n+len(args)+len(keywords))
		return
	}
	c.addopI(opcode.CALL_FUNCTION, n+len(args))
}

// ---- displays ----

func (c *compiler) starunpackHelper(elts []ast.Expr, singleOp, innerOp, outerOp opcode.Op) {
	nsubitems, nseen := 0, 0
	for _, elt := range elts {
		if st, ok := elt.(*ast.Starred); ok {
			if nseen > 0 {
				c.addopTuple(innerOp, nseen)
				nseen = 0
				nsubitems++
			}
			c.visitExpr(st.Value)
			nsubitems++
		} else {
			c.visitExpr(elt)
			nseen++
		}
	}
	if nsubitems > 0 {
		if nseen > 0 {
			c.addopTuple(innerOp, nseen)
			nsubitems++
		}
		c.addopTuple(outerOp, nsubitems)
	} else {
		c.addopTuple(singleOp, nseen)
	}
}

// assignmentHelper unpacks into the targets elts of a list or tuple at
// column col.
func (c *compiler) assignmentHelper(elts []ast.Expr, col int32) {
	n := len(elts)
	star := -1
	for i, elt := range elts {
		if _, ok := elt.(*ast.Starred); ok {
			if star >= 0 {
				c.errorAt("two starred expressions in assignment", col)
			}
			if i >= 1<<8 || n-i-1 >= (1<<31-1)>>8 {
				c.errorAt("too many expressions in star-unpacking assignment", col)
			}
			c.addopI(opcode.UNPACK_EX, i+((n-i-1)<<8))
			star = i
		}
	}
	if star < 0 {
		c.addopTuple(opcode.UNPACK_SEQUENCE, n)
	}
	// CPython swaps the starred target for its value in the tree; we visit
	// the value instead and leave the tree alone.
	for i, elt := range elts {
		if i == star {
			elt = elt.(*ast.Starred).Value
		}
		c.visitExpr(elt)
	}
}

func (c *compiler) subdict(e *ast.Dict, begin, end int) {
	n := end - begin
	allConst := n > 1
	if allConst {
		for _, k := range e.Keys[begin:end] {
			if _, ok := k.(*ast.Constant); !ok || k == nil {
				allConst = false
				break
			}
		}
	}
	if allConst {
		c.visitExprs(e.Values[begin:end])
		keys := c.newTupleN(n)
		for i, k := range e.Keys[begin:end] {
			keys.Items[i] = k.(*ast.Constant).Value
		}
		c.loadConst(keys)
		c.addopI(opcode.BUILD_CONST_KEY_MAP, n)
		return
	}
	for i := begin; i < end; i++ {
		c.visitExpr(e.Keys[i])
		c.visitExpr(e.Values[i])
	}
	c.addopI(opcode.BUILD_MAP, n)
}

func (c *compiler) dict(e *ast.Dict) {
	n := len(e.Values)
	containers, elements := 0, 0
	isUnpacking := false
	for i := 0; i < n; i++ {
		isUnpacking = e.Keys[i] == nil
		if elements == 0xFFFF || (elements > 0 && isUnpacking) {
			c.subdict(e, i-elements, i)
			containers++
			elements = 0
		}
		if isUnpacking {
			c.visitExpr(e.Values[i])
			containers++
		} else {
			elements++
		}
	}
	if elements > 0 || containers == 0 {
		c.subdict(e, n-elements, n)
		containers++
	}
	if containers > 1 || isUnpacking {
		c.addopI(opcode.BUILD_MAP_UNPACK, containers)
	}
}

// ---- slices ----

func (c *compiler) sliceExpr(s *ast.Slice) {
	n := 2
	if s.Lower != nil {
		c.visitExpr(s.Lower)
	} else {
		c.loadNone()
	}
	if s.Upper != nil {
		c.visitExpr(s.Upper)
	} else {
		c.loadNone()
	}
	if s.Step != nil {
		n++
		c.visitExpr(s.Step)
	}
	c.addopI(opcode.BUILD_SLICE, n)
}

func (c *compiler) visitSlice(s ast.SliceKind, ctx ast.ExprContext) {
	switch v := s.(type) {
	case *ast.Index:
		if ctx != ast.AugStore {
			c.visitExpr(v.Value)
		}
	case *ast.Slice:
		if ctx != ast.AugStore {
			c.sliceExpr(v)
		}
	case *ast.ExtSlice:
		if ctx != ast.AugStore {
			for _, d := range v.Dims {
				switch dv := d.(type) {
				case *ast.Slice:
					c.sliceExpr(dv)
				case *ast.Index:
					c.visitExpr(dv.Value)
				default:
					c.systemError("extended slice invalid in nested slice")
				}
			}
			c.addopTuple(opcode.BUILD_TUPLE, len(v.Dims))
		}
	default:
		c.systemError("invalid subscript kind")
	}
	switch ctx {
	case ast.AugLoad:
		c.addop(opcode.DUP_TOP_TWO)
		c.addop(opcode.BINARY_SUBSCR)
	case ast.Load:
		c.addop(opcode.BINARY_SUBSCR)
	case ast.AugStore:
		c.addop(opcode.ROT_THREE)
		c.addop(opcode.STORE_SUBSCR)
	case ast.Store:
		c.addop(opcode.STORE_SUBSCR)
	case ast.Del:
		c.addop(opcode.DELETE_SUBSCR)
	default:
		c.systemError("invalid subscript context")
	}
}

// ---- lambdas and comprehensions ----

func (c *compiler) lambda(e *ast.Lambda) {
	funcflags := c.defaultArguments(e.Args)
	c.enterScope(c.intern("<lambda>"), scopeLambda, e, e.Lineno, 0)
	// None first, so a lambda never has a docstring.
	c.addConst(marshal.None)
	c.u.argcount = len(e.Args.Args)
	c.u.posonlyargcount = len(e.Args.PosOnlyArgs)
	c.u.kwonlyargcount = len(e.Args.KwOnlyArgs)
	c.visitExpr(e.Body)
	var co *marshal.Code
	if c.u.ste.Generator {
		co = c.assemble(false)
	} else {
		c.addReturn()
		co = c.assemble(true)
	}
	qualname := c.u.qualname
	c.exitScope()
	c.makeClosure(co, funcflags, qualname)
}

func (c *compiler) comprehension(e ast.Expr, typ int, name string, gens []*ast.Comprehension, elt, val ast.Expr) {
	isAsyncFunction := c.u.ste.Coroutine
	outermost := gens[0]
	c.enterScope(c.intern(name), scopeComprehension, e, e.Loc().Lineno, 0)
	isAsyncGenerator := c.u.ste.Coroutine
	if isAsyncGenerator && !isAsyncFunction && typ != compGenExp {
		c.error("asynchronous comprehension outside of an asynchronous function")
	}
	switch typ {
	case compListComp:
		c.addopI(opcode.BUILD_LIST, 0)
	case compSetComp:
		c.addopI(opcode.BUILD_SET, 0)
	case compDictComp:
		c.addopI(opcode.BUILD_MAP, 0)
	}
	c.comprehensionGenerator(gens, 0, elt, val, typ)
	if typ != compGenExp {
		c.addReturn()
	}
	co := c.assemble(true)
	qualname := c.u.qualname
	c.exitScope()
	c.makeClosure(co, 0, qualname)
	c.visitExpr(outermost.Iter)
	if outermost.IsAsync != 0 {
		c.addop(opcode.GET_AITER)
	} else {
		c.addop(opcode.GET_ITER)
	}
	c.addopI(opcode.CALL_FUNCTION, 1)
	if isAsyncGenerator && typ != compGenExp {
		c.addop(opcode.GET_AWAITABLE)
		c.loadNone()
		c.addop(opcode.YIELD_FROM)
	}
}

func (c *compiler) comprehensionGenerator(gens []*ast.Comprehension, i int, elt, val ast.Expr, typ int) {
	if gens[i].IsAsync != 0 {
		c.asyncComprehensionGenerator(gens, i, elt, val, typ)
	} else {
		c.syncComprehensionGenerator(gens, i, elt, val, typ)
	}
}

// comprehensionElt emits the innermost body: yield or append the element.
func (c *compiler) comprehensionElt(elt, val ast.Expr, typ, depth int) {
	switch typ {
	case compGenExp:
		c.visitExpr(elt)
		c.addop(opcode.YIELD_VALUE)
		c.addop(opcode.POP_TOP)
	case compListComp:
		c.visitExpr(elt)
		c.addopI(opcode.LIST_APPEND, depth+1)
	case compSetComp:
		c.visitExpr(elt)
		c.addopI(opcode.SET_ADD, depth+1)
	case compDictComp:
		c.visitExpr(elt)
		c.visitExpr(val)
		c.addopI(opcode.MAP_ADD, depth+1)
	}
}

func (c *compiler) syncComprehensionGenerator(gens []*ast.Comprehension, i int, elt, val ast.Expr, typ int) {
	start := c.newBlock()
	skip := c.newBlock()
	ifCleanup := c.newBlock()
	anchor := c.newBlock()
	gen := gens[i]
	if i == 0 {
		// The outermost iterator arrives as the implicit argument .0.
		c.u.argcount = 1
		c.addopI(opcode.LOAD_FAST, 0)
	} else {
		c.visitExpr(gen.Iter)
		c.addop(opcode.GET_ITER)
	}
	c.useNextBlock(start)
	c.jrel(opcode.FOR_ITER, anchor)
	c.nextBlock()
	c.visitExpr(gen.Target)
	for _, cond := range gen.Ifs {
		c.jumpIf(cond, ifCleanup, false)
		c.nextBlock()
	}
	i++
	if i < len(gens) {
		c.comprehensionGenerator(gens, i, elt, val, typ)
	}
	if i >= len(gens) {
		c.comprehensionElt(elt, val, typ, i)
		c.useNextBlock(skip)
	}
	c.useNextBlock(ifCleanup)
	c.jabs(opcode.JUMP_ABSOLUTE, start)
	c.useNextBlock(anchor)
}

func (c *compiler) asyncComprehensionGenerator(gens []*ast.Comprehension, i int, elt, val ast.Expr, typ int) {
	start := c.newBlock()
	except := c.newBlock()
	ifCleanup := c.newBlock()
	gen := gens[i]
	if i == 0 {
		c.u.argcount = 1
		c.addopI(opcode.LOAD_FAST, 0)
	} else {
		c.visitExpr(gen.Iter)
		c.addop(opcode.GET_AITER)
	}
	c.useNextBlock(start)
	c.jrel(opcode.SETUP_FINALLY, except)
	c.addop(opcode.GET_ANEXT)
	c.loadNone()
	c.addop(opcode.YIELD_FROM)
	c.addop(opcode.POP_BLOCK)
	c.visitExpr(gen.Target)
	for _, cond := range gen.Ifs {
		c.jumpIf(cond, ifCleanup, false)
		c.nextBlock()
	}
	i++
	if i < len(gens) {
		c.comprehensionGenerator(gens, i, elt, val, typ)
	}
	if i >= len(gens) {
		c.comprehensionElt(elt, val, typ, i)
	}
	c.useNextBlock(ifCleanup)
	c.jabs(opcode.JUMP_ABSOLUTE, start)
	c.useNextBlock(except)
	c.addop(opcode.END_ASYNC_FOR)
}

// stampCheck, when set (by tests), is told the stamp (-1: none) of each
// name nameopSlow compiles and of each symbol's first use on nameopSym's
// fast path, and what the search finds, which must agree. (Later uses on
// the fast path have the symbol's name: the search finds it.)
var stampCheck func(stamp, found int)
