# The effect this file has on the process counts for its own bytes too.
x = "\N{LATIN SMALL LETTER A}"
def f(y):
    return y.ucd_3_2_0
