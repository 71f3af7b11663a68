"""Each layer imports only the layers below it (taxonomy/config/errors < models < store < ingest|search < ...)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "caselaw"

# Rank of each top-level module or subpackage; an import must go to a strictly lower rank, or stay inside
# its own module. ingest and search share a rank: side by side, neither may import the other.
RANKS: dict[str, int] = {
    "taxonomy": 0,
    "config": 0,
    "errors": 0,
    "models": 1,
    "spreadsheet": 1,
    "store": 2,
    "ingest": 3,
    "search": 3,
    "selection": 4,
    "schema_export": 5,
    "api": 5,
    "cli": 6,
    "__main__": 7,
    "__init__": -1,
}
# Rank-0 modules may use each other (taxonomy reports TaxonomyError from errors).
ALLOWED_SAME_RANK = {("taxonomy", "errors"), ("config", "errors")}


def _layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("caselaw."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "caselaw":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("caselaw."))
    return found


def test_every_module_has_a_rank() -> None:
    layers = {_layer(p) for p in PACKAGE.rglob("*.py")}
    assert layers - set(RANKS) == set()


def test_imports_only_go_down() -> None:
    violations = []
    for path in PACKAGE.rglob("*.py"):
        layer = _layer(path)
        for target in _imports(path):
            if target == layer or target == "__version__" or (layer, target) in ALLOWED_SAME_RANK:
                continue
            if RANKS.get(target, 99) >= RANKS[layer]:
                violations.append(f"{path.relative_to(PACKAGE)} imports caselaw.{target}")
    assert violations == []


SIDE_EFFECTS = {
    "get_settings", "get_taxonomy", "open_store", "load_taxonomy", "Settings", "CaseStore",
    "connect", "mkdir", "open", "write_text", "write_bytes", "basicConfig",
}  # fmt: skip


def test_no_import_time_side_effects_in_the_package() -> None:
    """Module bodies define things; they do not open stores, read settings or load the taxonomy."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__main__.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            value = node.value if isinstance(node, ast.Expr | ast.Assign | ast.AnnAssign) else None
            if isinstance(value, ast.Call):
                func = value.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in SIDE_EFFECTS:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} calls {name}")
    assert offenders == []
