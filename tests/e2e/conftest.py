"""Fixtures for the browser tests: Chromium, a JupyterLab server and a Voilà server.

Both servers run on 127.0.0.1 with a token, on a copy of ``notebooks/`` and
``assets/`` in a temporary folder (so nothing a test does, autosave included,
can touch the repository), with their config, runtime, settings and
workspace folders isolated in that temporary folder.  They are stopped, with
their kernels, at the end of the session.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "e2e"
BIN = Path(sys.executable).parent
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic", "--disable-dev-shm-usage"]
INSTALL_HINT = ("Chromium is needed for the browser tests: install it with "
                "`sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM to its path.")
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # every cell in the DOM, so the tests can see every prompt and output
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def chromium_executable() -> str | None:
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                  shutil.which("chromium-browser")]
    return next((c for c in candidates if c and Path(c).exists()), None)


@pytest.fixture(scope="session")
def chromium():
    path = chromium_executable()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but no Chromium was found. {INSTALL_HINT}")
        pytest.skip(INSTALL_HINT)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """A throwaway copy of the lessons and their assets, plus isolated Jupyter folders."""
    base = tmp_path_factory.mktemp("e2e")
    shutil.copytree(ROOT / "notebooks", base / "root" / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "assets", base / "root" / "assets")
    for relative, settings in LAB_SETTINGS.items():
        target = base / "settings" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings))
    return base


def isolated_env(base: Path) -> dict:
    return dict(os.environ,
                JUPYTER_CONFIG_DIR=str(base / "config"),
                JUPYTER_RUNTIME_DIR=str(base / "runtime"),
                JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
                JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
                IPYTHONDIR=str(base / "ipython"),
                MPLCONFIGDIR=str(base / "matplotlib"),
                PYTHONWARNINGS="ignore")


class Server:
    """A Jupyter-family server process on 127.0.0.1 with a token."""

    def __init__(self, command: list[str], port: int, token: str, env: dict, log: Path):
        self.port, self.token, self.log = port, token, log
        self.process = subprocess.Popen(command, env=env, stdout=log.open("w"),
                                        stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_up(self, path: str, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}{path}?token={self.token}", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"server did not answer in {timeout} s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        try:
            request = urllib.request.Request(f"{self.base}/api/shutdown?token={self.token}",
                                             method="POST", data=b"")
            urllib.request.urlopen(request, timeout=10)       # also shuts down the kernels
            self.process.wait(timeout=20)
        except Exception:
            pass
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def jupyter_lab(chromium, site):
    port, token = free_port(), uuid.uuid4().hex
    command = [str(BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.token={token}", f"--ServerApp.root_dir={site / 'root'}",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               f"--LabApp.workspaces_dir={site / 'workspaces'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    server = Server(command, port, token, isolated_env(site), site / "lab.log")
    try:
        server.wait_until_up("/api/status")
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila(chromium, site):
    port, token = free_port(), uuid.uuid4().hex
    command = [str(BIN / "voila"), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
               f"--token={token}",
               "--VoilaExporter.markdown_renderer_class=lesson_voila.LessonMarkdownRenderer",
               str(site / "root")]
    server = Server(command, port, token, isolated_env(site), site / "voila.log")
    try:
        server.wait_until_up("/voila/tree")
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
