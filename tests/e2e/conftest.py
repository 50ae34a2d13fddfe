"""Fixtures for the browser tests: Chromium, Jupyter servers and a Voilà server.

The servers run on 127.0.0.1 with a token, on a copy of ``notebooks/`` and
``assets/`` in a temporary folder (so nothing a test does, autosave included,
can touch the repository), with their config, runtime, settings and
workspace folders isolated in that temporary folder.  They are stopped, with
their kernels, at the end of the session.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from servers import CHROMIUM_FLAGS, chromium_executable, start_jupyter_lab, start_voila

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "e2e"
INSTALL_HINT = ("Chromium is needed for the browser tests: install it with "
                "`sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM to its path.")


@pytest.fixture(scope="session")
def chromium():
    path = chromium_executable()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but no Chromium was found. {INSTALL_HINT}")
        pytest.skip(INSTALL_HINT)
    return path


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """A throwaway copy of the lessons and their assets, plus isolated Jupyter folders."""
    base = tmp_path_factory.mktemp("e2e")
    shutil.copytree(ROOT / "notebooks", base / "root" / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "assets", base / "root" / "assets")
    return base


@pytest.fixture(scope="session")
def jupyter_server_for(chromium, site):
    """One Jupyter server per front end (``"lab"``, ``"notebook7"``), started on first use.

    Not one shared server: jupyter_server caches static-file lookups by file
    name across handlers, so after JupyterLab has served its fonts, Notebook 7's
    requests for files of the same name get 403 (seen with jupyter_server's
    FileFindHandler._static_paths); a student uses one front end per server.
    """
    started = {}

    def server_for(front_end: str):
        if front_end not in started:
            started[front_end] = start_jupyter_lab(site, name=front_end)
        return started[front_end]

    try:
        yield server_for
    finally:
        for server in started.values():
            server.stop()


@pytest.fixture(scope="session")
def voila(chromium, site):
    server = start_voila(site)
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
