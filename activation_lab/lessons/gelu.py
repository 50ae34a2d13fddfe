"""Helpers of lesson 7 (``notebooks/07-gelu.ipynb``): the figures that tell GELU's exact form apart
from its tanh and sigmoid approximations, which coincide to the eye on an ordinary plot.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

import activations

from ..style import PALETTE, format_number, settings, style_axes

__all__ = ["approximations_figure", "tanh_gap_figure"]

#: the three forms drawn by :func:`approximations_figure`: (label, colour, line style, marker)
#: the exact form is drawn wide and underneath, so the dashed and dotted forms on top leave it visible;
#: the markers of the two approximations sit at alternating points, so neither hides the other
_FORMS = (
    ("exact x·Φ(x)", PALETTE["function"], "-", None, 4.5, (0, 50)),
    ("tanh form", PALETTE["derivative"], "--", "o", 2.0, (0, 50)),
    ("sigmoid form x·σ(1.702x)", PALETTE["tangent"], ":", "s", 2.4, (25, 50)),
)


def _forms(x: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """(f, f′) of the exact GELU, its tanh form and x·σ(1.702x) (swish with β = 1.702), in that order."""
    return ((activations.gelu(x), activations.gelu_derivative(x)),
            (activations.gelu(x, approximate="tanh"), activations.gelu_derivative(x, approximate="tanh")),
            (activations.swish(x, beta=1.702), activations.swish_derivative(x, beta=1.702)))


def _limits(curves, margin: float = 0.12) -> tuple[float, float]:
    """y-limits that hold every curve with a margin of ``margin`` of their span on each side."""
    low = min(float(np.min(c)) for c in curves)
    high = max(float(np.max(c)) for c in curves)
    pad = margin * (high - low)
    return low - pad, high + pad


def approximations_figure(x_range=(-4.0, 0.5), n_points: int = 501) -> Figure:
    """GELU (top) and its derivative (bottom) in the exact, tanh and sigmoid forms, around the dip.

    The three forms nearly coincide, so each has its own line style and
    marker (markers every 50 points, the two approximations' alternating)
    and the exact form's minimum is marked.
    The y-limits follow the curves drawn, so the dip of about −0.17 fills
    the top panel whatever ``x_range`` is.

    Examples
    --------
    >>> fig = approximations_figure()
    >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()][:3]
    ['exact x·Φ(x)', 'tanh form', 'sigmoid form x·σ(1.702x)']
    """
    x = np.linspace(*x_range, n_points)
    forms = _forms(x)
    fig = Figure(figsize=settings().figsize, dpi=settings().dpi, layout="constrained")
    ax_f, ax_d = fig.subplots(2, 1, sharex=True)
    for ax in (ax_f, ax_d):
        style_axes(ax, zero_lines=True)
    for (label, colour, style, marker, width, every), (f, df) in zip(_FORMS, forms, strict=True):
        for ax, y in ((ax_f, f), (ax_d, df)):
            ax.plot(x, y, style, color=colour, marker=marker, markevery=every, markersize=6,
                    linewidth=width, label=label)
    lowest = int(np.argmin(forms[0][0]))
    ax_f.plot([x[lowest]], [forms[0][0][lowest]], "o", color=PALETTE["point"], markersize=7, zorder=5,
              label=f"exact minimum ≈ {format_number(round(float(forms[0][0][lowest]), 3))} "
                    f"near x = {format_number(round(float(x[lowest]), 2))}")
    ax_f.set_ylim(*_limits([f for f, _ in forms]))
    ax_d.set_ylim(*_limits([df for _, df in forms]))
    ax_f.set_xlim(*x_range)
    ax_f.set_ylabel("f(x)")
    ax_d.set_ylabel("f′(x)")
    ax_d.set_xlabel("x")
    ax_f.set_title("GELU and two approximations (markers tell the lines apart)")
    size = settings().font_size * 0.85
    ax_f.legend(loc="upper left", fontsize=size)
    ax_d.legend(loc="upper left", fontsize=size)
    return fig


def tanh_gap_figure(x_range=(-6.0, 6.0), n_points: int = 12001) -> Figure:
    """The tanh form minus the exact form: of GELU (top) and of its derivative (bottom).

    Each panel marks its largest absolute difference, which occurs twice (at
    ±x): the function gap is even and the derivative gap odd, because both
    forms satisfy f(x) − f(−x) = x.  Use an odd ``n_points`` on a symmetric
    range so the grid is symmetric about 0.

    Examples
    --------
    >>> fig = tanh_gap_figure()
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['tanh − exact, f', 'tanh − exact, f′']
    """
    x = np.linspace(*x_range, n_points)
    gaps = (("f", activations.gelu(x, approximate="tanh") - activations.gelu(x), "-",
             PALETTE["function"]),
            ("f′", activations.gelu_derivative(x, approximate="tanh") - activations.gelu_derivative(x), "--",
             PALETTE["derivative"]))
    fig = Figure(figsize=settings().figsize, dpi=settings().dpi, layout="constrained")
    axes = fig.subplots(2, 1, sharex=True)
    for ax, (kind, gap, style, colour) in zip(axes, gaps, strict=True):
        style_axes(ax, zero_lines=True)
        worst = int(np.argmax(np.abs(gap)))
        mirror = x.size - 1 - worst
        ax.plot(x, gap, style, color=colour, linewidth=2.2, label=f"tanh form − exact form ({kind})")
        ax.plot(x[[worst, mirror]], gap[[worst, mirror]], "o", color=PALETTE["point"], markersize=7,
                label=f"largest |difference| {abs(gap[worst]):.2e} at x = ±{abs(x[worst]):.2f}")
        low, high = float(gap.min()), float(gap.max())
        ax.set_ylim(low - 0.1 * (high - low), high + 0.8 * (high - low))     # room for the legend
        ax.set_ylabel(f"tanh − exact, {kind}")
        ax.legend(loc="upper center", fontsize=settings().font_size * 0.85)
    axes[0].set_xlim(*x_range)
    axes[1].set_xlabel("x")
    axes[0].set_title("GELU: tanh approximation minus exact form")
    return fig

