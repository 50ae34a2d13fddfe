"""Helpers of lesson 0 (``notebooks/00-overview.ipynb``): every activation overlaid in one comparison
widget, with a checkbox per activation and the registry's sliders for their parameters, and the XOR
figure: what one hidden layer of ReLU units does to the four inputs.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

import activations

from ..figures import figure, gallery_figure, nice_limits, parameter_sweep, plot_grid
from ..style import (
    DERIVATIVE_STYLE,
    FUNCTION_STYLE,
    PALETTE,
    activation_style,
    format_number,
    line_kwargs,
    settings,
    style_axes,
)
from ..widget import CanvasWidget, control, parameter_control

__all__ = ["compare", "gallery_figure", "xor_figure"]

#: The four inputs of XOR, one per row, and XOR of each.
XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_TARGETS = np.array([0.0, 1.0, 1.0, 0.0])

class Comparison(CanvasWidget):
    """Several activations overlaid: functions (solid, top panel) and derivatives (dashed, bottom).

    Build it with :func:`compare`.  ``checkboxes`` maps each registry name to
    its checkbox, ``controls`` holds ``"x_range"`` and one control per
    parameter (keyed ``(name, parameter)``), and ``lines[name]`` the
    activation's two artists, created once and shown or hidden.  Each panel
    has its own legend, listing every line it shows; ``legends`` holds them.
    """

    def __init__(self, selected=("sigmoid", "tanh", "relu"), x_range=(-5.0, 5.0), params=None,
                 n_points: int = 400):
        self.entries = dict(activations.ACTIVATIONS)
        params = params or {}
        unknown = sorted(set(selected) - set(self.entries)) + sorted(set(params) - set(self.entries))
        if unknown:
            raise ValueError(f"compare: unknown activation(s) {unknown}; choose from {list(self.entries)}")
        self.n_points = n_points
        self.checkboxes = {
            name: widgets.Checkbox(value=name in selected, description=entry.title, indent=False,
                                   layout=widgets.Layout(width="auto", margin="0 14px 0 0"))
            for name, entry in self.entries.items()}
        controls = self._make_controls(x_range, params)
        self._parameter_boxes = {
            name: widgets.VBox([controls[(name, p.name)] for p in entry.plot_parameters])
            for name, entry in self.entries.items() if entry.plot_parameters}
        figure, self.axes, self.lines = self._make_figure()
        self.legends = []
        rows = [widgets.HBox(list(self.checkboxes.values()), layout=widgets.Layout(flex_flow="row wrap")),
                controls["x_range"], *self._parameter_boxes.values()]
        super().__init__(figure, controls, self._all_lines(), rows=rows,
                         observed=[*self.checkboxes.values(), *controls.values()])

    # -- construction -------------------------------------------------------

    def _make_controls(self, x_range, params: dict) -> dict:
        low = min(entry.x_limits[0] for entry in self.entries.values())
        high = max(entry.x_limits[1] for entry in self.entries.values())
        controls = {"x_range": control(widgets.FloatRangeSlider, "x range", value=x_range, min=low, max=high,
                                       step=0.5, readout_format=".1f")}
        for name, entry in self.entries.items():
            for param in entry.plot_parameters:
                value = params.get(name, {}).get(param.name, param.default)
                controls[(name, param.name)] = parameter_control(param, value, label=f"{entry.title}: {param.name}",
                                                                 tooltip=f"{entry.title}: {param.description}")
        return controls

    def _make_figure(self):
        current = settings()
        fig = Figure(figsize=(current.figsize[0] * 1.3, current.figsize[1]), dpi=current.dpi)
        ax_f, ax_d = fig.subplots(2, 1, sharex=True)
        fig.subplots_adjust(left=0.08, right=0.74, top=0.93, bottom=0.1, hspace=0.08)
        for ax in (ax_f, ax_d):
            style_axes(ax, zero_lines=True)
        ax_f.set_ylabel("f(x)")
        ax_d.set_ylabel("f′(x)")
        ax_d.set_xlabel("x")
        ax_f.set_title("Activations (solid) and their derivatives (dashed)", fontsize=current.font_size * 1.1)
        lines = {}
        for index, name in enumerate(self.entries):
            every = (int(index * self.n_points / 40) % (self.n_points // 10), self.n_points // 10)
            lines[name] = {
                "function": ax_f.plot([], [], **line_kwargs(name, FUNCTION_STYLE, every))[0],
                "derivative": ax_d.plot([], [], **line_kwargs(name, DERIVATIVE_STYLE, every))[0],
            }
        return fig, (ax_f, ax_d), lines

    # -- state --------------------------------------------------------------

    @property
    def selected(self) -> list[str]:
        """Names of the activations currently shown, in registry order."""
        return [name for name, box in self.checkboxes.items() if box.value]

    @property
    def x_range(self) -> tuple[float, float]:
        low, high = self.controls["x_range"].value
        return float(low), float(high)

    def params(self, name: str) -> dict:
        """Current parameters of activation ``name``, as keyword arguments for the module."""
        return {p.name: self.controls[(name, p.name)].value for p in self.entries[name].plot_parameters}

    def label(self, name: str) -> str:
        """Legend text: the title and the parameters that differ from the registry's defaults."""
        entry = self.entries[name]
        changed = {k: v for k, v in self.params(name).items() if v != entry.defaults[k]}
        shown = ", ".join(f"{k}={v}" if isinstance(v, str) else f"{k}={v:g}" for k, v in changed.items())
        if not entry.elementwise:       # short enough for the legend beside the plot, with a parameter too
            return f"{entry.title} s₁ ({shown})" if changed else f"{entry.title} s₁(x, 0, …)"
        return f"{entry.title} ({shown})" if changed else entry.title

    # -- updates ------------------------------------------------------------

    def _update(self, change) -> bool:
        rescale = change is None or change["owner"] not in self._parameter_controls()
        low, high = self.x_range
        shown = self.selected
        for name, pair in self.lines.items():
            visible = name in shown
            for line in pair.values():
                line.set_visible(visible)
            if name in self._parameter_boxes:
                self._parameter_boxes[name].layout.display = "" if visible else "none"
            if visible:
                entry, params = self.entries[name], self.params(name)
                x = plot_grid(entry, low, high, self.n_points, **params)
                pair["function"].set_data(x, entry.f(x, **params))
                pair["derivative"].set_data(x, entry.df(x, **params))
                pair["function"].set_label(self.label(name))
                pair["derivative"].set_label(self.label(name))
        if rescale:
            self.axes[0].set_xlim(low, high)        # the x axis follows the slider even with nothing ticked
            if shown:
                self._set_limits(shown, low, high)
        self._update_legend(shown)
        self._update_readout(shown, low, high)
        return rescale

    def _settings_text(self) -> str:
        return ", ".join(self.selected) or "no activation"

    def _parameter_controls(self) -> list:
        return [control for key, control in self.controls.items() if key != "x_range"]

    def _all_lines(self) -> list:
        return [line for pair in self.lines.values() for line in pair.values()]

    def _set_limits(self, shown: list[str], low: float, high: float) -> None:
        """Limits that hold every shown curve for every parameter value, so parameter sliders never rescale."""
        x = np.linspace(low, high, 201)
        f_values, df_values = [], []
        for name in shown:
            entry = self.entries[name]
            for params in parameter_sweep(entry):
                f_values.append(entry.f(x, **params))
                df_values.append(entry.df(x, **params))
        self.axes[0].set_xlim(low, high)
        self.axes[0].set_ylim(*nice_limits(np.concatenate(f_values)))
        self.axes[1].set_ylim(*nice_limits(np.concatenate(df_values)))

    def _update_legend(self, shown: list[str]) -> None:
        """New legends for the shown curves, one per panel, drawn with the moving artists (their labels
        follow the sliders)."""
        for legend in self.legends:
            legend.remove()
        self.legends = []
        if shown:
            panels = ((self.axes[0], "function", "f (solid)"), (self.axes[1], "derivative", "f′ (dashed)"))
            for ax, kind, title in panels:
                legend = ax.legend(handles=[self.lines[name][kind] for name in shown], title=title,
                                   loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                                   fontsize=settings().font_size * 0.85, title_fontsize=settings().font_size * 0.85)
                legend.set_animated(True)
                self.legends.append(legend)
        self.moving = self._all_lines() + self.legends

    def _update_readout(self, shown: list[str], low: float, high: float) -> None:
        if not shown:
            self.readout.value = "<i>Tick at least one activation to plot it.</i>"
            return
        rows = []
        for name in shown:
            pair = self.lines[name]
            f, df = pair["function"].get_ydata(), pair["derivative"].get_ydata()
            colour, _ = activation_style(name)
            rows.append(
                f"<tr><td><span style='color:{colour}'>■</span> {html.escape(self.label(name))}</td>"
                f"<td>{format_number(np.nanmin(f))} … {format_number(np.nanmax(f))}</td>"
                f"<td>{format_number(np.nanmin(df))} … {format_number(np.nanmax(df))}</td></tr>")
        self.readout.value = (
            f"<table style='font-size:{settings().font_scale * 0.95:.2f}em'><tr><th style='text-align:left'>"
            f"on [{format_number(low)}, {format_number(high)}]</th><th>f from … to</th>"
            f"<th>f′ from … to</th></tr>{''.join(rows)}</table>")

    # -- display ------------------------------------------------------------

    MOVE_HINT = "tick activations and move the sliders"

    def snapshot_text(self) -> str:
        low, high = self.x_range
        shown = ", ".join(self.label(name) for name in self.selected) or "no activation"
        return f"Comparison of {shown} on [{low:g}, {high:g}]"


def compare(selected=("sigmoid", "tanh", "relu"), x_range=(-5.0, 5.0), params=None) -> Comparison:
    """Overlay activations and their derivatives; tick boxes to add or remove them.

    Parameters
    ----------
    selected : sequence of str
        Registry names shown at first (the others can be ticked later).
    x_range : (float, float)
        Plotted interval; the slider reaches the registry's widest ``x_limits``.
    params : dict, optional
        Starting parameters per activation, e.g. ``{"elu": {"alpha": 2.0}}``;
        each slider's range comes from the registry's :class:`activations.Parameter`.

    Examples
    --------
    >>> widget = compare(["relu", "elu"], x_range=(-3.0, 3.0), params={"elu": {"alpha": 2.0}})
    >>> widget.selected, widget.label("elu")
    (['relu', 'elu'], 'ELU (alpha=2)')
    >>> widget.checkboxes["relu"].value = False
    >>> widget.lines["relu"]["function"].get_visible()
    False
    >>> widget.close()
    """
    return Comparison(selected, x_range, params)


def xor_figure(hidden_weights, hidden_biases, output_weights) -> Figure:
    """XOR's four inputs (left) and their images h = relu(W₁x + b₁) in the hidden layer (right).

    No line separates the two classes on the left.  On the right, ``(0, 1)`` and
    ``(1, 0)`` land on the same point, and the line where the output
    ``output_weights · h`` equals ½ separates the classes.

    Examples
    --------
    >>> fig = xor_figure(np.ones((2, 2)), np.array([0.0, -1.0]), np.array([1.0, -2.0]))
    >>> [ax.get_title() for ax in fig.axes]
    ['inputs x', 'hidden layer h = relu(W₁x + b₁)']
    """
    hidden = activations.relu(XOR_INPUTS @ np.asarray(hidden_weights).T + np.asarray(hidden_biases))
    fig, (ax_in, ax_hidden) = figure(1, 2)
    fig.set_size_inches(settings().figsize[0] * 1.2, settings().figsize[1] * 0.72)
    for ax, points, labels in ((ax_in, XOR_INPUTS, ("x₁", "x₂")), (ax_hidden, hidden, ("h₁", "h₂"))):
        _plot_xor_classes(ax, points)
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        ax.set_aspect("equal", adjustable="box")
    ax_in.set_title("inputs x")
    ax_hidden.set_title("hidden layer h = relu(W₁x + b₁)")
    for point, image in zip(XOR_INPUTS, hidden, strict=True):
        ax_hidden.annotate(f"from ({point[0]:g}, {point[1]:g})", image, textcoords="offset points",
                           xytext=(6, 6 if point[0] <= point[1] else -14), fontsize=settings().font_size * 0.8)
    _plot_output_threshold(ax_hidden, np.asarray(output_weights), hidden)
    ax_in.set(xlim=(-0.4, 1.4), ylim=(-0.4, 1.4))
    ax_hidden.legend(loc="upper left", fontsize=settings().font_size * 0.8)
    ax_in.legend(loc="center", fontsize=settings().font_size * 0.8)
    return fig


def _plot_xor_classes(ax, points) -> None:
    for target, marker, colour in ((0.0, "o", PALETTE["function"]), (1.0, "s", PALETTE["derivative"])):
        chosen = points[XOR_TARGETS == target]
        ax.plot(chosen[:, 0], chosen[:, 1], linestyle="none", marker=marker, markersize=11, color=colour,
                markeredgecolor="#333333", label=f"XOR = {target:g}")


def _plot_output_threshold(ax, output_weights, hidden) -> None:
    """The line w · h = ½ in the hidden plane, across the points' range."""
    h1 = np.linspace(hidden[:, 0].min() - 0.5, hidden[:, 0].max() + 0.5, 2)
    h2 = (0.5 - output_weights[0] * h1) / output_weights[1]
    ax.plot(h1, h2, "--", color=PALETTE["tangent"], linewidth=2.0, label="where the output W₂h is ½")
    ax.set(xlim=(h1[0], h1[1]), ylim=(hidden[:, 1].min() - 0.6, hidden[:, 1].max() + 0.6))
