a = lambda: 0
b = lambda x: x
c = lambda x, y=1, *a, z, **k: (x, y, a, z, k)
d = lambda: lambda: 1
e = lambda *, k=2: k
f = lambda x, /: x
g = (lambda: 0, lambda: 0)
