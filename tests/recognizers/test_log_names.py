"""LogMessageNameRecognizer: names in free-text log messages, found by the shapes services
write them in (display names, after by/to/for/from, person-name keys, label lines), with
Singapore name forms; log vocabulary after the same words is not a name."""

from __future__ import annotations

import pytest

from recognizers.generic.log_names import LogMessageNameRecognizer
from recognizers.rules.log_names import plausible_name


@pytest.fixture(scope="module")
def rec() -> LogMessageNameRecognizer:
    return LogMessageNameRecognizer()


def _names(rec: LogMessageNameRecognizer, text: str) -> list[str]:
    return [text[r.start : r.end] for r in rec.analyze(text, ["PERSON"])]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # RFC 5322 display names before an address
        ("mail queued for Loh Mei Xuan <meixuan@example.org>", "Loh Mei Xuan"),
        ('To: "Daniel Fischer" <d.fischer@example.net>', "Daniel Fischer"),
        ("owner changed to Quek Hui Shan (hs.quek@example.com)", "Quek Hui Shan"),
        ("cc Hiroko Sato <hsato@example.jp>", "Hiroko Sato"),
        # after by / to / for / from / signed by, in logfmt and JSON message fields
        (
            'level=info msg="document declined by Syed Ali bin Syed Hassan"',
            "Syed Ali bin Syed Hassan",
        ),
        ('{"msg":"approved by Kavitha d/o Rajan at 10:02"}', "Kavitha d/o Rajan"),
        ("login for Anand s/o Gopal from 198.51.100.4 failed", "Anand s/o Gopal"),
        ("envelope sent to Nurul Huda binte Rahmat, 2 pages", "Nurul Huda binte Rahmat"),
        ("Signed by Teo Poh Choo on behalf of Ubi Techpark Holdings Limited", "Teo Poh Choo"),
        ("reminder for OLIVIA BRENNAN queued", "OLIVIA BRENNAN"),
        ("ESCALATED BY CHUA KIM HUAT", "CHUA KIM HUAT"),
        ("reassigned from Olivia Brennan to queue 4", "Olivia Brennan"),
        # person-name keys and label lines
        ("UPDATE account SET full_name = 'Ng Boon Keat' WHERE id = 3", "Ng Boon Keat"),
        ('{"signerName":"LAKSHMI NARAYANAN","step":2}', "LAKSHMI NARAYANAN"),
        ("Witness: Zulkifli bin Ismail\nDate: 2 May 2024", "Zulkifli bin Ismail"),
        ('{"envelope":"e-41","approver":"Rachel Tan","state":"ok"}', "Rachel Tan"),
        ("step=2 assignee='SURESH MENON' due=3d", "SURESH MENON"),
    ],
)
def test_finds_the_name_and_only_the_name(rec, text, name):
    assert _names(rec, text) == [name]


def test_display_name_may_be_evidenced_by_the_address():
    assert plausible_name("Bee Hwa", "bee.ong@example.com")
    assert not plausible_name("Acme Widgets", "sales@example.com")


def test_entities_filter(rec):
    assert rec.analyze("approved by Marcus Lee", ["EMAIL_ADDRESS"]) == []


def test_offsets_hold_after_characters_that_lower_case_to_two(rec):
    text = "İİİ note: approved by Marcus Lee"
    assert _names(rec, text) == ["Marcus Lee"]


def test_first_names_are_gender_guessers_dictionary() -> None:
    """The one-pass read of gender_guesser's data file knows exactly the names its own
    (slow) parser does, so name evidence is unchanged."""
    from gender_guesser.detector import Detector

    from recognizers.rules.log_names import first_names

    detector = Detector(case_sensitive=False)
    assert first_names() == frozenset(detector.names)
    for word in ("maria", "wei", "gonzalez", "kafka", "zzqx"):
        assert (word in first_names()) == (detector.get_gender(word) != "unknown")
