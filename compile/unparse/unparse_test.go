package unparse

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/compile/astopt"
)

// TestCases compares with the annotation strings CPython 3.8 produced
// (testdata/unparse/gen_cases.py): fold the expression as CPython does
// before unparsing it, then unparse.
func TestCases(t *testing.T) {
	f, err := os.Open("../../testdata/unparse/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	n, pass := 0, 0
	for sc.Scan() {
		var rec struct {
			Src  string          `json:"src"`
			AST  json.RawMessage `json:"ast"`
			Want string          `json:"want"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		n++
		m, err := astjson.Decode(rec.AST)
		if err != nil {
			t.Errorf("%s: %v", rec.Src, err)
			continue
		}
		e := &ast.Expression{Body: m.Body[0].(*ast.ExprStmt).Value}
		astopt.OptimizeMod(e, 0)
		if got := Expr(e.Body); got != rec.Want {
			t.Errorf("%s:\n got  %q\n want %q", rec.Src, got, rec.Want)
			continue
		}
		pass++
	}
	t.Logf("unparse cases: %d/%d equal", pass, n)
}
