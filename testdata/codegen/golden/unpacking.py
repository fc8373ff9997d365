a, b = c
a, b, c = 1, 2, 3
[a, b] = x
a, *b = x
*a, b = x
a, *b, c = x
(a, b), c = x
a = b = c = 1
x.y, z[0] = 1, 2
for a, (b, c) in x:
    pass
t = (*a, *b)
l = [*a, 1, *b]
s = {*a, 2}
