def f(): return "shared", (1, 2), 1.5
def g(): return "shared", (1, 2), 1.5
x = ("a", "b")
def h(a, b): return ("a", "b")
