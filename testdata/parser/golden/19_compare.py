a < b
a > b
a == b
a >= b
a <= b
a != b
a in b
a not in b
a is b
a is not b
a < b < c
a < b == c > d
not a in b
a is not (not b)
(a < b) < c
x = 1 < 2 > 3 != 4
