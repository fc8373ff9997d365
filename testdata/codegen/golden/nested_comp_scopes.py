def f(a):
    return [x + a for x in range(a) if x > a]
def g():
    return [[i * j for j in range(i)] for i in range(3)]
x = 10
res = [x for x in range(x)]
def h(y):
    return {y: z for z in y}
