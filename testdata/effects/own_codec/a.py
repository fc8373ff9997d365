# The effect this file has on the process counts for its own bytes too.
# -*- coding: cp1252 -*-
def f(x):
    return x.decoding_table
