x = [[[[[[[[[[1]]]]]]]]]]
y = ((((((((((1))))))))))
z = {'a': {'b': {'c': {'d': {'e': 1}}}}}
w = f(g(h(i(j(k(l(m(n(o(1))))))))))
v = -(-(-(-(-(-1)))))
u = not not not not not x
if a:
    if b:
        if c:
            if d:
                if e:
                    if f:
                        pass
