"""Helpers of lesson 8 (``notebooks/08-softmax.ipynb``): the softmax explorer (bars and the Jacobian
with respect to the slider logits as a heatmap, with temperature and shift), the figure of one logit
moving.  (``lab.check`` checks its exercises, also the two whose answers are batches of vectors or
matrices, through ``_softmax_checks``.)
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

import activations
from activations import softmax_line

from ..figures import figure
from ..style import DERIVATIVE_STYLE, FUNCTION_STYLE, PALETTE, format_number, settings, style_axes
from ..widget import CanvasWidget, control

__all__ = ["softmax_cross_terms_figure", "softmax_explorer", "softmax_line"]

_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"

class SoftmaxExplorer(CanvasWidget):
    """Softmax of a few logits as bars, and its Jacobian as an annotated heatmap.

    Build it with :func:`softmax_explorer`.  ``controls`` holds one slider per
    logit (``"x1"``, ``"x2"``, ...), ``"temperature"`` and ``"shift"``.  The
    plot shows s = softmax(z) for z = (x + c)/T and the Jacobian with respect
    to the slider logits, ∂s_i/∂x_j = s_i(δ_ij − s_j)/T (chain rule through
    z = (x + c)/T, with s_i(δ_ij − s_j) = ∂s_i/∂z_j from
    :func:`activations.softmax_derivative`).  Its colour scale is ±1/(4T),
    the largest value an entry can take.  ``bars``, ``bar_labels``, ``image``
    and ``cell_labels`` are the artists (built once); ``probabilities`` and
    ``jacobian`` (∂s/∂x) the values they show.
    """

    def __init__(self, logits=(2.0, 1.0, 0.1, -1.0), temperature: float = 1.0, shift: float = 0.0):
        logits = [float(v) for v in logits]
        if not 3 <= len(logits) <= 5:
            raise ValueError(f"softmax_explorer: give 3 to 5 logits, got {len(logits)}")
        self.size = len(logits)
        self.probabilities = np.full(self.size, np.nan)
        self.jacobian = np.full((self.size, self.size), np.nan)
        figure, self.axes = self._make_figure()
        moving = [*self.bars, *self.bar_labels, self.image, *(t for row in self.cell_labels for t in row),
                  self.suptitle]
        super().__init__(figure, self._make_controls(logits, temperature, shift), moving)

    # -- construction -------------------------------------------------------

    def _make_controls(self, logits, temperature: float, shift: float) -> dict:
        controls = {f"x{i + 1}": control(widgets.FloatSlider, f"logit x{_SUBSCRIPTS[i + 1]}", value=value,
                                         min=-6.0, max=6.0, step=0.1, readout_format=".1f")
                    for i, value in enumerate(logits)}
        controls["temperature"] = control(widgets.FloatSlider, "temperature T",
                                          "z = x / T: small T sharpens, large T flattens", value=temperature,
                                          min=0.1, max=5.0, step=0.05, readout_format=".2f")
        controls["shift"] = control(widgets.FloatSlider, "shift all logits by c",
                                    "adds c to every logit; softmax does not change", value=shift,
                                    min=-500.0, max=500.0, step=5.0, readout_format=".0f")
        return controls

    def _make_figure(self):
        current = settings()
        size = self.size
        fig = Figure(figsize=(current.figsize[0] * 1.45, current.figsize[1] * 0.85), dpi=current.dpi,
                     layout="constrained")
        ax_bars, ax_jac = fig.subplots(1, 2, width_ratios=(1.0, 1.15))
        style_axes(ax_bars)
        ax_bars.grid(False, axis="x")
        names = [f"s{_SUBSCRIPTS[i + 1]}" for i in range(size)]
        self.bars = list(ax_bars.bar(np.arange(size), np.zeros(size), width=0.65,
                                     color=PALETTE["function"], edgecolor="black", linewidth=0.8))
        self.bar_labels = [ax_bars.text(i, 0.0, "", ha="center", va="bottom", fontsize=current.font_size)
                           for i in range(size)]
        ax_bars.axhline(1.0 / size, color=PALETTE["muted"], linestyle=":", linewidth=1.2,
                        label=f"uniform 1/{size}")
        ax_bars.set_xticks(np.arange(size), names)
        ax_bars.set_ylim(0.0, 1.3)
        ax_bars.set_yticks(np.linspace(0.0, 1.0, 6))
        ax_bars.set_ylabel("probability")
        ax_bars.legend(loc="upper right", fontsize=current.font_size * 0.85)
        ax_bars.set_title("probabilities s = softmax(z)", fontsize=current.font_size * 1.05)

        self.image = ax_jac.imshow(np.zeros((size, size)), cmap="RdBu_r", vmin=-0.25, vmax=0.25)
        self.colour_limit = 0.25
        self.cell_labels = [[ax_jac.text(j, i, "", ha="center", va="center", fontsize=current.font_size * 0.9)
                             for j in range(size)] for i in range(size)]
        ax_jac.set_xticks(np.arange(size), [f"x{_SUBSCRIPTS[j + 1]}" for j in range(size)])
        ax_jac.set_yticks(np.arange(size), names)
        ax_jac.tick_params(labelsize=current.font_size * 0.9, top=True, labeltop=True,
                           bottom=False, labelbottom=False)
        ax_jac.set_title("Jacobian ∂sᵢ/∂xⱼ = sᵢ(δᵢⱼ − sⱼ) / T", fontsize=current.font_size * 1.05)
        colorbar = fig.colorbar(self.image, ax=ax_jac, shrink=0.85)
        colorbar.ax.tick_params(labelsize=current.font_size * 0.85)
        colorbar.set_label("∂sᵢ/∂xⱼ (scale ±1/(4T))", fontsize=current.font_size * 0.85)
        self.suptitle = fig.suptitle("", fontsize=current.font_size)
        return fig, (ax_bars, ax_jac)

    # -- state --------------------------------------------------------------

    @property
    def logits(self) -> np.ndarray:
        """The logits x set on the sliders (before shift and temperature)."""
        return np.array([self.controls[f"x{i + 1}"].value for i in range(self.size)], dtype=float)

    @property
    def inputs(self) -> np.ndarray:
        """What softmax receives: z = (x + c) / T."""
        return (self.logits + self.controls["shift"].value) / self.controls["temperature"].value

    # -- updates ------------------------------------------------------------

    def _settings_text(self) -> str:
        return f"logits {self.logits}"

    def _update(self, change) -> bool:
        z = self.inputs
        temperature = self.controls["temperature"].value
        s = np.asarray(activations.softmax(z), dtype=float)
        jacobian = np.asarray(activations.softmax_derivative(z), dtype=float) / temperature   # chain rule
        for bar, label, value in zip(self.bars, self.bar_labels, s, strict=True):
            bar.set_height(value)
            label.set_y(value + 0.01)
            label.set_text(f"{value:.3f}")
        limit = 0.25 / temperature
        self.image.set_data(jacobian)
        rescaled = limit != self.colour_limit
        if rescaled:
            self.image.set_clim(-limit, limit)
            self.colour_limit = limit
        for i in range(self.size):
            for j in range(self.size):
                value = jacobian[i, j]
                self.cell_labels[i][j].set_text(_signed(value))
                self.cell_labels[i][j].set_color("white" if abs(value) > 0.56 * limit else "black")
        shift = self.controls["shift"].value
        self.suptitle.set_text(f"z = (x + c) / T  with  c = {format_number(shift)},  T = {temperature:.2f}")
        self.probabilities, self.jacobian = s, jacobian
        self._update_readout(z, s, jacobian, temperature)
        return rescaled

    def _update_readout(self, z, s, jacobian, temperature: float) -> None:
        def vector(values):
            return "(" + ", ".join(format_number(round(float(v), 4) + 0.0) for v in values) + ")"

        column_sums = np.abs(jacobian.sum(axis=0)).max()
        self.readout.value = (
            f"<div>x + c = {vector(self.logits + self.controls['shift'].value)} &nbsp;·&nbsp; "
            f"z = {vector(z)}</div>"
            f"<div>s = {vector(s)} &nbsp;·&nbsp; Σ s = {s.sum():.6f} &nbsp;·&nbsp; "
            f"largest |column sum| of the heatmap: {column_sums:.1e}</div>"
            f"<div>heatmap: ∂s/∂x, the Jacobian with respect to the slider logits x, = (∂s/∂z) / T "
            f"(chain rule); largest entry {np.abs(jacobian).max():.4f} of ∂s/∂x, "
            f"{np.abs(jacobian).max() * temperature:.4f} of ∂s/∂z</div>")

    # -- display ------------------------------------------------------------

    def snapshot_text(self) -> str:
        return (f"Softmax explorer with {self.size} logits: s = "
                + ", ".join(f"{v:.4f}" for v in self.probabilities))




def _signed(value: float) -> str:
    """A Jacobian entry for a heatmap cell: 3 decimals, true minus sign, no "−0.000"."""
    if not np.isfinite(value):
        return "nan"
    text = f"{value:+.3f}"
    return text.replace("-", "−") if float(text) != 0.0 else "0.000"


def softmax_explorer(logits=(2.0, 1.0, 0.1, -1.0), temperature: float = 1.0,
                     shift: float = 0.0) -> SoftmaxExplorer:
    """Sliders for 3 to 5 logits, a temperature and a common shift; bars of softmax and its Jacobian.

    Examples
    --------
    >>> explorer = softmax_explorer(logits=(1.0, 0.0, 0.0))
    >>> explorer.controls["shift"].value = 100.0      # changes nothing
    >>> explorer.probabilities.round(4)
    array([0.5761, 0.2119, 0.2119])
    >>> explorer.close()
    """
    return SoftmaxExplorer(logits, temperature, shift)


def softmax_cross_terms_figure(classes: int = 3, x_range=(-6.0, 6.0)) -> Figure:
    """Vary the first of ``classes`` logits (the others at 0): the probabilities above, and below
    the whole first column of the Jacobian, ∂sᵢ/∂x₁ for every i, with its sum (0 for every x₁).

    The cross terms ∂s₂/∂x₁ = … = ∂s_K/∂x₁ coincide (their logits are all 0), so each gets its own
    line style or markers, and every line is in the legend.

    Examples
    --------
    >>> fig = softmax_cross_terms_figure(classes=3)
    >>> [line.get_label() for line in fig.axes[1].lines][-1]
    'column sum Σᵢ ∂sᵢ/∂x₁ (= 0)'
    """
    x = np.linspace(*x_range, 601)
    logits = softmax_line(x, classes)
    s = activations.softmax(logits)
    jacobian = activations.softmax_derivative(logits)
    fig, (ax_f, ax_d) = figure(2, 1, sharex=True)
    for ax in (ax_f, ax_d):
        style_axes(ax, zero_lines=True)
    size = settings().font_size
    _draw_probabilities(ax_f, x, s)
    _draw_first_column(ax_d, x, jacobian)
    ax_f.set_ylabel("probability")
    ax_d.set_ylabel("∂sᵢ/∂x₁")
    ax_d.set_xlabel(f"x₁ (the other {classes - 1} logits are 0)")
    ax_f.set_title(f"Softmax of {classes} logits as one logit moves", fontsize=size * 1.1)
    ax_f.set_ylim(-0.05, 1.05)
    ax_f.legend(loc="center right", fontsize=size * 0.85)
    ax_d.set_ylim(-0.3 / (classes - 1) - 0.02, 0.45)
    ax_d.legend(loc="upper left", fontsize=size * 0.85, ncol=2)
    return fig


_MARKERS = "osD^v"


def _draw_probabilities(ax, x, s) -> None:
    """s₁ solid; the other probabilities, equal to one another, told apart by style and markers."""
    ax.plot(x, s[:, 0], FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.4, label="s₁ (its own logit moves)")
    for i in range(1, s.shape[1]):
        ax.plot(x, s[:, i], linestyle="--" if i == 1 else "none", color=PALETTE["accent"], linewidth=2.0,
                marker=None if i == 1 else _MARKERS[i - 2], markevery=(8 * i, 60), markersize=6,
                markerfacecolor="none", label=f"s{_SUBSCRIPTS[i + 1]} (logit fixed at 0)")


def _draw_first_column(ax, x, jacobian) -> None:
    """∂s₁/∂x₁, each cross term ∂sᵢ/∂x₁ (coinciding curves: dashed, then markers) and the column sum."""
    ax.plot(x, jacobian[:, 0, 0], DERIVATIVE_STYLE, color=PALETTE["derivative"], linewidth=2.4,
            label="∂s₁/∂x₁ = s₁(1 − s₁)")
    for i in range(1, jacobian.shape[1]):
        name = _SUBSCRIPTS[i + 1]
        ax.plot(x, jacobian[:, i, 0], linestyle="-" if i == 1 else "none", color=PALETTE["tangent"], linewidth=2.0,
                marker=None if i == 1 else _MARKERS[i - 2], markevery=(8 * i, 60), markersize=6,
                markerfacecolor="none", label=f"∂s{name}/∂x₁ = −s{name}s₁")
    ax.plot(x, jacobian.sum(axis=1)[:, 0], ":", color=PALETTE["point"], linewidth=2.2,
            label="column sum Σᵢ ∂sᵢ/∂x₁ (= 0)")
