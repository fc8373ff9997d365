if 0:
    x = 1
if 1:
    y = 2
else:
    z = 3
if "":
    w = 4
else:
    v = 5
while 0:
    u = 6
while 1:
    break
while True:
    t = 7
    break
if __debug__:
    s = 8
if not __debug__:
    r = 9
