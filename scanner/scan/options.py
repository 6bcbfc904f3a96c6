"""The options of a scan, defined once: ``piimap scan`` and the Spark job are built from them.

``scan_options`` adds the shared click options to a command (``scanner.cli.main``'s ``scan`` and
``scanner.engines.spark_job``) and hands their values over as one ``ScanOptions``, whose
``checked_config`` turns them into the ``ScanConfig`` the workers get; the checks below make a
bad value a usage error (exit 2) before any file is read. Nothing here imports the scan pipeline
at module level: ``piimap --help`` stays light.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from scanner.exit_codes import EXIT_USAGE
from scanner.resources import default_policy_path, default_profiles_path

if TYPE_CHECKING:
    from scanner.scan.pipeline import ScanConfig

# The findings formats of scanner.inventory.FindingsFormat (tests/packaging/test_startup.py
# checks they agree), named here so building the option does not import pyarrow.
FINDINGS_FORMATS = ("parquet", "csv", "jsonl")
REPORT_FORMATS = ("html",)
DEFAULT_POLICY_SHOWN = "configs/policies/esign-sg.yaml (shipped)"
DEFAULT_PROFILE = "auto"

F = TypeVar("F", bound=Callable[..., Any])


class ConfigError(click.ClickException):
    """A configuration problem: exit code 2 with a message that says how to fix it."""

    exit_code = EXIT_USAGE


def check_globs(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """A glob the path matcher cannot compile (``[z-a]``) is a usage error, not a traceback."""
    if not value:
        return value
    # Imported here: scanner.sources loads fsspec, which `piimap --help` must not pay for.
    from scanner.sources.pathmatch import pattern_error

    for pattern in value:
        error = pattern_error(pattern)
        if error is not None:
            raise click.BadParameter(f"{pattern!r}: {error}", ctx=ctx, param=param)
    return value


def policy_option(default_shown: str) -> Callable[[F], F]:
    """``--policy``, as `scan`, `check` and `baseline` take it; ``default_shown`` says in
    ``--help`` where the policy comes from when it is not given."""
    return click.option(
        "--policy",
        "policy_path",
        type=click.Path(path_type=Path),
        default=None,
        show_default=default_shown,
        help="Policy YAML the findings are classified against.",
    )


# In the order `--help` lists them.
_SCAN_OPTIONS: tuple[Callable[[F], F], ...] = (
    click.option(
        "--profile",
        default=None,
        show_default="`profile` in .piimap.yaml, else auto",
        help="Detection profile from configs/profiles.yaml: logs, contracts or auto (per file "
        "kind).",
    ),
    policy_option(DEFAULT_POLICY_SHOWN),
    click.option(
        "--source-kind",
        default=None,
        help="Treat every file as this source kind (e.g. logs, contracts) instead of the "
        "policy's path rules.",
    ),
    click.option(
        "--out",
        "out_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Run directory to write (default: reports/<run-id>/).",
    ),
    click.option(
        "--format",
        "formats",
        multiple=True,
        type=click.Choice(list(FINDINGS_FORMATS) + list(REPORT_FORMATS)),
        help="Extra outputs besides findings.parquet: csv, jsonl, html. Repeatable.",
    ),
    click.option(
        "--include",
        multiple=True,
        callback=check_globs,
        help="Only paths matching this glob (repeatable).",
    ),
    click.option(
        "--exclude",
        multiple=True,
        callback=check_globs,
        help="Skip paths matching this glob (repeatable).",
    ),
    click.option(
        "--reveal",
        is_flag=True,
        help="Add a `value` column with raw values for remediation. Refused when CI is set.",
    ),
    click.option(
        "--recognizers",
        "recognizers_yaml",
        type=click.Path(exists=True, path_type=Path),
        default=None,
        help="Extra recognizers in Presidio's recognizer YAML format (see "
        "configs/recognizers.yaml).",
    ),
    click.option(
        "--endpoint-url",
        default=None,
        help="S3-compatible endpoint for s3:// sources (also PIIMAP_S3_ENDPOINT_URL).",
    ),
    click.option(
        "--storage-option", "storage_pairs", multiple=True, help="fsspec KEY=VALUE option."
    ),
    click.option(
        "--ocr",
        type=click.Choice(["auto", "off", "always"]),
        default="auto",
        show_default=True,
        help="OCR (Tesseract) for PDF pages without a text layer and image files: auto reads "
        "pages that have no text, always also pages that have, off reads none (such files are "
        "then `partial`, exit 3).",
    ),
)


@dataclass(frozen=True)
class ScanOptions:
    """The values of the shared scan options, handed to a command as one ``options`` argument."""

    profile: str | None
    policy_path: Path | None
    source_kind: str | None
    out_dir: Path | None
    formats: tuple[str, ...]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    reveal: bool
    recognizers_yaml: Path | None
    endpoint_url: str | None
    storage_pairs: tuple[str, ...]
    ocr: str

    def config(self, run_id: str) -> ScanConfig:
        """The workers' configuration (no profile/policy given: the defaults)."""
        from scanner.scan.pipeline import ScanConfig

        return ScanConfig(
            run_id=run_id,
            profile=self.profile or DEFAULT_PROFILE,
            policy_path=self.policy_path or default_policy_path(),
            source_kind=self.source_kind,
            reveal=self.reveal,
            recognizers_yaml=self.recognizers_yaml,
            ocr=self.ocr,
        )

    def checked_config(self, run_id: str) -> ScanConfig:
        """``config`` after the checks that make a bad value exit 2 before any file is read:
        --reveal under CI, the profile, the policy and source kind, the --recognizers file."""
        refuse_reveal_in_ci(self.reveal)
        config = self.config(run_id)
        check_profile_and_policy(config.profile, config.policy_path, config.source_kind)
        check_recognizers(self.recognizers_yaml)
        return config

    def storage_options(self, recorded_endpoint: str | None = None) -> dict[str, Any]:
        """fsspec options from --storage-option and the S3 endpoint (--endpoint-url, else the
        one a resumed run recorded, else PIIMAP_S3_ENDPOINT_URL)."""
        return parse_storage_options(self.storage_pairs, self.endpoint_url or recorded_endpoint)


def bundled_options(
    values: type[Any], options: Sequence[Callable[[Any], Any]], param: str = "options"
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator adding ``options`` (click options, arguments or such decorators) to a command
    whose function gets their values as one ``values`` dataclass in ``param``, so commands that
    share options share one signature for them too; its own options still come by name."""
    names = tuple(f.name for f in fields(values))

    def add(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def with_options(**params: Any) -> Any:
            shared = {name: params.pop(name) for name in names}
            return command(**{param: values(**shared)}, **params)

        for option in reversed(options):
            with_options = option(with_options)
        return with_options

    return add


# Adds the shared scan options to a click command; its function gets their values as one
# ``options: ScanOptions`` argument.
scan_options = bundled_options(ScanOptions, _SCAN_OPTIONS)


def scan_option_names() -> tuple[str, ...]:
    """The parameter names the shared options pass to a command, in ``--help`` order."""
    probe = click.command()(scan_options(lambda options: None))
    return tuple(str(p.name) for p in probe.params)


def refuse_reveal_in_ci(reveal: bool) -> None:
    """Refuse --reveal under CI; otherwise make every file written from now on owner-only."""
    from scanner.protect.reveal import ci_variable, make_outputs_private

    if not reveal:
        return
    found = ci_variable()
    if found is not None:
        raise ConfigError(
            f"--reveal is refused when the {found} environment variable is set (even empty): "
            "CI logs and artifacts must never carry raw personal data. Run it on a workstation "
            "instead."
        )
    previous = make_outputs_private()
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(lambda: os.umask(previous))


def parse_storage_options(pairs: Sequence[str], endpoint_url: str | None) -> dict[str, Any]:
    """fsspec options from ``--storage-option KEY=VALUE`` and the S3 endpoint."""
    opts: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise ConfigError(f"--storage-option takes KEY=VALUE, got {pair!r}")
        k, v = pair.split("=", 1)
        opts[k] = v
    endpoint = endpoint_url or os.environ.get("PIIMAP_S3_ENDPOINT_URL")
    if endpoint:
        opts.setdefault("client_kwargs", {})["endpoint_url"] = endpoint
    return opts


def check_profile_and_policy(profile: str, policy_path: Path, source_kind: str | None) -> None:
    """The profile exists (with its model installed), the policy loads, the kind is its."""
    from scanner.detect.profiles import ProfileError, load_profiles, missing_models
    from scanner.policy.model import PolicyError, load_policy

    try:
        profiles = load_profiles(default_profiles_path())
    except ProfileError as exc:
        raise ConfigError(str(exc)) from exc
    if profile not in profiles:
        raise ConfigError(
            f"unknown profile {profile!r}; choose one of: {', '.join(sorted(profiles))}"
        )
    missing = missing_models(profile, profiles)
    if missing:
        raise ConfigError(
            f"profile {profile!r} runs spaCy NER, but the model package {', '.join(missing)} is "
            "not installed: pip install 'piimap[ner]' (or use --profile logs)"
        )
    try:
        policy = load_policy(policy_path)
    except PolicyError as exc:
        raise ConfigError(f"{exc}\nRun `piimap policy lint {policy_path}` for details.") from exc
    if source_kind and source_kind not in policy.source_kinds():
        raise ConfigError(
            f"unknown source kind {source_kind!r}; the policy defines: "
            f"{', '.join(policy.source_kinds())}"
        )


def check_recognizers(path: Path | None) -> None:
    """A `--recognizers` file is loaded once up front: a pattern that cannot run in linear time
    (or a file Presidio cannot read) is a usage error before any file is scanned."""
    if path is None:
        return
    from recognizers import load_recognizers_yaml

    try:
        load_recognizers_yaml(path)
    except (OSError, ValueError) as exc:
        raise ConfigError(str(exc)) from exc
