"""Kernel-side cost of one slider update: the explorer against re-plotting per event.

    python benchmarks/bench_update.py [--events N]

For each parameterised activation the same sequence of slider values is sent
through (a) the explorer, which updates its artists and blits them over a
cached background, and (b) the naive approach of ``ipywidgets.interact`` with
the inline backend: a new two-panel figure per event, plotted and rendered to
PNG.  Both do their full job, including encoding the PNG that goes to the
browser.  Prints the median milliseconds per event and the ratio.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import activation_lab as lab
import activations as act

N_POINTS = 400


def naive_update(name: str, params: dict, x0: float) -> bytes:
    """What interact + inline does per event: build, plot, render, close."""
    entry = act.ACTIVATIONS[name]
    x = np.linspace(*entry.x_range, N_POINTS)
    fig, (ax_f, ax_d) = plt.subplots(2, 1, sharex=True, figsize=lab.display_settings().figsize)
    ax_f.plot(x, entry.f(x, **params), "-")
    ax_f.plot(x0, entry.f(x0, **params), "o")
    ax_d.plot(x, entry.df(x, **params), "--")
    ax_d.plot(x0, entry.df(x0, **params), "s")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def timed(callback, values) -> list[float]:
    times = []
    for value in values:
        start = time.perf_counter()
        callback(value)
        times.append((time.perf_counter() - start) * 1e3)
    return times


def explorer_update_times(name: str, control: str, values) -> list[float]:
    explorer = lab.explore(name)
    explorer.canvas.syncing_data_url = False     # as when a browser is attached
    explorer.canvas.manager.refresh_all()        # first full frame, as on display
    slider = explorer.controls[control]
    try:
        return timed(lambda v: setattr(slider, "value", v), values)
    finally:
        explorer.close()


def slider_values(name: str, control: str, events: int):
    entry = act.ACTIVATIONS[name]
    if control == "x0":
        low, high = entry.x_range
    else:
        param = next(p for p in entry.plot_parameters if p.name == control)
        low, high = param.minimum, param.maximum
    values = np.linspace(low, high, events)
    return [float(v) for v in np.concatenate([values, values[::-1]])][1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=40)
    args = parser.parse_args()
    cases = [("sigmoid", "x0"), ("leaky_relu", "alpha"), ("elu", "alpha"), ("swish", "beta"),
             ("swish", "x0"), ("gelu", "x0"), ("softmax", "x0")]
    print(f"{'activation':<12}{'slider':<8}{'explorer ms':>12}{'naive ms':>10}{'ratio':>8}")
    ratios = []
    for name, control in cases:
        values = slider_values(name, control, args.events)
        explorer = statistics.median(explorer_update_times(name, control, values))
        entry = act.ACTIVATIONS[name]
        naive = statistics.median(timed(
            lambda v, n=name, e=entry, c=control: naive_update(
                n, {**e.defaults, **({} if c == "x0" else {c: v})}, v if c == "x0" else 0.5),
            values))
        ratios.append(naive / explorer)
        print(f"{name:<12}{control:<8}{explorer:>12.1f}{naive:>10.1f}{naive / explorer:>7.1f}×")
    print(f"median ratio {statistics.median(ratios):.1f}× (target: at least 5×; explorer under 20 ms)")


if __name__ == "__main__":
    main()
