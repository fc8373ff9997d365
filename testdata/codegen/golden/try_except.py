try:
    x = 1
except ValueError:
    x = 2
except (TypeError, KeyError) as e:
    x = e
except Exception as e:
    raise
except:
    pass
else:
    x = 3
try:
    pass
except:
    pass
