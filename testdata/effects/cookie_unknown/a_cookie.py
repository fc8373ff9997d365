# coding: Bogus_Name
x = 1
