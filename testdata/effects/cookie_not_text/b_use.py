def f(x):
    return x.hex_decode
