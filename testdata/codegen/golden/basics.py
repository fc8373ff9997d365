"""Module docstring."""
import os
import os.path as osp
from sys import argv, path as p
from . import sibling
x = 1
y = x + 2 * 3
z = -x
s = 'hello'
t = (1, 2, 3)
l = [x, y, z]
d = {'a': 1, 'b': 2}
d2 = {x: y, **d}
st = {1, 2, x}
del z
a, b = b, a
a, *rest = l
x += 1
l[0] += 2
os.sep += 'x'
print(x, y, sep=' ', end='\n')
print(*l, **d)
f = lambda a, b=2: a + b
if x:
    y = 1
elif y:
    y = 2
else:
    y = 3
while x < 10:
    x += 1
    if x == 5:
        continue
    if x == 7:
        break
else:
    pass
for i in range(3):
    print(i)
else:
    print('done')
