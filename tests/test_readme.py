"""The README's two commands are what CI runs: a drift between them would hide a broken set-up."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, re.S)


def test_readme_has_a_setup_and_a_test_command():
    commands = readme_commands()
    assert len(commands) == 2
    setup, tests = commands
    assert "pip install" in setup and "examples/" in setup and "newsgraph load" in setup
    assert "pytest" in tests


def test_ci_runs_the_readme_commands_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in readme_commands():
        assert command in ci, f".ci/run does not run the README command: {command}"
