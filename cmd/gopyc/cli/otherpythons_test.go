//go:build unix

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// otherStdlibs returns the standard-library directories of the other
// Python versions installed beside the reference (pyenv's versions), or
// those GOPYC_OTHER_STDLIBS lists (colon-separated). Their sources were
// written for other grammars: Python 2's fail in CPython 3.8 by the
// hundred, 3.10+'s where they use newer syntax, and all of them use names
// the 3.8 standard library does not, so they test error reports and the
// model of the strings the compiling process holds on code gopyc's
// goldens were not made from.
func otherStdlibs(t *testing.T) []string {
	if env := os.Getenv("GOPYC_OTHER_STDLIBS"); env != "" && env != "all" {
		return filepath.SplitList(env)
	}
	root := os.Getenv("PYENV_ROOT")
	if root == "" {
		out, err := exec.Command("pyenv", "root").Output()
		if err != nil {
			return nil
		}
		root = strings.TrimSpace(string(out))
	}
	dirs, _ := filepath.Glob(filepath.Join(root, "versions", "*", "lib", "python[23].*"))
	var found []string
	for _, d := range dirs {
		if filepath.Base(d) == "python3.8" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "os.py")); err == nil {
			found = append(found, d)
		}
	}
	// In version order: 3.9 before 3.13.
	sort.Slice(found, func(i, j int) bool { return versionLess(filepath.Base(found[i]), filepath.Base(found[j])) })
	return found
}

// versionLess orders "python3.9" before "python3.13".
func versionLess(a, b string) bool {
	pa, pb := strings.Split(strings.TrimPrefix(a, "python"), "."), strings.Split(strings.TrimPrefix(b, "python"), ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, _ := strconv.Atoi(pa[i])
		nb, _ := strconv.Atoi(pb[i])
		if na != nb {
			return na < nb
		}
	}
	return len(pa) < len(pb)
}

// TestOtherPythonsAgainstCPython compiles other Python versions' standard
// libraries, read where they are installed, with compileall and with
// gopyc, and wants the same .pyc trees and the same output. By default it
// takes the oldest and the newest version found (GOPYC_OTHER_STDLIBS=all
// takes every one; -short the oldest only).
func TestOtherPythonsAgainstCPython(t *testing.T) {
	python := py38.Require(t)
	dirs := otherStdlibs(t)
	if len(dirs) == 0 {
		t.Skip("SKIP (loud): no other Python's standard library found (pyenv root, GOPYC_OTHER_STDLIBS)")
	}
	if os.Getenv("GOPYC_OTHER_STDLIBS") == "" && len(dirs) > 2 {
		dirs = []string{dirs[0], dirs[len(dirs)-1]}
	}
	if testing.Short() {
		dirs = dirs[:1]
	}
	base := t.TempDir()
	gopyc := py38.BuildGopyc(t, base)
	for i, dir := range dirs {
		compiled, rejected := py38.SideBySide(t, python, gopyc, base, fmt.Sprint("python", i), dir)
		t.Logf("%s: CPython 3.8 compiled %d files and rejected %d", dir, compiled, rejected)
	}
}
