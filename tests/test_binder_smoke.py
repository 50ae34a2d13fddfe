"""What Binder builds works: a fresh venv from requirements.txt alone (no dev extras).

In a temporary folder: ``python -m venv``, ``pip install -r requirements.txt``
(run from the repository root, since the file ends with ``-e .``), then

* ``jupyter labextension list`` shows the ipywidgets and ipympl front-ends
  enabled and OK, and
* every notebook in notebooks/ executes top to bottom with
  ``jupyter nbconvert --execute`` (nbconvert comes with JupyterLab), on the
  ``python3`` kernel of that venv, one per core at a time.

Jupyter's config, data, runtime and IPython folders point into the temporary
folder, the user site is off and the venv's bin/ leads PATH, so nothing from
the developer's environment can hide a missing pin.  Slow (a few minutes):
``make binder`` runs it, ``make unit`` leaves it out (marker ``binder``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.binder

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "jupyter-matplotlib")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TIMINGS: dict[str, float] = {}


def _run(command, env, cwd, timeout, what):
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    TIMINGS[what] = time.perf_counter() - start
    return result


def _tail(text: str, limit: int = 4000) -> str:
    lines = [line for line in ANSI.sub("", text).splitlines() if not line.startswith("WARNING: Location")]
    return "\n".join(lines)[-limit:]


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """(venv folder, environment for running its jupyter) after installing requirements.txt alone."""
    base = tmp_path_factory.mktemp("binder")
    venv = base / "venv"
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    result = _run([sys.executable, "-m", "venv", str(venv)], os.environ.copy(), ROOT, 300, "venv")
    assert result.returncode == 0, result.stderr
    install_env = {k: v for k, v in os.environ.items()
                   if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PIP_REQUIRE_VIRTUALENV")}
    result = _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
                  install_env, ROOT, 1800, "pip install -r requirements.txt")
    assert result.returncode == 0, f"pip install -r requirements.txt failed:\n{_tail(result.stderr)}"

    env = {k: v for k, v in install_env.items() if not k.startswith(("JUPYTER", "IPYTHON", "MPL"))}
    folders = {name: base / name.lower() for name in
               ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR")}
    for name, folder in folders.items():
        folder.mkdir()
        env[name] = str(folder)
    env.update(PATH=os.pathsep.join([str(bin_dir), env.get("PATH", "")]), VIRTUAL_ENV=str(venv),
               JUPYTER_PREFER_ENV_PATH="1", PYTHONNOUSERSITE="1", NO_COLOR="1")
    yield venv, bin_dir, env, base
    report = "\n".join(f"{what}: {seconds:.1f} s" for what, seconds in TIMINGS.items())
    print(f"binder smoke timings:\n{report}")
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "binder-smoke-timings.txt").write_text(report + "\n", encoding="utf-8")
    shutil.rmtree(venv, ignore_errors=True)     # ~0.5 GB; pytest would keep the last three runs


def test_widget_and_ipympl_lab_extensions_are_enabled(binder_env):
    _, bin_dir, env, base = binder_env
    result = _run([str(bin_dir / "jupyter"), "labextension", "list"], env, base, 300, "labextension list")
    listing = ANSI.sub("", result.stdout + result.stderr)
    assert result.returncode == 0, listing
    for name in EXTENSIONS:
        line = next((line for line in listing.splitlines() if line.split()[:1] == [name]), None)
        assert line is not None, f"{name} is not installed in a venv built from requirements.txt:\n{listing}"
        assert re.search(r"\benabled\s+OK\b", line), f"{name} is not enabled and OK: {line.strip()}"


def test_the_python3_kernel_is_the_fresh_venv(binder_env):
    venv, bin_dir, env, base = binder_env
    result = _run([str(bin_dir / "jupyter"), "kernelspec", "list", "--json"], env, base, 120, "kernelspec list")
    assert result.returncode == 0, result.stderr
    spec = json.loads(result.stdout)["kernelspecs"]["python3"]
    assert Path(spec["resource_dir"]).resolve().is_relative_to(venv.resolve()), spec["resource_dir"]
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys, activation_lab\nprint(sys.prefix)\nprint(activation_lab.__file__)")])
    probe.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = base / "probe.ipynb"
    nbformat.write(probe, path)
    result = _run([str(bin_dir / "jupyter"), "nbconvert", "--to", "notebook", "--execute", "--inplace",
                   str(path)], env, base, 300, "probe")
    assert result.returncode == 0, _tail(result.stderr)
    prefix, module = nbformat.read(path, as_version=4).cells[0].outputs[0]["text"].split()
    assert Path(prefix).resolve() == venv.resolve(), f"the kernel ran in {prefix}, not the fresh venv"
    assert Path(module).resolve() == (ROOT / "activation_lab" / "__init__.py").resolve()   # the editable install


@pytest.fixture(scope="module")
def executed(binder_env, tmp_path_factory):
    """Every notebook run by ``jupyter nbconvert --execute`` in the fresh venv, as many at once as
    there are cores: {name: (finished process, folder of the executed copy)}."""
    _, bin_dir, env, _ = binder_env

    def execute(path: Path):
        output_dir = tmp_path_factory.mktemp(path.stem)
        result = _run([str(bin_dir / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                       "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.kernel_name=python3",
                       "--output-dir", str(output_dir), str(path)],
                      env, path.parent, 1800, path.name)
        return path.name, (result, output_dir)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(pool.map(execute, NOTEBOOKS))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes_top_to_bottom(executed, path):
    result, output_dir = executed[path.name]
    assert result.returncode == 0, f"{path.name} failed in a venv from requirements.txt:\n{_tail(result.stderr)}"
    executed_notebook = nbformat.read(output_dir / path.name, as_version=4)
    errors = [output for cell in executed_notebook.cells for output in cell.get("outputs", [])
              if output.output_type == "error"]
    assert not errors, f"{path.name}: {errors[0].ename}: {errors[0].evalue}"
