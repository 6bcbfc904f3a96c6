"""Gate wing (CI): decide what fails a check (policy, baseline, allowlist, inline allows) and
report it (text, json, github, SARIF).
"""
