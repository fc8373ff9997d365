package compile_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/pyc"
)

// TestStdlibHeaders checks whole files, header included, in the three
// invalidation modes at -O0: the timestamp header from the source's stat,
// and the checked and unchecked hash headers from its bytes.
func TestStdlibHeaders(t *testing.T) {
	py38.Require(t)
	if testing.Short() {
		t.Skip("the hash-mode reference trees take a minute each to build")
	}
	lib := py38.Stdlib()
	files := compile.WalkOrder(lib)
	for _, mode := range []string{"timestamp", "checked-hash", "unchecked-hash"} {
		prefix := py38.ReferenceTree(t, lib, 0, mode)
		var st share.State
		same, total := 0, 0
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			u, _, cerr := compile.CompileUnit(src, f, compile.Options{})
			before := st
			st = u.After(st)
			ref, rerr := os.ReadFile(py38.ReferencePyc(prefix, f, 0))
			if rerr != nil || cerr != nil {
				continue
			}
			total++
			var h pyc.Header
			switch mode {
			case "timestamp":
				fi, err := os.Stat(f)
				if err != nil {
					t.Fatal(err)
				}
				h = pyc.TimestampHeader(fi.ModTime().Unix(), fi.Size())
			default:
				h = pyc.HashHeader(src, mode == "checked-hash")
			}
			code, err := u.Marshal(before)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(pyc.Encode(h, code), ref) {
				same++
			} else if !bytes.Equal(pyc.Encode(h, nil), ref[:16]) {
				t.Errorf("%s: %s header differs", mode, f)
			} else {
				t.Errorf("%s: %s code bytes differ", mode, f)
			}
		}
		t.Logf("%s: %d/%d files byte-identical, header included", mode, same, total)
	}
}
