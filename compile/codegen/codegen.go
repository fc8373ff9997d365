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
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"unsafe"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/internal/idle"
	"github.com/gopyc/gopyc/marshal"
)

// Options are the compile() settings that change the code.
type Options struct {
	Optimize int // -O level: 0, 1 or 2
	// Memory, when set, is where the code objects are allocated (see
	// Memory); nil means a new Memory.
	Memory *Memory
	// Effects, when set, gets what compiling did to CPython's process
	// before it stopped, error or not: the unparser's interned strings,
	// once an annotation is turned into a string.
	Effects *share.Effects
}

// Compile generates the module's code object. The error, when not nil, is a
// *diag.Error; warnings (SyntaxWarning) are returned in order.
func Compile(mod *ast.Module, st *symtable.Table, fut future.Features, filename string, opts Options) (code *marshal.Code, warns []diag.Warning, err error) {
	if mod == nil || st == nil {
		return nil, nil, &diag.Error{Class: "SystemError", Msg: "codegen: no module or symbol table", Filename: filename}
	}
	c := compilers.Get()
	c.reset(st, fut, filename, opts)
	defer compilers.Put(c) // runs last, after the recover below
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

// compilers holds idle compilers: their scratch (blocks, instructions,
// units, tables) is reused by the next file instead of reallocated.
var compilers idle.List[compiler]

// reset prepares c for a new file, keeping its scratch storage. Nothing
// reused may have escaped into a previous file's code objects.
func (c *compiler) reset(st *symtable.Table, fut future.Features, filename string, opts Options) {
	// The objects every file needs come from its Memory, as the rest.
	c.objs = opts.Memory
	if c.growEmit == nil { // a new compiler
		c.growEmit, c.varEffectLast = c.growEmitPending, c.varEffectLastInstr
	}
	if c.objs == nil {
		c.objs = new(Memory)
	}
	c.filename = c.newStr(filename, false)
	c.filenameS = filename
	c.st = st
	c.fut = fut
	c.optimize = opts.Optimize
	c.effects, c.unparsed = opts.Effects, false
	c.serial = 0
	c.noEmit = 0
	c.interned.reset(st.NumNames())
	c.symStrs = slices.Grow(c.symStrs[:0], st.NumNames())[:st.NumNames()]
	clear(c.symStrs)
	c.emptyTuple = c.objs.tuples.one()
	c.emptyBytes = c.newBytes([]byte{})
	c.cache.reset(c.emptyTuple, c.emptyBytes, st.NumNames(), st.NumConsts())
	// A previous file may have bailed out inside nested scopes.
	c.u, c.cur, c.depth = nil, nil, 0
	// The previous file's objects are dropped once here, not by each unit.
	for _, u := range c.units {
		u.release()
	}
	c.items, c.itemHs = c.items[:0], c.itemHs[:0]
	clear(c.keys)
	c.keys = c.keys[:0]
	c.instrs.reset()
	c.blocks.reset()
	c.warnings = nil
	c.err = nil
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

// instr is one instruction; target is set for jumps (jabs/jrel). It has
// no pointers and takes 16 bytes: the passes over instructions read less
// memory, and the garbage collector need not scan them. arg and lineno
// are adjacent: emitBlocks tests both with one load (plainMask); op comes
// just before arg, so that on a little-endian machine op and arg's low
// byte are a code unit, which emitBlocks copies with one load and store.
type instr struct {
	jabs bool
	jrel bool
	// depth is, for a jump before its block exits, the stack depth before
	// it relative to the block's start, for stackdepth (which walks the
	// block instead if it does not fit).
	depth  int8
	op     opcode.Op
	arg    int32
	lineno int32
	target int32 // the target block's index in its unit's blocks
}

// The layout emitBlocks relies on: a code unit at unitOff, the plain test's
// word at plainOff.
const (
	unitOff  = unsafe.Offsetof(instr{}.op)
	plainOff = unsafe.Offsetof(instr{}.arg)
)

var _ = [1]struct{}{}[plainOff-unitOff-1]                         // arg follows op
var _ = [1]struct{}{}[unsafe.Offsetof(instr{}.lineno)-plainOff-4] // lineno follows arg
var _ = [1]struct{}{}[unsafe.Sizeof(instr{})-16]                  // 16 bytes

// block is a basic block. next is the fall-through successor.
//
// emit keeps a summary of the block for assembly, so that the passes over
// a unit's instructions need not visit the blocks without jumps, most of
// them, nor the instructions before a block's first jump: its size in
// code units (a jump counted at one unit, as it starts) and, up to the
// first instruction that leaves the block (exited, at index end-1), its
// net (if it has not exited) and peak stack effect; its jumps keep the
// depth before them.
type block struct {
	instrs     []instr
	next       *block
	seen       bool
	ret        bool // has a return
	targeted   bool // a laid-out jump goes to it
	passed     bool // by emitCode's depth pass
	exited     bool
	end        int32 // 1 + the index of the instruction that exits it
	startDepth int32
	offset     int32
	id         int32 // index in the unit's blocks
	ext        int32 // EXTENDED_ARG units: the size is len(instrs)+ext code units
	net, peak  int32
	// jump is 1 + the index of the first of the block's jumps in its
	// unit's jumps (0: none), lastJump that of the last: the passes over
	// jumps visit no other instruction.
	jump, lastJump int32
	// walk is 1 + the index from which stackdepth walks the instructions
	// (0: it need not): the first opcode without a stack effect, or jump
	// whose depth does not fit its instr, before the block exits; walkNet
	// and walkPeak summarize those before.
	walk, walkNet, walkPeak int32
}

// nameDict maps names to indices, as the u_names/u_varnames/... dicts.
// Most are small: they are searched linearly, and indexed only once they
// outgrow linearMax and are searched.
type nameDict struct {
	list []marshal.Object // *marshal.Str, ready to be the tuple's items
	// acc is the constCache hashes of the list's names folded, as the
	// tuple's hash is made (see tupleHash): makecode need not visit them,
	// and push appends to one list only.
	acc  uint64
	idx  index // of list[:idx.n], from the first search past linearMax (indexRest)
	used int   // the longest list since the last release
}

// linearMax is the size up to which tables are searched linearly.
const linearMax = 16

func (d *nameDict) reset() {
	d.used = max(d.used, len(d.list))
	d.list = d.list[:0]
	d.acc = 0
	if d.idx.n != 0 {
		d.restartIdx()
	}
}

// restartIdx resets an index in use. In line, which index.reset now
// allows, it saved 1.1 M instructions on the stdlib but moved code for
// 0.4 M more I1 misses: it stays out of line.
//
//go:noinline
func (d *nameDict) restartIdx() { d.idx.reset() }

// nameHash is the index's hash of a name: its constCache hash.
func nameHash(s string) uint32 { return uint32(strHash(s)) }

// strAt is item i of the list, a *marshal.Str, read without a type check.
func (d *nameDict) strAt(i int) *marshal.Str {
	return (*marshal.Str)((*iface)(unsafe.Pointer(&d.list[i])).d)
}

func (d *nameDict) lookup(s string) (int, bool) {
	if len(d.list) <= linearMax {
		for i := range d.list {
			if d.strAt(i).V == s {
				return i, true
			}
		}
		return 0, false
	}
	if d.idx.n < len(d.list) {
		d.indexRest()
	}
	h := nameHash(s)
	for j := d.idx.start(h); ; j = d.idx.next(j) {
		e := &d.idx.slots[j]
		if e.gen != d.idx.gen {
			return 0, false
		}
		if e.h == h && d.strAt(int(e.i)).V == s {
			return int(e.i), true
		}
	}
}

// push appends o, whose value is not in d yet; h is strHash(o.V). It
// inlines: the index, if any, takes the name at the next search
// (indexRest).
func (d *nameDict) push(o *marshal.Str, h uint64) int {
	i := len(d.list)
	d.list = append(d.list, o)
	d.acc = fold(d.acc, h)
	return i
}

// indexRest indexes the names pushed since the last search of a list past
// linearMax (all of them at its first): the index holds list[:idx.n].
// co_names, the longest lists, are rarely searched (namesArg).
//
//go:noinline
func (d *nameDict) indexRest() {
	d.idx.size(len(d.list))
	for j := d.idx.n; j < len(d.list); j++ {
		d.idx.add(nameHash(d.strAt(j).V), j)
	}
}

// index is an open-addressed hash index of positions in a list (a unit's
// names or constants) on a stampedTable: emptied in O(1), and reused from
// unit to unit without the capacity a large unit gave it costing the
// small ones their cache.
type index struct {
	stampedTable[indexSlot, *indexSlot]
}

// indexSlot is a slot of an index: position i of the list, hashed h. The
// key is compared in the list itself, after a hash match: slots of 12
// bytes keep an index's probes, which mostly miss the cache (the array is
// reused from unit to unit, long after its last use), to fewer lines.
type indexSlot struct {
	h, gen uint32
	i      int32
}

func (e *indexSlot) stamp() *uint32 { return &e.gen }
func (e *indexSlot) home() uint64   { return uint64(e.h) }

// minIndexSlots is an index's least size: indexes are made for lists
// longer than linearMax.
const minIndexSlots = 64

// reset empties x for the next unit (size sizes it).
func (x *index) reset() { x.n = 0 }

// size starts an empty x, at its first positions (n), on a prefix of its
// array with room for 2n: a unit's index spans what its own list needs,
// not what the largest unit before it needed, in lines its probes touch.
func (x *index) size(n int) {
	if x.n == 0 {
		x.stampedTable.reset(slotsFor(2*n, minIndexSlots))
	}
}

func (x *index) start(h uint32) uint32 { return h & uint32(len(x.slots)-1) }

func (x *index) next(j uint32) uint32 { return (j + 1) & uint32(len(x.slots)-1) }

// add indexes position i under hash h (a new entry).
func (x *index) add(h uint32, i int) {
	j := x.start(h)
	for x.slots[j].gen == x.gen {
		j = x.next(j)
	}
	x.slots[j] = indexSlot{h: h, gen: x.gen, i: int32(i)}
	x.added()
}

// addName adds the identifier name, interning it only when it is new
// (every name in a dict is already interned). co_names, which takes most
// names (attributes), is placed by the name's record in the intern
// table (namesArg), without a scan.
func (c *compiler) addName(d *nameDict, name string) int {
	if d == c.u.names {
		return c.namesArg(c.internN(name))
	}
	if i, ok := d.lookup(name); ok {
		return i
	}
	return d.push(c.internH(name))
}

// unit is a compiler_unit: the state of one code object being built.
// Its storage outlives it, for the next unit; its state is zeroed.
type unit struct {
	unitState
	unitStore
}

// unitState is a unit's state, zero at its start.
type unitState struct {
	ste       *symtable.Block
	nameOps   *[16 * 8]nameOp // nameOps of ste's type
	name      *marshal.Str
	qualname  *marshal.Str
	scopeType int

	// noneIdx is 1 + None's index in constList, 0 before None is added.
	noneIdx    int32
	serial     uint32 // numbers the file's units from 1, for constSlot.unit
	private    string
	hasPrivate bool

	argcount, posonlyargcount, kwonlyargcount int

	// constsAcc is the hashes of constList folded (see tupleHash).
	constsAcc uint64

	// The returns, and whether the peephole optimizer may find a tuple
	// to fold or unpack or code after a return in its block, for makecode
	// to tell the code it would leave alone. (Whether such code lies in
	// one basic block, or is laid out at all, is known only at assembly:
	// rewrites may be true of code it leaves alone.)
	returns  int32
	rewrites bool

	cur  *block    // the current block, while a nested unit is compiled (else c.cur)
	mark arenaMark // the compiler's block and instruction arenas at entry

	// The current position, as the AST's (int32, CPython's C ints):
	// the line of the expression or statement being compiled, and the
	// column of the statement (expressions do not keep theirs: an error
	// inside one places itself, errorAt). newLineno is the line the next
	// instruction starts (c_u_lineno_set unset: the current line), 0 once
	// one has: emit takes it without a test. (Kept in c.newLineno while
	// the unit is compiled.)
	firstlineno int32
	lineno      int32
	colOffset   int32
	newLineno   int32
}

// unitStore is a unit's lists and tables, emptied at its start. Their
// stale objects past the length are cleared once per file (release), not
// per unit.
type unitStore struct {
	constList []marshal.Object
	consts    index // of constList[:consts.n] by identity (objKey)
	names     *nameDict
	varnames  *nameDict
	cellvars  *nameDict
	freevars  *nameDict
	// symArg[i] is 1 + the argument nameop gave ste.Symbols[i] (its
	// position in the one table its scope puts it in, a free variable's
	// counted after the cells), 0 before its first use: later uses skip
	// that table's search.
	symArg []int32

	blocks []*block // in allocation order (u_blocks reversed)
	jumps  []jumpRef

	fblocks []fblock

	usedConsts int // the longest constList since the last release
}

type compiler struct {
	// The units being compiled are units[:depth], c.u the last; those past
	// are finished, kept for reuse (a unit's storage serves the next one
	// begun at its depth). The fields used per instruction or node come
	// first, the large tables (cache, interned) last: a field within the
	// first page needs no explicit nil check of c, one within 128 bytes a
	// short displacement.
	u      *unit
	noEmit int // c_do_not_emit_bytecode
	// cur and newLineno are c.u's current block and the line the next
	// instruction starts (see unit.newLineno), kept here while c.u is
	// compiled (saved in the unit while a nested one is): emit reads
	// them without loading c.u.
	cur       *block
	newLineno int32
	objs      *Memory // this file's objects
	units     []*unit
	depth     int

	// emit's rare cases, method values of c: growEmitPending, which
	// emits the instruction pendOp and pendArg, and varEffectLastInstr.
	growEmit, varEffectLast func()
	pendOp                  opcode.Op
	pendArg                 int32

	filename  *marshal.Str
	filenameS string
	effects   *share.Effects // see Options.Effects
	unparsed  bool           // an annotation was turned into a string
	st        *symtable.Table
	fut       future.Features
	optimize  int
	serial    uint32 // units begun in this file

	symStrs    []symStr // by module-wide name number: the interned name, once looked up
	emptyTuple *marshal.Tuple
	emptyBytes *marshal.Bytes

	// Blocks and instructions of the units being compiled. A unit's all
	// come after its parent's, so exitScope frees them as a stack.
	blocks arena[blockRoom]
	instrs arena[instr]

	items      []marshal.Object // stack of tuple items (names) being collected
	itemHs     []uint64         // their constCache hashes
	keys       []marshal.Object // stack of a BUILD_CONST_KEY_MAP's keys being collected
	scratch    marshal.Tuple    // a tuple being looked up in the cache
	depthStack []*block         // stackdepth's worklist
	names      []string         // cellsAndFrees' scratch
	frees      []string

	warnings []diag.Warning
	err      error

	asm      assembler // reused by assemble
	interned internTable
	cache    constCache
}

// ---- errors and warnings ----

// The error and warning helpers are never inlined: their callers, the
// per-node and per-scope paths, stay smaller without the rare case's
// code (instruction-cache lines).

// error records a SyntaxError at the current statement's position and
// unwinds.
//
//go:noinline
func (c *compiler) error(msg string) { c.errorAt(msg, c.u.colOffset) }

// errorAt records a SyntaxError at the current line and column col, the
// innermost expression's being compiled (expressions do not keep it in
// the unit, which every expression would then save and restore), and
// unwinds.
//
//go:noinline
func (c *compiler) errorAt(msg string, col int32) {
	c.err = &diag.Error{
		Class:    "SyntaxError",
		Msg:      msg,
		Filename: c.filenameS,
		Lineno:   int(c.u.lineno),
		Offset:   int(col) + 1,
	}
	panic(bailout{})
}

// errorNoLoc is a SyntaxError raised with PyErr_SetString: no location.
// It is left inlinable, small as it is: pushFblock, calling it, then
// inlines too.
func (c *compiler) errorNoLoc(msg string) {
	c.err = &diag.Error{Class: "SyntaxError", Msg: msg, Filename: c.filenameS}
	panic(bailout{})
}

//go:noinline
func (c *compiler) systemError(msg string) {
	c.err = &diag.Error{Class: "SystemError", Msg: msg, Filename: c.filenameS}
	panic(bailout{})
}

//go:noinline
func (c *compiler) warn(msg string) {
	c.warnings = append(c.warnings, diag.Warning{
		Category: "SyntaxWarning",
		Msg:      msg,
		Filename: c.filenameS,
		Lineno:   int(c.u.lineno),
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
	return c.newStr(m, false)
}

// sameName reports whether a == b, telling most equal names by their
// storage: the symbol table gives a name's symbols, parameters and stamped
// ast.Names the storage of its first occurrence.
func sameName(a, b string) bool {
	return len(a) == len(b) && (unsafe.StringData(a) == unsafe.StringData(b) || a == b)
}

func (c *compiler) mangleName(name string) string {
	// Inlined, this makes no call for the common names, without "__".
	if len(name) > 2 && name[0] == '_' && name[1] == '_' {
		return c.manglePrivate(name)
	}
	return name
}

// manglePrivate is mangleName's call, kept out of line so that
// mangleName inlines.
//
//go:noinline
func (c *compiler) manglePrivate(name string) string {
	m, _ := mangle(c.u.private, c.u.hasPrivate, name)
	return m
}

// cellsAndFrees is dictbytype for the cell and the free variables: the
// names of b's symbols of scope Cell, and of those of scope Free or with
// flag DefFreeClass, each sorted. One pass over the symbols finds both.
// enterScope calls it only for a block with any (Block.CellsOrFrees).
//
//go:noinline
func (c *compiler) cellsAndFrees(b *symtable.Block) (cells, frees []string) {
	cells, frees = c.names[:0], c.frees[:0]
	for i := range b.Symbols {
		s := &b.Symbols[i]
		sc := symtable.Scope((s.Flags >> symtable.ScopeOffset) & symtable.ScopeMask)
		if sc == symtable.Cell {
			cells = append(cells, s.Name)
		}
		if sc == symtable.Free || s.Flags&symtable.DefFreeClass != 0 {
			frees = append(frees, s.Name)
		}
	}
	if len(cells) > 1 { // most blocks have neither: no call
		slices.Sort(cells)
	}
	if len(frees) > 1 {
		slices.Sort(frees)
	}
	c.names, c.frees = cells, frees
	return cells, frees
}

// enterScope begins the unit of the block built for key. sym is, for a
// def or class statement, its stamp (as ast.FunctionDef.Sym): the bound
// name's symbol in the enclosing block, for setQualname; 0 for others.
func (c *compiler) enterScope(name *marshal.Str, scopeType int, key ast.Node, lineno, sym int32) {
	ste := c.st.Next(key)
	if ste == nil {
		ste = c.st.Lookup(key)
	}
	if ste == nil {
		c.systemError("codegen: no symbol table block for " + name.V)
	}
	u := c.newUnit()
	c.serial++
	u.serial = c.serial
	u.ste = ste
	u.nameOps = &nameOps[ste.Type]
	if n := len(ste.Symbols); n <= cap(u.symArg) {
		u.symArg = u.symArg[:n]
		clear(u.symArg)
	} else {
		u.symArg = make([]int32, n, 2*n)
	}
	u.name = name
	u.scopeType = scopeType
	u.mark = arenaMark{c.blocks.mark(), c.instrs.mark()}
	// The parameters, the block's first symbols, are distinct: each is
	// pushed without a search, and a local one's later loads find its
	// argument in symArg. (Only function blocks have any.)
	params := ste.Symbols[:ste.NumParams]
	for si := range params {
		a := u.varnames.push(c.symName(ste, si, params[si].Name))
		if params[si].Scope() == symtable.Local {
			u.symArg[si] = int32(a + 1)
		}
	}
	if ste.CellsOrFrees || ste.NeedsClassClosure { // most blocks have neither: no call
		c.cellsAndFreesOf(u, ste)
	}
	u.firstlineno = lineno
	if p := c.u; p != nil {
		u.private, u.hasPrivate = p.private, p.hasPrivate
		p.cur, p.newLineno = c.cur, c.newLineno
	}
	c.u = u
	c.depth++
	c.cur, c.newLineno = c.newBlock(), 0
	if scopeType != scopeModule {
		c.setQualname(sym)
	}
}

// cellsAndFreesOf fills u's cellvars and freevars from ste's symbols,
// out of enterScope's line: most blocks have neither.
//
//go:noinline
func (c *compiler) cellsAndFreesOf(u *unit, ste *symtable.Block) {
	var cells, frees []string
	if ste.CellsOrFrees {
		cells, frees = c.cellsAndFrees(ste)
	}
	for _, n := range cells {
		c.addName(u.cellvars, n)
	}
	if ste.NeedsClassClosure {
		c.addName(u.cellvars, "__class__")
	}
	// Free variables are numbered after the cells.
	for _, n := range frees {
		c.addName(u.freevars, n)
	}
}

// newUnit returns an empty unit for the next depth, reusing a finished
// one's storage.
func (c *compiler) newUnit() *unit {
	if c.depth == len(c.units) {
		return c.addUnit()
	}
	u := c.units[c.depth]
	u.unitState = unitState{}
	s := &u.unitStore
	s.usedConsts = max(s.usedConsts, len(s.constList))
	s.consts.reset()
	s.constList = s.constList[:0]
	// An empty dict is reset already (most cellvars and freevars): no call.
	if len(s.names.list) != 0 {
		s.names.reset()
	}
	if len(s.varnames.list) != 0 {
		s.varnames.reset()
	}
	if len(s.cellvars.list) != 0 {
		s.cellvars.reset()
	}
	if len(s.freevars.list) != 0 {
		s.freevars.reset()
	}
	s.blocks, s.fblocks, s.symArg = s.blocks[:0], s.fblocks[:0], s.symArg[:0]
	s.jumps = s.jumps[:0]
	return u
}

// addUnit is newUnit at a depth first reached.
//
//go:noinline
func (c *compiler) addUnit() *unit {
	u := &unit{unitStore: unitStore{
		names:    new(nameDict),
		varnames: new(nameDict),
		cellvars: new(nameDict),
		freevars: new(nameDict),
	}}
	c.units = append(c.units, u)
	return u
}

// release drops the objects the unit's storage still refers to, past
// the lengths its next use starts from. (blocks and fblocks refer only to
// the compiler's arenas, which hold the same pointers themselves.)
func (s *unitStore) release() {
	// The used lengths bound those since the last release; a unit in use
	// now has not counted its own yet.
	clear(s.constList[:min(max(s.usedConsts, len(s.constList)), cap(s.constList))])
	s.usedConsts = 0
	for _, d := range [...]*nameDict{s.names, s.varnames, s.cellvars, s.freevars} {
		n := max(d.used, len(d.list))
		d.used = 0
		clear(d.list[:n])
	}
}

// exitScope leaves the current unit, which must be finished: its blocks
// and instructions are freed and the unit is kept for reuse.
func (c *compiler) exitScope() {
	c.blocks.release(c.u.mark.blocks)
	c.instrs.release(c.u.mark.instrs)
	c.depth--
	c.u, c.cur = nil, nil
	if d := c.depth; d > 0 {
		u := c.units[d-1]
		c.u, c.cur, c.newLineno = u, u.cur, u.newLineno
	}
}

// setQualname sets the unit's qualified name. sym is enterScope's.
func (c *compiler) setQualname(sym int32) {
	u := c.u
	u.qualname = u.name
	// The unit's parent, if not the module: the unit is units[depth-1].
	n := c.depth - 2
	if n <= 0 {
		return
	}
	parent := c.units[n]
	// A def or class statement (enterScope's caller is no module) whose
	// name is declared global keeps its own name.
	if u.scopeType <= scopeAsyncFunction && c.globalDef(parent, sym) {
		return
	}
	sep := "."
	if uint(parent.scopeType-scopeFunction) <= scopeLambda-scopeFunction {
		sep = ".<locals>."
	}
	u.qualname = c.newStr(c.objs.data.concat(parent.qualname.V, sep, u.name.V), false)
}

// globalDef reports whether the current unit's name is declared global in
// parent (sym is enterScope's).
func (c *compiler) globalDef(parent *unit, sym int32) bool {
	m := c.u.name.V
	if parent.hasPrivate {
		m, _ = mangle(parent.private, true, m)
	}
	// The statement's stamp, checked, saves the search.
	var scope symtable.Scope
	if si := uint(sym - 1); si < uint(len(parent.ste.Symbols)) && sameName(parent.ste.Symbols[si].Name, m) {
		scope = parent.ste.Symbols[si].Scope()
	} else {
		scope = parent.ste.ScopeOf(m)
	}
	return scope == symtable.GlobalExplicit
}

// ---- blocks and instructions ----

func (c *compiler) newBlock() *block {
	// Blocks start with room for 32 instructions, allocated with them
	// (one arena allocation a block; few blocks outgrow it); one that
	// outgrows it moves to the instruction arena, to twice the room (the
	// capacity is capped so appends never run into the next allocation),
	// where it mostly grows in place after.
	r := &c.blocks.alloc(1)[0]
	r.block = block{instrs: r.room[:0], id: int32(len(c.u.blocks)), startDepth: math.MinInt32}
	b := &r.block
	c.u.blocks = append(c.u.blocks, b)
	return b
}

// blockRoom is a block and its first instructions' room, one allocation.
type blockRoom struct {
	block
	room [32]instr
}

// nextBlock creates a block that the current one falls into.
func (c *compiler) nextBlock() *block {
	b := c.newBlock()
	c.cur.next = b
	c.cur = b
	return b
}

func (c *compiler) useNextBlock(b *block) {
	c.cur.next = b
	c.cur = b
}

// emit appends an instruction to the current block. It takes the opcode
// and argument rather than an instr, whose six fields would be passed in
// as many registers.
//
// emit and the addop functions it is inlined into are nosplit: called
// for every instruction, with small frames, they skip the stack check
// (the functions they call check their own). emit itself has no frame:
// its rare cases (a full block, an effect that is neither fixed nor
// linear) call a function value that takes no arguments, the operands
// left in c, and nothing is live after the call, so the call needs no
// room on emit's stack (only the frame pointer is saved).
//
//go:nosplit
func (c *compiler) emit(op opcode.Op, arg int32) {
	b := c.cur
	n := len(b.instrs)
	if n == cap(b.instrs) {
		c.pendOp, c.pendArg = op, arg
		c.growEmit()
		return
	}
	lineno := c.newLineno
	c.newLineno = 0
	// n is below the capacity: the length alone is stored, without
	// b.instrs[:n+1]'s bounds check, nor one for the instruction.
	*sliceLen(unsafe.Pointer(&b.instrs)) = n + 1
	in := (*instr)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b.instrs)), uintptr(n)*unsafe.Sizeof(instr{})))
	*in = instr{arg: arg, lineno: lineno, op: op}
	// The effect is computed in account's argument: the inlined call's
	// mark then falls on an instruction of its line, not on a no-op.
	info := opInfo[op]
	if int8(info) == varEffect {
		if info&infoLinear == 0 {
			c.varEffectLast()
			return
		}
		b.account(int32(int8(info>>16)) + int32(int8(info>>24))*arg)
	} else {
		b.account(int32(int8(info)))
	}
	// The size is counted from the length: only the few arguments that
	// need prefixes add to memory (varEffect adds its instruction's).
	if uint32(arg) > 0xff {
		b.ext += int32(instrSize(arg)) - 1
	}
}

// loadConstEffect is LOAD_CONST's stack effect, for emitAt.
const loadConstEffect = 1

func init() {
	if fixedEffect[opcode.LOAD_CONST] != loadConstEffect {
		panic("codegen: loadConstEffect is not LOAD_CONST's effect")
	}
}

// emitAt is emit in line, for its hottest callers, of an instruction
// whose opcode has the fixed stack effect given and whose argument needs
// no prefix, as instruction n of the current block b, which has room
// for it: the caller tests those, and else calls emit.
func (c *compiler) emitAt(b *block, n int, op opcode.Op, arg, effect int32) {
	*sliceLen(unsafe.Pointer(&b.instrs)) = n + 1
	*(*instr)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b.instrs)), uintptr(n)*unsafe.Sizeof(instr{}))) = instr{arg: arg, lineno: c.newLineno, op: op}
	c.newLineno = 0
	b.account(effect)
}

// growEmitPending is c.growEmit: emit's tail for a full block, which
// grows it and emits the instruction left in c.pendOp and c.pendArg.
func (c *compiler) growEmitPending() {
	c.growInstrs(c.cur)
	c.emit(c.pendOp, c.pendArg)
}

// varEffectLastInstr is c.varEffectLast: emit's tail for an instruction
// whose effect is neither fixed nor linear, the current block's last.
func (c *compiler) varEffectLastInstr() {
	b := c.cur
	n := len(b.instrs) - 1
	b.varEffect(&b.instrs[n], n)
}

// account adds the stack effect e of an instruction to b's summary. Once
// the block has exited, net is far below any peak (exitedNet): the
// instructions after the exit change neither, untested.
//
// An instruction that exits the block is marked by its caller (exit):
// addop (a return), addopJ (an unconditional jump), varEffect (a raise,
// whose effect is not linear in opInfo): emit tests no opcode for it.
func (b *block) account(e int32) {
	net := b.net + e
	b.net = net
	if net > b.peak {
		b.peak = net
	}
}

// exit marks b as exited by its last instruction, unless an earlier one
// did.
func (b *block) exit() {
	if !b.exited {
		b.exited, b.end, b.net = true, int32(len(b.instrs)), exitedNet
	}
}

// varEffect accounts for the instruction in at index n whose effect is
// neither fixed nor linear in its argument (few are).
func (b *block) varEffect(in *instr, n int) {
	if uint32(in.arg) > 0xff {
		b.ext += int32(instrSize(in.arg)) - 1
	}
	e := int32(stackEffect(in.op, int(in.arg), 0))
	if e == invalidEffect {
		b.walkFrom(n) // stackdepth reports it
		e = 0
	}
	b.account(e)
	if opInfo[in.op]&infoExits != 0 {
		b.exit()
	}
}

// exitedNet is an exited block's net, which nothing reads: low enough
// that no run of instructions after the exit brings it up to the peak.
const exitedNet = -1 << 30

// sliceLen is the length word of the slice at p, which follows its
// data pointer.
func sliceLen(p unsafe.Pointer) *int {
	return (*int)(unsafe.Add(p, unsafe.Sizeof(uintptr(0))))
}

// opInfo[op] is fixedEffect[op] in its low byte, infoExits if exitsBlock[op],
// and for an opcode whose effect (not jumping) is linear in its argument,
// as most of those without a fixed one are, infoLinear and the effect's
// constant and slope (int8s) in the high bytes: emit reads all in one load,
// and computes most effects without calling stackEffect.
var opInfo = func() (t [256]uint32) {
	for op := range t {
		t[op] = uint32(uint8(fixedEffect[op]))
		if exitsBlock[op] {
			t[op] |= infoExits
		}
		if exitsBlock[op] && fixedEffect[op] == varEffect {
			continue // varEffect marks the exit
		}
		if c0, c1, ok := linearEffect(opcode.Op(op)); ok && fixedEffect[op] == varEffect {
			t[op] |= infoLinear | uint32(uint8(c0))<<16 | uint32(uint8(c1))<<24
		}
	}
	return t
}()

const (
	infoExits  = 1 << 8
	infoLinear = 1 << 9
)

// walkFrom makes stackdepth walk b's instructions from index n, the next
// to be added, on, unless it walks from an earlier one.
func (b *block) walkFrom(n int) {
	if !b.exited && b.walk == 0 {
		b.walk, b.walkNet, b.walkPeak = int32(n+1), b.net, b.peak
	}
}

// growInstrs moves b's full instructions to twice the room.
func (c *compiler) growInstrs(b *block) {
	n := len(b.instrs)
	if c.instrs.extend(&b.instrs, n) {
		return
	}
	s := c.instrs.alloc(2 * n)
	copy(s, b.instrs)
	b.instrs = s[:n]
}

// addop adds an instruction without argument; a return goes through
// addReturn. Inlined, it leaves one call an instruction (emit's).
//
//go:nosplit
func (c *compiler) addop(op opcode.Op) {
	if c.noEmit > 0 {
		return
	}
	c.emit(op, 0)
}

// addReturn adds a RETURN_VALUE, marking its block.
func (c *compiler) addReturn() {
	if c.noEmit > 0 {
		return
	}
	b := c.cur
	if b.ret {
		c.u.rewrites = true // code after the block's first return
	}
	b.ret = true
	c.u.returns++
	c.emit(opcode.RETURN_VALUE, 0)
	b.exit()
}

//go:nosplit
func (c *compiler) addopI(op opcode.Op, arg int) {
	if c.noEmit > 0 {
		return
	}
	c.emit(op, int32(arg))
}

// addopTuple is addopI for the opcodes that build or unpack tuples,
// noting for makecode the ones the peephole optimizer may fold: the
// BUILD_TUPLE of as many constants as the instructions before it are (or
// all the block's are: the block laid out before may end in more), the
// UNPACK_SEQUENCE of a tuple just built. (Every BUILD_TUPLE and
// UNPACK_SEQUENCE is added by it.)
func (c *compiler) addopTuple(op opcode.Op, n int) {
	if c.noEmit > 0 {
		return
	}
	u := c.u
	instrs := c.cur.instrs
	switch op {
	case opcode.UNPACK_SEQUENCE:
		u.rewrites = u.rewrites || len(instrs) == 0 || instrs[len(instrs)-1].op == opcode.BUILD_TUPLE
	case opcode.BUILD_TUPLE:
		consts := n > 0
		for i := len(instrs) - 1; consts && i >= 0 && i >= len(instrs)-n; i-- {
			consts = instrs[i].op == opcode.LOAD_CONST
		}
		u.rewrites = u.rewrites || consts
	}
	c.emit(op, int32(n))
}

//go:nosplit
func (c *compiler) addopJ(op opcode.Op, target *block, absolute bool) {
	if c.noEmit > 0 {
		return
	}
	u := c.u
	b := c.cur
	n := len(b.instrs)
	// A block's jumps are linked: tryFinally adds to a block after others.
	u.jumps = append(u.jumps, jumpRef{idx: int32(n), pre: int32(n) + b.ext})
	k := int32(len(u.jumps))
	if b.jump == 0 {
		b.jump = k
	} else {
		u.jumps[b.lastJump-1].next = k
	}
	b.lastJump = k
	depth := int8(b.net)
	if int32(depth) != b.net {
		b.walkFrom(n)
	}
	c.emit(op, 0)
	in := &b.instrs[n] // b.instrs may have moved
	in.target, in.jabs, in.jrel, in.depth = target.id, absolute, !absolute, depth
	if exitsBlock[op] {
		b.exit()
	}
}

// jumpRef is a jump, in its block's list.
type jumpRef struct {
	idx  int32 // in the block's instrs
	pre  int32 // the block's size before it, in code units (jumps at one)
	next int32 // 1 + the index of the block's next jump in the unit's jumps, 0 if none
}

func (c *compiler) jabs(op opcode.Op, target *block) { c.addopJ(op, target, true) }
func (c *compiler) jrel(op opcode.Op, target *block) { c.addopJ(op, target, false) }

// addConst is compiler_add_const: merge o into the module cache and return
// its index in the unit's constants.
//
// Equal constants share one canonical object after merging, whose cache
// slot remembers its index in the unit that last added or found it. Units
// are numbered as they begin, so while this unit is being compiled the
// units numbered higher are the ones nested in it. A constant whose slot
// names a lower-numbered unit is new to this one; only one a nested unit
// took over may be in the unit's own table already, which is searched.
func (c *compiler) addConst(o marshal.Object) int { return c.constIndex(o, false) }

// constIndex is addConst, which loadConst is with load set: then it also
// emits the LOAD_CONST, so that a load is one call (loadConst inlines).
// Strings and small ints, the commonest constants after None, are merged
// here: one call less. The string case repeats constCache.find's probe,
// specialised to strings (string equality in place of keyEqual) so that
// it inlines here; the two must probe alike, since they share the table.
func (c *compiler) constIndex(o marshal.Object, load bool) int {
	if c.noEmit > 0 {
		return 0
	}
	u := c.u
	var s *constSlot
	var h uint64
	var i int
	// Told apart by type word (see internConsts), not type assertions.
	if w := *(*iface)(unsafe.Pointer(&o)); w.t == strItab {
		cc, v := &c.cache, (*marshal.Str)(w.d)
		h = strHash(v.V)
		cc.room()
		mask := uint32(len(cc.slots) - 1)
		h32 := uint32(h)
		n := uint32(cc.n)
		for j := h32 & mask; ; j = (j + 1) & mask {
			r := cc.slots[j]
			k := r.ref - cc.base
			if k >= n {
				// New to the file, hence to the unit.
				s = cc.missed(j)
				cc.insert(s, h, o)
				goto push
			}
			if r.h == h32 {
				s = cc.entry(int(k))
				if w, ok := s.o.(*marshal.Str); ok && w.V == v.V {
					break
				}
			}
		}
	} else if v := (*marshal.Int)(w.d); w.t == intItab && v.Big == nil && uint64(v.Small) < smallInts {
		s, h = c.cache.smallIntSlot(v)
	} else {
		if w == noneWords {
			if u.noneIdx == 0 {
				u.noneIdx = int32(c.pushConst(o, mix(kNone, 0))) + 1
			}
			i = int(u.noneIdx - 1)
			goto done
		}
		// None, the commonest constant, is not in the cache and needs no
		// merge; nor is Ellipsis, which is searched for.
		s, h = c.cache.merge(o)
		if s == nil {
			if i = c.searchConst(o); i < 0 {
				i = c.pushConst(o, h)
			}
			goto done
		}
	}
	if s.unit == u.serial {
		i = int(s.idx)
		goto done
	}
	if s.unit > u.serial {
		if i = c.searchConst(s.o); i >= 0 {
			goto found
		}
	}
push:
	i = c.pushConst(s.o, h)
found:
	s.unit, s.idx = u.serial, int32(i)
done:
	if load {
		if b := c.cur; i <= 0xff && len(b.instrs) != cap(b.instrs) {
			c.emitAt(b, len(b.instrs), opcode.LOAD_CONST, int32(i), loadConstEffect)
		} else {
			c.emit(opcode.LOAD_CONST, int32(i)) // noEmit tested
		}
	}
	return i
}

// slotIndex is constIndex's end for a constant merged already: its entry
// s and hash h.
func (c *compiler) slotIndex(s *constSlot, h uint64) int {
	u := c.u
	if s.unit == u.serial {
		return int(s.idx)
	}
	i := -1
	if s.unit > u.serial {
		i = c.searchConst(s.o)
	}
	if i < 0 {
		i = c.pushConst(s.o, h)
	}
	s.unit, s.idx = u.serial, int32(i)
	return i
}

// searchConst returns the index of obj in the unit's constants, or -1.
// Large tables are indexed from their first search on, by identity (see
// objKey).
func (c *compiler) searchConst(obj marshal.Object) int {
	u := c.u
	if len(u.constList) <= linearMax {
		for i, p := range u.constList {
			if p == obj {
				return i
			}
		}
		return -1
	}
	// The index holds constList[:consts.n]: pushConst leaves the rest to
	// the next search.
	u.consts.size(len(u.constList))
	for j := u.consts.n; j < len(u.constList); j++ {
		u.consts.add(objKey(u.constList[j]), j)
	}
	h32 := objKey(obj)
	for j := u.consts.start(h32); ; j = u.consts.next(j) {
		e := &u.consts.slots[j]
		if e.gen != u.consts.gen {
			return -1
		}
		if e.h == h32 && u.constList[e.i] == obj {
			return int(e.i)
		}
	}
}

// pushConst appends obj (hash h), new to the unit's constants. It
// inlines: an index of them takes obj at its next search (searchConst).
func (c *compiler) pushConst(obj marshal.Object, h uint64) int {
	u := c.u
	i := len(u.constList)
	u.constList = append(u.constList, obj)
	u.constsAcc = fold(u.constsAcc, h)
	return i
}

// objKey places o in a unit's index of constants. The constants are
// canonical objects, looked up by identity, so the index is keyed by the
// data word rather than the constant's hash, which is not kept (pushConst
// folds it into constsAcc).
func objKey(o marshal.Object) uint32 {
	return uint32(mix(0, uint64(uintptr((*iface)(unsafe.Pointer(&o)).d))))
}

func (c *compiler) loadConst(o marshal.Object) { c.constIndex(o, true) }

// addopName adds op with the (mangled, interned) name in u_names.
func (c *compiler) addopName(op opcode.Op, name string) {
	if c.noEmit > 0 {
		return
	}
	c.emit(op, int32(c.namesArg(c.internN(c.mangleName(name))))) // noEmit tested
}

// addopNameRaw adds op with name in u_names, unmangled.
func (c *compiler) addopNameRaw(op opcode.Op, name string) {
	if c.noEmit > 0 {
		return
	}
	c.addopI(op, c.namesArg(c.internN(name)))
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
			c.loadNone()
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
	c.enterScope(c.intern("<module>"), scopeModule, mod, 0, 0)
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
		c.newLineno = c.u.lineno // nothing is emitted yet
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

// arena hands out slices of T from chunks that are kept and reused: freed
// as a stack (release to a mark) or all at once (reset). Slices come back
// with stale contents, for the caller to overwrite.
type arena[T any] struct {
	chunks [][]T
	ci     int // chunk in use
	off    int // used part of chunks[ci]
}

type arenaPos struct{ ci, off int }

type arenaMark struct{ blocks, instrs arenaPos }

const arenaChunk = 4096

func (a *arena[T]) alloc(n int) []T {
	for a.ci < len(a.chunks) {
		if ch := a.chunks[a.ci]; a.off+n <= len(ch) {
			s := ch[a.off : a.off+n : a.off+n]
			a.off += n
			return s
		}
		a.ci++
		a.off = 0
	}
	a.chunks = append(a.chunks, make([]T, max(n, arenaChunk)))
	a.off = n
	return a.chunks[a.ci][:n:n]
}

// extend grows the capacity of *s, an allocation of a's, by k in place
// when *s is the last allocation and its chunk has room: the block being
// filled is mostly the newest, and its instructions need not move.
func (a *arena[T]) extend(s *[]T, k int) bool {
	if a.ci >= len(a.chunks) {
		return false
	}
	ch := a.chunks[a.ci]
	c := cap(*s)
	if c == 0 || a.off+k > len(ch) || a.off < c || &ch[a.off-1] != &(*s)[:c][c-1] {
		return false
	}
	start := a.off - c
	*s = ch[start : start+len(*s) : a.off+k]
	a.off += k
	return true
}

func (a *arena[T]) mark() arenaPos { return arenaPos{a.ci, a.off} }

func (a *arena[T]) release(m arenaPos) { a.ci, a.off = m.ci, m.off }

func (a *arena[T]) reset() { a.ci, a.off = 0, 0 }

// Memory is what one file's code objects are allocated from, in chunks.
// Unlike the compiler's scratch the objects escape into the result, so by
// default each file gets a new Memory. A caller that knows when a file's
// code objects are dead (written out and dropped) can Reset the Memory and
// pass it to a later compilation in Options.Memory, which then reuses its
// chunks instead of allocating, and page-faulting in, new ones.
type Memory struct {
	strs   slab[marshal.Str]
	tuples slab[marshal.Tuple]
	items  slab[marshal.Object]
	codes  slab[marshal.Code]
	bytes  slab[marshal.Bytes]
	ints   slab[marshal.Int]
	data   byteSlab // bytecode and line tables
}

// Reset makes all of m's chunks available again. Every object allocated
// from m before must be dead.
func (m *Memory) Reset() {
	m.strs.reset()
	m.tuples.reset()
	m.items.reset()
	m.codes.reset()
	m.bytes.reset()
	m.ints.reset()
	m.data.reset()
}

// Size is the number of bytes m holds in chunks.
func (m *Memory) Size() int {
	return m.strs.size() + m.tuples.size() + m.items.size() + m.codes.size() + m.bytes.size() + m.ints.size() + m.data.size()
}

// slab hands out n-element slices of chunks that double from 1 KB up to
// 16 KB, so that small files waste little. Chunks are kept for reuse after
// a reset, which clears them as far as they were used (one clear a chunk
// costs far less than one a slice: most slices are one small object).
// Clearing a chunk whole as it was taken again cleared the unused part of
// a file's last chunk too, most of a 16 KB chunk for many files.
type slab[T any] struct {
	chunks [][]T // every chunk made; chunks[:next] are in use
	next   int
	free   []T // the chunk in use, whose elements from used on are free
	used   int
	chunk  int // elements in the last chunk made

	// Requests too large for a chunk get slices of their own, kept for
	// reuse as the chunks are; bigs[:nbig] are in use.
	bigs [][]T
	nbig int
}

// Taking from the chunk moves an index, not a slice, which would be a
// pointer store behind a write barrier check.
func (s *slab[T]) alloc(n int) []T {
	i := s.used
	if n > len(s.free)-i {
		return s.allocNew(n)
	}
	s.used = i + n
	return s.free[i : i+n : i+n]
}

// one is alloc(1) for an object, without alloc's 3-index slice.
func (s *slab[T]) one() *T {
	i := s.used
	if i >= len(s.free) {
		return &s.allocNew(1)[0] // a chunk, or (for a huge T) an object of its own
	}
	s.used = i + 1
	return &s.free[i]
}

// allocNew is alloc from a new chunk, or on its own (kept out of alloc).
//
//go:noinline
func (s *slab[T]) allocNew(n int) []T {
	if !s.refill(n) {
		return s.big(n)
	}
	s.used = n
	return s.free[:n:n]
}

// refill makes s.free a chunk with room for n, or reports that n is
// better allocated on its own. It decides that first, so that a large
// request does not pass over the kept chunks, which the next small ones
// would then be denied.
func (s *slab[T]) refill(n int) bool {
	var t T
	size := max(int(unsafe.Sizeof(t)), 1)
	if n > (16<<10)/size/4 {
		return false
	}
	for s.next < len(s.chunks) {
		c := s.chunks[s.next]
		s.next++
		if len(c) >= n {
			s.free = c
			return true
		}
	}
	s.chunk = min(max(2*s.chunk, (1<<10)/size, n), (16<<10)/size)
	s.free = make([]T, s.chunk)
	s.chunks = append(s.chunks, s.free)
	s.next = len(s.chunks)
	return true
}

// big returns n zeroed elements of their own: a kept slice long enough,
// else a new one rounded up to a power of two, which later files' requests
// are likelier to fit.
func (s *slab[T]) big(n int) []T {
	k := s.nbig
	for k < len(s.bigs) && len(s.bigs[k]) < n {
		k++
	}
	if k == len(s.bigs) {
		s.bigs = append(s.bigs, make([]T, 1<<bits.Len(uint(n-1))))
	} else {
		clear(s.bigs[k][:n])
	}
	b := s.bigs[k]
	s.bigs[k], s.bigs[s.nbig] = s.bigs[s.nbig], b
	s.nbig++
	return b[:n:n]
}

// reset clears what the chunks in use hold: whole but for the last, whose
// used part only; chunks after it are clear already.
func (s *slab[T]) reset() {
	if s.next > 0 {
		for _, c := range s.chunks[:s.next-1] {
			clear(c)
		}
		clear(s.free[:s.used])
	}
	s.next, s.free, s.used, s.nbig = 0, nil, 0, 0
}

func (s *slab[T]) size() int {
	var t T
	n := 0
	for _, c := range s.chunks {
		n += len(c)
	}
	for _, b := range s.bigs {
		n += len(b)
	}
	return n * int(unsafe.Sizeof(t))
}

// byteSlab carves byte strings (bytecode, line tables) from a slab.
type byteSlab struct{ slab[byte] }

// reset is slab's without the clear: bytes hold no pointers, and every
// string carved is written in full before it is read.
func (s *byteSlab) reset() { s.next, s.free, s.used, s.nbig = 0, nil, 0, 0 }

// concat returns a+b+c, in the slab: it lives as long as the file's code
// objects, like the Str that holds it. (copy, not append: no growth path
// in this code, run once per nested code object.)
func (s *byteSlab) concat(a, b, c string) string {
	n := len(a) + len(b) + len(c)
	p := s.alloc(n)
	i := copy(p, a)
	i += copy(p[i:], b)
	copy(p[i:], c)
	return unsafe.String(unsafe.SliceData(p), n)
}

// clone returns a copy of v.
func (s *byteSlab) clone(v []byte) []byte {
	p := s.alloc(len(v))
	copy(p, v)
	return p
}

func (c *compiler) newStr(v string, interned bool) *marshal.Str {
	s := c.objs.strs.one()
	s.V, s.Interned = v, interned
	return s
}

func (c *compiler) newBytes(v []byte) *marshal.Bytes {
	b := c.objs.bytes.one()
	b.V = v
	return b
}

// smallInt returns the int constant v: the canonical one when the file
// has it already (imports load the same few levels throughout), else a new
// one from the file's memory.
func (c *compiler) smallInt(v int) *marshal.Int {
	cc := &c.cache
	if uint(v) < smallInts && cc.intGens[v] == cc.intGen {
		return cc.ints[v].o.(*marshal.Int)
	}
	i := c.objs.ints.one()
	i.Small = int64(v)
	return i
}

func (c *compiler) newCode() *marshal.Code { return c.objs.codes.one() }

// newTuple returns a tuple of a copy of items.
func (c *compiler) newTuple(items []marshal.Object) *marshal.Tuple {
	t := c.newTupleN(len(items))
	copy(t.Items, items)
	return t
}

// newTupleN returns a tuple of n items, all nil.
func (c *compiler) newTupleN(n int) *marshal.Tuple { return c.objs.NewTuple(n) }

// NewTuple returns a tuple of n items, all nil, allocated from m (for
// peephole.Tuples).
func (m *Memory) NewTuple(n int) *marshal.Tuple {
	t := m.tuples.one()
	t.Items = m.items.alloc(n)
	return t
}

// pushItem pushes the interned name s on c.items.
func (c *compiler) pushItem(s string) {
	o, h := c.internH(s)
	c.items = append(c.items, o)
	c.itemHs = append(c.itemHs, h)
}

// loadConstTuple loads the tuple of the items pushed on c.items since
// base, and pops them. Pushing allows nested expressions to collect tuples
// of their own meanwhile; the tuple is built only when the cache has no
// equal one. Its hash is made of the names' hashes; the entry found or
// made is the constant loaded, with no second lookup.
func (c *compiler) loadConstTuple(base int) {
	items, hs := c.items[base:], c.itemHs[base:]
	c.items, c.itemHs = c.items[:base], c.itemHs[:base] // items stay valid until the next push
	if c.noEmit > 0 {
		return
	}
	if len(items) == 0 {
		c.loadConst(c.emptyTuple)
		return
	}
	var h uint64
	for _, x := range hs {
		h = fold(h, x)
	}
	h = tupleHash(h, len(hs))
	c.scratch.Items = items
	t, _, s := c.cache.findTupleH(&c.scratch, h)
	c.scratch.Items = nil
	if t == nil {
		c.cache.insertNames(s, c.newTuple(items), h, hs)
	}
	c.addopI(opcode.LOAD_CONST, c.slotIndex(s, h))
}
