"""Kernel-side cost of one slider event, for every canvas widget of the lessons and every slider.

    PYTHONPATH=tests python benchmarks/bench_update.py [--positions N]      (or: make benchmark)

Every widget in ``tests/builders.py``'s ``WIDGETS`` is built with a fake page attached (it answers
ipympl's draw requests at once, as the browser does), and each of its controls is moved across its
range; an event is timed from setting the value until the widget's frame has been encoded and sent.
The baseline, in the same run, is what ``ipywidgets.interact`` with the inline backend does per
event: a new two-panel figure, plotted and encoded as PNG.  Prints the median milliseconds per event
for each widget and slider, and the ratio to the baseline.  Absolute times depend on the machine;
the ratios carry over.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from builders import WIDGETS, FakePage  # tests/builders.py: make benchmark puts tests/ on PYTHONPATH

import activations as act


def baseline_event(value: float) -> bytes:
    """What interact + inline does per event: build, plot, render, close."""
    entry = act.ACTIVATIONS["swish"]
    x = np.linspace(*entry.x_range, 400)
    fig, (ax_f, ax_d) = plt.subplots(2, 1, sharex=True, figsize=(7.5, 5.4))
    ax_f.plot(x, entry.f(x, beta=value), "-")
    ax_d.plot(x, entry.df(x, beta=value), "--")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()




def positions(control, count: int) -> list:
    if isinstance(control, widgets.Checkbox):
        return [not control.value, control.value] * (count // 2)
    if hasattr(control, "options"):
        return list(control.options) * max(1, count // len(control.options))
    values = np.linspace(control.min, control.max, count)
    if isinstance(control.value, tuple):
        return [(float(values[0]), float(v)) for v in values[1:]] + [control.value]
    there = [type(control.value)(v) for v in values]
    return there + there[::-1][1:]


def controls_of(widget) -> dict:
    boxes = {f"show {name}": box for name, box in getattr(widget, "checkboxes", {}).items()}
    return {**boxes, **{str(key): c for key, c in widget.controls.items() if not isinstance(c, widgets.Button)}}


def time_events(widget, frames: list, control, values) -> list[float]:
    times = []
    for value in values:
        sent = len(frames)
        start = time.perf_counter()
        control.value = value
        if len(frames) == sent and widget.canvas._png_is_old:
            widget.canvas.manager.refresh_all()
        times.append((time.perf_counter() - start) * 1e3)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--positions", type=int, default=9, help="positions per slider (each way)")
    args = parser.parse_args()
    base = statistics.median(_timed(baseline_event, float(v)) for v in np.linspace(0.0, 4.0, 30))
    print(f"baseline (a new figure plotted and encoded per event): {base:.1f} ms\n")
    print(f"{'widget':<28}{'slider':<26}{'ms/event':>9}{'× faster':>10}")
    per_widget = {}
    for name, builder in WIDGETS.items():
        widget = builder()
        frames = FakePage(widget.canvas).frames
        medians = []
        try:
            for label, control in controls_of(widget).items():
                median = statistics.median(time_events(widget, frames, control, positions(control, args.positions)))
                medians.append(median)
                print(f"{name:<28}{label[:25]:<26}{median:>9.1f}{base / median:>9.1f}×")
        finally:
            widget.close()
        per_widget[name] = statistics.median(medians)
    print(f"\n{'widget (median over its sliders)':<54}{'ms/event':>9}{'× faster':>10}")
    for name, median in per_widget.items():
        print(f"{name:<54}{median:>9.1f}{base / median:>9.1f}×")
    print(f"\nworst widget {max(per_widget.values()):.1f} ms; target ≤ 10 ms and ≥ 10× faster than the baseline")


def _timed(callback, value) -> float:
    start = time.perf_counter()
    callback(value)
    return (time.perf_counter() - start) * 1e3


if __name__ == "__main__":
    main()
