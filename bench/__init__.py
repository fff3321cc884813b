"""Build benchmark: our hooks against a plain MkDocs + Material build of the same pages.

Run it with ``python -m bench`` (see ``python -m bench --help``); it prints a
table and writes ``bench/results/latest.json``.
"""
