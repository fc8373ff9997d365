package astopt

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/ast/astjson"
)

type constCollector map[string]bool

func (c constCollector) Visit(n ast.Node) ast.Visitor {
	if k, ok := n.(*ast.Constant); ok {
		c[astjson.Canon(k.Value)] = true
	}
	return c
}

func TestCases(t *testing.T) {
	f, err := os.Open("../../testdata/astopt/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	n, pass := 0, 0
	for sc.Scan() {
		var rec struct {
			Src    string          `json:"src"`
			AST    json.RawMessage `json:"ast"`
			Const  *string         `json:"const"`
			Consts []string        `json:"consts"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		n++
		m, err := astjson.Decode(rec.AST)
		if err != nil {
			t.Errorf("%s: decode: %v", rec.Src, err)
			continue
		}
		e := &ast.Expression{Body: m.Body[0].(*ast.ExprStmt).Value}
		OptimizeMod(e, 0)
		got, folded := e.Body.(*ast.Constant)
		if rec.Const != nil {
			if !folded {
				t.Errorf("%s: not folded (%T), CPython folds to %s", rec.Src, e.Body, *rec.Const)
				continue
			}
			if g := astjson.Canon(got.Value); g != *rec.Const {
				t.Errorf("%s: folded to %s, CPython %s", rec.Src, g, *rec.Const)
				continue
			}
			pass++
			continue
		}
		if folded {
			t.Errorf("%s: folded to %s, CPython does not fold it", rec.Src, astjson.Canon(got.Value))
			continue
		}
		theirs := map[string]bool{}
		for _, c := range rec.Consts {
			theirs[c] = true
		}
		mine := constCollector{}
		ast.Walk(mine, e.Body)
		ok := true
		for c := range mine {
			if !theirs[c] {
				t.Errorf("%s: constant %s is not among CPython's %v", rec.Src, c, rec.Consts)
				ok = false
			}
		}
		if ok {
			pass++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("astopt cases: %d/%d equal", pass, n)
}
