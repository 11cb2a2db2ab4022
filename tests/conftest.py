"""Shared fixtures: writing plan files into a temporary folder and running the CLI on them;
Hypothesis profiles (light by default, full in CI); the wheel check's gate; and one LibreOffice
run that converts every .docx the session's layout checks need."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from office import Conversion, Pdf, soffice
from typer.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "xinghe-primary.yaml"

# The smallest plan that validates: the two required sections.
MINIMAL_PLAN = """\
school:
  name: 青岚县星河实验小学
  short_name: 星河小学
period:
  academic_year: 2025
"""


def env_flag(name: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Returns whether the environment variable `name` is set to something other than 0/false/no."""
    return environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


IN_CI = env_flag("CI")

# --- Hypothesis: the full run in CI, a fifth of it while developing ------------------------------------
# "ci" is Hypothesis's own CI profile (fixed examples, no deadline, no database) with 100 examples a
# test; "dev" keeps the usual defaults with 20. Load another with HYPOTHESIS_PROFILE=ci (or
# pytest --hypothesis-profile=ci). Tests that need more or fewer than the profile's count ask for
# `scaled_examples(n)`: n in CI, n/5 in dev.
# Both derive from Hypothesis's "default" profile, not from whatever it loaded on seeing CI at all.
CI_EXAMPLES = 100
_BASE = settings.get_profile("default")
settings.register_profile(
    "ci", _BASE, max_examples=CI_EXAMPLES, derandomize=True, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.register_profile("dev", _BASE, max_examples=CI_EXAMPLES // 5)


def hypothesis_profile(environ: Mapping[str, str]) -> str:
    """Returns the profile to load: HYPOTHESIS_PROFILE if set, else "ci" where CI is set, else "dev"."""
    return environ.get("HYPOTHESIS_PROFILE") or ("ci" if env_flag("CI", environ) else "dev")


settings.load_profile(hypothesis_profile(os.environ))


def scaled_examples(ci_count: int) -> int:
    """Returns how many examples a test that runs `ci_count` in CI runs under the active profile
    (the same share of `ci_count` as the profile's max_examples is of the CI profile's), at least 10."""
    return max(10, round(ci_count * settings.default.max_examples / CI_EXAMPLES))


# --- the wheel check: slow and networked, so CI only unless asked --------------------------------------

WHEEL_SWITCH = "PLANGEN_TEST_WHEEL"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The layout checks go last, so LibreOffice converts their documents while the rest runs.
    items[:] = [item for item in items if not _uses_office(item)] + [
        item for item in items if _uses_office(item)
    ]
    if IN_CI or env_flag(WHEEL_SWITCH):
        return
    skip = pytest.mark.skip(
        reason=f"wheel 安装检查较慢，默认只在 CI 中运行；本地运行请设置 {WHEEL_SWITCH}=1"
    )
    for item in items:
        if "wheel" in item.keywords:
            item.add_marker(skip)


# --- plan files and the CLI ----------------------------------------------------------------------------


@pytest.fixture
def write_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Returns a function writing text (UTF-8) or bytes to `tmp_path/name`; the test runs inside
    `tmp_path`, so messages name the file as `plan.yaml`, exactly as a user typing it would see."""
    monkeypatch.chdir(tmp_path)

    def write(content: str | bytes, name: str = "plan.yaml") -> Path:
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Returns a function running `plangen ARGS…` in-process and returning the click Result
    (stdout and stderr together in `.output`)."""
    from plangen.cli.app import app

    runner = CliRunner()

    def run(*args: str | Path) -> Result:
        return runner.invoke(app, [str(a) for a in args])

    return run


# --- LibreOffice: one background conversion run for the whole session ----------------------------------
# A test module that checks layout defines `office_documents(folder) -> {name: .docx bytes}` and takes
# the `office_pdfs` fixture: {name: Pdf} for the documents LibreOffice converted (a missing name means
# LibreOffice could not open that .docx). Once the tests are collected, every selected module's
# documents are written and handed to one LibreOffice run (tests/office.py); those tests run last, so
# the conversion overlaps everything else.

OFFICE_FIXTURE = "office_pdfs"
OFFICE = pytest.StashKey["Conversion | None"]()
OFFICE_ERRORS = pytest.StashKey[dict[str, Exception]]()  # module → what its office_documents raised


def _uses_office(item: pytest.Item) -> bool:
    return OFFICE_FIXTURE in getattr(item, "fixturenames", ())


def pytest_collection_finish(session: pytest.Session) -> None:
    office = soffice()
    modules = {item.module.__name__: item.module for item in session.items if _uses_office(item)}  # type: ignore[attr-defined]
    session.config.stash[OFFICE] = None
    session.config.stash[OFFICE_ERRORS] = errors = {}
    if office is None or not modules or session.config.option.collectonly:
        return
    folder = Path(tempfile.mkdtemp(prefix="plangen-office-"))
    documents = {}
    for name, module in modules.items():
        try:
            documents[name] = module.office_documents(folder)
        except Exception as exc:  # reported by that module's tests, not as a crash of the session
            errors[name] = exc
    if documents:
        session.config.stash[OFFICE] = Conversion(office, folder, documents)
    else:
        shutil.rmtree(folder)


def pytest_sessionfinish(session: pytest.Session) -> None:
    conversion = session.config.stash.get(OFFICE, None)
    if conversion is not None:
        conversion.stop()
        shutil.rmtree(conversion.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def office_conversions(request: pytest.FixtureRequest) -> dict[str, dict[str, Pdf]]:
    """Returns {module: {name: Pdf}}: the session's LibreOffice run, once it has finished."""
    conversion = request.config.stash.get(OFFICE, None)
    if conversion is None:
        pytest.skip("未安装 LibreOffice，跳过排版检查（apt-get install libreoffice-writer）")
    return conversion.results()


@pytest.fixture(scope="module")
def office_pdfs(request: pytest.FixtureRequest) -> dict[str, Pdf]:
    """Returns {name: Pdf} for this module's `office_documents`, converted by LibreOffice."""
    module = request.module.__name__
    if module in request.config.stash[OFFICE_ERRORS]:
        raise request.config.stash[OFFICE_ERRORS][module]
    return request.getfixturevalue("office_conversions")[module]
