first, *middle, last = range(10)
[a, *b] = c
for *x, y in z:
    pass
