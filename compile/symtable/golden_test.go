package symtable

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/internal/py38"
)

// parseAll returns CPython's trees of paths (through astjson, so
// python3.8 is needed until our parser can stand in).
func parseAll(t *testing.T, paths []string) []*ast.Module {
	py := py38.Require(t)
	rs, err := astjson.ParseFiles(py, paths)
	if err != nil {
		t.Fatal(err)
	}
	mods := make([]*ast.Module, len(rs))
	for i, r := range rs {
		if r.Err != "" {
			t.Fatalf("%s: CPython's parser rejects it: %s", r.Path, r.Err)
		}
		mods[i] = r.Module
	}
	return mods
}

// TestGolden compares the symbol tables of testdata/symtable/golden/*.py
// with the dumps CPython produced (generate.py).
func TestGolden(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(testdataDir(), "golden", "*.py"))
	sort.Strings(paths)
	if len(paths) == 0 {
		t.Fatal("no golden inputs")
	}
	mods := parseAll(t, paths)
	for i, p := range paths {
		want, err := os.ReadFile(strings.TrimSuffix(p, ".py") + ".st")
		if err != nil {
			t.Fatal(err)
		}
		fut, err := future.Parse(mods[i], p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		st, err := Build(mods[i], p, fut)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
			continue
		}
		if got := dump(st); got != string(want) {
			t.Errorf("%s: %s", filepath.Base(p), firstDiff(got, string(want)))
		}
	}
}

type errorCase struct {
	Name   string  `json:"name"`
	Src    string  `json:"src"`
	Class  *string `json:"class"`
	Msg    string  `json:"msg"`
	Lineno int     `json:"lineno"`
	Offset int     `json:"offset"`
}

// TestErrors checks the future and symtable SyntaxErrors of
// testdata/symtable/errors.json: class, message, line and offset.
func TestErrors(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testdataDir(), "errors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []errorCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	paths := make([]string, len(cases))
	for i, c := range cases {
		paths[i] = filepath.Join(dir, c.Name+".py")
		if err := os.WriteFile(paths[i], []byte(c.Src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mods := parseAll(t, paths)
	for i, c := range cases {
		fut, err := future.Parse(mods[i], paths[i])
		if err == nil {
			_, err = Build(mods[i], paths[i], fut)
		}
		if strings.HasPrefix(c.Name, "codegen_") || c.Class == nil {
			if err != nil {
				t.Errorf("%s: got %v, want no error from these stages", c.Name, err)
			}
			continue
		}
		var de *diag.Error
		if !errors.As(err, &de) {
			t.Errorf("%s: got %v, want %s: %s", c.Name, err, *c.Class, c.Msg)
			continue
		}
		if de.Class != *c.Class || de.Msg != c.Msg || de.Lineno != c.Lineno || de.Offset != c.Offset || de.Filename != paths[i] || de.HasText {
			t.Errorf("%s:\n got %s\nwant %s: %s @%d:%d", c.Name, errString(de), *c.Class, c.Msg, c.Lineno, c.Offset)
		}
	}
}

func TestMangle(t *testing.T) {
	for _, c := range []struct{ class, name, want string }{
		{"", "__x", "__x"},
		{"C", "__x", "_C__x"},
		{"_C", "__x", "_C__x"},
		{"__C_", "__x", "_C___x"},
		{"___", "__x", "__x"},
		{"C", "__x__", "__x__"},
		{"C", "__", "__"},
		{"C", "___", "___"},
		{"C", "_x", "_x"},
		{"C", "x", "x"},
		{"C", "_", "_"},
		{"C", "__a.b", "__a.b"},
		{"Ç", "__é", "_Ç__é"},
	} {
		if got := Mangle(c.class, c.name); got != c.want {
			t.Errorf("Mangle(%q, %q) = %q, want %q", c.class, c.name, got, c.want)
		}
	}
}

// chain returns the module "a+a+...+a" with n operands.
func chain(n int) *ast.Module {
	var e ast.Expr = &ast.Name{Id: "a", Ctx: ast.Load}
	for i := 1; i < n; i++ {
		e = &ast.BinOp{Left: e, Op: ast.Add, Right: &ast.Name{Id: "a", Ctx: ast.Load}}
	}
	return &ast.Module{Body: []ast.Stmt{&ast.ExprStmt{Value: e}}}
}

// TestRecursionLimit checks the nesting limit against what CPython 3.8
// does under `python -m compileall`: 2966 operands compile, 2967 raise.
func TestRecursionLimit(t *testing.T) {
	if _, err := Build(chain(2966), "f.py", future.Features{}); err != nil {
		t.Errorf("2966: %v", err)
	}
	_, err := Build(chain(2967), "f.py", future.Features{})
	var de *diag.Error
	if !errors.As(err, &de) || de.Class != "RecursionError" || de.Msg != "maximum recursion depth exceeded during compilation" {
		t.Errorf("2967: got %v, want RecursionError", err)
	}
}
