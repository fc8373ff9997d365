while x:
    x -= 1
while True:
    if x:
        break
    else:
        continue
while x:
    pass
else:
    y = 1
while (n := f()) > 0:
    pass
