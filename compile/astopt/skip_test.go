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
			if !optimizeModule(a, opt, new(Memory)) {
				t.Fatalf("%s: Module.Fold out of step with the tree", f)
			}
			b.Fold = nil
			Optimize(b, opt)
			if ast.Dump(a, true) != ast.Dump(b, true) {
				t.Fatalf("%s -O%d: skipping marked statements changes the folded tree", f, opt)
			}
		}
	}
	t.Logf("%d of %d statements marked as having nothing to fold", skipped, total)
}
