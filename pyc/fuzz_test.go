package pyc

import (
	"strings"
	"testing"
)

func FuzzParseHeader(f *testing.F) {
	f.Add(TimestampHeader(5, 6).Append(nil))
	f.Add(HashHeader([]byte("x"), true).Append(nil))
	f.Add([]byte{0x55, 0x0d, 0x0d, 0x0a, 9})
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ParseHeader(data)
		if err != nil {
			return
		}
		if b := h.Append(nil); string(b) != string(data[:HeaderSize]) {
			t.Fatalf("round trip %x -> %x", data[:HeaderSize], b)
		}
	})
}

func FuzzCachePaths(f *testing.F) {
	for _, s := range []string{"a/b.py", "/x/y.py", "", "//", ".py", "a/__pycache__/b.cpython-38.opt-1.pyc"} {
		f.Add(s, "", "/cache")
	}
	f.Fuzz(func(t *testing.T, path, opt, prefix string) {
		p := Paths{Prefix: prefix, Getwd: func() (string, error) { return "/w", nil }}
		c, err := p.FromSource(path, opt)
		if err != nil {
			return
		}
		if !strings.HasSuffix(c, ".pyc") {
			t.Fatalf("FromSource(%q) = %q", path, c)
		}
		p.SourceFromCache(c)
		p.SourceFromCache(path)
		Repr(path)
		BackslashReplace(ToOS(FromOS(path)))
	})
}

func BenchmarkSourceHash(b *testing.B) {
	src := bigSource()
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		SourceHash(src)
	}
}

func BenchmarkFromSource(b *testing.B) {
	p := Paths{Prefix: "/cache", Getwd: func() (string, error) { return "/home/u", nil }}
	for i := 0; i < b.N; i++ {
		p.FromSource("pkg/sub/module.py", "")
	}
}
