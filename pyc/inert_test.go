package pyc

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Files compileall passes over without a trace get no item, so they hold no
// worker while the files before them compile; those where an earlier step
// of compile_file can fail keep theirs.
func TestInertFiles(t *testing.T) {
	strip := "/x"
	for _, c := range []struct {
		name string
		o    Options
		want bool
	}{
		{"/t/data.txt", Options{}, true},
		{"/t/data.txt", Options{Paths: Paths{Prefix: "/p"}}, true},
		{"/t/mod.py", Options{Paths: Paths{Prefix: "/p"}}, false},
		{"/t/.py", Options{}, false},
		{"/t/mod.pyw", Options{}, true},
		// Under a prefix a relative name needs os.getcwd().
		{"t/data.txt", Options{Paths: Paths{Prefix: "/p", Getwd: func() (string, error) { return "/w", nil }}}, true},
		{"t/data.txt", Options{Paths: Paths{Prefix: "/p", Getwd: func() (string, error) { return "", os.ErrNotExist }}}, false},
		{"data.txt", Options{Paths: Paths{Prefix: "/p", Getwd: func() (string, error) { return "/", nil }}}, false},
		{"t/data.txt", Options{}, true},
		{"t/data.txt", Options{Legacy: true, Paths: Paths{Prefix: "/p"}}, true},
		// cache_from_source indexes the second character of the directory,
		// "/data.txt"'s made from the working directory ("" is relative).
		{"/data.txt", Options{Paths: Paths{Prefix: "/p", Getwd: func() (string, error) { return "/w", nil }}}, true},
		{"/data.txt", Options{Paths: Paths{Prefix: "/p", Getwd: func() (string, error) { return "/", nil }}}, false},
		{"/t/data.txt", Options{StripDir: &strip}, false},
		{"/t/data.txt", Options{PrependDir: &strip}, false},
		{"/t/data.txt", Options{LimitSlDest: "/t"}, false},
		{"/t/data.txt", Options{HardlinkDupes: true}, false},
	} {
		d := &driver{o: &c.o, levels: []int{0}}
		if got := d.inert(c.name); got != c.want {
			t.Errorf("inert(%q) with %+v = %v, want %v", c.name, c.o, got, c.want)
		}
	}

	// With no option in the way, a data file is inert exactly when its
	// cache path can be made.
	for _, wd := range []string{"/", "/w", ""} {
		wd := wd
		getwd := func() (string, error) {
			if wd == "" {
				return "", os.ErrNotExist
			}
			return wd, nil
		}
		for _, name := range []string{"a.txt", "/a.txt", "/t/a.txt", "t/a.txt", "./a", "//a.txt"} {
			o := Options{Paths: Paths{Prefix: "/p", Getwd: getwd}, Levels: []int{0, 1}}
			_, err := o.Paths.FromSource(name, "")
			if got := (&driver{o: &o, levels: o.Levels}).inert(name); got != (err == nil) {
				t.Errorf("inert(%q) in %q = %v; FromSource's error: %v", name, wd, got, err)
			}
		}
	}

	// A walk over data files: the compile items are the .py files alone,
	// and the output is as before.
	dir := t.TempDir()
	for _, n := range []string{"a.txt", "b.py", "c.dat", "d.py", "e.bin"} {
		os.WriteFile(filepath.Join(dir, n), []byte("ok\n"), 0o644)
	}
	o := &Options{MaxLevels: 10, Force: true, Workers: 2, Compile: fakeCompile,
		Stdout: new(bytes.Buffer), Stderr: new(bytes.Buffer), Getenv: func(string) string { return "" },
		Paths: Paths{Prefix: filepath.Join(t.TempDir(), "pfx")}}
	d := newDriver(o, true)
	go d.walk([]string{dir})
	<-d.printed
	d.pf.finish()
	d.stdout.Flush()
	if d.seq != 2 || !d.ok || d.err != nil {
		t.Errorf("walk made %d compile items (ok %v, err %v), want the 2 .py files", d.seq, d.ok, d.err)
	}
	want := "Listing " + Repr(dir) + "...\nCompiling " + Repr(filepath.Join(dir, "b.py")) + "...\nCompiling " + Repr(filepath.Join(dir, "d.py")) + "...\n"
	if out := o.Stdout.(*bytes.Buffer).String(); out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	var written []string
	filepath.Walk(o.Paths.Prefix, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			written = append(written, filepath.Base(p))
		}
		return nil
	})
	if strings.Join(written, " ") != "b.cpython-38.pyc d.cpython-38.pyc" {
		t.Errorf("written: %q", written)
	}
}
