"""Scan wing: runs sources -> extract -> detect -> policy -> protect -> inventory for a run, with
the journal that makes a run resumable and incremental.
"""
