"""The strategy canvas and the ranking views as plotly figures (data, no I/O)."""
