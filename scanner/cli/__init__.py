"""Command line: one thin module per command group; the logic lives in its wing. Nothing imports
this package.
"""
