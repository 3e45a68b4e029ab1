"""The package's rooms: each imports only the rooms below it, and no module imports itself back
through others. Every import counts: top-level, inside functions and under TYPE_CHECKING."""

from __future__ import annotations

import ast
from pathlib import Path

import tract

PACKAGE = Path(tract.__file__).parent

# Lowest first. A module may import its own room and any room listed before it.
LAYERS = (
    ("problems", "fonts", "write", "progress"),
    ("variants",),
    ("report",),
    ("source",),
    ("render",),
    ("checks",),
    ("finish",),
    ("layout",),
    ("outputs",),
    ("translate",),
    ("pipeline",),
    ("serve",),
    ("cli", "__main__"),
)
ROOM_OF = {room: level for level, rooms in enumerate(LAYERS) for room in rooms}
WEASYPRINT_ROOMS = {"layout"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    """Every module of tract (dotted, without 'tract.') and every top-level package named."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _tract_imports(path: Path, modules: dict[str, Path]) -> set[str]:
    out = set()
    for name in _imports(path):
        if name.startswith("tract."):
            inner = name.removeprefix("tract.")
            while inner and inner not in modules:
                inner = inner.rpartition(".")[0]
            if inner:
                out.add(inner)
    return out


def test_every_module_is_in_a_room() -> None:
    rooms = {name.split(".")[0] for name in _modules() if name}
    assert rooms <= set(ROOM_OF), rooms - set(ROOM_OF)


def test_no_room_imports_one_above_it() -> None:
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        if not name:
            continue
        level = ROOM_OF[name.split(".")[0]]
        for target in _tract_imports(path, modules):
            if target and ROOM_OF[target.split(".")[0]] > level:
                wrong.append(f"{name} imports {target}")
    assert not wrong


def test_no_import_cycle() -> None:
    modules = _modules()
    graph = {name: _tract_imports(path, modules) - {name, ""} for name, path in modules.items()}
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " -> ".join((*trail, name))
        if name in done:
            return
        for target in graph[name]:
            visit(target, (*trail, name))
        done.add(name)

    for name in graph:
        visit(name, ())


def test_only_the_layout_room_imports_weasyprint() -> None:
    importers = {
        name.split(".")[0]
        for name, path in _modules().items()
        if any(i == "weasyprint" or i.startswith("weasyprint.") for i in _imports(path))
    }
    assert importers == WEASYPRINT_ROOMS
