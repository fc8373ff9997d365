# PyCode_New interns the strings of a names tuple (co_names, co_varnames,
# co_cellvars, co_freevars) in place. When that tuple merged with an equal
# constant tuple, the constant's strings become the interned names too:
# visible with non-ASCII names, whose string literals are not interned.
def b(*args, café='café'):
    return lambda: café


def c(*, naïve=1, ß=2):
    return lambda: (naïve, ß, 'naïve')


t = ('π',)


def d(π):
    return π


u = ('Ω', 'ω')


def e():
    return Ω.ω, 'Ω'
