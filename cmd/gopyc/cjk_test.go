package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// cjkTree writes, for each CJK codec module and each of its aliases, source
// files with a coding cookie: strings and comments encoded in the codec,
// with random bytes, cut characters and ISO-2022 escapes mixed in.
const cjkTree = `
import encodings.aliases, random, sys, os
rnd = random.Random(7)
root = sys.argv[1]
mods = ["big5", "big5hkscs", "cp932", "cp949", "cp950", "euc_jis_2004", "euc_jisx0213",
        "euc_jp", "euc_kr", "gb18030", "gb2312", "gbk", "johab", "shift_jis",
        "shift_jis_2004", "shift_jisx0213", "hz", "iso2022_jp", "iso2022_jp_1", "iso2022_jp_2",
        "iso2022_jp_2004", "iso2022_jp_3", "iso2022_jp_ext", "iso2022_kr"]
names = [(m, m) for m in mods] + [(a, m) for a, m in sorted(encodings.aliases.aliases.items()) if m in mods]
names += [(m.upper().replace("_", "-"), m) for m in mods]
pool = [chr(c) for c in list(range(0xA0, 0x500)) + list(range(0x2000, 0x3400)) + list(range(0x4E00, 0x9FA6, 7)) +
        list(range(0xAC00, 0xD7A4, 13)) + list(range(0xFF00, 0xFFF0)) + list(range(0x20000, 0x2A6D7, 101))]
pool += ["\u304b\u309a", "\u00ca\u0304", "\u00ea\u030c", "\u02e9\u02e5"]
esc = [b"\x1b(B", b"\x1b(J", b"\x1b(I", b"\x1b$@", b"\x1b$B", b"\x1b$A", b"\x1b$(C", b"\x1b$(D", b"\x1b$(Q",
       b"\x1b$)C", b"\x1b.A", b"\x1b.F", b"\x1bN", b"\x1b&@\x1b$B", b"\x1b(Z", b"\x1bx", b"\x1b", b"\x0e", b"\x0f", b"~{", b"~}", b"~"]
def text(m):
    out = []
    for _ in range(rnd.randrange(1, 8)):
        try:
            out.append("".join(rnd.choice(pool) for _ in range(rnd.randrange(1, 6))).encode(m))
        except UnicodeEncodeError:
            pass
    return b"".join(out)
n = 0
for name, m in names:
    for k in range(5):
        body = b"x = '" + text(m) + b"'\n# " + text(m) + b"\ny = 1\n"
        if k == 1:
            i = rnd.randrange(len(body))
            body = body[:i] + bytes([rnd.randrange(0x80, 0x100)]) + body[i:]
        elif k == 2:
            i = rnd.randrange(len(body))
            body = body[:i] + rnd.choice(esc) + body[i:]
        elif k == 3:
            body = b"x = '" + text(m)
            body = body[:-1] if len(body) > 5 else body
        elif k == 4:
            body = b"# " + bytes(rnd.randrange(256) for _ in range(6)) + b"\n"
        n += 1
        with open(os.path.join(root, "f%04d.py" % n), "wb") as f:
            f.write(b"# -*- coding: " + name.encode() + b" -*-\n" + body)
`

// TestCJKCompileall compiles a tree of files in every CJK codec with
// compileall and with gopyc, and wants the same output and .pyc files.
func TestCJKCompileall(t *testing.T) {
	py := py38.Require(t)
	tmp := t.TempDir()
	src := filepath.Join(tmp, "src")
	os.Mkdir(src, 0o755)
	if out, err := exec.Command(py, "-S", "-c", cjkTree, src).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	bin := py38.BuildGopyc(t, tmp)
	files, _ := filepath.Glob(filepath.Join(src, "*.py"))
	compiled, rejected := py38.SideBySide(t, py, bin, tmp, "cjk", src)
	if len(files) < 400 || compiled < len(files)/5 {
		t.Errorf("%d files, %d compiled: the tree is too small a test", len(files), compiled)
	}
	t.Logf("%d files: %d compiled, %d rejected", len(files), compiled, rejected)
}
