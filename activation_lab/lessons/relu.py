"""Helpers of lesson 3 (``notebooks/03-relu.ipynb``), also used by lesson 4: one unit trained by
gradient descent from a starting bias (the dead-unit demo), and the supporting lines at the kink.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple

import activations

from ..figures import figure, nice_limits, parameter_sweep
from ..style import DERIVATIVE_STYLE, FUNCTION_STYLE, PALETTE, format_number, settings, style_axes
from ..widget import CanvasWidget, control, parameter_control

__all__ = ["DEAD_UNIT_TARGETS", "DEAD_UNIT_X", "dead_unit_demo", "supporting_lines_figure", "train_unit"]

#: Data of the dead-unit demo (lessons 3 and 4): 41 inputs on [−2, 2] and the targets of a
#: "teacher" unit relu(1.5 x + 0.5) that the student unit f(w x + b) should learn.
DEAD_UNIT_X = np.linspace(-2.0, 2.0, 41)
DEAD_UNIT_TARGETS = np.maximum(1.5 * DEAD_UNIT_X + 0.5, 0.0)


def dead_bias_threshold(weight):
    r"""The largest starting bias b₀ for which relu(w₀x + b₀) is dead on :data:`DEAD_UNIT_X`.

    z = w₀x + b₀ is linear in x, so its largest value on [a, b] is max(w₀a, w₀b) + b₀; the unit is
    dead when that is at most 0 (at exactly 0 the convention relu′(0) = 0 gives no gradient either):
    :math:`b_0 \le -\max(w_0 a, w_0 b)`, which for [a, b] = [−2, 2] is −2|w₀|.

    Examples
    --------
    >>> float(dead_bias_threshold(0.5)), float(dead_bias_threshold(-1.0))
    (-1.0, -2.0)
    """
    weight = np.asarray(weight, dtype=float)
    return -np.maximum(weight * DEAD_UNIT_X[0], weight * DEAD_UNIT_X[-1])


@dataclass
class UnitTraining:
    """The record of :func:`train_unit`: w, b and the loss before every step and after the last,
    and the gradients used at every step."""

    name: str
    params: dict
    weights: np.ndarray
    biases: np.ndarray
    losses: np.ndarray
    weight_gradients: np.ndarray
    bias_gradients: np.ndarray

    @property
    def steps(self) -> int:
        return len(self.weight_gradients)

    @property
    def active_at_start(self) -> int:
        """How many examples have a positive pre-activation w₀x + b₀ at the start."""
        return int(np.count_nonzero(self.weights[0] * DEAD_UNIT_X + self.biases[0] > 0.0))

    @property
    def active_counts(self) -> np.ndarray:
        """How many examples have a positive pre-activation w x + b, before every step and after the last."""
        z = self.weights[:, None] * DEAD_UNIT_X + self.biases[:, None]
        return np.count_nonzero(z > 0.0, axis=1)

    @property
    def zero_gradient_steps(self) -> int:
        """Steps at which both gradients were exactly 0 (no update at all)."""
        return int(np.count_nonzero((self.weight_gradients == 0.0) & (self.bias_gradients == 0.0)))

    @property
    def status(self) -> str:
        """"dead" (no gradient at any step), "learned" (loss below 1e-4), "revived" (no example had
        z > 0 at the start, some have at the end, loss still above 1e-4) or "alive" (a gradient, but
        the loss is still above 1e-4)."""
        if self.steps and self.zero_gradient_steps == self.steps and self.losses[-1] > 0.0:
            return "dead"
        if self.losses[-1] < 1e-4:
            return "learned"
        return "revived" if self.active_at_start == 0 and self.active_counts[-1] > 0 else "alive"


def train_unit(name: str = "relu", bias: float = -1.5, weight: float = 0.5, steps: int = 300,
               learning_rate: float = 0.3, **params) -> UnitTraining:
    r"""Train one unit h = f(w x + b) by gradient descent on the demo data; record every step.

    Loss :math:`L = \frac{1}{2n}\sum_i (f(w x_i + b) - y_i)^2` on :data:`DEAD_UNIT_X`,
    :data:`DEAD_UNIT_TARGETS`.  With :math:`\delta_i = (f(z_i) - y_i)\, f'(z_i) / n`
    the gradients are :math:`\partial L/\partial w = \sum_i \delta_i x_i` and
    :math:`\partial L/\partial b = \sum_i \delta_i`; f′ is the module's derivative.

    Examples
    --------
    >>> train_unit("relu", bias=-1.5).status      # z = 0.5x − 1.5 < 0 for every x in [−2, 2]
    'dead'
    >>> train_unit("relu", bias=0.0).status
    'learned'
    """
    entry = activations.ACTIVATIONS[name]
    params = {**entry.defaults, **params}
    x, y = DEAD_UNIT_X, DEAD_UNIT_TARGETS
    w, b = float(weight), float(bias)
    weights, biases, losses, weight_gradients, bias_gradients = [], [], [], [], []
    for step in range(steps + 1):
        z = w * x + b
        residual = entry.f(z, **params) - y
        weights.append(w)
        biases.append(b)
        losses.append(0.5 * float(np.mean(residual * residual)))
        if step == steps:
            break
        delta = residual * entry.df(z, **params) / x.size            # ∂L/∂z_i
        grad_w, grad_b = float(np.sum(delta * x)), float(np.sum(delta))
        weight_gradients.append(grad_w)
        bias_gradients.append(grad_b)
        w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
    return UnitTraining(name, params, *(np.array(v) for v in (weights, biases, losses, weight_gradients,
                                                               bias_gradients)))


class DeadUnitDemo(CanvasWidget):
    """One unit trained by gradient descent from a starting bias b₀ set with a slider.

    Build it with :func:`dead_unit_demo`.  ``controls`` holds ``"bias"`` and one
    slider per parameter of the activation; ``lines`` the artists (built once);
    ``training`` the current :class:`UnitTraining`.
    """

    BIAS_RANGE = (-3.0, 2.0)

    def __init__(self, name: str = "relu", bias: float = -1.5, steps: int = 300, learning_rate: float = 0.3,
                 **params):
        self.entry = activations.ACTIVATIONS[name]
        self.steps, self.learning_rate = steps, learning_rate
        self.grid = np.linspace(DEAD_UNIT_X[0], DEAD_UNIT_X[-1], 401)      # the curves; the data are DEAD_UNIT_X
        self.training: UnitTraining | None = None
        self._legend_labels: tuple | None = None
        controls = {"bias": control(widgets.FloatSlider, "starting bias b₀", value=bias, min=self.BIAS_RANGE[0],
                                    max=self.BIAS_RANGE[1], step=0.1, readout_format=".1f",
                                    continuous_update=False)}
        for param in self.entry.plot_parameters:
            controls[param.name] = parameter_control(param, params.get(param.name), continuous_update=False,
                                                     tooltip=f"{self.entry.title}: {param.description}")
        figure, self.axes, self.lines = self._make_figure()
        moving = [line for name, line in self.lines.items() if name != "targets"]
        super().__init__(figure, controls, moving)

    @property
    def params(self) -> dict:
        return {p.name: self.controls[p.name].value for p in self.entry.plot_parameters}

    def _make_figure(self):
        current = settings()
        fig = Figure(figsize=(current.figsize[0] * 1.35, current.figsize[1] * 0.8), dpi=current.dpi,
                     layout="constrained")
        ax_fit, ax_loss = fig.subplots(1, 2, width_ratios=(1.25, 1.0))
        style_axes(ax_fit, zero_lines=True)
        style_axes(ax_loss)
        lines = {
            "targets": ax_fit.plot(DEAD_UNIT_X, DEAD_UNIT_TARGETS, "o", color=PALETTE["muted"], markersize=5,
                                   markerfacecolor="none", label="targets y = relu(1.5x + 0.5)")[0],
            "active": ax_fit.plot([], [], "o", color=PALETTE["tangent"], markersize=5)[0],
            "z": ax_fit.plot([], [], ":", color=PALETTE["muted"], linewidth=1.8,
                             label="pre-activation z = w₀x + b₀ at the start")[0],
            "start": ax_fit.plot([], [], FUNCTION_STYLE, color=PALETTE["accent"], linewidth=5.0, alpha=0.6,
                                 solid_capstyle="butt")[0],
            "end": ax_fit.plot([], [], DERIVATIVE_STYLE, color=PALETTE["function"], linewidth=2.0)[0],
            "loss": ax_loss.plot([], [], FUNCTION_STYLE, color=PALETTE["derivative"], linewidth=2.2)[0],
        }
        ax_fit.set_xlabel("input x")
        ax_fit.set_ylabel("y, unit output h = f(z), and z")
        ax_fit.set_title(f"One {self.entry.title} unit learning y = relu(1.5x + 0.5)", fontsize=current.font_size)
        ax_loss.set_xlabel("gradient-descent step")
        ax_loss.set_ylabel("loss L (log scale)")
        ax_loss.set_title("Loss during training", fontsize=current.font_size)
        self._set_limits(ax_fit, ax_loss)
        return fig, (ax_fit, ax_loss), lines

    def _set_limits(self, ax_fit, ax_loss) -> None:
        """Limits that hold every slider position, so the axes never jump."""
        ends, losses = [DEAD_UNIT_TARGETS], []
        sweeps = parameter_sweep(self.entry, 3) if self.entry.plot_parameters else [{}]
        for params in sweeps:
            for bias in np.linspace(*self.BIAS_RANGE, 6):
                run = train_unit(self.entry.name, bias, steps=self.steps, learning_rate=self.learning_rate, **params)
                for w, b in ((run.weights[0], run.biases[0]), (run.weights[-1], run.biases[-1])):
                    ends.append(self.entry.f(w * DEAD_UNIT_X + b, **params))
                ends.append(run.weights[0] * DEAD_UNIT_X + run.biases[0])
                losses.append(run.losses)
        ax_fit.set_xlim(DEAD_UNIT_X[0] - 0.2, DEAD_UNIT_X[-1] + 0.2)
        ax_fit.set_ylim(*nice_limits(np.concatenate(ends)))
        ax_loss.set_xlim(0, self.steps)
        ax_loss.set_yscale("log")            # a flat dead loss and a fall by orders of magnitude both show
        # a unit that learns reaches losses between 1e-17 and 1e-7 within the run: all of its curve stays in view
        ax_loss.set_ylim(1e-18, 10.0 ** math.ceil(math.log10(np.concatenate(losses).max())))

    def _settings_text(self) -> str:
        return f"b₀ = {self.controls['bias'].value}, {self.params}"

    def _update(self, change) -> bool:
        params = self.params
        run = train_unit(self.entry.name, self.controls["bias"].value, steps=self.steps,
                         learning_rate=self.learning_rate, **params)
        self.training = run
        z_start = run.weights[0] * DEAD_UNIT_X + run.biases[0]
        active = z_start > 0.0
        self.lines["active"].set_data(DEAD_UNIT_X[active], DEAD_UNIT_TARGETS[active])
        grid = self.grid
        self.lines["z"].set_data(grid, run.weights[0] * grid + run.biases[0])
        self.lines["start"].set_data(grid, self.entry.f(run.weights[0] * grid + run.biases[0], **params))
        self.lines["end"].set_data(grid, self.entry.f(run.weights[-1] * grid + run.biases[-1], **params))
        self.lines["loss"].set_data(np.arange(run.steps + 1), run.losses)
        self.readout.value = f"<div style='font-size:{settings().font_scale:.2f}em'>{html.escape(self.summary())}</div>"
        return self._set_legend(run)

    def legend_entries(self, run: UnitTraining) -> list:
        """(artists, label) for every line drawn: the examples with z > 0 only when there are some, and
        one entry for the start and end curves when training did not move them (they coincide)."""
        entries = [(self.lines["targets"], self.lines["targets"].get_label())]
        if run.active_at_start:
            entries.append((self.lines["active"], f"the {run.active_at_start} examples with z > 0 at the start"))
        entries.append((self.lines["z"], self.lines["z"].get_label()))
        if run.weights[-1] == run.weights[0] and run.biases[-1] == run.biases[0]:
            entries.append(((self.lines["start"], self.lines["end"]),
                            f"unit output h at the start = after {run.steps} steps (unchanged)"))
        else:
            entries += [(self.lines["start"], "unit output h at the start"),
                        (self.lines["end"], f"unit output h after {run.steps} steps")]
        return entries

    def _set_legend(self, run: UnitTraining) -> bool:
        """Rebuild the legend when what it must name changed; True when it did (a background change)."""
        entries = self.legend_entries(run)
        labels = tuple(label for _artist, label in entries)
        if labels == self._legend_labels:
            return False
        self._legend_labels = labels
        legend = self.axes[0].legend([artist for artist, _label in entries], list(labels), loc="upper left",
                                     fontsize=settings().font_size * 0.8, handler_map={tuple: HandlerTuple(ndivide=1)})
        legend.set_in_layout(False)         # a new legend must not move the axes: one draw settles the frame
        return True

    def summary(self) -> str:
        """What happened, in words and numbers (also the text form of the widget)."""
        run = self.training
        shown = "".join(f", {k} = {v:g}" for k, v in run.params.items())
        revived = f"z > 0 for no example at the start and for {run.active_counts[-1]} now"
        verdict = {"dead": "DEAD: the gradient was exactly 0 at every step, so w and b never changed",
                   "learned": "the unit learned the targets" + (f" ({revived})" if run.active_at_start == 0 else ""),
                   "revived": f"REVIVED ({revived}), but the loss is still above 1e-4",
                   "alive": "alive (it gets a gradient) but the loss is still above 1e-4"}[run.status]
        return (f"{self.entry.title}{shown}, w₀ = {run.weights[0]:g}, b₀ = {run.biases[0]:.1f}: "
                f"z > 0 for {run.active_at_start} of {DEAD_UNIT_X.size} examples at the start; "
                f"first gradients ∂L/∂w = {run.weight_gradients[0]:.4g}, ∂L/∂b = {run.bias_gradients[0]:.4g}. "
                f"After {run.steps} steps: w = {run.weights[-1]:.4g}, b = {run.biases[-1]:.4g}, "
                f"loss {run.losses[0]:.4g} → {run.losses[-1]:.4g}; {verdict}.")

    def snapshot_text(self) -> str:
        return f"Dead-unit demo: {self.summary()}"


def dead_unit_demo(name: str = "relu", bias: float = -1.5, **params) -> DeadUnitDemo:
    """A slider for the starting bias of one unit, its fit before and after training, and its loss.

    Examples
    --------
    >>> demo = dead_unit_demo("relu", bias=-1.5)
    >>> demo.training.status, demo.training.active_at_start
    ('dead', 0)
    >>> demo.controls["bias"].value = 0.0
    >>> demo.training.status
    'learned'
    >>> demo.close()
    """
    return DeadUnitDemo(name, bias, **params)


def supporting_lines_figure(slopes=(-0.4, 0.0, 0.3, 0.7, 1.0, 1.5), x_range=(-2.0, 2.0)) -> Figure:
    """ReLU with lines g·x through the kink: solid where the line stays below the graph (g is a
    subgradient at 0), dotted where it crosses above."""
    x = np.linspace(*x_range, 401)
    fig, ax = figure()
    style_axes(ax, zero_lines=True)
    ax.plot(x, activations.relu(x), FUNCTION_STYLE, color=PALETTE["muted"], linewidth=8.0, alpha=0.55,
            solid_capstyle="butt", label="relu(x)", zorder=1)
    colours = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000")
    for colour, slope in zip(colours, slopes, strict=False):
        below = bool(np.all(slope * x <= activations.relu(x)))
        ax.plot(x, slope * x, "-" if below else ":", color=colour, linewidth=2.0, zorder=2,
                label=f"g = {format_number(slope)}: " + ("stays below, a subgradient" if below
                                                         else "crosses above, not a subgradient"))
    ax.set_xlim(*x_range)
    ax.set_ylim(-1.0, 2.2)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title("Lines g·x through the kink: relu(x) ≥ g·x for all x exactly when 0 ≤ g ≤ 1",
                 fontsize=settings().font_size)
    ax.legend(loc="upper left", fontsize=settings().font_size * 0.85)
    return fig
