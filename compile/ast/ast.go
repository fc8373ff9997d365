// Package ast declares the Python 3.8 abstract syntax tree, node for node as
// CPython 3.8's Parser/Python.asdl, with the same field names (in Go case)
// and the same position attributes.
//
// Nodes are plain structs. Positions follow CPython: Lineno is 1-based,
// ColOffset is a 0-based offset in UTF-8 bytes into the line, and the end
// position is exclusive.
package ast

import "github.com/gopyc/gopyc/marshal"

// Pos is the position of a stmt, expr, excepthandler or arg node. Its
// fields are int32, as CPython's are C ints: nodes are many, and half of
// an int-sized Pos would be zero bytes.
type Pos struct {
	Lineno, ColOffset, EndLineno, EndColOffset int32
}

// Loc returns the node's position; embedding Pos gives nodes this method.
func (p *Pos) Loc() *Pos { return p }

// Node is any AST node.
type Node interface{ node() }

// Mod is a top-level node: Module, Interactive, Expression or FunctionType.
type Mod interface {
	Node
	mod()
}

// Stmt is a statement node.
type Stmt interface {
	Node
	Loc() *Pos
	stmt()
}

// Expr is an expression node.
type Expr interface {
	Node
	Loc() *Pos
	expr()
}

// SliceKind is Slice, ExtSlice or Index (3.8 slices carry no positions).
type SliceKind interface {
	Node
	slice()
}

// ---- mod ----

type Module struct {
	Body        []Stmt
	TypeIgnores []*TypeIgnore

	// Fold is not part of Python's AST: the parser lists here the
	// module's statements that may have something to fold (in them or
	// in a statement nested in them), each after those nested in it, so
	// that constant folding visits only those. Nil means unknown.
	Fold []Stmt

	// NamedEscape and NonASCIINames are not part of Python's AST either:
	// what the tokenizer saw that makes building the tree import
	// unicodedata. NamedEscape: a str literal, neither raw nor bytes, has
	// a \N escape. NonASCIINames: the source text of each NAME token with
	// a non-ASCII character (NFKC-normalised by ast.c), in source order.
	// The names of f-string expressions are not listed.
	NamedEscape   bool
	NonASCIINames []string
}

type Interactive struct{ Body []Stmt }
type Expression struct{ Body Expr }
type FunctionType struct {
	ArgTypes []Expr
	Returns  Expr
}
type TypeIgnore struct {
	Lineno int
	Tag    string
}

// ---- stmt ----

type FunctionDef struct {
	Pos
	Name          string
	Args          *Arguments
	Body          []Stmt
	DecoratorList []Expr
	Returns       Expr // may be nil
	TypeComment   string
	// Sym is as Name.Sym, for the name the statement binds.
	Sym int32
}
type AsyncFunctionDef struct {
	Pos
	Name          string
	Args          *Arguments
	Body          []Stmt
	DecoratorList []Expr
	Returns       Expr
	TypeComment   string
	// Sym is as Name.Sym, for the name the statement binds.
	Sym int32
}
type ClassDef struct {
	Pos
	Name          string
	Bases         []Expr
	Keywords      []*Keyword
	Body          []Stmt
	DecoratorList []Expr
	// Sym is as Name.Sym, for the name the statement binds.
	Sym int32
}
type Return struct {
	Pos
	Value Expr // may be nil
}
type Delete struct {
	Pos
	Targets []Expr
}
type Assign struct {
	Pos
	Targets     []Expr
	Value       Expr
	TypeComment string
}
type AugAssign struct {
	Pos
	Target Expr
	Op     Operator
	Value  Expr
}
type AnnAssign struct {
	Pos
	Target     Expr
	Annotation Expr
	Value      Expr // may be nil
	Simple     int
}
type For struct {
	Pos
	Target      Expr
	Iter        Expr
	Body        []Stmt
	Orelse      []Stmt
	TypeComment string
}
type AsyncFor struct {
	Pos
	Target      Expr
	Iter        Expr
	Body        []Stmt
	Orelse      []Stmt
	TypeComment string
}
type While struct {
	Pos
	Test   Expr
	Body   []Stmt
	Orelse []Stmt
}
type If struct {
	Pos
	Test   Expr
	Body   []Stmt
	Orelse []Stmt
}
type With struct {
	Pos
	Items       []*WithItem
	Body        []Stmt
	TypeComment string
}
type AsyncWith struct {
	Pos
	Items       []*WithItem
	Body        []Stmt
	TypeComment string
}
type Raise struct {
	Pos
	Exc   Expr // may be nil
	Cause Expr // may be nil
}
type Try struct {
	Pos
	Body      []Stmt
	Handlers  []*ExceptHandler
	Orelse    []Stmt
	FinalBody []Stmt
}
type Assert struct {
	Pos
	Test Expr
	Msg  Expr // may be nil
}
type Import struct {
	Pos
	Names []*Alias
}
type ImportFrom struct {
	Pos
	Module string // "" when absent (from . import x)
	Names  []*Alias
	Level  int
}
type Global struct {
	Pos
	Names []string
}
type Nonlocal struct {
	Pos
	Names []string
}
type ExprStmt struct { // ASDL name: Expr
	Pos
	Value Expr
}
type Pass struct{ Pos }
type Break struct{ Pos }
type Continue struct{ Pos }

// ---- expr ----

type BoolOp struct {
	Pos
	Op     BoolOperator
	Values []Expr
}
type NamedExpr struct {
	Pos
	Target Expr
	Value  Expr
}
type BinOp struct {
	Pos
	Left  Expr
	Op    Operator
	Right Expr
}
type UnaryOp struct {
	Pos
	Op      UnaryOperator
	Operand Expr
}
type Lambda struct {
	Pos
	Args *Arguments
	Body Expr
}
type IfExp struct {
	Pos
	Test, Body, Orelse Expr
}
type Dict struct {
	Pos
	Keys   []Expr // a nil key is a **mapping entry
	Values []Expr
}
type Set struct {
	Pos
	Elts []Expr
}
type ListComp struct {
	Pos
	Elt        Expr
	Generators []*Comprehension
}
type SetComp struct {
	Pos
	Elt        Expr
	Generators []*Comprehension
}
type DictComp struct {
	Pos
	Key, Value Expr
	Generators []*Comprehension
}
type GeneratorExp struct {
	Pos
	Elt        Expr
	Generators []*Comprehension
}
type Await struct {
	Pos
	Value Expr
}
type Yield struct {
	Pos
	Value Expr // may be nil
}
type YieldFrom struct {
	Pos
	Value Expr
}
type Compare struct {
	Pos
	Left        Expr
	Ops         []CmpOp
	Comparators []Expr
}
type Call struct {
	Pos
	Func     Expr
	Args     []Expr
	Keywords []*Keyword
}

// Conversion values of FormattedValue.
const (
	ConvNone  = -1
	ConvStr   = 's'
	ConvRepr  = 'r'
	ConvASCII = 'a'
)

type FormattedValue struct {
	Pos
	Value      Expr
	Conversion int  // -1, 's', 'r' or 'a'
	FormatSpec Expr // may be nil
}
type JoinedStr struct {
	Pos
	Values []Expr
}
type Constant struct {
	Pos
	Value marshal.Object
	Kind  ConstKind
}

// ConstKind is a Constant's kind, CPython's kind string: "u" or None.
type ConstKind uint8

const (
	NoKind ConstKind = iota
	KindU            // a u"..." string
)

// String returns CPython's kind text: "u" or "".
func (k ConstKind) String() string {
	if k == KindU {
		return "u"
	}
	return ""
}

type Attribute struct {
	Pos
	Value Expr
	Attr  string
	Ctx   ExprContext
}
type Subscript struct {
	Pos
	Value Expr
	Slice SliceKind
	Ctx   ExprContext
}
type Starred struct {
	Pos
	Value Expr
	Ctx   ExprContext
}
type Name struct {
	Pos
	Id  string
	Ctx ExprContext
	// Sym is set by the symbol table: 1 + the position of the name's
	// symbol in the block that compiles it, so the code generator need
	// not search for it; 0 when unset. It is a hint, checked before use.
	Sym int32
}
type List struct {
	Pos
	Elts []Expr
	Ctx  ExprContext
}
type Tuple struct {
	Pos
	Elts []Expr
	Ctx  ExprContext
}

// ---- slice ----

type Slice struct{ Lower, Upper, Step Expr } // each may be nil
type ExtSlice struct{ Dims []SliceKind }
type Index struct{ Value Expr }

// ---- other nodes ----

type Comprehension struct {
	Target  Expr
	Iter    Expr
	Ifs     []Expr
	IsAsync int
}
type ExceptHandler struct {
	Pos
	Type Expr   // may be nil
	Name string // "" when absent
	Body []Stmt
	Sym  int32 // as Name.Sym, for Name
}
type Arguments struct {
	PosOnlyArgs []*Arg
	Args        []*Arg
	Vararg      *Arg // may be nil
	KwOnlyArgs  []*Arg
	KwDefaults  []Expr // one per KwOnlyArgs entry; nil where there is no default
	Kwarg       *Arg   // may be nil
	Defaults    []Expr
}
type Arg struct {
	Pos
	Arg         string
	Annotation  Expr // may be nil
	TypeComment string
}
type Keyword struct {
	Arg   string // "" for **mapping
	Value Expr
}
type Alias struct {
	Name   string
	Asname string // "" when absent
	Sym    int32  // as Name.Sym, for the name the import binds
}
type WithItem struct {
	ContextExpr  Expr
	OptionalVars Expr // may be nil
}

// ---- enumerations ----

type ExprContext uint8

const (
	Load ExprContext = iota + 1
	Store
	Del
	AugLoad
	AugStore
	Param
)

type BoolOperator uint8

const (
	And BoolOperator = iota + 1
	Or
)

type Operator uint8

const (
	Add Operator = iota + 1
	Sub
	Mult
	MatMult
	Div
	Modulo // ASDL: Mod
	Pow
	LShift
	RShift
	BitOr
	BitXor
	BitAnd
	FloorDiv
)

type UnaryOperator uint8

const (
	Invert UnaryOperator = iota + 1
	Not
	UAdd
	USub
)

type CmpOp uint8

const (
	Eq CmpOp = iota + 1
	NotEq
	Lt
	LtE
	Gt
	GtE
	Is
	IsNot
	In
	NotIn
)

var exprContextNames = [...]string{"", "Load", "Store", "Del", "AugLoad", "AugStore", "Param"}
var boolOpNames = [...]string{"", "And", "Or"}
var operatorNames = [...]string{"", "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift", "RShift", "BitOr", "BitXor", "BitAnd", "FloorDiv"}
var unaryOpNames = [...]string{"", "Invert", "Not", "UAdd", "USub"}
var cmpOpNames = [...]string{"", "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn"}

// String returns the ASDL constructor name.
func (c ExprContext) String() string   { return exprContextNames[c] }
func (o BoolOperator) String() string  { return boolOpNames[o] }
func (o Operator) String() string      { return operatorNames[o] }
func (o UnaryOperator) String() string { return unaryOpNames[o] }
func (o CmpOp) String() string         { return cmpOpNames[o] }

// ---- interface tags ----

func (*Module) node()       {}
func (*Interactive) node()  {}
func (*Expression) node()   {}
func (*FunctionType) node() {}
func (*Module) mod()        {}
func (*Interactive) mod()   {}
func (*Expression) mod()    {}
func (*FunctionType) mod()  {}
func (*TypeIgnore) node()   {}

func (*FunctionDef) node()      {}
func (*AsyncFunctionDef) node() {}
func (*ClassDef) node()         {}
func (*Return) node()           {}
func (*Delete) node()           {}
func (*Assign) node()           {}
func (*AugAssign) node()        {}
func (*AnnAssign) node()        {}
func (*For) node()              {}
func (*AsyncFor) node()         {}
func (*While) node()            {}
func (*If) node()               {}
func (*With) node()             {}
func (*AsyncWith) node()        {}
func (*Raise) node()            {}
func (*Try) node()              {}
func (*Assert) node()           {}
func (*Import) node()           {}
func (*ImportFrom) node()       {}
func (*Global) node()           {}
func (*Nonlocal) node()         {}
func (*ExprStmt) node()         {}
func (*Pass) node()             {}
func (*Break) node()            {}
func (*Continue) node()         {}

func (*FunctionDef) stmt()      {}
func (*AsyncFunctionDef) stmt() {}
func (*ClassDef) stmt()         {}
func (*Return) stmt()           {}
func (*Delete) stmt()           {}
func (*Assign) stmt()           {}
func (*AugAssign) stmt()        {}
func (*AnnAssign) stmt()        {}
func (*For) stmt()              {}
func (*AsyncFor) stmt()         {}
func (*While) stmt()            {}
func (*If) stmt()               {}
func (*With) stmt()             {}
func (*AsyncWith) stmt()        {}
func (*Raise) stmt()            {}
func (*Try) stmt()              {}
func (*Assert) stmt()           {}
func (*Import) stmt()           {}
func (*ImportFrom) stmt()       {}
func (*Global) stmt()           {}
func (*Nonlocal) stmt()         {}
func (*ExprStmt) stmt()         {}
func (*Pass) stmt()             {}
func (*Break) stmt()            {}
func (*Continue) stmt()         {}

func (*BoolOp) node()         {}
func (*NamedExpr) node()      {}
func (*BinOp) node()          {}
func (*UnaryOp) node()        {}
func (*Lambda) node()         {}
func (*IfExp) node()          {}
func (*Dict) node()           {}
func (*Set) node()            {}
func (*ListComp) node()       {}
func (*SetComp) node()        {}
func (*DictComp) node()       {}
func (*GeneratorExp) node()   {}
func (*Await) node()          {}
func (*Yield) node()          {}
func (*YieldFrom) node()      {}
func (*Compare) node()        {}
func (*Call) node()           {}
func (*FormattedValue) node() {}
func (*JoinedStr) node()      {}
func (*Constant) node()       {}
func (*Attribute) node()      {}
func (*Subscript) node()      {}
func (*Starred) node()        {}
func (*Name) node()           {}
func (*List) node()           {}
func (*Tuple) node()          {}

func (*BoolOp) expr()         {}
func (*NamedExpr) expr()      {}
func (*BinOp) expr()          {}
func (*UnaryOp) expr()        {}
func (*Lambda) expr()         {}
func (*IfExp) expr()          {}
func (*Dict) expr()           {}
func (*Set) expr()            {}
func (*ListComp) expr()       {}
func (*SetComp) expr()        {}
func (*DictComp) expr()       {}
func (*GeneratorExp) expr()   {}
func (*Await) expr()          {}
func (*Yield) expr()          {}
func (*YieldFrom) expr()      {}
func (*Compare) expr()        {}
func (*Call) expr()           {}
func (*FormattedValue) expr() {}
func (*JoinedStr) expr()      {}
func (*Constant) expr()       {}
func (*Attribute) expr()      {}
func (*Subscript) expr()      {}
func (*Starred) expr()        {}
func (*Name) expr()           {}
func (*List) expr()           {}
func (*Tuple) expr()          {}

func (*Slice) node()     {}
func (*ExtSlice) node()  {}
func (*Index) node()     {}
func (*Slice) slice()    {}
func (*ExtSlice) slice() {}
func (*Index) slice()    {}

func (*Comprehension) node() {}
func (*ExceptHandler) node() {}
func (*Arguments) node()     {}
func (*Arg) node()           {}
func (*Keyword) node()       {}
func (*Alias) node()         {}
func (*WithItem) node()      {}
