"""The privacy-policy model: which personal data the policy declares, for which kind of storage.

A policy YAML (``configs/policies/*.yaml``) maps the policy's categories to entity types and
source kinds, each resting on a verbatim quote of the policy text, so every finding can be called
declared or undeclared with a reason a reviewer can check against the policy itself.

The file is read with ``yaml.compose`` (nodes, never constructed objects) so that every problem
can be reported with the line it is on.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from recognizers.entities import ENTITY_TYPES
from scanner.policy.answers import Answers, parse_answers
from scanner.resources import default_policy_path
from scanner.sources.pathmatch import matcher, pattern_error

# The shipped reference policy (package data, see scanner.resources).
DEFAULT_POLICY_PATH = default_policy_path()

# The entity types of docs/architecture.md (one list, recognizers.entities: no Presidio).
KNOWN_ENTITY_TYPES = ENTITY_TYPES

# What a deletion request leads to (the policy says which, per category); `keep` must say why.
ON_REQUEST_ACTIONS: tuple[str, ...] = ("delete", "anonymise", "keep")

_TOP_REQUIRED = (
    "id",
    "title",
    "version",
    "source_text",
    "source_kinds",
    "default_source_kind",
    "categories",
)
_TOP_OPTIONAL = ("description", "answers")
_RULE_REQUIRED = ("kind", "paths")
_RULE_OPTIONAL = ("description",)
_CATEGORY_REQUIRED = (
    "id",
    "title",
    "section",
    "quote",
    "entity_types",
    "source_kinds",
    "purpose",
    "shared_with",
    "retention",
    "on_request",
)
_CATEGORY_OPTIONAL = ("retention_period",)

_KEBAB_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SOURCE_KIND_NAME = re.compile(r"[a-z][a-z0-9_]*")
# Retention is counted in calendar units; time parts (PT12H) are refused, as scanner/retention does.
_ISO_DURATION = re.compile(r"P(?=\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?")
_ON_REQUEST = re.compile(r"(delete|anonymise|keep)(?::\s*(\S.*))?", re.DOTALL)
# A zip member path is `archive.zip!member`; nested archives repeat the separator.
_ARCHIVE_SEPARATOR = re.compile(r"(?<=\.zip)!", re.IGNORECASE)
_NULL_TAG = "tag:yaml.org,2002:null"


class PolicyError(Exception):
    """The policy file cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class LintIssue:
    line: int  # 1-based line in the policy YAML
    message: str


@dataclass(frozen=True)
class Category:
    """One category of personal data the policy declares, with the words it rests on."""

    id: str
    title: str
    section: str
    quote: str
    entity_types: tuple[str, ...]
    source_kinds: tuple[str, ...]
    purpose: str
    shared_with: str
    retention: str
    retention_period: str | None
    on_request: str

    @property
    def on_request_action(self) -> str:
        """`delete`, `anonymise` or `keep`: the machine-readable head of ``on_request``."""
        return self.on_request.split(":", 1)[0].strip()


@dataclass(frozen=True)
class SourceKindRule:
    """Files whose relative path matches one of ``paths`` (globs) hold data of ``kind``."""

    kind: str
    description: str
    paths: tuple[str, ...]

    def matches(self, path: str) -> bool:
        """Case-insensitive, in the one glob dialect of ``scanner.sources.pathmatch``
        (``glob_error`` additionally refuses patterns that are likely mistakes in a policy)."""
        return matcher(self.paths, ignore_case=True).match(path)


@dataclass(frozen=True)
class Classification:
    category: str  # the category id; "" when the entity type is declared nowhere
    declared: bool
    reason: str


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    version: str
    path: str
    sha256: str  # of the policy YAML, so a report says exactly which model classified it
    categories: tuple[Category, ...]
    source_kind_rules: tuple[SourceKindRule, ...]
    default_source_kind: str
    answers: Answers = Answers()  # words of this policy the answers use (scanner.policy.answers)

    def source_kind_for(self, path: str) -> str:
        """The kind of the first rule matching ``path`` (or, for a zip member, its inner path).

        Matching is case-insensitive, on the ``/``-separated path relative to the scan root.
        """
        candidates = _candidate_paths(path)
        for rule in self.source_kind_rules:
            if any(rule.matches(candidate) for candidate in candidates):
                return rule.kind
        return self.default_source_kind

    def classify(self, entity_type: str, source_kind: str) -> Classification:
        """Whether the policy declares ``entity_type`` for data held in ``source_kind`` storage.

        The first category declaring the pair wins. Otherwise the finding is undeclared and
        attributed to the first category that declares the entity type for some other kind
        (or to no category, when the policy never mentions it).
        """
        declared_elsewhere: Category | None = None
        for category in self.categories:
            if entity_type not in category.entity_types:
                continue
            if source_kind in category.source_kinds:
                return Classification(
                    category.id, True, f"declared in {category.section}: {category.title}"
                )
            if declared_elsewhere is None:
                declared_elsewhere = category
        if declared_elsewhere is not None:
            kinds = ", ".join(declared_elsewhere.source_kinds)
            return Classification(
                declared_elsewhere.id,
                False,
                f"{entity_type} is declared in {declared_elsewhere.section} "
                f"({declared_elsewhere.title}) for {kinds}, not for {source_kind}",
            )
        return Classification("", False, f"{entity_type} is declared nowhere in the policy")

    def category(self, category_id: str) -> Category:
        found = self.find_category(category_id)
        if found is None:
            raise KeyError(f"policy {self.id} has no category {category_id!r}")
        return found

    def find_category(self, category_id: str) -> Category | None:
        """The category with this id, or None (a finding of another policy's category)."""
        return next((c for c in self.categories if c.id == category_id), None)

    @property
    def stdin_source_kind(self) -> str:
        """The kind of data read from stdin, which has no path for the rules to match."""
        return self.answers.stdin_source_kind or self.default_source_kind

    def source_kinds(self) -> list[str]:
        """Every source kind the policy can assign, in rule order, the default last."""
        kinds: list[str] = []
        for kind in [rule.kind for rule in self.source_kind_rules] + [self.default_source_kind]:
            if kind not in kinds:
                kinds.append(kind)
        return kinds


# --------------------------------------------------------------------------- globs


def _candidate_paths(path: str) -> list[str]:
    """The path itself, then the inner path of each (nested) zip member it names."""
    normalised = path.replace("\\", "/")
    while normalised.startswith("./"):
        normalised = normalised[2:]
    normalised = normalised.lstrip("/")
    parts = _ARCHIVE_SEPARATOR.split(normalised)
    return ["!".join(parts[i:]).lstrip("/") for i in range(len(parts))]


def glob_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a valid path rule, or None when it is.

    The dialect is ``scanner.sources.pathmatch``'s (gitignore's); on top of what it refuses, a
    policy refuses what gitignore would read differently from what its author likely meant.
    """
    if not pattern:
        return "empty glob"
    if pattern.startswith("/"):
        return "a glob is matched on the relative path; remove the leading '/'"
    if "\\" in pattern:
        return "use '/' as the path separator"
    segments = pattern.split("/")
    if "" in segments:
        return "empty path segment ('//' or a trailing '/'; use 'dir/**' for a folder)"
    for segment in segments:
        if "**" in segment and segment != "**":
            return "'**' must be a whole path segment"
        if "[" in segment and "]" not in segment[segment.index("[") + 2 :]:
            return "unclosed '[' in glob (gitignore would read it as a literal '[')"
    return pattern_error(pattern)


# --------------------------------------------------------------------------- reading


def load_policy(path: str | Path = DEFAULT_POLICY_PATH) -> Policy:
    """Read and validate a policy; any problem raises PolicyError naming ``file:line``.

    Quotes are checked against the policy text by ``lint_policy`` (the CI gate), not here, so a
    scan does not depend on the policy text being shipped next to the YAML.
    """
    path = Path(path)
    policy, issues = _read(path, check_quotes=False)
    if policy is None:
        first = issues[0] if issues else LintIssue(1, "policy could not be read")
        more = f" (and {len(issues) - 1} more; run `piimap policy lint`)" if len(issues) > 1 else ""
        raise PolicyError(f"{path}:{first.line}: {first.message}{more}")
    return policy


def lint_policy(path: str | Path) -> list[LintIssue]:
    """Every problem in a policy file, in line order; an empty list means it is sound."""
    _, issues = _read(Path(path), check_quotes=True)
    return issues


def _read(path: Path, *, check_quotes: bool) -> tuple[Policy | None, list[LintIssue]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [LintIssue(1, f"cannot read policy file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [LintIssue(line, "policy file is not valid UTF-8")]
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.problem and exc.context and exc.context_mark is not None:
            message += f" ({exc.context} started on line {exc.context_mark.line + 1})"
        return None, [LintIssue(line, message)]
    except yaml.YAMLError as exc:
        return None, [LintIssue(1, f"YAML error: {exc}")]
    if root is None:
        return None, [LintIssue(1, "policy file is empty")]
    checker = _Checker(path, check_quotes=check_quotes)
    policy = checker.policy(root, hashlib.sha256(raw).hexdigest())
    issues = sorted(checker.issues, key=lambda issue: issue.line)
    return (policy if not issues else None), issues


# libyaml's parser when PyYAML was built with it: the same node tree (tags, values, marks; only
# plain scalars' `style` differs, which nothing here reads) ten times faster, a tenth of a
# second of every command's start-up.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree; a file that does not parse is read again by PyYAML's own parser, so
    every error message (and its line) is the one users and tests already know."""
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Checker:
    """Turns the YAML node tree into a Policy while collecting every problem with its line."""

    def __init__(self, path: Path, *, check_quotes: bool) -> None:
        self.path = path
        self.check_quotes = check_quotes
        self.issues: list[LintIssue] = []

    def issue(self, node: yaml.Node, message: str) -> None:
        self.issues.append(LintIssue(_line(node), message))

    def mapping(
        self, node: yaml.Node, where: str, required: Sequence[str], optional: Sequence[str]
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.issue(node, f"{where} must be a mapping")
            return None
        fields: dict[str, yaml.Node] = {}
        allowed = set(required) | set(optional)
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.issue(key_node, f"{where}: keys must be plain strings")
            elif key in fields:
                self.issue(key_node, f"{where}: duplicate key '{key}'")
            elif key not in allowed:
                self.issue(
                    key_node,
                    f"{where}: unknown key '{key}' (allowed: {', '.join(sorted(allowed))})",
                )
            else:
                fields[key] = value_node
        for key in required:
            if key not in fields:
                self.issue(node, f"{where}: missing required key '{key}'")
        return fields

    def string(self, fields: dict[str, yaml.Node], key: str, where: str) -> str | None:
        node = fields.get(key)
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL_TAG or not node.value.strip():
            self.issue(node, f"{where}: '{key}' must be a non-empty string")
            return None
        value: str = node.value
        return value

    def string_list(
        self, fields: dict[str, yaml.Node], key: str, where: str, *, allow_empty: bool
    ) -> list[tuple[str, yaml.Node]] | None:
        node = fields.get(key)
        if node is None:
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.issue(node, f"{where}: '{key}' must be a list")
            return None
        if not node.value and not allow_empty:
            self.issue(node, f"{where}: '{key}' must not be empty")
        items: list[tuple[str, yaml.Node]] = []
        seen: set[str] = set()
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode) or item.tag == _NULL_TAG or not item.value:
                self.issue(item, f"{where}: every entry of '{key}' must be a non-empty string")
            elif item.value in seen:
                self.issue(item, f"{where}: '{item.value}' is listed twice in '{key}'")
            else:
                seen.add(item.value)
                items.append((item.value, item))
        return items

    def policy(self, root: yaml.Node, sha256: str) -> Policy | None:
        top = self.mapping(root, "policy", _TOP_REQUIRED, _TOP_OPTIONAL)
        if top is None:
            return None
        policy_id = self.string(top, "id", "policy")
        if policy_id is not None and not _KEBAB_ID.fullmatch(policy_id):
            self.issue(top["id"], f"policy: id '{policy_id}' must be kebab-case")
        title = self.string(top, "title", "policy")
        version = self.string(top, "version", "policy")
        self.string(top, "description", "policy")
        source_text = self.source_text(top)
        default_kind = self.string(top, "default_source_kind", "policy")
        if default_kind is not None and not _SOURCE_KIND_NAME.fullmatch(default_kind):
            self.issue(top["default_source_kind"], f"policy: bad source kind '{default_kind}'")
        rules = self.rules(top.get("source_kinds"))
        known_kinds = {rule.kind for rule in rules} | ({default_kind} if default_kind else set())
        categories = self.categories(top.get("categories"), known_kinds, source_text)
        answers = parse_answers(self, top.get("answers"), known_kinds)
        if self.issues or None in (policy_id, title, version, default_kind):
            return None
        return Policy(
            id=str(policy_id),
            title=str(title),
            version=str(version),
            path=str(self.path),
            sha256=sha256,
            categories=tuple(categories),
            source_kind_rules=tuple(rules),
            default_source_kind=str(default_kind),
            answers=answers,
        )

    def source_text(self, top: dict[str, yaml.Node]) -> str | None:
        name = self.string(top, "source_text", "policy")
        if name is None or not self.check_quotes:
            return None
        text_path = self.path.parent / name
        try:
            return text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.issue(top["source_text"], f"policy: cannot read source_text {text_path}: {exc}")
            return None

    def rules(self, node: yaml.Node | None) -> list[SourceKindRule]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.issue(node, "policy: 'source_kinds' must be a non-empty list of rules")
            return []
        rules = []
        for rule_node in node.value:
            where = "source kind rule"
            fields = self.mapping(rule_node, where, _RULE_REQUIRED, _RULE_OPTIONAL)
            if fields is None:
                continue
            kind = self.string(fields, "kind", where)
            if kind is not None and not _SOURCE_KIND_NAME.fullmatch(kind):
                self.issue(fields["kind"], f"{where}: kind '{kind}' must be snake_case")
                kind = None
            description = self.string(fields, "description", where) or ""
            paths = self.string_list(fields, "paths", where, allow_empty=False) or []
            for pattern, pattern_node in paths:
                reason = glob_error(pattern)
                if reason is not None:
                    self.issue(pattern_node, f"{where}: invalid glob '{pattern}': {reason}")
            if kind is not None:
                rules.append(SourceKindRule(kind, description, tuple(p for p, _ in paths)))
        return rules

    def categories(
        self, node: yaml.Node | None, known_kinds: set[str], source_text: str | None
    ) -> list[Category]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.issue(node, "policy: 'categories' must be a non-empty list")
            return []
        normalised_text = _normalise_quote(source_text) if source_text is not None else None
        categories: list[Category] = []
        seen_ids: set[str] = set()
        for category_node in node.value:
            label = _peek_id(category_node)
            where = f"category '{label}'" if label else "category"
            fields = self.mapping(category_node, where, _CATEGORY_REQUIRED, _CATEGORY_OPTIONAL)
            if fields is None:
                continue
            category_id = self.string(fields, "id", where)
            if category_id is not None:
                if not _KEBAB_ID.fullmatch(category_id):
                    self.issue(fields["id"], f"{where}: id must be kebab-case")
                if category_id in seen_ids:
                    self.issue(fields["id"], f"duplicate category id '{category_id}'")
                seen_ids.add(category_id)
            values = {
                key: self.string(fields, key, where)
                for key in ("title", "section", "quote", "purpose", "shared_with", "retention")
            }
            quote = values["quote"]
            if quote is not None and normalised_text is not None:
                if _normalise_quote(quote) not in normalised_text:
                    self.issue(fields["quote"], f"{where}: quote does not occur in the policy text")
            entity_types = self.string_list(fields, "entity_types", where, allow_empty=True) or []
            for entity_type, entity_node in entity_types:
                if entity_type not in KNOWN_ENTITY_TYPES:
                    self.issue(entity_node, f"{where}: unknown entity type '{entity_type}'")
            kinds = self.string_list(fields, "source_kinds", where, allow_empty=False) or []
            for kind, kind_node in kinds:
                if kind not in known_kinds:
                    defined = ", ".join(sorted(known_kinds)) or "none"
                    self.issue(
                        kind_node,
                        f"{where}: source kind '{kind}' is defined by no rule (defined: {defined})",
                    )
            retention_period = self.retention_period(fields.get("retention_period"), where)
            on_request = self.on_request(fields, where)
            if category_id is None or None in values.values() or on_request is None:
                continue
            categories.append(
                Category(
                    id=category_id,
                    title=str(values["title"]),
                    section=str(values["section"]),
                    quote=str(values["quote"]),
                    entity_types=tuple(e for e, _ in entity_types),
                    source_kinds=tuple(k for k, _ in kinds),
                    purpose=str(values["purpose"]),
                    shared_with=str(values["shared_with"]),
                    retention=str(values["retention"]),
                    retention_period=retention_period,
                    on_request=on_request,
                )
            )
        return categories

    def retention_period(self, node: yaml.Node | None, where: str) -> str | None:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG):
            return None
        if not isinstance(node, yaml.ScalarNode) or not _ISO_DURATION.fullmatch(node.value):
            shown = node.value if isinstance(node, yaml.ScalarNode) else "a collection"
            self.issue(
                node,
                f"{where}: retention_period '{shown}' is not an ISO-8601 duration in years, "
                "months, weeks or days (e.g. P2Y, P6M, P90D) or null",
            )
            return None
        value: str = node.value
        return value

    def on_request(self, fields: dict[str, yaml.Node], where: str) -> str | None:
        value = self.string(fields, "on_request", where)
        if value is None:
            return None
        match = _ON_REQUEST.fullmatch(value.strip())
        if match is None:
            self.issue(
                fields["on_request"],
                f"{where}: on_request must be one of {', '.join(ON_REQUEST_ACTIONS)}, "
                "optionally followed by ': <reason>'",
            )
            return None
        if match.group(1) == "keep" and not match.group(2):
            self.issue(fields["on_request"], f"{where}: on_request 'keep' needs ': <legal reason>'")
            return None
        return value.strip()


def _peek_id(node: yaml.Node) -> str | None:
    """The `id` of a mapping node, to name it in messages about its other keys."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode):
                return value_node.value or None
    return None


def _normalise_quote(text: str) -> str:
    return " ".join(text.split()).casefold()


# --------------------------------------------------------------------------- formatting


def format_policy(policy: Policy) -> str:
    """A readable overview for `piimap policy show`: rules, a category table, then details."""
    lines = [
        f"Policy {policy.id}: {policy.title}",
        f"Version {policy.version}   file {policy.path}   sha256 {policy.sha256[:16]}",
        "",
        "Source kinds (first matching rule wins; "
        f"anything else is '{policy.default_source_kind}'):",
    ]
    for rule in policy.source_kind_rules:
        lines.extend(_hanging(f"  {rule.kind:<18}", ", ".join(rule.paths)))
    lines.append("")
    lines.extend(
        _table(
            ("CATEGORY", "SECTION", "SOURCE KINDS", "ENTITY TYPES"),
            (26, 12, 18, 40),
            [
                (
                    c.id,
                    c.section,
                    ", ".join(c.source_kinds),
                    ", ".join(c.entity_types) or "(none)",
                )
                for c in policy.categories
            ],
        )
    )
    for c in policy.categories:
        retention = c.retention + (f" [{c.retention_period}]" if c.retention_period else "")
        lines.append("")
        lines.append(f"{c.id} ({c.section}): {c.title}")
        for label, value in (
            ("purpose", c.purpose),
            ("shared with", c.shared_with),
            ("retention", retention),
            ("on request", c.on_request),
        ):
            lines.extend(_hanging(f"  {label:<14}", value))
    return "\n".join(lines) + "\n"


def _hanging(label: str, text: str, width: int = 100) -> list[str]:
    wrapped = textwrap.wrap(
        " ".join(text.split()),
        width=width,
        initial_indent=label,
        subsequent_indent=" " * len(label),
        break_on_hyphens=False,
        break_long_words=False,
    )
    return wrapped or [label.rstrip()]


def _table(
    headers: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence[str]]
) -> list[str]:
    """Fixed-width columns; long cells wrap inside their column."""
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [
            textwrap.wrap(cell, width=w, break_on_hyphens=False) or [""]
            for cell, w in zip(row, widths, strict=True)
        ]
        for i in range(max(len(c) for c in cells)):
            out.append(
                "  ".join(
                    (c[i] if i < len(c) else "").ljust(w)
                    for c, w in zip(cells, widths, strict=True)
                ).rstrip()
            )
    return out


def format_lint(issues: Sequence[LintIssue], path: str | Path) -> str:
    """`path:line: message`, one per line (empty when there is nothing to report)."""
    return "".join(f"{path}:{issue.line}: {issue.message}\n" for issue in issues)
