// Package share models which objects of a compiled module CPython 3.8 holds
// more than one reference to when marshal writes the .pyc, and marks them
// Shared so the marshal writer sets FLAG_REF exactly where CPython does.
//
// CPython's marshal flags an object when its reference count is above one.
// At that moment the compiler's own tables are gone, so the references are:
// those from the code tree itself (each container holds one reference to each
// item, however often the container is reached), plus references held
// elsewhere in the process: the small-int cache, the empty and one-character
// str and bytes singletons, the empty tuple and frozenset, compileall's
// filename and code object, and interned strings the process already held
// (held.txt, measured on the reference interpreter).
// Interning itself makes every interned str of one value the same object,
// which Apply enforces before counting.
package share

import (
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/gopyc/gopyc/marshal"
)

//go:generate sh -c "PYTHONHASHSEED=0 $(pyenv prefix 3.8.18)/bin/python3.8 -S gen_held.py $(pyenv prefix 3.8.18)/lib/python3.8 > held.txt"
//go:generate go test -run TestHeldTable -update

// The strings a fresh process holds (held.txt) are compiled into static
// tables (held_table.go): a run starts without parsing them. Only the hash
// table over them is built at run time (see Preload).

var (
	heldOnce sync.Once
	// held maps each string to its key number: one lookup per string, in
	// a table small enough to stay in cache.
	held heldTable
)

func loadHeld() { held = buildHeldTable(len(heldEnds)-1, heldKey) }

// heldKey returns key k of the held table.
func heldKey(k int32) string { return heldText[heldEnds[k]:heldEnds[k+1]] }

// heldBy says when the process holds a string. In held, bit 0 is the fresh
// process, bit 1+i the effect effectNames[i]. released lists the effects
// that evict a string held at startup only by a cache of the process (the
// type attribute cache).
type heldBy struct{ held, released mask }

// mask is a set of process states: bit 0 the base, then one bit an effect.
type mask [3]uint64

func (m mask) and(o mask) bool {
	for i := range m {
		if m[i]&o[i] != 0 {
			return true
		}
	}
	return false
}

func (m mask) or(o mask) mask {
	for i := range m {
		m[i] |= o[i]
	}
	return m
}

func (m *mask) set(i int) { m[i>>6] |= 1 << (i & 63) }

// compilerStatics are interned strings that CPython's compiler and symbol
// table keep in static variables once first used, so they are always held
// by the time marshal runs.
var compilerStatics = []string{
	"<module>", "<lambda>", "<genexpr>", "<listcomp>", "<setcomp>", "<dictcomp>",
	"__doc__", "__annotations__", "return", "AssertionError",
	"top", "lambda", "genexpr", "listcomp", "setcomp", "dictcomp", "__class__",
	".0", // measured: always shared, though no module the process loads holds it
}

// State is what earlier compilations in the same CPython process did to it
// (modules imported, strings interned) that changes a later file's bytes.
// The zero State is a fresh `python3.8 -S -m compileall` process.
type State struct {
	m       mask
	singles [4]uint64 // latin-1 one-character strings interned since
	names   *nameSet  // strings from sources held since (see names.go)
	// limit is set in the parts of a state a model's answer depends on:
	// the registry's size when the model started. The answer does not
	// depend on names numbered later, since no file before it had them.
	limit int32
}

// PyCompileProcess returns the state of a fresh `python3.8 -S -m py_compile`
// process, which imports less than compileall's (no argparse): held.txt's
// effect process:py_compile, measured against the base.
func PyCompileProcess() State {
	var e Effects
	e.Add("process:py_compile")
	return State{}.After(e)
}

// Effects are what compiling one file did to the process.
type Effects struct {
	m       mask
	singles [4]uint64
	names   *nameSet
}

// HoldName records that the file made the process intern and keep name
// (the name a coding cookie looks up in the codec registry). A
// one-character latin-1 name is the cached singleton, interned.
func (e *Effects) HoldName(name string) {
	if name == "" {
		return
	}
	if r, size := utf8.DecodeRuneInString(name); size == len(name) && r < 256 {
		e.InternSingle(r)
		return
	}
	e.names = e.names.with(register(name))
}

// InternSingle records that the file interned the cached one-character
// string for r (a latin-1 identifier): singletons live as long as the
// process, so they stay interned for every later file.
func (e *Effects) InternSingle(r rune) {
	if r >= 0 && r < 256 {
		e.singles[r>>6] |= 1 << (r & 63)
	}
}

// Add records the effect named name ("unicodedata", "unparse",
// "codec:MODULE", "error:PATH" for the report of a failed file); names
// without a measured effect are ignored.
func (e *Effects) Add(name string) {
	heldOnce.Do(loadHeld)
	for i, n := range effectNames {
		if n == name {
			e.m.set(i + 1)
			return
		}
	}
}

// After returns the state once a file with effects e has been compiled.
func (s State) After(e Effects) State {
	n := State{m: s.m.or(e.m), names: s.names.union(e.names)}
	for i := range n.singles {
		n.singles[i] = s.singles[i] | e.singles[i]
	}
	return n
}

// ProcessInterned reports whether the compiling process in state s already
// holds an interned str of this value. For a one-character string it
// reports whether that cached singleton is interned.
func (s State) ProcessInterned(v string) bool {
	heldOnce.Do(loadHeld)
	return s.interned(v)
}

// interned is ProcessInterned once held is loaded.
func (s *State) interned(v string) bool {
	deps := State{limit: registry.size.Load()}
	return s.internedDeps(v, &deps)
}

// internedDeps is interned that also adds to deps the parts of the state
// the answer depends on. The model asks it of its state in place, without
// copying the state per string.
func (s *State) internedDeps(v string, deps *State) bool {
	if len(v) <= 2 {
		if r, size := utf8.DecodeRuneInString(v); size == len(v) && r < 256 {
			deps.singles[r>>6] |= 1 << (r & 63)
			if s.singles[r>>6]&(1<<(r&63)) != 0 {
				return true
			}
		}
	}
	i, ok := held.find(v)
	if !ok {
		return s.holdsName(v, deps)
	}
	// Held at startup unless an earlier file's effect evicted it, or held
	// since an earlier file's effect (s.m never has the base bit).
	h := &heldPairs[heldPairOf[i]]
	deps.m = deps.m.or(h.held).or(h.released)
	return h.held[0]&1 != 0 && !h.released.and(s.m) || h.held.and(s.m) || s.holdsName(v, deps)
}

// holdsName reports whether an earlier file made the process hold v (see
// Effects.HoldName), adding what the answer depends on to deps.
func (s *State) holdsName(v string, deps *State) bool {
	if deps.limit == 0 {
		return false
	}
	i := registered(v, deps.limit)
	if i < 0 {
		return false
	}
	deps.names = deps.names.with(i)
	return s.names.has(i)
}

// Agrees reports whether s and o are the same on every part of on: a tree
// marshalled in state s, whose ApplyDistinct returned on, has the same
// bytes in state o.
func (s State) Agrees(o State, on State) bool {
	for i := range s.m {
		if (s.m[i]^o.m[i])&on.m[i] != 0 {
			return false
		}
	}
	for i := range s.singles {
		if (s.singles[i]^o.singles[i])&on.singles[i] != 0 {
			return false
		}
	}
	return !s.names.differ(o.names, on.names, on.limit)
}

// Apply canonicalises interned strings of the module's code tree (one object
// per value) and sets Shared on every object as CPython's reference counts
// would decide at dump time in a fresh compileall process. top is the
// module's code object.
func Apply(top *marshal.Code) { ApplyIn(top, State{}) }

// ApplyIn is Apply for a process in state st. It returns the parts of st
// the outcome depends on (see State.Agrees).
func ApplyIn(top *marshal.Code, st State) State { return apply(top, st, false) }

// ApplyDistinct is ApplyIn for a tree whose interned strings are already
// one object per value, as package codegen builds them (it interns
// module-wide). Looking each interned string up by value then finds only
// itself, so only the cached singletons, which codegen leaves as separate
// objects, are canonicalised.
func ApplyDistinct(top *marshal.Code, st State) State { return apply(top, st, true) }

func apply(top *marshal.Code, st State, distinct bool) State {
	heldOnce.Do(loadHeld)
	m := modelPool.Get().(*model)
	m.state = st
	m.deps.limit = registry.size.Load()
	m.distinct = distinct
	m.stamp = -1 - int32(stamps.Add(1)&(1<<30-1))
	m.code(top)
	m.Finish(top, nil)
	deps := m.deps
	m.reset()
	modelPool.Put(m)
	return deps
}

// ask shares the interned strs of asks the tree holds once if the
// process interned them. The answer for a string longer than two bytes is
// the same for all the held strings of one entry of heldPairs, so it is
// worked out once a walk, in pairs, and what it depends on is added to
// deps once, by addPairDeps; the answer is written here, in the loop, so
// that a string costs one call, to find.
func (m *model) ask(asks []*marshal.Str) {
	for _, s := range asks {
		if s.Shared {
			continue
		}
		if len(s.V) <= 2 {
			s.Shared = m.state.internedDeps(s.V, &m.deps)
			continue
		}
		i, ok := held.find(s.V)
		if !ok {
			s.Shared = m.deps.limit > 0 && m.state.holdsName(s.V, &m.deps)
			continue
		}
		p := heldPairOf[i]
		if m.pairs[p] == 0 {
			m.answer(p)
		}
		s.Shared = m.pairs[p] == pairHeld || m.deps.limit > 0 && m.state.holdsName(s.V, &m.deps)
	}
}

// answer sets m.pairs[p], not asked yet this walk: whether the process
// interned the strings of heldPairs[p].
func (m *model) answer(p uint8) {
	a := uint8(pairNotHeld)
	if h := &heldPairs[p]; h.held[0]&1 != 0 && !h.released.and(m.state.m) || h.held.and(m.state.m) {
		a = pairHeld
	}
	m.pairs[p] = a
	m.asked = append(m.asked, p)
}

// The answers in model.pairs; 0 is not asked.
const (
	pairNotHeld = 1 + iota
	pairHeld
)

// addPairDeps adds to deps what the answers in pairs depend on, and
// forgets them.
func (m *model) addPairDeps() {
	for _, p := range m.asked {
		h := &heldPairs[p]
		m.deps.m = m.deps.m.or(h.held).or(h.released)
		m.pairs[p] = 0
	}
	m.asked = m.asked[:0]
}

// AppendDistinct appends the marshal form of top to dst as a process in
// state st writes it, its sharing decided as ApplyDistinct would, in the
// writer's walk (marshal.AppendModelled) instead of a walk of its own. It
// returns the extended buffer and the parts of st the bytes depend on. It
// leaves the tree as written: Shared set, the cached one-character strings
// and every code object's filename not replaced by the objects written for
// them.
func AppendDistinct(dst []byte, top *marshal.Code, st State) ([]byte, State, error) {
	heldOnce.Do(loadHeld)
	m := modelPool.Get().(*model)
	m.state = st
	m.deps.limit = registry.size.Load()
	m.distinct = true
	out, err := marshal.AppendModelled(dst, top, m)
	deps := m.deps
	m.reset()
	modelPool.Put(m)
	return out, deps, err
}

// Finish implements marshal.Model: once the tree is walked, it shares
// what the process holds besides.
func (m *model) Finish(top *marshal.Code, asks []*marshal.Str) {
	m.ask(m.asks)
	m.ask(asks)
	m.addPairDeps()
	top.Shared = true // compileall's local variable holds it
	// Every code object shares compileall's filename object.
	if top.Filename != nil {
		top.Filename.Shared = true
	}
}

var modelPool = sync.Pool{New: func() any {
	return new(model)
}}

// stamps numbers the model's walks (see model.stamp).
var stamps atomic.Uint32

// model decides which objects of one code tree have more than one
// reference. It needs no counts: an object is shared once it is reached a
// second time or the process holds it, so Shared is set on the object as
// the walk goes. An object's Mark holds the walk's stamp once it is seen,
// which sets it apart from one not seen without a map or clearing.
type model struct {
	interned strTable
	// singles holds the canonical empty (at 256) and one-character latin-1
	// strings by code point, so merging them needs no lookup by value.
	singles  [257]*marshal.Str
	nsingles []uint16 // the positions of singles in use
	distinct bool     // interned strings are one object per value already
	// stamp marks the objects this walk has seen: negative, so that the
	// marshal writer's numbers (positive) never pass for it, and new for
	// every walk of every model, so that an older walk's Marks do not
	// either (until 2**30 walks later).
	stamp int32
	// asks are the interned strs seen, whose sharing depends also on
	// whether the process interned them, asked only of those the tree
	// holds once.
	asks     []*marshal.Str
	filename *marshal.Str // the one object every code object refers to
	state    State
	deps     State // the parts of state asked about
	// pairs holds, by entry of heldPairs, whether state holds its
	// strings, once asked (see ask).
	pairs [len(heldPairs)]uint8
	// asked lists the entries of pairs set, so that a walk asking few of
	// them (most modules are small) does not scan them all.
	asked []uint8
}

// reset empties m for reuse; very large tables are dropped rather than
// cleared, so one huge module does not slow every later clear.
func (m *model) reset() {
	if len(m.asks) > 1<<16 {
		m.asks = nil
	} else {
		clear(m.asks) // let the collector have the objects
		m.asks = m.asks[:0]
	}
	m.interned.reset()
	for _, i := range m.nsingles {
		m.singles[i] = nil
	}
	m.nsingles = m.nsingles[:0]
	m.filename = nil
	m.state = State{}
	m.deps = State{}
}

// add counts one reference to the object with header h and reports
// whether it is seen for the first time (so its own items still need
// counting); held says the process holds a reference of its own.
func (m *model) add(h *marshal.Ref, held bool) bool {
	if m.again(h) {
		return false
	}
	h.Mark, h.Shared = m.stamp, held
	return true
}

// again counts one more reference to the object with header h, which
// shares it, and reports whether it was seen before; it inlines.
func (m *model) again(h *marshal.Ref) bool {
	if h.Mark == m.stamp {
		h.Shared = true
		return true
	}
	return false
}

// strRef counts a reference to s and returns the str that stands for it:
// the process-wide interned str for an interned string and the cached
// singleton for the empty and one-character latin-1 strings, s itself
// otherwise. The process holds the cached singletons; whether it holds an
// interned str is asked at the end, of those the tree holds once.
//
// A str seen before, the most common case, is counted inline; newStr
// handles the first sight.
func (m *model) strRef(s *marshal.Str) *marshal.Str {
	if m.again(&s.Ref) { // only canonical objects are counted
		return s
	}
	return m.newStr(s)
}

// newStr is strRef for a str not counted yet.
func (m *model) newStr(s *marshal.Str) *marshal.Str {
	c, held := m.Str(s)
	if c != s {
		c.Shared = true // counted when it became canonical
		return c
	}
	s.Mark, s.Shared = m.stamp, held
	return s
}

// Str implements marshal.Model: it returns the str that stands for s, met
// for the first time, and whether the process holds it.
func (m *model) Str(s *marshal.Str) (*marshal.Str, bool) {
	if k := singleIndex(s.V); k >= 0 {
		c := m.singles[k]
		if c == nil {
			c = s
			m.singles[k] = s
			m.nsingles = append(m.nsingles, uint16(k))
		}
		// A singleton is one object: interned once anyone interned it.
		c.Interned = c.Interned || s.Interned || m.state.internedDeps(s.V, &m.deps)
		return c, true
	}
	if s.Interned {
		if !m.distinct {
			if c := m.interned.get(s); c != s {
				return c, true
			}
		}
		m.asks = append(m.asks, s)
	}
	return s, false
}

// singleIndex numbers the strings CPython keeps one cached str of: the
// empty string 256, a one-character latin-1 string its code point; -1 for
// the rest. It is inlined: most strings are longer, and only the length is
// tested then.
func singleIndex(v string) int {
	if len(v) > 2 {
		return -1
	}
	return shortIndex(v)
}

// shortIndex is singleIndex for a string of at most two bytes.
func shortIndex(v string) int {
	switch len(v) {
	case 0:
		return 256
	case 1:
		if v[0] < utf8.RuneSelf {
			return int(v[0])
		}
	case 2:
		// Two bytes of UTF-8 are one character; latin-1 ones lead with
		// 0xC2 or 0xC3.
		if r, size := utf8.DecodeRuneInString(v); size == 2 && r < 256 {
			return int(r)
		}
	}
	return -1
}

func (m *model) str(p **marshal.Str) {
	if *p != nil {
		*p = m.strRef(*p)
	}
}

func (m *model) tuple(t *marshal.Tuple) {
	if t == nil || !m.add(&t.Ref, len(t.Items) == 0) {
		return
	}
	m.items(t.Items)
}

func (m *model) items(items []marshal.Object) {
	for i, it := range items {
		if s, ok := it.(*marshal.Str); ok {
			// strRef, with its common case inline.
			if !m.again(&s.Ref) {
				if c := m.newStr(s); c != s {
					items[i] = c
				}
			}
			continue
		}
		m.object(it)
	}
}

// object counts a reference to o (not a str: items handles those), with
// what the process holds of its own: the small ints, the empty and
// one-byte bytes, the empty tuple and frozenset.
func (m *model) object(o marshal.Object) {
	switch v := o.(type) {
	case *marshal.Tuple:
		m.tuple(v)
	case *marshal.Int:
		m.add(&v.Ref, v.Cached())
	case *marshal.Code:
		m.code(v)
	case *marshal.Bytes:
		m.add(&v.Ref, v.Cached())
	case *marshal.Float:
		m.add(&v.Ref, false)
	case *marshal.Complex:
		m.add(&v.Ref, false)
	case *marshal.FrozenSet:
		if m.add(&v.Ref, len(v.Items) == 0) {
			m.items(v.Items)
			// marshal iterates a set with PyIter_Next, which holds a
			// reference to each item while it is written.
			for _, it := range v.Items {
				if r, ok := it.(marshal.Referable); ok {
					m.again(r.Header())
				}
			}
		}
	case *marshal.List:
		if m.add(&v.Ref, false) {
			m.items(v.Items)
		}
	case *marshal.Set:
		if m.add(&v.Ref, false) {
			m.items(v.Items)
		}
	case *marshal.Dict:
		if m.add(&v.Ref, false) {
			m.items(v.Keys)
			m.items(v.Values)
		}
	case *marshal.Str:
		m.strRef(v)
	}
}

func (m *model) code(c *marshal.Code) {
	if !m.add(&c.Ref, false) {
		return
	}
	if c.Code != nil {
		m.add(&c.Code.Ref, len(c.Code.V) <= 1)
	}
	m.tuple(c.Consts)
	m.tuple(c.Names)
	m.tuple(c.VarNames)
	m.tuple(c.FreeVars)
	m.tuple(c.CellVars)
	if m.filename == nil {
		m.filename = c.Filename
	}
	c.Filename = m.filename
	m.str(&c.Filename)
	m.str(&c.Name)
	if c.LNoTab != nil {
		m.add(&c.LNoTab.Ref, len(c.LNoTab.V) <= 1)
	}
}

// Preload builds the hash table of the strings a fresh process holds, which
// the first compilation would otherwise build: a caller with an idle CPU at
// startup can do it ahead.
func Preload() { heldOnce.Do(loadHeld) }
