package symtable

import (
	"math/bits"
	"slices"
	"strings"
	"unsafe"

	"github.com/gopyc/gopyc/compile/diag"
)

// The second pass resolves each name's scope, as symtable.c's analyze_block
// family. Walking down, a block hands its children the names bound in
// enclosing function scopes (bound) and the names declared global (global);
// walking up, children report the names they use freely (free), which turn
// a local of an enclosing function into a cell.
//
// The builder numbered every distinct name of the module, so these sets are
// bitsets over those numbers, carved from one scratch slab in stack order:
// a block's sets live until it returns, and its children's above them.

// nameSet is a set of name ids, as the words of a slice of the slab (all
// sets of one analysis have one length, analyzer.words): one word rather
// than a slice's three, so that block and resolve pass their four or five
// sets in registers (as slices they went by the stack).
type nameSet = *setWords

// setWords spans the most words a set could have: ids are int32s.
type setWords [1 << 25]uint64

func (s *setWords) has(id int32) bool { return s[uint32(id)>>6]&(1<<(id&63)) != 0 }
func (s *setWords) add(id int32)      { s[uint32(id)>>6] |= 1 << (id & 63) }
func (s *setWords) del(id int32)      { s[uint32(id)>>6] &^= 1 << (id & 63) }

// words returns the n words of s.
func (s *setWords) words(n int) []uint64 { return s[:n:n] }

// addAll adds the names of o, both sets of n words.
func (s *setWords) addAll(o *setWords, n int) {
	for i, w := range o.words(n) {
		s[i] |= w
	}
}

type analyzer struct {
	filename   string
	names      []string    // id -> name
	directives []directive // the builder's
	classID    int32       // id of "__class__"
	words      int         // length of every nameSet
	slab       []uint64    // scratch for the sets, used as a stack
	top        int         // first free word of slab
}

// alloc returns an empty set from the slab. The slab was sized for the
// deepest nesting, so it never moves.
func (a *analyzer) alloc() nameSet {
	s := a.slab[a.top : a.top+a.words : a.top+a.words]
	a.top += a.words
	clear(s)
	return (*setWords)(unsafe.Pointer(unsafe.SliceData(s)))
}

// setsPerLevel is how many sets one block's analysis allocates.
const setsPerLevel = 6

func (b *builder) analyze(t *Table) error {
	a := &b.an
	a.filename = b.filename
	a.classID = b.id("__class__", nameKey("__class__"))
	a.names = b.names
	a.directives = b.directives
	a.words = (len(b.names) + 63) / 64
	// The builder's levels, as deep as any module's blocks it built,
	// bound this module's.
	need := (len(b.levels) + 2) * setsPerLevel * a.words
	if cap(a.slab) < need {
		a.slab = make([]uint64, need)
	}
	a.slab = a.slab[:need]
	a.top = 0
	free, global := a.alloc(), a.alloc()
	return a.block(t.Top, nil, free, global)
}

// block resolves ste. bound is nil for the module block only; free
// collects the free names of ste for its parent. block may change bound
// and global: each child gets its own copies, so its bindings do not leak
// into its siblings.
func (a *analyzer) block(ste *Block, bound, free, global nameSet) error {
	if len(ste.Children) == 0 {
		if !ste.Nested && !ste.resolveAll {
			return nil // the provisional scopes stand
		}
		// Most blocks have no children: nothing below them is free, so no
		// local becomes a cell and no name passes through, and the sets a
		// child would see need not be made. What resolve would change in
		// bound and global only children would see: they are left alone,
		// so the parent need not copy them for this block.
		return a.resolve(ste, bound, free, global, nil, true)
	}
	mark := a.top
	newGlobal, newBound, newFree := a.alloc(), a.alloc(), a.alloc()

	// A class body's names are invisible to its methods, so what the
	// children see is fixed before the class's own names are looked at.
	if ste.Type == ClassBlock {
		newGlobal.addAll(global, a.words)
		if bound != nil {
			newBound.addAll(bound, a.words)
		}
	}
	// A function's locals are bound for its children: resolve adds them
	// to newBound as it finds them.
	var locals nameSet
	if ste.Type == FunctionBlock {
		locals = newBound
	}
	// A module or class block that is not nested, declares no names and
	// holds no __class__ keeps its provisional scopes too: what resolve
	// would record for its children, the names it binds taken out of
	// global, no child sees (a class's children see the sets made above;
	// the module's global holds only names declared global).
	if ste.Type == FunctionBlock || ste.Nested || ste.resolveAll {
		if err := a.resolve(ste, bound, free, global, locals, false); err != nil {
			return err
		}
	}
	if ste.Type != ClassBlock {
		if bound != nil {
			newBound.addAll(bound, a.words)
		}
		newGlobal.addAll(global, a.words)
	} else {
		newBound.add(a.classID)
	}

	// The children add their free names to newFree directly. A child
	// without children of its own leaves bound and global unchanged (see
	// above), so it reads newBound and newGlobal in place: only the others
	// get copies, one pair serving them all. Copying the sets for every
	// child cost time in the number of children times the module's names.
	// A childless child is resolved here, sparing it block's frame.
	var cb, cg nameSet
	for _, c := range ste.Children {
		var err error
		if len(c.Children) == 0 {
			if !c.Nested && !c.resolveAll {
				continue // the provisional scopes stand
			}
			err = a.resolve(c, newBound, newFree, newGlobal, nil, true)
		} else {
			if settled(c) {
				continue
			}
			if cb == nil {
				cb, cg = a.alloc(), a.alloc()
			}
			copy(cb.words(a.words), newBound.words(a.words))
			copy(cg.words(a.words), newGlobal.words(a.words))
			err = a.block(c, cb, newFree, cg)
		}
		if err != nil {
			return err
		}
		if c.Free || c.ChildFree {
			ste.ChildFree = true
		}
	}

	if !ste.ChildFree {
		// No child has free names (most blocks with children): newFree is
		// empty, so no local becomes a cell and nothing passes through.
		a.top = mark
		return nil
	}
	switch ste.Type {
	case FunctionBlock:
		// A local that a child uses freely becomes a cell.
		for i := range ste.Symbols {
			s := &ste.Symbols[i]
			if id := s.id; s.Scope() == Local && newFree.has(id) {
				s.Flags = s.Flags&^(0xf<<ScopeOffset) | int32(Cell)<<ScopeOffset
				ste.CellsOrFrees = true
				newFree.del(id)
			}
		}
	case ClassBlock:
		if newFree.has(a.classID) {
			newFree.del(a.classID)
			ste.NeedsClassClosure = true
		}
	}
	// The parent sees all of newFree; updateSymbols may then spend it.
	free.addAll(newFree, a.words)
	a.updateSymbols(ste, bound, newFree, ste.Type == ClassBlock)
	a.top = mark
	return nil
}

// settled reports whether block would leave ste, which has children, and
// its children as they are: a class or module block that is not nested,
// declares no names and holds no __class__, whose children have none of
// their own and declare nothing either (a class with plain methods). Its
// sets, and their copies, are then not made.
func settled(ste *Block) bool {
	if ste.Type == FunctionBlock || ste.Nested || ste.resolveAll {
		return false
	}
	for _, c := range ste.Children {
		if len(c.Children) > 0 || c.Nested || c.resolveAll {
			return false
		}
	}
	return true
}

// resolve decides the scope of every symbol of ste from its flags and stores
// it in them. The common cases are decided in the loop; declared names
// (global, nonlocal) go to declared. Unless leaf, it records in bound and
// global what ste's children are to see, and adds the block's locals to
// locals when not nil; a symbol reads only its own name's bits, so the
// block's other symbols need none of those changes.
func (a *analyzer) resolve(ste *Block, bound, free, global, locals nameSet, leaf bool) error {
	// The symbols, flags and nesting are read once: the stores to the
	// symbols would otherwise make the compiler reload them.
	syms, nested := ste.Symbols, ste.Nested
	for i := range syms {
		s := &syms[i]
		f, id := s.Flags, s.id
		var sc Scope
		switch {
		case f&(DefGlobal|DefNonlocal) != 0:
			if err := a.declared(ste, i, bound, free, global, leaf); err != nil {
				return err
			}
			continue
		case f&DefBound != 0:
			sc = Local
			if !leaf {
				global.del(id)
				if locals != nil {
					locals.add(id)
				}
			}
		case bound != nil && bound.has(id):
			// Bound in an enclosing function: free here.
			sc = Free
			ste.Free, ste.CellsOrFrees = true, true
			free.add(id)
		default:
			if nested && !global.has(id) {
				ste.Free = true
			}
			sc = GlobalImplicit
		}
		s.Flags = f&^(0xf<<ScopeOffset) | int32(sc)<<ScopeOffset
	}
	return nil
}

// declared decides the scope of ste.Symbols[i], declared global or
// nonlocal; leaf is resolve's.
func (a *analyzer) declared(ste *Block, i int, bound, free, global nameSet, leaf bool) error {
	s := &ste.Symbols[i]
	id, flags := s.id, s.Flags
	if flags&DefGlobal != 0 {
		if flags&DefNonlocal != 0 {
			return a.errorAtDirective(ste, s.Name, "name '"+s.Name+"' is nonlocal and global")
		}
		s.Flags = flags&^(0xf<<ScopeOffset) | int32(GlobalExplicit)<<ScopeOffset
		if !leaf {
			global.add(id)
			if bound != nil {
				bound.del(id)
			}
		}
		return nil
	}
	if bound == nil {
		return a.errorAtDirective(ste, s.Name, "nonlocal declaration not allowed at module level")
	}
	if !bound.has(id) {
		return a.errorAtDirective(ste, s.Name, "no binding for nonlocal '"+s.Name+"' found")
	}
	s.Flags = flags&^(0xf<<ScopeOffset) | int32(Free)<<ScopeOffset
	ste.Free, ste.CellsOrFrees = true, true
	free.add(id)
	return nil
}

func (a *analyzer) errorAtDirective(ste *Block, name, msg string) error {
	for _, d := range a.directives {
		if d.blk == ste && d.name == name {
			return &diag.Error{Class: "SyntaxError", Msg: msg, Filename: a.filename, Lineno: d.lineno, Offset: d.colOffset + 1}
		}
	}
	return &diag.Error{Class: "RuntimeError", Msg: "BUG: internal directive bookkeeping broken"}
}

// updateSymbols adds the free names of children that pass through ste on
// their way to the enclosing function that binds them. It empties free of
// ste's own names, to find the others by their bits.
func (a *analyzer) updateSymbols(ste *Block, bound, free nameSet, class bool) {
	for i := range ste.Symbols {
		s := &ste.Symbols[i]
		if id := s.id; free.has(id) {
			// A method's free name that the class itself binds or
			// declares global: the class keeps both meanings.
			if class && s.Flags&(DefBound|DefGlobal) != 0 {
				s.Flags |= DefFreeClass
				ste.CellsOrFrees = true
			}
			free.del(id)
		}
	}
	var added []int32
	for w, word := range free.words(a.words) {
		for word != 0 {
			id := int32(w*64 + bits.TrailingZeros64(word))
			word &= word - 1
			if bound != nil && !bound.has(id) {
				continue // a global
			}
			added = append(added, id)
		}
	}
	// CPython appends these in its set's hash order, which depends on the
	// hash seed; nothing downstream depends on it (compile.c sorts cell and
	// free names), so a fixed order is used.
	slices.SortFunc(added, func(x, y int32) int { return strings.Compare(a.names[x], a.names[y]) })
	for _, id := range added {
		name := a.names[id]
		ste.addSymbol(name, nameKey(name), id, int(Free)<<ScopeOffset)
		ste.CellsOrFrees = true
	}
}
