//go:build linux

package robust

import (
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gopyc/gopyc/internal/py38"
)

// soak reports whether the long variants were asked for.
func soak() bool { return os.Getenv("ROBUST_SOAK") != "" }

// copyStdlib copies the .py files of the standard library (or of the
// named top-level entries of it) into a fresh directory.
func copyStdlib(t *testing.T, only []string) string {
	t.Helper()
	py38.Require(t)
	lib := py38.Stdlib()
	dst := t.TempDir()
	n := 0
	for _, src := range py38.StdlibFiles(t) {
		rel, _ := filepath.Rel(lib, src)
		if len(only) > 0 {
			top := strings.SplitN(rel, "/", 2)[0]
			keep := false
			for _, o := range only {
				keep = keep || top == o
			}
			if !keep {
				continue
			}
		}
		data, err := os.ReadFile(src)
		if err != nil {
			continue
		}
		p := filepath.Join(dst, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Stat(src)
		os.Chtimes(p, fi.ModTime(), fi.ModTime())
		n++
	}
	t.Logf("copied %d standard library files", n)
	return dst
}

// pyValidate loads every cache file under root with CPython 3.8 as
// importlib would (header classification, timestamp validation against
// the source, marshal.loads) and returns the problems and the count.
func pyValidate(t *testing.T, root string) (bad []string, n int) {
	t.Helper()
	const prog = `import sys, os, marshal
from importlib import _bootstrap_external as be
import importlib.util
bad = 0; n = 0
for d, dirs, files in os.walk(sys.argv[1]):
    if os.path.basename(d) != "__pycache__":
        continue
    for f in files:
        p = os.path.join(d, f)
        if not f.endswith(".pyc"):
            print("bad", repr(p), "leftover file"); continue
        n += 1
        try:
            data = open(p, "rb").read()
            flags = be._classify_pyc(data, p, {})
            # Not source_from_cache: it refuses names like __phello__.foo.
            src = os.path.join(os.path.dirname(d), f[:f.index(".cpython-38")] + ".py")
            if flags & 1 == 0:
                st = os.stat(src)
                be._validate_timestamp_pyc(data, int(st.st_mtime), st.st_size, p, {})
            code = marshal.loads(memoryview(data)[16:])
            assert type(code).__name__ == "code", type(code)
        except Exception as e:
            print("bad", repr(p), type(e).__name__, e)
print("checked", n)
`
	out, err := exec.Command(py38.Path(), "-S", "-c", prog, root).CombinedOutput()
	if err != nil {
		t.Fatalf("validator: %v\n%s", err, out)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.HasPrefix(l, "checked ") {
			n, _ = strconv.Atoi(strings.TrimPrefix(l, "checked "))
		} else if l != "" {
			bad = append(bad, shorten(l))
		}
	}
	return bad, n
}

// leftovers lists temporary files (NAME.pyc.DIGITS) under root.
func leftovers(root string) []string {
	var out []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(d.Name(), ".pyc.") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// TestKillMidRun SIGKILLs "gopyc -j0" at random moments while it compiles
// a copy of the standard library; after each kill every cache file present
// must be whole and valid for CPython, and a final run must complete the
// tree. Temporary files a killed process leaves are counted (no process can
// remove its own after SIGKILL; CPython's compileall leaves them too).
func TestKillMidRun(t *testing.T) {
	bin := gopycBinary(t)
	root := copyStdlib(t, nil)
	kills := 4
	if soak() {
		kills = 40
	}
	if n, err := strconv.Atoi(os.Getenv("ROBUST_KILLS")); err == nil && n > 0 {
		kills = n
	}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	for i := 0; i < kills; i++ {
		cmd := exec.Command(bin, "-q", "-j0", root)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(50+rng.Intn(3000)) * time.Millisecond
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		bad := treeCheckQuiet(root)
		t.Logf("kill %d after %v: %d cache files whole, %d torn, %d temporary files left", i+1, delay, bad.whole, len(bad.torn), len(leftovers(root)))
		for _, b := range bad.torn {
			t.Errorf("torn cache file after SIGKILL: %s", b)
		}
	}
	// The rerun completes the tree; its status is a clean run's (the
	// standard library holds files CPython rejects too).
	got := run(t, root, exec.Command(bin, "-q", "-j0", root))
	if strings.Contains(got.stderr, "panic") {
		t.Fatalf("rerun crashed: %s", tail(got.stderr, 10))
	}
	bad, n := pyValidate(t, root)
	for _, b := range bad {
		if !strings.Contains(b, "leftover file") {
			t.Errorf("CPython rejects: %s", b)
		}
	}
	missing := 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".py") && !d.IsDir() {
			if _, err := os.Stat(cachePath(p)); err != nil {
				missing++
			}
		}
		return nil
	})
	t.Logf("after %d kills and a rerun (exit %d): CPython validated %d cache files; %d sources without one (CPython rejects 17 stdlib files); %d temporary files left by the kills",
		kills, got.code, n, missing, len(leftovers(root)))
	if missing > 17 {
		t.Errorf("%d sources have no cache file after the rerun", missing)
	}
}

type treeState struct {
	whole int
	torn  []string
}

// treeCheckQuiet is treeCheck without failing on temporary files.
func treeCheckQuiet(root string) treeState {
	var s treeState
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(d.Name(), ".pyc") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		if msg := checkPyc(data); msg != "" {
			s.torn = append(s.torn, p+": "+msg)
		} else {
			s.whole++
		}
		return nil
	})
	return s
}

// TestConcurrentWriters runs two gopyc processes and CPython's compileall
// over the same tree at the same time, all forcing rewrites; afterwards
// every cache file must be whole and valid for CPython and no temporary
// file may remain.
func TestConcurrentWriters(t *testing.T) {
	bin := gopycBinary(t)
	only := []string{"json", "email", "http", "asyncio", "xml", "collections", "importlib"}
	if soak() {
		only = nil
	}
	root := copyStdlib(t, only)
	rounds := 2
	if soak() {
		rounds = 5
	}
	for r := 0; r < rounds; r++ {
		cmds := []*exec.Cmd{
			exec.Command(bin, "-q", "-f", "-j0", root),
			exec.Command(bin, "-q", "-f", "-j2", root),
			exec.Command(py38.Path(), "-m", "compileall", "-q", "-f", root),
		}
		for _, c := range cmds {
			c.Stdout, c.Stderr = io.Discard, io.Discard
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range cmds {
			err := c.Wait()
			if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() != 0 && ee.ExitCode() != 1 {
				t.Errorf("%v: %v", c.Args[:2], err)
			}
		}
		bad, n := pyValidate(t, root)
		for _, b := range bad {
			t.Errorf("round %d: %s", r+1, b)
		}
		if l := leftovers(root); len(l) > 0 {
			t.Errorf("round %d: %d temporary files left, e.g. %s", r+1, len(l), l[0])
		}
		t.Logf("round %d: 3 concurrent writers; CPython validated %d cache files, %d problems", r+1, n, len(bad))
	}
}
