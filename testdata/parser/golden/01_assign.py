x = 1
x = y = z = 2
a, b = b, a
[a, b] = c
(a, b), c = d
a, *b = c
*a, b = c
[a, *b, c] = d
x.y = 1
x[0] = 1
x[1:2] = 3
x.y.z[0].w = 4
x = yield_ = 5
(x) = 6
((x)) = 7
