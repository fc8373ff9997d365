with a:
    pass
with a as b:
    pass
with a as (b, c):
    pass
with a as [b, c]:
    pass
with a as b.c, d as e[0]:
    pass
with a, b, c:
    pass
with open("f") as f: data = f.read()
with (yield):
    pass
