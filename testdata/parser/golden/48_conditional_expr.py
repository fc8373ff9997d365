x = a if b else c
x = a if b else c if d else e
x = (a if b else c)
f(a if b else c)
x = [a if b else c for a in d]
x = lambda: a if b else c
x = a if (b if c else d) else e
