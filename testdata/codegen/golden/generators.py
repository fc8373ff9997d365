def gen():
    yield 1
    x = yield
    yield from range(3)
    return x
def gen2(n):
    for i in range(n):
        if i % 2:
            yield i
g = (x * 2 for x in range(10) if x)
lam = lambda: (yield)
