"""The composite action (action.yml): its shell steps, run locally in order as the runner would
(inputs substituted, GITHUB_OUTPUT collected), install the built wheel into a fresh venv and gate
a sample folder, writing the SARIF path as an output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.packaging.conftest import ROOT, clean_env

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("packaging")]

_INPUT = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")


def _run_action(inputs: dict[str, str], workspace: Path, venv: Path) -> tuple[int, dict]:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    values = {k: str(v.get("default", "")) for k, v in action["inputs"].items()} | inputs
    output_file = workspace.parent / "github_output"
    output_file.write_text("")
    env = clean_env(
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        GITHUB_OUTPUT=str(output_file),
        GITHUB_ACTION_PATH=str(ROOT),
        PIIMAP_HASH_KEY="8d2f60b4e19c7a35f0e4b8c21d9a6f07",
        PIP_NO_INDEX="1",  # dependencies come from the dev venv (see conftest)
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    code = 0
    for step in action["runs"]["steps"]:
        assert step["shell"] == "bash"
        step_env = {k: _INPUT.sub(lambda m: values[m.group(1)], str(v))
                    for k, v in (step.get("env") or {}).items()}  # fmt: skip
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=workspace, env={**env, **step_env}, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        code = done.returncode
        if step["id"] != "check":
            assert code == 0, done.stderr
    outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if line)
    declared = {
        name: re.fullmatch(r"\$\{\{\s*steps\.check\.outputs\.([\w-]+)\s*\}\}", spec["value"])
        for name, spec in action["outputs"].items()
    }
    return code, {name: outputs[m.group(1)] for name, m in declared.items() if m}


@pytest.fixture(scope="module")
def action_venv(wheel, tmp_path_factory) -> Path:
    """A venv with pip (the action's install step runs it) that sees the dev dependencies."""
    venv = tmp_path_factory.mktemp("action") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=clean_env())
    probe = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    import sysconfig

    Path(purelib, "piimap-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def test_the_action_installs_checks_and_outputs_the_sarif_path(action_venv, wheel, tmp_path):
    workspace = tmp_path / "workspace"
    (workspace / "logs").mkdir(parents=True)
    (workspace / "logs" / "app.log").write_text("WARN kyc retry nric=S8412345E\n")
    (workspace / "logs" / "clean.log").write_text("INFO service started\n")

    code, outputs = _run_action({"paths": "logs/", "package": str(wheel)}, workspace, action_venv)
    assert code == 1  # an undeclared NRIC in a log fails the job
    assert outputs == {"sarif-file": "piimap.sarif", "exit-code": "1"}
    sarif = json.loads((workspace / outputs["sarif-file"]).read_text())
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["SG_NRIC_FIN"]
    assert "S8412345E" not in json.dumps(sarif)

    (workspace / "logs" / "app.log").write_text("INFO nothing personal\n")
    code, outputs = _run_action(
        {"paths": "logs/", "package": str(wheel), "sarif-file": "out/p.sarif"},
        workspace, action_venv,
    )  # fmt: skip
    assert (code, outputs["exit-code"]) == (0, "0")
    assert json.loads((workspace / "out" / "p.sarif").read_text())["runs"][0]["results"] == []
