x = 'a' 'b' 'c'
x = ('a'
     "b"
     '''c''')
x = b'a' b'b'
x = f'a' 'b'
x = 'a' f'b'
x = f'{a}' 'b' f'{c}' 'd'
x = '' f'' ''
x = u'a' f'{b}'
