x = 1
if x is 1:
    pass
y = x is not "a"
z = x is None
