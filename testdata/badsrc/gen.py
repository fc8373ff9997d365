#!/usr/bin/env python3.8
"""Generates cases.json: CPython 3.8's verdict on each malformed (or merely
extreme) source of the table below.

A case's source is described compactly as a list of parts [hex, count]: the
bytes of each part repeated count times, concatenated; a part [hex, count,
"seq"] repeats a template with "%d" replaced by 0, 1, ..., count-1. This keeps 10 MB
literals, 1M-line files and 100k-term expressions out of the repository;
internal/robust rebuilds the same bytes at test time.

Each source is written to f.py in a temporary directory and compiled in a fresh
interpreter (so a crash of CPython cannot stop the run and the Python stack
depth at the compile() call is the same for every case) with
compile(data, "f.py", "exec", dont_inherit=True) from that directory, the
way py_compile sees a file (post-parse errors reread their text from it). The verdict is either ok (with the SHA-256 of marshal.dumps of the
code object and its length) or the exception: class, message, lineno,
offset and text (SyntaxError family) or str(exc) (others). Strings are
stored as hex of their UTF-8 (surrogatepass) bytes so that lone surrogates
survive JSON; texts longer than 4096 bytes are stored as length + SHA-256.

The marshalled bytes come from a plain "python3.8 -S" process, whose
interned strings differ from compileall's, so reference flags (not values)
may legitimately differ from what gopyc writes for compileall.

Run: $(pyenv prefix 3.8.18)/bin/python3.8 -S testdata/badsrc/gen.py
"""
import json
import os
import subprocess
import sys

assert sys.version_info[:2] == (3, 8), sys.version
here = os.path.dirname(os.path.abspath(__file__))

CASES = []  # (name, parts)


def add(name, *parts):
    """parts: bytes (once), (bytes, count), or seq(template, count)."""
    ps = []
    for p in parts:
        if isinstance(p, str):
            p = p.encode("utf-8", "surrogatepass")
        if isinstance(p, bytes):
            p = (p, 1)
        b, n = p[0], p[1]
        if isinstance(b, str):
            b = b.encode("utf-8", "surrogatepass")
        ps.append((b, n) + tuple(p[2:]))
    CASES.append((name, ps))


def seq(template, n):
    """A part repeated n times with every "%d" replaced by 0, 1, ... n-1."""
    return (template, n, "seq")


def expand(part):
    if len(part) == 3:
        b, n, _ = part
        return b"".join(b.replace(b"%d", str(i).encode()) for i in range(n))
    b, n = part
    return b * n


# ---- invalid UTF-8 in many positions ----
BAD = {
    "cont80": b"\x80",
    "ff": b"\xff",
    "overlong_c080": b"\xc0\x80",
    "overlong_e08080": b"\xe0\x80\x80",
    "surrogate_eda080": b"\xed\xa0\x80",
    "above_10ffff": b"\xf4\x90\x80\x80",
    "trunc_e282": b"\xe2\x82",
    "trunc_f09f_space": b"\xf0\x9f ",
}
POS = {
    "start": lambda x: [x + b"x = 1\n"],
    "line1_comment": lambda x: [b"# " + x + b"\nx = 1\n"],
    "line3_comment": lambda x: [b"x = 1\ny = 2\n# " + x + b"\n"],
    "in_str": lambda x: [b"s = '" + x + b"'\n"],
    "in_str_escape": lambda x: [b"s = '\\n" + x + b"'\n"],
    "in_bytes": lambda x: [b"s = b'" + x + b"'\n"],
    "in_name": lambda x: [b"ab" + x + b"cd = 1\n"],
    "in_docstring": lambda x: [b'"""doc\n' + x + b'\n"""\n'],
    "in_fstring": lambda x: [b"f'{1}" + x + b"'\n"],
    # A raw f-string's literal pieces are decoded as strict UTF-8 each
    # (found by FuzzCompileDifferential: rf"\xbe" was accepted).
    "in_raw_fstring": lambda x: [b"rf'{1}" + x + b"'\n"],
    "in_raw_fstring_spec": lambda x: [b"rf'{1:>" + x + b"}'\n"],
    "in_raw_fstring_after_braces": lambda x: [b"x = 1\ny = Rf'{{" + x + b"'\n"],
    "at_eof_no_nl": lambda x: [b"x = 1\n" + x],
    "after_bom": lambda x: [b"\xef\xbb\xbf" + x + b"\n"],
    "latin1_declared": lambda x: [b"# -*- coding: latin-1 -*-\ns = '" + x + b"'\n"],
    "line1000": lambda x: [(b"pass\n", 999), b"s = '" + x + b"'\n"],
}
for pn, pf in POS.items():
    for bn, b in BAD.items():
        add("utf8/%s/%s" % (pn, bn), *pf(b))

# ---- encodings ----
add("enc/unknown", b"# coding: foobar\nx = 1\n")
add("enc/unknown_line2", b"#!/usr/bin/python\n# coding: nosuch-codec\nx = 1\n")
add("enc/line3_ignored", b"#\n#\n# coding: foobar\nx = 1\n")
add("enc/after_code_ignored", b"x = 1\n# coding: foobar\n")
add("enc/bom_latin1", b"\xef\xbb\xbf# coding: latin-1\nx = 1\n")
add("enc/bom_utf8", b"\xef\xbb\xbf# coding: utf-8\nx = 1\n")
add("enc/bom_utf8_sig", b"\xef\xbb\xbf# coding: utf-8-sig\nx = 1\n")
add("enc/bom_only", b"\xef\xbb\xbf")
add("enc/double_bom", b"\xef\xbb\xbf\xef\xbb\xbfx = 1\n")
add("enc/bom_then_invalid", b"\xef\xbb\xbfx = '\xff'\n")
add("enc/ascii_high", b"# coding: ascii\ns = '\xe9'\n")
add("enc/ascii_high_comment", b"# coding: ascii\n# \xe9\n")
add("enc/utf8_declared_invalid", b"# coding: utf-8\ns = '\xe9'\n")
add("enc/latin1_ok", b"# coding: latin-1\ns = '\xe9\xff'\n")
add("enc/cp1252_undefined", b"# coding: cp1252\ns = '\x81'\n")
add("enc/cp1252_ok", b"# coding: cp1252\ns = '\x80'\n")
add("enc/shift_jis_bad", b"# coding: shift_jis\ns = '\x81'\n")
add("enc/euc_jp_ok", b"# coding: euc-jp\ns = '\xa4\xa2'\n")
add("enc/euc_jp_bad", b"# coding: euc-jp\ns = '\xa4'\n")
add("enc/utf16", b"# coding: utf-16\nx = 1\n")
add("enc/utf32", b"# coding: utf-32\nx = 1\n")
add("enc/rot13", b"# coding: rot13\nx = 1\n")
add("enc/hex", b"# coding: hex\nx = 1\n")
add("enc/mixed_case", b"# coding: LaTiN-1\ns = '\xe9'\n")
add("enc/emacs", b"# -*- coding: iso-8859-15 -*-\ns = '\xa4'\n")
add("enc/vim", b"# vim: set fileencoding=koi8-r :\ns = '\xc1'\n")
add("enc/empty_name", b"# coding: \nx = 1\n")
add("enc/two_decls", b"# coding: latin-1\n# coding: utf-8\ns = '\xe9'\n")
add("enc/line2_after_code", b"x = 1\n# coding: latin-1\ns = '\xe9'\n")
add("enc/cr_only_decl", b"# coding: latin-1\rs = '\xe9'\r")
add("enc/utf8_bom_utf16_decl", b"\xef\xbb\xbf# coding: utf-16\n")
add("enc/latin1_in_name", b"# coding: latin-1\n\xe9t\xe9 = 1\n")
add("enc/long_name", b"# coding: " + b"a" * 300 + b"\nx = 1\n")
add("enc/utf8_alias_u8", b"# coding: u8\ns = '\xc3\xa9'\n")
add("enc/big5_ok", b"# coding: big5\ns = '\xa4\x40'\n")
add("enc/gbk_bad", b"# coding: gbk\ns = '\x81'\n")

# ---- NUL bytes ----
add("nul/start", b"\x00x = 1\n")
add("nul/comment", b"# \x00\n")
add("nul/string", b"s = '\x00'\n")
add("nul/end", b"x = 1\n\x00")
add("nul/line500", (b"pass\n", 499), b"x\x00 = 1\n")
add("nul/after_bad_utf8", b"s = '\xff'\n\x00\n")
add("nul/latin1", b"# coding: latin-1\n\x00\n")

# ---- lone surrogates in literals ----
add("sur/escape_lo", b"s = '\\ud800'\n")
add("sur/escape_hi", b"s = '\\udfff'\n")
add("sur/escape_pair", b"s = '\\ud83d\\ude00'\n")
add("sur/escape_reversed", b"s = '\\ude00\\ud83d'\n")
add("sur/U_escape", b"s = '\\U0000d800'\n")
add("sur/U_too_big", b"s = '\\U00110000'\n")
add("sur/bytes_escape", b"s = b'\\ud800'\n")
add("sur/fstring", b"s = f'\\ud800{1}'\n")
add("sur/raw", b"s = r'\\ud800'\n")
add("sur/docstring", b"'''\\udcff'''\n")
add("sur/encoded_utf8", b"s = '\xed\xb2\x80'\n")
add("sur/N_escape_bad", b"s = '\\N{NO SUCH NAME}'\n")
add("sur/u_short", b"s = '\\ud80'\n")
add("sur/key_and_attr", b"d = {'\\ud800': 1, 'a': '\\udc00'}\n")
add("sur/in_tuple_const", b"t = ('\\ud800', '\\ud800')\n")

# ---- deep nesting ----
for n in (50, 90, 99, 100, 199, 200, 201, 1000):
    add("nest/paren_%d" % n, (b"(", n), b"1", (b")", n), b"\n")
for n in (30, 95, 300):
    add("nest/list_%d" % n, (b"[", n), (b"]", n), b"\n")
    add("nest/dict_%d" % n, (b"{1:", n), b"1", (b"}", n), b"\n")
for n in (10, 99, 100, 101):
    add("nest/if_blocks_%d" % n, *[(b" " * i + b"if x:\n") for i in range(n)], b" " * n + b"pass\n")
for n in (20, 21):
    add("nest/for_static_%d" % n, *[(b" " * i + b"for x in y:\n") for i in range(n)], b" " * n + b"pass\n")
    add("nest/try_static_%d" % n, *[(b" " * i + b"try:\n") for i in range(n)], b" " * n + b"pass\n",
        *[(b" " * i + b"finally:\n" + b" " * i + b" pass\n") for i in range(n - 1, -1, -1)])
for n in (50, 95):
    add("nest/def_%d" % n, *[(b" " * i + b"def f():\n") for i in range(n)], b" " * n + b"return x\n")
for n in (100, 1000, 1499, 1500, 5000, 100000):
    add("nest/not_%d" % n, (b"not ", n), b"x\n")
    add("nest/neg_%d" % n, (b"-", n), b"x\n")
for n in (100, 400, 1200, 5000):
    add("nest/power_%d" % n, (b"x**", n), b"x\n")
    add("nest/ifexp_%d" % n, (b"a if b else ", n), b"c\n")
    add("nest/lambda_%d" % n, (b"lambda: ", n), b"x\n")
for n in (10, 100, 300):
    add("nest/listcomp_%d" % n, (b"[x for x in ", n), b"y", (b"]", n), b"\n")
    add("nest/genexp_%d" % n, (b"(x for x in ", n), b"y", (b")", n), b"\n")
for n in (100, 900, 1200, 100000):
    add("nest/add_%d" % n, b"a", (b"+a", n - 1), b"\n")
add("nest/attr_100000", b"a", (b".b", 99999), b"\n")
add("nest/call_100000", b"f", (b"()", 99999), b"\n")
add("nest/subscr_100000", b"a", (b"[0]", 99999), b"\n")
add("nest/and_100000", b"a", (b" and a", 99999), b"\n")
add("nest/cmp_100000", b"a", (b"<a", 99999), b"\n")
add("nest/chain_assign_100000", (b"a=", 100000), b"1\n")
add("nest/tuple_100000", (b"a,", 100000), b"\n")
add("nest/strcat_100000", (b"'a' ", 100000), b"\n")
add("nest/add_paren_300", (b"1+(", 300), b"1", (b")", 300), b"\n")
add("nest/add_consts_100000", b"1", (b"+1", 99999), b"\n")

# ---- big inputs ----
add("big/str_10MB", b"s = '", (b"a", 10 << 20), b"'\n")
add("big/bytes_10MB", b"s = b'", (b"\\x00", 1 << 20), b"'\n")
add("big/triple_str_10MB", b's = """', (b"ab\n", 3 << 20), b'"""\n')
add("big/comment_10MB", b"# ", (b"c", 10 << 20), b"\nx = 1\n")
add("big/unterminated_10MB", b"s = '", (b"a", 10 << 20), b"\n")
add("big/unterminated_triple_1M_lines", b"s = '''", (b"a\n", 1 << 20))
add("big/name_1MB", (b"n", 1 << 20), b" = 1\n")
add("big/pass_1M_lines", (b"pass\n", 1 << 20))
add("big/assign_1M_lines", (b"x = 1\n", 1 << 20))
add("big/blank_then_error", (b"\n", 1 << 20), b"x = = 1\n")
add("big/int_100k_digits", b"x = ", (b"9", 100000), b"\n")
add("big/hex_1M_digits", b"x = 0x", (b"f", 1 << 20), b"\n")
add("big/bin_1M_digits", b"x = 0b", (b"1", 1 << 20), b"\n")
add("big/float_10k_digits", b"x = ", (b"1", 10000), b".5\n")
add("big/float_overflow", b"x = 1e99999\n")
add("big/imag_overflow", b"x = 1e99999j\n")
add("big/int_underscores", b"x = 1", (b"_0", 50000), b"\n")
add("big/int_leading_zeros", b"x = ", (b"0", 100000), b"\n")
add("big/int_leading_zeros_bad", b"x = 0", (b"0", 1000), b"1\n")
add("big/list_100k_consts", b"x = [", (b"1,", 100000), b"]\n")
add("big/dict_100k", b"x = {", (b"1:1,", 100000), b"}\n")
add("big/args_300", b"f(", (b"a,", 300), b")\n")
add("big/params_300", b"def f(", seq(b"a%d,", 300), b"): pass\n")
add("big/pow_fold", b"x = 2**100000\n")
add("big/mul_fold", b"x = 'a'*5000\n")
add("big/tuple_mul", b"x = (1,)*10**9\n")
add("big/lines_jump", b"if x:\n", (b"  y = 1\n", 70000), b"else:\n  pass\n")

# ---- newlines ----
add("nl/crlf", b"x = 1\r\nif x:\r\n    y = 2\r\n")
add("nl/cr", b"x = 1\rif x:\r    y = 2\r")
add("nl/mixed", b"x = 1\r\ny = 2\rz = 3\n")
add("nl/cr_in_str", b"s = 'a\rb'\n")
add("nl/crlf_in_triple", b"s = '''a\r\nb\rc'''\n")
add("nl/backslash_crlf", b"x = 1 + \\\r\n 2\r\n")
add("nl/backslash_cr", b"x = 1 + \\\r 2\r")
add("nl/backslash_eof", b"x = 1 + \\")
add("nl/backslash_eof_nl", b"x = 1\n\\\n")
add("nl/no_final_nl", b"if x:\n    y = 1")
add("nl/no_final_nl_comment", b"x = 1 # c")
add("nl/cr_error_line3", b"x = 1\ry = 2\rz = = 3\r")
add("nl/crlf_error", b"x = 1\r\ny = (\r\n")
add("nl/crlf_eof_indent", b"if x:\r\n")
add("nl/crlf_eof_def", b"x = 1\r\ndef f():\r\n")
add("nl/crlf_eof_paren", b"(\r\n")
add("nl/crlf_eof_triple", b"s = \"\"\"a\r\n")
add("nl/cr_eof_paren", b"x = (\r")
add("nl/crlf_then_lf_eof", b"x = (\r\n\n")
add("nl/formfeed_indent", b"if x:\n\x0c    y = 1\n")
add("nl/formfeed_mid", b"x = 1\x0c\n")
add("nl/lone_cr_mid_line", b"x = 1 \r+ 2\n")
add("nl/vt", b"x = 1\x0b\n")

# ---- tabs and spaces ----
add("tab/inconsistent", b"if x:\n\ty = 1\n        z = 2\n")
add("tab/consistent", b"if x:\n\ty = 1\n\tz = 2\n")
add("tab/space_then_tab", b"if x:\n  \ty = 1\n  \tz = 2\n")
add("tab/tab8_vs_space", b"if x:\n\tif y:\n\t        z = 1\n")
add("tab/dedent_mismatch", b"if x:\n    y = 1\n  z = 2\n")
add("tab/unexpected_indent", b"x = 1\n    y = 2\n")
add("tab/expected_indent", b"if x:\ny = 2\n")
add("tab/tab_after_1space", b"if x:\n \ty\n\ty\n")
add("tab/deep_tabs", *[(b"\t" * i + b"if x:\n") for i in range(98)], b"\t" * 98 + b"pass\n")
add("tab/indent_101_tabs", *[(b"\t" * i + b"if x:\n") for i in range(101)], b"\t" * 101 + b"pass\n")
add("tab/wide_indent", b"if x:\n", (b" ", 100000), b"y = 1\n")

# ---- misc ----
add("misc/empty", b"")
add("misc/only_newlines", (b"\n", 1000))
add("misc/only_comment_no_nl", b"# c")
add("misc/euro_name", "\u20ac = 1\n")
add("misc/nfkc_name", "\ufb01 = 1\nprint(fi)\n")
add("misc/zero_width", "x\u200b = 1\n")
add("misc/nbsp", "x\u00a0= 1\n")
add("misc/fullwidth_digit", "x = \uff11\n")
add("misc/emoji_name", "\U0001f600 = 1\n")
add("misc/dollar", b"$x = 1\n")
add("misc/question", b"x = 1?\n")
add("misc/backtick", b"`x`\n")
add("misc/eof_in_triple", b"s = '''abc\n")
add("misc/eof_in_paren", b"x = (1,\n")
add("misc/eof_in_fstring", b"f'{'\n")
add("misc/fstring_nested_deep", b"f'{f\"{f'{1}'}\"}'\n")
add("misc/fstring_huge_expr", b"f'{", b"1", (b"+1", 50000), b"}'\n")
for ch in (b"!", b"$", b"?", b"`", b"!="):
    # Found by FuzzCompileDifferential: a token the grammar has no label
    # for, where an indented block is expected, is plain invalid syntax.
    add("misc/expect_indent_got_%s" % ch.hex(), b"def A():\n", ch)
add("misc/ctrl_chars", b"x = 1\x01\n")
add("misc/del_char", b"x = 1\x7f\n")
add("misc/too_many_args_256", b"def f(", seq(b"a%d,", 256), b"): pass\n")
add("misc/many_locals", seq(b"x%d = 1\n", 70000))
add("misc/return_outside", b"return 1\n")
add("misc/yield_outside", b"yield 1\n")
add("misc/nonlocal_module", b"nonlocal x\n")
add("misc/future_late", b"x = 1\nfrom __future__ import annotations\n")
add("misc/future_unknown", b"from __future__ import braces\n")
add("misc/await_outside", b"await x\n")
add("misc/star_assign_many", b"a, *b, *c = d\n")
add("misc/assign_to_literal", b"1 = x\n")
add("misc/big_line_number_error", (b"x = 1\n", 300000), b"def f(:\n")
add("misc/bad_escape_warn", b"s = '\\d'\n")
add("misc/is_literal_warn", b"x is 1\n")

# ---- the text of an error found after parsing, reread from the file: in
# 999-byte pieces, of which only the last is decoded ----
add("text/bad_byte_then_long_line", b'"\xd80', (b"A", 1200), b'"\n')
add("text/bad_byte_then_long_triple", b'"\xd80', (b"A", 3535), b'"""')
add("text/piece_starts_mid_char", b'"', (b"A", 997), "\u00e9", (b"B", 10), b'" = 1\n')
add("text/long_line_valid", b'"', (b"A", 2000), b'" = 1\n')
add("text/piece_is_newline", b'"', (b"A", 993), b'" = 1', b"\n")

CHILD = r"""
import sys, marshal, hashlib, warnings
warnings.simplefilter("ignore")
sys.setrecursionlimit(1000)
path = sys.argv[1]
with open(path, "rb") as f:
    data = f.read()
def h(s):
    return s.encode("utf-8", "surrogatepass").hex()
def run():
    try:
        code = compile(data, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError, UnicodeError, LookupError, TypeError) as e:
        r = {"class": type(e).__name__}
        if isinstance(e, SyntaxError):
            r["msg"] = h(e.msg or "")
            r["lineno"] = e.lineno or 0
            r["offset"] = e.offset or 0
            t = e.text
            if t is None:
                r["text"] = None
            else:
                b = t.encode("utf-8", "surrogatepass")
                if len(b) > 4096:
                    r["text_len"] = len(b)
                    r["text_sha256"] = hashlib.sha256(b).hexdigest()
                else:
                    r["text"] = b.hex()
        else:
            r["msg"] = h(str(e))
        return r
    m = marshal.dumps(code)
    r = {"class": None, "marshal_len": len(m), "marshal_sha256": hashlib.sha256(m).hexdigest()}
    if len(m) <= 16384:
        r["marshal"] = m.hex()
    return r
import json
print(json.dumps(run()))
"""


def verdict(data):
    import tempfile
    with tempfile.TemporaryDirectory(prefix="badsrc") as d:
        with open(os.path.join(d, "f.py"), "wb") as f:
            f.write(data)
        p = subprocess.run([sys.executable, "-S", "-c", CHILD, "f.py"], capture_output=True, cwd=d,
                           env=dict(os.environ, PYTHONHASHSEED="0"), timeout=600)
        if p.returncode != 0:
            return {"class": "crash", "msg": ("rc=%d %s" % (p.returncode, p.stderr[-300:].decode("utf-8", "replace"))).encode().hex()}
        return json.loads(p.stdout)


def main():
    only = sys.argv[1:]
    out = []
    names = set()
    for name, parts in CASES:
        assert name not in names, name
        names.add(name)
        if only and not any(name.startswith(o) for o in only):
            continue
        data = b"".join(expand(p) for p in parts)
        v = verdict(data)
        rec = {"name": name, "parts": [[p[0].hex()] + list(p[1:]) for p in parts]}
        rec.update(v)
        out.append(rec)
        print(name, v.get("class"), bytes.fromhex(v.get("msg", "")).decode("utf-8", "surrogatepass")[:80], file=sys.stderr)
    if only:
        return
    with open(os.path.join(here, "cases.json"), "w") as f:
        json.dump(out, f, indent=0)
        f.write("\n")
    print(len(out), "cases;", sum(1 for v in out if v["class"]), "rejected", file=sys.stderr)


if __name__ == "__main__":
    main()
