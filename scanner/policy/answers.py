"""The words a policy lends to piimap's answers, kept in the policy YAML (``answers:``) because
they belong to one policy's vocabulary, not to the code.

- ``stdin_source_kind``: what a log piped to ``piimap check -`` holds (it has no path to match).
- ``undeclared_deletion_reason``: why ``piimap locate --for-deletion`` marks an undeclared
  finding for review (the policy's own deletion clause).
- ``records``: what one record of a source kind is when ``piimap locate`` counts a subject's
  records: ``whole_file: true`` makes each file one record (a contract is one record however
  many lines it has), ``noun`` is what a record is called in the summary sentence.

Every key is optional; without them stdin gets the policy's default source kind, the reason is
generic, and records are counted by file type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import yaml

GENERIC_UNDECLARED_REASON = "not declared in the policy: review with the data protection officer"

_ANSWERS_KEYS = ("stdin_source_kind", "undeclared_deletion_reason", "records")
_RECORD_KEYS = ("noun", "whole_file")
_BOOL_TAG = "tag:yaml.org,2002:bool"


@dataclass(frozen=True)
class RecordUnit:
    """What one record of ``kind`` is (see the module docstring)."""

    kind: str
    noun: str | None = None
    whole_file: bool = False


@dataclass(frozen=True)
class Answers:
    stdin_source_kind: str | None = None
    undeclared_deletion_reason: str | None = None
    records: tuple[RecordUnit, ...] = ()

    @property
    def whole_file_kinds(self) -> frozenset[str]:
        return frozenset(r.kind for r in self.records if r.whole_file)

    def record_noun(self, kind: str) -> str | None:
        return next((r.noun for r in self.records if r.kind == kind), None)

    @property
    def undeclared_reason(self) -> str:
        return self.undeclared_deletion_reason or GENERIC_UNDECLARED_REASON


class _Checker(Protocol):
    """The part of ``scanner.policy.model``'s checker this parser uses."""

    def issue(self, node: yaml.Node, message: str) -> None: ...

    def mapping(
        self, node: yaml.Node, where: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, yaml.Node] | None: ...

    def string(self, fields: dict[str, yaml.Node], key: str, where: str) -> str | None: ...


def parse_answers(checker: _Checker, node: yaml.Node | None, known_kinds: set[str]) -> Answers:
    """The ``answers:`` block; problems are reported to ``checker`` with their line."""
    if node is None:
        return Answers()
    where = "answers"
    fields = checker.mapping(node, where, (), _ANSWERS_KEYS)
    if fields is None:
        return Answers()
    stdin_kind = checker.string(fields, "stdin_source_kind", where)
    if stdin_kind is not None and stdin_kind not in known_kinds:
        checker.issue(
            fields["stdin_source_kind"],
            f"{where}: stdin_source_kind '{stdin_kind}' is defined by no rule",
        )
    reason = checker.string(fields, "undeclared_deletion_reason", where)
    return Answers(
        stdin_source_kind=stdin_kind,
        undeclared_deletion_reason=" ".join(reason.split()) if reason else None,
        records=_records(checker, fields.get("records"), known_kinds),
    )


def _records(
    checker: _Checker, node: yaml.Node | None, known_kinds: set[str]
) -> tuple[RecordUnit, ...]:
    if node is None:
        return ()
    if not isinstance(node, yaml.MappingNode):
        checker.issue(node, "answers: 'records' must map source kinds to {noun, whole_file}")
        return ()
    units = []
    for key_node, value_node in node.value:
        kind = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        where = f"answers: records of '{kind}'"
        if kind not in known_kinds:
            checker.issue(key_node, f"{where}: source kind defined by no rule")
            continue
        fields = checker.mapping(value_node, where, (), _RECORD_KEYS)
        if fields is None:
            continue
        whole = fields.get("whole_file")
        is_bool = isinstance(whole, yaml.ScalarNode) and whole.tag == _BOOL_TAG
        if whole is not None and not is_bool:
            checker.issue(whole, f"{where}: 'whole_file' must be true or false")
            whole = None
        units.append(
            RecordUnit(
                kind=str(kind),
                noun=checker.string(fields, "noun", where),
                whole_file=whole is not None and whole.value.lower() == "true",
            )
        )
    return tuple(units)


__all__ = ["GENERIC_UNDECLARED_REASON", "Answers", "RecordUnit", "parse_answers"]
