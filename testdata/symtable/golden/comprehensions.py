data = [1, 2, 3]
squares = [x * x for x in data if x]
pairs = {x: y for x in data for y in range(x)}
uniq = {x for x in data}
gen = (x for x in data)
nested = [[y for y in range(x)] for x in data]
last = [(w := x) for x in data]


def f(items):
    total = 0
    found = [(total := total + i) for i in items]
    any((hit := v) > 2 for v in items)
    return total, found, hit


def g(items):
    global gv
    return [(gv := i) for i in items]


def h(n):
    return [[(m := j) for j in range(i)] for i in range(n)], m


def lam():
    return lambda s: [(t := c) for c in s]


def outer_iter(xs):
    return [y for y in [z for z in xs] if y], (a for a in xs for b in a)


def comp_of_lambdas(xs):
    return [lambda: x for x in xs], [lambda x=x: x for x in xs]


class C:
    vals = [1, 2]
    doubled = [v * 2 for v in vals]
    shadowed = [vals for _ in range(3)]
    gens = (v for v in vals)
