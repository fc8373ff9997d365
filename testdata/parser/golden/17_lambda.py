f = lambda: 0
f = lambda x: x
f = lambda x, y=1: x + y
f = lambda *a, **k: (a, k)
f = lambda a, /, b, *, c: 0
f = lambda *, a=1: a
f = lambda x: lambda y: x + y
f = lambda: (yield)
g = [lambda: i for i in range(3)]
h = [x for x in y if lambda: x]
k = lambda x: x if x else -x
