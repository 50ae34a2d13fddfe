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


def binder_badge_svg() -> str:
    """A "launch binder" badge as SVG text, so lessons need no image from another host."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="109" height="20" role="img" '
        'aria-label="launch: binder"><title>launch: binder</title>'
        '<rect width="109" height="20" rx="3" fill="#555"/>'
        '<rect x="50" width="59" height="20" rx="3" fill="#E66581"/>'
        '<rect x="50" width="4" height="20" fill="#E66581"/>'
        '<g fill="#fff" text-anchor="middle" font-family="DejaVu Sans,Verdana,Geneva,sans-serif" '
        'font-size="11"><text x="25" y="14">launch</text><text x="79" y="14">binder</text></g></svg>\n')


def write_assets(folder) -> list[str]:
    """Generate every figure in ``assets/`` from the module; returns the file names written.

    ``gallery.png`` (all activations), ``<name>.png`` for each one, and
    ``<name>-sweep.gif`` for each activation with a parameter, and the
    local Binder badge ``binder-badge.svg``.
    """
    from pathlib import Path

    from PIL import Image

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "binder-badge.svg").write_text(binder_badge_svg(), encoding="utf-8")
    (folder / "gallery.png").write_bytes(png_bytes(gallery_figure()))
    written = ["binder-badge.svg", "gallery.png"]
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


def new_canvas(fig: Figure):
    """An ipympl canvas for ``fig``, set up to live inside a widget layout.

    No toolbar, header or footer, fixed size.  ipympl keeps a PNG "data URL"
    in sync for HTML embedding, but one drawn before display lacks its
    ``data:`` prefix and the browser fails on it; widgets here are never
    embedded, so the sync is off and :func:`prepare_display` sets a proper
    URL when the widget is shown.
    """
    from ipympl.backend_nbagg import Canvas, FigureManager

    canvas = Canvas(fig)
    with warnings.catch_warnings():
        # ipympl's Toolbar passes the canvas on to traitlets, which warns; not ours to fix.
        warnings.filterwarnings("ignore", "Passing unrecognized arguments to super", DeprecationWarning)
        canvas.manager = FigureManager(canvas, 0)
    canvas.syncing_data_url = False
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    return canvas


def prepare_display(canvas) -> None:
    """Give the canvas its size and a first image before its view is created in the browser."""
    canvas._repr_mimebundle_()


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
        self.add_class(f"explorer-{name}")
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
        settings = _SETTINGS
        fig = Figure(figsize=settings.figsize, dpi=settings.dpi, layout="constrained")
        canvas = new_canvas(fig)
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
        prepare_display(self.canvas)
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
    "elu-derivative-from-function": Exercise(
        "Write ELU's derivative for alpha = 2 using only elu(x, alpha=2) (no exp).",
        lambda x: activations.elu_derivative(x, alpha=2.0), _points(_WIDE),
        "For x > 0 the slope is 1; for x ≤ 0 (0 included) it is f(x) + α, with f = elu(x, alpha=2)."),
    "elu-derivative-jump": Exercise(
        "Return the jump f′(0⁺) − f′(0⁻) of ELU's derivative at 0, for each alpha in the array.",
        lambda alpha: 1.0 - alpha, _points(np.linspace(0.1, 3.0, 30)),
        "Right of 0 the slope is 1; the left limit of α·eˣ at 0 is α. Subtract left from right.",
        rtol=1e-12, atol=1e-12),
    "selu-derivative": Exercise(
        "Write SELU′(x) = d/dx [λ·elu(x, α)] with the constants λ and α you computed, using elu_derivative.",
        lambda x: _selu_derivative_expected(x), _points(_WIDE),
        "A constant factor comes out of the derivative: λ·elu_derivative(x, alpha=α)."),
    # --- exercises: 06-swish ---
    # --- exercises: 07-gelu ---
    # --- exercises: 08-softmax ---
    # --- exercises: 09-gradient-flow ---
    "gradient-flow-backward-step": Exercise(
        "Backpropagate through one tanh layer: return ∂L/∂z for its pre-activations z, given W and "
        "∂L/∂z_next from lab.backward_step_example().",
        lambda z: _backward_step_expected(z), _points(np.random.default_rng(91).normal(0.0, 1.5, 8)),
        "First ∂L/∂h = W @ δ_next (one row of W per unit of h), then multiply element by element by tanh′(z)."),
    "gradient-flow-he-std": Exercise(
        "Return the He standard deviation of the weights of a ReLU layer with fan_in inputs.",
        lambda fan_in: _variance_preserving_std(fan_in, "relu"),
        _points(2.0 ** np.arange(11), [3.0, 5.0, 20.0, 100.0, 300.0]),
        "A ReLU keeps half of the second moment, E[relu(z)²] = Var(z)/2; "
        "choose Var(W) so that fan_in · Var(W) / 2 = 1."),
    "gradient-flow-slope-bound": Exercise(
        "Return the largest fraction of a gradient that can pass through `depth` sigmoid layers "
        "whose weights are the identity.",
        lambda depth: activations.sigmoid_derivative(0.0) ** depth, _points(np.arange(1.0, 31.0)),
        "Each layer multiplies by σ′(z), which is largest at z = 0.", rtol=1e-12, atol=0.0),
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

#: Colour and marker of each activation wherever several are overlaid (the overview's comparison
#: and lesson 9).  Okabe–Ito colours from ``PALETTE["extra"]``; the markers keep the curves apart
#: in greyscale too.  Yellow, the faintest on white, goes to softmax and gets a dark outline.
ACTIVATION_STYLES = {
    "sigmoid": (PALETTE["extra"][0], "o"),
    "tanh": (PALETTE["extra"][1], "s"),
    "relu": (PALETTE["extra"][7], "^"),
    "leaky_relu": (PALETTE["extra"][3], "v"),
    "elu": (PALETTE["extra"][4], "D"),
    "swish": (PALETTE["extra"][5], "P"),
    "gelu": (PALETTE["extra"][6], "X"),
    "softmax": (PALETTE["extra"][2], "*"),
}


def activation_style(name: str) -> tuple[str, str]:
    """``(colour, marker)`` for an activation; a new registry entry gets the next free pair."""
    if name in ACTIVATION_STYLES:
        return ACTIVATION_STYLES[name]
    index = list(activations.ACTIVATIONS).index(name)
    return PALETTE["extra"][index % len(PALETTE["extra"])], "ospDvP^X*"[index % 9]


def _line_kwargs(name: str, linestyle: str, markevery) -> dict:
    """Keyword arguments for ``plot`` that draw ``name`` in its colour, marker and outline."""
    from matplotlib import patheffects

    colour, marker = activation_style(name)
    kwargs = {"color": colour, "linestyle": linestyle, "linewidth": 2.2, "marker": marker,
              "markersize": 6, "markevery": markevery, "markeredgecolor": "#333333",
              "markeredgewidth": 0.6}
    if colour == "#F0E442":
        kwargs["path_effects"] = [patheffects.withStroke(linewidth=3.6, foreground="#555555")]
    return kwargs


def _parameter_control(entry, param, value, label: str):
    """A slider (or toggle buttons for a choice) for one registry parameter, range from the registry."""
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="min(100%, 420px)")
    if param.is_choice:
        control = widgets.ToggleButtons(options=list(param.options), value=value, description=label,
                                        style=style, tooltips=[param.description] * len(param.options))
    elif isinstance(param.default, int):
        control = widgets.IntSlider(value=value, min=param.minimum, max=param.maximum, step=param.step,
                                    description=label, style=style, layout=layout)
    else:
        control = widgets.FloatSlider(value=value, min=param.minimum, max=param.maximum, step=param.step,
                                      description=label, readout_format=".2f", style=style, layout=layout)
    control.tooltip = f"{entry.title}: {param.description}"
    return control


def _error_html(what: str, error: Exception) -> str:
    return (f"<span style='color:#B00020'>Could not update the plot for {_escape(what)}: "
            f"{_escape(type(error).__name__)}: {_escape(str(error))}</span>")


class Comparison(widgets.VBox):
    """Several activations overlaid: functions (solid, top panel) and derivatives (dashed, bottom).

    Build it with :func:`compare`.  ``checkboxes`` maps each registry name to
    its checkbox, ``controls`` holds ``"x_range"`` and one control per
    parameter (keyed ``(name, parameter)``), and ``lines[name]`` the
    activation's two artists, created once and shown or hidden.
    """

    def __init__(self, selected=("sigmoid", "tanh", "relu"), x_range=(-5.0, 5.0), params=None,
                 n_points: int = 400):
        self.entries = dict(activations.ACTIVATIONS)
        params = params or {}
        unknown = sorted(set(selected) - set(self.entries)) + sorted(set(params) - set(self.entries))
        if unknown:
            raise ValueError(f"compare: unknown activation(s) {unknown}; choose from {list(self.entries)}")
        self.n_points = n_points
        self.errors: list[str] = []
        self.checkboxes = {
            name: widgets.Checkbox(value=name in selected, description=entry.title, indent=False,
                                   layout=widgets.Layout(width="auto", margin="0 14px 0 0"))
            for name, entry in self.entries.items()}
        self.controls = self._make_controls(x_range, params)
        self._parameter_boxes = {
            name: widgets.VBox([self.controls[(name, p.name)] for p in entry.plot_parameters])
            for name, entry in self.entries.items() if entry.plot_parameters}
        self.readout = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.message = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.figure, self.canvas, self.axes, self.lines = self._make_figure()
        self._limits_for = None
        super().__init__(children=[
            widgets.HBox(list(self.checkboxes.values()), layout=widgets.Layout(flex_flow="row wrap")),
            self.controls["x_range"], *self._parameter_boxes.values(), self.canvas, self.readout,
            self.message])
        self.add_class("activation-explorer")
        for control in [*self.checkboxes.values(), *self.controls.values()]:
            control.observe(self._on_change, names="value")
        self._on_change(None)

    # -- construction -------------------------------------------------------

    def _make_controls(self, x_range, params: dict) -> dict:
        low = min(entry.x_limits[0] for entry in self.entries.values())
        high = max(entry.x_limits[1] for entry in self.entries.values())
        controls = {"x_range": widgets.FloatRangeSlider(
            value=x_range, min=low, max=high, step=0.5, description="x range", readout_format=".1f",
            style={"description_width": "initial"}, layout=widgets.Layout(width="min(100%, 420px)"))}
        for name, entry in self.entries.items():
            for param in entry.plot_parameters:
                value = params.get(name, {}).get(param.name, param.default)
                controls[(name, param.name)] = _parameter_control(entry, param, value,
                                                                  f"{entry.title}: {param.name}")
        return controls

    def _make_figure(self):
        from matplotlib.lines import Line2D

        settings = _SETTINGS
        fig = Figure(figsize=(settings.figsize[0] * 1.3, settings.figsize[1]), dpi=settings.dpi)
        canvas = new_canvas(fig)
        ax_f, ax_d = fig.subplots(2, 1, sharex=True)
        fig.subplots_adjust(left=0.08, right=0.74, top=0.93, bottom=0.1, hspace=0.08)
        for ax in (ax_f, ax_d):
            _style_axes(ax, zero_lines=True)
        ax_f.set_ylabel("f(x)")
        ax_d.set_ylabel("f′(x)")
        ax_d.set_xlabel("x")
        ax_f.set_title("Activations (solid) and their derivatives (dashed)", fontsize=settings.font_size * 1.1)
        lines = {}
        for index, name in enumerate(self.entries):
            every = (int(index * self.n_points / 40) % (self.n_points // 10), self.n_points // 10)
            lines[name] = {
                "function": ax_f.plot([], [], **_line_kwargs(name, FUNCTION_STYLE, every))[0],
                "derivative": ax_d.plot([], [], **_line_kwargs(name, DERIVATIVE_STYLE, every))[0],
            }
        key = [Line2D([], [], color="#333333", linestyle=FUNCTION_STYLE, label="function f"),
               Line2D([], [], color="#333333", linestyle=DERIVATIVE_STYLE, label="derivative f′")]
        ax_d.legend(handles=key, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                    fontsize=settings.font_size * 0.85)
        return fig, canvas, (ax_f, ax_d), lines

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
        title = entry.title if entry.elementwise else f"{entry.title} (s₁ of (x, 0, …))"
        shown = ", ".join(f"{k}={v}" if isinstance(v, str) else f"{k}={v:g}" for k, v in changed.items())
        return f"{title} ({shown})" if changed else title

    # -- updates ------------------------------------------------------------

    def _on_change(self, change) -> None:
        try:
            self._refresh(rescale=change is None or change["owner"] not in self._parameter_controls())
            self.message.value = ""
        except Exception as error:  # shown to the student instead of a lost traceback
            self.errors.append(f"{type(error).__name__}: {error}")
            self.message.value = _error_html(", ".join(self.selected) or "no activation", error)

    def _parameter_controls(self) -> list:
        return [control for key, control in self.controls.items() if key != "x_range"]

    def _refresh(self, rescale: bool) -> None:
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
                x = plot_grid(entry, low, high, self.n_points)
                pair["function"].set_data(x, entry.f(x, **params))
                pair["derivative"].set_data(x, entry.df(x, **params))
                pair["function"].set_label(self.label(name))
        if rescale and shown:
            self._set_limits(shown, low, high)
        self._update_legend(shown)
        self._update_readout(shown, low, high)
        self.canvas.draw_idle()

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
        self.axes[0].set_ylim(*_nice_limits(np.concatenate(f_values)))
        self.axes[1].set_ylim(*_nice_limits(np.concatenate(df_values)))

    def _update_legend(self, shown: list[str]) -> None:
        ax = self.axes[0]
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        if shown:
            ax.legend(handles=[self.lines[name]["function"] for name in shown], loc="upper left",
                      bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, fontsize=_SETTINGS.font_size * 0.85)

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
                f"<tr><td><span style='color:{colour}'>■</span> {_escape(self.label(name))}</td>"
                f"<td>{_format_number(np.nanmin(f))} … {_format_number(np.nanmax(f))}</td>"
                f"<td>{_format_number(np.nanmin(df))} … {_format_number(np.nanmax(df))}</td></tr>")
        self.readout.value = (
            f"<table style='font-size:{_SETTINGS.font_scale * 0.95:.2f}em'><tr><th style='text-align:left'>"
            f"on [{_format_number(low)}, {_format_number(high)}]</th><th>f from … to</th>"
            f"<th>f′ from … to</th></tr>{''.join(rows)}</table>")

    # -- display ------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        prepare_display(self.canvas)
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["image/png"] = base64.b64encode(png_bytes_of_canvas(self.figure)).decode("ascii")
        low, high = self.x_range
        shown = ", ".join(self.label(name) for name in self.selected) or "no activation"
        bundle["text/plain"] = (
            f"Comparison of {shown} on [{low:g}, {high:g}] (a static snapshot shows where widgets cannot "
            "run: open the notebook in JupyterLab or Binder to tick activations and move the sliders)")
        return bundle

    def close(self) -> None:
        """Close the widgets and the figure's canvas."""
        for control in [*getattr(self, "checkboxes", {}).values(), *getattr(self, "controls", {}).values()]:
            control.close()
        if hasattr(self, "canvas"):
            self.canvas.close()
        super().close()


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

# === helpers: 09-gradient-flow ===

#: The activations compared in lesson 9 (softmax is an output layer, not a hidden one).
GRADIENT_FLOW_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish", "gelu")
XAVIER_GAIN = 1.0              # std = sqrt(1/fan_in); Glorot's sqrt(2/(fan_in+fan_out)) for square layers
HE_GAIN = math.sqrt(2.0)       # std = sqrt(2/fan_in)


def random_network(sizes, gain: float = 1.0, seed: int = 0, bias_std: float = 0.0):
    r"""Weights and biases of a fully connected network, drawn from a seeded generator.

    Layer l maps ``sizes[l-1]`` units to ``sizes[l]`` units with weights
    :math:`W_l \sim N(0, \mathrm{std}_l^2)`, :math:`\mathrm{std}_l = g / \sqrt{\mathrm{fan\_in}}`:
    gain g = 1 is LeCun/Xavier (and Glorot's :math:`\sqrt{2/(\mathrm{fan\_in}+\mathrm{fan\_out})}`
    when fan_in = fan_out), g = √2 is He.  All weights are drawn first, layer by
    layer, so a deeper network of the same width starts with the same layers.

    Returns
    -------
    (weights, biases) : lists of arrays
        ``weights[l]`` has shape ``(sizes[l], sizes[l+1])`` (rows are inputs),
        ``biases[l]`` shape ``(sizes[l+1],)``.

    Examples
    --------
    >>> weights, biases = random_network([3, 4, 2], gain=HE_GAIN, seed=1)
    >>> [w.shape for w in weights], [b.shape for b in biases]
    ([(3, 4), (4, 2)], [(4,), (2,)])
    """
    rng = np.random.default_rng(seed)
    pairs = [(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
    weights = [rng.standard_normal((fan_in, fan_out)) * (gain / math.sqrt(fan_in)) for fan_in, fan_out in pairs]
    biases = [rng.standard_normal(fan_out) * bias_std for _, fan_out in pairs]
    return weights, biases


def mlp_forward(x, weights, biases, name: str, **params):
    r"""Forward pass through layers :math:`z_l = h_{l-1} W_l + b_l,\ h_l = f(z_l)`, :math:`h_0 = x`.

    Every layer uses the activation ``name`` of the registry (with ``params``).
    Rows of ``x`` are examples.

    Returns
    -------
    (pre_activations, outputs) : lists of arrays
        ``pre_activations[l-1]`` is z_l, ``outputs[l]`` is h_l (``outputs[0]`` is x):
        what the backward pass needs.

    Examples
    --------
    >>> zs, hs = mlp_forward(np.array([[1.0, -2.0]]), [np.eye(2)], [np.zeros(2)], "relu")
    >>> zs[0], hs[1]
    (array([[ 1., -2.]]), array([[1., 0.]]))
    """
    entry = activations.ACTIVATIONS[name]
    pre_activations, outputs = [], [np.asarray(x, dtype=np.float64)]
    for weight, bias in zip(weights, biases, strict=True):
        z = outputs[-1] @ weight + bias
        pre_activations.append(z)
        outputs.append(entry.f(z, **params))
    return pre_activations, outputs


def mlp_backward(weights, pre_activations, outputs, output_gradient, name: str, **params):
    r"""Backpropagation: the gradients of a loss L given :math:`\partial L / \partial h_L`.

    With :math:`\delta_l = \partial L / \partial z_l`:

    .. math:: \delta_L = \frac{\partial L}{\partial h_L} \odot f'(z_L),\qquad
              \delta_{l-1} = (\delta_l W_l^\top) \odot f'(z_{l-1}),\qquad
              \frac{\partial L}{\partial W_l} = h_{l-1}^\top \delta_l,\quad
              \frac{\partial L}{\partial b_l} = \textstyle\sum_{\text{examples}} \delta_l

    f' is the module's derivative (``entry.df``), so a wrong derivative in
    :mod:`activations` gives wrong gradients here.

    Returns
    -------
    (weight_gradients, bias_gradients, deltas) : lists of arrays, one per layer, first layer first.

    Examples
    --------
    >>> zs, hs = mlp_forward(np.array([[1.0, -2.0]]), [np.eye(2)], [np.zeros(2)], "relu")
    >>> dw, db, deltas = mlp_backward([np.eye(2)], zs, hs, np.array([[3.0, 3.0]]), "relu")
    >>> deltas[0]        # relu'(1) = 1, relu'(-2) = 0
    array([[3., 0.]])
    """
    entry = activations.ACTIVATIONS[name]
    weight_gradients, bias_gradients, deltas = [], [], []
    upstream = np.asarray(output_gradient, dtype=np.float64)        # dL/dh_l, from the top down
    for layer in reversed(range(len(weights))):
        delta = upstream * entry.df(pre_activations[layer], **params)
        deltas.append(delta)
        weight_gradients.append(outputs[layer].T @ delta)
        bias_gradients.append(delta.sum(axis=0))
        upstream = delta @ weights[layer].T
    return weight_gradients[::-1], bias_gradients[::-1], deltas[::-1]


def squared_error(outputs, targets):
    r"""Loss :math:`L = \frac{1}{2B}\sum_b \lVert h_b - y_b \rVert^2` over a batch of B rows, and
    :math:`\partial L / \partial h = (h - y)/B`."""
    residual = np.asarray(outputs, dtype=np.float64) - targets
    batch = residual.shape[0]
    return 0.5 * float(np.sum(residual * residual)) / batch, residual / batch


def backprop_check(name: str, sizes=(3, 5, 5, 2), batch: int = 4, seed: int = 7, step: float = 1e-5,
                   tolerance: float = 1e-6, **params) -> Verdict:
    r"""Compare :func:`mlp_backward` with central differences of the whole network's loss; print the verdict.

    A float64 network (``sizes``, gain 1, biases ~ N(0, 0.5²)) with a squared-error
    loss on a seeded batch.  Every weight and bias θ in turn is moved by ±``step``
    and :math:`\tilde g = (L(\theta+h) - L(\theta-h))/2h` is compared with the
    backward pass's g.  Passes when every
    :math:`|g - \tilde g| / \max(|g|, |\tilde g|, 10^{-3})` is below ``tolerance``
    (gradients below 10⁻³ are compared in absolute terms: there the difference
    quotient's rounding error, about ε·L/h, is not small relative to them).

    Examples
    --------
    >>> bool(backprop_check("tanh"))
    tanh: backward pass = central differences at all 62 weights and biases (max relative error < 1e-06): True
    True
    """
    rng = np.random.default_rng(seed)
    weights, biases = random_network(sizes, gain=1.0, seed=seed, bias_std=0.5)
    x = rng.standard_normal((batch, sizes[0]))
    targets = rng.standard_normal((batch, sizes[-1]))
    zs, hs = mlp_forward(x, weights, biases, name, **params)
    _, gradient = squared_error(hs[-1], targets)
    weight_gradients, bias_gradients, _ = mlp_backward(weights, zs, hs, gradient, name, **params)
    worst, worst_at, count = 0.0, None, 0
    for which, (array, analytic) in enumerate(zip([*weights, *biases], [*weight_gradients, *bias_gradients],
                                                  strict=True)):
        for index in np.ndindex(array.shape):
            original = array[index]
            losses = []
            for sign in (1.0, -1.0):
                array[index] = original + sign * step
                losses.append(squared_error(mlp_forward(x, weights, biases, name, **params)[1][-1], targets)[0])
            array[index] = original
            numeric = (losses[0] - losses[1]) / (2.0 * step)
            exact = float(analytic[index])
            error = abs(exact - numeric) / max(abs(exact), abs(numeric), 1e-3)
            count += 1
            if error > worst:
                worst, worst_at = error, (which, index, exact, numeric)
    passed = worst < tolerance
    shown = ", ".join(f"{k}={v}" for k, v in params.items())
    label = f"{name}({shown})" if shown else name
    line = (f"{label}: backward pass = central differences at all {count} weights and biases "
            f"(max relative error < {tolerance:.0e}): {passed}")
    if not passed:
        which, index, exact, numeric = worst_at
        kind, layer = ("W", which + 1) if which < len(weights) else ("b", which - len(weights) + 1)
        line += (f" (worst: {kind}{layer}{list(map(int, index))}: backward {_format_number(exact)}, "
                 f"central difference {_format_number(numeric)})")
    if activations.ACTIVATIONS[name].properties.kink and min(float(np.min(np.abs(z))) for z in zs) < 1e-3:
        line += " [a pre-activation lies within 1e-3 of the kink: the difference quotient is not a derivative there]"
    print(line)
    return Verdict(passed, worst)


def gradient_norms(name: str, depth: int, width: int, gain: float, batch: int = 64, seed: int = 0,
                   **params) -> np.ndarray:
    r"""Norm of the gradient reaching each layer of a random deep network, :math:`\lVert\delta_l\rVert`.

    A stack of ``depth`` square layers of ``width`` units (zero biases, weights
    from :func:`random_network` with ``gain``), a batch of standard-normal inputs,
    and the loss :math:`L = \frac{1}{B}\sum_b u \cdot h_{L,b}` for a fixed random
    vector u, so the same gradient enters the top of every network.  Returns
    :math:`\lVert \partial L / \partial z_l \rVert` (Frobenius norm over the
    batch) for l = 1 (nearest the input) to ``depth``; it is also the norm of the
    bias gradient's per-example terms.

    Examples
    --------
    >>> norms = gradient_norms("sigmoid", depth=20, width=64, gain=XAVIER_GAIN)
    >>> bool(norms[0] < 1e-6 * norms[-1])        # vanished
    True
    >>> norms = gradient_norms("relu", depth=20, width=64, gain=HE_GAIN)
    >>> bool(0.1 < norms[0] / norms[-1] < 10)     # alive
    True
    """
    return _layer_gradient_norms(name, _deep_network(depth, width, gain, batch, seed), **params)


def _deep_network(depth: int, width: int, gain: float, batch: int, seed: int):
    """Inputs, weights, biases and the gradient fed in at the top, for :func:`gradient_norms`."""
    data = np.random.default_rng([seed, 1])
    x = data.standard_normal((batch, width))
    readout = data.standard_normal(width)
    weights, biases = random_network([width] * (depth + 1), gain=gain, seed=seed)
    return x, weights, biases, np.tile(readout / batch, (batch, 1))


def _layer_gradient_norms(name: str, network, **params) -> np.ndarray:
    x, weights, biases, top = network
    zs, hs = mlp_forward(x, weights, biases, name, **params)
    _, _, deltas = mlp_backward(weights, zs, hs, top, name, **params)
    return np.array([np.linalg.norm(delta) for delta in deltas])


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


class GradientFlowExplorer(widgets.VBox):
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
        self.errors: list[str] = []
        self.norms: dict[str, np.ndarray] = {}
        self.controls = self._make_controls(depth, width, gain)
        self.presets = {label: widgets.Button(description=f"{label}: g = {text}",
                                              layout=widgets.Layout(width="auto"))
                        for label, text in (("Xavier/Glorot", "1"), ("He", "√2 ≈ 1.41"))}
        self.presets["Xavier/Glorot"].on_click(lambda _: self._set_gain(XAVIER_GAIN))
        self.presets["He"].on_click(lambda _: self._set_gain(HE_GAIN))
        self.readout = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.message = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.figure, self.canvas, self.axis, self.lines, self.note = self._make_figure()
        super().__init__(children=[
            self.controls["depth"], self.controls["width"],
            widgets.HBox([self.controls["gain"], *self.presets.values()],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.canvas, self.readout, self.message])
        self.add_class("activation-explorer")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._on_change(None)

    def _make_controls(self, depth: int, width: int, gain: float) -> dict:
        style = {"description_width": "initial"}
        layout = widgets.Layout(width="min(100%, 420px)")
        return {
            "depth": widgets.IntSlider(value=depth, min=2, max=50, step=1, description="depth (layers)",
                                       continuous_update=False, style=style, layout=layout),
            "width": widgets.IntSlider(value=width, min=16, max=128, step=16, description="width (units)",
                                       continuous_update=False, style=style, layout=layout),
            "gain": widgets.FloatSlider(value=gain, min=0.25, max=3.0, step=0.01,
                                        description="gain g (weight std = g/√width)", readout_format=".2f",
                                        style=style, layout=layout),
        }

    def _make_figure(self):
        from matplotlib.ticker import MaxNLocator

        settings = _SETTINGS
        fig = Figure(figsize=(settings.figsize[0] * 1.3, settings.figsize[1]), dpi=settings.dpi)
        canvas = new_canvas(fig)
        ax = fig.subplots()
        fig.subplots_adjust(left=0.1, right=0.77, top=0.92, bottom=0.11)
        _style_axes(ax)
        ax.set_yscale("log")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("layer l (1 = next to the input; the gradient enters at the top layer and flows left)")
        ax.set_ylabel("‖∂L/∂z_l‖  (log scale)")
        lines = {name: ax.plot([], [], **_line_kwargs(name, FUNCTION_STYLE, None),
                               label=activations.ACTIVATIONS[name].title)[0] for name in self.names}
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                  fontsize=settings.font_size * 0.85)
        note = fig.text(0.785, 0.12, "", fontsize=settings.font_size * 0.85, va="bottom",
                        bbox={"facecolor": "white", "edgecolor": "#cccccc"})
        return fig, canvas, ax, lines, note

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

    def _on_change(self, change) -> None:
        try:
            self._refresh()
            self.message.value = ""
        except Exception as error:  # shown to the student instead of a lost traceback
            self.errors.append(f"{type(error).__name__}: {error}")
            self.message.value = _error_html(f"settings {self.settings}", error)

    def _refresh(self) -> None:
        depth, width, gain = (self.controls[key].value for key in ("depth", "width", "gain"))
        layers = np.arange(1, depth + 1)
        network = _deep_network(depth, width, gain, self.batch, self.seed)     # the same for every activation
        for name in self.names:
            self.norms[name] = _layer_gradient_norms(name, network)
            shown = np.where(self.norms[name] > 0, self.norms[name], np.nan)   # log axes cannot show 0
            self.lines[name].set_data(layers, shown)
        values = np.concatenate(list(self.norms.values()))
        values = values[np.isfinite(values) & (values > 0)]
        low, high = ((math.floor(math.log10(values.min()) - 0.2), math.ceil(math.log10(values.max()) + 0.2))
                     if values.size else (-1, 1))
        self.axis.set_xlim(0.5, depth + 0.5)
        self.axis.set_ylim(10.0 ** low, 10.0 ** max(high, low + 2))
        self.axis.set_title(f"Gradient reaching each layer: depth {depth}, width {width}, "
                            f"weight std = {gain:.2f}/√{width} ({_init_name(gain)})",
                            fontsize=_SETTINGS.font_size)
        self.note.set_text(f"weight std = g/√{width}\nnow: g = {gain:.2f}\nXavier/Glorot: g = 1\n"
                           f"He: g = √2 ≈ 1.41")
        self._update_readout(depth, width, gain)
        self.canvas.draw_idle()

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

    def _repr_mimebundle_(self, **kwargs):
        prepare_display(self.canvas)
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["image/png"] = base64.b64encode(png_bytes_of_canvas(self.figure)).decode("ascii")
        depth, width, gain = (self.controls[key].value for key in ("depth", "width", "gain"))
        bundle["text/plain"] = (
            f"Gradient-flow explorer: depth {depth}, width {width}, weight std = {gain:.2f}/√{width} "
            f"({_init_name(gain)}) (a static snapshot shows where widgets cannot run: open the notebook "
            "in JupyterLab or Binder to move the sliders)")
        return bundle

    def close(self) -> None:
        """Close the widgets and the figure's canvas."""
        for control in [*getattr(self, "controls", {}).values(), *getattr(self, "presets", {}).values()]:
            control.close()
        if hasattr(self, "canvas"):
            self.canvas.close()
        super().close()


def gradient_flow_explorer(depth: int = 20, width: int = 64, gain: float = XAVIER_GAIN,
                           names=GRADIENT_FLOW_ACTIVATIONS) -> GradientFlowExplorer:
    """Sliders for depth, width and initialisation gain; one line per activation of ‖∂L/∂z_l‖.

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


# -- dead units ----------------------------------------------------------------

def backward_step_example():
    """``(W, delta_next)`` for the backward-step exercise: W (8 × 6) maps the 8 outputs h of a tanh
    layer to the next layer's 6 pre-activations (z_next = h @ W + b), and delta_next = ∂L/∂z_next."""
    rng = np.random.default_rng(92)
    return rng.standard_normal((8, 6)) / math.sqrt(8.0), rng.standard_normal(6)


def _backward_step_expected(z):
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


def _variance_preserving_std(fan_in, name: str):
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
    fixed v), inputs in [0, 1) (like pixel intensities or the outputs of a ReLU layer)
    and targets 1 + sin(3 x₁) x₂; squared-error loss.  One step
    W ← W − η ∂L/∂W, b ← b − η ∂L/∂b with gradients from :func:`mlp_backward`.

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
