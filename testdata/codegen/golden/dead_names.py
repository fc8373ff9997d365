if 0:
    import q
    x = 1
    def f(): pass
    x.attr = 1
y = 2
