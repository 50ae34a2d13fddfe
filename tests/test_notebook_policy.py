"""What a committed notebook may contain, and the shape every lesson shares."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if re.match(r"0[1-9]-", p.name)]
sys.path.insert(0, str(ROOT / "tools"))
import notebooks as notebook_tool  # noqa: E402

BINDER = "https://mybinder.org/v2/gh/activation-lessons/activation-lessons/HEAD?urlpath=lab/tree/notebooks/"
# the template's sections as headings, in order (lesson 9 checks a backward pass, not one formula)
LESSON_SECTIONS = [r"## \d+ · Definition", r"## \d+ · .*derivation", r"## \d+ · Explore",
                   r"## \d+ · Is the (formula|backward pass) right\?", r"## \d+ · Properties",
                   r"## \d+ · From formula to code", r"## \d+ · Exercises", r"## Summary", r"## Sources"]


def _ids(paths):
    return [p.name for p in paths]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_committed_notebook_is_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    cleaned = notebook_tool.clean(nbformat.read(path, as_version=4))
    assert nbformat.writes(cleaned) + "\n" == path.read_text(encoding="utf-8"), (
        f"{path.name} has execution counts, widget state or extra metadata: "
        "run `make clean-notebooks`")
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_no_machine_paths_or_errors_in_outputs(path):
    text = path.read_text(encoding="utf-8")
    for pattern in (r"/work/", r"/root/", r"/home/\w+", r"/tmp/", r"site-packages", r"\\\\Users"):
        assert not re.search(pattern, text), f"{path.name} contains a machine path ({pattern})"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name} was committed with an error"
            assert not (output.output_type == "stream" and output.name == "stderr"), (
                f"{path.name} has stderr output: {output.text[:200]}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_one_visible_setup_cell_first(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup = [c for c in code if "setup" in c.metadata.get("tags", [])]
    assert len(setup) == 1 and setup[0] is code[0]
    assert not setup[0].metadata.get("jupyter", {}).get("source_hidden")
    assert "%matplotlib widget" in setup[0].source
    joined = "\n".join(c.source for c in code)
    assert "sys.path" not in joined


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_lesson_follows_the_template(path):
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert markdown.startswith("# Lesson")
    assert f"]({BINDER}{path.name})" in markdown, "Binder badge must open this very notebook"
    found = [re.search(f"^{section}", markdown, re.M) for section in LESSON_SECTIONS]
    positions = [m.start() if m else -1 for m in found]
    assert -1 not in positions, dict(zip(LESSON_SECTIONS, positions, strict=False))
    assert positions == sorted(positions), "sections out of the template's order"
    assert "Common mistakes" in markdown and "**You will be able to**" in markdown
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert any("lab.check_derivation(" in c.source for c in code)
    assert any(re.search(r"lab\.explore\(|lesson\.gradient_flow_explorer\(", c.source) for c in code)
    exercises = [c for c in code if "exercise" in c.metadata.get("tags", [])]
    solutions = [c for c in code if "solution" in c.metadata.get("tags", [])]
    assert len(exercises) >= 3 and len(solutions) == len(exercises)
    for cell in solutions:
        assert cell.metadata["jupyter"]["source_hidden"] is True
    for cell in exercises:       # lab.check, or a lesson's checker for answers that are not one array
        assert "return None" in cell.source and re.search(r"(lab\.check|lesson\.check_\w+)\(", cell.source)


def _referenced_files(text: str):
    for target in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)|\]\(([^)\s]+)\)", text):
        link = next(t for t in target if t)
        if not re.match(r"(https?:|mailto:|#)", link):
            yield link.split("#")[0]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_links_and_images_exist_and_images_have_alt_text(path):
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for link in _referenced_files(markdown):
        assert (path.parent / link).exists(), f"{path.name} links to missing {link}"
    for alt in re.findall(r"!\[([^\]]*)\]", markdown):
        assert len(alt.strip()) >= 10, f"{path.name}: image without a useful alt text"
    assert "<img" not in markdown or re.search(r"<img[^>]+alt=\"[^\"]{10,}", markdown)


def test_no_widget_state_anywhere():
    for path in NOTEBOOKS:
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert "widgets" not in raw["metadata"]
        assert "application/vnd.jupyter.widget-view+json" not in path.read_text(encoding="utf-8")
