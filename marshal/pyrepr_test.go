package marshal

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

// Expected reprs were printed by python3.8 (float.hex() in, repr() out).
func TestReprFloat(t *testing.T) {
	for _, c := range [][2]string{
		{"0x0.0p+0", "0.0"}, {"-0x0.0p+0", "-0.0"}, {"0x1.0000000000000p+0", "1.0"},
		{"0x1.999999999999ap-4", "0.1"}, {"0x1.1c37937e08000p+53", "1e+16"},
		{"0x1.c6bf526340000p+49", "1000000000000000.0"}, {"0x1.b69b4ba630f35p+56", "1.2345678901234568e+17"},
		{"0x1.a36e2eb1c432dp-14", "0.0001"}, {"0x1.4f8b588e368f1p-17", "1e-05"},
		{"0x1.421f5f40d8376p-23", "1.5e-07"}, {"0x0.0000000000001p-1022", "5e-324"},
		{"0x1.fffffffffffffp+1023", "1.7976931348623157e+308"}, {"inf", "inf"}, {"-inf", "-inf"},
		{"0x1.4000000000000p+1", "2.5"}, {"0x1.9000000000000p+6", "100.0"},
		{"0x1.0f0cf064dd592p+73", "1e+22"}, {"0x1.81cd6c8b43958p+13", "12345.678"},
	} {
		f, err := strconv.ParseFloat(c[0], 64)
		if err != nil {
			t.Fatal(err)
		}
		if got := Repr(&Float{V: f}); got != c[1] {
			t.Errorf("repr(%s) = %s, want %s", c[0], got, c[1])
		}
	}
}

func TestReprComplex(t *testing.T) {
	for _, c := range [][3]string{
		{"0x0.0p+0", "0x1.0000000000000p+0", "1j"}, {"0x0.0p+0", "0x1.8000000000000p+0", "1.5j"},
		{"0x0.0p+0", "0x0.0p+0", "0j"}, {"0x0.0p+0", "0x1.5af1d78b58c40p+66", "1e+20j"},
		{"nan", "inf", "(nan+infj)"}, {"0x1.0000000000000p+0", "0x1.0000000000000p+1", "(1+2j)"},
		{"-0x0.0p+0", "0x1.0000000000000p+0", "(-0+1j)"}, {"0x0.0p+0", "-0x1.0000000000000p+0", "-1j"},
	} {
		re, _ := strconv.ParseFloat(c[0], 64)
		im, _ := strconv.ParseFloat(c[1], 64)
		if got := Repr(&Complex{Real: re, Imag: im}); got != c[2] {
			t.Errorf("repr(complex(%s, %s)) = %s, want %s", c[0], c[1], got, c[2])
		}
	}
}

func TestReprStrBytes(t *testing.T) {
	for _, c := range [][2]string{
		{"", "''"}, {"61", "'a'"}, {"27", `"'"`}, {"22", `'"'`}, {"2722", `'\'"'`},
		{"615c62", `'a\\b'`}, {"0a090d001f7f", `'\n\t\r\x00\x1f\x7f'`}, {"c280c2a0c3bf", `'\x80\xa0ÿ'`},
		{"c480e280a8efbbbf", `'Ā\u2028\ufeff'`}, {"f09f9880f3a08081", `'😀\U000e0001'`},
		{"c3a9e697a5e69cac", `'é日本'`}, {"eda080", `'\ud800'`}, {"f0b08080", `'\U00030000'`},
	} {
		b, _ := hex.DecodeString(c[0])
		if got := Repr(&Str{V: string(b)}); got != c[1] {
			t.Errorf("repr(str %s) = %s, want %s", c[0], got, c[1])
		}
	}
	for _, c := range [][2]string{
		{"", "b''"}, {"61", "b'a'"}, {"27", `b"'"`}, {"22", `b'"'`}, {"2722", `b'\'"'`},
		{"5c", `b'\\'`}, {"007f80ff0a090d", `b'\x00\x7f\x80\xff\n\t\r'`},
	} {
		b, _ := hex.DecodeString(c[0])
		if got := Repr(&Bytes{V: b}); got != c[1] {
			t.Errorf("repr(bytes %s) = %s, want %s", c[0], got, c[1])
		}
	}
}

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

func TestFloatReprCases(t *testing.T) {
	for f, want := range map[float64]string{
		1: "1.0", 0.1: "0.1", 1e16: "1e+16", 1e15: "1000000000000000.0", 1e-5: "1e-05",
		0.0001: "0.0001", 123456789.125: "123456789.125", 1.5e300: "1.5e+300", 5e-324: "5e-324",
		-2.5: "-2.5", 1e22: "1e+22", 9007199254740993: "9007199254740992.0",
	} {
		if got := FloatRepr(f); got != want {
			t.Errorf("FloatRepr(%v) = %q, want %q", f, got, want)
		}
	}
}
