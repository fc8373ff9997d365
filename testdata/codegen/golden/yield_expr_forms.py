def g():
    x = yield 1
    y = yield
    z = (yield x) + (yield y)
    w = yield from g()
    await_ = 1
    return [x, y, z, w]
