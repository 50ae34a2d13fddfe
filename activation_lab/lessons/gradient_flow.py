"""Helpers of lesson 9 (``notebooks/09-gradient-flow.ipynb``): the gradient-flow explorer of a deep
random network, dead units after a bad step, and the references of the lesson's exercises.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

import activations

from ..nets import (
    HE_GAIN,
    XAVIER_GAIN,
    backprop_check,
    deep_network,
    gradient_norms,
    layer_gradient_norms,
    mlp_backward,
    mlp_forward,
    random_network,
    squared_error,
)
from ..style import FUNCTION_STYLE, activation_style, line_kwargs, settings, style_axes
from ..widget import CanvasWidget, control

__all__ = ["GRADIENT_FLOW_ACTIVATIONS", "HE_GAIN", "XAVIER_GAIN", "activation_style", "backprop_check",
           "backward_step_example", "bias_shift_batch", "dead_unit_fraction", "gradient_flow_explorer",
           "gradient_norms", "mlp_backward", "mlp_forward", "one_step_pre_activations", "second_moment",
           "zero_gradient_fraction"]

#: The activations compared in lesson 9 (softmax is an output layer, not a hidden one).
GRADIENT_FLOW_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish", "gelu")

def _init_name(gain: float) -> str:
    for reference, label in ((XAVIER_GAIN, "Xavier/Glorot"), (HE_GAIN, "He")):
        if abs(gain - reference) < 5e-3:
            return label
    return f"{gain / XAVIER_GAIN:.2f} × Xavier, {gain / HE_GAIN:.2f} × He"


def _trend(ratio: float) -> str:
    if not ratio > 0:
        return "exactly 0"
    if ratio < 1e-6:
        return "vanished"
    if ratio < 0.1:
        return "shrinks"
    return "stable" if ratio <= 10 else "explodes"


class GradientFlowExplorer(CanvasWidget):
    """The gradient norm per layer of a random deep network, one line per activation.

    Build it with :func:`gradient_flow_explorer`.  ``controls`` holds the
    ``"depth"``, ``"width"`` and ``"gain"`` sliders; ``lines[name]`` the
    artists (built once), ``norms[name]`` the values they show.
    """

    def __init__(self, depth: int = 20, width: int = 64, gain: float = XAVIER_GAIN,
                 names=GRADIENT_FLOW_ACTIVATIONS, batch: int = 64, seed: int = 0):
        unknown = [name for name in names if name not in activations.ACTIVATIONS]
        if unknown:
            raise ValueError(f"gradient_flow_explorer: unknown activation(s) {unknown}")
        self.names, self.batch, self.seed = tuple(names), batch, seed
        self.norms: dict[str, np.ndarray] = {}
        self.presets = {label: widgets.Button(description=f"{label}: g = {text}",
                                              layout=widgets.Layout(width="auto"))
                        for label, text in (("Xavier/Glorot", "1"), ("He", "√2 ≈ 1.41"))}
        self.presets["Xavier/Glorot"].on_click(lambda _: self._set_gain(XAVIER_GAIN))
        self.presets["He"].on_click(lambda _: self._set_gain(HE_GAIN))
        figure, self.axis, self.lines, self.note = self._make_figure()
        controls = self._make_controls(depth, width, gain)
        rows = [controls["depth"], controls["width"],
                widgets.HBox([controls["gain"], *self.presets.values()], layout=widgets.Layout(flex_flow="row wrap"))]
        super().__init__(figure, controls, [*self.lines.values(), self.axis.title, self.note], rows=rows)

    def _make_controls(self, depth: int, width: int, gain: float) -> dict:
        return {
            "depth": control(widgets.IntSlider, "depth (layers)", value=depth, min=2, max=50, step=1,
                             continuous_update=False),
            "width": control(widgets.IntSlider, "width (units)", value=width, min=16, max=128, step=16,
                             continuous_update=False),
            "gain": control(widgets.FloatSlider, "gain g (weight std = g/√width)", value=gain, min=0.25,
                            max=3.0, step=0.01, readout_format=".2f"),
        }

    def _make_figure(self):
        from matplotlib.ticker import MaxNLocator

        current = settings()
        fig = Figure(figsize=(current.figsize[0] * 1.3, current.figsize[1]), dpi=current.dpi)
        ax = fig.subplots()
        fig.subplots_adjust(left=0.1, right=0.77, top=0.92, bottom=0.11)
        style_axes(ax)
        ax.set_yscale("log")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("layer l (1 = next to the input; the gradient enters at the top layer and flows left)")
        ax.set_ylabel("‖∂ℒ/∂z_l‖  (log scale)")
        lines = {name: ax.plot([], [], **line_kwargs(name, FUNCTION_STYLE, None),
                               label=activations.ACTIVATIONS[name].title)[0] for name in self.names}
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                  fontsize=current.font_size * 0.85)
        note = fig.text(0.785, 0.12, "", fontsize=current.font_size * 0.85, va="bottom",
                        bbox={"facecolor": "white", "edgecolor": "#cccccc"})
        return fig, ax, lines, note

    # -- state --------------------------------------------------------------

    @property
    def settings(self) -> dict:
        """Current slider values: depth, width and gain."""
        return {key: control.value for key, control in self.controls.items()}

    @property
    def weight_std(self) -> float:
        return self.controls["gain"].value / math.sqrt(self.controls["width"].value)

    def _set_gain(self, gain: float) -> None:
        self.controls["gain"].value = gain

    # -- updates ------------------------------------------------------------

    def _settings_text(self) -> str:
        return f"settings {self.settings}"

    def _update(self, change) -> bool:
        depth, width, gain = (self.controls[key].value for key in ("depth", "width", "gain"))
        layers = np.arange(1, depth + 1)
        network = deep_network(depth, width, gain, self.batch, self.seed)     # the same for every activation
        for name in self.names:
            self.norms[name] = layer_gradient_norms(name, network)
            shown = np.where(self.norms[name] > 0, self.norms[name], np.nan)   # log axes cannot show 0
            self.lines[name].set_data(layers, shown)
        values = np.concatenate(list(self.norms.values()))
        values = values[np.isfinite(values) & (values > 0)]
        low, high = ((math.floor(math.log10(values.min()) - 0.2), math.ceil(math.log10(values.max()) + 0.2))
                     if values.size else (-1, 1))
        limits = ((0.5, depth + 0.5), (10.0 ** low, 10.0 ** max(high, low + 2)))
        background_changed = limits != (self.axis.get_xlim(), self.axis.get_ylim())
        self.axis.set_xlim(*limits[0])
        self.axis.set_ylim(*limits[1])
        self.axis.set_title(f"Gradient reaching each layer: depth {depth}, width {width}, "
                            f"weight std = {gain:.2f}/√{width} ({_init_name(gain)})",
                            fontsize=settings().font_size)
        self.note.set_text(f"weight std = g/√{width}\nnow: g = {gain:.2f}\nXavier/Glorot: g = 1\n"
                           f"He: g = √2 ≈ 1.41")
        self._update_readout(depth, width, gain)
        return background_changed

    def _update_readout(self, depth: int, width: int, gain: float) -> None:
        cells = []
        for name in self.names:
            norms = self.norms[name]
            ratio = norms[0] / norms[-1] if norms[-1] > 0 else float("nan")
            colour, _ = activation_style(name)
            cells.append(f"<tr><td><span style='color:{colour}'>■</span> {activations.ACTIVATIONS[name].title}</td>"
                         f"<td style='text-align:right'>{ratio:.1e}</td><td>{_trend(ratio)}</td></tr>")
        self.readout.value = (
            f"<div>weight std = g/√width = {gain:.2f}/√{width} = {self.weight_std:.4f} &nbsp;·&nbsp; "
            f"Xavier/Glorot is g = 1 ({XAVIER_GAIN / math.sqrt(width):.4f}), He is g = √2 "
            f"({HE_GAIN / math.sqrt(width):.4f}) &nbsp;·&nbsp; this is {_init_name(gain)}</div>"
            f"<table><tr><th style='text-align:left'>activation</th><th>‖δ₁‖ / ‖δ_{depth}‖</th><th></th></tr>"
            f"{''.join(cells)}</table>")

    # -- display ------------------------------------------------------------

    def snapshot_text(self) -> str:
        depth, width, gain = (self.controls[key].value for key in ("depth", "width", "gain"))
        return (f"Gradient-flow explorer: depth {depth}, width {width}, weight std = {gain:.2f}/√{width} "
                f"({_init_name(gain)})")


def gradient_flow_explorer(depth: int = 20, width: int = 64, gain: float = XAVIER_GAIN,
                           names=GRADIENT_FLOW_ACTIVATIONS) -> GradientFlowExplorer:
    """Sliders for depth, width and initialisation gain; one line per activation of ‖∂ℒ/∂z_l‖.

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
    layer to the next layer's 6 pre-activations (z_next = h @ W + b), and delta_next = ∂ℒ/∂z_next."""
    rng = np.random.default_rng(92)
    return rng.standard_normal((8, 6)) / math.sqrt(8.0), rng.standard_normal(6)


def backward_step_reference(z):
    """∂ℒ/∂z for the backward-step exercise: (W @ δ_next) ⊙ tanh′(z) (the exercise's reference)."""
    weights, delta_next = backward_step_example()
    return (weights @ delta_next) * activations.tanh_derivative(z)


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


def variance_preserving_std(fan_in, name: str):
    """Weight std with fan_in · Var(W) · E[f(Z)²] = 1: for ReLU, He's sqrt(2 / fan_in)."""
    return 1.0 / np.sqrt(np.asarray(fan_in, dtype=float) * second_moment(name))


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
