//go:build linux

package robust

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gopyc/gopyc/compile"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/marshal"
)

// badCase is one entry of testdata/badsrc/cases.json (see gen.py there).
type badCase struct {
	Name       string  `json:"name"`
	Parts      [][]any `json:"parts"`
	Class      *string `json:"class"`
	Msg        string  `json:"msg"` // hex of UTF-8
	Lineno     int     `json:"lineno"`
	Offset     int     `json:"offset"`
	Text       *string `json:"text"` // hex; nil for None (or when text_sha256 is set)
	TextLen    int     `json:"text_len"`
	TextSHA    string  `json:"text_sha256"`
	MarshalLen int     `json:"marshal_len"`
	MarshalSHA string  `json:"marshal_sha256"`
	Marshal    string  `json:"marshal"` // hex, when at most 16 KiB
}

func loadBadCases(t *testing.T) []badCase {
	data, err := os.ReadFile("../../testdata/badsrc/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cs []badCase
	if err := json.Unmarshal(data, &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

// Limits a single compilation must stay within. They are generous (the
// machine is shared) and exist to catch hangs and runaway allocation, not
// to measure speed.
const (
	caseTimeLimit = 90 * time.Second
	allocBase     = 512 << 20 // bytes allocated in total, plus allocPerByte per input byte
	allocPerByte  = 80
)

type outcome struct {
	code  *marshal.Code
	err   error
	panic any
	alloc uint64
	took  time.Duration
}

// compileBounded compiles src in its own goroutine and reports what came
// back, or ok=false when it did not finish within the limit.
func compileBounded(src []byte, filename string, limit time.Duration) (outcome, bool) {
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		defer func() {
			o.panic = recover()
			o.took = time.Since(start)
			runtime.ReadMemStats(&after)
			o.alloc = after.TotalAlloc - before.TotalAlloc
			done <- o
		}()
		o.code, _, o.err = compile.Compile(src, filename, compile.Options{})
	}()
	select {
	case o := <-done:
		return o, true
	case <-time.After(limit):
		return outcome{}, false
	}
}

func unhex(t *testing.T, s string) string {
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex in cases.json: %v", err)
	}
	return string(b)
}

// TestBadSource compiles every case of the table and checks CPython's
// verdict: the same exception (class, message, line, offset, text), or for
// accepted sources the same marshalled code object; and in every case no
// panic, a bounded time and bounded allocation.
func TestBadSource(t *testing.T) {
	cases := loadBadCases(t)
	short := testing.Short()
	var agree, disagree int
	var slowest, hungriest string
	var maxTook time.Duration
	var maxAlloc uint64
	for _, c := range cases {
		c := c
		ps, err := ParseParts(c.Parts)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		src := Build(ps)
		if short && len(src) > 1<<20 {
			continue
		}
		ok := t.Run(c.Name, func(t *testing.T) {
			o, finished := compileBounded(src, "f.py", caseTimeLimit)
			if !finished {
				t.Fatalf("did not finish within %v (input %d bytes)", caseTimeLimit, len(src))
			}
			if o.panic != nil {
				t.Fatalf("panic: %v", o.panic)
			}
			if o.took > maxTook {
				maxTook, slowest = o.took, c.Name
			}
			if o.alloc > maxAlloc {
				maxAlloc, hungriest = o.alloc, c.Name
			}
			if lim := uint64(allocBase + allocPerByte*len(src)); o.alloc > lim {
				t.Errorf("allocated %d MB for a %d byte input (limit %d MB)", o.alloc>>20, len(src), lim>>20)
			}
			checkVerdict(t, &c, src, o.code, o.err)
		})
		if ok {
			agree++
		} else {
			disagree++
		}
	}
	t.Logf("bad source table: %d cases, %d agree with CPython 3.8, %d disagree; slowest %s (%v), most allocation %s (%d MB)",
		len(cases), agree, disagree, slowest, maxTook.Round(time.Millisecond), hungriest, maxAlloc>>20)
}

func checkVerdict(t *testing.T, c *badCase, src []byte, code *marshal.Code, err error) {
	t.Helper()
	if c.Class == nil {
		if err != nil {
			t.Fatalf("CPython accepts; gopyc: %v", err)
		}
		data, derr := marshal.Dumps(code)
		if derr != nil {
			t.Fatalf("marshal: %v", derr)
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) == c.MarshalSHA {
			return
		}
		// Not byte-identical: the code objects must still be equal field
		// by field; reference flags may differ (see gen.py).
		theirs := []byte(unhex(t, c.Marshal))
		if c.Marshal == "" {
			var exc string
			if theirs, exc = cpythonMarshal(t, src, 0); theirs == nil {
				t.Skipf("marshalled code differs from CPython's (%d bytes, CPython %d) and CPython 3.8 is not here to explain (%s)", len(data), c.MarshalLen, exc)
			}
		}
		why := explainMarshalDiff(data, theirs)
		if strings.HasPrefix(why, "equal field by field") {
			t.Logf("byte difference only: %s", why)
			return
		}
		t.Errorf("code object differs from CPython's: %s", why)
		return
	}
	want := *c.Class
	if want == "crash" {
		if err == nil {
			t.Logf("CPython crashed (%s); gopyc accepts", unhex(t, c.Msg))
		}
		return
	}
	if err == nil {
		t.Fatalf("CPython raises %s: %q; gopyc accepts", want, unhex(t, c.Msg))
	}
	e, ok := err.(*diag.Error)
	if !ok {
		t.Fatalf("error is %T (%v), not *diag.Error; CPython: %s", err, err, want)
	}
	msg := unhex(t, c.Msg)
	if e.Class != want || e.Msg != msg {
		t.Fatalf("got %s: %q; CPython %s: %q", e.Class, trunc(e.Msg), want, trunc(msg))
	}
	if !e.IsSyntax() {
		return
	}
	if e.Lineno != c.Lineno || e.Offset != c.Offset {
		t.Errorf("position %d:%d; CPython %d:%d", e.Lineno, e.Offset, c.Lineno, c.Offset)
	}
	switch {
	case c.TextSHA != "":
		sum := sha256.Sum256([]byte(e.Text))
		if !e.HasText || hex.EncodeToString(sum[:]) != c.TextSHA {
			t.Errorf("text differs (%d bytes, has %v); CPython's is %d bytes", len(e.Text), e.HasText, c.TextLen)
		}
	case c.Text == nil:
		if e.HasText {
			t.Errorf("text %q; CPython None", trunc(e.Text))
		}
	default:
		if w := unhex(t, *c.Text); !e.HasText || e.Text != w {
			t.Errorf("text %q (has %v); CPython %q", trunc(e.Text), e.HasText, trunc(w))
		}
	}
}

func trunc(s string) string {
	if len(s) > 200 {
		return s[:200] + "..." + strings.Repeat("", 0)
	}
	return s
}
