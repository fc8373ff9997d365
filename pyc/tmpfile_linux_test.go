package pyc

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// noTmpfileForTest turns the unnamed-file write off (true) or on and
// returns the previous setting.
func noTmpfileForTest(off bool) bool { return noTmpfile.Swap(off) }

// TestUnnamedWriteDirectoryReplaced writes into a cache directory whose
// descriptor is kept, then into a directory made again at the same path
// after the first was removed: the file must land at its path (or the
// write report failure, for the portable way to make), and the unnamed
// write must stay on for later files.
func TestUnnamedWriteDirectoryReplaced(t *testing.T) {
	if noTmpfile.Load() {
		t.Skip("no O_TMPFILE here")
	}
	dir := filepath.Join(t.TempDir(), "cache") + "/"
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data := []byte("pyc bytes")
	if !writeUnnamed(dir, dir+"a.pyc", data, 0o644) {
		t.Skip("unnamed write refused here")
	}
	if got, err := os.ReadFile(dir + "a.pyc"); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("a.pyc: %q, %v", got, err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"b.pyc", "c.pyc"} {
		if writeUnnamed(dir, dir+name, data, 0o644) {
			if got, err := os.ReadFile(dir + name); err != nil || !bytes.Equal(got, data) {
				t.Fatalf("%s reported written: %q, %v", name, got, err)
			}
		}
	}
	if _, err := os.Stat(dir + "c.pyc"); err != nil {
		t.Errorf("the second file after the directory was made again was not written unnamed: %v", err)
	}
	if noTmpfile.Load() {
		t.Error("a removed directory turned unnamed writes off")
	}
}
