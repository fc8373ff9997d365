while x:
    x -= 1
else:
    y = 1
while 0:
    pass
else:
    z = 1
while 0:
    break
while 0:
    continue
def f():
    while True:
        if x:
            return 1
