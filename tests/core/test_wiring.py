"""Blueprint wiring: every module with routes is imported by its package's views/__init__.py."""

import ast
from pathlib import Path

from participation import MODULES

ROOT = Path(__file__).resolve().parents[2] / "participation"


def _imported(tree: ast.AST) -> list[tuple[int, Path]]:
    """(line, file) of every participation module an ``import from`` names."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("participation"):
            base = ROOT.parent.joinpath(*node.module.split("."))
            for alias in node.names:
                for candidate in (base / f"{alias.name}.py", base.with_suffix(".py")):
                    if candidate.is_file():
                        found.append((node.lineno, candidate))
                        break
    return found


def _has_routes(path: Path) -> bool:
    return "@bp.route" in path.read_text(encoding="utf-8")


def test_every_view_module_is_imported_by_views_init():
    missing = []
    for name in MODULES:
        package = ROOT / name
        init = package / "views" / "__init__.py"
        single = package / "views.py"
        assert init.is_file() or single.is_file(), f"{name} has no views"
        wired = {single} if single.is_file() else {init}
        if init.is_file():
            wired |= {path for _line, path in _imported(ast.parse(init.read_text("utf-8")))}
        for module in sorted(package.rglob("*.py")):
            if _has_routes(module) and module not in wired:
                missing.append(str(module.relative_to(ROOT)))
    assert missing == []


def test_no_routes_registered_by_an_import_at_the_bottom_of_a_module():
    offenders = []
    for module in sorted(ROOT.rglob("*.py")):
        if module.name == "__init__.py":
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        first_def = next(
            (n.lineno for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)), None
        )
        for node in tree.body:
            if first_def and isinstance(node, ast.ImportFrom) and node.lineno > first_def:
                offenders += [
                    f"{module.relative_to(ROOT)}:{line}"
                    for line, path in _imported(node)
                    if _has_routes(path)
                ]
    assert offenders == []
