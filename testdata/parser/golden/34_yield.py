def g():
    yield
    yield 1
    yield 1, 2
    yield from x
    x = yield
    x = yield 1
    x = yield from y
    f((yield))
    (yield)
    y = [(yield)]
    yield *a, b
    return (yield x)
