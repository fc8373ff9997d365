// Package symtable builds the symbol table of a module the way CPython 3.8's
// Python/symtable.c does: one Block per module, class, function, lambda and
// comprehension scope, each symbol with its DEF_* flags and resolved scope.
package symtable

import (
	"unsafe"

	"github.com/gopyc/gopyc/compile/ast"
)

// Symbol flags, as CPython's DEF_* bits.
const (
	DefGlobal    = 1 << 0 // global statement
	DefLocal     = 1 << 1 // assignment in code block
	DefParam     = 1 << 2 // formal parameter
	DefNonlocal  = 1 << 3 // nonlocal statement
	Use          = 1 << 4 // name is used
	DefFree      = 1 << 5 // name used but not defined in nested block
	DefFreeClass = 1 << 6 // free variable from class's method
	DefImport    = 1 << 7 // assignment occurred via import
	DefAnnot     = 1 << 8 // this name is annotated
	DefCompIter  = 1 << 9 // this name is a comprehension iteration variable

	DefBound = DefLocal | DefParam | DefImport

	ScopeOffset = 11
	ScopeMask   = DefGlobal | DefLocal | DefParam | DefNonlocal
)

// Scope is the resolved scope of a symbol.
type Scope int

const (
	Local          Scope = 1
	GlobalExplicit Scope = 2
	GlobalImplicit Scope = 3
	Free           Scope = 4
	Cell           Scope = 5
)

// BlockType is the kind of scope.
type BlockType uint8

const (
	FunctionBlock BlockType = iota
	ClassBlock
	ModuleBlock
)

// Symbol is one name in a block: its flags with the scope in bits
// ScopeOffset and up, as CPython stores them.
type Symbol struct {
	Name string
	// key is nameKey(Name), for the scan in find, and id numbers Name
	// within the module (see Block.SymbolID). They live in the symbol, not
	// in lists of their own, so a block's symbols are one list to grow
	// and to copy out.
	key uint64
	// The flags fit 32 bits, and with id in the same word a symbol is 32
	// bytes, two to a cache line: the builder writes every symbol into
	// memory last touched a module ago, and the code generator reads it.
	Flags int32
	id    int32
}

// Scope returns the resolved scope stored in the flags.
func (s Symbol) Scope() Scope { return Scope((s.Flags >> ScopeOffset) & 0xf) }

// Block is one scope (CPython's PySTEntryObject). The builder writes every
// block into memory last touched a module ago, and the code generator reads
// it back: its fields are kept narrow (144 bytes), the rare ones elsewhere.
type Block struct {
	Name string   // "top", class/function name, "lambda", "listcomp", "genexpr", ...
	Node ast.Node // the Module, FunctionDef, ClassDef, Lambda or comprehension node

	// Symbols in first-seen order. Names a block only passes through to a
	// child (scope Free, no DEF_ flags) come last, sorted; CPython adds
	// those in hash-seed-dependent set order.
	Symbols  []Symbol
	Children []*Block
	index    *nameIndex    // name -> position, made on the first search of a large closed block
	chunks   *chunks       // the table's, for the index's slots
	scratch  *levelScratch // its level's, while the block is open
	serial   uint32        // numbers the block within its builder's life

	Lineno    int32
	ColOffset int32
	// NumParams counts the parameters, ste_varnames: they are the block's
	// first symbols, in order (the builder defines them on entering it).
	NumParams    int32
	CompIterExpr int32 // >0 inside a comprehension's iterable; kept by blocks created there

	Type              BlockType
	Nested            bool // nested in a function (ste_nested)
	Generator         bool
	Coroutine         bool
	Comprehension     bool
	VarArgs           bool
	VarKeywords       bool
	ReturnsValue      bool
	NeedsClassClosure bool // class block needs an implicit __class__ cell
	ChildFree         bool // a child block has free variables
	Free              bool // the block has free variables (ste_free)
	// CellsOrFrees is set when a symbol is a cell, free, or DefFreeClass:
	// only then has the code object cell or free names. (Free is set too
	// for a nested block's implicit globals.)
	CellsOrFrees   bool
	CompIterTarget bool // only set while the builder visits a comprehension target
	// resolveAll is set when the block declares a name global or nonlocal
	// or holds __class__: its symbols' provisional scopes may be wrong
	// even if it is not nested and has no children (see provisional).
	resolveAll bool
	// slowNames sends the block's names to visitNameDef: bit slowTarget
	// while CompIterTarget, bit slowDeep when the walk may be at the
	// recursion limit or one below (see push), so that visitName need not
	// test either.
	slowNames      uint8
	scans          uint8 // searches of the closed block answered by a scan (see indexLarge)
	DirectlyNested bool  // not in 3.8's symtable: always false
}

// directive is a global or nonlocal declaration (or a walrus target bound
// outside a comprehension) of blk, kept in order by the builder, for
// locating analysis errors: they are rare, and the blocks stay small.
type directive struct {
	blk               *Block
	name              string
	lineno, colOffset int
}

// Lookup returns the flags of name in b (0 when absent).
func (b *Block) Lookup(name string) int {
	if i := b.find(name); i >= 0 {
		return int(b.Symbols[i].Flags)
	}
	return 0
}

// Find returns the position of name in b.Symbols, or -1.
func (b *Block) Find(name string) int { return b.find(name) }

// SymbolID returns the number of b.Symbols[i].Name within the module: equal
// names have equal numbers in every block, all below Table.NumNames.
func (b *Block) SymbolID(i int) int32 { return b.Symbols[i].id }

// maxScan is the most symbols a block finds a name among by a linear scan:
// most blocks have few, and an index per block cost more than it saved.
const maxScan = 12

// scansBeforeIndex is how many searches a larger closed block answers by
// a scan before it is indexed: most such blocks are searched a few times
// (the code generator finds their names by their stamps), and indexing
// one costs some dozens of scans of it (stdlib: 2.4k blocks indexed at
// their first search, searched three times each on average).
const scansBeforeIndex = 4

// find returns the position of name in b.Symbols, or -1.
func (b *Block) find(name string) int { return b.findKey(name, nameKey(name)) }

// findKey is find given the name's key, which its callers reuse.
func (b *Block) findKey(name string, k uint64) int {
	if b.index != nil || len(b.Symbols) > maxScan && b.indexLarge() {
		return b.index.findSym(name, keyHash(k), b.Symbols)
	}
	// Comparing keys saves a string comparison per symbol passed over,
	// and for short names, whose key is the name itself, also at the end.
	for i := range b.Symbols {
		if s := &b.Symbols[i]; s.key == k && (len(name) < 8 || s.Name == name) {
			return i
		}
	}
	return -1
}

// indexLarge indexes the symbols of b, which has no index and outgrew a
// scan, once it has been searched scansBeforeIndex times, and reports
// whether it did: an open block (the builder's to grow) is scanned
// instead. Many large blocks (functions without nested definitions or
// imports) are never searched, and most others a few times.
//
//go:noinline
func (b *Block) indexLarge() bool {
	if b.scratch != nil {
		return false
	}
	if b.scans < scansBeforeIndex {
		b.scans++
		return false
	}
	b.index = new(nameIndex)
	for j := range b.Symbols {
		b.index.add(keyHash(b.Symbols[j].key), j, &b.chunks.slots)
	}
	return true
}

// addSymbol appends a symbol new to b, a closed block, whose name has key
// k, and returns its position.
func (b *Block) addSymbol(name string, k uint64, id int32, flags int) int {
	i := len(b.Symbols)
	b.Symbols = append(b.Symbols, Symbol{Name: name, Flags: int32(flags), key: k, id: id})
	if b.index != nil {
		b.index.add(keyHash(k), i, &b.chunks.slots)
	}
	return i
}

// ScopeOf returns the resolved scope of name in b (0 when absent).
func (b *Block) ScopeOf(name string) Scope {
	return Symbol{Flags: int32(b.Lookup(name))}.Scope()
}

// Table is the symbol table of one module.
type Table struct {
	Top *Block
	// blocks are in the order the builder entered them, which is nearly
	// the order the code generator asks for them: Lookup tries the block
	// after the last one found before it builds a map.
	blocks  []*Block
	next    int
	byNode  map[ast.Node]int32
	nnames  int     // distinct names of the module (see Block.SymbolID)
	nconsts int     // constant expressions, and the items of tuple ones
	chunks  *chunks // the memory of the blocks, for Release
}

// Lookup returns the block built for node (a Module, FunctionDef,
// AsyncFunctionDef, ClassDef, Lambda, ListComp, SetComp, DictComp or
// GeneratorExp), as CPython's PySymtable_Lookup. A Table is not safe for
// concurrent Lookups.
func (t *Table) Lookup(node ast.Node) *Block {
	if b := t.Next(node); b != nil {
		return b
	}
	return t.lookupMap(node)
}

// Next is Lookup when node's block is the one after the last found, and
// nil otherwise. The code generator asks once per scope, nearly always
// for that block: Next is small enough to inline, its callers calling
// Lookup when it fails.
func (t *Table) Next(node ast.Node) *Block {
	if i := t.next; i < len(t.blocks) {
		if b := t.blocks[i]; nodeData(b.Node) == nodeData(node) {
			t.next = i + 1
			return b
		}
	}
	return nil
}

// nodeData returns the data word of node, its pointer: scope nodes are
// distinct objects of non-zero size, so no two have the same one.
func nodeData(node ast.Node) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&node))[1]
}

// lookupMap is Lookup for a node asked out of order, through a map.
func (t *Table) lookupMap(node ast.Node) *Block {
	if t.byNode == nil {
		t.byNode = make(map[ast.Node]int32, len(t.blocks))
		for i, b := range t.blocks {
			if _, dup := t.byNode[b.Node]; !dup {
				t.byNode[b.Node] = int32(i)
			}
		}
	}
	i, ok := t.byNode[node]
	if !ok {
		return nil
	}
	t.next = int(i) + 1
	return t.blocks[i]
}

// NumNames returns the number of distinct names in the module's blocks.
func (t *Table) NumNames() int { return t.nnames }

// NumConsts returns the number of constant expressions in the module,
// counting a constant tuple's items as well.
func (t *Table) NumConsts() int { return t.nconsts }
