class A:
    x = 1
    def f(self):
        return x
    y = [x for _ in range(3)]
