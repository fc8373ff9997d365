package astopt

import (
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/parser"
	"github.com/gopyc/gopyc/internal/py38"
)

// TestFoldMarks checks over the standard library, at each -O level, that
// folding only the statements the parser lists in Module.Fold gives the
// tree a full visit gives, and that those are statements of the tree,
// each listed once.
func TestFoldMarks(t *testing.T) {
	files := py38.StdlibFiles(t)
	if testing.Short() {
		files = files[:len(files)/8]
	}
	listed, total := 0, 0
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
				n, ok := inTree(a)
				if !ok {
					t.Fatalf("%s: Module.Fold lists a statement not in the tree, or twice", f)
				}
				listed += len(a.Fold)
				total += n
			}
			Optimize(a, opt)
			b.Fold = nil
			Optimize(b, opt)
			if ast.Dump(a, true) != ast.Dump(b, true) {
				t.Fatalf("%s -O%d: folding only the listed statements changes the folded tree", f, opt)
			}
		}
	}
	t.Logf("%d of %d statements listed as may fold", listed, total)
}

// inTree reports whether mod.Fold lists statements of mod's tree, each at
// most once, and counts the tree's statements.
func inTree(mod *ast.Module) (n int, ok bool) {
	seen := map[ast.Stmt]bool{}
	for _, s := range mod.Fold {
		if seen[s] {
			return 0, false
		}
		seen[s] = true
	}
	var walk func(stmts []ast.Stmt)
	walk = func(stmts []ast.Stmt) {
		for _, s := range stmts {
			n++
			delete(seen, s)
			switch s := s.(type) {
			case *ast.FunctionDef:
				walk(s.Body)
			case *ast.AsyncFunctionDef:
				walk(s.Body)
			case *ast.ClassDef:
				walk(s.Body)
			case *ast.For:
				walk(s.Body)
				walk(s.Orelse)
			case *ast.AsyncFor:
				walk(s.Body)
				walk(s.Orelse)
			case *ast.While:
				walk(s.Body)
				walk(s.Orelse)
			case *ast.If:
				walk(s.Body)
				walk(s.Orelse)
			case *ast.With:
				walk(s.Body)
			case *ast.AsyncWith:
				walk(s.Body)
			case *ast.Try:
				walk(s.Body)
				for _, h := range s.Handlers {
					walk(h.Body)
				}
				walk(s.Orelse)
				walk(s.FinalBody)
			}
		}
	}
	walk(mod.Body)
	return n, len(seen) == 0
}

// TestFoldMarksDocStrings checks the folding of listed statements against
// a full visit on strings that become constants first in a body (and so
// are wrapped) or not first.
func TestFoldMarksDocStrings(t *testing.T) {
	src := []byte(`"a" * 2
x = 1
"b" * 2
def f():
    "c" "d" * 2
    def g(): "e" + "f"
    "g" * 2
async def h():
    "h" * 2
class C:
    ("i" "j") * 2
    class D:
        "doc"
        "k" * 2
    if x:
        "l" * 2
`)
	a, _, err := parser.ParseFile(src, "t.py")
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := parser.ParseFile(src, "t.py")
	Optimize(a, 0)
	b.Fold = nil
	Optimize(b, 0)
	if ast.Dump(a, true) != ast.Dump(b, true) {
		t.Fatalf("folding the listed statements:\n%s\nfull visit:\n%s", ast.Dump(a, true), ast.Dump(b, true))
	}
	if _, ok := a.Body[0].(*ast.ExprStmt).Value.(*ast.JoinedStr); !ok {
		t.Errorf("module's folded leading string not wrapped")
	}
}
