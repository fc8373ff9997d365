try:
    import json
except ImportError:
    json = None
if json is not None:
    loads = json.loads
