package codegen

import (
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/astopt"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/parser"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/internal/py38"
)

// TestNameStamps checks, for every name the code generator compiles in the
// standard library at each -O level, that the symbol the symbol table
// stamped on the ast.Name is the one a search of the compiling block finds.
// The generator checks the stamp's name before use, so a wrong or missing
// stamp would cost only speed; this test makes sure the stamps are right,
// and there.
func TestNameStamps(t *testing.T) {
	files := py38.StdlibFiles(t)
	if testing.Short() {
		var sel []string
		for i := 0; i < len(files); i += 5 {
			sel = append(sel, files[i])
		}
		files = sel
	}
	var stamped, unstamped, wrong int
	var where string
	stampCheck = func(stamp, found int) {
		switch {
		case stamp < 0:
			unstamped++
		case stamp != found:
			if wrong < 5 {
				t.Errorf("%s: stamp %d, search finds %d", where, stamp, found)
			}
			wrong++
		default:
			stamped++
		}
	}
	defer func() { stampCheck = nil }()
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for opt := 0; opt <= 2; opt++ {
			mod, _, err := parser.ParseFile(src, path)
			if err != nil {
				continue
			}
			fut, err := future.Parse(mod, path)
			if err != nil {
				continue
			}
			astopt.Optimize(mod, opt)
			// Twice over one tree: the second table restamps it.
			for range 2 {
				st, err := symtable.Build(mod, path, fut)
				if err != nil {
					break
				}
				where = path
				Compile(mod, st, fut, path, Options{Optimize: opt})
				st.Release()
			}
		}
	}
	t.Logf("%d names compiled with a right stamp, %d without one, %d wrong", stamped, unstamped, wrong)
	if wrong > 0 || unstamped > 0 {
		t.Errorf("%d wrong stamps; %d stamped, %d not", wrong, stamped, unstamped)
	}
}
