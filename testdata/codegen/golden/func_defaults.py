def f(a, b=1, *args, c, d=2, **kw):
    return a, b, args, c, d, kw
def g(x, /, y, *, z=3):
    return x + y + z
def h(a=[], b={}, c=(1, 2)):
    pass
def k(*, a=1, b, c=3):
    return a
