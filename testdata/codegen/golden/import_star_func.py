from os import *
def f():
    return path
