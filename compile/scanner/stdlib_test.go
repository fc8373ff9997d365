package scanner_test

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/scanner"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/compile/token"
	"github.com/gopyc/gopyc/internal/py38"
)

// TestStdlibTokens compares the token stream (kind, line, column, text) for
// every file of the installed CPython 3.8 standard library with the
// terminals of the concrete syntax tree CPython's own parser builds
// (testdata/scanner/tokens.py). Files CPython rejects are checked against
// the scanner's error when the error is the tokenizer's.
func TestStdlibTokens(t *testing.T) {
	py := py38.Require(t)
	files := py38.StdlibFiles(t)
	// The reference side costs about a minute of CPU; on the shared
	// machine the default run takes every other file (GOPYC_STDLIB_FULL=1
	// for all, -short for every tenth).
	stride := 2
	if os.Getenv("GOPYC_STDLIB_FULL") != "" {
		stride = 1
	} else if testing.Short() {
		stride = 10
	}
	var picked []string
	for i := 0; i < len(files); i += stride {
		picked = append(picked, files[i])
	}
	files = picked
	cmd := exec.Command(py, "-S", "../../testdata/scanner/tokens.py")
	cmd.Stdin = strings.NewReader(strings.Join(files, "\n") + "\n")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	r := bufio.NewReaderSize(out, 1<<20)
	line, _ := r.ReadString('\n')
	equal, rejected, failed := 0, 0, 0
	for strings.HasPrefix(line, "F ") {
		path := strings.TrimSuffix(line[2:], "\n")
		var want []string
		for {
			line, err = r.ReadString('\n')
			if err != nil || strings.HasPrefix(line, "F ") {
				break
			}
			want = append(want, strings.TrimSuffix(line, "\n"))
		}
		if len(want) > 0 && strings.HasPrefix(want[0], "E ") {
			rejected++
			if msg := checkRejected(path, want[0][2:]); msg != "" {
				failed++
				t.Errorf("%s: %s", path, msg)
			}
			continue
		}
		got, gerr := dumpTokens(path)
		if gerr != "" {
			failed++
			t.Errorf("%s: scanner error %s", path, gerr)
			continue
		}
		if d := firstDiff(got, want); d != "" {
			failed++
			t.Errorf("%s: %s", path, d)
			continue
		}
		equal++
	}
	t.Logf("stdlib tokens: %d files equal, %d rejected by CPython, %d failing", equal, rejected, failed)
}

// dumpTokens renders path's tokens in tokens.py's format.
func dumpTokens(path string) ([]string, string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err.Error()
	}
	// tokens.py reads the text through decode_source, whose universal
	// newlines leave no "\r\n" for compile()'s end-of-file quirk to see.
	raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
	raw = bytes.ReplaceAll(raw, []byte("\r"), []byte("\n"))
	f, derr := source.Decode(raw, path)
	if derr != nil {
		return nil, derr.Error()
	}
	var s scanner.Scanner
	s.Init(f)
	var lines []string
	h := sha1.New()
	for {
		k, a, b := s.Scan()
		if k == token.ERRORTOKEN {
			return nil, s.Err().Error()
		}
		lines = append(lines, fmt.Sprintf("%d %d %d", k, a.Line, a.Col))
		h.Write([]byte(s.Text(a, b)))
		h.Write([]byte{0})
		if k == token.ENDMARKER {
			break
		}
	}
	lines = append(lines, "H "+hex.EncodeToString(h.Sum(nil)))
	return lines, ""
}

func firstDiff(got, want []string) string {
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i] != want[i] {
			return fmt.Sprintf("token %d: got %q, want %q", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("got %d lines, want %d", len(got), len(want))
	}
	return ""
}

// checkRejected scans a file CPython rejects. When the scanner fails too,
// its error must be CPython's; when it does not, the error is the parser's
// to find.
func checkRejected(path, e string) string {
	parts := strings.Split(e, "\t")
	if len(parts) != 5 {
		return "bad record " + e
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	f, derr := source.Decode(raw, path)
	if derr == nil {
		var s scanner.Scanner
		s.Init(f)
		for {
			k, _, _ := s.Scan()
			if k == token.ERRORTOKEN {
				derr = s.Err()
				break
			}
			if k == token.ENDMARKER {
				return ""
			}
		}
	}
	got := fmt.Sprintf("%s\t%s\t%d\t%d", derr.Class, derr.Msg, derr.Lineno, derr.Offset)
	want := strings.Join(parts[:4], "\t")
	if derr.Lineno == 0 && parts[2] == "0" {
		want = strings.Join(parts[:2], "\t") + "\t0\t0"
	}
	if got != want {
		return fmt.Sprintf("error %q, want %q", got, want)
	}
	if derr.HasText && strconv.Quote(derr.Text) != pyReprToGo(parts[4]) {
		return fmt.Sprintf("error text %q, want %s", derr.Text, parts[4])
	}
	return ""
}

// pyReprToGo turns the repr of a simple Python str into Go quoting for
// comparison; good enough for source lines.
func pyReprToGo(r string) string {
	if len(r) >= 2 && r[0] == '\'' {
		s := r[1 : len(r)-1]
		s = strings.ReplaceAll(s, `"`, `\"`)
		s = strings.ReplaceAll(s, `\'`, `'`)
		return `"` + s + `"`
	}
	return r
}
