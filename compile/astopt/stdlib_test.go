package astopt

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// cpythonConsts runs testdata/astopt/consts.py over paths.
func cpythonConsts(t *testing.T, python string, paths []string) map[string]map[string]bool {
	cmd := exec.Command(python, "-S", "-W", "ignore", filepath.Join("..", "..", "testdata", "astopt", "consts.py"))
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("consts.py: %v", err)
	}
	res := map[string]map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		var rec struct {
			Path   string   `json:"path"`
			Consts []string `json:"consts"`
			Error  string   `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Error != "" {
			continue
		}
		set := map[string]bool{}
		for _, c := range rec.Consts {
			set[c] = true
		}
		res[rec.Path] = set
	}
	return res
}

type constPtrs map[*ast.Constant]bool

// unemitted collects constants codegen never emits: constant expression
// statements and annotations of function-local variables.
type unemitted struct {
	set    constPtrs
	inFunc bool
}

func (u unemitted) Visit(n ast.Node) ast.Visitor {
	switch x := n.(type) {
	case *ast.FunctionDef, *ast.AsyncFunctionDef:
		return unemitted{u.set, true}
	case *ast.ClassDef:
		return unemitted{u.set, false}
	case *ast.ExprStmt:
		if c, ok := x.Value.(*ast.Constant); ok {
			u.set[c] = true
		}
	case *ast.AnnAssign:
		if u.inFunc {
			ast.Walk(u.set, x.Annotation)
		}
	}
	return u
}

func (c constPtrs) Visit(n ast.Node) ast.Visitor {
	if k, ok := n.(*ast.Constant); ok {
		c[k] = true
	}
	return c
}

// TestStdlibFolds checks that every constant our folding creates in a
// standard library module is one CPython's compiler put in that module's
// code objects. (CPython 3.8 cannot show its folded AST, so the code
// objects are the observable result.)
func TestStdlibFolds(t *testing.T) {
	python := py38.Require(t)
	files := py38.StdlibFiles(t)
	// The whole library takes minutes on a shared machine; by default check
	// every 8th file (every 20th with -short), all with GOPYC_FULL=1.
	step := 8
	if testing.Short() {
		step = 20
	}
	if os.Getenv("GOPYC_FULL") != "" {
		step = 1
	}
	if step > 1 {
		var sub []string
		for i := 0; i < len(files); i += step {
			sub = append(sub, files[i])
		}
		files = sub
	}
	theirs := cpythonConsts(t, python, files)
	trees, err := astjson.ParseFiles(python, files)
	if err != nil {
		t.Fatal(err)
	}
	checked, folds, bad := 0, 0, 0
	for _, r := range trees {
		if r.Module == nil || theirs[r.Path] == nil {
			continue
		}
		before := constPtrs{}
		ast.Walk(before, r.Module)
		Optimize(r.Module, 0)
		after := constPtrs{}
		ast.Walk(after, r.Module)
		dead := unemitted{set: constPtrs{}}
		ast.Walk(dead, r.Module)
		checked++
		for c := range after {
			if before[c] || dead.set[c] || c.Value == marshal.True || c.Value == marshal.False {
				continue // bools come from __debug__ and vanish with dead code
			}
			folds++
			if k := astjson.Canon(c.Value); !theirs[r.Path][k] {
				bad++
				if bad <= 30 {
					t.Errorf("%s:%d:%d: folded constant %.200s not in CPython's code objects", r.Path, c.Lineno, c.ColOffset, k)
				}
			}
		}
	}
	t.Logf("stdlib: %d files, %d folded constants, %d not found in CPython's output", checked, folds, bad)
}
