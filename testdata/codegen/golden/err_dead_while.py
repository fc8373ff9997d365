while 0:
    yield 1
