"""Protect wing: keyed hashes and masks; after this stage no raw value leaves the process (except
an explicit --reveal).
"""
