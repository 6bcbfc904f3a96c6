"""Presidio recognizer for DEVICE_ID: IMEIs, MAC addresses and device UUIDs.

What it matches and why, with sources: ``recognizers.rules.device_id``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.device_id import DEVICE_ID


class DeviceIdRecognizer(ClassPatternRecognizer):
    """Recognize device identifiers: IMEI (with context), MAC, device/advertising UUID
    (with context)."""

    # Patterns, context and checks: recognizers.rules.device_id (no Presidio).
    RULE = DEVICE_ID

    TRUE_SAMPLES = [
        "IMEI 490154203237518 registered",
        "imei=356938035643809",
        "device imei: 35-209900-176148-1",
        "wlan0 HWaddr 00:1A:2B:3C:4D:5E",
        "bssid AA-BB-CC-DD-EE-01 joined",
        "idfa: 6D92078A-8246-4BA4-AE5B-76104861E7DC",
        "advertising_id=38400000-8cf0-11bd-b23e-10b96e40000d",
    ]
    FALSE_SAMPLES = [
        "order 490154203237518 shipped",
        "imei 490154203237519",
        "request_id=6D92078A-8246-4BA4-AE5B-76104861E7DC",
        "id FF:F2:9F:16:E5:7D:00:0D:60:E9:1D:DC",
        "broadcast ff:ff:ff:ff:ff:ff",
        "idfa 00000000-0000-0000-0000-000000000000",
        "imei 000000000000000",
        "at 12:30:45 ok",
    ]
