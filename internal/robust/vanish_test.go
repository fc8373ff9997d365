//go:build linux

package robust

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestVanishingSources deletes sources while "gopyc -j0" compiles them.
// Each file then either compiled (a whole cache file) or was skipped or
// failed with compileall's FileNotFoundError line; nothing else may be
// printed, no torn or temporary file may remain, every source that was
// never deleted must have its cache file, and the exit status must be
// non-zero exactly when an error line was printed.
func TestVanishingSources(t *testing.T) {
	bin := gopycBinary(t)
	rounds := 3
	if soak() {
		rounds = 20
	}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	for r := 0; r < rounds; r++ {
		root := t.TempDir()
		var files []string
		body := strings.Repeat("def f(a, b):\n    return [x * a for x in b if x]\n", 40)
		for d := 0; d < 30; d++ {
			for i := 0; i < 50; i++ {
				p := filepath.Join(root, fmt.Sprintf("d%02d", d), fmt.Sprintf("m%02d.py", i))
				write(t, p, body)
				files = append(files, p)
			}
		}
		deleted := map[string]bool{}
		for _, i := range rng.Perm(len(files))[:len(files)*2/5] {
			deleted[files[i]] = true
		}
		var so, se bytes.Buffer
		cmd := exec.Command(bin, "-j0", root)
		cmd.Stdout, cmd.Stderr = &so, &se
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(rng.Intn(200)) * time.Millisecond)
			for p := range deleted {
				os.Remove(p)
				time.Sleep(200 * time.Microsecond)
			}
		}()
		err := cmd.Wait()
		wg.Wait()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		errLines := 0
		for _, l := range strings.Split(so.String(), "\n") {
			if strings.HasPrefix(l, "***") {
				errLines++
				if !strings.HasPrefix(l, "*** FileNotFoundError: [Errno 2] No such file or directory: '") {
					t.Errorf("unexpected error line: %s", shorten(l))
				}
			}
		}
		if se.Len() > 0 {
			t.Errorf("stderr: %s", tail(se.String(), 5))
		}
		if (code != 0) != (errLines > 0) {
			t.Errorf("exit status %d with %d error lines", code, errLines)
		}
		valid := treeCheck(t, root)
		compiledDeleted := 0
		for _, p := range files {
			has := valid[cachePath(p)]
			if !deleted[p] && !has {
				t.Errorf("%s was never deleted but has no cache file", p)
			}
			if deleted[p] && has {
				compiledDeleted++
			}
		}
		t.Logf("round %d: %d sources, %d deleted during the run (%d of them compiled first, %d FileNotFoundError lines), exit %d",
			r+1, len(files), len(deleted), compiledDeleted, errLines, code)
	}
}
