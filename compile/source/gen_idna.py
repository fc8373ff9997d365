#!/usr/bin/env python3.8
"""Generates idna_tables.go: the data of the idna codec's nameprep.

Run with CPython 3.8:  python3.8 -S gen_idna.py > idna_tables.go && gofmt -w idna_tables.go

Lib/encodings/idna.py's nameprep maps each character by stringprep's
tables B.1 (removed) and B.2 (map_table_b2), normalises the result with
unicodedata.ucd_3_2_0.normalize("NFKC"), then rejects prohibited
characters (tables C.1.2 to C.9) and checks bidi (D.1, D.2). Everything
here is measured from python3.8 itself, code point by code point:

  idnaMapData   map_table_b2 (or "" for B.1) of each code point it changes.
  nfkdData      ucd_3_2_0.normalize("NFKD", c) of each code point it
                changes, Hangul syllables left out (they decompose by
                arithmetic).
  cccRanges     the combining class normalize sorts and blocks by. CPython
                reads it from its current database (Unicode 12.1), not from
                3.2, even for ucd_3_2_0: unicodedata.combining.
  compData      the pairs ucd_3_2_0's NFC composes: measured by normalising
                a+b for every candidate first a (a character appearing
                first, or composed, in some canonical decomposition of
                either database) and candidate second b (the second
                characters, and every character of nonzero class), kept
                when the result is one character. CPython composes with its
                current database's pairs, so some composites are new
                since 3.2. The script asserts they are the primary
                composites unicodedata.decomposition gives.
  idnaClass     each code point's nameprep class where not plain:
                2 RandAL (D.1), 3 LCat (D.2), 4 prohibited and printable
                (repr shows it), 5 prohibited and not printable.

Each string table is a run of entries, each the key's character, then
its value's characters, then U+0000 (no value holds U+0000).
"""
import stringprep, sys, unicodedata
from unicodedata import ucd_3_2_0 as ucd

assert sys.version_info[:2] == (3, 8), sys.version

SBASE, SCOUNT = 0xAC00, 11172
ALL = range(0x110000)

def lit(s):
    out = []
    for ch in s:
        c = ord(ch)
        if 0x20 <= c < 0x7F and ch not in '"\\':
            out.append(ch)
        elif c == 0:
            out.append("\\x00")
        elif c <= 0xFFFF:
            out.append("\\u%04x" % c)
        else:
            out.append("\\U%08x" % c)
    return "".join(out)

def emit_string(name, doc, entries):
    print()
    print("// %s %s" % (name, doc))
    print("const %s = \"\" +" % name)
    line = ""
    chunks = []
    for k, v in entries:
        e = lit(chr(k) + v + "\0")
        if len(line) + len(e) > 90:
            chunks.append(line)
            line = ""
        line += e
    chunks.append(line)
    for i, ch in enumerate(chunks):
        print('\t"%s"%s' % (ch, " +" if i < len(chunks) - 1 else ""))

def emit_ranges(name, doc, values):
    ranges = []
    for c in ALL:
        v = values(c)
        if not v:
            continue
        if ranges and ranges[-1][1] == c - 1 and ranges[-1][2] == v:
            ranges[-1][1] = c
        else:
            ranges.append([c, c, v])
    print()
    print("// %s %s" % (name, doc))
    print("var %s = []uint32{" % name)
    for lo, hi, v in ranges:
        print("\t0x%x, 0x%x, %d," % (lo, hi, v))
    print("}")
    return len(ranges)

# B.1 and B.2.
maps = []
for c in ALL:
    ch = chr(c)
    d = "" if stringprep.in_table_b1(ch) else stringprep.map_table_b2(ch)
    if d != ch:
        assert "\0" not in d
        maps.append((c, d))

# Full compatibility decomposition, sorted.
decomp = []
for c in ALL:
    if SBASE <= c < SBASE + SCOUNT:
        assert ucd.normalize("NFKD", chr(c)) != chr(c)
        continue
    d = ucd.normalize("NFKD", chr(c))
    if d != chr(c):
        assert "\0" not in d
        decomp.append((c, d))

# Composition pairs.
firsts, seconds = set(), set()
for db in (ucd, unicodedata):
    for c in ALL:
        d = db.decomposition(chr(c))
        if d and not d.startswith("<"):
            parts = [int(x, 16) for x in d.split()]
            firsts.add(parts[0])
            firsts.add(c)
            if len(parts) == 2:
                seconds.add(parts[1])
for c in ALL:
    if unicodedata.combining(chr(c)) or ucd.combining(chr(c)):
        seconds.add(c)
hangul = set(range(0x1100, 0x1100 + 19)) | set(range(0x1161, 0x1161 + 21)) | set(range(0x11A8, 0x11C3)) \
    | set(range(SBASE, SBASE + SCOUNT))
comps = []
for a in sorted(firsts - hangul):
    A = chr(a)
    q = ucd.normalize("NFD", A)
    if ucd.normalize("NFC", q) != A:
        continue  # never the result of composing, never left by NFD
    for b in sorted(seconds - hangul):
        B = chr(b)
        if ucd.normalize("NFD", A + B) != q + B:
            continue  # reordered or b decomposes: a test of other pairs
        r = ucd.normalize("NFC", A + B)
        if len(r) == 1:
            comps.append((a, B + r))
# Cross-check: the measured pairs are exactly the primary composites of
# CPython's current database (two-character canonical decompositions
# starting with a starter, whose character NFC leaves as it is).
derived = set()
for c in ALL:
    d = unicodedata.decomposition(chr(c))
    if d and not d.startswith("<") and len(d.split()) == 2:
        a, b = (int(x, 16) for x in d.split())
        if unicodedata.combining(chr(a)) == 0 and unicodedata.normalize("NFC", chr(c)) == chr(c):
            derived.add((a, b, c))
assert derived == {(a, ord(v[0]), ord(v[1])) for a, v in comps}, "composition pairs"

prohibited = (stringprep.in_table_c12, stringprep.in_table_c22, stringprep.in_table_c3, stringprep.in_table_c4,
              stringprep.in_table_c5, stringprep.in_table_c6, stringprep.in_table_c7, stringprep.in_table_c8,
              stringprep.in_table_c9)
def klass(c):
    ch = chr(c)
    if any(p(ch) for p in prohibited):
        return 4 if ch.isprintable() else 5
    if stringprep.in_table_d1(ch):
        return 2
    if stringprep.in_table_d2(ch):
        return 3
    return 0

print("// Code generated by gen_idna.py from CPython 3.8's stringprep and unicodedata. DO NOT EDIT.")
print()
print("package source")
emit_string("idnaMapData", "holds stringprep's B.1 (to nothing) and B.2 mappings (%d entries)." % len(maps), maps)
emit_string("nfkdData", "holds ucd_3_2_0's NFKD of each code point it changes, Hangul aside (%d entries)." % len(decomp), decomp)
emit_string("compData", "holds the pairs ucd_3_2_0's NFC composes: first, second, composite (%d entries)." % len(comps), comps)
n = emit_ranges("cccRanges", "lists (first, last, class) for nonzero combining classes.", lambda c: unicodedata.combining(chr(c)))
n2 = emit_ranges("idnaClass", "lists (first, last, class) for nameprep classes other than plain (see gen_idna.py).", klass)
print("maps %d decomp %d comps %d ccc ranges %d class ranges %d" % (len(maps), len(decomp), len(comps), n, n2), file=sys.stderr)
