def outer(a, b=2, *args, c, d=4, **kw):
    total = a + b

    def middle(x):
        nonlocal total
        total += x

        def inner():
            return total, a, x
        return inner
    return middle


class Counter:
    count = 0

    def __init__(self, start=0):
        self.value = start

    def bump(self):
        self.value += 1
        Counter.count += 1
        return self

    @property
    def doubled(self):
        return self.value * 2

    def __repr__(self):
        return f"Counter({self.value!r})"


def make_adders(n):
    return [lambda x, i=i: x + i for i in range(n)]
