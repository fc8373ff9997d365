x = '\d'
y = b'\w'
z = '\d' '\w'
w = '''
\q'''
v = f'\{x}'
u = f'\d{y}'
t = rb'\d' b'\e'
s = "ok\n"
