package parser

import (
	"sync"
	"unsafe"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/scanner"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/marshal"
)

// slab hands out the nodes of one kind from chunks, so that building a
// tree costs one allocation per chunk rather than one per node. Every node
// of a chunk lives as long as the tree, which is how trees are used.
//
// A Parser's slabs share their chunks with every other Parser's (see
// spare): each holds only the chunks its tree took, so the memory is
// what the trees being compiled at once need, not every Parser's
// high-water of each node kind. Constants share theirs the same way
// (see spareConsts).
type slab[T any] struct {
	// The current chunk by its first node and its size in bytes, handed
	// out up to the byte offset off: a node costs a compare, an add and
	// a store of off, without an index scaled per node.
	base   unsafe.Pointer
	off    uintptr
	lim    uintptr
	chunks [][]T    // the chunks handed out from (with a spare)
	next   int      // size of the next chunk without a spare
	spare  *slab[T] // where the chunks come from and go back to
}

// spare holds, in the chunks of its slabs, the free chunks of every
// Parser's slabs.
var (
	spareMu sync.Mutex
	spare   allocs
)

// spareChunk is the size of a chunk shared through spare.
const spareChunk = 128

// alloc returns a zeroed node, for callers that set only some of its
// fields; a caller that sets each of them one by one uses take.
func (s *slab[T]) alloc() *T {
	x := s.take()
	var zero T
	*x = zero
	return x
}

// take returns the next node as the last tree left it: reset does not
// clear recycled chunks (cold memory by then), so every node is written
// whole when handed out, on a line about to be used anyway. take advances
// an offset rather than reslicing the free rest: no slice header (and no
// write barrier) is stored per node.
func (s *slab[T]) take() *T {
	if o := s.off; o < s.lim {
		s.off = o + sizeOf[T]()
		return (*T)(unsafe.Add(s.base, o))
	}
	s.grow()
	s.off = sizeOf[T]()
	return (*T)(s.base)
}

// untake gives back the node take or ready returned last.
func (s *slab[T]) untake() { s.off -= sizeOf[T]() }

// sizeOf is T's size, a constant in each shape's code.
func sizeOf[T any]() uintptr {
	var x T
	return unsafe.Sizeof(x)
}

// ready is take without a new chunk: false when the current one is used
// up. It inlines where take (whose call to grow costs most of the
// inlining budget) does not: the commonest nodes are taken as
// "x, ok := s.ready(); if !ok { x = s.take() }". Each kind's take is
// code of its own, cold between its calls: called for every node, the
// takes cost an instruction-cache miss per three calls. The result ok,
// a constant on each path, lets the compiler jump from the fast path
// past the test, which a nil result made it load and test.
func (s *slab[T]) ready() (*T, bool) {
	if o := s.off; o < s.lim {
		s.off = o + sizeOf[T]()
		return (*T)(unsafe.Add(s.base, o)), true
	}
	return nil, false
}

func (s *slab[T]) grow() {
	s.off = 0
	if s.spare != nil {
		var c []T
		spareMu.Lock()
		if k := len(s.spare.chunks) - 1; k >= 0 {
			c = s.spare.chunks[k]
			s.spare.chunks = s.spare.chunks[:k]
		}
		spareMu.Unlock()
		if c == nil {
			c = make([]T, spareChunk)
		}
		s.chunks = append(s.chunks, c)
		s.setCur(c)
		return
	}
	// Nodes that are never recycled: chunks double from a small first
	// one, so that small files waste little and large ones do not pay
	// an allocation per few nodes.
	s.next = min(max(2*s.next, 8), 64)
	s.setCur(make([]T, s.next))
}

// setCur makes c the current chunk, handed out from its start.
func (s *slab[T]) setCur(c []T) {
	s.base = unsafe.Pointer(unsafe.SliceData(c))
	s.lim = uintptr(len(c)) * sizeOf[T]()
}

// node returns a node of s set to v: the slab's form of &v.
func node[T any](s *slab[T], v T) *T {
	x := s.take()
	*x = v
	return x
}

// share makes the chunks handed out so far free again: they go back to
// sp (the slab of spare or spareConsts), and s's next ones come from it;
// the caller holds spareMu. The chunks are left as they are (take's
// callers overwrite each node), so until a later tree reuses a node it
// keeps what the old one pointed to alive: memory of the source, the
// Constants and these slabs, all recycled by their owners. Neither
// list is cleared past its length: every chunk either names is alive in
// one of them anyway.
//
// share inlines to two tests: most kinds are absent from most files, and
// s.spare is set from the first share on. allocs.reset shares some sixty
// slabs once or twice per file; with the work inlined it was 21 KB of
// code, an instruction-cache miss per 20 instructions.
//
// The current chunk stays with s, used again from its start: the next
// tree most likely needs this kind too, and its first node then costs
// no grow (each kind's grow is code of its own, cold by then). A Parser
// so keeps at most a chunk of each kind it has used.
func (s *slab[T]) share(sp *slab[T]) {
	if len(s.chunks) > 1 || s.spare == nil {
		s.giveBack(sp)
	}
	s.off = 0
}

//go:noinline
func (s *slab[T]) giveBack(sp *slab[T]) {
	if k := len(s.chunks) - 1; k >= 0 {
		sp.chunks = append(sp.chunks, s.chunks[:k]...)
		s.chunks[0] = s.chunks[k]
		s.chunks = s.chunks[:1]
	}
	s.spare = sp
}

// listArena hands out exact-size slices carved from shared chunks, with
// their capacity capped so that appending to one never touches another.
// A Parser's arenas share their chunks through spare, as its slabs do;
// a tree parsed without a Parser (spare nil) gets new chunks.
type listArena[T any] struct {
	cur    []T // the current chunk, handed out up to n
	n      int
	chunks [][]T         // the chunks handed out from (with a spare)
	spare  *listArena[T] // where the chunks come from and go back to (a Parser's)
}

const (
	minListChunk   = 32  // without a spare
	spareListChunk = 128 // with one (a longer list gets a chunk its size)
)

// make returns a copy of src. Most lists are a few elements long: a loop
// copies them for less than copy's runtime call (typedslicecopy).
//
// The common case, a list that fits the current chunk, is taken here
// without take's call: popXs makes a list per few tokens.
func (a *listArena[T]) make(src []T) []T {
	var s []T
	if i, n := a.n, len(src); n == 1 && i < len(a.cur) {
		// A list of one, the commonest: no loop.
		s = a.cur[i : i+1 : i+1]
		a.n = i + 1
		s[0] = src[0]
		return s
	} else if n > 0 && n <= len(a.cur)-i {
		s = a.cur[i : i+n : i+n]
		a.n = i + n
	} else if n == 0 {
		return []T{} // a list of none, a third of all: no call
	} else {
		s = a.take(n)
	}
	src = src[:len(s)]
	for i := range s {
		s[i] = src[i]
	}
	return s
}

// alloc returns a zeroed slice of length n.
func (a *listArena[T]) alloc(n int) []T {
	s := a.take(n)
	var zero T
	for i := range s {
		s[i] = zero
	}
	return s
}

// take returns a slice of length n as the last tree left it (see
// slab.take), for callers that set every element.
func (a *listArena[T]) take(n int) []T {
	if n == 0 {
		return []T{}
	}
	if n > len(a.cur)-a.n {
		a.grow(n)
	}
	s := a.cur[a.n : a.n+n : a.n+n]
	a.n += n
	return s
}

func (a *listArena[T]) grow(n int) {
	a.n = 0
	if a.spare == nil {
		a.cur = make([]T, max(minListChunk, n))
		return
	}
	// The last free chunk large enough: every chunk fits a list of up
	// to spareListChunk, so only a longer one (rare) looks further, for
	// the chunk an earlier long list left.
	var c []T
	spareMu.Lock()
	free := a.spare.chunks
	for k := len(free) - 1; k >= 0; k-- {
		if len(free[k]) >= n {
			c = free[k]
			free[k] = free[len(free)-1]
			a.spare.chunks = free[:len(free)-1]
			break
		}
	}
	spareMu.Unlock()
	if c == nil {
		c = make([]T, max(spareListChunk, n))
	}
	a.chunks = append(a.chunks, c)
	a.cur = c
}

// share is slab.share for a list arena: the chunks are free again,
// not cleared (see slab.reset).
// As a slab, an arena keeps its current chunk.
func (a *listArena[T]) share(sp *listArena[T]) {
	if len(a.chunks) > 1 || a.spare == nil {
		a.giveBack(sp)
	}
	a.n = 0
}

//go:noinline
func (a *listArena[T]) giveBack(sp *listArena[T]) {
	if k := len(a.chunks) - 1; k >= 0 {
		sp.chunks = append(sp.chunks, a.chunks[:k]...)
		a.chunks[0] = a.chunks[k]
		a.chunks = a.chunks[:1]
	}
	a.spare = sp
}

// stacks are a parser's scratch stacks and the Fold of its tree, which
// Parsers share through spareStacks as their slabs share chunks: each
// grows to what the largest file needs, so a Parser that kept its own
// would make another copy of that for every Parser ever at work at once.
type stacks struct {
	ks    []*ast.Keyword
	as    []*ast.Arg
	tx    []byte
	stoks []strTok
	fold  []ast.Stmt
}

// spareStacks are the stacks no Parser holds (guarded by spareMu).
var spareStacks []stacks

// takeStacks gives p the stacks given back last, if any.
func (p *parser) takeStacks() {
	spareMu.Lock()
	if k := len(spareStacks) - 1; k >= 0 {
		st := &spareStacks[k]
		p.ks, p.as = st.ks, st.as
		p.tx, p.stoks, p.fold = st.tx, st.stoks, st.fold
		*st = stacks{}
		spareStacks = spareStacks[:k]
	}
	spareMu.Unlock()
}

// giveStacks gives p's stacks to the next Parser; what they hold past
// their length stays, as after cut.
func (p *parser) giveStacks() {
	spareMu.Lock()
	spareStacks = append(spareStacks, stacks{p.ks, p.as, p.tx, p.stoks, p.fold})
	spareMu.Unlock()
	p.ks, p.as = nil, nil
	p.tx, p.stoks, p.fold = nil, nil, nil
}

// Lists are gathered on scratch stacks (nested lists stack above outer
// ones) and copied out exactly sized when complete.

// p.xs lives in chunks of the tree's memory (al.xst), not a stack shared
// between Parsers: a list gathered from the bottom of the stack (no list
// open below it, as most calls' arguments and most tuples) is handed out
// where it lies, with its capacity capped, and the stack goes on after
// it; only lists nested in an open one are copied out (popXs).
func (p *parser) pushX(e ast.Expr) {
	// The append where the test shows room, which then needs no test of
	// its own (after a call to growXs, the append would test again).
	if len(p.xs) < cap(p.xs) {
		p.xs = append(p.xs, e)
	} else {
		p.pushXSlow(e)
	}
}

//go:noinline
func (p *parser) pushXSlow(e ast.Expr) {
	p.growXs()
	p.xs = append(p.xs, e)
}

// dropXs leaves p's and its f-string parsers' p.xs, whose chunks were
// the last tree's.
func (p *parser) dropXs() {
	p.xs = nil
	p.dropSs()
	for s := p.sub; s != nil; s = s.sub {
		s.xs = nil
	}
}

// resetSubs recycles the nodes of the last tree that p's f-string
// parsers built (see fstringCompile). One that built none since the
// last reset (its Constants nil) is skipped, and so are the ones below
// it, which only it uses.
func (p *parser) resetSubs() {
	for s := p.sub; s != nil && s.al.c != nil; s = s.sub {
		s.al.reset(nil)
	}
}

// growXs moves the open lists on p.xs to a new chunk of the tree's.
//
//go:noinline
func (p *parser) growXs() {
	n := len(p.xs)
	p.al.xst.grow(max(spareListChunk, 2*n))
	c := p.al.xst.cur
	copy(c, p.xs)
	p.xs = c[:n]
}

// cut truncates a scratch stack to n. What it drops stays past the
// length until a later push overwrites it: like a slab's recycled nodes
// (see slab.reset), it points into trees whose memory the Parser and the
// Constants' owner recycle anyway, and clearing it cost a store per
// element of every list.
func cut[T any](s []T, n int) []T {
	return s[:n]
}

func (p *parser) popXs(base int) []ast.Expr {
	if base == 0 {
		n := len(p.xs)
		if n == 0 {
			return []ast.Expr{}
		}
		l := p.xs[:n:n]
		p.xs = p.xs[n:]
		return l
	}
	l := p.al.xa.make(p.xs[base:])
	p.xs = cut(p.xs, base)
	return l
}

// oneX returns the list of e alone: a list known to hold one element (an
// assignment's lone target, a call's lone argument) costs no push onto
// p.xs and no popXs. Such lists are arrays of one in a slab of their own:
// a slice of one costs no index arithmetic or bounds check.
func (p *parser) oneX(e ast.Expr) []ast.Expr {
	l, ok := p.al.ones.ready()
	if !ok {
		l = p.al.ones.take()
	}
	l[0] = e
	return l[:]
}

// Statement lists are built in place, as p.xs's bottom lists: p.ss is the
// open list of the innermost suite, in a chunk of the tree's (al.sst). At
// most one list is open per suite depth, so each depth has a stack of its
// own (p.sl, the part of its chunk after the lists handed out) and a
// suite's list is handed out where it lies, never copied.
func (p *parser) pushS(s ast.Stmt) {
	if len(p.ss) < cap(p.ss) { // as pushX
		p.ss = append(p.ss, s)
	} else {
		p.pushSSlow(s)
	}
}

//go:noinline
func (p *parser) pushSSlow(s ast.Stmt) {
	p.growSs()
	p.ss = append(p.ss, s)
}

// growSs moves the open list p.ss to a new chunk of the tree's.
//
//go:noinline
func (p *parser) growSs() {
	n := len(p.ss)
	p.al.sst.grow(max(spareListChunk, 2*n))
	c := p.al.sst.cur
	copy(c, p.ss)
	p.ss = c[:n]
	// Only the depths up to here hold chunks for dropSs to drop.
	p.sdTop = max(p.sdTop, p.sd)
}

// maxSuites bounds the suites open at once: the tokenizer allows 100
// indentation levels, and a suite on its header's line holds no compound
// statement; file_input is one more.
const maxSuites = 128

var _ [maxSuites - scanner.MaxIndent - 2]struct{} // maxSuites is enough

// openSs opens the list of a suite nested in the one whose list is p.ss,
// and returns that list and the new suite's depth for closeSs.
func (p *parser) openSs() (outer []ast.Stmt, d int) {
	outer, d = p.ss, p.sd
	p.sd = d + 1
	p.ss = p.sl[d&(maxSuites-1)]
	return outer, d
}

// closeSs hands out the list of the suite openSs opened at depth d and
// reopens outer.
func (p *parser) closeSs(outer []ast.Stmt, d int) []ast.Stmt {
	l := p.ss
	p.sd = d
	p.ss = outer
	n := len(l)
	if n == 0 {
		return []ast.Stmt{}
	}
	p.sl[d&(maxSuites-1)] = l[n:]
	return l[:n:n]
}

// dropSs leaves the statement stacks, whose chunks were the last tree's.
func (p *parser) dropSs() {
	p.ss = nil
	clear(p.sl[:min(p.sdTop, maxSuites)])
	p.sd, p.sdTop = 0, 0
}

// oneStmt returns the list of s alone (an elif's orelse), from the
// current chunk without take's call when it fits.
func (p *parser) oneStmt(s ast.Stmt) []ast.Stmt {
	a := &p.al.sa
	var l []ast.Stmt
	if i := a.n; i < len(a.cur) {
		l = a.cur[i : i+1 : i+1]
		a.n = i + 1
	} else {
		l = a.take(1)
	}
	l[0] = s
	return l
}

// allocs holds the slabs of the node kinds a module has most of.
type allocs struct {
	names     slab[ast.Name]
	consts    slab[ast.Constant]
	c         *Constants // the tree's str and int constants
	shared    bool       // reset has run: the slabs take from spare
	attrs     slab[ast.Attribute]
	calls     slab[ast.Call]
	keywords  slab[ast.Keyword]
	exprStmts slab[ast.ExprStmt]
	assigns   slab[ast.Assign]
	binops    slab[ast.BinOp]
	subs      slab[ast.Subscript]
	indexes   slab[ast.Index]
	tuples    slab[ast.Tuple]
	args      slab[ast.Arg]
	compares  slab[ast.Compare]
	arguments slab[ast.Arguments]
	funcdefs  slab[ast.FunctionDef]
	ifs       slab[ast.If]
	returns   slab[ast.Return]
	lists     slab[ast.List]
	// statements and nodes a module has fewer of
	unaryOps        slab[ast.UnaryOp]
	raises          slab[ast.Raise]
	aliases         slab[ast.Alias]
	imports         slab[ast.Import]
	importFroms     slab[ast.ImportFrom]
	handlers        slab[ast.ExceptHandler]
	trys            slab[ast.Try]
	withItems       slab[ast.WithItem]
	withs           slab[ast.With]
	passes          slab[ast.Pass]
	fors            slab[ast.For]
	classdefs       slab[ast.ClassDef]
	comps           slab[ast.Comprehension]
	boolOps         slab[ast.BoolOp]
	dicts           slab[ast.Dict]
	slices          slab[ast.Slice]
	augAssigns      slab[ast.AugAssign]
	ifExps          slab[ast.IfExp]
	lambdas         slab[ast.Lambda]
	starreds        slab[ast.Starred]
	genExps         slab[ast.GeneratorExp]
	yields          slab[ast.Yield]
	listComps       slab[ast.ListComp]
	deletes         slab[ast.Delete]
	asserts         slab[ast.Assert]
	breaks          slab[ast.Break]
	continues       slab[ast.Continue]
	annAssigns      slab[ast.AnnAssign]
	whiles          slab[ast.While]
	joinedStrs      slab[ast.JoinedStr]
	formattedValues slab[ast.FormattedValue]
	asyncFuncdefs   slab[ast.AsyncFunctionDef]

	ones slab[[1]ast.Expr] // lists of one (oneX)
	xa   listArena[ast.Expr]
	xst  listArena[ast.Expr] // the chunks of p.xs (see pushX)
	sa   listArena[ast.Stmt]
	sst  listArena[ast.Stmt] // the chunks of the statement stacks (see pushS)
	ka   listArena[*ast.Keyword]
	aa   listArena[*ast.Arg]
	oa   listArena[ast.CmpOp]
	ala  listArena[*ast.Alias]
	ha   listArena[*ast.ExceptHandler]
	wa   listArena[*ast.WithItem]
	ca   listArena[*ast.Comprehension]
}

// Constants is the memory a tree's str and int constants are allocated
// from. Code objects keep them, so unlike the tree's nodes a Parser does
// not recycle them: each tree gets new Constants unless the caller, which
// knows when the code made from a tree is dead, hands a Reset one to the
// next parse (Parser.Constants).
type Constants struct {
	strs   slab[marshal.Str]
	ints   slab[marshal.Int]
	floats slab[marshal.Float]
	text   literal.Arena // decoded str and bytes values
	bytes  slab[marshal.Bytes]
	src    source.Text // the decoded source, when it is not the raw bytes
}

// spareConsts holds, as spare does for trees, the free chunks of every
// Constants that was Reset (guarded by spareMu): the memory is what the
// units alive at once need, not every Constants' high-water of each kind.
var spareConsts Constants

// Reset makes c's memory available again; every constant allocated from
// it before must be dead. From then on c takes its chunks from, and
// gives them back to, those of every Constants that was Reset.
func (c *Constants) Reset() {
	spareMu.Lock()
	c.strs.share(&spareConsts.strs)
	c.ints.share(&spareConsts.ints)
	c.floats.share(&spareConsts.floats)
	c.bytes.share(&spareConsts.bytes)
	spareMu.Unlock()
	c.text.Reset()
	c.src.Release()
}

// shared reports whether c takes its chunks from spareConsts.
func (c *Constants) shared() bool { return c.strs.spare != nil }

// reset recycles the nodes of the last tree for the next one, whose
// constants come from c: the slabs' chunks go back to spare.
//
// A tree is built only after a reset that set its Constants (ParseFile's,
// or the f-string parser's own), so with al.c nil there is nothing to give
// back: ParseFile's reset after Release's costs none of the sixty slabs'
// code.
func (al *allocs) reset(c *Constants) {
	if al.c == nil && al.shared {
		al.c = c
		return
	}
	al.c, al.shared = c, true
	spareMu.Lock()
	defer spareMu.Unlock()
	al.names.share(&spare.names)
	al.consts.share(&spare.consts)
	al.attrs.share(&spare.attrs)
	al.calls.share(&spare.calls)
	al.keywords.share(&spare.keywords)
	al.exprStmts.share(&spare.exprStmts)
	al.assigns.share(&spare.assigns)
	al.binops.share(&spare.binops)
	al.subs.share(&spare.subs)
	al.indexes.share(&spare.indexes)
	al.tuples.share(&spare.tuples)
	al.args.share(&spare.args)
	al.compares.share(&spare.compares)
	al.arguments.share(&spare.arguments)
	al.funcdefs.share(&spare.funcdefs)
	al.ifs.share(&spare.ifs)
	al.returns.share(&spare.returns)
	al.lists.share(&spare.lists)
	al.unaryOps.share(&spare.unaryOps)
	al.raises.share(&spare.raises)
	al.aliases.share(&spare.aliases)
	al.imports.share(&spare.imports)
	al.importFroms.share(&spare.importFroms)
	al.handlers.share(&spare.handlers)
	al.trys.share(&spare.trys)
	al.withItems.share(&spare.withItems)
	al.withs.share(&spare.withs)
	al.passes.share(&spare.passes)
	al.fors.share(&spare.fors)
	al.classdefs.share(&spare.classdefs)
	al.comps.share(&spare.comps)
	al.boolOps.share(&spare.boolOps)
	al.dicts.share(&spare.dicts)
	al.slices.share(&spare.slices)
	al.augAssigns.share(&spare.augAssigns)
	al.ifExps.share(&spare.ifExps)
	al.lambdas.share(&spare.lambdas)
	al.starreds.share(&spare.starreds)
	al.genExps.share(&spare.genExps)
	al.yields.share(&spare.yields)
	al.listComps.share(&spare.listComps)
	al.deletes.share(&spare.deletes)
	al.asserts.share(&spare.asserts)
	al.breaks.share(&spare.breaks)
	al.continues.share(&spare.continues)
	al.annAssigns.share(&spare.annAssigns)
	al.whiles.share(&spare.whiles)
	al.joinedStrs.share(&spare.joinedStrs)
	al.formattedValues.share(&spare.formattedValues)
	al.asyncFuncdefs.share(&spare.asyncFuncdefs)
	al.ones.share(&spare.ones)
	al.xa.share(&spare.xa)
	al.xst.share(&spare.xa)
	al.sa.share(&spare.sa)
	al.sst.share(&spare.sa)
	al.ka.share(&spare.ka)
	al.aa.share(&spare.aa)
	al.oa.share(&spare.oa)
	al.ala.share(&spare.ala)
	al.ha.share(&spare.ha)
	al.wa.share(&spare.wa)
	al.ca.share(&spare.ca)
}

func (p *parser) newName(pos ast.Pos, id string) *ast.Name {
	return p.setName(p.al.names.take(), pos, id)
}

// setName fills n, a node just taken, field by field (a composite literal
// would be built aside and copied).
func (p *parser) setName(n *ast.Name, pos ast.Pos, id string) *ast.Name {
	n.Pos, n.Id, n.Ctx, n.Sym = pos, id, ast.Load, 0
	// A branch on the test itself: through seedIf's argument, every
	// name paid for a boolean made and tested.
	if id == "__debug__" {
		p.seeds++
	}
	return n
}

func (p *parser) newConst(pos ast.Pos, v marshal.Object, kind ast.ConstKind) *ast.Constant {
	c, ok := p.al.consts.ready()
	if !ok {
		c = p.al.consts.take()
	}
	c.Pos, c.Value, c.Kind = pos, v, kind
	return c
}

func (p *parser) newStr(v string) *marshal.Str {
	s, ok := p.al.c.strs.ready()
	if !ok {
		s = p.al.c.strs.take()
	}
	*s = marshal.Str{V: v}
	return s
}

// number converts text, the current NUMBER token, when it is no
// smallDecimal (constAtom converts those without this call). The common
// ints and floats take their memory from the Constants.
func (p *parser) number(text string) marshal.Object {
	if intText(text) {
		if n, ok := literal.Int(text); ok {
			return node(&p.al.c.ints, marshal.Int{Small: n})
		}
	}
	if f, ok := literal.Float(text); ok {
		return node(&p.al.c.floats, marshal.Float{V: f})
	}
	v, err := literal.Number(text)
	if err != nil {
		p.astErr(p.sc.Start(), err.Msg)
		return marshal.None
	}
	return v
}

// intText reports whether literal.Int may take s: a prefixed int or
// decimal digits alone. Asking it about a float or an imaginary number
// would cost strconv's error, allocated.
func intText(s string) bool {
	if len(s) >= 2 && s[0] == '0' {
		switch s[1] {
		case 'x', 'X', 'o', 'O', 'b', 'B':
			return true
		}
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// smallDecimal parses the common NUMBER token: a plain decimal int of at
// most 18 digits (no underscores, no leading zero), which needs none of
// literal.Number's generality.
//
// The first digit is tested apart, with the leading zero's test: most
// numbers are one digit, which then costs no loop.
func smallDecimal(s string) (int64, bool) {
	if uint(len(s)-1) >= 18 {
		return 0, false
	}
	n := int64(s[0]) - '0'
	if uint64(n) > 9 || (n == 0 && len(s) > 1) {
		return 0, false
	}
	for i := 1; i < len(s); i++ {
		d := int64(s[i]) - '0'
		if uint64(d) > 9 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}
