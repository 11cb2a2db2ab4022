"""The package keeps the layout of design.md §1: stages as packages, small modules, no module
reaching into another's private names, no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import plangen

PACKAGE = Path(plangen.__file__).parent
STAGES = {"source", "plan", "render", "docx", "commands", "pipeline", "cli"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """Returns (module, imported names) for every `from plangen… import …` and `import plangen…`."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("plangen"):
            out.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names if alias.name.startswith("plangen")]
    return out


def test_the_stages_are_packages() -> None:
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} >= STAGES


MAX_LINES = 420  # “about 400 lines at most” (design.md §1), counted after `ruff format`


def test_no_module_over_about_400_lines() -> None:
    sizes = {
        name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()
    }
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_no_module_imports_another_modules_private_names() -> None:
    private = [
        f"{name} imports {module}.{imported}"
        for name, path in MODULES.items()
        for module, names in _imports(path)
        for imported in names
        if imported.startswith("_") and not imported.endswith("__") and module != name
    ]
    assert private == []


def _top_level_imports(path: Path) -> set[str]:
    """Returns the plangen modules `path` imports when it is imported (module level, including
    `if TYPE_CHECKING:` blocks; not the lazy imports inside functions)."""
    targets: set[str] = set()
    pending = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.If, ast.Try)):
            pending += (
                node.body + node.orelse + [n for h in getattr(node, "handlers", []) for n in h.body]
            )
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("plangen"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                targets.add(sub if sub in MODULES else node.module)
        elif isinstance(node, ast.Import):
            targets |= {a.name for a in node.names if a.name in MODULES}
    return targets


def test_no_import_cycles() -> None:
    graph = {name: _top_level_imports(path) - {name} for name, path in MODULES.items()}
    cycles = set()

    def visit(node: str, trail: tuple[str, ...]) -> None:
        if node in trail:
            cycles.add(" → ".join((*trail[trail.index(node) :], node)))
            return
        for target in sorted(graph.get(node, ())):
            visit(target, (*trail, node))

    for name in sorted(MODULES):
        visit(name, ())
    assert sorted(cycles) == []


# Each stage may import the stages before it, never those after it; leaf modules (errors,
# resources, cache, zh) import no stage.
ORDER = ["source", "plan", "render", "docx", "pipeline", "commands", "cli"]
LEAVES = {"plangen.errors", "plangen.resources", "plangen.cache", "plangen.zh", "plangen.zh_quota"}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ORDER else None


def test_stages_import_only_earlier_stages() -> None:
    wrong = []
    for name, path in MODULES.items():
        stage = _stage(name)
        for module, names in _imports(path):  # lazy imports inside functions count too
            targets = [
                f"{module}.{n}" if f"{module}.{n}" in MODULES else module for n in names
            ] or [module]
            for target in targets:
                other = _stage(target)
                if name in LEAVES and other is not None:
                    wrong.append(f"{name} (a leaf) imports {target}")
                elif stage and other and ORDER.index(other) > ORDER.index(stage):
                    wrong.append(f"{name} ({stage}) imports {target} ({other})")
    assert sorted(set(wrong)) == []
