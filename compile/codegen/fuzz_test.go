package codegen_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/marshal"
)

// FuzzCompile runs the whole pipeline on arbitrary source: codegen must
// never fail internally (an "internal error" SystemError is a recovered
// panic) and every code object it returns must marshal.
func FuzzCompile(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "codegen", "golden", "*.py"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil && len(b) < 4096 {
			f.Add(b, uint8(0))
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, opt uint8) {
		co, _, err := compile.Compile(src, "fuzz.py", compile.Options{Optimize: int(opt % 3)})
		var de *diag.Error
		if errors.As(err, &de) && de.Class == "SystemError" && strings.Contains(de.Msg, "codegen: internal error") {
			t.Fatalf("%s", de.Msg)
		}
		if co != nil {
			if _, err := marshal.Dumps(co); err != nil {
				t.Fatalf("marshal: %v", err)
			}
		}
	})
}
