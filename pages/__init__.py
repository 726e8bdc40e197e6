"""Page scripts: the pages are in views/; the files here serve a new server's first deep link only
(components/cold_start.py)."""
