//go:build linux

package robust

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
	"github.com/gopyc/gopyc/pyc"
)

// maxFuzzSource bounds the inputs the compile targets look at, so that one
// exec stays fast; the bad source table covers the large inputs.
const maxFuzzSource = 64 << 10

// addStdlibSeeds adds up to n standard library files (every k-th, small
// ones only) read at test time; nothing of the stdlib is committed.
func addStdlibSeeds(f *testing.F, n int, add func(data []byte)) {
	if py38.Path() == "" {
		f.Log("SKIP (loud): CPython 3.8 not found; fuzz seeds without the standard library")
		return
	}
	files := py38.StdlibFiles(f)
	step := max(len(files)/n, 1)
	for i := 0; i < len(files); i += step {
		data, err := os.ReadFile(files[i])
		if err == nil && len(data) <= maxFuzzSource {
			add(data)
		}
	}
}

// addSnippetSeeds adds the small programs other stages keep as goldens and
// the small cases of the bad source table.
func addSnippetSeeds(f *testing.F) {
	golden, _ := filepath.Glob("../../testdata/codegen/golden/*.py")
	for _, g := range golden {
		if data, err := os.ReadFile(g); err == nil && len(data) <= maxFuzzSource {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"", "x = 1\n", "def f(a, *b, c=1, **d):\n    return a\n", "f'{x!r:>{w}}'\n",
		"class C:\n    def f(self): nonlocal x\n", "async def f():\n    await x\n    async for a in b: pass\n",
		"try:\n    pass\nfinally:\n    return\n", "lambda: (yield)\n", "[x async for x in y]\n",
		"# coding: latin-1\ns = '\xe9'\n", "\xef\xbb\xbfx = 1\n", "if x:\n\ty\n        z\n",
	} {
		f.Add([]byte(s))
	}
}

// FuzzCompile compiles arbitrary bytes: the result must be a code object or
// a *diag.Error, never a panic; a code object must marshal, load back and
// equal itself field by field.
func FuzzCompile(f *testing.F) {
	addSnippetSeeds(f)
	addStdlibSeeds(f, 150, func(b []byte) { f.Add(b) })
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzSource {
			return
		}
		for _, opt := range []int{0, 2} {
			code, _, err := compile.Compile(src, "f.py", compile.Options{Optimize: opt})
			if err != nil {
				if _, ok := err.(*diag.Error); !ok {
					t.Fatalf("error %T %v is not a *diag.Error", err, err)
				}
				return
			}
			data, err := marshal.Dumps(code)
			if err != nil {
				t.Fatalf("marshal.Dumps: %v", err)
			}
			back, err := marshal.Loads(data)
			if err != nil {
				t.Fatalf("marshal.Loads of our own output: %v", err)
			}
			bc, _ := back.(*marshal.Code)
			if d := DiffCode(code, bc, "module"); d != "" {
				t.Fatalf("marshal round trip changed the code: %s", d)
			}
		}
	})
}

// FuzzCompileDifferential compares gopyc with CPython 3.8 on every input:
// both accept with code objects equal field by field, or both reject with
// the same exception class, message and (for SyntaxError) line, offset and
// text. It skips without CPython.
func FuzzCompileDifferential(f *testing.F) {
	addSnippetSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4096 {
			return
		}
		srv := getPyServer(t)
		if srv == nil {
			t.Skip("SKIP (loud): CPython 3.8 not found; differential fuzzing not run")
		}
		d, died := srv.differs(src)
		if died {
			t.Skip("CPython server died (CPython crashed on this input?)")
		}
		if d != "" {
			t.Fatalf("differs from CPython 3.8 on %q: %s", src, d)
		}
	})
}

// compareVerdicts describes how gopyc's result differs from CPython's ("" if
// it does not).
func compareVerdicts(code *marshal.Code, err error, theirs []byte, exc []string) string {
	if theirs != nil {
		if err != nil {
			return "CPython accepts; gopyc: " + err.Error()
		}
		ours, derr := marshal.Dumps(code)
		if derr != nil {
			return "marshal: " + derr.Error()
		}
		if d := explainMarshalDiff(ours, theirs); !strings.HasPrefix(d, "equal field by field") && d != "" {
			return d
		}
		return ""
	}
	want := "CPython " + strings.Join(exc, " | ")
	if err == nil {
		return want + "; gopyc accepts"
	}
	e, ok := err.(*diag.Error)
	if !ok {
		return want + "; gopyc " + err.Error()
	}
	if len(exc) != 5 {
		return "bad server reply"
	}
	if e.Class != exc[0] || e.Msg != exc[1] {
		return want + "; gopyc " + e.Class + ": " + e.Msg
	}
	if !e.IsSyntax() {
		return ""
	}
	text := "\x01"
	if e.HasText {
		text = e.Text
	}
	if strconv.Itoa(e.Lineno) != exc[2] || strconv.Itoa(e.Offset) != exc[3] || text != exc[4] {
		return want + "; gopyc " + strings.Join([]string{e.Class, e.Msg, strconv.Itoa(e.Lineno), strconv.Itoa(e.Offset), text}, " | ")
	}
	return ""
}

// FuzzPycReader reads arbitrary bytes as a .pyc: the header must parse or
// give one of its errors, the body must load or give an error, never a
// panic, and whatever loads must dump to bytes that load and dump back to
// the same bytes.
func FuzzPycReader(f *testing.F) {
	f.Add([]byte{})
	f.Add(pyc.Magic[:])
	if code, _, err := compile.Compile([]byte("def f(a, b=(1, 2.5, 'x', b'y', None)):\n    return {a, b}\n"), "f.py", compile.Options{}); err == nil {
		if data, err := marshal.Dumps(code); err == nil {
			f.Add(pyc.Encode(pyc.TimestampHeader(1, 2), data))
			f.Add(pyc.Encode(pyc.HashHeader([]byte("x"), true), data))
		}
	}
	// CPython's own cache files, read at test time.
	if lib := py38.Stdlib(); lib != "" {
		pycs, _ := filepath.Glob(filepath.Join(lib, "__pycache__", "*.cpython-38.pyc"))
		for i := 0; i < len(pycs); i += max(len(pycs)/60, 1) {
			if data, err := os.ReadFile(pycs[i]); err == nil && len(data) <= 256<<10 {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := pyc.ParseHeader(data); err != nil {
			return
		}
		obj, err := marshal.Loads(data[pyc.HeaderSize:])
		if err != nil {
			return
		}
		again, err := marshal.Dumps(obj)
		if err != nil {
			return // a loaded value marshal cannot write back (e.g. a cycle) is an error, not a panic
		}
		obj2, err := marshal.Loads(again)
		if err != nil {
			t.Fatalf("reloading our own dump: %v", err)
		}
		// Dumping is a function of the loaded value: doing it again on the
		// reloaded value must give the same bytes.
		again2, err := marshal.Dumps(obj2)
		if err != nil || string(again2) != string(again) {
			t.Fatalf("dump/load/dump is not stable (%v)", err)
		}
	})
}
