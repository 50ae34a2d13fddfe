"""Browser latency of a slider step in JupyterLab and in Voilà: key press to the canvas repainting.

    python benchmarks/bench_browser.py [--steps N] [--only NAME ...] [--front-ends lab voila]

For each activation's explorer (``lab.explore(name)``, the widget the lessons
show) and, in the same run, for a baseline written the naive way
(``ipywidgets.interact`` re-plotting a two-panel figure with the inline
backend), a notebook is opened in JupyterLab in headless Chromium, run, and the
x₀ slider is moved ``N`` times with the arrow key.  Each step is timed in the
page from the ``keydown`` event to the first animation frame after the new
picture is on the page (ipympl: the visible canvas is drawn on; inline: the
new image has loaded), so the time includes the round trip to the kernel,
the drawing there, the transfer, the decoding and the repaint.  Then x₀ is
dragged with the mouse for 2 s.  Prints the median and the 90th percentile
of each, the ratio of medians to the baseline, the drag's frames per second
and its last frame after release.  The same cases run in JupyterLab and in
Voilà as ``make present`` serves it (presenter mode: larger figures), and
the Voilà table ends with its medians relative to JupyterLab's.  Needs
Chromium (see the README).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from servers import CHROMIUM_FLAGS, chromium_executable, start_jupyter_lab, start_voila  # noqa: E402

import activations as act  # noqa: E402

BASELINE = "baseline-interact"
BASELINE_CODE = '''\
import matplotlib.pyplot as plt
import numpy as np
from ipywidgets import FloatSlider, interact

import activations as act

entry = act.ACTIVATIONS["{name}"]
x = np.linspace(*entry.x_range, 400)


def plot(x0):
    """The explorer's picture, drawn from scratch on every slider event."""
    y0, slope = float(entry.f(x0)), float(entry.df(x0))
    fig, (ax_f, ax_d) = plt.subplots(2, 1, sharex=True, figsize=(7.5, 5.4), layout="constrained")
    ax_f.plot(x, entry.f(x), "-", color="#0072B2", linewidth=2.4, label="f(x)")
    ax_f.plot(x, y0 + slope * (x - x0), ":", color="#009E73", linewidth=2.0, label="tangent at x0")
    ax_f.plot([x0], [y0], "o", color="black")
    ax_d.plot(x, entry.df(x), "--", color="#D55E00", linewidth=2.4, label="f'(x)")
    ax_d.plot([x0], [slope], "s", color="black")
    ax_d.vlines(x0, 0.0, slope, color="#CC79A7")
    for ax, label in ((ax_f, "f(x)"), (ax_d, "f'(x)")):
        ax.grid(True, alpha=0.4)
        ax.axhline(0.0, color="grey", linewidth=0.8)
        ax.set_ylabel(label)
        ax.legend(loc="upper left")
    ax_f.set_ylim(-0.05, 1.05)
    ax_d.set_xlabel("x")
    ax_f.set_title(f"{{entry.title}}: function (solid) and derivative (dashed)")
    plt.show()
    print(f"x0 = {{x0:.2f}}, f(x0) = {{y0:.6g}}, f'(x0) = slope of the tangent = {{slope:.6g}}")


interact(plot, x0=FloatSlider(value=0.0, min=entry.x_range[0], max=entry.x_range[1], step=0.05,
                              description="x₀ (tangent point)"))
'''
# Installs a one-shot timer: it starts at the next keydown and stops at the first animation frame after
# the new picture is on the page (ipympl: the visible canvas is drawn on; inline: the new image has loaded).
# Hooking the drawing itself costs nothing per frame, unlike reading the canvas pixels back.
ARM_TIMER = """(kind) => {
  window.__latency = new Promise(resolve => {
    let start = null, done = false;
    const finish = () => {
      if (done || start === null) return false;
      done = true;
      requestAnimationFrame(() => resolve(performance.now() - start));
      return true;
    };
    window.addEventListener('keydown', () => { start = performance.now(); }, {capture: true, once: true});
    setTimeout(() => { if (!done) { done = true; resolve(null); } }, 10000);
    if (kind === 'canvas') {
      const context = document.querySelector('.jupyter-matplotlib-canvas-div canvas').getContext('2d');
      const drawImage = context.drawImage;
      context.drawImage = function (...args) {
        const result = drawImage.apply(this, args);
        if (finish()) context.drawImage = drawImage;
        return result;
      };
      return;
    }
    const latest = () => [...document.querySelectorAll('.jp-OutputArea-output img')].pop();
    const before = latest() ? latest().src : null;
    const observer = new MutationObserver(() => {
      const image = latest();
      if (start === null || !image || image.src === before) return;
      observer.disconnect();
      if (image.complete) finish(); else image.addEventListener('load', finish, {once: true});
    });
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  });
}"""

# Records when each new picture reaches the page during a drag, and when the mouse went down and up.
RECORD_PAINTS = """(kind) => {
  const record = window.__drag = {paints: [], down: null, up: null};
  window.addEventListener('pointerdown', () => { record.down = performance.now(); }, {capture: true, once: true});
  window.addEventListener('pointerup', () => { record.up = performance.now(); }, {capture: true, once: true});
  if (kind === 'canvas') {
    const context = document.querySelector('.jupyter-matplotlib-canvas-div canvas').getContext('2d');
    const drawImage = context.drawImage;
    context.drawImage = function (...args) {
      record.paints.push(performance.now());
      return drawImage.apply(this, args);
    };
    return;
  }
  const seen = new WeakSet();
  const observer = new MutationObserver(() => {
    for (const image of document.querySelectorAll('.jp-OutputArea-output img')) {
      if (seen.has(image)) continue;
      seen.add(image);
      const paint = () => record.paints.push(performance.now());
      if (image.complete) paint(); else image.addEventListener('load', paint, {once: true});
    }
  });
  document.querySelectorAll('.jp-OutputArea-output img').forEach(image => seen.add(image));
  observer.observe(document.body, {subtree: true, childList: true});
}"""


KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}}


def explorer_notebook(name: str) -> nbformat.NotebookNode:
    return new_notebook(metadata=KERNEL, cells=[new_code_cell("%matplotlib widget\nimport activation_lab as lab"),
                                                new_code_cell(f'lab.explore("{name}")')])


def baseline_notebook(name: str) -> nbformat.NotebookNode:
    return new_notebook(metadata=KERNEL, cells=[new_code_cell("%matplotlib inline"),
                                                new_code_cell(BASELINE_CODE.format(name=name))])


def write_notebooks(folder: Path, names: list[str]) -> dict[str, str]:
    """One notebook per case; returns case name -> picture kind."""
    folder.mkdir(parents=True)
    kinds = {}
    for name in names:
        nbformat.write(explorer_notebook(name), folder / f"{name}.ipynb")
        kinds[name] = "canvas"
    nbformat.write(baseline_notebook("sigmoid"), folder / f"{BASELINE}.ipynb")
    kinds[BASELINE] = "image"
    return kinds


def open_and_run(page, server, case: str, front_end: str) -> None:
    """Open the case's notebook and run it: JupyterLab runs it from its Run menu, Voilà on loading."""
    if front_end == "voila":
        page.goto(f"{server.base}/voila/render/bench/{case}.ipynb?token={server.token}")
        page.wait_for_selector(".widget-slider .noUi-handle", timeout=120_000)
        page.wait_for_timeout(2000)      # first full frame and the kernel idle again
        return
    page.goto(f"{server.base}/lab/workspaces/{uuid.uuid4().hex}/tree/bench/{case}.ipynb"
              f"?reset&token={server.token}")
    page.wait_for_function("() => [...document.querySelectorAll('.jp-StatusBar-Widget')]"
                           ".some(e => /Idle/.test(e.textContent))", timeout=120_000)
    for _ in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator("li[data-command='runmenu:run-all']").click()
        try:
            page.wait_for_selector(".widget-slider .noUi-handle", timeout=60_000)
            break
        except Exception:
            page.keyboard.press("Escape")
    page.wait_for_timeout(2000)          # first full frame and the kernel idle again


def x0_handle(page):
    slider = page.locator(".widget-slider").filter(has_text="x₀").first
    return slider.locator(".noUi-handle").first


def measure_steps(page, kind: str, steps: int) -> list[float]:
    handle = x0_handle(page)
    handle.scroll_into_view_if_needed()
    handle.focus()
    times = []
    for step in range(steps):
        page.evaluate(ARM_TIMER, kind)
        handle.press("ArrowRight" if (step // 10) % 2 == 0 else "ArrowLeft")
        latency = page.evaluate("() => window.__latency")
        if latency is None:
            raise RuntimeError(f"step {step}: the picture did not change within 10 s")
        times.append(latency)
        page.wait_for_timeout(150)       # let the kernel settle before the next step
    return times


def measure_drag(page, kind: str, seconds: float = 2.0, moves: int = 60) -> dict[str, float]:
    """Drag x₀ across its track and back for ``seconds``; frames painted per second while the mouse
    moved, and the time from releasing it to the last frame."""
    handle = x0_handle(page)
    handle.evaluate("e => e.scrollIntoView({block: 'center'})")
    track = page.locator(".widget-slider").filter(has_text="x₀").first.locator(".noUi-base").first.bounding_box()
    box = handle.bounding_box()
    y = box["y"] + box["height"] / 2
    page.evaluate(RECORD_PAINTS, kind)
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    for move in range(1, moves + 1):
        phase = (move / moves) * 2.0                       # there and back again
        fraction = phase if phase <= 1.0 else 2.0 - phase
        page.mouse.move(track["x"] + track["width"] * (0.1 + 0.8 * fraction), y)
        page.wait_for_timeout(seconds * 1000 / moves)
    page.mouse.up()
    page.wait_for_timeout(4000)                            # the last frames arrive
    record = page.evaluate("() => window.__drag")
    during = [t for t in record["paints"] if record["down"] <= t <= record["up"]]
    return {"fps": len(during) / ((record["up"] - record["down"]) / 1000),
            "last_ms": max(0.0, max(record["paints"], default=record["up"]) - record["up"])}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


SERVERS = {"lab": start_jupyter_lab,
           "voila": lambda base, name: start_voila(base, f"bench/{BASELINE}.ipynb", name=name)}
TITLES = {"lab": "JupyterLab", "voila": "Voilà (make present)"}


def run(steps: int, names: list[str], front_ends: list[str]) -> dict[str, tuple[dict, dict]]:
    """Front end → (key-press times per case, drag figures per case)."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_executable()
    if chromium is None:
        raise SystemExit("Chromium is needed: sudo apt-get install chromium (or set CHROMIUM)")
    measured = {}
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        base = Path(temp)
        kinds = write_notebooks(base / "root" / "bench", names)
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        for front_end in front_ends:
            server = SERVERS[front_end](base, name=front_end)
            results, drags = {}, {}
            try:
                for case, kind in kinds.items():
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    open_and_run(page, server, case, front_end)
                    measure_steps(page, kind, 3)             # warm-up, not counted
                    results[case] = measure_steps(page, kind, steps)
                    drags[case] = measure_drag(page, kind)
                    context.close()
                    print(f"  measured {case} in {TITLES[front_end]}", file=sys.stderr, flush=True)
            finally:
                server.stop()
            measured[front_end] = (results, drags)
        browser.close()
    return measured


def report(title: str, results: dict[str, list[float]], drags: dict[str, dict[str, float]],
           reference: dict[str, list[float]] | None = None) -> None:
    """One table; with ``reference`` (JupyterLab's key-press times) a column of medians relative to it."""
    baseline = statistics.median(results[BASELINE])
    print(f"{title}: key press → canvas repainted; a 2 s mouse drag of x₀: frames painted per second while "
          "dragging, and the last frame after release")
    versus = f"{'vs JupyterLab':>15}" if reference else ""
    print(f"{'case':<20}{'median ms':>10}{'p90 ms':>9}{'× faster':>10}{'drag fps':>10}{'× baseline':>12}"
          f"{'last frame ms':>15}{versus}")
    for case, times in results.items():
        median = statistics.median(times)
        ratio = "" if case == BASELINE else f"{baseline / median:.1f}×"
        fps_ratio = "" if case == BASELINE else f"{drags[case]['fps'] / max(drags[BASELINE]['fps'], 1e-9):.1f}×"
        relative = f"{median / statistics.median(reference[case]) - 1:>+14.0%} " if reference else ""
        print(f"{case:<20}{median:>10.0f}{percentile(times, 0.9):>9.0f}{ratio:>10}{drags[case]['fps']:>10.1f}"
              f"{fps_ratio:>12}{drags[case]['last_ms']:>15.0f}{relative}")
    explorers = [statistics.median(t) for c, t in results.items() if c != BASELINE]
    print(f"explorers: median of medians {statistics.median(explorers):.0f} ms, "
          f"worst {max(explorers):.0f} ms; baseline {baseline:.0f} ms "
          f"(targets: key press ≤ 50 ms and ≥ 5× faster; drag ≥ 30 frames/s, last frame ≤ 100 ms after release"
          f"{'; Voilà within 20 % of JupyterLab' if reference else ''})")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=24)
    parser.add_argument("--only", nargs="*", default=None, help="activations to measure (default: all)")
    parser.add_argument("--front-ends", nargs="*", default=list(SERVERS), choices=list(SERVERS))
    args = parser.parse_args()
    measured = run(args.steps, args.only or list(act.ACTIVATIONS), args.front_ends)
    lab_times = measured["lab"][0] if "lab" in measured else None
    for front_end, (results, drags) in measured.items():
        report(TITLES[front_end], results, drags, reference=lab_times if front_end != "lab" else None)


if __name__ == "__main__":
    main()
