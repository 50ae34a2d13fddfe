"""Every notebook in a real browser: JupyterLab and Notebook 7 (run all) and Voilà (app without code).

The servers are the ones ``make lab`` and ``make present`` start (see
conftest.py).  For each explorer on the page: its canvas is drawn; every
control, moved with the keyboard and by dragging (or clicked), changes its
readout and the canvas's pixels; the tangent readout equals the module's
values.  No page shows an error, asks a host other than 127.0.0.1, gets a
4xx/5xx response, has an image that did not load, or logs a console error;
every link to another lesson leads to it.  In Voilà (presenter mode, at
1280 x 720) each explorer's controls, figure and readout fit on the screen,
with text of at least 20 px.  Screenshots go to artifacts/e2e/.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import uuid
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import nbformat
import numpy as np
import pytest
from pages import (
    SMALL_LESSON_TEXT,
    activation_of,
    assert_not_blank,
    assert_page_loaded_cleanly,
    assert_readout_matches_module,
    canvas_fingerprint,
    canvas_of,
    canvas_pixels,
    controls_of,
    error_messages,
    fast_drag,
    image_count,
    lesson_links,
    open_page,
    operate,
    pixels,
    presenter_problems,
    wait_for_canvas,
    wait_for_readout_to_match_module,
    wait_until_changed,
    wait_until_settled,
)
from servers import start_make_present

pytestmark = pytest.mark.e2e
NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))
RUN_TIMEOUT_MS = int(os.environ.get("E2E_RUN_TIMEOUT_MS", "300000"))
CELLS_DONE = """() => {
  // a cell whose input is hidden (the exercise solutions) shows an empty prompt
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map(p => p.textContent.trim()).filter(text => text !== '');
  return prompts.length > 0 && prompts.every(text => /\\[\\d+\\]/.test(text));
}"""


# The notebook's toolbar names the kernel once its session exists and shows it idle once the kernel
# has reported over its connection; before that the indicator also reads "idle" (with "No Kernel"),
# and a run started then is skipped.  Same toolbar in JupyterLab and Notebook 7.
KERNEL_IDLE = """() => {
  const toolbar = document.querySelector('.jp-NotebookPanel-toolbar');
  const name = toolbar?.querySelector('.jp-Toolbar-kernelName')?.textContent.trim() ?? '';
  return name !== '' && name !== 'No Kernel'
    && toolbar.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']") !== null;
}"""
FIRST_CELL_STARTED = """() => {
  const first = document.querySelector('.jp-CodeCell .jp-InputPrompt');
  return first !== null && /\\[(\\*|\\d+)\\]/.test(first.textContent);
}"""


def run_all_cells(page, attempts: int = 3) -> None:
    """Run all cells from the Run menu once the kernel is connected and idle.

    A run started while the kernel is still connecting is skipped by JupyterLab,
    so the run is repeated (at most ``attempts`` times) until the first cell starts.
    """
    for _ in range(attempts):
        page.wait_for_function(KERNEL_IDLE, timeout=120_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator("li[data-command='runmenu:run-all']").click()
        try:
            page.wait_for_function(FIRST_CELL_STARTED, timeout=10_000)
            return
        except Exception:
            page.keyboard.press("Escape")
    raise AssertionError("JupyterLab did not start running the notebook")


def exercise_explorers(page, stem: str, artifacts: Path, slider_ways=("keyboard", "mouse")) -> int:
    explorers = page.locator(".activation-explorer").all()
    assert explorers, "no explorer on the page"
    for index, explorer in enumerate(explorers):
        wait_for_canvas(explorer)
        canvas = canvas_of(explorer)
        assert_not_blank(pixels(canvas), f"explorer {index}")
        explorer.screenshot(path=str(artifacts / f"{stem}-explorer{index}.png"))
        name = activation_of(explorer)
        for control in controls_of(explorer):
            for how in (slider_ways if control.kind == "slider" else ("click",)):
                explorer.scroll_into_view_if_needed()
                before_readout, before_picture = control.readout(), canvas_fingerprint(canvas)
                operate(control, page, how)
                wait_until_changed(control.readout, before_readout,
                                   what=f"readout of {control.label!r} ({how})")
                wait_until_changed(lambda canvas=canvas: canvas_fingerprint(canvas), before_picture,
                                   what=f"canvas after {control.label!r} ({how})")
                assert not error_messages(explorer), error_messages(explorer)
                if name:
                    wait_for_readout_to_match_module(explorer, name)
        wait_until_settled(lambda canvas=canvas: canvas_fingerprint(canvas), what=f"canvas of explorer {index}")
        explorer.screenshot(path=str(artifacts / f"{stem}-explorer{index}-moved.png"))
    return len(explorers)


def assert_no_errors_on_page(page) -> None:
    stderr = page.locator("[data-mime-type='application/vnd.jupyter.stderr']")
    assert stderr.count() == 0, stderr.all_inner_texts()[:3]
    body = page.locator("body").inner_text()
    for marker in ("Traceback (most recent call last)", "Error displaying widget",
                   "Could not update the plot"):
        assert marker not in body, marker


#: Where each Jupyter front end opens a notebook (each on its own server: see jupyter_server_for).
FRONT_ENDS = {"lab": "/lab/workspaces/{workspace}/tree/notebooks/{notebook}?reset&token={token}",
              "notebook7": "/notebooks/notebooks/{notebook}?token={token}"}
#: How sliders are moved in each front end.  Notebook 7 handles its shortcuts before the page
#: does, so an arrow key on a focused slider moves to another cell instead
#: (jupyter/notebook#7716); there sliders are dragged only.
SLIDER_WAYS = {"lab": ("keyboard", "mouse"), "notebook7": ("mouse",)}
#: Console errors of the front end itself, not of the lessons: Notebook 7 reads a settings schema
#: before it is registered on every page load (jupyter/notebook#7862).
UPSTREAM_ERRORS = {"lab": set(),
                   "notebook7": {"uncaught: Cannot read properties of undefined (reading 'schema')"}}


def assert_lesson_links_lead_to_lessons(page, notebook: str) -> None:
    """Every link to another notebook in the page is fetched: it must answer 200 with that notebook."""
    links = lesson_links(page)
    assert links, f"{notebook}: no link to another lesson"
    for link in links:
        target = PurePosixPath(urlparse(link.url).path).name
        assert target in NOTEBOOKS, f"{notebook}: link {link.href!r} ({link.text!r}) leads to {link.url}"
        response = page.request.get(link.url)
        assert response.status == 200, f"{notebook}: link {link.href!r} → {link.url}: {response.status}"
        assert json.loads(response.text())["cells"], f"{notebook}: link {link.href!r} → {link.url}: no notebook"


@pytest.mark.parametrize("front_end", list(FRONT_ENDS))
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_in_jupyter(notebook, front_end, browser, jupyter_server_for, artifacts):
    server = jupyter_server_for(front_end)
    context, page, log = open_page(browser)
    try:
        page.goto(server.base + FRONT_ENDS[front_end].format(
            workspace=uuid.uuid4().hex, notebook=notebook, token=server.token))
        run_all_cells(page)
        page.wait_for_function(CELLS_DONE, timeout=RUN_TIMEOUT_MS)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               state="attached", timeout=RUN_TIMEOUT_MS)
        stem = f"{front_end}-{Path(notebook).stem}"
        exercise_explorers(page, stem, artifacts, SLIDER_WAYS[front_end])
        assert_no_errors_on_page(page)
        page.evaluate("() => document.querySelector('.jp-Cell').scrollIntoView()")
        page.screenshot(path=str(artifacts / f"{stem}-top.png"))
        page.locator(".activation-explorer").first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"{stem}.png"))
        assert image_count(page) > 0, "the lesson's header images are missing"
        assert_page_loaded_cleanly(page, log)
        assert_lesson_links_lead_to_lessons(page, notebook)
        errors = [e for e in log.console_errors if e not in UPSTREAM_ERRORS[front_end]]
        assert errors == [], errors
    except Exception:
        page.screenshot(path=str(artifacts / f"failed-{front_end}-{Path(notebook).stem}.png"), full_page=True)
        raise
    finally:
        context.close()


#: what a projector shows: presenter mode must fit its explorers into this
PRESENTER_VIEWPORT = (1280, 720)


def test_a_fast_drag_ends_on_the_picture_of_the_final_value(browser, jupyter_server_for, artifacts):
    """Drag the sigmoid explorer's x₀ to and fro without pausing; at rest, the canvas must show
    exactly what the module draws for the value the slider shows (no frame lost, no queue)."""
    import activation_lab as lab

    server = jupyter_server_for("lab")
    context, page, log = open_page(browser)
    try:
        page.goto(server.base + FRONT_ENDS["lab"].format(
            workspace=uuid.uuid4().hex, notebook="01-sigmoid.ipynb", token=server.token))
        run_all_cells(page)
        page.wait_for_function(CELLS_DONE, timeout=RUN_TIMEOUT_MS)
        explorer = page.locator(".activation-explorer").first
        wait_for_canvas(explorer)
        canvas = canvas_of(explorer)
        x0 = next(c for c in controls_of(explorer) if c.label.startswith("x₀"))
        fast_drag(x0, page)
        shown = wait_until_settled(lambda: canvas_pixels(canvas), quiet=1.5, what="canvas after a fast drag")
        explorer.screenshot(path=str(artifacts / "lab-fast-drag.png"))
        expected = lab.explore("sigmoid")
        try:
            expected.controls["x0"].value = float(x0.readout().replace("−", "-"))
            expected.canvas.draw()
            drawn = np.asarray(expected.canvas.get_renderer().buffer_rgba())[..., :3]
        finally:
            expected.close()
        assert shown.shape == drawn.shape, (shown.shape, drawn.shape)
        differing = np.mean(np.any(np.abs(shown.astype(int) - drawn.astype(int)) > 8, axis=2))
        assert differing < 0.002, f"{differing:.2%} of the pixels differ from the module's picture, x₀ = {x0.readout()}"
        assert_readout_matches_module(explorer, "sigmoid")
        assert log.failed == [] and log.console_errors == [], log
    finally:
        context.close()


def render_url(server, notebook: str) -> str:
    return f"{server.base}/voila/render/notebooks/{notebook}"


def open_in_voila(page, url: str, token: str):
    response = page.goto(f"{url}?token={token}", wait_until="commit", timeout=RUN_TIMEOUT_MS)
    page.wait_for_load_state("load", timeout=RUN_TIMEOUT_MS)
    return response


def follow_link_in_voila(page, log, link, server, notebook: str) -> None:
    """Click a lesson link in Voilà: the lesson it names must open, whole, with no failed request."""
    with page.expect_navigation(wait_until="commit", timeout=RUN_TIMEOUT_MS) as navigation:
        page.locator(f"a[href='{link.href}']").first.click()
    page.wait_for_load_state("load", timeout=RUN_TIMEOUT_MS)
    target = PurePosixPath(urlparse(link.url).path).name
    assert navigation.value.status == 200, f"{notebook}: {link.href!r} → {navigation.value.status}"
    assert page.url.split("?")[0] == render_url(server, target), page.url
    assert page.title() == Path(target).stem, page.title()
    page.wait_for_selector(".jp-Cell", state="attached", timeout=RUN_TIMEOUT_MS)
    assert_page_loaded_cleanly(page, log)
    assert log.console_errors == [], log.console_errors


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_in_voila(notebook, browser, voila, artifacts):
    """``make present``: every lesson in presenter mode at 1280 x 720.  Its links to other lessons
    must be the render addresses of lessons this test opens; clicking one is followed once, in
    :func:`test_make_present_one_lesson` (here it would render every lesson a second time)."""
    context, page, log = open_page(browser, viewport=PRESENTER_VIEWPORT)
    try:
        response = open_in_voila(page, render_url(voila, notebook), voila.token)
        assert response.status == 200, response.status
        page.wait_for_selector(".activation-explorer", state="attached", timeout=RUN_TIMEOUT_MS)
        sources = [t for t in page.locator(".jp-InputArea-editor").all_inner_texts() if t.strip()]
        assert sources == [], "Voilà must show the lesson without its code"
        assert_exercises_shown_as_prompt_and_solution(page, notebook)
        stem = f"voila-{Path(notebook).stem}"
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(artifacts / f"{stem}-top.png"))
        exercise_explorers(page, stem, artifacts)
        assert_no_errors_on_page(page)
        for index, explorer in enumerate(page.locator(".activation-explorer").all()):
            problems = presenter_problems(explorer)
            page.screenshot(path=str(artifacts / f"{stem}-explorer{index}-screen.png"))
            assert problems == [], f"explorer {index} in presenter mode: {problems}"
        assert page.evaluate(SMALL_LESSON_TEXT) == [], "lesson text under 20 px"
        assert image_count(page) > 0, "the lesson's header images are missing"
        assert_page_loaded_cleanly(page, log)
        assert log.console_errors == [], log.console_errors
        fonts = page.evaluate("() => document.fonts.ready.then(fs => [...fs].filter(f => f.status === 'error')"
                              ".map(f => f.family))")
        assert fonts == [], f"fonts that did not load: {fonts}"
        links = lesson_links(page)
        assert links, "no link to another lesson"
        for link in links:
            target = PurePosixPath(urlparse(link.url).path).name
            assert target in NOTEBOOKS and link.url == render_url(voila, target), (
                f"link {link.href!r} ({link.text!r}) leads to {link.url}, not to a lesson this suite renders")
    except Exception:
        page.screenshot(path=str(artifacts / f"failed-voila-{Path(notebook).stem}.png"), full_page=True)
        raise
    finally:
        context.close()


def assert_exercises_shown_as_prompt_and_solution(page, notebook: str) -> None:
    """Each exercise: a note in place of the editable answer, and the worked solution's code folded
    under "Worked solution", which opens to show the code and the check of that code."""
    cells = nbformat.read(NOTEBOOK_DIR / notebook, as_version=4).cells
    tagged = {tag: sum(tag in c.metadata.get("tags", []) for c in cells) for tag in ("exercise", "solution")}
    assert page.locator(".lesson-exercise-note").count() == tagged["exercise"]
    solutions = page.locator("details.lesson-worked-solution")
    assert solutions.count() == tagged["solution"] > 0
    first = solutions.first
    assert not first.locator(".lesson-solution-code").is_visible()
    first.locator("summary").click()
    code = first.locator(".lesson-solution-code").inner_text()
    assert "def solution_" in code and re.search(r"(lab\.check|lesson\.check_\w+)\(", code), code
    assert "the worked solution is correct" in first.inner_text()


def redirect_of(server, path: str) -> tuple[int, str]:
    """Status and Location of ``path`` on the server, the redirect not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", f"{path}?token={server.token}")
        response = connection.getresponse()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def test_make_lab_opens_the_overview(jupyter_server_for):
    status, location = redirect_of(jupyter_server_for("lab"), "/")
    assert status in (301, 302) and location.startswith("/lab/tree/notebooks/00-overview.ipynb"), (status, location)


def test_make_present_opens_the_overview(voila):
    status, location = redirect_of(voila, "/")
    assert status in (301, 302) and location.startswith("/voila/render/notebooks/00-overview.ipynb"), (status, location)


def test_voila_tree_lists_the_lessons(browser, voila, artifacts):
    """The folder listing (/voila/tree) shows the lessons' folder, not the repository's tools."""
    context, page, log = open_page(browser, viewport=PRESENTER_VIEWPORT)
    try:
        for path, expected in (("/voila/tree", ["notebooks"]), ("/voila/tree/notebooks", NOTEBOOKS)):
            page.goto(f"{voila.base}{path}?token={voila.token}")
            page.wait_for_load_state("networkidle")
            page.wait_for_selector(f"text={expected[-1]}", timeout=30_000)
            page.screenshot(path=str(artifacts / f"voila-tree{path.replace('/', '-')}.png"))
            names = sorted(t.strip() for t in page.locator(".voila-notebooks a").all_inner_texts())
            assert [n for n in names if n != ".."] == sorted(expected), names
            assert_page_loaded_cleanly(page, log)
            assert log.console_errors == [], log.console_errors
    finally:
        context.close()


def test_make_present_one_lesson(browser, chromium, tmp_path_factory, artifacts):
    """``make present LESSON=03-relu`` opens lesson 3, and its "Next: Lesson 4" link opens lesson 4."""
    server = start_make_present(tmp_path_factory.mktemp("voila-lesson"), lesson="03-relu", name="voila-03")
    context, page, log = open_page(browser, viewport=PRESENTER_VIEWPORT)
    try:
        status, location = redirect_of(server, "/")
        assert location.startswith("/voila/render/notebooks/03-relu.ipynb"), (status, location)
        response = open_in_voila(page, server.base + "/", server.token)
        assert response.status == 200 and page.title() == "03-relu", (response.status, page.title())
        page.wait_for_selector(".activation-explorer", state="attached", timeout=RUN_TIMEOUT_MS)
        assert_page_loaded_cleanly(page, log)
        next_lesson = [link for link in lesson_links(page) if link.href == "04-leaky-relu.ipynb"]
        assert next_lesson, [link.href for link in lesson_links(page)]
        follow_link_in_voila(page, log, next_lesson[0], server, "03-relu.ipynb")
        page.screenshot(path=str(artifacts / "voila-one-lesson-next.png"))
    finally:
        context.close()
        server.stop()
