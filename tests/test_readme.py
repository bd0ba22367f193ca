"""The README's two commands are what CI runs: a drift between them would hide a broken set-up."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, re.S)


def test_readme_has_a_main_job_and_a_test_command():
    commands = readme_commands()
    assert len(commands) == 2
    main_job, tests = commands
    assert "pip install" in main_job and "newsgraph load examples/" in main_job
    assert main_job.rstrip().split("&&")[-1].strip().startswith(".venv/bin/newsgraph serve")
    assert "pytest" in tests


def test_ci_runs_the_readme_commands_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    main_job, tests = readme_commands()
    assert f'MAIN_JOB="{main_job}"' in ci, ".ci/run does not run the README's main-job command"
    assert "${MAIN_JOB}" in ci.split(f'MAIN_JOB="{main_job}"', 1)[1], ".ci/run does not run MAIN_JOB"
    assert tests in ci.splitlines(), ".ci/run does not run the README's test command"
