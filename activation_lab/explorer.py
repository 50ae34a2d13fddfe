"""The explorer of every lesson: one activation and its derivative, with the line through x₀ that you move.

Lessons 0–8 show it through :func:`explore`; its sliders come from the registry.  Away from a kink the
line is the tangent at x₀; at a kink (``properties_for(**params).kink``, always at x = 0) there is no
tangent, and the line drawn has the slope of the module's convention, labelled as such.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple

import activations

from .figures import plot_grid
from .style import DERIVATIVE_STYLE, FUNCTION_STYLE, PALETTE, format_number, settings, style_axes
from .widget import CanvasWidget, control, parameter_control

#: Legend text of the line through (x₀, f(x₀)): a tangent, or at a kink a line with the convention's slope.
LINE_LABELS = {
    "tangent": "tangent at x₀ (slope f′(x₀))",
    "supporting": "supporting line at the kink (slope = the convention's f′(0))",
    "crossing": "line with the convention's slope (not a tangent: it crosses the graph)",
}


def axis_limits(values, margin: float = 0.04, steps: int = 20, headroom: float = 0.0) -> tuple[float, float]:
    """Axis limits that hold ``values`` and 0, snapped outward to a 1-2-2.5-5 grid of about ``steps`` steps.

    ``headroom`` (a fraction of the values' span) is added at the top, for a legend above the curves.

    The limits depend only on the values, so they follow the parameters, and the snapping means
    that a small slider move usually leaves them unchanged.

    Examples
    --------
    >>> axis_limits(np.array([-0.4, 4.0]))
    (-0.75, 4.25)
    """
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    low = min(0.0, float(finite.min())) if finite.size else -1.0
    high = max(0.0, float(finite.max())) if finite.size else 1.0
    span = max(high - low, 1e-3)
    power = 10.0 ** math.floor(math.log10(span / steps))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= span / steps)
    low, high = low - margin * span, high + (margin + headroom) * span
    return (round(math.floor(low / step) * step, 12) + 0.0, round(math.ceil(high / step) * step, 12) + 0.0)


def fitted_limits(current, values, headroom: float = 0.0, fill: float = 0.7) -> tuple[float, float]:
    """``current`` limits while they hold ``values`` and the values fill at least ``fill`` of them;
    otherwise new :func:`axis_limits` with a 6 % margin, so that a slider dragged on does not
    change them again at the next step (each change redraws the whole figure).

    Examples
    --------
    >>> fitted_limits((-1.0, 5.0), np.array([-0.5, 4.0]))
    (-1.0, 5.0)
    >>> fitted_limits((-1.0, 5.0), np.array([-0.5, 1.0]))
    (-0.6, 1.1)
    """
    tight = axis_limits(values, headroom=headroom)
    if current is not None and current[0] <= tight[0] and tight[1] <= current[1] and (
            tight[1] - tight[0] >= fill * (current[1] - current[0])):
        return current
    return axis_limits(values, margin=0.06, headroom=headroom)


def _axis_labels(entry) -> tuple[str, str, str]:
    """Labels of the function, the derivative and the x axis; softmax is seen along its first logit."""
    if entry.elementwise:
        return "f(x)", "f′(x)", "x"
    return "s₁", "∂s₁/∂x₁", "x₁ (the other logits are 0)"


class Explorer(CanvasWidget):
    """Interactive plot of one activation and its derivative, with a movable line through x₀.

    Build it with :func:`explore`.  ``controls`` maps each parameter name,
    ``"x_range"`` and ``"x0"`` to its slider; setting a slider's ``value``
    (from Python or in the browser) updates the plot.  ``lines`` holds the
    artists, so tests can compare their data with the module.  The y-ranges
    follow the parameters and the x range (:func:`axis_limits`); a change of
    range or of the legend redraws the background, everything else blits.
    """

    #: Room above the derivative curve (a fraction of its span) for the legend of the lower panel.
    LEGEND_HEADROOM = 0.45

    def __init__(self, name: str, n_points: int = 400, **overrides):
        self.entry = activations.ACTIVATIONS[name]
        self.n_points = n_points
        self._limits = None
        self._legend_labels = None
        figure, self.axes, self.lines = self._make_figure()
        super().__init__(figure, self._make_controls(overrides), moving=list(self.lines.values()))
        self.add_class(f"explorer-{name}")

    # -- construction -------------------------------------------------------

    def _make_controls(self, overrides: dict) -> dict:
        controls = {param.name: parameter_control(param, overrides.get(param.name))
                    for param in self.entry.plot_parameters}
        low_limit, high_limit = self.entry.x_limits
        x_range = overrides.get("x_range", self.entry.x_range)
        controls["x_range"] = control(widgets.FloatRangeSlider, "x range", value=x_range, min=low_limit,
                                      max=high_limit, step=0.5, readout_format=".1f")
        x0 = overrides.get("x0", round((x_range[0] + x_range[1]) / 4.0, 2) or 0.5)
        controls["x0"] = control(widgets.FloatSlider, "x₀ (where the line touches)", value=x0,
                                 min=x_range[0], max=x_range[1], step=0.05, readout_format=".2f")
        return controls

    def _make_figure(self):
        current = settings()
        fig = Figure(figsize=current.figsize, dpi=current.dpi, layout="constrained")
        ax_f, ax_d = fig.subplots(2, 1, sharex=True)
        for ax in (ax_f, ax_d):
            style_axes(ax, zero_lines=True)
        f_label, df_label, x_label = _axis_labels(self.entry)
        ax_f.set_ylabel(f_label)
        ax_d.set_ylabel(df_label)
        ax_d.set_xlabel(x_label)
        ax_f.set_title(f"{self.entry.title}: function (solid) and derivative (dashed)",
                       fontsize=current.font_size * 1.1)
        lines = {
            "function": ax_f.plot([], [], FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.4,
                                  label=f_label)[0],
            "derivative": ax_d.plot([], [], DERIVATIVE_STYLE, color=PALETTE["derivative"],
                                    linewidth=2.4, label=df_label)[0],
            "tangent": ax_f.plot([], [], ":", color=PALETTE["tangent"], linewidth=2.0,
                                 label=LINE_LABELS["tangent"])[0],
            "point": ax_f.plot([], [], "o", color=PALETTE["point"], markersize=7, label="(x₀, f(x₀))")[0],
            "slope_point": ax_d.plot([], [], "s", color=PALETTE["point"], markersize=7)[0],
            "guide": ax_d.plot([], [], "-", color=PALETTE["accent"], linewidth=1.0)[0],
            "kink": ax_d.plot([], [], "o", color=PALETTE["derivative"], markersize=12, markerfacecolor="none",
                              markeredgewidth=2.0, label="f′(0) in code (a convention: no derivative)")[0],
        }
        return fig, (ax_f, ax_d), lines

    # -- state --------------------------------------------------------------

    @property
    def params(self) -> dict:
        """Current activation parameters, as keyword arguments for the module."""
        return {p.name: self.controls[p.name].value for p in self.entry.plot_parameters}

    @property
    def x0(self) -> float:
        """The slider's x₀, with rounding noise of the slider steps removed (so 0 is exactly 0.0)."""
        return round(float(self.controls["x0"].value), 9) + 0.0

    def has_kink(self, params: dict | None = None) -> bool:
        """True when the activation has a kink at 0 for these parameter values (default: the sliders')."""
        return bool(self.entry.properties_for(**(self.params if params is None else params)).kink)

    def at_kink(self) -> bool:
        """True when x₀ sits on the kink, where no derivative (and no tangent) exists."""
        return self.x0 == 0.0 and self.has_kink()

    def tangent_slope(self) -> float:
        """Slope of the drawn line through (x₀, f(x₀))."""
        (x_a, x_b), (y_a, y_b) = (self.lines["tangent"].get_xdata()[[0, -1]],
                                  self.lines["tangent"].get_ydata()[[0, -1]])
        return float((y_b - y_a) / (x_b - x_a))

    # -- updates ------------------------------------------------------------

    def _update(self, change) -> bool:
        source = None if change is None else change["owner"]
        if source is self.controls["x_range"]:
            self._follow_x_range()
        params = self.params
        low, high = self.controls["x_range"].value
        if source is not self.controls["x0"]:
            x = plot_grid(self.entry, low, high, self.n_points, **params)
            self.lines["function"].set_data(x, self.entry.f(x, **params))
            self.lines["derivative"].set_data(x, self.entry.df(x, **params))
            self._mark_kink(params, low, high)
        line_kind = self._move_line(params, low, high)
        limits_changed = self._set_limits(low, high)
        legend_changed = self._set_legends(line_kind, params, low, high)
        return limits_changed or legend_changed

    def _settings_text(self) -> str:
        return f"{self.params} (x₀ = {self.x0})"

    def _follow_x_range(self) -> None:
        low, high = self.controls["x_range"].value
        slider = self.controls["x0"]
        with slider.hold_trait_notifications():
            slider.min, slider.max = min(low, slider.min), max(high, slider.max)
            slider.value = min(max(slider.value, low), high)
            slider.min, slider.max = low, high

    def _mark_kink(self, params: dict, low: float, high: float) -> None:
        if self.has_kink(params) and low <= 0.0 <= high:
            self.lines["kink"].set_data([0.0], [float(self.entry.df(0.0, **params))])
        else:
            self.lines["kink"].set_data([], [])

    def _set_limits(self, low: float, high: float) -> bool:
        """y-ranges that hold the curves for the current parameters; True when they changed."""
        f_values = self.lines["function"].get_ydata()
        df_values = np.concatenate([self.lines["derivative"].get_ydata(), self.lines["kink"].get_ydata()])
        old = self._limits or ((None, None), None, None)
        limits = ((low, high), fitted_limits(old[1], f_values),
                  fitted_limits(old[2], df_values, headroom=self.LEGEND_HEADROOM))
        if limits == self._limits:
            return False
        self._limits = limits
        self.axes[0].set_xlim(low, high)
        self.axes[0].set_ylim(*limits[1])
        self.axes[1].set_ylim(*limits[2])
        return True

    def _line_kind(self, params: dict, slope: float, x: np.ndarray) -> str:
        """"tangent", or at the kink "supporting" (the line stays on or below the graph) or "crossing"."""
        if not self.at_kink():
            return "tangent"
        y0 = float(self.entry.f(0.0, **params))
        below = np.all(self.entry.f(x, **params) >= y0 + slope * x - 1e-12 * (1.0 + np.abs(x)))
        return "supporting" if below else "crossing"

    def _move_line(self, params: dict, low: float, high: float) -> str:
        x0 = self.x0
        y0 = float(self.entry.f(x0, **params))
        slope = float(self.entry.df(x0, **params))
        ends = np.array([low, high])
        kind = self._line_kind(params, slope, np.linspace(low, high, 201))
        self.lines["tangent"].set_data(ends, y0 + slope * (ends - x0))
        self.lines["point"].set_data([x0], [y0])
        self.lines["slope_point"].set_data([x0], [slope])
        self.lines["guide"].set_data([x0, x0], [0.0, slope])
        self.readout.value = (
            f"<span style='font-size:{settings().font_scale * 1.05:.2f}em'>"
            f"x₀ = {format_number(x0)} &nbsp;·&nbsp; f(x₀) = <b>{format_number(y0)}</b>"
            f" &nbsp;·&nbsp; {self._slope_words(params, slope)}</span>")
        return kind

    def _slope_words(self, params: dict, slope: float) -> str:
        if not self.at_kink():
            return f"f′(x₀) = slope of the tangent = <b>{format_number(slope)}</b>"
        left, right = (float(self.entry.df(side * 1e-12, **params)) for side in (-1.0, 1.0))
        return (f"no derivative here (the slope is {format_number(left)} from the left and "
                f"{format_number(right)} from the right); the convention gives f′(0) = "
                f"<b>{format_number(slope)}</b>, the slope of the line drawn")

    def _set_legends(self, line_kind: str, params: dict, low: float, high: float) -> bool:
        """Legends naming exactly what is drawn; True when they changed."""
        kink_shown = self.has_kink(params) and low <= 0.0 <= high
        slope_label = "slope of the line above (the convention)" if line_kind != "tangent" else "f′(x₀)"
        labels = (LINE_LABELS[line_kind], slope_label, kink_shown)
        if labels == self._legend_labels:
            return False
        self._legend_labels = labels
        size = settings().font_size * 0.85
        ax_f, ax_d = self.axes
        self.lines["tangent"].set_label(LINE_LABELS[line_kind])
        legends = [ax_f.legend(handles=[self.lines["function"], self.lines["tangent"], self.lines["point"]],
                               loc="upper left", fontsize=size)]
        handles = [self.lines["derivative"], (self.lines["slope_point"], self.lines["guide"])]
        names = ["f′(x)", slope_label]
        if kink_shown:
            handles.append(self.lines["kink"])
            names.append(self.lines["kink"].get_label())
        legends.append(ax_d.legend(handles, names, loc="upper left", fontsize=size,
                                   handler_map={tuple: HandlerTuple(ndivide=None)}))
        for legend in legends:
            legend.set_in_layout(False)     # a new legend must not move the axes: one draw settles the frame
        return True

    # -- display ------------------------------------------------------------

    def snapshot_text(self) -> str:
        return f"Interactive explorer for {self.entry.title}"


def explore(name: str, **overrides) -> Explorer:
    """Build the explorer for activation ``name`` (a key of ``ACTIVATIONS``).

    Keyword arguments override the registry's defaults: a parameter value,
    ``x_range=(low, high)`` or ``x0``.

    Examples
    --------
    >>> explorer = explore("elu", alpha=2.0, x0=-1.0)
    >>> sorted(explorer.controls)
    ['alpha', 'x0', 'x_range']
    >>> round(explorer.tangent_slope(), 6)   # elu'(-1) = 2 e^{-1}
    0.735759
    >>> explorer.close()
    """
    return Explorer(name, **overrides)
