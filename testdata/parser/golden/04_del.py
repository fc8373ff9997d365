del x
del x, y
del (x, y)
del [x, y]
del x.y
del x[0]
del x[1:2], y.z
del (a), [b, (c, d)]
