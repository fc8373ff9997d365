//go:build linux

package robust

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// A fault is one filesystem failure set up in a small tree "t": what the
// tree holds, how to break it, and what must follow.
type fault struct {
	name  string
	build func(t *testing.T, root string) // root is the tree "t"
	args  []string
	mount string // "": plain directory; "ro": read-only tmpfs; "full": nearly full tmpfs
	// nobody runs the compiler as uid 65534 so that permission bits bite
	// (the tests run as root); CPython cannot run as nobody here, so the
	// expected lines are given in want instead.
	nobody bool
	want   []string // lines gopyc must print (after normalize)
	// broken are the sources (relative to the parent of t) that must end
	// with no cache file; every other .py must have a whole one.
	broken []string
	// ok is the exit status compileall gives (true: 0).
	ok bool
	// cpythonArgs are extra arguments for CPython's run, for faults where
	// compileall itself would misbehave without them.
	cpythonArgs []string
	noCPython   bool
	wantNot     []string // strings gopyc must not print
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// baseTree is the healthy part of every fault's tree: the rest that must
// still compile.
func baseTree(t *testing.T, root string) {
	write(t, root+"/a.py", "x = 1\n")
	write(t, root+"/pkg/__init__.py", "")
	write(t, root+"/pkg/m.py", "def f(a):\n    return a + 1\n")
	write(t, root+"/z.py", "z = [i for i in range(3)]\n")
}

var faults = []fault{
	{
		// Not a filesystem fault: sources CPython rejects with exceptions
		// other than SyntaxError must be per-file errors printed as
		// compileall prints them, the rest of the tree compiling.
		name: "bad_sources_end_to_end",
		build: func(t *testing.T, root string) {
			baseTree(t, root)
			write(t, root+"/deep_parens.py", strings.Repeat("(", 1000)+"1"+strings.Repeat(")", 1000)+"\n")
			write(t, root+"/deep_add.py", "a"+strings.Repeat("+a", 100000)+"\n")
			write(t, root+"/nul.py", "x = 1\n\x00\n")
			write(t, root+"/bad_utf8.py", "s = '\xff'\n")
			write(t, root+"/big_int.py", "x = "+strings.Repeat("9", 5000)+"\n")
			write(t, root+"/unknown_codec.py", "# coding: nosuch\n")
			write(t, root+"/tabs.py", "if x:\n\ty\n        z\n")
		},
		broken: []string{"t/deep_parens.py", "t/deep_add.py", "t/nul.py", "t/bad_utf8.py", "t/big_int.py", "t/unknown_codec.py", "t/tabs.py"},
	},
	{
		name: "target_is_directory",
		build: func(t *testing.T, root string) {
			baseTree(t, root)
			write(t, root+"/b.py", "b = 2\n")
			os.MkdirAll(root+"/__pycache__/b.cpython-38.pyc", 0o755)
		},
		broken: []string{"t/b.py"},
	},
	{
		name: "target_is_symlink",
		build: func(t *testing.T, root string) {
			baseTree(t, root)
			write(t, root+"/b.py", "b = 2\n")
			os.MkdirAll(root+"/__pycache__", 0o755)
			write(t, root+"/victim", "do not overwrite\n")
			os.Symlink("../victim", root+"/__pycache__/b.cpython-38.pyc")
		},
		broken: []string{"t/b.py"},
	},
	{
		name: "target_is_fifo",
		build: func(t *testing.T, root string) {
			baseTree(t, root)
			write(t, root+"/b.py", "b = 2\n")
			os.MkdirAll(root+"/__pycache__", 0o755)
			if err := syscall.Mkfifo(root+"/__pycache__/b.cpython-38.pyc", 0o644); err != nil {
				t.Skip("no FIFO:", err)
			}
		},
		broken: []string{"t/b.py"},
		// compileall's up-to-date check opens the FIFO and blocks forever;
		// gopyc does not, and then says what compileall -f says.
		cpythonArgs: []string{"-f"},
	},
	{
		name: "pycache_is_a_file",
		build: func(t *testing.T, root string) {
			baseTree(t, root)
			write(t, root+"/sub/b.py", "b = 2\n")
			write(t, root+"/sub/__pycache__", "not a directory\n")
		},
		broken: []string{"t/sub/b.py"},
	},
	{
		name: "source_is_fifo_and_dir",
		// compileall skips what is not a regular file; nothing is opened.
		build: func(t *testing.T, root string) {
			baseTree(t, root)
			os.MkdirAll(root+"/d.py", 0o755)
			syscall.Mkfifo(root+"/p.py", 0o644)
		},
		ok: true,
	},
	{
		name: "file_name_too_long",
		build: func(t *testing.T, root string) {
			baseTree(t, root)
			write(t, root+"/"+strings.Repeat("L", 250)+".py", "l = 1\n")
		},
		broken: []string{"t/" + strings.Repeat("L", 250) + ".py"},
	},
	{
		name: "non_utf8_names",
		build: func(t *testing.T, root string) {
			baseTree(t, root)
			write(t, root+"/n\xff\xfe.py", "n = 1\n")
			write(t, root+"/d\xe9/m\x80.py", "m = 1\n")
			write(t, root+"/bad\xff.py", "x = = 1\n")
		},
		broken: []string{"t/bad\xff.py"},
	},
	{
		name:  "path_longer_than_PATH_MAX",
		build: buildLongPath,
		args:  []string{"-r", "40"},
		// Paths beyond PATH_MAX cannot be stat'ed: compileall's isdir and
		// isfile say no, so it skips them silently and exits 0.
		broken: []string{longSource},
		ok:     true,
	},
	{
		name: "read_only_filesystem",
		build: func(t *testing.T, root string) {
			baseTree(t, root)
			os.MkdirAll(root+"/__pycache__", 0o755)
		},
		mount:  "ro",
		broken: []string{"t/a.py", "t/z.py", "t/pkg/__init__.py", "t/pkg/m.py"},
	},
	{
		name: "nearly_full_filesystem",
		build: func(t *testing.T, root string) {
			baseTree(t, root)
			// About 600 KB of marshalled constants: larger than the space left.
			var b strings.Builder
			b.WriteString("big = [")
			for i := 0; i < 60000; i++ {
				b.WriteString("'s")
				b.WriteString(strings.Repeat("x", i%7))
				b.WriteString("',")
			}
			b.WriteString("]\n")
			write(t, root+"/big.py", b.String())
		},
		mount:  "full",
		broken: []string{"t/big.py"},
		want:   []string{"*** OSError: [Errno 28] No space left on device: 't/__pycache__/big.cpython-38.pyc.N'"},
		// Not compared: CPython 3.8's _write_atomic ignores a short write,
		// so compileall renames a truncated big.cpython-38.pyc into place
		// and exits 0 (a torn file import then fails on); gopyc reports
		// the error and leaves no file.
		noCPython: true,
	},
	{
		name: "permission_denied",
		build: func(t *testing.T, root string) {
			baseTree(t, root)
			write(t, root+"/secret.py", "s = 1\n")
			write(t, root+"/rocache/r.py", "r = 1\n")
			write(t, root+"/rodir/q.py", "q = 1\n")
			write(t, root+"/noexec/n.py", "n = 1\n")
			os.MkdirAll(root+"/rocache/__pycache__", 0o755)
			chownTree(t, root)
			os.Chmod(root+"/secret.py", 0)
			os.Chmod(root+"/rocache/__pycache__", 0o555)
			os.Chmod(root+"/rodir", 0o555)
			os.Chmod(root+"/noexec", 0o444) // listable, not searchable: compileall skips n.py silently
		},
		nobody: true,
		want: []string{
			"*** PermissionError: [Errno 13] Permission denied: 't/secret.py'",
			"*** PermissionError: [Errno 13] Permission denied: 't/rocache/__pycache__/r.cpython-38.pyc.N'",
			"*** PermissionError: [Errno 13] Permission denied: 't/rodir/__pycache__'",
		},
		broken:  []string{"t/secret.py", "t/rocache/r.py", "t/rodir/q.py", "t/noexec/n.py"},
		wantNot: []string{"n.py"},
	},
}

// longSource is a source whose path fits in PATH_MAX but whose cache path
// does not.
var longSource = "t/" + strings.Repeat(strings.Repeat("D", 199)+"/", 20) + strings.Repeat("s", 3996-4002+100) + ".py"

// buildLongPath makes, with *at system calls (plain paths cannot reach
// them), a chain of directories deeper than PATH_MAX, with a source whose
// cache path is just too long and another beyond PATH_MAX.
func buildLongPath(t *testing.T, root string) {
	baseTree(t, root)
	rel := strings.TrimPrefix(longSource, "t/")
	dirs := strings.Split(rel, "/")
	file := dirs[len(dirs)-1]
	dirs = dirs[:len(dirs)-1]
	fd, err := syscall.Open(root, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(name string) {
		if err := syscall.Mkdirat(fd, name, 0o755); err != nil {
			t.Fatal(err)
		}
		nfd, err := syscall.Openat(fd, name, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
		if err != nil {
			t.Fatal(err)
		}
		syscall.Close(fd)
		fd = nfd
	}
	wr := func(name, data string) {
		f, err := syscall.Openat(fd, name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		syscall.Write(f, []byte(data))
		syscall.Close(f)
	}
	for _, d := range dirs {
		mk(d)
	}
	wr(file, "deep = 1\n")
	for i := 0; i < 3; i++ {
		mk(strings.Repeat("E", 200))
	}
	wr("deeper.py", "deeper = 1\n")
	syscall.Close(fd)
}

func chownTree(t *testing.T, root string) {
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil {
			os.Lchown(p, 65534, 65534)
		}
		return nil
	})
}

// mountTmpfs mounts a tmpfs of size bytes on dir, or skips the test.
func mountTmpfs(t *testing.T, dir string, size string) {
	if os.Geteuid() != 0 {
		t.Skip("SKIP (loud): not root; cannot mount a tmpfs for this fault")
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("SKIP (loud): cannot mount tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
}

// setUp makes a fresh parent directory with the fault's tree "t" in it,
// broken as the fault says, and returns the parent.
func (f *fault) setUp(t *testing.T) string {
	parent, err := os.MkdirTemp("", "robust-fault-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(parent, 0o755)
	t.Cleanup(func() {
		exec.Command("umount", "-l", parent).Run()
		exec.Command("chmod", "-R", "u+rwx", parent).Run()
		os.RemoveAll(parent)
	})
	if f.mount != "" {
		mountTmpfs(t, parent, "4m")
		os.Chmod(parent, 0o755)
	}
	f.build(t, filepath.Join(parent, "t"))
	switch f.mount {
	case "ro":
		if out, err := exec.Command("mount", "-o", "remount,ro", parent).CombinedOutput(); err != nil {
			t.Skipf("SKIP (loud): cannot remount read-only: %v %s", err, out)
		}
	case "full":
		fillFS(t, parent, 100<<10)
	}
	return parent
}

// fillFS leaves about free bytes of space on the filesystem of dir.
func fillFS(t *testing.T, dir string, free int64) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	avail := int64(st.Bavail) * int64(st.Bsize)
	if avail <= free {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, "filler"), make([]byte, avail-free), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFilesystemFaults runs the real binary over each broken tree and
// checks: the per-file errors (CPython's compileall's output where
// CPython can run the same case), the exit status, that every healthy
// source got a whole cache file, that no broken one got any, and that no
// temporary or torn file is left anywhere.
func TestFilesystemFaults(t *testing.T) {
	bin := gopycBinary(t)
	for i := range faults {
		f := &faults[i]
		t.Run(f.name, func(t *testing.T) {
			parent := f.setUp(t)
			cmd := exec.Command(bin, append(append([]string{}, f.args...), "t")...)
			if f.nobody {
				if os.Geteuid() != 0 {
					t.Skip("SKIP (loud): not root; cannot run as nobody")
				}
				cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
			}
			got := run(t, parent, cmd)
			if (got.code == 0) != f.ok {
				t.Errorf("exit status %d, want ok=%v; output ends:\n%s", got.code, f.ok, tail(got.stdout+got.stderr, 8))
			}
			if strings.Contains(got.stderr, "panic") || strings.Contains(got.stderr, "goroutine ") {
				t.Fatalf("crash:\n%s", got.stderr)
			}
			out := normalize(got.stdout)
			for _, w := range f.want {
				if !strings.Contains(out, w+"\n") {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range f.wantNot {
				if strings.Contains(out, w) {
					t.Errorf("output mentions %q:\n%s", w, tail(out, 10))
				}
			}
			f.checkTree(t, parent)
			if f.nobody || f.noCPython || py38.Path() == "" {
				if py38.Path() == "" {
					t.Log("SKIP (loud): CPython 3.8 not found; output not compared with compileall")
				}
				return
			}
			// The same fault under CPython's compileall, in a fresh copy.
			cparent := f.setUp(t)
			ccmd := exec.Command(py38.Path(), append(append(append([]string{"-m", "compileall"}, f.cpythonArgs...), f.args...), "t")...)
			want := run(t, cparent, ccmd)
			if d := firstDiff(out, normalize(want.stdout)); d != "" {
				t.Errorf("output differs from compileall's: %s", d)
			}
			if (want.code == 0) != (got.code == 0) {
				t.Errorf("exit status %d; compileall %d", got.code, want.code)
			}
		})
	}
}

// checkTree asserts the state of the tree after a run.
func (f *fault) checkTree(t *testing.T, parent string) {
	t.Helper()
	valid := treeCheck(t, parent)
	broken := map[string]bool{}
	for _, b := range f.broken {
		broken[b] = true
	}
	// Sources reachable with plain paths; the long-path fault's sources
	// are checked through the broken list (they must have no cache file).
	filepath.WalkDir(filepath.Join(parent, "t"), func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || !strings.HasSuffix(p, ".py") {
			return nil
		}
		rel, _ := filepath.Rel(parent, p)
		has := valid[cachePath(p)]
		if broken[rel] && has {
			t.Errorf("%s: a cache file exists for a source that must fail", rel)
		}
		if !broken[rel] && !has {
			t.Errorf("%s: no whole cache file", rel)
		}
		return nil
	})
	if _, err := os.Lstat(filepath.Join(parent, "t/victim")); err == nil {
		if b, _ := os.ReadFile(filepath.Join(parent, "t/victim")); string(b) != "do not overwrite\n" {
			t.Errorf("the symlink's target was overwritten")
		}
	}
}

// firstDiff describes the first line where two outputs differ, shortened.
func firstDiff(a, b string) string {
	if a == b {
		return ""
	}
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n  gopyc:   " + shorten(x) + "\n  CPython: " + shorten(y)
		}
	}
	return "(line structure)"
}

func shorten(s string) string {
	if len(s) > 240 {
		return s[:100] + " ... " + s[len(s)-120:]
	}
	return s
}

// tail is the last n lines of s, each shortened.
func tail(s string, n int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	for i := range ls {
		ls[i] = shorten(ls[i])
	}
	return strings.Join(ls, "\n")
}
