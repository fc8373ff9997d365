package astopt

import (
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/parser"
	"github.com/gopyc/gopyc/internal/py38"
)

// TestFoldMarks checks over the standard library, at each -O level, that
// skipping the statements the parser marks as having nothing to fold
// gives the tree a full visit gives, and that the marks stay in step with
// the tree.
func TestFoldMarks(t *testing.T) {
	files := py38.StdlibFiles(t)
	if testing.Short() {
		files = files[:len(files)/8]
	}
	skipped, total := 0, 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for opt := 0; opt <= 2; opt++ {
			a, _, err := parser.ParseFile(src, f)
			if err != nil {
				break
			}
			b, _, _ := parser.ParseFile(src, f)
			if opt == 0 {
				total += len(a.Fold)
				for _, m := range a.Fold {
					if m.Skip != 0 {
						skipped++
					}
				}
			}
			if opt == 0 && !inStep(a) {
				t.Fatalf("%s: Module.Fold out of step with the tree", f)
			}
			Optimize(a, opt)
			b.Fold = nil
			Optimize(b, opt)
			if ast.Dump(a, true) != ast.Dump(b, true) {
				t.Fatalf("%s -O%d: skipping marked statements changes the folded tree", f, opt)
			}
		}
	}
	t.Logf("%d of %d statements marked as having nothing to fold", skipped, total)
}

// inStep reports whether mod.Fold lists mod's statements in the order of
// a walk of the tree, each statement before those nested in it.
func inStep(mod *ast.Module) bool {
	k := 0
	var walk func(stmts []ast.Stmt) bool
	walk = func(stmts []ast.Stmt) bool {
		for _, s := range stmts {
			if k >= len(mod.Fold) || mod.Fold[k].Stmt != s {
				return false
			}
			k++
			ok := true
			switch n := s.(type) {
			case *ast.FunctionDef:
				ok = walk(n.Body)
			case *ast.AsyncFunctionDef:
				ok = walk(n.Body)
			case *ast.ClassDef:
				ok = walk(n.Body)
			case *ast.For:
				ok = walk(n.Body) && walk(n.Orelse)
			case *ast.AsyncFor:
				ok = walk(n.Body) && walk(n.Orelse)
			case *ast.While:
				ok = walk(n.Body) && walk(n.Orelse)
			case *ast.If:
				ok = walk(n.Body) && walk(n.Orelse)
			case *ast.With:
				ok = walk(n.Body)
			case *ast.AsyncWith:
				ok = walk(n.Body)
			case *ast.Try:
				ok = walk(n.Body)
				for _, h := range n.Handlers {
					ok = ok && walk(h.Body)
				}
				ok = ok && walk(n.Orelse) && walk(n.FinalBody)
			}
			if !ok {
				return false
			}
		}
		return true
	}
	return walk(mod.Body) && k == len(mod.Fold)
}
