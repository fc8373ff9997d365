# The effect this file has on the process counts for its own bytes too.
é = 1
def f(y):
    return y.ucd_3_2_0
