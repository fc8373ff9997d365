package ast

import "unsafe"

// The tree walkers (symtable's builder, codegen's visitors) tell the
// commonest nodes apart by the first word of their interface value, the
// itab, before falling back to a type switch, which searches by type
// hash. The runtime keeps one itab per pair of interface and dynamic
// type, so equal words mean equal types.

// ifaceWords are the two words of an interface value.
type ifaceWords struct{ tab, data unsafe.Pointer }

// ExprWord returns e's type word.
func ExprWord(e Expr) unsafe.Pointer { return (*ifaceWords)(unsafe.Pointer(&e)).tab }

// StmtWord returns s's type word.
func StmtWord(s Stmt) unsafe.Pointer { return (*ifaceWords)(unsafe.Pointer(&s)).tab }

// TypeWords holds the type words of the nodes the walkers test for: the
// expressions' as Expr, the statements' as Stmt.
type TypeWords struct {
	Name, Constant, Attribute, Call, Subscript, BinOp, Compare, List, Tuple unsafe.Pointer
	ExprStmt, Assign, If, Return                                            unsafe.Pointer
}

// Words are the type words of TypeWords' node types.
var Words = TypeWords{
	Name:      ExprWord(&Name{}),
	Constant:  ExprWord(&Constant{}),
	Attribute: ExprWord(&Attribute{}),
	Call:      ExprWord(&Call{}),
	Subscript: ExprWord(&Subscript{}),
	BinOp:     ExprWord(&BinOp{}),
	Compare:   ExprWord(&Compare{}),
	List:      ExprWord(&List{}),
	Tuple:     ExprWord(&Tuple{}),
	ExprStmt:  StmtWord(&ExprStmt{}),
	Assign:    StmtWord(&Assign{}),
	If:        StmtWord(&If{}),
	Return:    StmtWord(&Return{}),
}
