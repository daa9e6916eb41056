"""The headless-browser renderer that turns figures into PNG, SVG and PDF."""
