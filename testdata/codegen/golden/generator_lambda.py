g = lambda: (yield 1)
h = lambda x: [(yield y) for y in x]
