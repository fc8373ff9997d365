x += 1
x -= 1
x *= 2
x @= m
x /= 2
x //= 2
x %= 3
x **= 2
x <<= 1
x >>= 1
x &= 1
x |= 1
x ^= 1
a.b += 1
a[b] += 1
a[b:c] *= 2
def f():
    y = 0
    y += 1
    return y
