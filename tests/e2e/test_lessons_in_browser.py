"""Every notebook in a real browser: JupyterLab and Notebook 7 (run all) and Voilà (app without code).

For each explorer on the page: its canvas is drawn; every control, moved with
the keyboard and by dragging (or clicked), changes its readout and the
canvas's pixels; the tangent readout equals the module's values.  No page
shows an error, asks a host other than 127.0.0.1, or logs a console error.
Screenshots go to artifacts/e2e/.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from pages import (
    VOILA_ICON_FONT,
    activation_of,
    assert_not_blank,
    assert_readout_matches_module,
    canvas_of,
    controls_of,
    error_messages,
    open_page,
    operate,
    pixels,
    wait_for_canvas,
    wait_until_changed,
    wait_until_settled,
)

pytestmark = pytest.mark.e2e
NOTEBOOKS = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
RUN_TIMEOUT_MS = int(os.environ.get("E2E_RUN_TIMEOUT_MS", "300000"))
CELLS_DONE = """() => {
  // a cell whose input is hidden (the exercise solutions) shows an empty prompt
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map(p => p.textContent.trim()).filter(text => text !== '');
  return prompts.length > 0 && prompts.every(text => /\\[\\d+\\]/.test(text));
}"""


# JupyterLab says so in its status bar; Notebook 7 has none, only the execution indicator
KERNEL_IDLE = """() => [...document.querySelectorAll('.jp-StatusBar-Widget, .jp-KernelStatus')]
  .some(e => /Idle/.test(e.textContent))
  || document.querySelector(".jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator[data-status='idle']") !== null"""
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
                before_readout, before_pixels = control.readout(), pixels(canvas)
                operate(control, page, how)
                wait_until_changed(control.readout, before_readout,
                                   what=f"readout of {control.label!r} ({how})")
                wait_until_changed(lambda canvas=canvas: pixels(canvas), before_pixels,
                                   what=f"canvas after {control.label!r} ({how})")
                assert not error_messages(explorer), error_messages(explorer)
                if name:
                    page.wait_for_timeout(300)      # let the readout catch up with the kernel
                    assert_readout_matches_module(explorer, name)
        wait_until_settled(lambda canvas=canvas: pixels(canvas), what=f"canvas of explorer {index}")
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
        page.locator(".activation-explorer").first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"{stem}.png"))
        assert log.external == [], f"requests to other hosts: {log.external}"
        errors = [e for e in log.console_errors if e not in UPSTREAM_ERRORS[front_end]]
        assert errors == [], errors
    except Exception:
        page.screenshot(path=str(artifacts / f"failed-{front_end}-{Path(notebook).stem}.png"), full_page=True)
        raise
    finally:
        context.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_in_voila(notebook, browser, voila, artifacts):
    context, page, log = open_page(browser, tolerate=VOILA_ICON_FONT)
    try:
        page.goto(f"{voila.base}/voila/render/notebooks/{notebook}?token={voila.token}",
                  wait_until="commit", timeout=RUN_TIMEOUT_MS)
        page.wait_for_load_state("load", timeout=RUN_TIMEOUT_MS)
        page.wait_for_selector(".activation-explorer", state="attached", timeout=RUN_TIMEOUT_MS)
        sources = [t for t in page.locator(".jp-InputArea-editor").all_inner_texts() if t.strip()]
        assert sources == [], "Voilà must show the lesson without its code"
        stem = f"voila-{Path(notebook).stem}"
        exercise_explorers(page, stem, artifacts)
        assert_no_errors_on_page(page)
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(artifacts / f"{stem}.png"), full_page=True)
        assert log.external == [], f"requests to other hosts: {log.external}"
        assert log.console_errors == [], log.console_errors
        icons = page.evaluate("() => [...document.querySelectorAll('.fa, [class*=\"fa-\"]')]"
                              ".filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}))"
                              ".length")
        assert icons == 0, "something visible depends on the blocked icon font"
    except Exception:
        page.screenshot(path=str(artifacts / f"failed-voila-{Path(notebook).stem}.png"), full_page=True)
        raise
    finally:
        context.close()
