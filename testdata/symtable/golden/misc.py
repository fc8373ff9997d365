import a.b.c
import a.b as ab
from . import sibling
from ..pkg import *

__all__ = ["x"]
x = y = z = 0
x += 1
a.b.c.d = 1
del z
for i, (j, *k) in []:
    pass
else:
    pass
while False:
    break
if x:
    pass
elif y:
    pass
assert x, "msg"
raise ValueError from None
print(f"{x!r:>{y}} {i}")
s = slice(1)[1:2:3, ...]
t = {**{}, "k": x}
u = [*x, *y]
call(*args, key=val, **kwargs)
cond = x if y else z


def star_import_free():
    return x, i, print


def returns_none():
    return


def deep():
    def d1():
        def d2():
            return deep
        return d2
    return d1


def __debug_user():
    return __debug__


def mangle_outside_class(__x):
    return __x
