x = (a) + (b)
y = (a + b) * (c - d)
z = ((a)) . b
w = (a)(b)
v = (a)[b]
u = -(a)
t = not (a)
s = (a) if (b) else (c)
r = (a) < (b) < (c)
q = (a) and (b) or (c)
p = (a) ** (b)
o = (f)(x)(y)
n = await_ = 1
