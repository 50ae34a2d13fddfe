"""Helpers of lesson 9 (``notebooks/09-gradient-flow.ipynb``): the gradient-flow explorer of a deep
random network, second moments under a standard normal input, a training curve, dead units after a
bad step, gradient checks in float32 and float64, and the references of the lesson's exercises.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

import activations

from ..nets import (
    HE_GAIN,
    XAVIER_GAIN,
    backprop_check,
    forward_second_moments,
    gradient_norms,
    mlp_backward,
    mlp_forward,
    random_network,
    regression_task,
    squared_error,
    train_mlp,
)
from ..style import PALETTE, activation_style, line_kwargs
from ._flow_explorer import GRADIENT_FLOW_ACTIVATIONS, LINE_STYLES, GradientFlowExplorer

__all__ = ["GRADIENT_FLOW_ACTIVATIONS", "HE_GAIN", "XAVIER_GAIN", "activation_style", "backprop_check",
           "backward_step_example", "bias_shift_batch", "central_difference", "dead_unit_fraction",
           "derivative_from_output", "forward_second_moments", "gradient_flow_explorer", "gradient_norms",
           "mlp_backward", "mlp_forward", "one_step_pre_activations", "random_network",
           "regression_task", "second_moment", "second_moment_of_derivative", "train_mlp",
           "training_curves_figure", "zero_gradient_fraction"]


def gradient_flow_explorer(depth: int = 20, width: int = 64, gain: float = XAVIER_GAIN,
                           names=GRADIENT_FLOW_ACTIVATIONS) -> GradientFlowExplorer:
    """Sliders for depth, width and initialisation gain; per activation, two lines: the mean of hₗ²
    (forward) and ‖∂ℒ/∂zₗ‖ (backward) at each layer l.

    The weights are N(0, (g/√width)²): g = 1 is Xavier/Glorot, g = √2 is He.
    Everything is seeded, so the same settings always give the same picture.

    Examples
    --------
    >>> explorer = gradient_flow_explorer(depth=10, width=32, gain=HE_GAIN)
    >>> explorer.controls["depth"].value = 12
    >>> len(explorer.lines["relu"].get_xdata())
    12
    >>> explorer.close()
    """
    return GradientFlowExplorer(depth, width, gain, names)


def backward_step_example():
    """``(W, delta_next)`` for the backward-step exercise: W (8 × 6) maps the 8 outputs h of a tanh
    layer to the next layer's 6 pre-activations (z_next = h W + b, h a row), and delta_next = ∂ℒ/∂z_next."""
    rng = np.random.default_rng(92)
    return rng.standard_normal((8, 6)) / math.sqrt(8.0), rng.standard_normal(6)


def backward_step_reference(z):
    """∂ℒ/∂z for the backward-step exercise: (δ_next Wᵀ) ⊙ tanh′(z) (the exercise's reference)."""
    weights, delta_next = backward_step_example()
    return (delta_next @ weights.T) * activations.tanh_derivative(z)


_SECOND_MOMENTS: dict[str, float] = {}


def second_moment(name: str, **params) -> float:
    r"""E[f(Z)²] for a standard normal Z, by numerical integration of the module's f.

    .. math:: \mathbb{E}[f(Z)^2] = \int f(z)^2 \frac{e^{-z^2/2}}{\sqrt{2\pi}}\,dz

    Examples
    --------
    >>> round(second_moment("relu"), 12)      # half of Var(Z) = 1: why He has a 2
    0.5
    """
    from scipy import integrate

    key = f"{name}{sorted(params.items())}"
    if key not in _SECOND_MOMENTS:
        entry = activations.ACTIVATIONS[name]

        def integrand(z):
            return float(entry.f(z, **params)) ** 2 * math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)

        halves = [integrate.quad(integrand, low, high, epsabs=1e-14, epsrel=1e-12)[0]
                  for low, high in ((-math.inf, 0.0), (0.0, math.inf))]     # split at the kink of relu & co.
        _SECOND_MOMENTS[key] = sum(halves)
    return _SECOND_MOMENTS[key]


def variance_preserving_std(fan_in, name: str, **params):
    """Weight std with fan_in · Var(W) · E[f(Z)²] = 1: for ReLU, He's sqrt(2 / fan_in)."""
    return 1.0 / np.sqrt(np.asarray(fan_in, dtype=float) * second_moment(name, **params))


def leaky_relu_gain(alpha):
    r"""The gain :math:`g = 1/\sqrt{\mathbb{E}[f(Z)^2]}` that keeps the forward second moment of a leaky ReLU
    layer with slope ``alpha`` (one value per element of ``alpha``), by numerical integration.

    Examples
    --------
    >>> round(float(leaky_relu_gain(np.array([0.0]))[0] ** 2), 10)      # ReLU: He's g² = 2
    2.0
    """
    return np.array([1.0 / math.sqrt(second_moment("leaky_relu", alpha=float(a))) for a in np.ravel(alpha)])


def second_moment_of_derivative(name: str, **params) -> float:
    r"""E[f′(Z)²] for a standard normal Z: the backward twin of :func:`second_moment`.

    .. math:: \mathbb{E}[f'(Z)^2] = \int f'(z)^2 \frac{e^{-z^2/2}}{\sqrt{2\pi}}\,dz

    Examples
    --------
    >>> round(second_moment_of_derivative("relu"), 12)     # relu′ is 1 on half of the line
    0.5
    """
    from scipy import integrate

    entry = activations.ACTIVATIONS[name]

    def integrand(z):
        return float(entry.df(z, **params)) ** 2 * math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)

    return sum(integrate.quad(integrand, low, high, epsabs=1e-14, epsrel=1e-12)[0]
               for low, high in ((-math.inf, 0.0), (0.0, math.inf)))


def central_difference(name: str, x: float, step: float, dtype=np.float64) -> float:
    r"""The central difference :math:`(f(x+h) - f(x-h))/2h`, every operation in ``dtype``.

    Examples
    --------
    >>> err32 = abs(central_difference("tanh", 0.5, 1e-3, np.float32) - activations.tanh_derivative(0.5))
    >>> err64 = abs(central_difference("tanh", 0.5, 1e-3, np.float64) - activations.tanh_derivative(0.5))
    >>> bool(err64 < 1e-6 < err32)
    True
    """
    f = activations.ACTIVATIONS[name].f
    x, h = dtype(x), dtype(step)
    return float((f(x + h) - f(x - h)) / (dtype(2) * h))


def derivative_from_output(name: str, output):
    """f′ computed from the stored output h = f(z) alone, as backward passes do: σ′ = s(1 − s),
    tanh′ = 1 − t², relu′ = 1 where h > 0 (and 0 where h = 0, the module's value at the kink).

    Examples
    --------
    >>> derivative_from_output("sigmoid", np.array([0.5]))
    array([0.25])
    """
    h = np.asarray(output, dtype=float)
    forms = {"sigmoid": lambda: h * (1.0 - h), "tanh": lambda: 1.0 - h * h, "relu": lambda: (h > 0.0) * 1.0}
    if name not in forms:
        raise ValueError(f"derivative_from_output: {name}′ cannot be written with its output alone here")
    return forms[name]()


def training_curves_figure(losses: dict, baseline: float | None = None) -> Figure:
    """Loss against step, one line per activation (``losses[name]`` from :func:`train_mlp`), log scale;
    ``baseline``, if given, is drawn as the loss of the best constant prediction."""
    from ..figures import figure

    fig, ax = figure()
    steps = np.arange(len(next(iter(losses.values()))))
    for position, (name, values) in enumerate(losses.items()):
        style, width = LINE_STYLES.get(name, ("-", 2.2))
        ax.plot(steps, values, **{**line_kwargs(name, style, (position * 20, 60)), "linewidth": min(width, 2.8)},
                label=activations.ACTIVATIONS[name].title)
    if baseline is not None:       # a wide pale band under the lines, so a curve lying on it stays visible
        ax.axhline(baseline, color=PALETTE["muted"], linewidth=7, alpha=0.45, zorder=1,
                   label="best constant prediction, ½ Var(y) (wide grey band)")
    ax.set_yscale("log")
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("training loss ℒ (log scale)")
    ax.legend(loc="lower left")
    return fig


def dead_unit_fraction(pre_activations) -> float:
    """Fraction of units (columns) whose pre-activation is ≤ 0 for every example (row) of the batch.

    Examples
    --------
    >>> dead_unit_fraction(np.array([[-1.0, 2.0, 0.0], [-3.0, -1.0, 0.0]]))
    0.6666666666666666
    """
    return float(np.mean(np.all(np.asarray(pre_activations) <= 0.0, axis=0)))


def zero_gradient_fraction(name: str, pre_activations, **params) -> float:
    """Fraction of units whose derivative f′(z) is exactly 0 for every example: units that cannot learn.

    Examples
    --------
    >>> z = np.array([[-1.0, 2.0], [-3.0, -1.0]])
    >>> zero_gradient_fraction("relu", z), zero_gradient_fraction("leaky_relu", z)
    (0.5, 0.0)
    """
    slopes = activations.ACTIVATIONS[name].df(np.asarray(pre_activations, dtype=np.float64), **params)
    return float(np.mean(np.all(slopes == 0.0, axis=0)))


def bias_shift_batch(seed: int = 3, batch: int = 256, inputs: int = 20, units: int = 100):
    """Pre-activations z = x W of one layer (standard-normal x, gain-1 weights: z has std ≈ 1).

    Subtracting a bias shift s gives the layer's pre-activations after a bad bias update.
    """
    weights, _ = random_network([inputs, units], gain=1.0, seed=seed)
    x = np.random.default_rng([seed, 1]).standard_normal((batch, inputs))
    return x @ weights[0]


def one_step_pre_activations(name: str, learning_rate: float, seed: int = 3, batch: int = 256,
                             inputs: int = 20, units: int = 100, **params):
    """Pre-activations of a hidden layer before and after one gradient step of size ``learning_rate``.

    A regression network h = f(x W + b), prediction h v (He-initialised W, b = 0,
    fixed v), inputs in [0, 1) (like pixel intensities; non-negative like the outputs of a ReLU layer)
    and targets 1 + sin(3 x₁) x₂; squared-error loss.  One step
    W ← W − η ∂ℒ/∂W, b ← b − η ∂ℒ/∂b with gradients from :func:`mlp_backward`.

    Returns
    -------
    (before, after) : arrays of shape (batch, units)
    """
    weights, biases = random_network([inputs, units], gain=HE_GAIN, seed=seed)
    data = np.random.default_rng([seed, 1])
    x = data.uniform(0.0, 1.0, (batch, inputs))
    targets = 1.0 + np.sin(3.0 * x[:, :1]) * x[:, 1:2]
    readout = data.standard_normal((units, 1)) / math.sqrt(units)
    zs, hs = mlp_forward(x, weights, biases, name, **params)
    _, prediction_gradient = squared_error(hs[-1] @ readout, targets)
    weight_gradients, bias_gradients, _ = mlp_backward(weights, zs, hs, prediction_gradient @ readout.T,
                                                       name, **params)
    after = x @ (weights[0] - learning_rate * weight_gradients[0]) + (biases[0] - learning_rate * bias_gradients[0])
    return zs[0], after
