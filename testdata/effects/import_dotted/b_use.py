def f(y):
    return y.ucd_3_2_0
