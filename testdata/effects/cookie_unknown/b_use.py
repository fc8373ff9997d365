bogus_name = 1
