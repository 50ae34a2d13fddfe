"""Helpers of lesson 4 (``notebooks/04-leaky-relu.ipynb``): the leaky-ReLU family for several α.
The lesson's dead-unit demo is lesson 3's, run with ``name="leaky_relu"``, so it is offered here too.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

import activations

from ..figures import figure
from ..style import DERIVATIVE_STYLE, FUNCTION_STYLE, format_number, settings, style_axes
from .relu import DEAD_UNIT_TARGETS, DEAD_UNIT_X, dead_unit_demo, train_unit

__all__ = ["DEAD_UNIT_TARGETS", "DEAD_UNIT_X", "dead_unit_demo", "leaky_family_figure", "train_unit"]

def leaky_family_figure(alphas=(0.0, 0.1, 0.3, 1.0), x_range=(-3.0, 3.0)) -> Figure:
    """Leaky ReLU (top) and its derivative (bottom) for several alphas: α = 0 is ReLU, α = 1 the identity.

    Where α makes a kink (α ≠ 1) the derivative is drawn as two branches (x ≤ 0 and x > 0) with a
    dot for the value the module uses at 0 (α), so no line is drawn across the jump; for α = 1 it is
    one line.  The curves coincide for x > 0, so each α has its own marker, placed at different x.
    """
    x = np.linspace(*x_range, 601)
    fig, (ax_f, ax_d) = figure(2, 1, sharex=True)
    for ax in (ax_f, ax_d):
        style_axes(ax, zero_lines=True)
    colours = ("#000000", "#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00")
    for number, (colour, alpha) in enumerate(zip(colours, alphas, strict=False)):
        name = {0.0: " (ReLU)", 1.0: " (identity)"}.get(float(alpha), "")
        style = {"color": colour, "linewidth": 2.2, "marker": "osD^vP"[number % 6], "markersize": 6,
                 "markevery": (12 * number + 8, 60)}
        ax_f.plot(x, activations.leaky_relu(x, alpha=alpha), FUNCTION_STYLE, label=f"α = {format_number(alpha)}{name}",
                  **style)
        kink = bool(activations.ACTIVATIONS["leaky_relu"].properties_for(alpha=alpha).kink)
        for branch in ((x[x <= 0.0], x[x > 0.0]) if kink else (x,)):
            ax_d.plot(branch, activations.leaky_relu_derivative(branch, alpha=alpha), DERIVATIVE_STYLE, **style)
        if kink:
            ax_d.plot([0.0], [float(activations.leaky_relu_derivative(0.0, alpha=alpha))], "o", color=colour,
                      markersize=7, markeredgecolor="#333333")
    ax_f.set_ylabel("f(x)")
    ax_d.set_ylabel("f′(x)")
    ax_d.set_xlabel("x")
    ax_d.set_ylim(-0.1, 1.15)
    ax_f.set_title("Leaky ReLU for several α (top), its derivative (bottom, dashed)",
                   fontsize=settings().font_size)
    ax_d.set_title("the slope left of 0 is α; a dot marks the value the code uses at x = 0 where there is a kink",
                   fontsize=settings().font_size * 0.85)
    ax_f.legend(loc="upper left", fontsize=settings().font_size * 0.85)
    return fig
