package scanner_test

import (
	"bufio"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/scanner"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/compile/token"
	"github.com/gopyc/gopyc/internal/cputime"
	"github.com/gopyc/gopyc/internal/py38"
)

// stdlibSources decodes the standard library's files (those that decode).
func stdlibSources(tb testing.TB) (files []*source.File, names []string, total int) {
	for _, p := range py38.StdlibFiles(tb) {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		f, derr := source.Decode(data, p)
		if derr != nil {
			continue
		}
		files = append(files, f)
		names = append(names, p)
		total += len(data)
	}
	return files, names, total
}

// BenchmarkQuick measures tokenizing the standard library as the parser
// does, one Quick per token, in source bytes per second (decoding is
// left out).
func BenchmarkQuick(b *testing.B) {
	if py38.Stdlib() == "" {
		b.Skip("SKIP (loud): CPython 3.8 standard library not found")
	}
	files, _, total := stdlibSources(b)
	b.SetBytes(int64(total))
	b.ResetTimer()
	cpu := cputime.Start()
	var s scanner.Scanner
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			s.Init(f)
			for s.Quick() && s.Kind != token.ENDMARKER {
			}
		}
	}
	cpu.Rate(b, int64(total))
}

// TestQuickStream records (GOPYC_QUICK_STREAM=write:FILE) or compares
// (GOPYC_QUICK_STREAM=FILE) a digest per standard library file of
// everything Quick hands the parser per token: kind, offsets, PrevEnd,
// Kw, positions, the identifier and PlainString. It checks a change of
// the scanner against the stream of the code before it.
func TestQuickStream(t *testing.T) {
	spec := os.Getenv("GOPYC_QUICK_STREAM")
	if spec == "" {
		t.Skip("GOPYC_QUICK_STREAM not set")
	}
	files, names, _ := stdlibSources(t)
	// Cut copies of some files cover ends of input anywhere in a line.
	for n, m := 0, len(files); n < m; n += 4 {
		src := files[n].Src
		for _, k := range []int{len(src) / 3, len(src) / 2, len(src) * 5 / 7} {
			f, derr := source.Decode([]byte(src[:k]), "cut.py")
			if derr == nil {
				files = append(files, f)
				names = append(names, fmt.Sprintf("%s[:%d]", names[n], k))
			}
		}
	}
	got := make([]string, len(files))
	var s scanner.Scanner
	for n, f := range files {
		h := sha1.New()
		var buf [64]byte
		s.Init(f)
		for {
			ok := s.Quick()
			p := buf[:0]
			p = binary.LittleEndian.AppendUint32(p, uint32(s.Kind))
			p = binary.LittleEndian.AppendUint32(p, uint32(s.Off))
			p = binary.LittleEndian.AppendUint32(p, uint32(s.EndOff))
			p = binary.LittleEndian.AppendUint32(p, uint32(s.PrevEnd))
			p = binary.LittleEndian.AppendUint32(p, uint32(s.Kw))
			a, e, pp := s.Start(), s.End(), s.PrevPos()
			for _, q := range []token.Pos{a, e, pp} {
				p = binary.LittleEndian.AppendUint32(p, uint32(q.Line))
				p = binary.LittleEndian.AppendUint32(p, uint32(q.Col))
			}
			p = binary.LittleEndian.AppendUint32(p, uint32(s.Line()))
			h.Write(p)
			switch s.Kind {
			case token.NAME:
				h.Write([]byte(s.Ident()))
			case token.STRING:
				fmt.Fprint(h, s.PlainString())
			}
			if !ok {
				fmt.Fprint(h, s.Err())
				break
			}
			if s.Kind == token.ENDMARKER {
				break
			}
		}
		got[n] = fmt.Sprintf("%s %x", names[n], h.Sum(nil))
	}
	if path, ok := strings.CutPrefix(spec, "write:"); ok {
		if err := os.WriteFile(path, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	fh, err := os.Open(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	i, bad := 0, 0
	for ; sc.Scan(); i++ {
		if i >= len(got) || sc.Text() != got[i] {
			if bad++; bad <= 10 {
				t.Errorf("stream differs: %s", sc.Text())
			}
		}
	}
	if i != len(got) {
		t.Errorf("%d files, want %d", len(got), i)
	}
}
