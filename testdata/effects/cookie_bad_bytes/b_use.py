def f(x):
    return x.decoding_table
