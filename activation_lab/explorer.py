"""The explorer of every lesson: one activation and its derivative, with a tangent at x₀ you move.

Lessons 0–8 show it through :func:`explore`; its sliders come from the registry.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

import activations

from .figures import nice_limits, parameter_sweep, plot_grid
from .style import DERIVATIVE_STYLE, FUNCTION_STYLE, PALETTE, format_number, settings, style_axes
from .widget import CanvasWidget, control, parameter_control


def _axis_labels(entry) -> tuple[str, str, str]:
    """Labels of the function, the derivative and the x axis; softmax is seen along its first logit."""
    if entry.elementwise:
        return "f(x)", "f′(x)", "x"
    return "s₁", "∂s₁/∂x₁", "x₁ (the other logits are 0)"


class Explorer(CanvasWidget):
    """Interactive plot of one activation and its derivative, with a movable tangent.

    Build it with :func:`explore`.  ``controls`` maps each parameter name,
    ``"x_range"`` and ``"x0"`` to its slider; setting a slider's ``value``
    (from Python or in the browser) updates the plot.  ``lines`` holds the
    artists, so tests can compare their data with the module.
    """

    def __init__(self, name: str, n_points: int = 400, **overrides):
        self.entry = activations.ACTIVATIONS[name]
        self.n_points = n_points
        self._limits = None
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
        controls["x0"] = control(widgets.FloatSlider, "x₀ (tangent point)", value=x0, min=x_range[0],
                                 max=x_range[1], step=0.05, readout_format=".2f")
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
                                 label="tangent at x₀")[0],
            "point": ax_f.plot([], [], "o", color=PALETTE["point"], markersize=7)[0],
            "slope_point": ax_d.plot([], [], "s", color=PALETTE["point"], markersize=7)[0],
            "guide": ax_d.plot([], [], "-", color=PALETTE["accent"], linewidth=1.0)[0],
            "kink": ax_d.plot([], [], "o", color=PALETTE["derivative"], markersize=6,
                              label="value used at the kink")[0],
        }
        ax_f.legend(handles=[lines["function"], lines["tangent"]], loc="upper left",
                    fontsize=current.font_size * 0.85)
        ax_d.legend(handles=[lines["derivative"]] + ([lines["kink"]] if self.entry.properties.kink else []),
                    loc="upper left",
                    fontsize=current.font_size * 0.85)
        return fig, (ax_f, ax_d), lines

    # -- state --------------------------------------------------------------

    @property
    def params(self) -> dict:
        """Current activation parameters, as keyword arguments for the module."""
        return {p.name: self.controls[p.name].value for p in self.entry.plot_parameters}

    @property
    def x0(self) -> float:
        return float(self.controls["x0"].value)

    def tangent_slope(self) -> float:
        """Slope of the drawn tangent line."""
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
            x = plot_grid(self.entry, low, high, self.n_points)
            self.lines["function"].set_data(x, self.entry.f(x, **params))
            self.lines["derivative"].set_data(x, self.entry.df(x, **params))
            self._mark_kink(params, low, high)
        self._move_tangent(params, low, high)
        if self._limits is not None and (low, high) == self._limits[0]:
            return False
        self._set_limits(low, high)
        return True

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
        if self.entry.properties.kink and low <= 0.0 <= high:
            self.lines["kink"].set_data([0.0], [float(self.entry.df(0.0, **params))])
        else:
            self.lines["kink"].set_data([], [])

    def _set_limits(self, low: float, high: float) -> None:
        """Axes that hold the curves for every slider position, so moving a slider never rescales."""
        x = np.linspace(low, high, 201)
        f_values, df_values = [], []
        for params in parameter_sweep(self.entry):
            f_values.append(self.entry.f(x, **params))
            df_values.append(self.entry.df(x, **params))
        self._limits = ((low, high), nice_limits(np.concatenate(f_values)),
                        nice_limits(np.concatenate(df_values)))
        self.axes[0].set_xlim(low, high)
        self.axes[0].set_ylim(*self._limits[1])
        self.axes[1].set_ylim(*self._limits[2])

    def _move_tangent(self, params: dict, low: float, high: float) -> None:
        x0 = self.x0
        y0 = float(self.entry.f(x0, **params))
        slope = float(self.entry.df(x0, **params))
        ends = np.array([low, high])
        self.lines["tangent"].set_data(ends, y0 + slope * (ends - x0))
        self.lines["point"].set_data([x0], [y0])
        self.lines["slope_point"].set_data([x0], [slope])
        self.lines["guide"].set_data([x0, x0], [0.0, slope])
        self.readout.value = (
            f"<span style='font-size:{settings().font_scale * 1.05:.2f}em'>"
            f"x₀ = {format_number(x0)} &nbsp;·&nbsp; f(x₀) = <b>{format_number(y0)}</b>"
            f" &nbsp;·&nbsp; f′(x₀) = slope of the tangent = <b>{format_number(slope)}</b></span>")

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
