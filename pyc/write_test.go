//go:build unix

package pyc

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.pyc")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	old, _ := os.Stat(p)
	if err := WriteAtomic(p, []byte("new contents"), 0o644); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	if string(data) != "new contents" {
		t.Errorf("contents %q", data)
	}
	now, _ := os.Stat(p)
	if os.SameFile(old, now) {
		t.Error("file rewritten in place, not replaced by rename")
	}
	assertOnly(t, dir, "x.pyc")
}

func TestWriteAtomicFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "sub") // a directory: rename over it fails
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(target, []byte("x"), 0o644); err == nil {
		t.Fatal("rename over a non-empty directory succeeded")
	}
	assertOnly(t, dir, "sub")
	if err := WriteAtomic(filepath.Join(dir, "missing", "x.pyc"), []byte("x"), 0o644); err == nil {
		t.Fatal("write into a missing directory succeeded")
	} else if e := AsPyError(err); e.Class != "FileNotFoundError" || !strings.HasPrefix(e.Str, "[Errno 2] No such file or directory: '") {
		t.Errorf("error %v", e)
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

func TestCalcModeAndUmask(t *testing.T) {
	dir := t.TempDir()
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	for _, c := range []struct {
		src  os.FileMode
		want os.FileMode
	}{
		{0o644, 0o644},
		{0o444, 0o644},
		{0o755, 0o644},
		{0o600, 0o600},
		{0o777, 0o644},
		{0o4755, 0o644},
	} {
		src := filepath.Join(dir, "s.py")
		os.Remove(src)
		if err := os.WriteFile(src, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chmod(src, c.src)
		dst := filepath.Join(dir, "d.pyc")
		os.Remove(dst)
		if err := WriteAtomic(dst, nil, CalcMode(src)); err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Stat(dst)
		if fi.Mode().Perm() != c.want {
			t.Errorf("source %o: pyc mode %o, want %o", c.src, fi.Mode().Perm(), c.want)
		}
	}
	if m := CalcMode(filepath.Join(dir, "nope")); m != 0o666 {
		t.Errorf("missing source: mode %o", m)
	}
}

func TestCheckTarget(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "a.pyc")
	os.WriteFile(reg, nil, 0o644)
	link := filepath.Join(dir, "l.pyc")
	os.Symlink(reg, link)
	dangling := filepath.Join(dir, "d.pyc")
	os.Symlink(filepath.Join(dir, "nothing"), dangling)
	sub := filepath.Join(dir, "s.pyc")
	os.Mkdir(sub, 0o755)
	fifo := filepath.Join(dir, "f.pyc")
	syscall.Mkfifo(fifo, 0o644)
	for _, c := range []struct{ path, want string }{
		{reg, ""},
		{filepath.Join(dir, "new.pyc"), ""},
		{link, link + " is a symlink and will be changed into a regular file if import writes a byte-compiled file to it"},
		{dangling, dangling + " is a symlink and will be changed into a regular file if import writes a byte-compiled file to it"},
		{sub, sub + " is a non-regular file and will be changed into a regular one if import writes a byte-compiled file to it"},
		{fifo, fifo + " is a non-regular file and will be changed into a regular one if import writes a byte-compiled file to it"},
	} {
		err := CheckTarget(c.path)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.path, err)
			}
			continue
		}
		if e := AsPyError(err); err == nil || e.Class != "FileExistsError" || e.Str != c.want {
			t.Errorf("%s: %v", c.path, err)
		}
	}
}

func TestMakeDirs(t *testing.T) {
	dir := t.TempDir()
	deep := filepath.Join(dir, "a", "b", "__pycache__")
	if err := MakeDirs(deep); err != nil {
		t.Fatal(err)
	}
	if err := MakeDirs(deep); err != nil {
		t.Errorf("existing: %v", err)
	}
	if err := MakeDirs(deep + "/"); err != nil {
		t.Errorf("trailing slash: %v", err)
	}
	file := filepath.Join(dir, "f")
	os.WriteFile(file, nil, 0o644)
	if err := MakeDirs(file); err != nil {
		t.Errorf("existing file is accepted as py_compile does: %v", err)
	}
	if err := MakeDirs(filepath.Join(file, "x")); err == nil {
		t.Error("directory under a file created")
	} else if e := AsPyError(err); e.Class != "NotADirectoryError" {
		t.Errorf("error %v", e)
	}
}

func TestRepr(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a/b.py", "'a/b.py'"},
		{"it's", `"it's"`},
		{`both'"`, `'both\'"'`},
		{"tab\tnl\n\x7f\x01", `'tab\tnl\n\x7f\x01'`},
		{"caf\u00e9 \u00a0 \u200b", "'caf\u00e9 \\xa0 \\u200b'"},
		{FromOS("bad\xffname"), `'bad\udcffname'`},
		{`back\slash`, `'back\\slash'`},
		{"\U000e0001", `'\U000e0001'`},
	} {
		if got := Repr(c.in); got != c.want {
			t.Errorf("Repr(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	if got := BackslashReplace(FromOS("x\xfe.py")); got != `x\udcfe.py` {
		t.Errorf("BackslashReplace: %s", got)
	}
}

// TestWriteNewFile covers both ways of writing a .pyc that does not exist
// yet (the unnamed file linked in on Linux, the temporary name otherwise),
// and a target that appears in between (the link fails, the rename wins).
func TestWriteNewFile(t *testing.T) {
	for _, portable := range []bool{false, true} {
		was := noTmpfileForTest(portable)
		dir := t.TempDir()
		p := filepath.Join(dir, "x.pyc")
		if err := writeAtomic(p, []byte("fresh"), 0o640, nil, "", true); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(p)
		fi, _ := os.Stat(p)
		if string(data) != "fresh" || fi.Mode().Perm() != 0o640&^umask() {
			t.Errorf("portable=%v: contents %q mode %v", portable, data, fi.Mode().Perm())
		}
		// Told absent, but the file is there: replaced all the same.
		if err := writeAtomic(p, []byte("second"), 0o640, nil, "", true); err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(p); string(data) != "second" {
			t.Errorf("portable=%v: contents %q after a second write", portable, data)
		}
		assertOnly(t, dir, "x.pyc")
		noTmpfileForTest(was)
	}
}

func umask() os.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return os.FileMode(m)
}
