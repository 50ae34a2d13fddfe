"""Helpers of lesson 2 (``notebooks/02-tanh.ipynb``): a tiny network trained with the sigmoid and
with tanh in its hidden layer, the same data, starts and step size, and its loss curves.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

import activations

from ..figures import figure
from ..style import activation_style, settings, style_axes

__all__ = ["training_figure", "training_losses"]

#: The regression task: 41 inputs on [−2, 2] and the targets sin(πx/2).
TASK_X = np.linspace(-2.0, 2.0, 41)[:, None]
TASK_Y = np.sin(np.pi * TASK_X / 2.0)


def train_tiny_network(name: str, seed: int, steps: int = 300, learning_rate: float = 0.2,
                       hidden: int = 8) -> np.ndarray:
    r"""Train x → f(x W₁ + b₁) W₂ + b₂ (one hidden layer of ``hidden`` units, linear output) by
    full-batch gradient descent on the squared error; return the loss before every step and after the last.

    Loss :math:`L = \frac{1}{2n}\sum_i (\hat y_i - y_i)^2` on :data:`TASK_X`, :data:`TASK_Y`.
    The start depends only on ``seed``, not on ``name``: W₁ ~ N(0, 1) (fan_in = 1),
    W₂ ~ N(0, 1/hidden), biases 0.  f and f′ are the registry's.

    Examples
    --------
    >>> losses = train_tiny_network("tanh", seed=0, steps=10)
    >>> losses.shape, bool(losses[-1] < losses[0])
    ((11,), True)
    """
    entry = activations.ACTIVATIONS[name]
    rng = np.random.default_rng(seed)
    w1, b1 = rng.standard_normal((1, hidden)), np.zeros(hidden)
    w2, b2 = rng.standard_normal((hidden, 1)) / np.sqrt(hidden), np.zeros(1)
    losses = []
    for step in range(steps + 1):
        z = TASK_X @ w1 + b1
        h = entry.f(z)
        residual = h @ w2 + b2 - TASK_Y
        losses.append(0.5 * float(np.mean(residual * residual)))
        if step == steps:
            break
        upstream = residual / TASK_X.shape[0]                  # ∂L/∂ŷ
        delta = (upstream @ w2.T) * entry.df(z)                # ∂L/∂z
        w2, b2 = w2 - learning_rate * (h.T @ upstream), b2 - learning_rate * upstream.sum(axis=0)
        w1, b1 = w1 - learning_rate * (TASK_X.T @ delta), b1 - learning_rate * delta.sum(axis=0)
    return np.array(losses)


def training_losses(names=("sigmoid", "tanh"), seeds=range(10), steps: int = 300,
                    learning_rate: float = 0.2) -> dict[str, np.ndarray]:
    """Loss curves of :func:`train_tiny_network`: for each name an array (seeds × steps + 1).

    Examples
    --------
    >>> runs = training_losses(seeds=range(2), steps=5)
    >>> {name: curves.shape for name, curves in runs.items()}
    {'sigmoid': (2, 6), 'tanh': (2, 6)}
    """
    return {name: np.array([train_tiny_network(name, seed, steps, learning_rate) for seed in seeds])
            for name in names}


def training_figure(losses: dict[str, np.ndarray]) -> Figure:
    """Loss against step on a log scale: the median over starts (line) and the range from the best to
    the worst start (band), one colour, marker and line style per activation."""
    fig, ax = figure()
    style_axes(ax)
    dashes = {"sigmoid": "--", "tanh": "-"}
    for name, curves in losses.items():
        colour, marker = activation_style(name)
        steps = np.arange(curves.shape[1])
        title = activations.ACTIVATIONS[name].title
        ax.fill_between(steps, curves.min(axis=0), curves.max(axis=0), color=colour, alpha=0.25, linewidth=0,
                        label=f"{title}: best to worst of {curves.shape[0]} starts")
        ax.plot(steps, np.median(curves, axis=0), dashes.get(name, "-"), color=colour, marker=marker,
                markevery=max(1, steps.size // 10), markeredgecolor="#333333", linewidth=2.2,
                label=f"{title}: median loss")
    ax.set_yscale("log")
    ax.set_xlim(0, max(c.shape[1] for c in losses.values()) - 1)
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("training loss (mean squared error / 2)")
    ax.set_title("Fitting sin(πx/2) with 8 hidden units: same starts, same step size",
                 fontsize=settings().font_size)
    ax.legend(loc="upper right", fontsize=settings().font_size * 0.8)
    return fig
