x = (1)
x = (1,)
x = ((1, 2), (3, 4))
x = (yield) if False else ()
x = ((a), (b),)
x = ((((a))))
f((a, b))
f(((a)))
for (a) in b: pass
for ((a), b) in c: pass
