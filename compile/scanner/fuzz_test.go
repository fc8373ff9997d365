package scanner_test

import (
	"github.com/gopyc/gopyc/internal/cputime"
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/scanner"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/compile/token"
	"github.com/gopyc/gopyc/internal/py38"
)

// FuzzScan decodes and scans arbitrary bytes: no panic, no hang (the token
// count is bounded by the input size), positions inside the text, and
// literal conversion of every NUMBER and STRING token without panic.
func FuzzScan(f *testing.F) {
	for _, s := range []string{"x = 1\n", "if x:\n\ty = 'a\\\nb'\n", "# coding: latin-1\nx = '\xe9'\n",
		"\xef\xbb\xbfx = (\n]", "x = 0x_1e5j + 1.5e-3j + 0o17 + \"\\N{SNOWMAN}\"", "  \f\tx\n  y\n", "x = \\\n", "!(x # c", "!(a\n b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, derr := source.Decode(data, "fuzz.py")
		if derr != nil {
			return
		}
		if len(data) > 0 && data[0] == '!' {
			// Also text without the final newline Decode adds.
			file = source.FromText("fuzz", string(data[1:]))
		}
		var s scanner.Scanner
		s.Init(file)
		limit := 2*len(file.Src) + 2*scanner.MaxIndent + 10
		for n := 0; ; n++ {
			if n > limit {
				t.Fatalf("more than %d tokens for %d bytes", limit, len(file.Src))
			}
			k, a, b := s.Scan()
			if k == token.ERRORTOKEN {
				if s.Err() == nil {
					t.Fatal("ERRORTOKEN without error")
				}
				return
			}
			if a.Offset < 0 || b.Offset < a.Offset || int(b.Offset) > len(file.Src) {
				t.Fatalf("bad range %v-%v for %v", a, b, k)
			}
			text := s.Text(a, b)
			switch k {
			case token.NUMBER:
				literal.Number(text)
			case token.STRING:
				p, body := literal.SplitString(text)
				if p.Bytes {
					literal.Bytes(nil, body, p.Raw)
				} else {
					literal.Str(nil, body, p.Raw)
				}
			case token.NAME:
				literal.Identifier(text)
			case token.ENDMARKER:
				_ = s.ParseError("SyntaxError", "invalid syntax")
				return
			}
		}
	})
}

// BenchmarkDecodeScan measures decoding plus tokenizing over the CPython 3.8
// standard library, in source bytes per second.
func BenchmarkDecodeScan(b *testing.B) {
	if py38.Stdlib() == "" {
		b.Skip("SKIP (loud): CPython 3.8 standard library not found")
	}
	var srcs [][]byte
	total := 0
	for _, p := range py38.StdlibFiles(b) {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		srcs = append(srcs, data)
		total += len(data)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	cpu := cputime.Start()
	var s scanner.Scanner
	for i := 0; i < b.N; i++ {
		for _, data := range srcs {
			f, derr := source.Decode(data, "x.py")
			if derr != nil {
				continue
			}
			s.Init(f)
			for {
				k, _, _ := s.Scan()
				if k == token.ENDMARKER || k == token.ERRORTOKEN {
					break
				}
			}
		}
	}
	// The machine is shared: CPU time says more than wall time.
	cpu.Rate(b, int64(total))
}

// TestScanAllocs checks that scanning allocates nothing per token.
func TestScanAllocs(t *testing.T) {
	src := "import os\nclass C(object):\n    def f(self, x=1.5e3, *a, **k):\n        return [x ** 2 for x in 'abc\\n' if x != b\"\"]  # note\n"
	f, derr := source.Decode([]byte(src), "a.py")
	if derr != nil {
		t.Fatal(derr)
	}
	var s scanner.Scanner
	allocs := testing.AllocsPerRun(100, func() {
		s.Init(f)
		for {
			k, _, _ := s.Scan()
			if k == token.ENDMARKER || k == token.ERRORTOKEN {
				break
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%.1f allocations per scan, want 0", allocs)
	}
}
