'a'
"a"
'''a'''
"""a"""
'a' 'b'
'a' "b" '''c'''
('a'
 'b')
'it\'s'
"say \"hi\""
'tab\there'
'nl\nhere'
'\x41\101\u0041\U00000041'
'\N{LATIN SMALL LETTER E WITH ACUTE}'
'\\'
'\a\b\f\v\0'
r'\d\w'
R'\n'
'''multi
line
string'''
"""
"""
x = ''
x = ""
x = '\''
x = "'"
x = "\""
x = '"\''
