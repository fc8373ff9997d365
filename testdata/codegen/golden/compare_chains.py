a = x < y < z
b = x == y != z > w
if a < b < c:
    pass
if not a < b:
    pass
c = 1 < x
d = x is None
e = x is not None
f = x in y
g = x not in y
