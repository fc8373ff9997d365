package unparse

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// TestFloatReprDifferential compares float and complex reprs with
// CPython's on random bit patterns and decimal-looking values.
func TestFloatReprDifferential(t *testing.T) {
	python := py38.Require(t)
	const script = `
import random, struct
random.seed(7)
def bits(x): return '%016x' % struct.unpack('<Q', struct.pack('<d', x))[0]
for _ in range(5000):
    xs = []
    for _ in range(2):
        if random.random() < 0.5:
            x = struct.unpack('<d', struct.pack('<Q', random.getrandbits(64)))[0]
        else:
            x = round(random.uniform(-1e6, 1e6), random.randint(0, 8)) * 10.0 ** random.randint(-30, 30)
        xs.append(x)
    if random.random() < 0.2: xs[0] = random.choice([0.0, -0.0])
    print(bits(xs[0]), bits(xs[1]), repr(xs[0]), repr(complex(xs[0], xs[1])))
`
	out, err := exec.Command(python, "-S", "-c", script).Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	n, bad := 0, 0
	for sc.Scan() {
		p := strings.SplitN(sc.Text(), " ", 4)
		re, _ := strconv.ParseUint(p[0], 16, 64)
		im, _ := strconv.ParseUint(p[1], 16, 64)
		x, y := math.Float64frombits(re), math.Float64frombits(im)
		n++
		if g := FloatRepr(x); g != p[2] {
			bad++
			if bad < 10 {
				t.Errorf("repr(%s): got %s", p[2], g)
			}
		}
		if g := ComplexRepr(x, y); g != p[3] {
			bad++
			if bad < 10 {
				t.Errorf("repr(%s): got %s", p[3], g)
			}
		}
	}
	t.Logf("float/complex repr: %d values, %d differences", n, bad)
}

// TestStrReprDifferential compares str and bytes reprs with CPython's on
// random text mixing quotes, escapes, non-printable and astral code points
// and lone surrogates.
func TestStrReprDifferential(t *testing.T) {
	python := py38.Require(t)
	const script = `
import random, json
random.seed(11)
pool = [0x27, 0x22, 0x5c, 0x0a, 0x09, 0x0d, 0x00, 0x7f, 0x80, 0xa0, 0xad, 0xff, 0x20ac, 0x200b,
        0x2028, 0xd800, 0xdfff, 0xe000, 0xfeff, 0xfffe, 0x1f600, 0x10ffff, 0x0378, 0x08a0, 0x1e94b]
for _ in range(3000):
    s = ''.join(chr(random.choice(pool)) if random.random() < 0.5 else chr(random.randint(0, 0x10ffff))
                for _ in range(random.randint(0, 6)))
    b = bytes(random.randint(0, 255) for _ in range(random.randint(0, 6)))
    print(json.dumps([s.encode('utf-8', 'surrogatepass').hex(), repr(s), b.hex(), repr(b)]))
`
	out, err := exec.Command(python, "-S", "-c", script).Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	n, bad := 0, 0
	for sc.Scan() {
		var rec [4]string
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		s, _ := hex.DecodeString(rec[0])
		b, _ := hex.DecodeString(rec[2])
		n++
		if g := StrRepr(string(s)); g != rec[1] {
			bad++
			if bad < 10 {
				t.Errorf("str %s: got %q want %q", rec[0], g, rec[1])
			}
		}
		if g := BytesRepr(b); g != rec[3] {
			bad++
			if bad < 10 {
				t.Errorf("bytes %s: got %q want %q", rec[2], g, rec[3])
			}
		}
	}
	t.Logf("str/bytes repr: %d values, %d differences", n, bad)
}
