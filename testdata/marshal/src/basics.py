"""A module exercising common constant kinds."""
import os
from sys import argv as _argv

ANSWER = 42
BIG = 2 ** 70
NEG_BIG = -(10 ** 30)
RATIO = 0.5
NEG_ZERO = -0.0
CPLX = 3 + 4j
NAME = "basics"
BLOB = b"\x00\x01binary\xff"
PAIR = (1, "two", 3.0)
NESTED = ((1, 2), (3, (4, 5)), ())


def greet(who, *, loud=False):
    msg = "hello, " + who
    if loud:
        return msg.upper()
    return msg


def counts(seq):
    out = {}
    for item in seq:
        out[item] = out.get(item, 0) + 1
    return out


if __name__ == "__main__":
    print(greet(os.getcwd()), _argv)
