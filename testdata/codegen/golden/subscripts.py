a = x[1]
b = x[1:2]
c = x[::2]
d = x[1:2, 3]
e = x[...]
f = x[:, :]
x[0] = 1
del x[1:]
x[a:b] += 1
g = x["key"]
h = x[a, b]
