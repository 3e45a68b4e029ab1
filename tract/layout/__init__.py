"""Layout: the worker side, where WeasyPrint lays out HTML and each PDF is judged and finished.

The only room that imports WeasyPrint; the build's own process imports only `jobs` and
`workers` from here, so it never loads WeasyPrint itself.
"""
