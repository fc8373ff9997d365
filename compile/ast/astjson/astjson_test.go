package astjson

import (
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/internal/py38"
)

// TestStdlibLoads checks that CPython's tree of every stdlib file loads.
func TestStdlibLoads(t *testing.T) {
	py := py38.Require(t)
	// The bridge is a test tool: a sample of the stdlib shows it loads every
	// node kind; GOPYC_STDLIB_FULL=1 loads all of it.
	all := py38.StdlibFiles(t)
	files := all
	if os.Getenv("GOPYC_STDLIB_FULL") == "" {
		files = nil
		for i := 0; i < len(all); i += 20 {
			files = append(files, all[i])
		}
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
