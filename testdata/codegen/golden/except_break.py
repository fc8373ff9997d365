def f():
    for i in x:
        try:
            pass
        except E as e:
            break
        except F:
            continue
