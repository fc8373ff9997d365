if 0:
    x = y is 1
