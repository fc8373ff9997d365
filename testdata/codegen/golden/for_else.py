for i in x:
    if i: break
else:
    y = 1
for i, j in enumerate(x):
    continue
for x.a in y:
    pass
for x[0] in y:
    pass
