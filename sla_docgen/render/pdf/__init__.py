"""The PDF format: WeasyPrint lays out the HTML rendering as PDF/A-3b (`renderer`), then the finished file gets
its signature fields, packed fonts, per-page resources and signing record; `engine` imports WeasyPrint lean.

Kept free of imports, so that `sign` and `verify` can use `record` without loading the renderer.
"""
