"""Helpers of lesson 6 (``notebooks/06-swish.ipynb``): where swish has its minimum (Lambert's W and
Brent's method), where its slope is too small to train, the close-up explorer of the dip as β
moves, and hard swish, the piecewise-quadratic stand-in that MobileNetV3 uses.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

import activations

from ..closeup import CloseUpExplorer
from ..style import DERIVATIVE_STYLE, FUNCTION_STYLE, PALETTE, format_number, settings, style_axes

__all__ = ["hard_swish", "hard_swish_derivative", "hard_swish_figure", "swish_dip_explorer",
           "swish_flat_threshold"]

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


def swish_flat_threshold(beta, slope: float = 1e-3):
    r"""The x left of which \|f′(x)\| < ``slope`` for swish with parameter beta > 0 (array or scalar).

    Left of the dip f′ is negative and tends to 0 as x → −∞; it is smallest,
    1 − max f′ ≈ −0.0998, at x = −2.3994/β.  Left of that point \|f′\| only
    shrinks, so there is one crossing of f′ = −slope, found by Brent's method on
    the module's derivative at β = 1 and divided by β (f′(x, β) = f′(βx, 1)).

    Examples
    --------
    >>> round(float(swish_flat_threshold(1.0)), 4)
    -8.9851
    >>> round(float(swish_flat_threshold(2.0)), 4)
    -4.4925
    """
    from scipy.optimize import brentq

    steepest_negative = -activations.ACTIVATIONS["swish"].properties_for(beta=1.0).max_slope_at
    silu = brentq(lambda v: float(activations.swish_derivative(v)) + slope, -800.0, steepest_negative,
                  xtol=1e-14, rtol=1e-14)
    return silu / np.asarray(beta, dtype=float)


def hard_swish(x):
    r"""Hard swish (Howard et al. 2019, §5.2): x·ReLU6(x + 3)/6, with ReLU6(t) = min(max(t, 0), 6).

    The gate σ(x) is replaced by the piecewise-linear ReLU6(x + 3)/6, which is 0
    for x ≤ −3, 1 for x ≥ 3 and a straight line in between:

    .. math::
        h(x) = \begin{cases} 0 & x \le -3 \\ x(x + 3)/6 & -3 < x < 3 \\ x & x \ge 3 \end{cases}

    Examples
    --------
    >>> hard_swish(np.array([-4.0, -1.5, 0.0, 3.0, 5.0])).tolist()
    [-0.0, -0.375, 0.0, 3.0, 5.0]
    """
    x = np.asarray(x, dtype=float)
    return x * np.clip(x + 3.0, 0.0, 6.0) / 6.0


def hard_swish_derivative(x):
    r"""Hard swish's derivative: 0 for x < −3, (2x + 3)/6 for −3 < x < 3, 1 for x > 3.

    By the product rule on x·g(x) with g(x) = (x + 3)/6 in the middle piece:
    g + x·g′ = (x + 3)/6 + x/6.  At the two kinks x = ±3 the slope jumps
    (0 → −1/2 at −3, 3/2 → 1 at 3); like the module at 0 for ReLU and ELU,
    this returns the left branch there: 0 at −3 and 3/2 at 3.

    Examples
    --------
    >>> hard_swish_derivative(np.array([-4.0, -3.0, -1.5, 0.0, 3.0, 4.0])).tolist()
    [0.0, 0.0, 0.0, 0.5, 1.5, 1.0]
    """
    x = np.asarray(x, dtype=float)
    middle = (2.0 * x + 3.0) / 6.0
    return np.where(x <= -3.0, 0.0, np.where(x <= 3.0, middle, 1.0))


def hard_swish_figure(x_range=(-5.0, 5.0)) -> Figure:
    """Hard swish against the SiLU (top) and their derivatives (bottom), with hard swish's kinks at ±3 marked.

    Hard swish's derivative is drawn as its three pieces, so no line crosses a
    jump; a filled dot marks the value :func:`hard_swish_derivative` returns at
    each kink, an open circle the limit from the right.

    Examples
    --------
    >>> fig = hard_swish_figure()
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['f(x)', 'f′(x)']
    """
    low, high = x_range
    current = settings()
    size = current.font_size
    fig = Figure(figsize=current.figsize, dpi=current.dpi, layout="constrained")
    ax_f, ax_d = fig.subplots(2, 1, sharex=True)
    for ax in (ax_f, ax_d):
        style_axes(ax, zero_lines=True)
    x = np.linspace(low, high, 1001)
    ax_f.plot(x, activations.swish(x), "--", color=PALETTE["muted"], linewidth=2.0, label="SiLU x·σ(x)")
    ax_f.plot(x, hard_swish(x), FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.2,
              label="hard swish x·ReLU6(x + 3)/6")
    ax_d.plot(x, activations.swish_derivative(x), "--", color=PALETTE["muted"], linewidth=2.0, label="SiLU′")
    pieces = [np.linspace(low, -3.0, 201), np.linspace(-3.0, 3.0, 601)[1:], np.linspace(3.0, high, 201)[1:]]
    for index, piece in enumerate(pieces):
        ax_d.plot(piece, hard_swish_derivative(piece), DERIVATIVE_STYLE, color=PALETTE["derivative"],
                  linewidth=2.2, label="hard swish′: 0, (2x + 3)/6, 1" if index == 0 else None)
    kinks = np.array([-3.0, 3.0])
    ax_d.plot(kinks, hard_swish_derivative(kinks), "o", color=PALETTE["derivative"], markersize=7, zorder=5,
              label="value used at the kink (left branch)")
    ax_d.plot(kinks, hard_swish_derivative(kinks + 1e-12), "o", markerfacecolor="white",
              markeredgecolor=PALETTE["point"], markersize=7, zorder=4, label="limit from the right")
    ax_f.set_ylabel("f(x)")
    ax_d.set_ylabel("f′(x)")
    ax_d.set_xlabel("x")
    ax_f.set_ylim(-0.8, high + 0.3)
    ax_d.set_ylim(-0.7, 1.7)
    ax_f.legend(loc="upper left", fontsize=size * 0.8)
    ax_d.legend(loc="upper left", fontsize=size * 0.8)
    ax_f.set_title("Hard swish: the SiLU with its sigmoid gate replaced by straight pieces", fontsize=size)
    return fig


class SwishDipExplorer(CloseUpExplorer):
    """Swish for one β, with the references x/2 (β → 0) and ReLU (β → ∞), and its minimum marked.

    Build it with :func:`swish_dip_explorer`.  ``controls["beta"]`` is the
    slider.  The minimum is found on every change by :func:`swish_dip_root`
    (Brent's method on the module's derivative); ``minimum`` holds
    ``(x*, f(x*))`` or None for β = 0.  ``lines`` holds the artists, built
    once and updated with ``set_data``.  For β ≥ 1 both axes shrink by 1/β,
    as the dip does, so the dip stays in view; for β < 1 the x-range is
    fixed and the dip may leave it on the left.
    """

    ACTIVATION, PARAMETER, LABEL = "swish", "beta", "beta (β)"
    X_RANGE = (-6.0, 2.0)               # at β ≤ 1; divided by β above
    HEIGHT_RATIOS = (1.6, 1.0)

    def __init__(self, beta: float = 1.0, n_points: int = 801):
        self.n_points = n_points
        self.x = np.linspace(*self.X_RANGE, n_points)
        self.minimum: tuple[float, float] | None = None
        super().__init__(beta)

    @property
    def beta(self) -> float:
        return self.value

    def x_range(self, beta: float) -> tuple[float, float]:
        """The plotted x-range: the dip's own scale 1/β for β ≥ 1, fixed below."""
        scale = 1.0 / max(float(beta), 1.0)
        return self.X_RANGE[0] * scale, self.X_RANGE[1] * scale

    def limits(self, beta: float) -> tuple:
        """x from :meth:`x_range`; f from below its lowest plotted value to the top of the x-range; f′ fixed."""
        low, high = self.x_range(beta)
        lowest = float(np.min(activations.swish(np.linspace(low, high, self.n_points), beta=beta)))
        return (low, high), (min(1.4 * lowest, -0.2 * high), 1.05 * high), (-0.25, 1.25)

    def _add_artists(self, ax_f, ax_d, size: float) -> dict:
        lines = {
            "half": ax_f.plot([], [], "-.", color=PALETTE["extra"][0], linewidth=1.8,
                              label="x/2 (β → 0)")[0],
            "relu": ax_f.plot([], [], ":", color="black", linewidth=1.8, zorder=4,
                              label="ReLU (β → ∞), dotted on top")[0],
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
        self.label = ax_f.annotate("", xy=(0.0, 0.0), xytext=(0.0, 14.0), textcoords="offset points",
                                   ha="center", va="bottom", fontsize=size * 0.85, color="black",
                                   bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": PALETTE["accent"]})
        return lines

    def _update(self, change) -> bool:
        beta = self.beta
        self.x = x = np.linspace(*self.x_range(beta), self.n_points)
        self.lines["half"].set_data(x, x / 2.0)
        self.lines["relu"].set_data(x, activations.relu(x))
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
            inside = x[0] <= root <= x[-1]
            self.label.xy = (root, value)
            self.label.set_text(f"({format_number(round(root, 4))}, {format_number(round(value, 4))})"
                                if inside else "")
            silu_root = swish_minimum_location(1.0)
            where = "" if inside else " (left of the plotted range)"
            self.readout.value = (
                f"β = {beta:.2f}: f′(x) = 0 at <b>x* = {format_number(root)}</b>{where} (brentq on the module's "
                f"derivative); the SiLU's {format_number(float(silu_root))} divided by β is "
                f"{format_number(float(silu_root) / beta)}. "
                f"Minimum value f(x*) = <b>{format_number(value)}</b>; largest gap to ReLU ≈ "
                f"{format_number(-value)}.")
        return self._follow_limits()

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
