r"""Lesson tooling: the live explorer, static figures, derivation and exercise checkers.

Everything here is driven by :data:`activations.ACTIVATIONS`; notebooks call
these helpers and display what they return.

* :func:`explore` builds the interactive function/derivative plot for any
  registry entry and returns it as a widget.  The figure is built once with
  ipympl; slider events move artists and blit them over a cached background,
  and the whole figure is redrawn only when the axes' limits change.
* :func:`static_figure`, :func:`gallery_figure` and :func:`show` make figures
  that render anywhere (GitHub, nbviewer, print).
* :func:`check_derivation` verifies a step-by-step derivation with sympy.
* :func:`check` gives instant feedback on an exercise.
* :func:`presenter_mode` makes figures and fonts big enough for a projector.
"""

from __future__ import annotations

import base64
import io
import math
import os
import warnings
from dataclasses import dataclass
from typing import Callable

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

import activations

__all__ = [
    "EXERCISES",
    "PALETTE",
    "Explorer",
    "check",
    "check_derivation",
    "display_settings",
    "explore",
    "figure",
    "finite_difference_check",
    "gallery_figure",
    "presenter_mode",
    "properties_table",
    "show",
    "static_figure",
]

#: Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
PALETTE = {
    "function": "#0072B2",     # blue
    "derivative": "#D55E00",   # vermillion
    "tangent": "#009E73",      # bluish green
    "point": "#000000",
    "accent": "#CC79A7",       # reddish purple
    "muted": "#999999",
    "extra": ("#E69F00", "#56B4E9", "#F0E442", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"),
}
FUNCTION_STYLE = "-"
DERIVATIVE_STYLE = "--"


@dataclass
class DisplaySettings:
    """Figure size (inches) and font scale used by every figure built here."""

    figsize: tuple[float, float] = (7.5, 5.4)
    font_scale: float = 1.0
    dpi: float = 100.0

    @property
    def font_size(self) -> float:
        return 11.0 * self.font_scale


_SETTINGS = DisplaySettings()
if os.environ.get("ACTIVATIONS_PRESENTER", "") not in ("", "0"):
    _SETTINGS = DisplaySettings(figsize=(10.5, 7.2), font_scale=1.45)


def display_settings() -> DisplaySettings:
    """The settings that figures built from now on will use."""
    return _SETTINGS


def presenter_mode(on: bool = True) -> DisplaySettings:
    """Switch to big figures and fonts for a projector (or back).

    Applies to explorers and figures built after the call.  ``make present``
    turns it on for Voilà through the ``ACTIVATIONS_PRESENTER`` variable.

    Examples
    --------
    >>> presenter_mode(True).font_scale
    1.45
    >>> presenter_mode(False).font_scale
    1.0
    """
    global _SETTINGS
    _SETTINGS = (DisplaySettings(figsize=(10.5, 7.2), font_scale=1.45) if on
                 else DisplaySettings())
    return _SETTINGS


# ---------------------------------------------------------------------------
# Static figures
# ---------------------------------------------------------------------------

def figure(nrows: int = 1, ncols: int = 1, **subplot_kw):
    """A matplotlib Figure (not managed by pyplot) and its axes, styled for the lessons.

    Returns ``(fig, axes)``; display it with :func:`show`.
    """
    fig = Figure(figsize=_SETTINGS.figsize, dpi=_SETTINGS.dpi, layout="constrained")
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    for ax in np.atleast_1d(axes).ravel():
        _style_axes(ax)
    return fig, axes


def _style_axes(ax, zero_lines: bool = False) -> None:
    size = _SETTINGS.font_size
    ax.tick_params(labelsize=size * 0.9)
    ax.xaxis.label.set_size(size)
    ax.yaxis.label.set_size(size)
    ax.title.set_size(size * 1.1)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    if zero_lines:
        ax.axhline(0.0, color=PALETTE["muted"], linewidth=0.8, zorder=0)
        ax.axvline(0.0, color=PALETTE["muted"], linewidth=0.8, zorder=0)


def png_bytes(fig: Figure) -> bytes:
    """Render ``fig`` with Agg to PNG bytes (no metadata, so the bytes are reproducible)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


class StaticImage:
    """A PNG with alt text: shows as an image anywhere, with a deterministic text form."""

    def __init__(self, png: bytes, alt: str):
        self.png = png
        self.alt = alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": f"[figure: {self.alt}]"}


def show(fig: Figure, alt: str) -> StaticImage:
    """Display a Figure as a static PNG with alt text (renders on GitHub and in print)."""
    return StaticImage(png_bytes(fig), alt)


def _curve_label(entry, params) -> str:
    shown = ", ".join(f"{k}={v}" for k, v in params.items())
    return f"{entry.title}" + (f" ({shown})" if shown else "")


def static_figure(name: str, x_range=None, **params) -> Figure:
    """Two stacked panels, the function (solid) over its derivative (dashed)."""
    entry = activations.ACTIVATIONS[name]
    params = {**entry.defaults, **params}
    low, high = x_range or entry.x_range
    x = plot_grid(entry, low, high, 801)
    fig, (ax_f, ax_d) = figure(2, 1, sharex=True)
    for ax in (ax_f, ax_d):
        _style_axes(ax, zero_lines=True)
    ax_f.plot(x, entry.f(x, **params), FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.4,
              label=_curve_label(entry, params))
    ax_d.plot(x, entry.df(x, **params), DERIVATIVE_STYLE, color=PALETTE["derivative"], linewidth=2.4,
              label="derivative")
    ax_f.set_ylabel("f(x)")
    ax_d.set_ylabel("f′(x)")
    ax_d.set_xlabel("x")
    ax_f.set_title(f"{entry.title} and its derivative")
    for ax in (ax_f, ax_d):
        ax.legend(loc="best", fontsize=_SETTINGS.font_size * 0.9)
    return fig


def definition(name: str):
    """The registry's formulas for ``name`` as Markdown (function, derivative, stable form)."""
    from IPython.display import Markdown

    entry = activations.ACTIVATIONS[name]
    parts = [f"$${entry.latex}$$", f"$${entry.derivative_latex}$$"]
    if entry.stable_form:
        parts.append(f"What the module computes (same value, no overflow or cancellation): "
                     f"$${entry.stable_form}$$")
    return Markdown("\n\n".join(parts))


def sweep_frames(name: str, count: int = 12) -> list[bytes]:
    """PNG frames of the function and derivative as the first parameter sweeps its range."""
    entry = activations.ACTIVATIONS[name]
    combos = parameter_sweep(entry, count)
    x = np.linspace(*entry.x_range, 401)
    f_limits = _nice_limits(np.concatenate([entry.f(x, **c) for c in combos]))
    df_limits = _nice_limits(np.concatenate([entry.df(x, **c) for c in combos]))
    frames = []
    for params in combos:
        fig = static_figure(name, **params)
        fig.axes[0].set_ylim(*f_limits)
        fig.axes[1].set_ylim(*df_limits)
        fig.set_size_inches(6.4, 4.6)
        frames.append(png_bytes(fig))
    return frames


def write_assets(folder) -> list[str]:
    """Generate every figure in ``assets/`` from the module; returns the file names written.

    ``gallery.png`` (all activations), ``<name>.png`` for each one, and
    ``<name>-sweep.gif`` for each activation with a parameter.
    """
    from pathlib import Path

    from PIL import Image

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    (folder / "gallery.png").write_bytes(png_bytes(gallery_figure()))
    written.append("gallery.png")
    for name, entry in activations.ACTIVATIONS.items():
        (folder / f"{name}.png").write_bytes(png_bytes(static_figure(name)))
        written.append(f"{name}.png")
        if entry.plot_parameters:
            frames = [Image.open(io.BytesIO(png)).convert("P", palette=Image.ADAPTIVE)
                      for png in sweep_frames(name)]
            frames[0].save(folder / f"{name}-sweep.gif", save_all=True, append_images=frames[1:],
                           duration=350, loop=0, optimize=True)
            written.append(f"{name}-sweep.gif")
    return written


def gallery_figure(names=None) -> Figure:
    """Every activation (solid) with its derivative (dashed), one small panel each."""
    names = list(names or activations.ACTIVATIONS)
    ncols = 4
    nrows = math.ceil(len(names) / ncols)
    fig = Figure(figsize=(3.4 * ncols * _SETTINGS.font_scale, 2.9 * nrows * _SETTINGS.font_scale),
                 dpi=_SETTINGS.dpi, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, name in zip(axes, names, strict=False):
        entry = activations.ACTIVATIONS[name]
        x = plot_grid(entry, *entry.x_range, 601)
        _style_axes(ax, zero_lines=True)
        ax.plot(x, entry.f(x, **entry.defaults), FUNCTION_STYLE, color=PALETTE["function"],
                linewidth=2.2, label="f")
        ax.plot(x, entry.df(x, **entry.defaults), DERIVATIVE_STYLE, color=PALETTE["derivative"],
                linewidth=2.2, label="f′")
        ax.set_title(entry.title if entry.elementwise else f"{entry.title} (s₁ of (x, 0, 0))")
        ax.legend(loc="upper left", fontsize=_SETTINGS.font_size * 0.8)
    for ax in axes[len(names):]:
        ax.set_visible(False)
    return fig


# ---------------------------------------------------------------------------
# The explorer
# ---------------------------------------------------------------------------

def plot_grid(entry, low: float, high: float, count: int) -> np.ndarray:
    """Plot points from low to high; at a kink the derivative jumps, so a NaN breaks the line."""
    x = np.linspace(low, high, count)
    if entry.properties.kink and low < 0.0 < high:
        x = np.sort(np.concatenate([x[x != 0.0], [-1e-12, 0.0, 1e-12]]))
        x[x == 0.0] = np.nan
    return x


def parameter_sweep(entry, count: int = 9) -> list[dict]:
    """Parameter combinations spanning every slider's range (``count`` values per slider)."""
    choices = [[(p.name, option) for option in p.options] if p.is_choice else
               [(p.name, type(p.default)(value)) for value in np.linspace(p.minimum, p.maximum, count)]
               for p in entry.plot_parameters]
    combos = [{}]
    for options in choices:
        combos = [{**combo, name: value} for combo in combos for name, value in options]
    return combos


def _nice_limits(values: np.ndarray, margin: float = 0.08) -> tuple[float, float]:
    """Axis limits around ``values``, snapped outward to a coarse grid so they rarely change."""
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
    span = max(high - low, 1e-3)
    low, high = low - margin * span, high + margin * span
    step = 10.0 ** math.floor(math.log10(span)) / 2.0
    return math.floor(low / step) * step, math.ceil(high / step) * step


def _format_number(value: float) -> str:
    return f"{value:.6g}".replace("-", "−")


class Explorer(widgets.VBox):
    """Interactive plot of one activation and its derivative, with a movable tangent.

    Build it with :func:`explore`.  ``controls`` maps each parameter name,
    ``"x_range"`` and ``"x0"`` to its slider; setting a slider's ``value``
    (from Python or in the browser) updates the plot.  ``lines`` holds the
    artists, so tests can compare their data with the module.
    """

    def __init__(self, name: str, n_points: int = 400, **params):
        self.entry = activations.ACTIVATIONS[name]
        self.n_points = n_points
        self.controls = self._make_controls(params)
        self.readout = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.message = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.figure, self.canvas, self.axes, self.lines = self._make_figure()
        self._background = None
        self._limits = None
        self.canvas.mpl_connect("draw_event", self._on_draw)
        self.errors: list[str] = []
        super().__init__(children=[self._control_box(), self.canvas, self.readout, self.message])
        self.add_class("activation-explorer")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._refresh(curves=True)

    # -- construction -------------------------------------------------------

    def _make_controls(self, overrides: dict) -> dict:
        style = {"description_width": "initial"}
        layout = widgets.Layout(width="min(100%, 460px)")
        controls = {}
        for param in self.entry.plot_parameters:
            value = overrides.get(param.name, param.default)
            if param.is_choice:
                control = widgets.ToggleButtons(options=list(param.options), value=value,
                                                description=param.name, style=style,
                                                tooltips=[param.description] * len(param.options))
            elif isinstance(param.default, int):
                control = widgets.IntSlider(value=value, min=param.minimum, max=param.maximum,
                                            step=param.step, description=param.name,
                                            style=style, layout=layout)
            else:
                control = widgets.FloatSlider(value=value, min=param.minimum, max=param.maximum,
                                              step=param.step, description=param.name,
                                              readout_format=".2f", style=style, layout=layout,
                                              continuous_update=True)
            control.tooltip = param.description
            controls[param.name] = control
        low_limit, high_limit = self.entry.x_limits
        x_range = overrides.get("x_range", self.entry.x_range)
        controls["x_range"] = widgets.FloatRangeSlider(
            value=x_range, min=low_limit, max=high_limit, step=0.5, description="x range",
            readout_format=".1f", style=style, layout=layout)
        x0 = overrides.get("x0", round((x_range[0] + x_range[1]) / 4.0, 2) or 0.5)
        controls["x0"] = widgets.FloatSlider(
            value=x0, min=x_range[0], max=x_range[1], step=0.05, description="x₀ (tangent point)",
            readout_format=".2f", style=style, layout=layout)
        return controls

    def _control_box(self):
        return widgets.VBox(list(self.controls.values()))

    def _make_figure(self):
        from ipympl.backend_nbagg import Canvas, FigureManager

        settings = _SETTINGS
        fig = Figure(figsize=settings.figsize, dpi=settings.dpi, layout="constrained")
        canvas = Canvas(fig)
        with warnings.catch_warnings():
            # ipympl's Toolbar passes the canvas on to traitlets, which warns; not ours to fix.
            warnings.filterwarnings("ignore", "Passing unrecognized arguments to super",
                                    DeprecationWarning)
            manager = FigureManager(canvas, 0)
        canvas.manager = manager
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.toolbar_visible = False
        canvas.resizable = False
        ax_f, ax_d = fig.subplots(2, 1, sharex=True)
        for ax in (ax_f, ax_d):
            _style_axes(ax, zero_lines=True)
        ax_f.set_ylabel("f(x)")
        ax_d.set_ylabel("f′(x)")
        ax_d.set_xlabel("x")
        ax_f.set_title(f"{self.entry.title}: function (solid) and derivative (dashed)",
                       fontsize=settings.font_size * 1.1)
        lines = {
            "function": ax_f.plot([], [], FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.4,
                                  label="f(x)")[0],
            "derivative": ax_d.plot([], [], DERIVATIVE_STYLE, color=PALETTE["derivative"],
                                    linewidth=2.4, label="f′(x)")[0],
            "tangent": ax_f.plot([], [], ":", color=PALETTE["tangent"], linewidth=2.0,
                                 label="tangent at x₀")[0],
            "point": ax_f.plot([], [], "o", color=PALETTE["point"], markersize=7)[0],
            "slope_point": ax_d.plot([], [], "s", color=PALETTE["point"], markersize=7)[0],
            "guide": ax_d.plot([], [], "-", color=PALETTE["accent"], linewidth=1.0)[0],
            "kink": ax_d.plot([], [], "o", color=PALETTE["derivative"], markersize=6,
                              label="value used at the kink")[0],
        }
        for line in lines.values():
            line.set_animated(True)
        ax_f.legend(handles=[lines["function"], lines["tangent"]], loc="upper left",
                    fontsize=settings.font_size * 0.85)
        ax_d.legend(handles=[lines["derivative"]] + ([lines["kink"]] if self.entry.properties.kink else []),
                    loc="upper left",
                    fontsize=settings.font_size * 0.85)
        return fig, canvas, (ax_f, ax_d), lines

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

    def _on_change(self, change) -> None:
        source = change["owner"]
        try:
            if source is self.controls["x_range"]:
                self._follow_x_range()
            self._refresh(curves=source is not self.controls["x0"])
            self.message.value = ""
        except Exception as error:  # shown to the student instead of a lost traceback
            text = f"{type(error).__name__}: {error}"
            self.errors.append(text)
            self.message.value = (
                "<span style='color:#B00020'>Could not update the plot for "
                f"{self.params} (x₀ = {self.x0}): {_escape(text)}</span>")

    def _follow_x_range(self) -> None:
        low, high = self.controls["x_range"].value
        slider = self.controls["x0"]
        with slider.hold_trait_notifications():
            slider.min, slider.max = min(low, slider.min), max(high, slider.max)
            slider.value = min(max(slider.value, low), high)
            slider.min, slider.max = low, high

    def _refresh(self, curves: bool) -> None:
        params = self.params
        low, high = self.controls["x_range"].value
        if curves:
            x = plot_grid(self.entry, low, high, self.n_points)
            self.lines["function"].set_data(x, self.entry.f(x, **params))
            self.lines["derivative"].set_data(x, self.entry.df(x, **params))
            self._mark_kink(params, low, high)
        self._move_tangent(params, low, high)
        if (low, high) != (self._limits or ((None, None),))[0]:
            self._set_limits(low, high)
            self.canvas.draw()          # full redraw; _on_draw caches the new background
        else:
            self._blit()

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
        self._limits = ((low, high), _nice_limits(np.concatenate(f_values)),
                        _nice_limits(np.concatenate(df_values)))
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
            f"<span style='font-size:{_SETTINGS.font_scale * 1.05:.2f}em'>"
            f"x₀ = {_format_number(x0)} &nbsp;·&nbsp; f(x₀) = <b>{_format_number(y0)}</b>"
            f" &nbsp;·&nbsp; f′(x₀) = slope of the tangent = <b>{_format_number(slope)}</b></span>")

    def _on_draw(self, event) -> None:
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._draw_moving_artists()

    def _draw_moving_artists(self) -> None:
        for line in self.lines.values():
            line.axes.draw_artist(line)

    def _blit(self) -> None:
        if self._background is None:
            self.canvas.draw()
            return
        self.canvas.restore_region(self._background)
        self._draw_moving_artists()
        self.canvas.blit(self.figure.bbox)

    # -- display ------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["image/png"] = base64.b64encode(self.snapshot()).decode("ascii")
        bundle["text/plain"] = (
            f"Interactive explorer for {self.entry.title} (a static snapshot shows where "
            "widgets cannot run: open the notebook in JupyterLab or Binder to move the sliders)")
        return bundle

    def snapshot(self) -> bytes:
        """The current picture as PNG bytes, including the moving artists."""
        for line in self.lines.values():
            line.set_animated(False)
        try:
            return png_bytes_of_canvas(self.figure)
        finally:
            for line in self.lines.values():
                line.set_animated(True)

    def close(self) -> None:
        """Close the widgets and the figure's canvas."""
        for control in getattr(self, "controls", {}).values():
            control.close()
        if hasattr(self, "canvas"):
            self.canvas.close()
        super().close()


def png_bytes_of_canvas(fig: Figure) -> bytes:
    """PNG of a figure that already has a canvas, without replacing that canvas."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


# ---------------------------------------------------------------------------
# Checks that lessons print (deterministic, so nbval compares them)
# ---------------------------------------------------------------------------

class Verdict:
    """The outcome of a check: truthy when it passed, and silent when a cell displays it
    (the check has already printed its message)."""

    def __init__(self, passed: bool, detail: float | None = None):
        self.passed = bool(passed)
        self.detail = detail

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"Verdict(passed={self.passed})"

    def _ipython_display_(self) -> None:
        pass


def check_derivation(definition, steps, symbol) -> Verdict:
    """Check a derivation step by step with sympy and print one line per step.

    Parameters
    ----------
    definition : sympy expression
        The function being differentiated, f(x).
    steps : list of (str, sympy expression)
        Each step's justification and its expression for f'(x) (the first
        step may still contain an unevaluated ``sympy.Derivative``).
    symbol : sympy.Symbol
        The variable.

    Returns
    -------
    Verdict
        True when every step equals the previous one and the last equals
        ``sympy.diff(definition, symbol)``.
    """
    import sympy

    previous = sympy.Derivative(definition, symbol)
    all_good = True
    for number, (rule, expression) in enumerate(steps, start=1):
        same = _symbolically_equal(previous.doit(), expression.doit())
        all_good &= same
        print(f"step {number} ({rule}): {'equals the previous line ✓' if same else 'DOES NOT follow ✗'}")
        previous = expression
    final = _symbolically_equal(previous.doit(), sympy.diff(definition, symbol))
    all_good &= final
    print("last line equals sympy.diff of the definition "
          + ("✓" if final else "✗ (the derivation ends somewhere else)"))
    return Verdict(all_good)


def _symbolically_equal(left, right) -> bool:
    """True when sympy simplifies left − right to 0, or (where simplify gives up)
    the difference vanishes to 40 digits at several points."""
    import mpmath
    import sympy

    difference = sympy.simplify((left - right).rewrite(sympy.exp))
    if difference == 0:
        return True
    symbols = sorted(difference.free_symbols, key=str)
    probe = sympy.lambdify(symbols, difference, "mpmath")
    with mpmath.workdps(50):
        return all(abs(probe(*[mpmath.mpf(v) / 7] * len(symbols))) < mpmath.mpf(10) ** -40
                   for v in (-13, -5, -2, 3, 6, 17))


def finite_difference_check(name: str, points=None, step: float = 1e-6, tolerance: float = 1e-8,
                            **params) -> Verdict:
    """Compare the module's derivative with a central difference and print the verdict.

    The central difference (f(x+h) − f(x−h)) / 2h has error O(h²) from
    truncation and O(ε/h) from rounding; with h = 1e-6 both are far below
    ``tolerance``.  Avoid points on a kink, where no derivative exists.
    """
    entry = activations.ACTIVATIONS[name]
    params = {**entry.defaults, **params}
    x = np.asarray(points if points is not None else np.linspace(-5.0, 5.0, 101), dtype=float)
    numeric = (entry.f(x + step, **params) - entry.f(x - step, **params)) / (2.0 * step)
    gaps = np.abs(entry.df(x, **params) - numeric)
    worst = int(np.argmax(gaps))
    shown = ", ".join(f"{k}={v}" for k, v in params.items())
    label = f"{name}({shown})" if shown else name
    if gaps[worst] <= tolerance:
        print(f"{label}: derivative and central difference agree within {tolerance:.0e} "
              f"at all {x.size} points ✓")
    else:
        print(f"{label}: derivative and central difference DISAGREE ✗: at x = {_format_number(x[worst])} "
              f"the derivative is {_format_number(entry.df(x[worst], **params))}, "
              f"the difference quotient {_format_number(numeric[worst])}")
    return Verdict(gaps[worst] <= tolerance, float(gaps[worst]))


def properties_table(names=None) -> str:
    """A plain-text table of the registry's properties (what the lessons print)."""
    names = list(names or activations.ACTIVATIONS)
    header = ("activation", "range", "monotonic", "zero-centred", "smoothness", "max slope",
              "kink")
    rows = [header]
    for name in names:
        p = activations.ACTIVATIONS[name].properties
        where = "" if p.max_slope_at is None else f" at x = {p.max_slope_at:.4g}"
        rows.append((name, str(p.output_range), "yes" if p.monotonic else "no",
                     "yes" if p.zero_centred else "no", p.smoothness,
                     f"{p.max_slope:.4g}{where}", p.kink or "—"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Exercises
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Exercise:
    """An exercise: the student's function must match ``expected`` on ``points``."""

    prompt: str
    expected: Callable
    points: tuple[float, ...]
    hint: str
    rtol: float = 1e-6
    atol: float = 1e-9


def _points(*arrays) -> tuple[float, ...]:
    return tuple(float(v) for v in np.concatenate([np.atleast_1d(a) for a in arrays]))


_WIDE = np.linspace(-8.0, 8.0, 161)

EXERCISES: dict[str, Exercise] = {
    "sigmoid-derivative": Exercise(
        "Write σ'(x) using only sigmoid(x).",
        activations.sigmoid_derivative, _points(_WIDE),
        "The derivation ends with σ(x)·(1 − σ(x))."),
    "sigmoid-stable": Exercise(
        "Write a sigmoid that gives no warning and the right value for x = ±800.",
        activations.sigmoid, _points(_WIDE, [-800.0, -745.0, -700.0, -40.0, 40.0, 800.0]),
        "Use e = exp(−|x|) ≤ 1: 1/(1+e) for x ≥ 0 and e/(1+e) for x < 0.", rtol=1e-12, atol=0.0),
    "sigmoid-logit": Exercise(
        "Write the inverse of the sigmoid (the logit), for p in (0, 1).",
        lambda p: np.log(p) - np.log1p(-p), _points(np.linspace(0.01, 0.99, 99)),
        "Solve p = 1/(1+e^(−x)) for x: x = log(p / (1 − p))."),
    "tanh-derivative": Exercise(
        "Write tanh'(x) using only tanh(x).",
        activations.tanh_derivative, _points(_WIDE),
        "Differentiate sinh/cosh with the quotient rule: 1 − tanh²(x)."),
    "tanh-from-sigmoid": Exercise(
        "Write tanh(x) using only the sigmoid.",
        activations.tanh, _points(_WIDE),
        "tanh(x) = 2σ(2x) − 1: stretch the sigmoid vertically and horizontally."),
    "tanh-derivative-from-sigmoid": Exercise(
        "Write tanh'(x) using only sigmoid_derivative.",
        activations.tanh_derivative, _points(_WIDE),
        "Differentiate 2σ(2x) − 1 with the chain rule: the inner 2 and the outer 2 multiply."),
    # --- exercises: 03-relu ---
    # --- exercises: 04-leaky-relu ---
    # --- exercises: 05-elu ---
    # --- exercises: 06-swish ---
    # --- exercises: 07-gelu ---
    # --- exercises: 08-softmax ---
    # --- exercises: 09-gradient-flow ---
}


def check(exercise: str, solution: Callable | None) -> Verdict:
    """Run ``solution`` on the exercise's points and print instant feedback.

    Prints "not attempted yet" for a stub that returns None, where the answer
    differs (worst x, expected, got) with a hint, or that it is right.
    Returns a Verdict that is true only when it is right.
    """
    task = EXERCISES[exercise]
    x = np.array(task.points)
    try:
        got = None if solution is None else solution(x)
    except Exception as error:  # the student's code: report, do not crash the lesson
        print(f"✗ {exercise}: your function raised {type(error).__name__}: {error}")
        return Verdict(False)
    if got is None:
        print(f"… {exercise}: not attempted yet. {task.prompt}")
        return Verdict(False)
    got = np.asarray(got, dtype=float)
    if got.shape != x.shape:
        print(f"✗ {exercise}: expected {x.size} values (one per x), got shape {got.shape}.")
        return Verdict(False)
    with np.errstate(all="ignore"):
        expected = np.asarray(task.expected(x), dtype=float)
        gap = np.abs(got - expected)
        bad = ~(gap <= task.atol + task.rtol * np.abs(expected))
    if bad.any():
        worst = int(np.nanargmax(np.where(bad, np.nan_to_num(gap, nan=np.inf), -1.0)))
        print(f"✗ {exercise}: not yet. At x = {_format_number(x[worst])} the answer is "
              f"{_format_number(expected[worst])}, your function gives {_format_number(got[worst])}"
              f" ({int(bad.sum())} of {x.size} points differ). Hint: {task.hint}")
        return Verdict(False)
    print(f"✓ {exercise}: correct at all {x.size} points.")
    return Verdict(True)


# ---------------------------------------------------------------------------
# Lesson-specific helpers (each lesson's own widgets and figures)
# ---------------------------------------------------------------------------

# === helpers: 03-relu ===

# === helpers: 05-elu / 06-swish / 07-gelu ===

# === helpers: 08-softmax ===

# === helpers: 00-overview ===

# === helpers: 09-gradient-flow ===
