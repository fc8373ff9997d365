package symtable

import (
	"fmt"
	"github.com/gopyc/gopyc/marshal"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/future"
)

// CPython limits the nesting of statements and expressions the symbol table
// visits to three times the interpreter's recursion limit (1000), counted
// from three times the Python call depth at which compile() runs.
const (
	recursionLimit = 3 * 1000
	// startDepth is that of `python -m compileall`, which calls compile()
	// 11 frames deep at any directory depth (py_compile runs shallower).
	startDepth = 3 * 11
)

// Build builds the symbol table of mod. The error, when not nil, is a
// *diag.Error. Warnings are returned alongside.
//
// The first pass (this file) records raw facts per block, as symtable.c's
// symtable_visit_* functions; the second (analyze.go) resolves scopes.
func Build(mod *ast.Module, filename string, fut future.Features) (t *Table, err error) {
	b := builderPool.Get().(*builder)
	b.reset(filename)
	defer func() {
		r := recover()
		berr := b.err
		b.release()
		if r != nil {
			if _, ok := r.(bailout); ok {
				t, err = nil, berr
				return
			}
			// A tree our parser cannot produce (nil where a node is
			// required): report it rather than crash the build.
			t, err = nil, &diag.Error{Class: "SystemError", Msg: fmt.Sprint("symtable: malformed AST: ", r)}
		}
	}()
	top := b.enter("top", ModuleBlock, mod, 0, 0)
	b.table.Top = top
	b.global = top
	if mod != nil {
		b.visitStmts(mod.Body)
	}
	b.exit()
	// The list grew in the table's chunks (see reset), kept for the next
	// table.
	b.table.blocks = b.order
	b.free.order = b.order
	b.order = nil
	if err := b.analyze(b.table); err != nil {
		return nil, err
	}
	b.table.nnames = len(b.names)
	b.table.nconsts = b.nconsts
	return b.table, nil
}

// chunkList hands out small slices carved from chunks of one size, so
// that many small lists share one allocation. It keeps every chunk it made:
// once the table using them is released, they serve the next table.
type chunkList[T any] struct {
	chunks [][]T // chunks[:next] are in use, the last of them up to free
	next   int
	free   []T
}

// take returns n elements (n <= size/8), zero or cleared by Release.
// Chunks start at size/8 elements and double up to size, so that a table
// never released costs little more than it uses.
func (l *chunkList[T]) take(n, size int) []T {
	if len(l.free) < n {
		l.nextChunk(size)
	}
	c := l.free[:n:n]
	l.free = l.free[n:]
	return c
}

// nextChunk makes the next chunk the free one: a kept one, else a new one.
//
//go:noinline
func (l *chunkList[T]) nextChunk(size int) {
	if l.next == len(l.chunks) {
		k := size / 8
		if m := len(l.chunks); m > 0 {
			k = min(size, 2*len(l.chunks[m-1]))
		}
		l.chunks = append(l.chunks, make([]T, k))
	}
	l.free = l.chunks[l.next]
	l.next++
}

// reset makes every chunk free again, cleared so that they hold on to
// nothing of the released table. Of the last chunk in use only the part
// handed out needs clearing: a small module uses a sliver of it.
func (l *chunkList[T]) reset() {
	if l.next > 0 {
		for _, c := range l.chunks[:l.next-1] {
			clear(c)
		}
		last := l.chunks[l.next-1]
		clear(last[:len(last)-len(l.free)])
	}
	l.next, l.free = 0, nil
}

// levelList is where the lists of the blocks at one nesting level grow. A
// level's blocks are open one at a time, so the open block's list grows at
// the end of the level's current chunk and at exit stays where it grew,
// capped: the level's next block starts after it, and nothing is copied.
type levelList[T any] struct {
	chunks [][]T // chunks[:next] are in use, the list growing in the last
	next   int
	used   int // elements of chunks[next-1] before the open list
}

// grow gives s, the open list, which has filled its room, more: a list
// still nil starts in the rest of the current chunk (so a block's lists cost
// nothing until used), else s moves to a chunk with room for twice its
// length: a free one kept from a released table if large enough, else a new
// one, at least double the last (up to max).
func (l *levelList[T]) grow(s []T, max int) []T {
	if s == nil && l.next > 0 {
		if c := l.chunks[l.next-1]; l.used < len(c) {
			return c[l.used:l.used:len(c)]
		}
	}
	need := 2 * len(s)
	if l.next == len(l.chunks) || len(l.chunks[l.next]) < need {
		k := 16
		if l.next > 0 {
			k = min(max, 2*len(l.chunks[l.next-1]))
		}
		l.chunks = append(l.chunks, make([]T, k+need))
		// The new chunk comes next; the one it displaces stays free.
		last := len(l.chunks) - 1
		l.chunks[l.next], l.chunks[last] = l.chunks[last], l.chunks[l.next]
	}
	c := l.chunks[l.next]
	l.next++
	l.used = 0
	return append(c[:0:len(c)], s...)
}

// close ends the open list s where it grew and returns it capped, so that
// appending to it never reaches the level's next list; nil when empty.
func (l *levelList[T]) close(s []T) []T {
	n := len(s)
	if n == 0 {
		return nil
	}
	l.used += n
	return s[:n:n]
}

// reset makes every chunk free again, uncleared: a list is read only
// within its length, which grows by elements written whole, and what stale
// elements point to (a released table's blocks, the names of its module)
// is pooled memory itself. Clearing them cost ~3.5 M instructions a stdlib
// run.
func (l *levelList[T]) reset() { l.next, l.used = 0, 0 }

// levelLists are the lists of one nesting level's blocks.
type levelLists struct {
	syms levelList[Symbol]
	kids levelList[*Block]
}

// chunks are what a table's blocks and their lists are carved from.
type chunks struct {
	blocks chunkList[Block]
	slots  chunkList[islot]
	order  []*Block      // the table's blocks (Table.blocks)
	levels []*levelLists // by nesting level
	table  Table         // the table itself, so that it is reused too
}

// chunkPool holds the chunks of released tables.
var chunkPool = sync.Pool{New: func() any { return new(chunks) }}

// Release hands the table's memory to the next Build: neither t nor any of
// its blocks may be used afterwards. Calling it is optional.
func (t *Table) Release() {
	c := t.chunks
	if c == nil {
		return
	}
	*t = Table{}
	c.blocks.reset()
	c.slots.reset()
	for _, l := range c.levels {
		l.syms.reset()
		l.kids.reset()
	}
	chunkPool.Put(c)
}

// builderPool keeps builders, and their scratch tables, across modules.
var builderPool = sync.Pool{New: func() any { return new(builder) }}

func (b *builder) reset(filename string) {
	b.filename = filename
	b.free = chunkPool.Get().(*chunks)
	b.table = &b.free.table
	*b.table = Table{chunks: b.free}
	b.depth = startDepth
	b.nconsts = 0
	b.err = nil
	b.order = b.free.order[:0]
	// The levels the builder has take their lists from the new chunks.
	for i, sc := range b.levels {
		sc.lists = b.free.level(i)
	}
	if b.ids.slots == nil {
		b.ids.grow()
	}
}

// release drops what the finished table owns and returns b to the pool;
// a very large name table is dropped rather than cleared.
func (b *builder) release() {
	b.table, b.cur, b.global, b.private, b.free = nil, nil, nil, "", nil
	b.open = 0
	for i := range b.levels {
		sc := b.levels[i]
		sc.lists, sc.blk = nil, nil
		if len(sc.where) > 1<<13 {
			sc.where = nil
		}
	}
	b.order = nil
	b.an.names, b.an.filename, b.an.directives, b.directives = nil, "", nil, nil
	b.ids.reset()
	if len(b.names) > 1<<13 {
		b.names = nil
	} else {
		clear(b.names)
		b.names = b.names[:0]
	}
	builderPool.Put(b)
}

// id returns the number of name, whose key is k, within the module,
// numbering it if new.
func (b *builder) id(name string, k uint64) int32 {
	x := &b.ids
	mask := x.mask
	for i := keyHash(k) & mask; ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.gen != x.gen {
			id := int32(len(b.names))
			*s = idSlot{key: k, id: id, gen: x.gen}
			b.names = append(b.names, name)
			// Kept sparse: a name displaced from its first slot misses
			// the fast paths (nameHit, addDefIn) at every visit. At most
			// half full, that cost the stdlib ~3 M instructions more; the
			// table is 4k-8k slots for nearly every module.
			if 8*len(b.names) > len(x.slots) {
				x.grow()
			}
			return id
		}
		// Equal keys of short names mean equal names (see nameKey).
		if s.key == k && (len(name) < 8 || b.names[s.id] == name) {
			return s.id
		}
	}
}

// bailout unwinds the visitor on the first error, which is kept in
// builder.err (as go/parser does).
type bailout struct{}

type builder struct {
	filename string
	table    *Table
	cur      *Block
	open     int    // blocks open: b.levels[:open] hold them, b.cur the last
	global   *Block // the module block: global statements also land there
	private  string // name of the enclosing class, for mangling; "" outside classes
	depth    int
	nconsts  int // constants visited (Table.nconsts), kept here: one load less per constant
	err      error

	ids    idIndex         // every name of the module -> its number
	names  []string        // number -> name
	order  []*Block        // every block, in the order entered, grown in the table's chunks
	levels []*levelScratch // by nesting level
	serial uint32          // of the last block entered, never reused by b
	free   *chunks         // the table's
	an     analyzer
	// global and nonlocal declarations (and walrus targets bound outside
	// a comprehension), in order, for locating analysis errors.
	directives []directive
}

func (b *builder) fail(msg string, lineno, offset int) {
	b.err = &diag.Error{Class: "SyntaxError", Msg: msg, Filename: b.filename, Lineno: lineno, Offset: offset}
	panic(bailout{})
}

func (b *builder) enter(name string, typ BlockType, node ast.Node, lineno, col int32) *Block {
	// The block is zero (see take): only its own fields need setting. It
	// is take(1, 64) written out, which a generic call (not inlined) made
	// cost enter the saving of all its arguments.
	bl := &b.free.blocks
	if len(bl.free) == 0 {
		bl.nextChunk(64)
	}
	blk := &bl.free[0]
	bl.free = bl.free[1:]
	blk.Name, blk.Type, blk.Node, blk.Lineno, blk.ColOffset = name, typ, node, lineno, col
	prev := b.cur
	if prev != nil {
		blk.Nested = prev.Nested || prev.Type == FunctionBlock
		// An assignment expression is refused anywhere inside a
		// comprehension's iterable, even in nested lambdas and comprehensions.
		blk.CompIterExpr = prev.CompIterExpr
		blk.slowNames = prev.slowNames & slowDeep
		if len(prev.Children) == cap(prev.Children) {
			prev.Children = prev.scratch.lists.kids.grow(prev.Children, 256)
		}
		prev.Children = append(prev.Children, blk)
	}
	b.order = append(b.order, blk)
	// While open, the block's lists grow in its level's chunks, which
	// reset gave the level (or addLevel, for a new level).
	lvl := b.open
	if lvl == len(b.levels) {
		b.addLevel()
	}
	// The block's lists are nil (see take) until started.
	sc := b.levels[lvl]
	sc.blk = blk
	// Nearly every block has symbols: they start in the rest of the
	// level's chunk here, as growSymbols would start them, without its call.
	if l := &sc.lists.syms; l.next > 0 {
		if c := l.chunks[l.next-1]; l.used < len(c) {
			blk.Symbols = c[l.used:l.used:len(c)]
		}
	}
	b.serial++
	if b.serial == 0 {
		// The serials wrapped: forget every entry.
		for i := range b.levels {
			clear(b.levels[i].where)
		}
		for i := range b.ids.slots {
			b.ids.slots[i].atSerial = 0
		}
		b.serial = 1
	}
	blk.serial, blk.scratch, blk.chunks = b.serial, sc, b.free
	b.open = lvl + 1
	b.cur = blk
	return blk
}

// addLevel adds the builder's scratch of a level deeper than any before.
//
//go:noinline
func (b *builder) addLevel() {
	b.levels = append(b.levels, &levelScratch{lists: b.free.level(len(b.levels))})
}

// level returns the lists of nesting level i, made if new.
func (c *chunks) level(i int) *levelLists {
	for len(c.levels) <= i {
		c.levels = append(c.levels, new(levelLists))
	}
	return c.levels[i]
}

// levelScratch is the builder's own for the open block at one nesting
// level.
type levelScratch struct {
	lists *levelLists // the table's chunks of the level
	blk   *Block      // the open block of the level
	// where[id] is the serial of the open block and the position+1 in it
	// of the name numbered id, when the serial is the block's: entries of
	// earlier blocks need no clearing.
	where []uint64
}

func (b *builder) exit() {
	blk := b.cur
	sc := blk.scratch
	blk.scratch = nil
	ll := sc.lists
	blk.Symbols = ll.syms.close(blk.Symbols)
	blk.Children = ll.kids.close(blk.Children)
	b.open--
	b.cur = nil
	if n := b.open; n > 0 {
		b.cur = b.levels[n-1].blk
	}
}

// lookup returns the flags of name (mangled) in the current block.
func (b *builder) lookup(name string) int {
	return b.cur.Lookup(b.mangle(name))
}

// mangle is Mangle(b.private, name), inlined for the common cases.
func (b *builder) mangle(name string) string {
	// Inside classes too, most names do not start with an underscore.
	if b.private == "" || name == "" || name[0] != '_' {
		return name
	}
	return Mangle(b.private, name)
}

func (b *builder) addDef(name string, flag int) int { return b.addDefIn(name, flag, b.cur) }

// addDefIn records flag for name (mangled) in blk, as
// symtable_add_def_helper, and returns the symbol's position in blk.
//
// The name is numbered first: its number finds it in the open block
// through the block's level's table, and a new symbol needs it anyway.
func (b *builder) addDefIn(name string, flag int, blk *Block) int {
	mangled := b.mangle(name)
	k := nameKey(mangled)
	// Most names are found at the first slot of the numbering: b.id, the
	// call spared.
	var id int32
	x := &b.ids
	if s := &x.slots[keyHash(k)&x.mask]; s.key == k && s.gen == x.gen && (len(mangled) < 8 || b.names[s.id] == mangled) {
		id = s.id
	} else {
		id = b.id(mangled, k)
	}
	i := b.posIn(blk, id)
	if i >= 0 {
		s := &blk.Symbols[i]
		if flag&DefParam != 0 && s.Flags&DefParam != 0 {
			b.failAt("duplicate argument '"+name+"' in function definition", blk)
		}
		s.Flags |= int32(flag)
		if flag&DefBound != 0 {
			s.Flags &^= provisionalGlobal
		}
	} else {
		i = b.addSymbolIn(blk, k, id, flag)
	}
	// The rarer cases stay out of line, so that the common path keeps a
	// small frame: the failure messages' concatenations made it spill.
	if blk.CompIterTarget {
		b.compIterDef(name, blk, i)
	}
	if flag&(DefGlobal|DefNonlocal) != 0 {
		b.declare(id, k, flag, blk)
	}
	return i
}

// failAt fails with msg at blk's definition.
//
//go:noinline
func (b *builder) failAt(msg string, blk *Block) {
	b.fail(msg, int(blk.Lineno), int(blk.ColOffset)+1)
}

// compIterDef marks blk.Symbols[i], defined as name in a comprehension's
// target, as an iteration variable.
//
//go:noinline
func (b *builder) compIterDef(name string, blk *Block, i int) {
	s := &blk.Symbols[i]
	if s.Flags&(DefGlobal|DefNonlocal) != 0 {
		b.failAt("comprehension inner loop cannot rebind assignment expression target '"+name+"'", blk)
	}
	s.Flags |= DefCompIter
}

// declare notes that blk declares a name global or nonlocal (flag) and
// records a global declaration, of the name numbered id, whose key is k,
// in the module block as well.
//
//go:noinline
func (b *builder) declare(id int32, k uint64, flag int, blk *Block) {
	blk.resolveAll = true
	if flag&DefGlobal == 0 {
		return
	}
	g := b.global
	if j := b.posIn(g, id); j >= 0 {
		g.Symbols[j].Flags |= int32(flag)
	} else {
		b.addSymbolIn(g, k, id, flag)
	}
	g.resolveAll = true
}

// posIn returns the position in blk, an open block, of the name numbered
// id, or -1.
func (b *builder) posIn(blk *Block, id int32) int {
	w := blk.scratch.where
	if int(id) < len(w) {
		if e := w[id]; uint32(e>>32) == blk.serial {
			return int(uint32(e)) - 1
		}
	}
	return -1
}

// addSymbolIn adds a symbol new to blk, an open block, and records its
// position in the level's table. The builder finds symbols through those
// tables: the block's own index waits for exit.
func (b *builder) addSymbolIn(blk *Block, k uint64, id int32, flags int) int {
	sc := blk.scratch
	if len(blk.Symbols) == cap(blk.Symbols) {
		sc.growSymbols(blk)
	}
	// Every symbol, parameter and stamped ast.Name of a name shares the
	// storage of its first occurrence in the module, so the code generator
	// tells a stamp's name by its pointer rather than its bytes. The fields
	// are stored one by one: a Symbol literal appended was built on the
	// stack and copied.
	i := len(blk.Symbols)
	blk.Symbols = blk.Symbols[:i+1]
	s := &blk.Symbols[i]
	s.Name, s.Flags, s.key, s.id = b.names[id], int32(provisional(flags)), k, id
	if k == classKey {
		blk.resolveAll = true
	}
	if int(id) >= len(sc.where) {
		sc.growWhere(id)
	}
	sc.where[id] = uint64(blk.serial)<<32 | uint64(i+1)
	return i
}

// growSymbols gives the symbols of blk, the level's open block, room for
// more. It and growWhere stay out of line, so that addSymbolIn keeps a
// small frame.
//
//go:noinline
func (sc *levelScratch) growSymbols(blk *Block) {
	l := &sc.lists.syms
	// A block's first symbol starts its list in the level's chunk: grow's
	// first case, without its call.
	if blk.Symbols == nil && l.next > 0 {
		if c := l.chunks[l.next-1]; l.used < len(c) {
			blk.Symbols = c[l.used:l.used:len(c)]
			return
		}
	}
	blk.Symbols = l.grow(blk.Symbols, 512)
}

// growWhere makes sc.where long enough to hold id.
//
//go:noinline
func (sc *levelScratch) growWhere(id int32) {
	n := max(int(id)+1, 2*len(sc.where), 64)
	sc.where = slices.Grow(sc.where, n-len(sc.where))
	sc.where = sc.where[:cap(sc.where)]
}

func (b *builder) recordDirective(name string, lineno, col int) {
	b.directives = append(b.directives, directive{b.cur, b.mangle(name), lineno, col})
}

// Bits of Block.slowNames.
const (
	slowTarget = 1 << iota
	slowDeep
)

// push counts the depth of an expression node, which fails beyond the
// limit. Names, the commonest leaves, are not counted: at the limit a name
// below would fail, so push sends the current block's names to visitNameDef,
// which tests their depth. It does so from one below the limit, where the
// name of an attribute, which visitAttribute does not count, would fail.
func (b *builder) push() {
	b.depth++
	if b.depth >= recursionLimit-1 {
		b.atLimit()
	}
}

//go:noinline
func (b *builder) atLimit() {
	if b.depth > recursionLimit {
		b.tooDeep()
	}
	b.cur.slowNames |= slowDeep
}

func (b *builder) tooDeep() {
	b.err = &diag.Error{Class: "RecursionError", Msg: "maximum recursion depth exceeded during compilation"}
	panic(bailout{})
}

// visitStmts visits a list of statements, their depth counted once for
// the list rather than by each statement's visit.
func (b *builder) visitStmts(ss []ast.Stmt) {
	b.depth++
	for i := range ss {
		b.visitStmt(&ss[i])
	}
	b.depth--
}

// visitExprs visits a list of expressions. A third of the lists are empty
// (most functions' defaults and decorators, calls without arguments): they
// are spared visitList's frame.
func (b *builder) visitExprs(es []ast.Expr) {
	if len(es) > 0 {
		b.visitList(es)
	}
}

// visitList is visitExprs for a list that is not empty.
func (b *builder) visitList(es []ast.Expr) {
	for i := range es {
		// Names and constants, leaves, are most of the items, then
		// attributes and calls: they are spared visitExpr's frame. The
		// tests compare the item's type word (see ast.Words).
		e := words(unsafe.Pointer(&es[i]))
		switch e.tab {
		case ast.Words.Name:
			// visitName, written out (see nameHit).
			n := (*ast.Name)(e.data)
			if p, k, id := b.nameHit(n); p != nil {
				setID(n, p)
			} else {
				b.visitNameNew(n, k, id)
			}
		case ast.Words.Constant:
			b.visitConstant((*ast.Constant)(e.data))
		case ast.Words.Attribute:
			b.visitAttribute((*ast.Attribute)(e.data))
		case ast.Words.Call:
			b.push()
			b.visitCall((*ast.Call)(e.data))
			b.depth--
		case nil:
		default:
			b.visitExpr(&es[i])
		}
	}
}

// ifaceWords are the two words of an interface value: its itab, which
// tells its dynamic type, and the node it holds.
type ifaceWords struct{ tab, data unsafe.Pointer }

// The walk tests the commonest nodes by their interface's type word
// (ast.Words): a type assertion's compare with a constant address was
// hoisted out of loops by the compiler and then remade after every call,
// and its failure paths made zero values no one read. tupleTab is a
// constant's tuple value's word, as a marshal.Object.
var tupleTab = marshal.TypeWord(&marshal.Tuple{})

// words views the interface value at p as its words.
func words(p unsafe.Pointer) *ifaceWords { return (*ifaceWords)(p) }

// visitFunction visits the definition node, at pos. The caller passes the
// node as an ast.Node and its position, which its concrete type gives
// for free: from an ast.Stmt they took an itab search and a method call.
func (b *builder) visitFunction(node ast.Node, pos *ast.Pos, name string, args *ast.Arguments, body []ast.Stmt, decos []ast.Expr, returns ast.Expr, async bool) {
	// The annotations, written out here: a frame less per function.
	if a := args; a != nil {
		b.visitExprs(a.Defaults)
		b.visitExprs(a.KwDefaults)
		b.visitArgAnnotations(a.PosOnlyArgs)
		b.visitArgAnnotations(a.Args)
		// *args and **kwargs come before keyword-only ones here.
		if a.Vararg != nil && a.Vararg.Annotation != nil {
			b.visitExpr(&a.Vararg.Annotation)
		}
		if a.Kwarg != nil && a.Kwarg.Annotation != nil {
			b.visitExpr(&a.Kwarg.Annotation)
		}
		b.visitArgAnnotations(a.KwOnlyArgs)
	}
	if returns != nil {
		b.visitExpr(&returns)
	}
	b.visitExprs(decos)
	b.enter(name, FunctionBlock, node, pos.Lineno, pos.ColOffset)
	if async {
		b.cur.Coroutine = true
	}
	b.visitArguments(args)
	b.visitStmts(body)
	b.exit()
}

// visitStmt visits the statement at p. Walkers take their node's
// interface by its address, which they read its type word through: an
// interface argument's address taken made them store it on entry.
func (b *builder) visitStmt(p *ast.Stmt) {
	// Statements are never near the recursion limit: the tokenizer allows
	// 100 levels of indentation, and only expressions nest deeper. Their
	// depth is counted, for the expressions in them, but not tested, by
	// visitStmts for the whole list.
	// Expression statements and assignments are half the statements.
	var value *ast.Expr
	switch w := words(unsafe.Pointer(p)); w.tab {
	case ast.Words.ExprStmt:
		value = &(*ast.ExprStmt)(w.data).Value
	case ast.Words.Assign:
		a := (*ast.Assign)(w.data)
		// Most assignments have one target, mostly a name: visitList's
		// call and frame, spared.
		if t := a.Targets; len(t) == 1 && words(unsafe.Pointer(&t[0])).tab == ast.Words.Name {
			n := (*ast.Name)(words(unsafe.Pointer(&t[0])).data)
			if p, k, id := b.nameHit(n); p != nil {
				setID(n, p)
			} else {
				b.visitNameNew(n, k, id)
			}
		} else {
			b.visitExprs(t)
		}
		value = &a.Value
	default:
		b.visitOtherStmt(p)
		return
	}
	// Most of their values are calls: visitExpr's frame spared.
	if w := words(unsafe.Pointer(value)); w.tab == ast.Words.Call {
		b.push()
		b.visitCall((*ast.Call)(w.data))
		b.depth--
		return
	}
	b.visitExpr(value)
}

// visitOtherStmt is visitStmt for the rarer statements, b.depth counted.
func (b *builder) visitOtherStmt(p *ast.Stmt) {
	// Ifs and returns, the commonest of them, are told by their type
	// words (see ast.Words), sparing them the type switch's search.
	switch w := words(unsafe.Pointer(p)); w.tab {
	case ast.Words.If:
		s := (*ast.If)(w.data)
		b.visitExpr(&s.Test)
		b.visitStmts(s.Body)
		if len(s.Orelse) > 0 {
			b.visitStmts(s.Orelse)
		}
		return
	case ast.Words.Return:
		s := (*ast.Return)(w.data)
		if s.Value != nil {
			b.visitExpr(&s.Value)
			b.cur.ReturnsValue = true
		}
		return
	}
	switch s := (*p).(type) {
	case *ast.FunctionDef:
		// The name's symbol is stamped on the statement, as on an
		// ast.Name, for the code generator's store.
		s.Sym = int32(b.addDef(s.Name, DefLocal)) + 1
		b.visitFunction(s, &s.Pos, s.Name, s.Args, s.Body, s.DecoratorList, s.Returns, false)
	case *ast.AsyncFunctionDef:
		s.Sym = int32(b.addDef(s.Name, DefLocal)) + 1
		b.visitFunction(s, &s.Pos, s.Name, s.Args, s.Body, s.DecoratorList, s.Returns, true)
	case *ast.ClassDef:
		s.Sym = int32(b.addDef(s.Name, DefLocal)) + 1
		b.visitExprs(s.Bases)
		for _, k := range s.Keywords {
			b.visitExpr(&k.Value)
		}
		b.visitExprs(s.DecoratorList)
		b.enter(s.Name, ClassBlock, s, s.Lineno, s.ColOffset)
		saved := b.private
		b.private = s.Name
		b.visitStmts(s.Body)
		b.private = saved
		b.exit()
	case *ast.Return:
		if s.Value != nil {
			b.visitExpr(&s.Value)
			b.cur.ReturnsValue = true
		}
	case *ast.Delete:
		b.visitExprs(s.Targets)
	case *ast.AnnAssign:
		if name, ok := s.Target.(*ast.Name); ok {
			cur := b.lookup(name.Id)
			if cur&(DefGlobal|DefNonlocal) != 0 && b.cur != b.global && s.Simple != 0 {
				msg := "annotated name '" + name.Id + "' can't be nonlocal"
				if cur&DefGlobal != 0 {
					msg = "annotated name '" + name.Id + "' can't be global"
				}
				b.fail(msg, int(s.Lineno), int(s.ColOffset)+1)
			}
			if s.Simple != 0 {
				b.stamp(name, b.addDef(name.Id, DefAnnot|DefLocal))
			}
			// symtable.c reaches this too for simple targets; it adds nothing new.
			if s.Value != nil {
				b.stamp(name, b.addDef(name.Id, DefLocal))
			}
		} else {
			b.visitExpr(&s.Target)
		}
		b.visitExpr(&s.Annotation)
		if s.Value != nil {
			b.visitExpr(&s.Value)
		}
	case *ast.AugAssign:
		b.visitExpr(&s.Target)
		b.visitExpr(&s.Value)
	case *ast.For:
		b.visitExpr(&s.Target)
		b.visitExpr(&s.Iter)
		b.visitStmts(s.Body)
		b.visitStmts(s.Orelse)
	case *ast.AsyncFor:
		b.visitExpr(&s.Target)
		b.visitExpr(&s.Iter)
		b.visitStmts(s.Body)
		b.visitStmts(s.Orelse)
	case *ast.While:
		b.visitExpr(&s.Test)
		b.visitStmts(s.Body)
		b.visitStmts(s.Orelse)
	case *ast.If:
		b.visitExpr(&s.Test)
		b.visitStmts(s.Body)
		b.visitStmts(s.Orelse)
	case *ast.Raise:
		if s.Exc != nil {
			b.visitExpr(&s.Exc)
			if s.Cause != nil {
				b.visitExpr(&s.Cause)
			}
		}
	case *ast.Try:
		// symtable.c visits the else block before the handlers.
		b.visitStmts(s.Body)
		b.visitStmts(s.Orelse)
		for _, h := range s.Handlers {
			if h.Type != nil {
				b.visitExpr(&h.Type)
			}
			if h.Name != "" {
				h.Sym = int32(b.addDef(h.Name, DefLocal)) + 1
			}
			b.visitStmts(h.Body)
		}
		b.visitStmts(s.FinalBody)
	case *ast.Assert:
		b.visitExpr(&s.Test)
		if s.Msg != nil {
			b.visitExpr(&s.Msg)
		}
	case *ast.Import:
		for _, a := range s.Names {
			b.visitAlias(a)
		}
	case *ast.ImportFrom:
		for _, a := range s.Names {
			b.visitAlias(a)
		}
	case *ast.Global:
		b.visitDeclaration(s.Names, DefGlobal, "global", int(s.Lineno), int(s.ColOffset))
	case *ast.Nonlocal:
		b.visitDeclaration(s.Names, DefNonlocal, "nonlocal", int(s.Lineno), int(s.ColOffset))
	case *ast.Pass, *ast.Break, *ast.Continue:
	case *ast.With:
		for _, it := range s.Items {
			b.visitWithItem(it)
		}
		b.visitStmts(s.Body)
	case *ast.AsyncWith:
		for _, it := range s.Items {
			b.visitWithItem(it)
		}
		b.visitStmts(s.Body)
	}
}

// visitDeclaration handles a global or nonlocal statement.
func (b *builder) visitDeclaration(names []string, flag int, kind string, lineno, col int) {
	for _, name := range names {
		cur := b.lookup(name)
		if cur&(DefParam|DefLocal|Use|DefAnnot) != 0 {
			var msg string
			switch {
			case cur&DefParam != 0:
				msg = "name '" + name + "' is parameter and " + kind
			case cur&Use != 0:
				msg = "name '" + name + "' is used prior to " + kind + " declaration"
			case cur&DefAnnot != 0:
				msg = "annotated name '" + name + "' can't be " + kind
			default:
				msg = "name '" + name + "' is assigned to before " + kind + " declaration"
			}
			b.fail(msg, lineno, col+1)
		}
		b.addDef(name, flag)
		b.recordDirective(name, lineno, col)
	}
}

func (b *builder) visitWithItem(it *ast.WithItem) {
	b.visitExpr(&it.ContextExpr)
	if it.OptionalVars != nil {
		b.visitExpr(&it.OptionalVars)
	}
}

func (b *builder) visitAlias(a *ast.Alias) {
	name := a.Name
	if a.Asname != "" {
		name = a.Asname
	}
	if name == "*" {
		if b.cur.Type != ModuleBlock {
			b.fail("import * only allowed at module level", int(b.cur.Lineno), int(b.cur.ColOffset)+1)
		}
		return
	}
	// "import a.b.c" binds a.
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[:i]
	}
	a.Sym = int32(b.addDef(name, DefImport)) + 1
}

func (b *builder) visitArgAnnotations(args []*ast.Arg) {
	for _, arg := range args {
		if arg.Annotation != nil {
			b.visitExpr(&arg.Annotation)
		}
	}
}

// visitArguments defines the parameters in the function's own block:
// positional-only, positional, keyword-only, then *args and **kwargs.
func (b *builder) visitArguments(a *ast.Arguments) {
	if a == nil {
		return
	}
	b.addParams(a.PosOnlyArgs)
	b.addParams(a.Args)
	b.addParams(a.KwOnlyArgs)
	if a.Vararg != nil {
		b.addParam(a.Vararg.Arg)
		b.cur.VarArgs = true
	}
	if a.Kwarg != nil {
		b.addParam(a.Kwarg.Arg)
		b.cur.VarKeywords = true
	}
	// The block was entered just before: its symbols are the parameters
	// (a duplicate failed).
	b.cur.NumParams = int32(len(b.cur.Symbols))
}

func (b *builder) addParams(args []*ast.Arg) {
	for _, arg := range args {
		b.addParam(arg.Arg)
	}
}

// addParam is addDef(name, DefParam) in the block just entered, whose
// symbols so far are its parameters: a name found there is a duplicate,
// and the block is no comprehension (whose target addDefIn checks) and
// declares nothing.
func (b *builder) addParam(name string) {
	blk := b.cur
	mangled := b.mangle(name)
	k := nameKey(mangled)
	var id int32
	x := &b.ids
	if s := &x.slots[keyHash(k)&x.mask]; s.key == k && s.gen == x.gen && (len(mangled) < 8 || b.names[s.id] == mangled) {
		id = s.id
	} else {
		id = b.id(mangled, k)
	}
	if b.posIn(blk, id) >= 0 {
		b.failAt("duplicate argument '"+name+"' in function definition", blk)
	}
	b.addSymbolIn(blk, k, id, DefParam)
}

func (b *builder) visitExpr(p *ast.Expr) {
	// Names are nearly half the expressions, and leaves whose depth needs
	// no undoing; constants, attributes and calls are nine in ten of the
	// others (stdlib counts). Direct tests of the type word (see ast.Words)
	// find them before visitOther's search over type hashes. The code
	// generator compiles the name in this block: stamping it with its
	// symbol saves a search there.
	switch w := words(unsafe.Pointer(p)); w.tab {
	case ast.Words.Name:
		n := (*ast.Name)(w.data)
		if p, k, id := b.nameHit(n); p != nil {
			setID(n, p)
		} else {
			b.visitNameNew(n, k, id)
		}
	case ast.Words.Constant:
		b.visitConstant((*ast.Constant)(w.data))
	case ast.Words.Attribute:
		b.visitAttribute((*ast.Attribute)(w.data))
	case ast.Words.Call:
		b.push()
		b.visitCall((*ast.Call)(w.data))
		b.depth--
	// Subscripts, binary operations and comparisons are the commonest of
	// the rest (stdlib counts): visitOther's frame spared.
	case ast.Words.Subscript:
		e := (*ast.Subscript)(w.data)
		b.push()
		b.visitExpr(&e.Value)
		b.visitSlice(e.Slice)
		b.depth--
	case ast.Words.BinOp:
		e := (*ast.BinOp)(w.data)
		b.push()
		b.visitExpr(&e.Left)
		b.visitExpr(&e.Right)
		b.depth--
	case ast.Words.Compare:
		e := (*ast.Compare)(w.data)
		b.push()
		b.visitExpr(&e.Left)
		b.visitExprs(e.Comparators)
		b.depth--
	default:
		b.push()
		b.visitOther(p)
		b.depth--
	}
}

// visitAttribute is visitExpr for an attribute.
func (b *builder) visitAttribute(a *ast.Attribute) {
	// Most attributes are of a name (self.x, os.path). Below the limit
	// their depth need not be counted: the name, a leaf, does not read it
	// (see push), and the walk would fail only where the attribute's depth
	// reached the limit.
	if w := words(unsafe.Pointer(&a.Value)); w.tab == ast.Words.Name {
		n := (*ast.Name)(w.data)
		p, k, id := b.nameHit(n)
		if p != nil {
			setID(n, p)
			return
		}
		// nameHit takes no name while slowDeep is set, which it is at
		// one below the limit (see push): the name is then visited as
		// below a counted attribute.
		if id != nameSlow || b.cur.slowNames&slowDeep == 0 {
			b.visitNameNew(n, k, id)
			return
		}
	}
	b.push()
	b.visitExpr(&a.Value)
	b.depth--
}

// visitConstant is visitExpr for a constant, a leaf.
func (b *builder) visitConstant(c *ast.Constant) {
	if b.depth >= recursionLimit {
		b.tooDeep()
	}
	// Counted for the code generator's constant table (a folded tuple's
	// items are constants too).
	// Each branch adds to the count in memory itself: a shared
	// increment's value was kept for the tuple's add, a load and store.
	if w := words(unsafe.Pointer(&c.Value)); w.tab == tupleTab {
		b.nconsts += 1 + len((*marshal.Tuple)(w.data).Items)
	} else {
		b.nconsts++
	}
}

// A name's visit (visitName, as these comments call it), which is
// b.stamp(n, b.addDef(n.Id, flag)) for flag Use or
// DefLocal, which need none of addDefIn's checks, is written out where the
// walk meets names (the loops over lists of expressions test for names
// themselves, sparing them visitExpr's frame):
//
//	if p, k, id := b.nameHit(n); p != nil {
//		setID(n, p)
//	} else {
//		b.visitNameNew(n, k, id)
//	}
//
// Its common case (see nameHit) is a call without a frame; the store of the
// symbol's name, a pointer's with its write barrier, is made by the caller,
// which has its frame anyway. A function of the two calls would be too
// costly to inline.

// setID gives n.Id the name storage p of its symbol, of n.Id's length:
// only the data word is stored.
func setID(n *ast.Name, p unsafe.Pointer) {
	*(*unsafe.Pointer)(unsafe.Pointer(&n.Id)) = p
}

// nameSlow is nameHit's id for a name visitNameDef is to take.
const nameSlow = -2

// nameHit does visitName's work, but for storing n.Id, in its common case:
// a name of up to 16 bytes, numbered at the first slot of b.ids, already a
// symbol of the current block, outside a comprehension's target; it then
// returns the data word of the symbol's name. Else it returns nil, the
// name's key and its number (-1 when not known, nameSlow for
// visitNameDef), for visitNameNew.
//
// Names mangling would change and super, which visitNameDef takes, are
// told apart only off the path of a hit: a name to be mangled is never a
// symbol of the block under its own name (every symbol of a block inside
// a class was mangled, or is unchanged by mangling), so it is never
// found; visitNameNew sends it on. And super is never found through its
// slot's cache, which only the search of the level's table sets (below).
//
// It makes no call, not even a bounds check's (its indexes are masked or
// were checked when recorded) nor a write barrier's: a leaf, it needs no
// frame and no stack check, which were a fifth of its instructions.
func (b *builder) nameHit(n *ast.Name) (p unsafe.Pointer, k uint64, id int32) {
	// A name is a leaf: its depth needs no undoing, and is tested in
	// visitNameDef only when it may matter (see push). The loads through
	// b and n come first in their statements, checking them for nil (a
	// test of its own each when a branch came first).
	blk := b.cur
	if blk.slowNames != 0 {
		return nil, 0, nameSlow
	}
	name := n.Id
	l := len(name)
	if uint(l-1) >= 16 {
		return nil, 0, nameSlow
	}
	// nameKey, written out: it is too large to inline.
	p = unsafe.Pointer(unsafe.StringData(name))
	switch {
	case l >= 8:
		k = longKey(load64(name, 0), load64(name, l-8), l)
	case l >= 4:
		k = key4to7(p, l)
	default:
		k = key1to3(p, l)
	}
	// The name's slot in b.ids (its first) tells where it was last
	// found: most names recur in the block that last saw them. Else the
	// level's table tells, and the slot remembers.
	x := &b.ids
	s := (*idSlot)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(x.slots)),
		uintptr(keyHash(k)&x.mask)*unsafe.Sizeof(idSlot{})))
	if s.key != k {
		return nil, k, -1
	}
	pos := s.atPos
	if s.atSerial != blk.serial {
		if s.gen != x.gen {
			return nil, k, -1
		}
		id := s.id
		w := blk.scratch.where
		if uint(int(id)) >= uint(len(w)) || uint32(w[id]>>32) != blk.serial {
			return nil, k, id
		}
		// The key is the name itself for short names: it tells super,
		// whose load gives a method its __class__ cell (see useSuper).
		// Refused here, it is never cached in the slot.
		if k == superKey {
			return nil, 0, nameSlow
		}
		pos = uint32(w[id])
		s.atPos, s.atSerial = pos, blk.serial
	}
	// The position+1, recorded with the block's serial, is that of a
	// symbol of the block: it is the stamp, and the symbol's offset less
	// one symbol.
	sym := (*Symbol)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(blk.Symbols)),
		uintptr(pos)*unsafe.Sizeof(Symbol{})-unsafe.Sizeof(Symbol{})))
	// Equal keys of long names only suggest equal names.
	if l >= 8 && !sameEnds(name, sym.Name) {
		return nil, k, -1
	}
	flag := Use
	if n.Ctx != ast.Load {
		flag = DefLocal
		sym.Flags &^= provisionalGlobal
	}
	sym.Flags |= int32(flag)
	n.Sym = int32(pos)
	return unsafe.Pointer(unsafe.StringData(sym.Name)), 0, 0
}

// visitNameDef is visitName for the names addDefIn is to check: long,
// mangled, or a comprehension's target; and for the names of a block that
// may be at the recursion limit.
//
//go:noinline
func (b *builder) visitNameDef(n *ast.Name) {
	if blk := b.cur; blk.slowNames&slowDeep != 0 {
		if b.depth >= recursionLimit {
			b.tooDeep()
		}
		// Back below where push sets the bit, which it sets again if
		// need be.
		if b.depth < recursionLimit-1 {
			blk.slowNames &^= slowDeep
		}
	}
	flag := Use
	if n.Ctx != ast.Load {
		flag = DefLocal
	}
	name := n.Id
	b.stamp(n, b.addDef(name, flag))
	b.useSuper(name, flag)
}

// visitNameNew is visitName for a name of key k that is not a symbol of
// the current block, numbered id, or, if id is -1, not found at the first
// slot of b.ids; and, if id is nameSlow, for one visitNameDef is to take.
// It adds the symbol as addSymbolIn does, written out.
//
//go:noinline
func (b *builder) visitNameNew(n *ast.Name, k uint64, id int32) {
	blk := b.cur
	if id < 0 {
		if id == nameSlow {
			b.visitNameDef(n)
			return
		}
		// A name mangling would change is numbered unmangled here, a
		// number no symbol may have: harmless, and rare.
		id = b.id(n.Id, k)
		if i := b.posIn(blk, id); i >= 0 {
			b.visitNameAt(n, i)
			return
		}
	}
	// The names nameHit did not tell apart (see there), super and those
	// mangling would change, are new symbols: visitNameDef takes them.
	if k == superKey || b.private != "" && *(*byte)(unsafe.Pointer(unsafe.StringData(n.Id))) == '_' {
		b.visitNameDef(n)
		return
	}
	// The flags with their provisional scope (see provisional).
	flags := Use | int32(GlobalImplicit)<<ScopeOffset
	if n.Ctx != ast.Load {
		flags = DefLocal | int32(Local)<<ScopeOffset
	}
	// addSymbolIn spelt out: the call cost ~5 M instructions a stdlib run.
	sc := blk.scratch
	if len(blk.Symbols) == cap(blk.Symbols) {
		sc.growSymbols(blk)
	}
	i := len(blk.Symbols)
	blk.Symbols = blk.Symbols[:i+1]
	s := &blk.Symbols[i]
	name := b.names[id]
	s.Name, s.Flags, s.key, s.id = name, flags, k, id
	if int(id) >= len(sc.where) {
		sc.growWhere(id)
	}
	sc.where[id] = uint64(blk.serial)<<32 | uint64(i+1)
	n.Sym = int32(i) + 1
	n.Id = name
}

// visitNameAt is visitName for a name that is symbol i of the current
// block, found after all.
func (b *builder) visitNameAt(n *ast.Name, i int) {
	flag := Use
	if n.Ctx != ast.Load {
		flag = DefLocal
	}
	sym := &b.cur.Symbols[i]
	if flag == DefLocal {
		sym.Flags &^= provisionalGlobal
	}
	sym.Flags |= int32(flag)
	n.Sym = int32(i) + 1
	n.Id = sym.Name
	b.useSuper(n.Id, flag)
}

// useSuper gives the current block, if a function, the implicit
// __class__ cell of the method when name, used with flag, is a load of
// super: super() needs it.
func (b *builder) useSuper(name string, flag int) {
	if flag == Use && name == "super" && b.cur.Type == FunctionBlock {
		b.addDef("__class__", Use)
	}
}

// sameEnds reports whether a and b, of one length from 8 to 16 bytes, are
// equal: their first and last eight bytes cover them.
func sameEnds(a, b string) bool {
	l := len(a)
	return load64(a, 0) == load64(b, 0) && load64(a, l-8) == load64(b, l-8)
}

// stamp records on n the position i of its symbol in the current block
// and, unless mangling changed it (which makes it longer), gives n the
// symbol's name storage (see addDefIn).
func (b *builder) stamp(n *ast.Name, i int) {
	n.Sym = int32(i) + 1
	if s := b.cur.Symbols[i].Name; len(s) == len(n.Id) {
		n.Id = s
	}
}

func (b *builder) visitCall(e *ast.Call) {
	// Calls are of names and of attributes (methods) mostly.
	switch w := words(unsafe.Pointer(&e.Func)); w.tab {
	case ast.Words.Name:
		n := (*ast.Name)(w.data)
		if p, k, id := b.nameHit(n); p != nil {
			setID(n, p)
		} else {
			b.visitNameNew(n, k, id)
		}
	case ast.Words.Attribute:
		// Most are methods of names (self.f(), os.getcwd()): the
		// name's hit, visitAttribute's, made here spares its call.
		a := (*ast.Attribute)(w.data)
		if v := words(unsafe.Pointer(&a.Value)); v.tab == ast.Words.Name {
			n := (*ast.Name)(v.data)
			if p, k, id := b.nameHit(n); p != nil {
				setID(n, p)
			} else if id != nameSlow || b.cur.slowNames&slowDeep == 0 {
				b.visitNameNew(n, k, id)
			} else {
				// Near the recursion limit (see visitAttribute).
				b.visitAttribute(a)
			}
		} else {
			b.visitAttribute(a)
		}
	default:
		b.visitExpr(&e.Func)
	}
	// The arguments are visitList's loop, written out: three in four
	// lists visited are calls' arguments, and visitList's call and frame
	// cost more than the loop (~18 instructions a list).
	args := e.Args
	for i := range args {
		switch w := words(unsafe.Pointer(&args[i])); w.tab {
		case ast.Words.Name:
			n := (*ast.Name)(w.data)
			if p, k, id := b.nameHit(n); p != nil {
				setID(n, p)
			} else {
				b.visitNameNew(n, k, id)
			}
		case ast.Words.Constant:
			b.visitConstant((*ast.Constant)(w.data))
		case ast.Words.Attribute:
			b.visitAttribute((*ast.Attribute)(w.data))
		case ast.Words.Call:
			b.push()
			b.visitCall((*ast.Call)(w.data))
			b.depth--
		case nil:
		default:
			b.visitExpr(&args[i])
		}
	}
	// Most calls have no keywords: the loop's setup, spared.
	if len(e.Keywords) > 0 {
		b.visitKeywords(e.Keywords)
	}
}

func (b *builder) visitKeywords(ks []*ast.Keyword) {
	for _, k := range ks {
		if k != nil {
			b.visitExpr(&k.Value)
		}
	}
}

// visitOther is visitExpr for the rarer expressions, b.depth counted.
func (b *builder) visitOther(p *ast.Expr) {
	// The commonest of them left by visitExpr (stdlib counts: tuples and
	// lists) are told by their type words (see ast.Words), sparing them the
	// type switch's search.
	switch w := words(unsafe.Pointer(p)); w.tab {
	case ast.Words.Tuple:
		b.visitExprs((*ast.Tuple)(w.data).Elts)
		return
	case ast.Words.List:
		b.visitExprs((*ast.List)(w.data).Elts)
		return
	}
	switch e := (*p).(type) {
	case *ast.NamedExpr:
		b.visitNamedExpr(e)
	case *ast.BoolOp:
		b.visitExprs(e.Values)
	case *ast.UnaryOp:
		b.visitExpr(&e.Operand)
	case *ast.Lambda:
		if e.Args != nil {
			b.visitExprs(e.Args.Defaults)
			b.visitExprs(e.Args.KwDefaults)
		}
		b.enter("lambda", FunctionBlock, e, e.Lineno, e.ColOffset)
		b.visitArguments(e.Args)
		b.visitExpr(&e.Body)
		b.exit()
	case *ast.IfExp:
		b.visitExpr(&e.Test)
		b.visitExpr(&e.Body)
		b.visitExpr(&e.Orelse)
	case *ast.Dict:
		b.visitExprs(e.Keys) // nil keys (**mapping) skipped
		b.visitExprs(e.Values)
	case *ast.Set:
		b.visitExprs(e.Elts)
	case *ast.GeneratorExp:
		b.visitComprehension(e, &e.Pos, "genexpr", e.Generators, e.Elt, nil)
	case *ast.ListComp:
		b.visitComprehension(e, &e.Pos, "listcomp", e.Generators, e.Elt, nil)
	case *ast.SetComp:
		b.visitComprehension(e, &e.Pos, "setcomp", e.Generators, e.Elt, nil)
	case *ast.DictComp:
		b.visitComprehension(e, &e.Pos, "dictcomp", e.Generators, e.Key, e.Value)
	case *ast.Yield:
		if e.Value != nil {
			b.visitExpr(&e.Value)
		}
		b.cur.Generator = true
	case *ast.YieldFrom:
		b.visitExpr(&e.Value)
		b.cur.Generator = true
	case *ast.Await:
		b.visitExpr(&e.Value)
		b.cur.Coroutine = true
	case *ast.FormattedValue:
		b.visitExpr(&e.Value)
		if e.FormatSpec != nil {
			b.visitExpr(&e.FormatSpec)
		}
	case *ast.JoinedStr:
		b.visitExprs(e.Values)
	case *ast.Starred:
		b.visitExpr(&e.Value)
	}
}

func (b *builder) visitSlice(s ast.SliceKind) {
	switch s := s.(type) {
	case *ast.Slice:
		if s.Lower != nil {
			b.visitExpr(&s.Lower)
		}
		if s.Upper != nil {
			b.visitExpr(&s.Upper)
		}
		if s.Step != nil {
			b.visitExpr(&s.Step)
		}
	case *ast.ExtSlice:
		for _, d := range s.Dims {
			b.visitSlice(d)
		}
	case *ast.Index:
		b.visitExpr(&s.Value)
	}
}

func (b *builder) visitNamedExpr(e *ast.NamedExpr) {
	if b.cur.CompIterExpr > 0 {
		b.fail("assignment expression cannot be used in a comprehension iterable expression", int(e.Lineno), int(e.ColOffset))
	}
	if b.cur.Comprehension {
		if name, ok := e.Target.(*ast.Name); ok {
			b.extendNamedExprScope(name)
		}
	}
	b.visitExpr(&e.Value)
	b.visitExpr(&e.Target)
}

// extendNamedExprScope binds the target of an assignment expression inside
// a comprehension in the nearest enclosing function or module block, and
// marks it nonlocal (or global) in the comprehension.
func (b *builder) extendNamedExprScope(e *ast.Name) {
	name := e.Id
	for i := b.open - 1; i >= 0; i-- {
		ste := b.levels[i].blk
		if ste.Comprehension {
			// symtable.c looks the target up unmangled here.
			if ste.Lookup(name)&DefCompIter != 0 {
				b.fail("assignment expression cannot rebind comprehension iteration variable '"+name+"'", int(e.Lineno), int(e.ColOffset))
			}
			continue
		}
		switch ste.Type {
		case FunctionBlock:
			if ste.Lookup(name)&DefGlobal != 0 {
				b.addDef(name, DefGlobal)
			} else {
				b.addDef(name, DefNonlocal)
			}
			b.recordDirective(name, int(e.Lineno), int(e.ColOffset))
			b.addDefIn(name, DefLocal, ste)
			return
		case ModuleBlock:
			b.addDef(name, DefGlobal)
			b.recordDirective(name, int(e.Lineno), int(e.ColOffset))
			b.addDefIn(name, DefGlobal, ste)
			return
		case ClassBlock:
			b.fail("assignment expression within a comprehension cannot be used in a class body", int(e.Lineno), int(e.ColOffset))
		}
	}
}

// visitComprehension builds the block of a comprehension or generator
// expression. The outermost iterable is evaluated in the enclosing scope
// and passed in as the implicit parameter ".0". Its node e, at pos, comes
// as an ast.Node, as visitFunction's.
func (b *builder) visitComprehension(e ast.Node, pos *ast.Pos, name string, gens []*ast.Comprehension, elt, value ast.Expr) {
	if len(gens) == 0 {
		// Not produced by the parser; nothing sensible to build.
		return
	}
	_, isGen := e.(*ast.GeneratorExp)
	outer := gens[0]
	b.cur.CompIterExpr++
	b.visitExpr(&outer.Iter)
	b.cur.CompIterExpr--
	blk := b.enter(name, FunctionBlock, e, pos.Lineno, pos.ColOffset)
	if outer.IsAsync != 0 {
		blk.Coroutine = true
	}
	blk.Comprehension = true
	b.addDef(".0", DefParam)
	blk.NumParams = 1
	blk.CompIterTarget = true
	blk.slowNames |= slowTarget
	b.visitExpr(&outer.Target)
	blk.CompIterTarget = false
	blk.slowNames &^= slowTarget
	b.visitExprs(outer.Ifs)
	for _, g := range gens[1:] {
		blk.CompIterTarget = true
		blk.slowNames |= slowTarget
		b.visitExpr(&g.Target)
		blk.CompIterTarget = false
		blk.slowNames &^= slowTarget
		blk.CompIterExpr++
		b.visitExpr(&g.Iter)
		blk.CompIterExpr--
		b.visitExprs(g.Ifs)
		if g.IsAsync != 0 {
			blk.Coroutine = true
		}
	}
	if value != nil {
		b.visitExpr(&value)
	}
	b.visitExpr(&elt)
	if blk.Generator {
		var msg string
		switch e.(type) {
		case *ast.ListComp:
			msg = "'yield' inside list comprehension"
		case *ast.SetComp:
			msg = "'yield' inside set comprehension"
		case *ast.DictComp:
			msg = "'yield' inside dict comprehension"
		default:
			msg = "'yield' inside generator expression"
		}
		b.fail(msg, int(blk.Lineno), int(blk.ColOffset)+1)
	}
	blk.Generator = isGen
	b.exit()
}

// Mangle returns name as seen inside class privateName: a name starting
// with two underscores (and not ending with two, nor holding a dot) becomes
// "_" + the class name without its leading underscores + name, as
// CPython's _Py_Mangle. privateName "" means outside any class.
func Mangle(privateName, name string) string {
	if privateName == "" || len(name) < 2 || name[0] != '_' || name[1] != '_' {
		return name
	}
	if strings.HasSuffix(name, "__") || strings.IndexByte(name, '.') >= 0 {
		return name
	}
	p := strings.TrimLeft(privateName, "_")
	if p == "" {
		return name
	}
	return "_" + p + name
}

// Symbols carry a provisional scope from their creation: Local when bound
// (DefBound), else GlobalImplicit, the two told apart by one bit, which a
// binding clears. That is their scope in a block that is not nested, has
// no children, and neither declares names global or nonlocal nor holds
// __class__ (which a method may take from its class): the analyzer leaves
// such blocks, most of them, alone (see Block.resolveAll).
const provisionalGlobal = int32(GlobalImplicit&^Local) << ScopeOffset

// provisional returns flags, a new symbol's, with its provisional scope.
func provisional(flags int) int {
	if flags&DefBound != 0 {
		return flags | int(Local)<<ScopeOffset
	}
	return flags | int(GlobalImplicit)<<ScopeOffset
}

// classKey is nameKey("__class__").
var classKey = nameKey("__class__")

// superKey is nameKey("super"), which only "super" has (see nameKey).
var superKey = nameKey("super")
