"""Jupyter servers and Chromium for the browser tests and the browser benchmark.

Each server runs on 127.0.0.1 on a free port with a token, with its config,
runtime, settings and workspace folders isolated under one base folder.  The
browser tests start the servers a reader starts, through the Makefile
(:func:`start_make_lab`, :func:`start_make_present`): the same root (the
repository), the same start page, the same Voilà configuration; only the
port, the token, the address and the isolated folders are passed to them.
The benchmark serves a folder of its own (:func:`start_jupyter_lab`, :func:`start_voila`).
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

BIN = Path(sys.executable).parent
PROJECT = Path(__file__).resolve().parents[2]      # the repository; Voilà reads voila.json from it
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic", "--disable-dev-shm-usage"]
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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

    def __init__(self, command: list[str], port: int, token: str, env: dict, log: Path,
                 cwd: Path | None = None):
        self.port, self.token, self.log = port, token, log
        self.process = subprocess.Popen(command, env=env, stdout=log.open("w"), cwd=cwd,
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


def write_lab_settings(base: Path) -> None:
    for relative, settings in LAB_SETTINGS.items():
        target = base / "settings" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings))


def start_jupyter_lab(base: Path, name: str = "lab") -> Server:
    """A Jupyter server with JupyterLab and Notebook 7 serving ``base / "root"``; the caller stops it.

    Its log is ``base / f"{name}.log"``.
    """
    write_lab_settings(base)
    port, token = free_port(), uuid.uuid4().hex
    command = [str(BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.token={token}", f"--ServerApp.root_dir={base / 'root'}",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               f"--LabApp.workspaces_dir={base / 'workspaces'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    server = Server(command, port, token, isolated_env(base), base / f"{name}.log")
    server.wait_until_up("/api/status")
    return server


def _make(target: str, port: int, args: list[str], variables: dict | None = None) -> list[str]:
    make = shutil.which("make") or "make"
    assignments = [f"{name}={value}" for name, value in (variables or {}).items()]
    return [make, "--no-print-directory", "-C", str(PROJECT), target, f"PORT={port}",
            "ARGS=" + " ".join(args), *assignments]


def start_make_lab(base: Path, name: str = "lab") -> Server:
    """``make lab`` (JupyterLab and Notebook 7 on the repository root); the caller stops it.

    Autosave is off through the isolated settings (:data:`LAB_SETTINGS`), so
    running the lessons changes nothing in ``notebooks/``; the e2e conftest
    checks that.  Its log is ``base / f"{name}.log"``.
    """
    write_lab_settings(base)
    port, token = free_port(), uuid.uuid4().hex
    args = ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={token}",
            "--ServerApp.port_retries=0", "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--LabApp.workspaces_dir={base / 'workspaces'}"]
    server = Server(_make("lab", port, args), port, token, isolated_env(base), base / f"{name}.log")
    server.wait_until_up("/api/status")
    return server


def start_make_present(base: Path, lesson: str | None = None, name: str = "voila") -> Server:
    """``make present`` (or ``make present LESSON=…``): Voilà on the repository root; the caller stops it."""
    port, token = free_port(), uuid.uuid4().hex
    args = ["--no-browser", "--Voila.ip=127.0.0.1", f"--token={token}", "--Voila.port_retries=0"]
    command = _make("present", port, args, {"LESSON": lesson} if lesson else None)
    server = Server(command, port, token, isolated_env(base), base / f"{name}.log")
    server.wait_until_up("/voila/tree")
    return server


def start_voila(base: Path, start_page: str, name: str = "voila") -> Server:
    """Voilà as ``make present`` runs it (the lessons' Voilà, presenter mode) on ``base / "root"``,
    opening ``start_page`` (relative to it), for the benchmark; the caller stops it.  Its log is
    ``base / f"{name}.log"``."""
    port, token = free_port(), uuid.uuid4().hex
    command = [str(BIN / "python"), "-m", "lesson_voila", "--no-browser", "--Voila.ip=127.0.0.1",
               f"--port={port}", f"--token={token}", "--Voila.port_retries=0",
               f"--LessonVoila.start_page={start_page}", str(base / "root")]
    env = dict(isolated_env(base), ACTIVATIONS_PRESENTER="1")
    server = Server(command, port, token, env, base / f"{name}.log", cwd=PROJECT)   # voila.json is read from cwd
    server.wait_until_up("/voila/tree")
    return server
