#!/usr/bin/env python3.8
"""Prints the token stream CPython 3.8's parser receives for each file.

Reads file paths on stdin, one per line. For each file prints "F path",
then either "E class<TAB>msg<TAB>lineno<TAB>offset<TAB>repr(text)" when
compile() rejects it, or one "type lineno col_offset" line per terminal of
the concrete syntax tree (the tokens parsetok handed the grammar engine,
with its positions), then "H sha1" of the token strings joined by NUL.
Used by compile/scanner's differential test.
"""
import hashlib, importlib.util, parser, re, sys, warnings

warnings.simplefilter("ignore")
out = sys.stdout

def terminals(node, acc):
    if node[0] < 256:  # token numbers are below the nonterminals'
        acc.append(node)
    else:
        for ch in node[1:]:
            if isinstance(ch, tuple):
                terminals(ch, acc)

for path in sys.stdin:
    path = path.rstrip("\n")
    out.write("F %s\n" % path)
    with open(path, "rb") as f:
        data = f.read()
    try:
        src = importlib.util.decode_source(data)
        # parser.suite re-reads a coding cookie in a str and would decode the
        # text twice; blank the cookie out (comments yield no tokens).
        head = src.split("\n", 2)
        for i in range(min(2, len(head))):
            head[i] = re.sub(r"coding[:=]", "codxng:", head[i])
        tree = parser.suite("\n".join(head)).totuple(line_info=True, col_info=True)
    except (SyntaxError, ValueError, UnicodeDecodeError, LookupError):
        try:
            compile(data, path, "exec", dont_inherit=True)
            raise AssertionError("parser module rejects what compile() accepts: " + path)
        except (SyntaxError, ValueError) as e:
            out.write("E %s\t%s\t%s\t%s\t%r\n" % (type(e).__name__, getattr(e, "msg", str(e)),
                                             getattr(e, "lineno", None), getattr(e, "offset", None),
                                                 getattr(e, "text", None)))
            continue
    toks = []
    terminals(tree, toks)
    h = hashlib.sha1()
    for t in toks:
        out.write("%d %d %d\n" % (t[0], t[2], t[3]))
        h.update(t[1].encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    out.write("H %s\n" % h.hexdigest())
out.flush()
