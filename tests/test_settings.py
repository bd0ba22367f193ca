"""The settings list (newsgraph.loader.settings): every setting documented, every documented
setting real, the command line's options taking their defaults and help from it, and a value
read from the environment or an override."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from newsgraph.loader import cli, settings

DOC = Path(__file__).resolve().parent.parent / "docs" / "settings.md"
ROW = re.compile(r"^\| `(?P<name>[a-z_]+)` \| `(?P<default>[^`]*)` \| (?P<help>.+) \|$", re.M)


def documented() -> dict[str, tuple[str, str]]:
    return {m["name"]: (m["default"], m["help"]) for m in ROW.finditer(DOC.read_text(encoding="utf-8"))}


def test_every_setting_is_documented_with_its_default_and_help():
    doc = documented()
    for s in settings.SETTINGS:
        assert s.name in doc, f"{s.name} is not in docs/settings.md"
        assert doc[s.name][0] == settings.shown(s.default), f"{s.name}: docs/settings.md gives another default"
        assert doc[s.name][1].replace("\\|", "|") == s.help, f"{s.name}: docs/settings.md gives another help"


def test_every_documented_setting_exists():
    assert set(documented()) <= set(settings.BY_NAME)


def test_the_documentation_lists_each_setting_once():
    names = [m["name"] for m in ROW.finditer(DOC.read_text(encoding="utf-8"))]
    assert len(names) == len(set(names)) == len(settings.SETTINGS)


def options():
    """(command, option) of every option of every command that names a setting by its envvar."""
    by_env = {s.env: s for s in settings.SETTINGS}
    for command in cli.main.commands.values():
        for param in command.params:
            if isinstance(param, click.Option) and param.envvar in by_env:
                yield command.name, param, by_env[param.envvar]


def test_the_command_line_options_take_their_defaults_and_help_from_the_settings():
    seen = set()
    for command, option, setting in options():
        seen.add(setting.name)
        if setting.name in ("store", "base_iri", "pipeline"):
            assert setting.env in option.help, f"{command} {option.name}: the help names the variable"
            continue  # their help shows the default the store or pipeline resolves
        assert option.help == setting.help, f"{command} {option.name}"
        if option.multiple:
            assert tuple(option.default or ()) == setting.default
        else:
            assert option.default == setting.default, f"{command} {option.name}"
    assert {"store", "base_iri", "max_bytes", "workers", "timeout", "row_limit", "query_workers",
            "client_budget", "backlog"} <= seen


def test_an_option_left_out_takes_the_environment_then_the_default(monkeypatch):
    command = cli.main.commands["serve"]
    option = next(p for p in command.params if p.name == "row_limit")
    ctx = click.Context(command)
    assert option.consume_value(ctx, {})[0] == 10000
    monkeypatch.setenv("NEWSGRAPH_ROW_LIMIT", "500")
    assert option.type_cast_value(ctx, option.consume_value(ctx, {})[0]) == 500


def test_a_value_comes_from_an_override_then_the_environment_then_the_default(monkeypatch):
    assert settings.value("delta_chunk") == settings.get("delta_chunk").default
    monkeypatch.setenv("NEWSGRAPH_DELTA_CHUNK", "10")
    assert settings.value("delta_chunk") == 10
    with settings.override(delta_chunk=3):
        assert settings.value("delta_chunk") == 3
    assert settings.value("delta_chunk") == 10


@pytest.mark.parametrize("name, raw, expected", [
    ("indirect_speech", "no", False), ("indirect_speech", "1", True), ("timeout", "2.5", 2.5),
    ("trusted_proxies", "10.0.0.1, 10.0.0.0/8", ("10.0.0.1", "10.0.0.0/8")), ("store", "/data/s", Path("/data/s")),
])
def test_the_environment_is_read_as_the_settings_type(monkeypatch, name, raw, expected):
    monkeypatch.setenv(settings.get(name).env, raw)
    assert settings.value(name) == expected


@pytest.mark.parametrize("name, raw", [("row_limit", "many"), ("row_limit", "0"), ("indirect_speech", "perhaps")])
def test_a_bad_value_in_the_environment_is_an_error_naming_the_variable(monkeypatch, name, raw):
    monkeypatch.setenv(settings.get(name).env, raw)
    with pytest.raises(settings.SettingError, match=settings.get(name).env):
        settings.value(name)


def test_an_unknown_setting_is_an_error():
    with pytest.raises(settings.SettingError):
        settings.value("no_such_setting")
    with pytest.raises(settings.SettingError):
        with settings.override(no_such_setting=1):
            pass


def test_the_settings_command_prints_every_setting_and_the_markdown_is_the_docs_tables():
    from click.testing import CliRunner

    out = CliRunner().invoke(cli.main, ["settings"], env={"NEWSGRAPH_ROW_LIMIT": "7"})
    assert out.exit_code == 0
    for s in settings.SETTINGS:
        assert re.search(rf"^{s.name} ", out.output, re.M)
    assert re.search(r"^row_limit +7 \(default 10_000\)$", out.output, re.M)
    tables = CliRunner().invoke(cli.main, ["settings", "--markdown"]).output
    assert tables.strip() in DOC.read_text(encoding="utf-8")
