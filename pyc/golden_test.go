package pyc

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// golden is testdata/pyc/golden.json, written by testdata/pyc/gen.py from
// CPython 3.8's importlib.
type golden struct {
	Magic           string
	CacheFromSource []struct {
		Path, Opt, Cwd, Prefix, Ok, Err string
	} `json:"cache_from_source"`
	SourceFromCache []struct{ Path, Prefix, Ok, Err string } `json:"source_from_cache"`
	SourceHash      []struct{ Name, Src, Hash string }       `json:"source_hash"`
	Headers         []struct {
		Mode        string
		Mtime, Size int64
		Src, Header string
	}
}

func loadGolden(t *testing.T) *golden {
	t.Helper()
	data, err := os.ReadFile("../testdata/pyc/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

// bigSource is gen.py's big_source: about 1 MB of generated lines.
func bigSource() []byte {
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "x%d = '%s' # \u00e9\u4e2d\n", i, strings.Repeat("ab", i%7))
	}
	return []byte(b.String())
}

func TestMagic(t *testing.T) {
	if got := hex.EncodeToString(Magic[:]); got != loadGolden(t).Magic {
		t.Errorf("magic %s", got)
	}
}

func TestCacheFromSource(t *testing.T) {
	g := loadGolden(t)
	if len(g.CacheFromSource) < 30 {
		t.Fatalf("only %d cases", len(g.CacheFromSource))
	}
	for _, c := range g.CacheFromSource {
		cwd := c.Cwd
		p := Paths{Prefix: c.Prefix, Getwd: func() (string, error) { return cwd, nil }}
		got, err := p.FromSource(c.Path, c.Opt)
		if c.Err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.Err+":") {
				t.Errorf("FromSource(%q, %q) cwd=%q prefix=%q = %q, %v; want %s", c.Path, c.Opt, c.Cwd, c.Prefix, got, err, c.Err)
			}
			continue
		}
		if err != nil || got != c.Ok {
			t.Errorf("FromSource(%q, %q) cwd=%q prefix=%q = %q, %v; want %q", c.Path, c.Opt, c.Cwd, c.Prefix, got, err, c.Ok)
		}
	}
}

func TestSourceFromCache(t *testing.T) {
	for _, c := range loadGolden(t).SourceFromCache {
		p := Paths{Prefix: c.Prefix}
		got, err := p.SourceFromCache(c.Path)
		if c.Err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.Err+":") {
				t.Errorf("SourceFromCache(%q) prefix=%q = %q, %v; want %s", c.Path, c.Prefix, got, err, c.Err)
			}
			continue
		}
		if err != nil || got != c.Ok {
			t.Errorf("SourceFromCache(%q) prefix=%q = %q, %v; want %q", c.Path, c.Prefix, got, err, c.Ok)
		}
	}
}

func TestSourceHash(t *testing.T) {
	g := loadGolden(t)
	if len(g.SourceHash) < 10 {
		t.Fatalf("only %d cases", len(g.SourceHash))
	}
	for _, c := range g.SourceHash {
		src, _ := hex.DecodeString(c.Src)
		if c.Name == "big" {
			src = bigSource()
		}
		h := SourceHash(src)
		if got := hex.EncodeToString(h[:]); got != c.Hash {
			t.Errorf("%s: hash %s, want %s", c.Name, got, c.Hash)
		}
	}
}

func TestHeaders(t *testing.T) {
	for _, c := range loadGolden(t).Headers {
		src, _ := hex.DecodeString(c.Src)
		var h Header
		switch c.Mode {
		case "timestamp":
			h = TimestampHeader(c.Mtime, c.Size)
		case "checked-hash":
			h = HashHeader(src, true)
		case "unchecked-hash":
			h = HashHeader(src, false)
		}
		b := h.Append(nil)
		if got := hex.EncodeToString(b); got != c.Header {
			t.Errorf("%s %d %d: %s, want %s", c.Mode, c.Mtime, c.Size, got, c.Header)
		}
		back, err := ParseHeader(b)
		if err != nil || back != h || back.Mode().String() != c.Mode {
			t.Errorf("ParseHeader(%x) = %+v, %v", b, back, err)
		}
	}
}

func TestParseHeaderErrors(t *testing.T) {
	good := TimestampHeader(1, 2).Append(nil)
	for _, c := range []struct {
		data []byte
		err  error
	}{
		{nil, ErrBadMagic},
		{[]byte{0x55, 0x0d}, ErrBadMagic},
		{[]byte{0x42, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, ErrBadMagic},
		{good[:15], ErrShort},
		{append(append([]byte{}, good[:4]...), 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), ErrBadFlags},
	} {
		if _, err := ParseHeader(c.data); err != c.err {
			t.Errorf("ParseHeader(%x) error %v, want %v", c.data, err, c.err)
		}
	}
}

func TestPrefixFromConfig(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "PYTHONPYCACHEPREFIX" {
				return v
			}
			return ""
		}
	}
	for _, c := range []struct {
		x    []string
		env  string
		want string
	}{
		{nil, "", ""},
		{nil, "/c", "/c"},
		{nil, "rel", "rel"},
		{[]string{"pycache_prefix=/x"}, "/c", "/x"},
		{[]string{"pycache_prefix="}, "/c", ""},
		{[]string{"pycache_prefix"}, "/c", ""},
		{[]string{"dev", "pycache_prefix=/a", "pycache_prefix=/b"}, "", "/a"},
		{[]string{"pycache_prefixx=/a"}, "/c", "/c"},
	} {
		if got := PrefixFromConfig(c.x, env(c.env)); got != c.want {
			t.Errorf("PrefixFromConfig(%q, %q) = %q, want %q", c.x, c.env, got, c.want)
		}
	}
}

func TestDefaultMode(t *testing.T) {
	if m := DefaultMode(func(string) string { return "" }); m != Timestamp {
		t.Errorf("default %v", m)
	}
	if m := DefaultMode(func(k string) string { return map[string]string{"SOURCE_DATE_EPOCH": "1"}[k] }); m != CheckedHash {
		t.Errorf("with SOURCE_DATE_EPOCH %v", m)
	}
}
