"""Validated themes kept on disk between runs (`plangen.docx.theme_cache`): a warm run reads no
theme YAML, gets the very theme a fresh read gives, and a corrupt or stale entry is read anew."""

from __future__ import annotations

from pathlib import Path

import pytest

from plangen.docx import theme as theme_module
from plangen.docx.theme import builtin_theme_names, load_theme
from plangen.errors import InputError


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PLANGEN_CACHE_DIR", str(folder))
    theme_module._load_cached.cache_clear()  # a new process, as far as themes go
    yield folder / "theme"
    theme_module._load_cached.cache_clear()


def _fresh(name_or_path: str | Path):  # type: ignore[no-untyped-def]
    """Loads as a new process would (the on-disk cache is all that is left)."""
    theme_module._load_cached.cache_clear()
    return load_theme(name_or_path)


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the theme's YAML was read")

    monkeypatch.setattr(theme_module, "load_chain", refuse)


def _custom(tmp_path: Path, size: str = "16") -> Path:
    (tmp_path / "base.yaml").write_text(
        f"base: gongwen\nstyles:\n  normal: {{size_pt: {size}}}\n", encoding="utf-8"
    )
    path = tmp_path / "school.yaml"
    path.write_text("base: base.yaml\npage: {margin_top_mm: 30}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", builtin_theme_names())
def test_a_warm_run_reads_no_yaml_and_gets_the_same_theme(
    cache: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    cold = _fresh(name)
    assert len(list(cache.glob("*.json"))) == 1
    _no_yaml(monkeypatch)
    warm = _fresh(name)
    assert warm == cold and warm is not cold


def test_a_chain_of_bases_is_cached_and_an_edited_base_is_read_anew(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _custom(tmp_path)
    cold = _fresh(path)
    assert cold.styles.normal.size_pt == 16 and cold.page.margin_top_mm == 30
    with monkeypatch.context() as patched:
        _no_yaml(patched)
        assert _fresh(path) == cold
    _custom(tmp_path, size="15")  # the base changes, the theme file itself does not
    assert _fresh(path).styles.normal.size_pt == 15
    with monkeypatch.context() as patched:
        _no_yaml(patched)
        assert _fresh(path).styles.normal.size_pt == 15  # and that is what is kept now


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: "",  # empty
        lambda text: "\x00\xff garbage",  # not JSON
        lambda text: '{"key": 1}',  # JSON, but not a cache file
        lambda text: text.replace("16.0", '\\"big\\"', 1),  # a theme that fails validation
        lambda text: text.replace("16.0", "99.0", 1),  # a theme that validates, but is not it
    ],
)
def test_a_corrupt_entry_is_ignored_and_written_anew(
    cache: Path, tmp_path: Path, damage, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _custom(tmp_path)
    cold = _fresh(path)
    (entry,) = cache.glob("*.json")
    good = entry.read_text(encoding="utf-8")
    damaged = damage(good)
    assert damaged != good
    entry.write_text(damaged, encoding="utf-8")
    assert _fresh(path) == cold
    assert entry.read_text(encoding="utf-8") == good  # rebuilt, whole
    _no_yaml(monkeypatch)
    assert _fresh(path) == cold


def test_a_broken_theme_is_never_cached(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("base: gongwen\npage: {margin_top_mm: -5}\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            _fresh(path)
        assert "bad.yaml:2" in str(caught.value)
    assert list(cache.glob("*.json")) == []


def test_without_a_cache_folder_themes_still_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANGEN_CACHE_DIR", "off")
    assert _fresh(_custom(tmp_path)).styles.normal.size_pt == 16
    theme_module._load_cached.cache_clear()
