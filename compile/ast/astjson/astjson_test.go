package astjson

import (
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/internal/py38"
)

// TestStdlibLoads checks that CPython's tree of every stdlib file loads.
func TestStdlibLoads(t *testing.T) {
	py := py38.Require(t)
	files := py38.StdlibFiles(t)
	if testing.Short() {
		files = files[:100]
	}
	rs, err := ParseFiles(py, files)
	if err != nil {
		t.Fatal(err)
	}
	ok, rejected := 0, 0
	for _, r := range rs {
		if r.Err != "" {
			rejected++
			continue
		}
		ok++
		n := 0
		ast.Inspect(r.Module, func(ast.Node) bool { n++; return true })
		if n == 0 {
			t.Errorf("%s: empty tree", r.Path)
		}
	}
	t.Logf("%d files loaded, %d rejected by CPython", ok, rejected)
}
