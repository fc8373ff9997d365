package source

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// nameprepScript answers, for each line of hexadecimal code points on
// stdin, with unicodedata.ucd_3_2_0.normalize("NFKC") of the line ("N")
// or encodings.idna.nameprep's result or error ("P"); first it lists every
// single code point NFKC changes, then "end", then every single code point
// nameprep changes or rejects, then "end".
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
def prep(s):
    try:
        return "ok " + h(nameprep(s))
    except UnicodeError as e:
        return "err " + str(e).encode("utf-8", "surrogatepass").hex()
for c in range(0x110000):
    r = prep(chr(c))
    if r != "ok %x" % c:
        out.append("%x:%s" % (c, r))
out.append("end")
for line in sys.stdin:
    kind, _, cps = line.strip().partition(" ")
    s = "".join(chr(int(x, 16)) for x in cps.split())
    if kind == "N":
        out.append(h(ucd.normalize("NFKC", s)))
    else:
        out.append(prep(s))
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
	pools := [][]rune{firsts, seconds, composed, marks, decomposable, mapped, jamo, letters}
	for _, p := range pools {
		slices.Sort(p) // the maps' order is random; the sequences must not be
	}
	return pools
}

// compositionPairs lists nameprepTables' pairs, first, second and
// composite, in order.
func compositionPairs() [][3]rune {
	var pairs [][3]rune
	for k, v := range nameprepTables().comp {
		pairs = append(pairs, [3]rune{k[0], k[1], v})
	}
	slices.SortFunc(pairs, func(a, b [3]rune) int { return slices.Compare(a[:], b[:]) })
	return pairs
}

// randomComposingInput returns one or two clusters composition acts on:
// the first of a composition pair (or its composite) followed by the
// pair's second, up to three random non-starters and maybe another
// pair's second, in random order (so some block, some reorder, some
// compose in a chain); or Hangul jamo, leading (modern or old), vowel
// (or filler) and maybe trailing, or a syllable and a trailing jamo.
func randomComposingInput(r *rand.Rand, pairs [][3]rune, pools [][]rune) []rune {
	seconds, marks := pools[1], pools[3]
	var s []rune
	for n := 1 + r.IntN(2); n > 0; n-- {
		switch r.IntN(5) {
		case 0:
			s = append(s, 0x1100+rune(r.IntN(0x60)), 0x1160+rune(r.IntN(0x48)))
			if r.IntN(2) == 0 {
				s = append(s, 0x11a7+rune(r.IntN(0x59)))
			}
		case 1:
			s = append(s, hangulS+rune(r.IntN(hangulSCount)), 0x11a7+rune(r.IntN(0x59)))
		default:
			p := pairs[r.IntN(len(pairs))]
			first, second := p[0], p[1]
			if r.IntN(3) == 0 {
				first = p[2]
			}
			rest := []rune{second}
			for k := r.IntN(4); k > 0; k-- {
				rest = append(rest, marks[r.IntN(len(marks))])
			}
			if r.IntN(2) == 0 {
				rest = append(rest, seconds[r.IntN(len(seconds))])
			}
			r.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
			s = append(append(s, first), rest...)
		}
	}
	return s
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
// ucd_3_2_0.normalize("NFKC"), and nameprep with encodings.idna.nameprep,
// for every code point, random sequences from nameprepPools and
// composition-heavy ones from randomComposingInput.
func TestNameprepAgainstCPython(t *testing.T) {
	python := py38.Require(t)
	const nSeq, nLabels = 20000, 5000 // of each generator
	r := rand.New(rand.NewPCG(3, 2))
	pools, pairs := nameprepPools(), compositionPairs()
	var inputs [][]rune
	var kinds []string
	var stdin strings.Builder
	for _, kind := range []string{"N", "P"} {
		n := nSeq
		if kind == "P" {
			n = nLabels
		}
		for i := 0; i < 2*n; i++ {
			s := randomNameprepInput(r, pools)
			if i%2 == 1 {
				s = randomComposingInput(r, pairs, pools)
			}
			inputs, kinds = append(inputs, s), append(kinds, kind)
			fmt.Fprintf(&stdin, "%s %s\n", kind, hexRunes(s))
		}
	}
	cmd := exec.Command(python, "-S", "-c", nameprepScript)
	cmd.Stdin = strings.NewReader(stdin.String())
	outb, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(outb)))
	sc.Buffer(nil, 1<<20)
	readChanged := func() map[rune]string {
		changed := map[rune]string{}
		for sc.Scan() && sc.Text() != "end" {
			k, v, _ := strings.Cut(sc.Text(), ":")
			c, _ := strconv.ParseInt(k, 16, 32)
			changed[rune(c)] = v
		}
		return changed
	}
	normChanged, prepChanged := readChanged(), readChanged()
	bad := 0
	fail := func(format string, args ...any) {
		if bad++; bad <= 20 {
			t.Errorf(format, args...)
		}
	}
	prep := func(in []rune) string {
		out, e := nameprep(in)
		if e != nil {
			return "err " + hex.EncodeToString([]byte(e.msg))
		}
		return "ok " + hexRunes(out)
	}
	for c := rune(0); c < 0x110000; c++ {
		want, ok := normChanged[c]
		if !ok {
			want = hexRunes([]rune{c})
		}
		if got := hexRunes(nfkc32([]rune{c})); got != want {
			fail("NFKC(%x) = %s, CPython %s", c, got, want)
		}
		want, ok = prepChanged[c]
		if !ok {
			want = "ok " + hexRunes([]rune{c})
		}
		if got := prep([]rune{c}); got != want {
			fail("nameprep(%x) = %s, CPython %s", c, got, want)
		}
	}
	for i, in := range inputs {
		if !sc.Scan() {
			t.Fatalf("CPython answered %d of %d inputs", i, len(inputs))
		}
		want := sc.Text()
		got := prep(in)
		if kinds[i] == "N" {
			got = hexRunes(nfkc32(in))
		}
		if got != want {
			fail("%s %s: got %s, CPython %s", kinds[i], hexRunes(in), got, want)
		}
	}
	t.Logf("%d code points (NFKC and nameprep), %d sequences, %d labels compared; %d differ",
		0x110000, 2*nSeq, 2*nLabels, bad)
}
