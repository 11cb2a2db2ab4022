"""Shared fixtures: writing plan files into a temporary folder and running the CLI on them;
Hypothesis profiles (light by default, full in CI); the wheel check's gate; and one LibreOffice
run that converts every .docx the session's layout checks need."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
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


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


IN_CI = _env_flag("CI")

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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev"))


def scaled_examples(ci_count: int) -> int:
    """Returns how many examples a test that runs `ci_count` in CI runs under the active profile
    (the same share of `ci_count` as the profile's max_examples is of the CI profile's), at least 10."""
    return max(10, round(ci_count * settings.default.max_examples / CI_EXAMPLES))


# --- the wheel check: slow and networked, so CI only unless asked --------------------------------------

WHEEL_SWITCH = "PLANGEN_TEST_WHEEL"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if IN_CI or _env_flag(WHEEL_SWITCH):
        return
    skip = pytest.mark.skip(reason=f"wheel 安装检查较慢，默认只在 CI 中运行；本地运行请设置 {WHEEL_SWITCH}=1")
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


# --- LibreOffice: one conversion run for the whole session ---------------------------------------------
# A test module that checks layout defines `office_documents(folder) -> {name: .docx bytes}` and takes
# the `office_pdfs` fixture: {name: Pdf} for the documents LibreOffice converted (a missing name means
# LibreOffice could not open that .docx). Starting LibreOffice costs more than converting a document,
# so every selected module's documents go through one `soffice --convert-to pdf` call.


class Pdf:
    """A PDF that LibreOffice wrote; page count and page texts are read once, when first asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def pages(self) -> int:
        if shutil.which("pdfinfo"):
            out = subprocess.run(["pdfinfo", str(self.path)], capture_output=True, text=True, check=True).stdout
            found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
            assert found, out
            return int(found.group(1))
        return len(re.findall(rb"/Type\s*/Page(?!s)", self.path.read_bytes()))

    @cached_property
    def _texts(self) -> list[str]:
        out = subprocess.run(["pdftotext", str(self.path), "-"], check=True, capture_output=True, text=True).stdout
        return out.split("\f")  # pdftotext ends every page with a form feed

    def text(self, page: int) -> str:
        """Returns the text of page `page` (from 1) as pdftotext extracts it."""
        return self._texts[page - 1]


def _soffice() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if not found:
        pytest.skip("未安装 LibreOffice，跳过排版检查（apt-get install libreoffice-writer）")
    return found


@pytest.fixture(scope="session")
def office_conversions(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Pdf]]:
    """Converts the documents of every collected module that uses `office_pdfs` in one LibreOffice
    run (with a private profile, so parallel runs never share one); returns {module: {name: Pdf}}."""
    office = _soffice()
    folder = tmp_path_factory.mktemp("office")
    modules = {item.module.__name__: item.module for item in request.session.items
               if "office_pdfs" in getattr(item, "fixturenames", ()) and hasattr(item, "module")}
    sources: dict[str, tuple[str, str]] = {}  # file stem → (module, document name)
    for index, (module_name, module) in enumerate(sorted(modules.items())):
        for name, data in module.office_documents(folder).items():
            stem = f"m{index}-{name}"
            (folder / f"{stem}.docx").write_bytes(data)
            sources[stem] = (module_name, name)
    profile = tmp_path_factory.mktemp("office-profile")
    subprocess.run(
        [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *(str(folder / f"{stem}.docx") for stem in sources)],
        check=True, capture_output=True, timeout=900,
    )  # fmt: skip
    converted: dict[str, dict[str, Pdf]] = {name: {} for name in modules}
    for stem, (module_name, name) in sources.items():
        pdf = folder / f"{stem}.pdf"
        if pdf.is_file():
            converted[module_name][name] = Pdf(pdf)
    return converted


@pytest.fixture(scope="module")
def office_pdfs(request: pytest.FixtureRequest, office_conversions: dict[str, dict[str, Pdf]]) -> dict[str, Pdf]:
    """Returns {name: Pdf} for this module's `office_documents`, converted by LibreOffice."""
    return office_conversions[request.module.__name__]
