"""Every command and every option is documented (issue #2; datasette's test_docs habit)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from dotterel.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = "\n".join(p.read_text("utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_is_documented(name):
    assert f"dotterel {name}" in DOCS


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (name, opt)
        for name, cmd in sorted(main.commands.items())
        for param in cmd.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    ],
)
def test_option_is_documented(command, option):
    assert option in DOCS, f"dotterel {command} {option} is not mentioned in README.md or docs/"


def test_readme_two_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")
