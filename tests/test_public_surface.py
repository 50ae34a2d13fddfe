"""The package's public surface is what the notebooks use: no more, no less.

``import activation_lab as lab`` exports what lessons call as ``lab.…``; a lesson with helpers of
its own imports ``from activation_lab.lessons import <module> as lesson`` and calls ``lesson.…``.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import nbformat
import pytest

import activation_lab as lab

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
LESSON_IMPORT = re.compile(r"^from activation_lab\.lessons import (\w+) as lesson$", re.M)


def _code(path: Path) -> str:
    """The code of a notebook, and its text: a name the text tells the reader to call counts as used."""
    notebook = nbformat.read(path, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells)


def _called(code: str, alias: str) -> set[str]:
    return set(re.findall(rf"\b{alias}\.([A-Za-z_]\w*)", code))


def _lesson_module(code: str):
    found = LESSON_IMPORT.findall(code)
    assert len(found) <= 1, f"more than one lesson module imported: {found}"
    return importlib.import_module(f"activation_lab.lessons.{found[0]}") if found else None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_name_a_notebook_calls_exists_and_is_exported(path):
    code = _code(path)
    missing = sorted(name for name in _called(code, "lab") if name not in lab.__all__ or not hasattr(lab, name))
    assert not missing, f"{path.name} calls lab.{missing}, which activation_lab does not export"
    module = _lesson_module(code)
    if module is None:
        assert not _called(code, "lesson"), f"{path.name} calls lesson.… without importing a lesson module"
        return
    missing = sorted(name for name in _called(code, "lesson")
                     if name not in module.__all__ or not hasattr(module, name))
    assert not missing, f"{path.name} calls lesson.{missing}, which {module.__name__} does not export"


def test_activation_lab_exports_only_what_notebooks_use():
    used = set().union(*(_called(_code(path), "lab") for path in NOTEBOOKS))
    assert sorted(set(lab.__all__) - used) == [], "exported but called by no notebook"


def test_each_lesson_module_exports_only_what_its_notebooks_use():
    used: dict[str, set[str]] = {}
    for path in NOTEBOOKS:
        code = _code(path)
        module = _lesson_module(code)
        if module is not None:
            used.setdefault(module.__name__, set()).update(_called(code, "lesson"))
    lessons = Path(lab.__file__).parent / "lessons"
    for file in sorted(lessons.glob("[!_]*.py")):
        module = importlib.import_module(f"activation_lab.lessons.{file.stem}")
        assert module.__name__ in used, f"{module.__name__} is imported by no notebook"
        assert sorted(set(module.__all__) - used[module.__name__]) == [], f"{module.__name__} exports unused names"


def test_every_module_opens_with_what_it_is_for_and_is_at_most_400_lines():
    for file in sorted(Path(lab.__file__).parent.rglob("*.py")):
        text = file.read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(text)) or ""
        assert len(doc.strip().splitlines()) >= 2, f"{file.name}: a docstring of two lines or more, please"
        assert len(text.splitlines()) <= 400, f"{file.name} is over 400 lines"
