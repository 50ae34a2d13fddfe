"""The gradient-flow explorer of lesson 9 (built by ``gradient_flow.gradient_flow_explorer``): per layer
of a random deep network, the forward second moment beside the gradient norm.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

import activations

from ..nets import HE_GAIN, XAVIER_GAIN, deep_network, layer_gradient_norms, layer_second_moments
from ..style import activation_style, line_kwargs, settings, style_axes
from ..widget import CanvasWidget, control

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


#: Line style and width of each activation in the explorer's two panels: lines that coincide (ReLU and
#: leaky ReLU, swish and GELU at small gains) stay apart by dash pattern, width and staggered markers.
LINE_STYLES = {"sigmoid": ("-", 2.2), "tanh": ("--", 2.2), "relu": ("-", 4.0), "leaky_relu": (":", 2.0),
               "elu": ("-.", 2.2), "swish": ((0, (6, 2)), 3.2), "gelu": (":", 2.0)}


def _log_limits(arrays) -> tuple[float, float]:
    """Decades that contain every positive finite value of ``arrays`` (at least two decades)."""
    values = np.concatenate([np.ravel(a) for a in arrays])
    values = values[np.isfinite(values) & (values > 0)]
    if not values.size:
        return 0.1, 10.0
    low, high = math.floor(math.log10(values.min()) - 0.2), math.ceil(math.log10(values.max()) + 0.2)
    return 10.0 ** low, 10.0 ** max(high, low + 2)


def _stagger(line, position: int, count: int, depth: int) -> None:
    """Put this line's markers at other layers than its neighbours' (every ``step``-th layer, shifted)."""
    step = max(count, depth // 4)
    line.set_markevery((position * step // count % step, step))


class GradientFlowExplorer(CanvasWidget):
    """Per layer of a random deep network: the forward second moment and the gradient norm, one line per
    activation.

    Build it with :func:`gradient_flow_explorer`.  ``controls`` holds the
    ``"depth"``, ``"width"`` and ``"gain"`` sliders; ``lines[name]`` the
    gradient lines and ``moment_lines[name]`` the forward lines (built once),
    ``norms[name]`` and ``moments[name]`` the values they show.
    """

    def __init__(self, depth: int = 20, width: int = 64, gain: float = XAVIER_GAIN,
                 names=GRADIENT_FLOW_ACTIVATIONS, batch: int = 64, seed: int = 0):
        unknown = [name for name in names if name not in activations.ACTIVATIONS]
        if unknown:
            raise ValueError(f"gradient_flow_explorer: unknown activation(s) {unknown}")
        self.names, self.batch, self.seed = tuple(names), batch, seed
        self.norms: dict[str, np.ndarray] = {}
        self.moments: dict[str, np.ndarray] = {}
        self.presets = {label: widgets.Button(description=f"{label}: g = {text}",
                                              layout=widgets.Layout(width="auto"))
                        for label, text in (("Xavier/Glorot", "1"), ("He", "√2 ≈ 1.41"))}
        self.presets["Xavier/Glorot"].on_click(lambda _: self._set_gain(XAVIER_GAIN))
        self.presets["He"].on_click(lambda _: self._set_gain(HE_GAIN))
        figure, (self.moment_axis, self.axis), self.title = self._make_figure()
        self.moment_lines = self._make_lines(self.moment_axis)
        self.lines = self._make_lines(self.axis)
        figure.legend(handles=list(self.lines.values()), loc="lower center", ncol=4, frameon=False,
                      fontsize=settings().font_size * 0.85, handlelength=3.5)
        controls = self._make_controls(depth, width, gain)
        rows = [controls["depth"], controls["width"],
                widgets.HBox([controls["gain"], *self.presets.values()], layout=widgets.Layout(flex_flow="row wrap"))]
        super().__init__(figure, controls, [*self.lines.values(), *self.moment_lines.values(), self.title],
                         rows=rows)

    def _make_controls(self, depth: int, width: int, gain: float) -> dict:
        return {
            "depth": control(widgets.IntSlider, "depth (layers)", value=depth, min=2, max=50, step=1,
                             continuous_update=False),
            "width": control(widgets.IntSlider, "width (units)", value=width, min=16, max=128, step=16,
                             continuous_update=False),
            "gain": control(widgets.FloatSlider, "gain g (weight std = g/√fan_in)", value=gain, min=0.25,
                            max=3.0, step=0.01, readout_format=".2f"),
        }

    def _make_figure(self):
        from matplotlib.ticker import MaxNLocator

        current = settings()
        fig = Figure(figsize=(current.figsize[0] * 1.4, current.figsize[1] * 1.1), dpi=current.dpi)
        axes = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.08, right=0.98, top=0.86, bottom=0.27, wspace=0.28)
        for ax, label, title in zip(axes, ("mean of hₗ²  (log scale)", "‖∂ℒ/∂zₗ‖  (log scale)"),
                                    ("forward: the signal's second moment", "backward: the gradient"),
                                    strict=True):
            style_axes(ax)
            ax.set_yscale("log")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlabel("layer l (1 = next to the input)")
            ax.set_ylabel(label)
            ax.set_title(title, fontsize=current.font_size * 0.95)
        return fig, axes, fig.suptitle("", fontsize=current.font_size)

    def _make_lines(self, ax) -> dict:
        lines = {}
        for name in self.names:
            style, width = LINE_STYLES.get(name, ("-", 2.2))
            kwargs = {**line_kwargs(name, style, None), "linewidth": width}
            lines[name] = ax.plot([], [], **kwargs, label=activations.ACTIVATIONS[name].title)[0]
        return lines

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
        for position, name in enumerate(self.names):
            self.norms[name] = layer_gradient_norms(name, network)
            self.moments[name] = layer_second_moments(name, network)
            for line, values in ((self.lines[name], self.norms[name]), (self.moment_lines[name], self.moments[name])):
                line.set_data(layers, np.where(values > 0, values, np.nan))   # log axes cannot show 0
                _stagger(line, position, len(self.names), depth)
        limits = [((0.5, depth + 0.5), _log_limits(values.values())) for values in (self.moments, self.norms)]
        axes = (self.moment_axis, self.axis)
        background_changed = any(limit != (ax.get_xlim(), ax.get_ylim()) for limit, ax in zip(limits, axes,
                                                                                              strict=True))
        for (xlim, ylim), ax in zip(limits, axes, strict=True):
            ax.set_xlim(*xlim)
            ax.set_ylim(*ylim)
        self.title.set_text(f"Depth {depth}, width {width}, weight std = {gain:.2f}/√{width} ({_init_name(gain)})")
        self._update_readout(depth, width, gain)
        return background_changed

    def _update_readout(self, depth: int, width: int, gain: float) -> None:
        cells = []
        for name in self.names:
            norms, moments = self.norms[name], self.moments[name]
            ratio = norms[0] / norms[-1] if norms[-1] > 0 else float("nan")
            colour, _ = activation_style(name)
            cells.append(f"<tr><td><span style='color:{colour}'>■</span> {activations.ACTIVATIONS[name].title}</td>"
                         f"<td style='text-align:right'>{moments[-1]:.1e}</td>"
                         f"<td style='text-align:right'>{ratio:.1e}</td><td>{_trend(ratio)}</td></tr>")
        self.readout.value = (
            f"<div>weight std = g/√fan_in = {gain:.2f}/√{width} = {self.weight_std:.4f} &nbsp;·&nbsp; "
            f"Xavier/Glorot is g = 1 ({XAVIER_GAIN / math.sqrt(width):.4f}), He is g = √2 "
            f"({HE_GAIN / math.sqrt(width):.4f}) &nbsp;·&nbsp; this is {_init_name(gain)}</div>"
            f"<table><tr><th style='text-align:left'>activation</th><th>mean h_{depth}²</th>"
            f"<th>‖δ₁‖ / ‖δ_{depth}‖</th><th></th></tr>{''.join(cells)}</table>")

    # -- display ------------------------------------------------------------

    def snapshot_text(self) -> str:
        depth, width, gain = (self.controls[key].value for key in ("depth", "width", "gain"))
        return (f"Gradient-flow explorer: depth {depth}, width {width}, weight std = {gain:.2f}/√{width} "
                f"({_init_name(gain)}); left, the mean of hₗ² per layer; right, ‖∂ℒ/∂zₗ‖ per layer")
