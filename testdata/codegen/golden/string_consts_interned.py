a = "hello"
b = "hello world"
c = "hello"
d = ("hello", "x y")
hello = 1
def f(hello="hello"):
    return "x y", hello
