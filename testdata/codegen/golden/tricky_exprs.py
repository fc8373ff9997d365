if (a if b else c) < d < e:
    pass
if not a < b < c:
    pass
assert not (a and b), "m"
f(*a, *b, **c, **d)
f(1, *a, 2, *b, k=1, **c, j=2)
del (a, b), [c, d]
x[0].y += 1
x.y[0] += 1
t = a, = b
u = [i for i in range(3) if i if not i]
v = {**{}, 'a': 1}
w = f"{x!r:>{width}.{prec}} {y=}" if False else f"{x:{'>'}10}"
z = (lambda q=x: q)(), (lambda: x)()
