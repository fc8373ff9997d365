a = (lambda: 0, lambda: 0)
b = lambda: 0
