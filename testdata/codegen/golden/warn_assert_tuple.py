assert (x, "msg")
assert ()
