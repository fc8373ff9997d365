with open("f") as f:
    data = f.read()
with a as (b, c), d:
    pass
with a:
    with b as x.y:
        pass
def f():
    for i in x:
        with a:
            if i: break
            if not i: continue
            return i
