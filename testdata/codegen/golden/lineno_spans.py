x = (1 +
     2)
y = f(a,
      b,
      c)
z = obj.\
    attr
w = [
    1,
    2,
]
if (a and
        b):
    pass
v = obj.method(
    arg).other(
    arg2)
