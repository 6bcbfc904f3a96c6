"""Identifiers and names that are not specific to Singapore: email, IP, cards, device ids,
coordinates, organisations, names in logs.
"""
