# Small ints that CPython 3.8 makes as new objects when it folds
# multi-digit arithmetic (x_add/x_sub results, x_divrem remainders), beside
# its cached ones: marshal sets FLAG_REF only on those shared.
a = 10**20 + 1 - 10**20             # x_sub: a new 1
b = (2**30 + 5) - 2**30             # a new 5
c = 2**30 - 2**30                   # equal magnitudes: the cached 0
d = -2**30 + (2**30 + 7)            # opposite signs: a new 7
e = (2**30 - 1) - (2**30 - 3)       # one digit each: the cached 2
f = (10**20 + 3) % 10**20           # x_divrem's remainder: a new 3
g = 10**20 % 10**20                 # a new 0
h = (10**20 + 3) % 7                # one-digit divisor: cached
i = 5 % 10**20                      # |a| < |b|: the dividend itself
j = -(2**30 - 10) % 2**30           # sign fixed by long_add: a new 10
k = (10**20 + 12 - 10**20) % 10**20 # the dividend, itself new
l = -(10**20 + 13 - 10**20)         # negation: cached
m = +(10**20 + 14 - 10**20)         # unary plus keeps the object
n = (2**40 + 9 - 2**40, 9)          # a new 9 merged with the literal
q = 10**20 // 10**20                # a quotient: cached 1, merged with a's
r = (10**20 + 4) - (10**20 + 4)     # the cached 0


def f1():
    return 10**20 + 11 - 10**20     # a new 11, used in f1 only


def f2():
    return 11                       # merged with f1's


def f3():
    return 2**35 + 200 - 2**35, 2**36 + 200 - 2**36


def f4():
    return 10**25 % (10**25 - 17)   # a new 17 alone
