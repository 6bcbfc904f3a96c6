"""Policy wing: the declared categories of a privacy policy, path rules to source kinds,
classification and lint.
"""
