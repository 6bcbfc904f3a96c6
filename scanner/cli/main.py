"""The `piimap` command group: one module per command under scanner/cli/, registered here."""

from __future__ import annotations

import importlib

import click

from scanner import __version__
from scanner.cli.common import ConfigError
from scanner.cli.policy import policy
from scanner.cli.report import report_cmd
from scanner.cli.scan import FINDINGS_FORMATS, scan
from scanner.exit_codes import EXIT_PARTIAL

# Only light modules at the top: `piimap --help`, `--version` and `policy show` must start
# without importing the scan pipeline (Presidio, spaCy, pyarrow). Each command lives in its own
# module under scanner/cli/; those whose modules import the scan pipeline at the top are
# registered lazily (LazyGroup below).


class LazyGroup(click.Group):
    """Commands from their own modules (CI gate, data subject requests, init), imported on first
    use, so `piimap scan` does not pay for loading `check` or `locate`, and `piimap --help` lists
    them from the one-line help below without importing any of them."""

    LAZY = {
        "check": ("scanner.cli.check:check", "CI gate: fail when PATHs hold undeclared PII."),
        "baseline": (
            "scanner.cli.baseline:baseline",
            "Record known findings for check --baseline.",
        ),
        "locate": ("scanner.cli.dsar:locate", "Find one data subject's data in a run."),
        "retention": ("scanner.cli.dsar:retention", "Findings past their retention period."),
        "init": ("scanner.cli.init:init", "Write a commented starter .piimap.yaml."),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            module, attr = self.LAZY[cmd_name][0].split(":")
            command: click.Command = getattr(importlib.import_module(module), attr)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.LAZY:
                rows.append((name, self.LAZY[name][1]))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="piimap")
def main() -> None:
    """piimap finds personal data in storage and maps it to your privacy policy.

    \b
    Typical use:
      piimap scan ./storage --out reports/run1      # inventory of contracts and logs
      piimap report reports/run1                    # self-contained HTML report
      piimap check logs/ --format sarif             # CI gate: exit 1 on undeclared PII
      piimap locate reports/run1 --value S1234567D  # data subject request
    """


main.add_command(scan)
main.add_command(policy)
main.add_command(report_cmd)

__all__ = ["EXIT_PARTIAL", "FINDINGS_FORMATS", "ConfigError", "main"]


if __name__ == "__main__":
    main()
