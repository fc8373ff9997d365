package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/internal/py38"
)

// FuzzParseFile checks that any input gives a tree or a *diag.Error, never
// a panic or a hang.
func FuzzParseFile(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/parser/golden/*.py")
	for _, name := range files {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	// A sample of the installed 3.8 standard library, read at test time.
	if lib := py38.Stdlib(); lib != "" {
		var all []string
		filepath.WalkDir(lib, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".py") {
				all = append(all, p)
			}
			return nil
		})
		for i := 0; i < len(all); i += 25 {
			if src, err := os.ReadFile(all[i]); err == nil {
				f.Add(src)
			}
		}
	}
	for _, s := range []string{"f(x for x in y, 1)\n", "f'{x!r:{y}}'\n", "def f(a=1, b): pass\n", "x = (\n", "if x:\npass\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		mod, _, err := ParseFile(src, "fuzz.py")
		if err != nil {
			if _, ok := err.(*diag.Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		ast.Dump(mod, true)
	})
}
