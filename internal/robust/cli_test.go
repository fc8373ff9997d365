//go:build linux

package robust

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gopyc/gopyc/marshal"
	"github.com/gopyc/gopyc/pyc"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// gopycBinary builds the real command once per test process into a
// directory every user can read (the permission faults run it as nobody),
// unless ROBUST_GOPYC_BIN names one to test.
func gopycBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		if p := os.Getenv("ROBUST_GOPYC_BIN"); p != "" {
			binPath = p // a prebuilt binary, e.g. of another revision
			return
		}
		dir, err := os.MkdirTemp("", "robust-bin")
		if err != nil {
			binErr = err
			return
		}
		atExit(func() { os.RemoveAll(dir) })
		os.Chmod(dir, 0o755)
		binPath = filepath.Join(dir, "gopyc")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/gopyc/gopyc/cmd/gopyc").CombinedOutput()
		if err != nil {
			binErr = errorString("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// runTimeLimit bounds one run of a compiler over a small tree.
const runTimeLimit = 2 * time.Minute

type errorString string

func (e errorString) Error() string { return string(e) }

// runResult is what one run of a compiler printed and returned.
type runResult struct {
	stdout, stderr string
	code           int
}

func run(t testing.TB, dir string, cmd *exec.Cmd) runResult {
	t.Helper()
	var so, se bytes.Buffer
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, &so, &se
	if err := cmd.Start(); err != nil {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	// A hang is a failure, reported as such rather than as a test timeout.
	timer := time.AfterFunc(runTimeLimit, func() { cmd.Process.Kill() })
	err := cmd.Wait()
	if !timer.Stop() {
		t.Fatalf("%v did not finish within %v (killed)", cmd.Args, runTimeLimit)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	return runResult{so.String(), se.String(), code}
}

// tempSuffix matches the unique suffix of a temporary cache file name in
// messages, which differs between runs and implementations (CPython uses
// id(path), gopyc the pid and a counter).
var tempSuffix = regexp.MustCompile(`\.pyc\.[0-9]+'`)

func normalize(s string) string { return tempSuffix.ReplaceAllString(s, ".pyc.N'") }

// treeCheck walks root and reports (as test errors) every file that is a
// leftover temporary file or a .pyc that is not whole: header, marshalled
// code object, and for timestamp files the size of the source it names.
// It returns the set of valid cache files found.
func treeCheck(t testing.TB, root string) map[string]bool {
	t.Helper()
	valid := map[string]bool{}
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		name := d.Name()
		if tempSuffix.MatchString(name+"'") || strings.Contains(name, ".pyc.") {
			t.Errorf("temporary file left behind: %s", path)
			return nil
		}
		if !strings.HasSuffix(name, ".pyc") || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("unreadable cache file %s: %v", path, err)
			return nil
		}
		if msg := checkPyc(data); msg != "" {
			t.Errorf("torn or corrupt cache file %s: %s", path, msg)
			return nil
		}
		valid[path] = true
		return nil
	})
	return valid
}

// checkPyc validates a cache file the way importlib would before using it.
func checkPyc(data []byte) string {
	if _, err := pyc.ParseHeader(data); err != nil {
		return err.Error()
	}
	obj, n, err := marshal.LoadsPrefix(data[pyc.HeaderSize:])
	if err != nil {
		return "marshal: " + err.Error()
	}
	if _, ok := obj.(*marshal.Code); !ok {
		return "not a code object"
	}
	if n != len(data)-pyc.HeaderSize {
		return "trailing bytes after the code object"
	}
	return ""
}

// cachePath is the PEP 3147 cache file of a source at -O0.
func cachePath(src string) string {
	dir, base := filepath.Split(src)
	return filepath.Join(dir, "__pycache__", strings.TrimSuffix(base, ".py")+".cpython-38.pyc")
}
