#!/usr/bin/env python3.8
"""Generates cjk_tables.bin, the decoding data of CPython 3.8's CJK codecs.

Run with CPython 3.8 from this directory:

    $(pyenv prefix 3.8.18)/bin/python3.8 -S gen_cjk.py

Everything is measured by decoding byte sequences with CPython's codecs
(no table is copied from CPython's sources):

  - stateless codecs (big5, gbk, shift_jis, euc_jp, johab, ...): every
    sequence is extended one byte at a time while CPython says it is
    incomplete, giving a trie whose leaves are a decoded text (one or two
    code points) or an error of a given length. Two kinds of sequence
    are incomplete until all their bytes are there, whatever those are,
    and are recorded otherwise: gb18030's four-byte sequences as runs over
    their linear index (all 1587600 of them decoded), euc_kr's eight-byte
    KS X 1001:1998 make-up sequences as three jamo tables; cjk.go applies
    the rule that a bad one is a one-byte error, which is asserted here on
    random samples.
  - the iso2022 codecs and hz: which designations each codec accepts, and
    for each designated charset what every 1- or 2-byte code decodes to.
    cjk.go implements their state machines.

cjk.go indexes the file on first use (it is not compressed: inflating
it took longer than building a codec's tables).
Format: unsigned LEB128 varints, strings as length + bytes, the data of
each codec and table as a length-prefixed section, built when first used;
see cjk.go.
"""
import codecs, sys

assert sys.version_info[:2] == (3, 8), sys.version

STATELESS = ["big5", "big5hkscs", "cp932", "cp949", "cp950", "euc_jis_2004", "euc_jisx0213",
             "euc_jp", "euc_kr", "gb18030", "gb2312", "gbk", "johab", "shift_jis",
             "shift_jis_2004", "shift_jisx0213"]
ISO2022 = ["iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_jp_3",
           "iso2022_jp_ext", "iso2022_kr"]

out = bytearray()


def section(fn):
    """Writes what fn writes as a length-prefixed section."""
    global out
    saved, out = out, bytearray()
    fn()
    data, out = out, saved
    uv(len(data))
    out.extend(data)


def uv(n):
    assert n >= 0
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def st(s):
    b = s.encode()
    uv(len(b))
    out.extend(b)


def dec(codec, b):
    """('ok', text) | ('few', start) | ('bad', start, size)"""
    try:
        return ("ok", b.decode(codec))
    except UnicodeDecodeError as e:
        dec.name = e.encoding
        if e.reason == "incomplete multibyte sequence":
            assert e.end == len(b), (codec, b, e)
            return ("few", e.start)
        assert e.reason == "illegal multibyte sequence", (codec, b, e)
        return ("bad", e.start, e.end - e.start)


class Outs:
    def __init__(self):
        self.items = []

    def add(self, s):
        assert 1 <= len(s) <= 2, s
        self.items.append(s)

    def emit(self):
        uv(len(self.items))
        prev = 0
        for s in self.items:
            d = ord(s[0]) - prev
            z = (d << 1) if d >= 0 else ((-d << 1) - 1)
            uv(z << 1 | (len(s) == 2))
            if len(s) == 2:
                uv(ord(s[1]))
            prev = ord(s[0])


def runs(kinds):
    r = []
    for k in kinds:
        if r and r[-1][1] == k:
            r[-1][0] += 1
        else:
            r.append([1, k])
    uv(len(r))
    for n, k in r:
        uv(n)
        uv(k)


# Node entry kinds in the trie: 0 output, 1 child node, 2 gb18030 4-byte
# sequence, 3+n error of n bytes.
def trie(codec):
    nodes, outs = [], Outs()
    queue = [b""]
    while queue:
        p = queue.pop(0)
        kinds = []
        for c in range(256):
            q = p + bytes([c])
            r = dec(codec, q)
            if r[0] == "ok":
                kinds.append(0)
                outs.add(r[1])
            elif r[0] == "few":
                assert r[1] == 0, (codec, q)
                if codec == "gb18030" and len(q) == 2 or codec == "euc_kr" and q == b"\xa4\xd4":
                    # gb18030's 4-byte and euc_kr's 8-byte make-up sequences:
                    # cjk.go decodes them with gb4() and jamo() below
                    assert dec(codec, q + b"\x81")[0] == "few"
                    kinds.append(2)
                else:
                    assert len(q) < 3, (codec, q)
                    kinds.append(1)
                    queue.append(q)
            else:
                assert r[1] == 0, (codec, q, r)
                kinds.append(3 + r[2])
                if p == b"":  # an error alone is the same error whatever follows
                    for d in range(256):
                        assert dec(codec, q + bytes([d])) == r, (codec, q, d)
        nodes.append(kinds)
    return nodes, outs


def gb4():
    """Runs (linear index, count, first code point) of gb18030's 4-byte sequences."""
    seqs = bytearray()
    for c in range(0x81, 0xFF):
        for d in range(0x30, 0x3A):
            for e in range(0x81, 0xFF):
                for f in range(0x30, 0x3A):
                    seqs += bytes([c, d, e, f])
    errs = set()

    def handler(exc):
        assert exc.start % 4 == 0 and exc.end == exc.start + 1 and exc.reason == "illegal multibyte sequence", exc
        errs.add(exc.start // 4)
        return ("\0", exc.start + 4)
    codecs.register_error("gencjk", handler)
    text = bytes(seqs).decode("gb18030", "gencjk")
    assert len(text) == len(seqs) // 4
    rs = []
    for i, ch in enumerate(text):
        if i in errs:
            continue
        cp = ord(ch)
        if rs and rs[-1][0] + rs[-1][1] == i and rs[-1][2] + rs[-1][1] == cp:
            rs[-1][1] += 1
        else:
            rs.append([i, 1, cp])
    # malformed 4-byte sequences are 1-byte errors
    import random
    rnd = random.Random(1)
    for _ in range(20000):
        b = bytes([rnd.randrange(0x80, 0x100), rnd.randrange(0x30, 0x3A), rnd.randrange(256), rnd.randrange(256)])
        r = dec("gb18030", b)
        ok = 0x81 <= b[0] <= 0xFE and 0x81 <= b[2] <= 0xFE and 0x30 <= b[3] <= 0x39
        if not ok:
            assert r == ("bad", 0, 1), (b, r)
    return rs


def jamo():
    """euc_kr's KS X 1001:1998 make-up sequences A4D4 A4xx A4yy A4zz: the
    choseong, jungseong and jongseong index of each xx, yy, zz (-1 none)."""
    def idx(b):
        r = dec("euc_kr", b)
        return ord(r[1]) - 0xAC00 if r[0] == "ok" else -1
    cho = [idx(b"\xa4\xd4\xa4" + bytes([x]) + b"\xa4\xbf\xa4\xd4") for x in range(256)]
    jung = [idx(b"\xa4\xd4\xa4\xa1\xa4" + bytes([x]) + b"\xa4\xd4") for x in range(256)]
    jong = [idx(b"\xa4\xd4\xa4\xa1\xa4\xbf\xa4" + bytes([x])) for x in range(256)]
    cho = [-1 if v < 0 else v // 588 for v in cho]
    jung = [-1 if v < 0 else v // 28 for v in jung]
    import random
    rnd = random.Random(2)
    for _ in range(30000):
        b = bytearray(b"\xa4\xd4")
        for k in range(3):
            b += bytes([0xA4 if rnd.random() < 0.9 else rnd.randrange(256), rnd.randrange(0xA0, 0xD8) if rnd.random() < 0.9 else rnd.randrange(256)])
        r = dec("euc_kr", bytes(b))
        x, y, z = b[3], b[5], b[7]
        ok = b[2] == b[4] == b[6] == 0xA4 and cho[x] >= 0 and jung[y] >= 0 and jong[z] >= 0
        want = ("ok", chr(0xAC00 + cho[x] * 588 + jung[y] * 28 + jong[z])) if ok else ("bad", 0, 1)
        assert r == want, (bytes(b), r, want)
    return cho, jung, jong


def table2(codec, prefix, lo, hi, width, start, esize=None):
    """Entries of a designated charset: kinds (0 output, 1 error) and outputs."""
    kinds, outs = [], Outs()
    for a in range(lo, hi):
        for b in (range(256) if width == 2 else [None]):
            q = prefix + (bytes([a, b]) if width == 2 else bytes([a]))
            r = dec(codec, q)
            if r[0] == "ok":
                kinds.append(0)
                outs.add(r[1])
            else:
                assert r == ("bad", start, esize or width), (codec, q, r)
                kinds.append(1)
    return kinds, outs


def main():
    uv(len(STATELESS))
    for codec in STATELESS:
        dec(codec, b"\xff\xff\xff")
        nodes, outs = trie(codec)
        st(codec)
        st(dec.name)

        def body():
            uv(len(nodes))
            for kinds in nodes:
                runs(kinds)
            outs.emit()
        section(body)
        print(codec, len(nodes), "nodes", len(outs.items), "outputs", file=sys.stderr)
    rs = gb4()

    def gbsec():
        uv(len(rs))
        for i, n, cp in rs:
            uv(i)
            uv(n)
            uv(cp)
    section(gbsec)
    print("gb18030 4-byte runs", len(rs), file=sys.stderr)
    jm = jamo()

    def jamosec():
        for t in jm:
            for v in t:
                uv(v + 1)
    section(jamosec)

    # iso2022: tables shared between codecs when identical
    tables, index = [], {}

    def addtable(width, kinds, outs):
        key = (width, tuple(kinds), tuple(outs.items))
        if key not in index:
            index[key] = len(tables)
            tables.append((width, kinds, outs))
        return index[key]

    ESCEND = [c for c in range(0x40, 0x5B)]
    codecs_out = []
    for codec in ISO2022:
        dec(codec, b"\x80")
        name = dec.name
        flags = 0
        if codec != "iso2022_kr":
            assert dec(codec, b"\x0e") == ("ok", "\x0e")
            flags |= 1  # no shift
        if dec(codec, b"\x1b.A") == ("ok", ""):
            flags |= 2  # G2
        if dec(codec, b"\x1b&@\x1b$B") == ("ok", ""):
            flags |= 4  # JIS X 0208 prefix
        marks = []
        for f in ESCEND:
            sb, db = bytes([0x1B, 0x28, f]), bytes([0x1B, 0x24, 0x28, f])
            for esc, dbcs in ((sb, 0), (db, 0x80)):
                if f == 0x42 and not dbcs:
                    continue  # ASCII
                if dec(codec, esc) != ("ok", ""):
                    continue
                width = 2 if dec(codec, esc + b"\x21")[0] == "few" else 1
                kinds, outs = table2(codec, esc, 0x20, 0x80, width, len(esc))
                marks.append((f | dbcs, width, addtable(width, kinds, outs)))
        g2 = []
        if flags & 2:
            # only ASCII (the initial G2), ISO 8859-1 and ISO 8859-7 are
            # G2 charsets; SS2 with another charset designated to G2 is a
            # RuntimeError("internal codec error"), see cjk.go
            for f in b"BAF":
                esc = bytes([0x1B, 0x2E, f])
                assert dec(codec, esc) == ("ok", "")
                pre = esc + b"\x1bN"
                kinds, outs = table2(codec, pre, 0, 256, 1, len(pre) - 2, 3)
                kinds = [k if k == 0 else 1 for k in kinds]
                g2.append((f, addtable(3, kinds, outs)))
        codecs_out.append((codec, name, flags, marks, g2))
    # hz: GB2312 in GB mode
    hzk, hzo = [], Outs()
    for a in range(0x80):
        for b in range(256):
            if a == 0x7E:
                hzk.append(1)
                continue
            r = dec("hz", b"~{" + bytes([a, b]))
            if r[0] == "ok":
                hzk.append(0)
                hzo.add(r[1])
            else:
                assert r == ("bad", 2, 1), (a, b, r)
                hzk.append(1)
    hzt = addtable(2, hzk, hzo)
    uv(len(tables))
    for width, kinds, outs in tables:
        def tsec():
            uv(width)
            runs(kinds)
            outs.emit()
        section(tsec)
    uv(len(codecs_out))
    for codec, name, flags, marks, g2 in codecs_out:
        st(codec)
        st(name)
        uv(flags)
        uv(len(marks))
        for m, w, t in marks:
            uv(m)
            uv(t)
        uv(len(g2))
        for m, t in g2:
            uv(m)
            uv(t)
        print(codec, flags, [(chr(m & 0x7F), m >> 7, w, t) for m, w, t in marks], g2, file=sys.stderr)
    uv(hzt)
    print("iso2022/hz tables", len(tables), file=sys.stderr)
    with open("cjk_tables.bin", "wb") as f:
        f.write(out)
    print("bytes", len(out), file=sys.stderr)


main()
