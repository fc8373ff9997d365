# A decimal literal with a leading zero reaches the parser only when an "e"
# that starts no exponent follows it; CPython then reads it as a float.
a = 1 if 01else 2
b = 1 if 09else 2
c = 1 if 0_1else 2
d = 1 if 000_000_7else 2
e = 1 if 00else 2
f = 1 if 0_0else 2
g = [x for x in (01j, 00e0, 010e1)]


def h(n=1 if 07else 3):
    return n if 0_0_3else None
