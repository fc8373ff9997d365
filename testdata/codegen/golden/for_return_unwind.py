def f(x):
    for a in x:
        for b in a:
            with b:
                try:
                    return b
                except E:
                    return None
