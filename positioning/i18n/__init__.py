"""Words: the catalogues of every user-facing sentence and the formatting of
numbers, lists and times, in each language."""
