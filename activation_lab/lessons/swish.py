"""Helpers of lesson 6 (``notebooks/06-swish.ipynb``): where swish has its minimum (Lambert's W and
Brent's method) and the close-up explorer of the dip as β moves.
"""

from __future__ import annotations

import math

import numpy as np

import activations

from ..closeup import CloseUpExplorer
from ..style import DERIVATIVE_STYLE, FUNCTION_STYLE, PALETTE, format_number

__all__ = ["swish_dip_explorer"]

def swish_minimum_location(beta):
    r"""Where swish x·σ(βx) is smallest, for beta > 0 (array or scalar): x* = −(1 + W(1/e))/β.

    f'(x) = 0 means 1 + βx·σ(−βx) = 0, that is 1 + βx + e^{βx} = 0; with
    u = −(1 + βx) this is u·e^u = 1/e, so u = W(1/e) (Lambert's W, principal
    branch) and the minimum value is −W(1/e)/β.  Used as the exercise's
    reference, independent of the module's derivative.

    Examples
    --------
    >>> round(float(swish_minimum_location(1.0)), 10)
    -1.2784645428
    >>> round(float(swish_minimum_location(4.0)), 10)
    -0.3196161357
    """
    from scipy import special

    omega = float(special.lambertw(math.exp(-1.0)).real)
    return -(1.0 + omega) / np.asarray(beta, dtype=float)


def swish_dip_root(beta: float) -> float | None:
    """Where the module's ``swish_derivative`` is 0, by Brent's method; None for beta = 0 (no root).

    For beta > 0, f′(−6/β) < 0 < f′(0) = 1/2 brackets the single root.
    """
    from scipy.optimize import brentq

    beta = float(beta)
    if beta <= 0.0:
        return None
    return float(brentq(lambda v: float(activations.swish_derivative(v, beta=beta)), -6.0 / beta, 0.0,
                        xtol=1e-14, rtol=1e-14))


class SwishDipExplorer(CloseUpExplorer):
    """Swish for one β, with the references x/2 (β → 0) and ReLU (β → ∞), and its minimum marked.

    Build it with :func:`swish_dip_explorer`.  ``controls["beta"]`` is the
    slider.  The minimum is found on every change by :func:`swish_dip_root`
    (Brent's method on the module's derivative); ``minimum`` holds
    ``(x*, f(x*))`` or None for β = 0.  ``lines`` holds the artists, built
    once and updated with ``set_data``.
    """

    ACTIVATION, PARAMETER, LABEL = "swish", "beta", "beta (β)"
    X_RANGE = (-6.0, 4.0)
    Y_LIMITS = ((-3.3, 4.2), (-0.25, 1.25))
    HEIGHT_RATIOS = (1.6, 1.0)
    STATIC = ("half", "relu")

    def __init__(self, beta: float = 1.0, n_points: int = 801):
        self.x = np.linspace(*self.X_RANGE, n_points)
        self.minimum: tuple[float, float] | None = None
        super().__init__(beta)

    @property
    def beta(self) -> float:
        return self.value

    def _add_artists(self, ax_f, ax_d, size: float) -> dict:
        x = self.x
        lines = {
            "half": ax_f.plot(x, x / 2.0, "-.", color=PALETTE["extra"][0], linewidth=1.8,
                              label="x/2 (β → 0)")[0],
            "relu": ax_f.plot(x, activations.relu(x), ":", color=PALETTE["point"], linewidth=1.8,
                              label="ReLU (β → ∞)")[0],
            "function": ax_f.plot([], [], FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.4,
                                  label="swish x·σ(βx)")[0],
            "minimum": ax_f.plot([], [], "o", color=PALETTE["accent"], markeredgecolor="black", markersize=9,
                                 zorder=5, label="minimum, where f′ = 0")[0],
            "derivative": ax_d.plot([], [], DERIVATIVE_STYLE, color=PALETTE["derivative"], linewidth=2.4,
                                    label="f′(x)")[0],
            "root": ax_d.plot([], [], "o", color=PALETTE["accent"], markeredgecolor="black", markersize=9,
                              zorder=5, label="f′(x*) = 0")[0],
        }
        lines["guide"] = ax_d.axvline(np.nan, color=PALETTE["accent"], linewidth=1.0, linestyle="-")
        lines["guide_f"] = ax_f.axvline(np.nan, color=PALETTE["accent"], linewidth=1.0, linestyle="-")
        self.label = ax_f.annotate("", xy=(0.0, 0.0), xytext=(0.0, -30.0), textcoords="offset points",
                                   ha="center", va="top", fontsize=size * 0.85, color="black",
                                   bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": PALETTE["accent"]})
        return lines

    def _update(self, change) -> bool:
        beta, x = self.beta, self.x
        self.lines["function"].set_data(x, activations.swish(x, beta=beta))
        self.lines["derivative"].set_data(x, activations.swish_derivative(x, beta=beta))
        root = swish_dip_root(beta)
        kind = "the line x/2" if beta == 0.0 else "the SiLU" if beta == 1.0 else (
            "close to ReLU" if beta >= 5.0 else "between x/2 and ReLU")
        self.title.set_text(f"β = {beta:.2f}: {kind}")
        if root is None:
            self.minimum = None
            for key in ("minimum", "root"):
                self.lines[key].set_data([], [])
            for key in ("guide", "guide_f"):
                self.lines[key].set_xdata([np.nan, np.nan])
            self.label.set_text("")
            self.readout.value = ("β = 0: the gate is stuck at σ(0) = 1/2, so f(x) = x/2, a straight line with "
                                  "slope 1/2 everywhere: f′ is never 0 and there is <b>no minimum</b>.")
        else:
            value = float(activations.swish(root, beta=beta))
            self.minimum = (root, value)
            self.lines["minimum"].set_data([root], [value])
            self.lines["root"].set_data([root], [0.0])
            for key in ("guide", "guide_f"):
                self.lines[key].set_xdata([root, root])
            inside = self.X_RANGE[0] <= root <= self.X_RANGE[1]
            self.label.xy = (root, value)
            self.label.set_text(f"({format_number(round(root, 4))}, {format_number(round(value, 4))})"
                                if inside else "")
            silu_root = swish_minimum_location(1.0)
            where = "" if inside else " (left of the plotted range)"
            self.readout.value = (
                f"β = {beta:.2f}: f′(x) = 0 at <b>x* = {format_number(root)}</b>{where} (brentq on the module's "
                f"derivative); the SiLU's −1.27846 divided by β is {format_number(float(silu_root) / beta)}. "
                f"Minimum value f(x*) = <b>{format_number(value)}</b>; largest gap to ReLU ≈ "
                f"{format_number(-value)}.")
        return False

    def snapshot_text(self) -> str:
        where = ("no minimum" if self.minimum is None else
                 f"minimum at x = {self.minimum[0]:.6f}, value {self.minimum[1]:.6f}")
        return f"Swish dip explorer, beta = {self.beta:.2f}: {where}"


def swish_dip_explorer(beta: float = 1.0) -> SwishDipExplorer:
    """A β slider for swish with the references x/2 and ReLU drawn and the minimum marked.

    Examples
    --------
    >>> explorer = swish_dip_explorer(2.0)
    >>> round(explorer.minimum[0], 6)
    -0.639232
    >>> explorer.controls["beta"].value = 0.0
    >>> explorer.minimum is None
    True
    >>> explorer.close()
    """
    return SwishDipExplorer(beta)
