x = f'''{
a
}'''
y = f'''{a +
b}'''
z = f"""{
    [1,
     2]
}"""
w = f'''line
{value!r:>10}
end'''
