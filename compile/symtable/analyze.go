package symtable

import (
	"sort"

	"github.com/gopyc/gopyc/compile/diag"
)

// The second pass resolves each name's scope, as symtable.c's analyze_block
// family. Walking down, a block hands its children the names bound in
// enclosing function scopes (bound) and the names declared global (global);
// walking up, children report the names they use freely (free), which turn
// a local of an enclosing function into a cell.

type nameSet map[string]struct{}

func (s nameSet) has(name string) bool { _, ok := s[name]; return ok }

func (s nameSet) addAll(o nameSet) {
	for k := range o {
		s[k] = struct{}{}
	}
}

func (s nameSet) clone() nameSet {
	c := make(nameSet, len(s))
	c.addAll(s)
	return c
}

type analyzer struct {
	filename string
}

func analyze(t *Table, filename string) error {
	a := analyzer{filename: filename}
	return a.block(t.Top, nil, nameSet{}, nameSet{})
}

// block resolves ste. bound is nil for the module block only; free
// collects the free names of ste for its parent.
func (a *analyzer) block(ste *Block, bound, free, global nameSet) error {
	local := nameSet{}
	// scopes[i] is the scope of ste.Symbols[i] (names are unique in a block).
	scopes := make([]Scope, len(ste.Symbols))
	newGlobal, newFree, newBound := nameSet{}, nameSet{}, nameSet{}

	// A class body's names are invisible to its methods, so what the
	// children see is fixed before the class's own names are looked at.
	if ste.Type == ClassBlock {
		newGlobal.addAll(global)
		if bound != nil {
			newBound.addAll(bound)
		}
	}
	for i, sym := range ste.Symbols {
		if err := a.name(ste, &scopes[i], sym.Name, sym.Flags, bound, local, free, global); err != nil {
			return err
		}
	}
	if ste.Type != ClassBlock {
		if ste.Type == FunctionBlock {
			newBound.addAll(local)
		}
		if bound != nil {
			newBound.addAll(bound)
		}
		newGlobal.addAll(global)
	} else {
		newBound["__class__"] = struct{}{}
	}

	allFree := nameSet{}
	for _, c := range ste.Children {
		// Each child works on its own copies: its bindings must not leak
		// into its siblings.
		childFree := nameSet{}
		// A block changes its bound and global sets only through its own
		// global declarations and bindings (see name): a child that can
		// change neither shares the parent's sets instead of copies.
		cb, cg := newBound, newGlobal
		if declares := hasGlobalDecl(c); declares {
			cb, cg = newBound.clone(), newGlobal.clone()
		} else if len(newGlobal) > 0 {
			cg = newGlobal.clone()
		}
		if err := a.block(c, cb, childFree, cg); err != nil {
			return err
		}
		allFree.addAll(childFree)
		if c.Free || c.ChildFree {
			ste.ChildFree = true
		}
	}
	newFree.addAll(allFree)

	switch ste.Type {
	case FunctionBlock:
		// A local that a child uses freely becomes a cell.
		for i, sc := range scopes {
			if name := ste.Symbols[i].Name; sc == Local && newFree.has(name) {
				scopes[i] = Cell
				delete(newFree, name)
			}
		}
	case ClassBlock:
		if newFree.has("__class__") {
			delete(newFree, "__class__")
			ste.NeedsClassClosure = true
		}
	}
	updateSymbols(ste, scopes, bound, newFree, ste.Type == ClassBlock)
	free.addAll(newFree)
	return nil
}

// name decides the scope of one name of ste from its flags.
func (a *analyzer) name(ste *Block, scope *Scope, name string, flags int, bound, local, free, global nameSet) error {
	if flags&DefGlobal != 0 {
		if flags&DefNonlocal != 0 {
			return a.errorAtDirective(ste, name, "name '"+name+"' is nonlocal and global")
		}
		*scope = GlobalExplicit
		global[name] = struct{}{}
		if bound != nil {
			delete(bound, name)
		}
		return nil
	}
	if flags&DefNonlocal != 0 {
		if bound == nil {
			return a.errorAtDirective(ste, name, "nonlocal declaration not allowed at module level")
		}
		if !bound.has(name) {
			return a.errorAtDirective(ste, name, "no binding for nonlocal '"+name+"' found")
		}
		*scope = Free
		ste.Free = true
		free[name] = struct{}{}
		return nil
	}
	if flags&DefBound != 0 {
		*scope = Local
		local[name] = struct{}{}
		delete(global, name)
		return nil
	}
	// Bound in an enclosing function: free here.
	if bound != nil && bound.has(name) {
		*scope = Free
		ste.Free = true
		free[name] = struct{}{}
		return nil
	}
	if global.has(name) {
		*scope = GlobalImplicit
		return nil
	}
	if ste.Nested {
		ste.Free = true
	}
	*scope = GlobalImplicit
	return nil
}

// hasGlobalDecl reports whether ste declares a name global, the one way
// name changes a block's bound set (and, with a binding, its global set).
func hasGlobalDecl(ste *Block) bool {
	for i := range ste.Symbols {
		if ste.Symbols[i].Flags&DefGlobal != 0 {
			return true
		}
	}
	return false
}

func (a *analyzer) errorAtDirective(ste *Block, name, msg string) error {
	for _, d := range ste.directives {
		if d.name == name {
			return &diag.Error{Class: "SyntaxError", Msg: msg, Filename: a.filename, Lineno: d.lineno, Offset: d.colOffset + 1}
		}
	}
	return &diag.Error{Class: "RuntimeError", Msg: "BUG: internal directive bookkeeping broken"}
}

// updateSymbols stores the resolved scopes in the flags, and adds the free
// names of children that pass through ste on their way to the enclosing
// function that binds them.
func updateSymbols(ste *Block, scopes []Scope, bound, free nameSet, class bool) {
	for i := range ste.Symbols {
		ste.Symbols[i].Flags |= int(scopes[i]) << ScopeOffset
	}
	var added []string
	for name := range free {
		if i, ok := ste.Index[name]; ok {
			// A method's free name that the class itself binds or declares
			// global: the class keeps both meanings.
			if class && ste.Symbols[i].Flags&(DefBound|DefGlobal) != 0 {
				ste.Symbols[i].Flags |= DefFreeClass
			}
			continue
		}
		if bound != nil && !bound.has(name) {
			continue // a global
		}
		added = append(added, name)
	}
	// CPython appends these in its set's hash order, which depends on the
	// hash seed; nothing downstream depends on it (compile.c sorts cell and
	// free names), so a fixed order is used.
	sort.Strings(added)
	for _, name := range added {
		ste.Index[name] = len(ste.Symbols)
		ste.Symbols = append(ste.Symbols, Symbol{Name: name, Flags: int(Free) << ScopeOffset})
	}
}
