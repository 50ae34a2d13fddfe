"""Jupyter servers and Chromium for the browser tests and the browser benchmark.

Each server runs on 127.0.0.1 on a free port with a token, with its config,
runtime, settings and workspace folders isolated under one base folder.
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
PROJECT = Path(__file__).resolve().parents[2]      # Voilà reads voila.json from its working folder
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


def start_voila(base: Path) -> Server:
    """Voilà serving ``base / "root"``, configured by the project's ``voila.json``; the caller stops it."""
    port, token = free_port(), uuid.uuid4().hex
    command = [str(BIN / "voila"), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
               f"--token={token}", str(base / "root")]
    server = Server(command, port, token, isolated_env(base), base / "voila.log", cwd=PROJECT)
    server.wait_until_up("/voila/tree")
    return server
