def spin(f):
    while 1:
        if f():
            break
    while True:
        f()
        if f(2):
            return 3


def swaps(a, b, c):
    a, b = b, a
    a, b, c = c, b, a
    (a,) = (b,)
    x, y = 1, 2
    return a, b, c, x, y


def defaults(a=1, b='two', c=None, *, d=4, e=(5, 6)):
    g = lambda p=1, q=2: p + q
    return g(a, b)


def logic(a, b, c):
    x = a and b or c
    y = (a or b) and c
    z = a and b and c
    w = (a and b) or (b and c) or (c and a)
    if a and (b or c):
        return x
    elif not a or not b:
        return y
    return z or w


def returns(x):
    if x:
        return 1
    else:
        return 2
    x = 3
    return x


def loop_returns(xs):
    for x in xs:
        if x:
            return x
        else:
            continue
    while xs:
        try:
            return xs.pop()
        finally:
            xs = None
    with open(xs) as f:
        return f.read()


def nested(a):
    def inner(b=(1, 2)):
        return [i for i in b if i in (a, 3)]
    return inner
