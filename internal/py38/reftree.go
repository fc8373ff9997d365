package py38

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// doneStamp is written last into a finished reference tree.
const doneStamp = ".gopyc-done"

// ReferenceTree has CPython 3.8 compile every .py file under srcDir, as
//
//	PYTHONHASHSEED=0 PYTHONPYCACHEPREFIX=P python3.8 -S [-O|-OO] \
//	    -m compileall -q -f [--invalidation-mode MODE] SRCDIR
//
// (the reference context of the byte-identity goals) and returns the prefix P. opt is 0, 1 or 2 (-O, -OO); mode is "" for
// compileall's default or one of timestamp, checked-hash, unchecked-hash.
// Use ReferencePyc to find the .pyc CPython wrote for a given source file;
// a source CPython rejects simply has none.
//
// P is a directory under os.TempDir() keyed by the interpreter, the
// absolute srcDir, opt, mode and the name, size and modification time of
// every .py file under srcDir (so a test program added or edited gets a
// new tree). It is built once and reused by later test processes: a tree
// is built in a private directory, stamped, and renamed into place, so
// concurrent creators are harmless (the loser discards its copy). Delete
// the directory (its path is logged) to force a rebuild.
//
// It skips t loudly when CPython 3.8 is absent and fails t if compileall
// cannot run.
func ReferenceTree(t testing.TB, srcDir string, opt int, mode string) string {
	t.Helper()
	py := Require(t)
	abs, err := filepath.Abs(srcDir)
	if err != nil {
		t.Fatalf("ReferenceTree: %v", err)
	}
	if opt < 0 || opt > 2 {
		t.Fatalf("ReferenceTree: optimization level %d, want 0, 1 or 2", opt)
	}
	switch mode {
	case "", "timestamp", "checked-hash", "unchecked-hash":
	default:
		t.Fatalf("ReferenceTree: unknown invalidation mode %q", mode)
	}
	h := sha256.New()
	h.Write([]byte("serial\x00" + py + "\x00" + abs + "\x00" + strconv.Itoa(opt) + "\x00" + mode))
	filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".py") {
			if fi, err := d.Info(); err == nil {
				fmt.Fprintf(h, "\x00%s\x00%d\x00%d", p, fi.Size(), fi.ModTime().UnixNano())
			}
		}
		return nil
	})
	sum := h.Sum(nil)
	root := filepath.Join(os.TempDir(), "gopyc-py38-reftree")
	final := filepath.Join(root, hex.EncodeToString(sum[:8]))
	if _, err := os.Stat(filepath.Join(final, doneStamp)); err == nil {
		return final
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatalf("ReferenceTree: %v", err)
	}
	tmp, err := os.MkdirTemp(root, "building-")
	if err != nil {
		t.Fatalf("ReferenceTree: %v", err)
	}
	defer os.RemoveAll(tmp) // no-op once renamed
	args := []string{"-S"}
	if opt == 1 {
		args = append(args, "-O")
	} else if opt == 2 {
		args = append(args, "-OO")
	}
	// No -j: worker processes import more modules, so they hold more
	// interned strings and write different FLAG_REF bits than the
	// reference context.
	args = append(args, "-m", "compileall", "-q", "-f")
	if mode != "" {
		args = append(args, "--invalidation-mode", mode)
	}
	args = append(args, abs)
	cmd := exec.Command(py, args...)
	cmd.Env = append(cleanEnv(), "PYTHONHASHSEED=0", "PYTHONPYCACHEPREFIX="+tmp)
	t.Logf("ReferenceTree: building %s for %s (opt %d, mode %q)", final, abs, opt, mode)
	out, err := cmd.CombinedOutput()
	// compileall exits 1 when some file fails to compile; that is part of
	// the reference, not a failure to produce it.
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		t.Fatalf("ReferenceTree: %s %s: %v\n%s", py, strings.Join(args, " "), err, out)
	}
	if err := os.WriteFile(filepath.Join(tmp, doneStamp), nil, 0o644); err != nil {
		t.Fatalf("ReferenceTree: %v", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		// Someone else finished first (the target exists and is not
		// empty); use theirs if it is complete.
		if _, serr := os.Stat(filepath.Join(final, doneStamp)); serr != nil {
			t.Fatalf("ReferenceTree: %v", err)
		}
	}
	return final
}

// cleanEnv drops variables that would change what CPython writes.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "PYTHONHASHSEED", "PYTHONPYCACHEPREFIX", "PYTHONDONTWRITEBYTECODE",
			"PYTHONOPTIMIZE", "PYTHONSTARTUP", "PYTHONPATH", "SOURCE_DATE_EPOCH", "PYTHONWARNINGS":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// ReferencePyc returns where, under a prefix from ReferenceTree, CPython
// wrote the .pyc for source file src at optimization level opt (the rule
// of importlib's cache_from_source with sys.pycache_prefix set).
func ReferencePyc(prefix, src string, opt int) string {
	abs, err := filepath.Abs(src)
	if err != nil {
		abs = src
	}
	dir, base := filepath.Split(abs)
	base = strings.TrimSuffix(base, ".py")
	tag := ".cpython-38"
	if opt > 0 {
		tag += ".opt-" + strconv.Itoa(opt)
	}
	return filepath.Join(prefix, strings.TrimPrefix(dir, string(filepath.Separator)), base+tag+".pyc")
}
