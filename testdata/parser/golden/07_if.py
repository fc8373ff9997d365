if a:
    pass
if a:
    x = 1
else:
    x = 2
if a:
    x = 1
elif b:
    x = 2
elif c:
    x = 3
else:
    x = 4
if a: x = 1
if a: pass
elif b: pass
if a:
    if b:
        pass
    else:
        pass
if (a and
        b):
    pass
