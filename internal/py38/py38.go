// Package py38 finds the reference CPython 3.8 interpreter for differential
// tests and golden generation. GOPYC_PYTHON38 overrides the lookup; otherwise
// pyenv's 3.8.18 is used.
package py38

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	once   sync.Once
	exe    string
	stdlib string
)

func find() {
	p := os.Getenv("GOPYC_PYTHON38")
	if p == "" {
		out, err := exec.Command("pyenv", "prefix", "3.8.18").Output()
		if err == nil {
			p = filepath.Join(strings.TrimSpace(string(out)), "bin", "python3.8")
		}
	}
	if p == "" {
		return
	}
	out, err := exec.Command(p, "-S", "-c", "import os,sys; assert sys.version_info[:2]==(3,8); print(os.path.dirname(os.__file__))").Output()
	if err != nil {
		return
	}
	exe, stdlib = p, strings.TrimSpace(string(out))
}

// Path returns the interpreter's path, or "" when there is none.
func Path() string { once.Do(find); return exe }

// Stdlib returns the directory of CPython 3.8's standard library, or "".
func Stdlib() string { once.Do(find); return stdlib }

// Require skips t loudly when CPython 3.8 is absent.
func Require(t testing.TB) string {
	t.Helper()
	if Path() == "" {
		t.Skip("SKIP (loud): CPython 3.8 not found (set GOPYC_PYTHON38 or install pyenv 3.8.18); differential test not run")
	}
	return exe
}

// StdlibFiles lists every .py file under the 3.8 standard library, sorted,
// the way compileall walks it (site-packages included if present).
func StdlibFiles(t testing.TB) []string {
	t.Helper()
	Require(t)
	var files []string
	filepath.WalkDir(stdlib, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && d.Name() == "__pycache__" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".py") {
			files = append(files, path)
		}
		return nil
	})
	return files
}
