package codegen_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile"
	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

var (
	stdlibOpts    = flag.String("codegen.opt", "0,1,2", "optimize levels of the stdlib differential test")
	stdlibVerbose = flag.Int("codegen.show", 5, "differences of the stdlib test to print per level")
	stdlibMatch   = flag.String("codegen.match", "", "only stdlib files whose path contains this")
	stdlibBytes   = flag.Bool("codegen.bytes", true, "also compare marshalled bytes (after compile/share) with compileall's .pyc")
	stdlibPipe    = flag.Bool("codegen.pipeline", false, "compile from source with the whole pipeline (our parser) instead of CPython's tree")
	stdlibEvery   = flag.Int("codegen.every", 10, "test every Nth stdlib file (1: all; the full run takes several minutes)")
)

// TestStdlib compiles every file of the installed 3.8 standard library from
// CPython's own AST and compares the code objects with CPython's, field by
// field, at each optimize level. It reports "N/M equal" per level.
func TestStdlib(t *testing.T) {
	if testing.Short() {
		t.Skip("stdlib differential test skipped in -short mode")
	}
	python := py38.Require(t)
	files := py38.StdlibFiles(t)
	if *stdlibMatch != "" {
		var sel []string
		for _, f := range files {
			if strings.Contains(f, *stdlibMatch) {
				sel = append(sel, f)
			}
		}
		files = sel
	}
	if *stdlibEvery > 1 {
		var sel []string
		for i := 0; i < len(files); i += *stdlibEvery {
			sel = append(sel, files[i])
		}
		t.Logf("testing every %dth file: %d of %d (-codegen.every=1 for all)", *stdlibEvery, len(sel), len(files))
		files = sel
	}
	var opts []int
	for _, s := range strings.Split(*stdlibOpts, ",") {
		var o int
		fmt.Sscan(s, &o)
		opts = append(opts, o)
	}
	optArg := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(opts)), ","), "[]")
	input := strings.Join(files, "\n") + "\n"
	mask := peepholeIsStub()
	if mask {
		t.Log("peephole is a stub: bytecode, lnotab and appended constants are not compared")
	}

	// CPython's dumps.
	dumpCmd := exec.Command(python, "-S", filepath.Join("..", "..", "testdata", "codegen", "dump.py"), "-O", optArg)
	dumpCmd.Env = append(dumpCmd.Environ(), "PYTHONHASHSEED=0")
	dumpCmd.Stdin = strings.NewReader(input)
	dumpOut, err := dumpCmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	// CPython's trees.
	astCmd := exec.Command(python, "-S", filepath.Join("..", "ast", "astjson", "astjson.py"))
	astCmd.Stdin = strings.NewReader(input)
	astOut, err := astCmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := dumpCmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer dumpCmd.Wait()
	if err := astCmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer astCmd.Wait()

	dumps := bufio.NewReader(dumpOut)
	var pending string
	readRecord := func() []string {
		var rec []string
		if pending != "" {
			rec = append(rec, pending)
			pending = ""
		}
		for {
			line, err := dumps.ReadString('\n')
			if line == "" && err != nil {
				return rec
			}
			line = strings.TrimSuffix(line, "\n")
			if strings.HasPrefix(line, "== ") && len(rec) > 0 {
				pending = line
				return rec
			}
			rec = append(rec, line)
		}
	}
	trees := bufio.NewScanner(astOut)
	trees.Buffer(make([]byte, 1<<20), 1<<30)

	prefixes := make(map[int]string)
	if *stdlibBytes {
		for _, o := range opts {
			prefixes[o] = py38.ReferenceTree(t, py38.Stdlib(), o, "")
		}
	}
	states := make(map[int]share.State)
	bytesEqual := make(map[int]int)
	bytesTotal := make(map[int]int)
	equal := make(map[int]int)
	total := make(map[int]int)
	fields := make(map[int]map[string]int)
	shown := make(map[int]int)
	shownBytes := 0
	for _, o := range opts {
		fields[o] = make(map[string]int)
	}
	for _, path := range files {
		if !trees.Scan() {
			t.Fatalf("astjson ended early: %v", trees.Err())
		}
		var rec struct {
			Path  string          `json:"path"`
			AST   json.RawMessage `json:"ast"`
			Error string          `json:"error"`
		}
		if err := json.Unmarshal(trees.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		for _, opt := range opts {
			want := readRecord()
			if rec.Error != "" {
				continue // CPython's parser rejects it: not codegen's concern
			}
			total[opt]++
			var co *marshal.Code
			var warns []diag.Warning
			var cerr error
			if *stdlibPipe {
				src, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				co, warns, cerr = compile.Compile(src, path, compile.Options{Optimize: opt})
			} else {
				mod, err := astjson.Decode(rec.AST)
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				co, warns, cerr = compileAST(mod, path, opt)
			}
			if cerr != nil && strings.Contains(cerr.Error(), "internal error") {
				t.Errorf("%s -O %d: %v", path, opt, cerr)
			}
			got := dumpResult(path, opt, co, warns, cerr)
			if *stdlibBytes && co != nil {
				if pyc, err := os.ReadFile(py38.ReferencePyc(prefixes[opt], path, opt)); err == nil && len(pyc) > 16 {
					bytesTotal[opt]++
					// compileall runs every file in one process: what earlier
					// files interned changes later bytes (see share.State).
					// Of those effects only unparse's is codegen's; the
					// parser's (codecs, unicodedata) are not modelled here.
					var eff share.Effects
					if co.Flags&marshal.CoFutureAnnotations != 0 {
						eff.Add("unparse")
					}
					states[opt] = states[opt].After(eff)
					share.ApplyIn(co, states[opt])
					b, err := marshal.Dumps(co)
					if want := pyc[16:]; err == nil && bytes.Equal(b, want) {
						bytesEqual[opt]++
					} else if shownBytes < *stdlibVerbose {
						shownBytes++
						n := 0
						for n < len(b) && n < len(want) && b[n] == want[n] {
							n++
						}
						lo := n - 24
						if lo < 0 {
							lo = 0
						}
						t.Logf("%s -O %d: marshalled bytes differ at %d of %d/%d:\n  want %s\n  got  %s",
							path, opt, n, len(want), len(b), hexAround(want, lo, n+24), hexAround(b, lo, n+24))
					}
				}
			}
			if mask {
				want, got = maskPeephole(want, got)
			}
			d := firstDiff(want, got)
			if d == "" {
				equal[opt]++
				continue
			}
			fields[opt][diffField(want, got)]++
			if shown[opt] < *stdlibVerbose {
				shown[opt]++
				t.Logf("%s -O %d: %s", path, opt, d)
			}
		}
	}
	for _, opt := range opts {
		var fs []string
		for f, n := range fields[opt] {
			fs = append(fs, fmt.Sprintf("%s:%d", f, n))
		}
		sort.Strings(fs)
		t.Logf("stdlib -O %d: %d/%d equal; first differing field: %s", opt, equal[opt], total[opt], strings.Join(fs, " "))
		if *stdlibBytes {
			t.Logf("stdlib -O %d: %d/%d byte-identical after share+marshal", opt, bytesEqual[opt], bytesTotal[opt])
		}
	}
}
