"""The shape of the code (#14): sizes a reader can hold, and dependencies pointing one way
(ui -> qa -> index). Parsed with ast, so a violation anywhere in qa/, index/ or ui/ fails."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("index", "qa", "ui")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60
MAX_POSITIONAL = 5
# What each top-level package may import from the others.
MAY_IMPORT = {"index": set(), "qa": {"index"}, "ui": {"index", "qa"}}


def modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (REPO / package).rglob("*.py"))


def functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def positional(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    names = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
    return len([n for n in names if n not in ("self", "cls")])


def imported(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_there_is_code_to_check():
    assert len(modules()) > 30


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_module_shape(path: Path):
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = len(source.splitlines())
    assert lines <= MAX_MODULE_LINES, f"{lines} lines (at most {MAX_MODULE_LINES})"
    long = [
        f"{fn.name}: {fn.end_lineno - fn.lineno + 1} lines"
        for fn in functions(tree)
        if fn.end_lineno is not None and fn.end_lineno - fn.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, long
    wide = [
        f"{fn.name}: {positional(fn)}" for fn in functions(tree) if positional(fn) > MAX_POSITIONAL
    ]
    assert not wide, f"positional parameters over {MAX_POSITIONAL}: {wide}"
    package = path.relative_to(REPO).parts[0]
    wrong = (imported(tree) & set(PACKAGES)) - MAY_IMPORT[package] - {package}
    assert not wrong, f"{package} must not import {sorted(wrong)} (ui -> qa -> index)"
