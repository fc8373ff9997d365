# Empty constants made by constant folding. CPython repeats non-empty bytes
# zero times into a new empty bytes object, not its shared b'' (which empty
# literals, empty line tables and folds that return an operand use), so a
# folded b'' held once has no ref flag; empty str and tuple results are
# always the shared ones.
a = b"xy" * 0
s = "ab" * 0
t = (1, 2) * 0
u = b"z" * -3


def literal_first():
    x = b""
    return x, b"pq" * 0


def fold_first():
    y = b"pq" * 0
    return y, b""


def operand_returned():
    return b"" * 5, b"" + b"", b"k" * 1


class K:
    e = b"ab" * 0
    f = (b"",)
    g = (b"q" * 0,)
