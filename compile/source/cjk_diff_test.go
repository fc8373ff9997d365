package source

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gopyc/gopyc/internal/py38"
)

// cjkCases is run by CPython 3.8: for each CJK codec it makes byte strings
// (text in the codec with ASCII around it, random bytes, truncated
// characters, ISO-2022 escapes and shifts) and prints, for each, the codec,
// the input and the result of bytes.decode(codec) or str() of its error
// (a UnicodeDecodeError, or the RuntimeError of SS2 with a G2 that is not
// a G2 charset).
const cjkCases = `
import random, sys
rnd = random.Random(int(sys.argv[1]))
N = int(sys.argv[2])
codecs = ["big5", "big5hkscs", "cp932", "cp949", "cp950", "euc_jis_2004", "euc_jisx0213",
          "euc_jp", "euc_kr", "gb18030", "gb2312", "gbk", "johab", "shift_jis",
          "shift_jis_2004", "shift_jisx0213", "hz", "iso2022_jp", "iso2022_jp_1", "iso2022_jp_2",
          "iso2022_jp_2004", "iso2022_jp_3", "iso2022_jp_ext", "iso2022_kr"]
pool = [chr(c) for c in list(range(0x80, 0x500)) + list(range(0x2000, 0x3400)) + list(range(0x4E00, 0x9FA6, 7)) +
        list(range(0xAC00, 0xD7A4, 13)) + list(range(0xF900, 0x10000)) + list(range(0x20000, 0x2A6D7, 101))]
pool += ["\u304b\u309a", "\u00ca\u0304", "\u00ea\u030c", "\u02e9\u02e5", "\u00e6\u0300"]
esc = [b"\x1b(B", b"\x1b(J", b"\x1b(I", b"\x1b$@", b"\x1b$B", b"\x1b$A", b"\x1b$(C", b"\x1b$(D", b"\x1b$(O",
       b"\x1b$(P", b"\x1b$(Q", b"\x1b$)C", b"\x1b.A", b"\x1b.F", b"\x1b.J", b"\x1bN", b"\x1b&@\x1b$B", b"\x1b&@",
       b"\x1b(", b"\x1b$", b"\x1b$(", b"\x1b(Z", b"\x1b$Z", b"\x1b)", b"\x1bx", b"\x1b", b"\x0e", b"\x0f",
       b"\n", b"~{", b"~}", b"~~", b"~\n", b"~", b"\x1b((((((((((((((((", b"\x1b(1B", b"\x1b$)A", b"\x1b$C"]
def valid(codec):
    out = []
    for _ in range(rnd.randrange(1, 12)):
        if rnd.random() < 0.3:
            out.append(rnd.choice([b"x = '", b"# ", b"'\n", b" ", b"\n", b"y", b"~", b"\\"]))
            continue
        ch = rnd.choice(pool)
        try:
            out.append(ch.encode(codec))
        except UnicodeEncodeError:
            pass
    return b"".join(out)
def mutate(b):
    b = bytearray(b)
    for _ in range(rnd.randrange(0, 3)):
        k = rnd.random()
        if k < 0.3 and b:
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        elif k < 0.6:
            b.insert(rnd.randrange(len(b) + 1), rnd.choice([rnd.randrange(256), rnd.randrange(0x80, 0x100), rnd.randrange(0x20, 0x80)]))
        elif k < 0.8 and b:
            del b[rnd.randrange(len(b)):]
        else:
            b[rnd.randrange(len(b) + 1):0] = rnd.choice(esc)
    return bytes(b)
def rand(codec):
    n = rnd.randrange(1, 10)
    if codec.startswith("iso2022") or codec == "hz":
        return b"".join(rnd.choice([rnd.choice(esc), bytes([rnd.randrange(0x20, 0x80)]) * 2, bytes([rnd.randrange(0x20, 0x80), rnd.randrange(0x20, 0x80)]), bytes([rnd.randrange(256)])]) for _ in range(n))
    return bytes(rnd.choice([rnd.randrange(256), rnd.randrange(0x80, 0x100), 0x41]) for _ in range(n))
w = sys.stdout.buffer
for codec in codecs:
    for i in range(N):
        k = i % 4
        b = valid(codec) if k == 0 else mutate(valid(codec)) if k == 1 else rand(codec) if k == 2 else valid(codec)[:-1]
        try:
            r = "ok\t" + b.decode(codec).encode("utf-8", "surrogatepass").hex()
        except Exception as e:
            r = "err\t" + str(e)
        w.write(("%s\t%s\t%s\n" % (codec, b.hex(), r)).encode())
`

// TestCJKAgainstCPython decodes CPython's cases with each CJK codec and
// wants its text or its error message.
func TestCJKAgainstCPython(t *testing.T) {
	py := py38.Require(t)
	out, err := exec.Command(py, "-S", "-c", cjkCases, "1", "3000").Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	n, bad := 0, 0
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), "\t", 4)
		in, _ := hex.DecodeString(f[1])
		got, msg := decodeCJK(in, f[0])
		want := f[3]
		if f[2] == "ok" {
			b, _ := hex.DecodeString(f[3])
			want = string(b)
		}
		n++
		if f[2] == "ok" && (msg != "" || string(got) != want) || f[2] == "err" && msg != want {
			if bad++; bad <= 20 {
				t.Errorf("%s %x: got %q %q, want %s %q", f[0], in, got, msg, f[2], want)
			}
		}
	}
	if n < 24*3000 {
		t.Fatalf("only %d cases", n)
	}
	if bad > 0 {
		t.Errorf("%d of %d differ", bad, n)
	}
}

// TestGB18030FourBytes compares every four-byte gb18030 sequence of the
// form [81-FE][30-39][81-FE][30-39] with CPython's decoding of it.
func TestGB18030FourBytes(t *testing.T) {
	py := py38.Require(t)
	const script = `
import codecs, sys
seqs = bytes(b for c in range(0x81, 0xFF) for d in range(0x30, 0x3A) for e in range(0x81, 0xFF) for f in range(0x30, 0x3A) for b in (c, d, e, f))
def bad(exc):
    assert exc.end == exc.start + 1 and exc.start % 4 == 0
    return ("\udc80", exc.start + 4)
codecs.register_error("bad4", bad)
sys.stdout.buffer.write(seqs.decode("gb18030", "bad4").encode("utf-8", "surrogatepass"))
`
	out, err := exec.Command(py, "-S", "-c", script).Output()
	if err != nil {
		t.Fatal(err)
	}
	runs := cjk().gb4.get()
	q, n, bad := []byte{0x81, 0x30, 0x81, 0x30}, 0, 0
	for len(out) > 0 {
		want := rune(-1)
		if len(out) >= 3 && string(out[:3]) == "\xed\xb2\x80" { // U+DC80
			out = out[3:]
		} else {
			r, size := utf8.DecodeRune(out)
			want, out = r, out[size:]
		}
		if got := gb18030Four(q, runs); got != want {
			if bad++; bad <= 10 {
				t.Errorf("%x: got %U, want %U", q, got, want)
			}
		}
		n++
		for k := 3; k >= 0; k-- { // next sequence
			lo, hi := byte(0x81), byte(0xFE)
			if k&1 == 1 {
				lo, hi = 0x30, 0x39
			}
			if q[k] < hi {
				q[k]++
				break
			}
			q[k] = lo
		}
	}
	if n != 126*10*126*10 || bad > 0 {
		t.Errorf("%d sequences, %d differ", n, bad)
	}
}
