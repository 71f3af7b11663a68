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


def _module(path: Path) -> str:
    return ".".join(("caselaw", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


MODULES = {_module(path) for path in PACKAGE.rglob("*.py")}
"""Every module of the package by dotted name (a package by its own name, not `…__init__`)."""

# Rooms inside a layer. search: the contract (engine, query, request, response, facets, …) knows no engine;
# each engine lives in its own room and never imports the other; only the factory imports them.
ENGINE_ROOMS = ("caselaw.search.embedded", "caselaw.search.cluster")
ENGINE_FACTORY = "caselaw.search.engines"
# api: the JSON routes, the HTML pages and the committee app meet only in shared modules of `caselaw.api`
# (`dependencies`, `params`, `case_detail`, …); `app` puts them together.
API_ROOMS = ("caselaw.api.routes", "caselaw.api.ui", "caselaw.api.committee")
SHARED_ACROSS_ROOMS = {"caselaw.api.ui.messages"}
"""The message catalogue, used by the pages, the committee app and the Atom feeds: it lives with the pages until
the pages get their own package."""


def _layer(module: str) -> str:
    """The top-level module or subpackage `module` belongs to (`__init__` for the package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _in(module: str, room: str) -> bool:
    return module == room or module.startswith(room + ".")


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """The caselaw modules `source` (the text of `module`) imports, absolute or relative, by dotted name.

    `from caselaw.search import analysis` names the submodule; `from caselaw.search import SearchEngine` the package.
    """
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in MODULES else target)
    return {name for name in found if _in(name, "caselaw")}


def _package_imports() -> dict[str, set[str]]:
    return {
        _module(path): imported_modules(
            path.read_text(encoding="utf-8"), _module(path), is_package=path.name == "__init__.py"
        )
        for path in PACKAGE.rglob("*.py")
    }


def layer_violations(imports: dict[str, set[str]]) -> list[str]:
    """Imports that do not go to a strictly lower layer (or stay inside their own)."""
    violations = []
    for module, targets in sorted(imports.items()):
        layer = _layer(module)
        for target in sorted(targets):
            to = _layer(target)
            if to in (layer, "__init__") or (layer, to) in ALLOWED_SAME_RANK:
                continue
            if RANKS.get(to, 99) >= RANKS[layer]:
                violations.append(f"{module} imports {target}")
    return violations


def room_violations(imports: dict[str, set[str]]) -> list[str]:
    """Imports between rooms of one layer (see ENGINE_ROOMS and API_ROOMS)."""
    violations = []
    for module, targets in sorted(imports.items()):
        for target in sorted(targets):
            for room in ENGINE_ROOMS:
                if not _in(target, room) or _in(module, room):
                    continue
                if any(_in(module, other) for other in ENGINE_ROOMS):
                    violations.append(f"{module} imports {target}: one engine never imports another")
                elif _in(module, "caselaw.search") and module != ENGINE_FACTORY:
                    violations.append(f"{module} imports {target}: only {ENGINE_FACTORY} imports the engines")
            for room in API_ROOMS:
                if _in(target, room) and target not in SHARED_ACROSS_ROOMS:
                    inside = [other for other in API_ROOMS if other != room and _in(module, other)]
                    if inside:
                        violations.append(f"{module} imports {target}: rooms of the api meet in shared modules")
    return violations


def test_every_module_has_a_rank() -> None:
    layers = {_layer(module) for module in MODULES}
    assert layers - set(RANKS) == set()


def test_imports_only_go_down() -> None:
    assert layer_violations(_package_imports()) == []


def test_rooms_inside_search_and_api_keep_to_themselves() -> None:
    assert room_violations(_package_imports()) == []


def test_relative_imports_are_resolved() -> None:
    assert imported_modules("from ..api import app", "caselaw.store.cases") == {"caselaw.api.app"}
    assert imported_modules("from . import names", "caselaw.search.embedded", is_package=True) == {
        "caselaw.search.embedded.names"
    }
    assert imported_modules("from .engine import SearchEngine", "caselaw.search.sync") == {"caselaw.search.engine"}
    assert imported_modules("import caselaw.models", "caselaw.store.cases") == {"caselaw.models"}


def test_an_upward_import_is_flagged() -> None:
    """The checks catch what they are for, written any way: absolute, relative, lazy inside a function."""
    upward = imported_modules("def late() -> None:\n    from ...api import app\n", "caselaw.store.sub.cases")
    assert layer_violations({"caselaw.store.sub.cases": upward}) == ["caselaw.store.sub.cases imports caselaw.api.app"]
    assert layer_violations({"caselaw.ingest.pipeline": {"caselaw.search.engine"}}) != []  # side by side
    assert layer_violations({"caselaw.api.app": {"caselaw.search.engine", "caselaw.api.routes.search"}}) == []


def test_a_crossing_between_rooms_is_flagged() -> None:
    contract = imported_modules("from .embedded import EmbeddedEngine", "caselaw.search.engine")
    assert room_violations({"caselaw.search.engine": contract}) != []
    assert room_violations({"caselaw.search.embedded.engine": {"caselaw.search.cluster.mapping"}}) != []
    assert room_violations({"caselaw.api.ui.search_page": {"caselaw.api.routes.search"}}) != []
    assert room_violations({"caselaw.api.routes.cases": {"caselaw.api.ui.case_page"}}) != []
    assert room_violations({"caselaw.api.committee.page": {"caselaw.api.routes.selection"}}) != []
    allowed = {
        "caselaw.search.engines": {"caselaw.search.embedded", "caselaw.search.cluster.opensearch"},
        "caselaw.search.embedded.engine": {"caselaw.search.embedded.schema", "caselaw.search.engine"},
        "caselaw.api.ui.search_page": {"caselaw.api.dependencies", "caselaw.api.params"},
        "caselaw.api.committee.page": {"caselaw.api.ui.messages"},
        "caselaw.api.app": {"caselaw.api.routes.search", "caselaw.api.ui"},
    }
    assert room_violations(allowed) == []


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
