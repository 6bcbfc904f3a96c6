"""Presidio recognizer for DEVICE_ID: IMEIs, MAC addresses and device UUIDs.

What it matches and why, with sources: ``recognizers.rules.device_id``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.device_id import DEVICE_ID


class DeviceIdRecognizer(ClassPatternRecognizer):
    """Recognize device identifiers: IMEI (with context), MAC, device/advertising UUID
    (with context)."""

    # Patterns, context and samples: configs/builtin_recognizers.yaml; the checks:
    # recognizers.rules.device_id (no Presidio).
    RULE = DEVICE_ID
