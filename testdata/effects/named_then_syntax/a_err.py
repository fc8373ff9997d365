# A grammar error: no tree is built, no string decoded.
x = "\N{BULLET}"
def f(:
    pass
