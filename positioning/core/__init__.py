"""The domain: the canvas model, loading and validation, scoring, diagnostics,
robustness, the raters' panel and the changes between versions. Pure and
immutable; it imports nothing else of the package."""
