"""Helpers of lesson 1 (``notebooks/01-sigmoid.ipynb``): why all-positive inputs make gradient
descent zig-zag.

A linear unit ŷ = w·h is trained by stochastic gradient descent, one example per step.  Its weight
update is −η (ŷ − y) h, so when every input h is positive (sigmoid outputs) both weights move in
the same direction at every step; with zero-centred inputs they need not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

import activations

from ..figures import figure
from ..style import PALETTE, settings, style_axes

__all__ = ["zigzag_figure", "zigzag_paths"]

#: The weights that produce the targets (the optimum) and where descent starts: reaching the optimum
#: needs w₁ to grow and w₂ to shrink, a direction that all-positive inputs never allow in one step.
ZIGZAG_OPTIMUM = np.array([1.0, -1.0])
ZIGZAG_START = np.array([-1.0, 1.0])


@dataclass(frozen=True)
class DescentPath:
    """Weights before every step and after the last (rows), and the inputs that were used."""

    label: str
    weights: np.ndarray
    inputs: np.ndarray

    @property
    def updates(self) -> np.ndarray:
        """The change of the weights at every step (rows)."""
        return np.diff(self.weights, axis=0)

    @property
    def length(self) -> float:
        """Total distance travelled in weight space."""
        return float(np.sum(np.linalg.norm(self.updates, axis=1)))

    @property
    def same_sign_steps(self) -> int:
        """Steps whose two weight changes have the same sign (both up or both down)."""
        return int(np.count_nonzero(self.updates[:, 0] * self.updates[:, 1] > 0.0))


def sgd_path(inputs: np.ndarray, label: str, learning_rate: float = 1.0) -> DescentPath:
    r"""Stochastic gradient descent on a linear unit, one example (row of ``inputs``) per step.

    Loss of example i: :math:`\tfrac12 (w \cdot h_i - y_i)^2` with :math:`y_i = w^* \cdot h_i`;
    its gradient with respect to w is :math:`(w \cdot h_i - y_i)\, h_i`, a multiple of :math:`h_i`.

    Examples
    --------
    >>> path = sgd_path(np.array([[1.0, 0.0]]), "one step")
    >>> path.weights[-1]          # the first weight jumps to its optimum, the second has no input
    array([1., 1.])
    """
    targets = inputs @ ZIGZAG_OPTIMUM
    w = ZIGZAG_START.copy()
    weights = [w.copy()]
    for h, y in zip(inputs, targets, strict=True):
        w = w - learning_rate * (h @ w - y) * h
        weights.append(w.copy())
    return DescentPath(label, np.array(weights), inputs)


def zigzag_paths(steps: int = 40, seed: int = 3) -> dict[str, DescentPath]:
    """The two descents of the lesson: inputs h = σ(z) (all positive) and h = σ(z) − ½ (zero-centred).

    Both use the same pre-activations z ~ N(0, 1.5²) (seeded), so the inputs differ only by their mean.

    Examples
    --------
    >>> paths = zigzag_paths()
    >>> paths["positive"].same_sign_steps == paths["positive"].updates.shape[0]
    True
    """
    z = np.random.default_rng(seed).standard_normal((steps, 2)) * 1.5
    positive = activations.sigmoid(z)
    return {"positive": sgd_path(positive, "inputs σ(z), all positive"),
            "centred": sgd_path(positive - 0.5, "inputs σ(z) − ½, zero-centred")}


def zigzag_figure(paths: dict[str, DescentPath] | None = None) -> Figure:
    """Both descent paths in the (w₁, w₂) plane, with the start, the optimum and the shaded quadrants
    of the directions that all-positive inputs allow."""
    paths = paths or zigzag_paths()
    fig, ax = figure()
    style_axes(ax, zero_lines=False)
    points = np.vstack([p.weights for p in paths.values()])
    (x_low, y_low), (x_high, y_high) = points.min(axis=0) - (2.2, 1.6), points.max(axis=0) + 0.3
    sx, sy = ZIGZAG_START
    ax.fill_between([sx, x_high], sy, y_high, color=PALETTE["muted"], alpha=0.15, linewidth=0)
    ax.fill_between([x_low, sx], y_low, sy, color=PALETTE["muted"], alpha=0.15, linewidth=0,
                    label="from the start: the directions a step\ncan take when all inputs are positive")
    styles = {"positive": (PALETTE["derivative"], "o", "-"), "centred": (PALETTE["function"], "s", "--")}
    for key, path in paths.items():
        colour, marker, line = styles[key]
        ax.plot(*path.weights.T, line, color=colour, marker=marker, markersize=4, linewidth=1.8,
                label=f"{path.label}: path length {path.length:.2f}")
    ax.plot(*ZIGZAG_START, "o", color=PALETTE["point"], markersize=9, markerfacecolor="white",
            markeredgewidth=2, label="start w = (−1, 1)", zorder=5)
    ax.plot(*ZIGZAG_OPTIMUM, "*", color=PALETTE["point"], markersize=16, label="optimum w* = (1, −1)", zorder=5)
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.set_aspect("equal")
    ax.set_xlabel("weight w₁")
    ax.set_ylabel("weight w₂")
    ax.set_title(f"Gradient descent on a linear unit, one example per step ({len(paths['positive'].inputs)} steps)",
                 fontsize=settings().font_size)
    ax.legend(loc="lower left", fontsize=settings().font_size * 0.8)
    return fig
