package source

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// nameprepScript answers, for each line of hexadecimal code points on
// stdin, with unicodedata.ucd_3_2_0.normalize("NFKC") of the line ("N")
// or encodings.idna.nameprep's result or error ("P"); first it lists every
// single code point NFKC changes, then "end".
const nameprepScript = `
import sys
from unicodedata import ucd_3_2_0 as ucd
from encodings.idna import nameprep
def h(s):
    return " ".join("%x" % ord(c) for c in s)
out = []
for c in range(0x110000):
    r = ucd.normalize("NFKC", chr(c))
    if r != chr(c):
        out.append("%x:%s" % (c, h(r)))
out.append("end")
for line in sys.stdin:
    kind, _, cps = line.strip().partition(" ")
    s = "".join(chr(int(x, 16)) for x in cps.split())
    if kind == "N":
        out.append(h(ucd.normalize("NFKC", s)))
    else:
        try:
            out.append("ok " + h(nameprep(s)))
        except UnicodeError as e:
            out.append("err " + str(e).encode("utf-8", "surrogatepass").hex())
sys.stdout.write("\n".join(out) + "\n")
`

// nameprepPools are characters normalisation treats specially: the
// composition pairs' parts and results, non-starters (their classes
// reorder), Hangul jamo and syllables, characters with a decomposition,
// characters nameprep maps, and letters.
func nameprepPools() [][]rune {
	t := nameprepTables()
	var firsts, seconds, composed, marks, decomposable, mapped, jamo []rune
	for k, v := range t.comp {
		firsts = append(firsts, k[0])
		seconds = append(seconds, k[1])
		composed = append(composed, v)
	}
	for i := 0; i < len(cccRanges); i += 3 {
		for c := cccRanges[i]; c <= cccRanges[i+1]; c++ {
			marks = append(marks, rune(c))
		}
	}
	for k := range t.decomp {
		decomposable = append(decomposable, k)
	}
	for k := range t.mapping {
		mapped = append(mapped, k)
	}
	for c := rune(0x1100); c < 0x1200; c++ {
		jamo = append(jamo, c)
	}
	for i := 0; i < 40; i++ {
		jamo = append(jamo, hangulS+rune(i*271))
	}
	letters := []rune("abcxyzAZ0-\u05d0\u0627")
	return [][]rune{firsts, seconds, composed, marks, decomposable, mapped, jamo, letters}
}

func randomNameprepInput(r *rand.Rand, pools [][]rune) []rune {
	s := make([]rune, 1+r.IntN(7))
	for i := range s {
		p := pools[r.IntN(len(pools))]
		s[i] = p[r.IntN(len(p))]
	}
	return s
}

func hexRunes(rs []rune) string {
	parts := make([]string, len(rs))
	for i, c := range rs {
		parts[i] = strconv.FormatInt(int64(c), 16)
	}
	return strings.Join(parts, " ")
}

// TestNameprepAgainstCPython compares nfkc32 with python3.8's
// ucd_3_2_0.normalize("NFKC") for every code point and random sequences,
// and nameprep with encodings.idna.nameprep for random labels.
func TestNameprepAgainstCPython(t *testing.T) {
	python := py38.Require(t)
	const nSeq, nLabels = 20000, 5000
	r := rand.New(rand.NewPCG(3, 2))
	pools := nameprepPools()
	var inputs [][]rune
	var stdin strings.Builder
	for i := 0; i < nSeq+nLabels; i++ {
		s := randomNameprepInput(r, pools)
		inputs = append(inputs, s)
		kind := "N"
		if i >= nSeq {
			kind = "P"
		}
		fmt.Fprintf(&stdin, "%s %s\n", kind, hexRunes(s))
	}
	cmd := exec.Command(python, "-S", "-c", nameprepScript)
	cmd.Stdin = strings.NewReader(stdin.String())
	outb, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(outb)))
	sc.Buffer(nil, 1<<20)
	changed := map[rune]string{}
	for sc.Scan() && sc.Text() != "end" {
		k, v, _ := strings.Cut(sc.Text(), ":")
		c, _ := strconv.ParseInt(k, 16, 32)
		changed[rune(c)] = v
	}
	bad := 0
	fail := func(format string, args ...any) {
		if bad++; bad <= 20 {
			t.Errorf(format, args...)
		}
	}
	for c := rune(0); c < 0x110000; c++ {
		want, ok := changed[c]
		if !ok {
			want = hexRunes([]rune{c})
		}
		if got := hexRunes(nfkc32([]rune{c})); got != want {
			fail("NFKC(%x) = %s, CPython %s", c, got, want)
		}
	}
	for i, in := range inputs {
		if !sc.Scan() {
			t.Fatalf("CPython answered %d of %d inputs", i, len(inputs))
		}
		want := sc.Text()
		var got string
		if i < nSeq {
			got = hexRunes(nfkc32(in))
		} else if out, e := nameprep(in); e != nil {
			got = "err " + hex.EncodeToString([]byte(e.msg))
		} else {
			got = "ok " + hexRunes(out)
		}
		if got != want {
			fail("input %s: got %s, CPython %s", hexRunes(in), got, want)
		}
	}
	t.Logf("%d code points, %d sequences, %d labels compared; %d differ", 0x110000, nSeq, nLabels, bad)
}
