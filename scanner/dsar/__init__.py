"""Data-subject requests: locate a subject's records by evidence, plan deletion, and report
retention.
"""
