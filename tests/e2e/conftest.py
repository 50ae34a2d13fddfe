"""Fixtures for the browser tests: Chromium, and the servers ``make lab`` and ``make present`` start.

The servers are started through the Makefile on the repository itself, so
the tests see what a reader sees: the same root, start page, configuration
and Voilà template.  They run on 127.0.0.1 with a token, with their config,
runtime, settings and workspace folders isolated in a temporary folder;
JupyterLab's and Notebook 7's autosave is off through those settings, and
:func:`lessons_untouched` fails the session if any file in ``notebooks/``
or ``assets/`` changed.  The servers are stopped, with their kernels, at the
end of the session.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from servers import CHROMIUM_FLAGS, chromium_executable, start_make_lab, start_make_present

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "e2e"
INSTALL_HINT = ("Chromium is needed for the browser tests: install it with "
                "`sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM to its path.")


def _lesson_files() -> dict[str, str]:
    # JupyterLab's checkpoints (.ipynb_checkpoints, git-ignored) are copies it keeps, not saved lessons
    files = sorted(p for folder in ("notebooks", "assets") for p in (ROOT / folder).rglob("*")
                   if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    return {str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture(scope="session", autouse=True)
def lessons_untouched():
    """The servers serve the repository: nothing the tests do may save into it."""
    before = _lesson_files()
    yield
    after = _lesson_files()
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert changed == [], f"the browser tests changed files in the repository: {changed}"


@pytest.fixture(scope="session")
def chromium():
    path = chromium_executable()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but no Chromium was found. {INSTALL_HINT}")
        pytest.skip(INSTALL_HINT)
    return path


@pytest.fixture(scope="session")
def jupyter_server_for(chromium, tmp_path_factory):
    """One ``make lab`` server per front end (``"lab"``, ``"notebook7"``), started on first use.

    Not one shared server: jupyter_server caches static-file lookups by file
    name across handlers, so after JupyterLab has served its fonts, Notebook 7's
    requests for files of the same name get 403 (seen with jupyter_server's
    FileFindHandler._static_paths); a student uses one front end per server.
    """
    started = {}

    def server_for(front_end: str):
        if front_end not in started:
            started[front_end] = start_make_lab(tmp_path_factory.mktemp(front_end), name=front_end)
        return started[front_end]

    try:
        yield server_for
    finally:
        for server in started.values():
            server.stop()


@pytest.fixture(scope="session")
def voila(chromium, tmp_path_factory):
    """``make present``: every lesson in Voilà, presenter mode."""
    server = start_make_present(tmp_path_factory.mktemp("voila"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
