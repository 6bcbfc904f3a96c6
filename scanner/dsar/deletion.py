"""The deletion plan of a located subject: each occurrence grouped by file with the action its
policy category's ``on_request`` gives (delete / anonymise / keep, with the legal reason).

An undeclared finding has no policy basis to be held, so it is marked for review with the
policy's own reason (``answers.undeclared_deletion_reason``) rather than given the action of
the category it was attributed to.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from scanner.dsar.locate import LocateResult, location
from scanner.policy.model import Category, Policy

ACTION_REVIEW = "review"


def _split_on_request(category: Category) -> tuple[str, str]:
    """``on_request`` is ``action: legal reason`` (e.g. ``keep: <legal reason>``)."""
    text = " ".join(category.on_request.split())
    action, _, reason = text.partition(":")
    return action.strip() or ACTION_REVIEW, reason.strip()


def action_for(policy: Policy, category_id: str, declared: bool) -> tuple[str, str]:
    """(action, reason) the policy implies for a finding of ``category_id`` on a deletion request.

    An undeclared finding has no policy basis to be held, so it is marked for review rather
    than given the action of the category it was attributed to.
    """
    if not declared:
        return ACTION_REVIEW, policy.answers.undeclared_reason
    category = policy.find_category(category_id)
    if category is None:
        return ACTION_REVIEW, f"category {category_id!r} is not in the policy used"
    return _split_on_request(category)


def deletion_plan(result: LocateResult, policy: Policy) -> list[dict[str, Any]]:
    """The occurrences grouped by file, each with the action its category's ``on_request`` gives."""
    files: dict[tuple[str, str], dict[str, Any]] = {}
    for report in result.values:
        for o in report.occurrences:
            entry = files.setdefault(
                (o.run_dir, o.path),
                {
                    "run_dir": o.run_dir,
                    "path": o.path,
                    "source_kind": o.source_kind,
                    "file_type": o.file_type,
                    "actions": defaultdict(int),
                    "findings": [],
                },
            )
            action, reason = action_for(policy, o.category, o.declared)
            entry["actions"][action] += 1
            entry["findings"].append(
                {
                    "value_label": o.value_label,
                    "entity_type": o.entity_type,
                    "masked_value": o.masked_value,
                    "category": o.category,
                    "declared": o.declared,
                    "location": location(o),
                    "action": action,
                    "reason": reason,
                    "_order": (o.page or 0, o.line or 0, o.field or ""),
                }
            )
    plan = []
    for key in sorted(files):
        entry = files[key]
        entry["actions"] = dict(sorted(entry["actions"].items()))
        entry["findings"].sort(key=lambda f: (f["_order"], f["value_label"]))
        for f in entry["findings"]:
            del f["_order"]
        plan.append(entry)
    return plan
