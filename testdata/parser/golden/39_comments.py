# leading comment
x = 1  # trailing

# between

def f():  # after def
    # inside
    return x  # end
    # dangling
# final
