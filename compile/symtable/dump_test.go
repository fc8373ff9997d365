package symtable

import (
	"fmt"
	"sort"
	"strings"
)

var typeNames = [...]string{FunctionBlock: "function", ClassBlock: "class", ModuleBlock: "module"}

// dump renders t in the canonical text form testdata/symtable/stdump.py
// prints for CPython's symbol table.
func dump(t *Table) string {
	var sb strings.Builder
	dumpBlock(&sb, t.Top)
	return sb.String()
}

func dumpBlock(sb *strings.Builder, b *Block) {
	var flags []string
	for _, f := range []struct {
		on   bool
		name string
	}{
		{b.Free, "free"}, {b.ChildFree, "child_free"}, {b.Generator, "generator"},
		{b.Coroutine, "coroutine"}, {b.Comprehension, "comprehension"},
		{b.VarArgs, "varargs"}, {b.VarKeywords, "varkeywords"},
		{b.ReturnsValue, "returns_value"}, {b.NeedsClassClosure, "needs_class_closure"},
		{b.CompIterTarget, "comp_iter_target"},
	} {
		if f.on {
			flags = append(flags, f.name)
		}
	}
	nested := 0
	if b.Nested {
		nested = 1
	}
	fmt.Fprintf(sb, "%s %s %d:%d nested=%d iterexpr=%d [%s]\n", typeNames[b.Type], b.Name, b.Lineno, b.ColOffset, nested, b.CompIterExpr, strings.Join(flags, " "))
	if b.NumParams > 0 {
		var vars []string
		for _, s := range b.Symbols[:b.NumParams] {
			vars = append(vars, s.Name)
		}
		fmt.Fprintf(sb, "  varnames %s\n", strings.Join(vars, " "))
	}
	syms := append([]Symbol(nil), b.Symbols...)
	n := len(syms)
	for n > 0 && syms[n-1].Flags == int32(Free)<<ScopeOffset {
		n--
	}
	tail := syms[n:]
	sort.Slice(tail, func(i, j int) bool { return tail[i].Name < tail[j].Name })
	for _, s := range syms {
		fmt.Fprintf(sb, "  %s %d\n", s.Name, s.Flags)
	}
	for _, c := range b.Children {
		dumpBlock(sb, c)
	}
}
