x = f'{a}'
y = f'  {a + b}  {c.d}'
z = f'{a}' f'{b}'
w = ('a'
     f'{b}')
v = f'''
{a}
  {b + c}
'''
u = f'{a!r} {b:{c}}'
t = f'{f(x, y)}'
s = f"{'nested'}"
r = f'{x:{y}}{z}'
q = f'{a}' \
    f'{b}'
p = (f'{a}'
     f'{b}')
