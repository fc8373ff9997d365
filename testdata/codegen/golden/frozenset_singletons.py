# frozenset constants of one-character and empty strings: CPython's cached
# singletons intern in place, so intern_string_constants rebuilds no
# frozenset for them, while a longer string interned to another object
# makes it rebuild the set (and its order can change with each rebuild).


def f(c):
    return c in {'f', 'n', 't'}


def g(c):
    return c in {'a', 'b', 'x', 'y', '_', 'z', 'g'}


def h(c):
    return c not in {'', 'q', 'h', 'ab', 'cd'}


def k(c):
    return c in {'k', 'self', 'c', '\x66', 'return'}


x = [c for c in 'abc' if c in {'c', 'd', 'e', 'f', 'g', 'x'}]
for y in {'y', 'n', 't', 'f', 'Y', 'N'}:
    pass
