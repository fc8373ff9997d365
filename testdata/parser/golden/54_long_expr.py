result = (alpha + beta * gamma - delta / epsilon // zeta % eta ** theta
          @ iota << kappa >> lam & mu | nu ^ xi)
cond = (a and b or c and not d or e < f <= g == h != i > j >= k
        in l not in m is n is not o)
call = func(a, b, *c, d=e, **f)(g)[h].i.j(k=l)
