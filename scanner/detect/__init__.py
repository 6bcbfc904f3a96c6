"""Detect wing: segments in, detections (raw values, in-process only) out; profiles, one-pass
candidates, key evidence, NER gating.
"""
