"""Plain `render` and `validate` command lines run without Typer (`plangen.cli.direct`), with
exactly the options, defaults, output, files and exit codes of the Typer commands."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.core import TyperOption

from plangen.cli import actions, direct
from plangen.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "xinghe-primary.yaml"
ACTIONS = {"render": actions.render, "validate": actions.validate}

# Runs the CLI as the console script does (`main`), or the Typer app alone; then says on the
# last line of stderr which command-line frameworks were imported.
PROBE = (
    "import sys\n"
    "from plangen.cli import main\n"
    "typer_only = sys.argv.pop(1) == 'typer'\n"
    "try:\n"
    "    if typer_only:\n"
    "        from plangen.cli.app import run\n"
    "        run()\n"
    "    else:\n"
    "        main()\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "else:\n"
    "    code = 0\n"
    "sys.stderr.write('\\nIMPORTED ' + ' '.join(m for m in ('typer', 'click', 'jinja2',"
    " 'markdown_it', 'plangen.render.mdtext') if m in sys.modules))\n"
    "sys.exit(code)\n"
)


def _kind(param: Any) -> str:
    annotation = param.type_descriptor.annotation
    if param.is_flag:
        return direct.FLAG
    if param.multiple:
        assert annotation == list[str]
        return direct.TEXTS
    return {int: direct.NUMBER, Path: direct.PATH, str: direct.TEXT}[annotation]


@pytest.mark.parametrize("name", sorted(direct.OPTIONS))
def test_the_direct_options_are_the_typer_commands_options(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    spellings: dict[str, tuple[str, str]] = {}
    defaults = {}
    for param in command.params:
        if isinstance(param, TyperOption) and param.name != "help":
            for spelling in [*param.opts, *param.secondary_opts]:
                spellings[spelling] = (param.name, _kind(param))
            defaults[param.name] = param.default
    assert direct.OPTIONS[name] == spellings
    signature = inspect.signature(ACTIONS[name])
    assert list(signature.parameters) == [p.name for p in command.params if p.name != "help"]
    for param, default in defaults.items():
        own = signature.parameters[param].default
        assert (list(own) if isinstance(own, tuple) else own) == default, param
    jobs = next((p for p in command.params if p.name == "jobs"), None)
    if jobs is not None:
        assert direct.RANGES["jobs"] == (jobs.min, jobs.max)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["render"],
        ["styles"],
        ["render", "a.yaml", "-j", "0"],
        ["render", "a.yaml", "-j", "65"],
        ["render", "a.yaml", "-j2"],
        ["render", "a.yaml", "-qj", "2"],
        ["render", "a.yaml", "--strict=1"],
        ["render", "--", "a.yaml"],
        ["render", "a.yaml", "-o"],
        ["render", "a.yaml", "-o", "-q"],
        ["render", "a.yaml", "--to", "md", "--to", "docx"],
        ["render", "a.yaml", "--bogus"],
        ["render", "a.yaml", "--sty", "okr"],
        ["render", ""],
        ["validate", "a.yaml", "--year", "二〇二七"],
        ["validate", "a.yaml", "--year", "-2027"],
        ["validate", "a.yaml", "--year", "２０２７"],
        ["validate", "a.yaml", "-h"],
        ["validate", "a.yaml", "--to", "md"],
    ],
)
def test_anything_unusual_is_left_to_typer(argv: list[str]) -> None:
    assert direct.parse(argv) is None


def test_plain_forms_are_read_as_typer_reads_them() -> None:
    argv = "render a.yaml -s okr --style=standard,brief --to=md,docx -o - --year 2027 -j 2 -q"
    command, arguments = direct.parse([*argv.split(), "b.yaml", "--keep-punctuation", "-"]) or (
        "",
        {},
    )
    assert command == "render"
    assert arguments == {
        "plans": [Path("a.yaml"), Path("b.yaml"), Path("-")],
        "style": ["okr", "standard,brief"],
        "to": "md,docx",
        "out": Path("-"),
        "year": 2027,
        "jobs": 2,
        "quiet": True,
        "no_normalize": True,
    }


def _run(way: str, args: list[str], cwd: Path) -> tuple[int, str, str, list[str]]:
    env = {**os.environ, "PLANGEN_CACHE_DIR": str(cwd / "cache"), "COLUMNS": "80"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, way, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )
    stderr, _, imported = done.stderr.rpartition("\nIMPORTED ")
    out = cwd / "out"
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*")) if out.exists() else []
    for path in out.rglob("*.md") if out.exists() else []:
        files.append(path.read_text(encoding="utf-8"))
    return done.returncode, done.stdout, stderr, [imported, *files]


BAD = "school: {name: 某校}\nperiod: {academic_year: 2025, term: autumn}\n"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(EXAMPLE)],
        ["validate", "--year", "2027", "--strict", str(EXAMPLE), "bad.yaml"],
        ["validate", "missing.yaml"],
        ["render", str(EXAMPLE), "--to", "md,docx", "-o", "out", "-q"],
        ["render", str(EXAMPLE), "bad.yaml", "-s", "all", "--year=2026", "-o", "out"],
        ["render", str(EXAMPLE), "--term", "second", "--front-matter", "-o", "out"],
        ["render", str(EXAMPLE), "-o", "-", "--script", "hant"],
        ["render", str(EXAMPLE), "--to", "pdfx"],
        ["render", str(EXAMPLE), "--style", "nosuch", "-o", "out"],
        ["render", str(EXAMPLE), "--theme", "nosuch.yaml", "--to", "docx", "-o", "out"],
        ["render", str(EXAMPLE), "-j", "0"],
    ],
)
def test_the_direct_path_gives_what_typer_gives(tmp_path: Path, args: list[str]) -> None:
    results = {}
    for way in ("main", "typer"):
        folder = tmp_path / way
        folder.mkdir()
        (folder / "bad.yaml").write_text(BAD, encoding="utf-8")
        results[way] = _run(way, args, folder)
    (code, stdout, stderr, [imported, *files]) = results["main"]
    (typer_code, typer_stdout, typer_stderr, [_, *typer_files]) = results["typer"]
    assert (code, stdout, stderr, files) == (typer_code, typer_stdout, typer_stderr, typer_files)
    direct_form = direct.parse(args) is not None
    assert ("typer" in imported) is not direct_form
    assert code in (0, 1, 2)


def test_validate_imports_no_command_line_framework(tmp_path: Path) -> None:
    code, stdout, _, [imported, *_] = _run("main", ["validate", str(EXAMPLE)], tmp_path)
    assert code == 0 and "有效" in stdout
    assert imported.split() == []  # neither Typer, Click, Jinja, markdown-it nor the escaping


def test_pydantic_plugins_are_off_unless_the_user_chose_some() -> None:
    probe = (
        "import os\nfrom plangen.cli import without_pydantic_plugins\nwithout_pydantic_plugins()\n"
        "print(os.environ['PYDANTIC_DISABLE_PLUGINS'])\n"
    )
    env = {**os.environ}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.stdout.split() == ["__all__"], done.stderr
    env["PYDANTIC_DISABLE_PLUGINS"] = "some-plugin"  # the user's choice stays
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.stdout.split() == ["some-plugin"], done.stderr


@pytest.mark.parametrize("was_on", [True, False])
def test_the_work_runs_with_the_collector_as_the_user_left_it(
    monkeypatch: pytest.MonkeyPatch, was_on: bool
) -> None:
    """The direct path imports its modules with the garbage collector off, and turns it back on
    before the command works: a template's cyclic garbage is collected as ever."""
    import gc

    seen = []
    monkeypatch.setattr(actions, "render", lambda **_: seen.append(gc.isenabled()))
    (gc.enable if was_on else gc.disable)()
    try:
        assert direct.run(["render", str(EXAMPLE), "--to", "docx"]) == 0
    finally:
        gc.enable()
        gc.unfreeze()
    assert seen == [was_on]


def test_pydantic_s_plugin_loader_is_not_imported_while_plugins_are_off(tmp_path: Path) -> None:
    """A plain validate or render never imports importlib.metadata (pydantic's plugin loader
    would, to find no plugins); with plugins the user chose, pydantic's loader is used."""
    probe = (
        "import sys\nfrom plangen.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('importlib.metadata' in sys.modules, type(sys.modules['pydantic.plugin._loader']).__name__, file=sys.stderr)\n"
    )
    validate = ["validate", str(EXAMPLE)]
    render = ["render", str(EXAMPLE), "-o", str(tmp_path), "-q"]
    # (PYDANTIC_DISABLE_PLUGINS, command) → (importlib.metadata imported, the loader's type)
    cases = {
        (None, "validate"): ["False", "PluginsOff"],
        (None, "render"): ["False", "PluginsOff"],
        ("some-plugin", "validate"): ["True", "module"],
    }
    for (plugins, command), expected in cases.items():
        env = {**os.environ, "PLANGEN_CACHE_DIR": str(tmp_path / "cache")}
        env.pop("PYDANTIC_DISABLE_PLUGINS", None)
        if plugins is not None:
            env["PYDANTIC_DISABLE_PLUGINS"] = plugins
        args = validate if command == "validate" else render
        done = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.stderr.split()[-2:] == expected, (plugins, command, done.stderr)


def test_the_stand_in_hands_over_to_pydantic_s_loader() -> None:
    """Once plugins are turned on, or for any name but get_plugins, pydantic's own loader answers."""
    start = (
        "import importlib, os, sys\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
        "from plangen.cli.plugins import LOADER, stand_in_for_the_loader\n"
        "stand_in_for_the_loader()\n"
        "loader = importlib.import_module(LOADER)\n"
        "print(type(loader).__name__, list(loader.get_plugins()))\n"
    )
    probes = {
        # plugins turned on later: pydantic's get_plugins looks for them
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = ''\n"
        "print(type(loader.get_plugins()).__name__)\n": "dict_values",
        # a name only pydantic's module has
        "print(loader.PYDANTIC_ENTRY_POINT_GROUP)\n": "pydantic",
    }
    for probe, answer in probes.items():
        done = subprocess.run(
            [sys.executable, "-c", start + probe + "print(type(sys.modules[LOADER]).__name__)"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.stdout.split() == ["PluginsOff", "[]", answer, "module"], done.stderr
