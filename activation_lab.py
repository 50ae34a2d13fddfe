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
import itertools
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
        # 12.5 pt so that the smallest text (legends at 0.8 of this) is still 10 pt, 14.5 pt in presenter mode
        return 12.5 * self.font_scale


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
        # the metadata's alt becomes the <img alt="..."> of nbconvert's and nbviewer's HTML
        return ({"image/png": base64.b64encode(self.png).decode("ascii"),
                 "text/plain": f"[figure: {self.alt}]"},
                {"image/png": {"alt": self.alt}})


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
    ax_f.set_title(f"{entry.title} and its derivative", fontsize=_SETTINGS.font_size * 1.1)
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
        ax.set_title(entry.title if entry.elementwise else f"{entry.title} (s₁ of (x, 0, 0))",
                     fontsize=_SETTINGS.font_size)
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


def whole_frame_png(canvas) -> bytes | None:
    """The canvas's current picture as one complete PNG frame, or None if it has not changed.

    Replaces matplotlib's ``get_diff_image``, which sends only the pixels
    that changed since the last frame.  ipympl's page loads each frame into
    one image element, and a frame that arrives while the previous one is
    still loading cancels it; a lost difference frame leaves its changes off
    the page for good (seen in Voilà: the x-range slider moved, the plot did
    not), while a lost whole frame is replaced by the next one.  Fast zlib
    (level 1) halves the cost of encoding a whole frame (about 12 ms rather
    than 24 ms for a 750 × 540 figure) for a file about 15 % larger.
    """
    from PIL import Image

    if not canvas._png_is_old:
        return None
    canvas._png_is_old = False
    canvas._force_full = False
    canvas.set_image_mode("full")
    pixels = np.asarray(canvas.get_renderer().buffer_rgba())
    with io.BytesIO() as png:
        Image.fromarray(pixels).save(png, format="png", compress_level=1)
        return png.getvalue()


def new_canvas(fig: Figure):
    """An ipympl canvas for ``fig``, set up to live inside a widget layout.

    No toolbar, header or footer, fixed size, and every frame sent whole
    (:func:`whole_frame_png`).  ipympl keeps a PNG "data URL" in sync for
    HTML embedding, but one drawn before display lacks its ``data:`` prefix
    and the browser fails on it; widgets here are never embedded, so the
    sync is off and :func:`prepare_display` sets a proper URL when the
    widget is shown.
    """
    from ipympl.backend_nbagg import Canvas, FigureManager

    canvas = Canvas(fig)
    canvas.get_diff_image = lambda: whole_frame_png(canvas)
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


class CanvasWidget(widgets.VBox):
    """A box of controls around one ipympl canvas: the shape of every interactive figure here.

    A subclass sets ``controls`` (name → widget), ``figure`` and ``canvas``
    (from :func:`new_canvas`) and writes :meth:`snapshot_text`.  This class
    gives it the static fallback, a PNG and a line of text shown where widgets
    cannot run (GitHub, nbviewer), and :meth:`close`.
    """

    MOVE_HINT = "move the sliders"

    def snapshot_text(self) -> str:
        """What the widget shows now, in one line of text."""
        raise NotImplementedError

    def snapshot(self) -> bytes:
        """The current picture as PNG bytes."""
        return png_bytes_of_canvas(self.figure)

    def _all_controls(self) -> list:
        return list(getattr(self, "controls", {}).values())

    def _on_change(self, change) -> None:
        """Observer of every control: update the picture, or say in words why it could not."""
        try:
            self._update(change)
            self.message.value = ""
        except Exception as error:  # shown to the student instead of a lost traceback
            self.errors.append(f"{type(error).__name__}: {error}")
            self.message.value = _error_html(self._settings_text(), error)

    def _update(self, change) -> None:
        """Bring the artists up to date after ``change`` (None: everything)."""
        self._refresh()

    def _refresh(self) -> None:
        raise NotImplementedError

    def _settings_text(self) -> str:
        """The control values, for an error message."""
        return ", ".join(f"{name} = {control.value}" for name, control in self.controls.items())

    def _repr_mimebundle_(self, **kwargs):
        prepare_display(self.canvas)
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["image/png"] = base64.b64encode(self.snapshot()).decode("ascii")
        bundle["text/plain"] = (f"{self.snapshot_text()} (a static snapshot shows where widgets cannot run: "
                                f"open the notebook in JupyterLab or Binder to {self.MOVE_HINT})")
        return bundle

    def close(self) -> None:
        """Close the widgets and the figure's canvas."""
        for control in self._all_controls():
            control.close()
        if hasattr(self, "canvas"):
            self.canvas.close()
        super().close()


class Explorer(CanvasWidget):
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

    def _update(self, change) -> None:
        source = change["owner"]
        if source is self.controls["x_range"]:
            self._follow_x_range()
        self._refresh(curves=source is not self.controls["x0"])

    def _settings_text(self) -> str:
        return f"{self.params} (x₀ = {self.x0})"

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

    def snapshot_text(self) -> str:
        return f"Interactive explorer for {self.entry.title}"

    def snapshot(self) -> bytes:
        """The current picture as PNG bytes, including the moving artists."""
        for line in self.lines.values():
            line.set_animated(False)
        try:
            return png_bytes_of_canvas(self.figure)
        finally:
            for line in self.lines.values():
                line.set_animated(True)



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
        grids = [_probe_values(symbol) for symbol in symbols]
        return all(abs(probe(*values)) < mpmath.mpf(10) ** -40 for values in itertools.product(*grids))


def _probe_values(symbol) -> list:
    """Points at which a symbol is probed: both signs unless sympy knows it is positive."""
    import mpmath

    values = [mpmath.mpf(v) / 7 for v in (-13, -5, -2, 3, 6, 17)]
    return [abs(v) for v in values[3:]] if symbol.is_positive or symbol.is_nonnegative else values


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
        "Use t = exp(−|x|) ≤ 1: 1/(1+t) for x ≥ 0 and t/(1+t) for x < 0.", rtol=1e-12, atol=0.0),
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
        "tanh(x) = 2σ(2x) − 1: stretch the sigmoid vertically by 2, squeeze it horizontally by 2, shift it down by 1."),
    "tanh-derivative-from-sigmoid": Exercise(
        "Write tanh'(x) using only sigmoid_derivative.",
        activations.tanh_derivative, _points(_WIDE),
        "Differentiate 2σ(2x) − 1 with the chain rule: the inner 2 and the outer 2 multiply."),
    # --- exercises: 03-relu ---
    "relu-derivative": Exercise(
        "Write relu'(x) with the module's convention at 0 (0 there), using a comparison.",
        activations.relu_derivative, _points(_WIDE, [0.0, -0.0, 1e-300, -1e-300]),
        "x > 0 is True only for x > 0, so at the kink it gives 0, the convention; "
        "make floats of it with 1.0 * (x > 0)."),
    "relu-from-abs": Exercise(
        "Write relu(x) using only np.abs, + and / (no max, no where, no comparison).",
        activations.relu, _points(_WIDE),
        "|x| = x for x ≥ 0 and −x for x < 0: the average of x and |x| is x or 0."),
    "relu-derivative-from-output": Exercise(
        "Write relu'(x) using only the output h = act.relu(x), as frameworks do when they keep only the output.",
        activations.relu_derivative, _points(_WIDE, [0.0, 1e-300, -1e-300]),
        "h > 0 exactly where x > 0; h = 0 for every x ≤ 0, the kink included."),
    # --- exercises: 04-leaky-relu ---
    "leaky-relu-derivative": Exercise(
        "Write leaky_relu'(x) for alpha = 0.1, with the module's value alpha at x = 0.",
        lambda x: activations.leaky_relu_derivative(x, alpha=0.1),
        _points(_WIDE, [0.0, -0.0, 1e-300, -1e-300]),
        "Slope 1 where x > 0, slope alpha = 0.1 everywhere else (x = 0 included): np.where(x > 0, 1.0, 0.1)."),
    "leaky-relu-from-relu": Exercise(
        "Write leaky_relu(x, alpha=0.2) using only act.relu (no where, no comparison).",
        lambda x: activations.leaky_relu(x, alpha=0.2), _points(_WIDE),
        "relu(x) is the positive part of x and −relu(−x) the negative part; keep the first, scale the second "
        "by alpha."),
    "prelu-alpha-gradient": Exercise(
        "Write ∂f/∂α, the derivative of leaky_relu(x, alpha) with respect to alpha (PReLU's gradient).",
        lambda x: np.minimum(x, 0.0), _points(_WIDE, [0.0, -1e-300, 1e-300]),
        "Now x is the constant and α the variable: the piece x has no α in it (derivative 0), the piece α·x "
        "has slope x in α. The answer does not contain α at all.", rtol=1e-12, atol=0.0),
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
    "swish-derivative": Exercise(
        "Write the SiLU's derivative f'(x) (swish with β = 1) using only sigmoid and x.",
        activations.swish_derivative, _points(_WIDE),
        "Product rule: (x)'·σ(x) + x·σ'(x) = σ(x) + x·σ(x)(1 − σ(x)) = σ(x)·(1 + x·σ(−x)). "
        "The factor in front is the gate σ(x), not swish(x) = x·σ(x)."),
    "swish-minimum": Exercise(
        "Return the x where swish(x, beta) is smallest, for each beta > 0 in the array.",
        lambda beta: swish_minimum_location(beta), _points(np.linspace(0.25, 10.0, 40)),
        "swish(x, β) = swish(βx, 1)/β: the curve is the SiLU shrunk by 1/β in both directions, so the "
        "minimum moves from x* ≈ −1.2785 to x*/β. (Or solve f'(x) = 0 with brentq for each beta.)",
        rtol=1e-9, atol=0.0),
    "swish-beta-gradient": Exercise(
        "Write ∂f/∂β, the derivative of x·σ(βx) with respect to β, at β = 1, using only sigmoid and x.",
        lambda x: x * x * activations.sigmoid_derivative(x), _points(_WIDE),
        "Now x is the constant and β the variable: the chain rule gives σ'(βx)·x, times the outer x: "
        "x²·σ(βx)(1 − σ(βx))."),
    # --- exercises: 07-gelu ---
    "gelu-derivative": Exercise(
        "Write the exact GELU derivative Φ(x) + x·φ(x) with NumPy and scipy.special.ndtr (= Φ).",
        activations.gelu_derivative, _points(_WIDE),
        "Product rule on x·Φ(x): Φ(x) + x·φ(x), with φ(x) = exp(−x²/2)/√(2π) the standard normal density."),
    "gelu-tanh": Exercise(
        "Write the tanh approximation 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))) with NumPy.",
        lambda x: activations.gelu(x, approximate="tanh"), _points(_WIDE),
        "The gate ½(1 + tanh u) replaces Φ(x); u = √(2/π)·(x + 0.044715·x³)."),
    "gelu-tanh-derivative": Exercise(
        "Write the derivative of the tanh approximation with NumPy.",
        lambda x: activations.gelu_derivative(x, approximate="tanh"), _points(_WIDE),
        "Product rule, then the chain rule: ½(1 + tanh u) + ½·x·(1 − tanh²u)·u′ with "
        "u′ = √(2/π)·(1 + 3·0.044715·x²)."),
    "gelu-sigmoid-derivative": Exercise(
        "Write the derivative of the sigmoid approximation x·σ(1.702x) using only act.sigmoid.",
        lambda x: activations.swish_derivative(x, beta=1.702), _points(_WIDE),
        "Product rule and chain rule: σ(kx) + x·k·σ(kx)(1 − σ(kx)) with k = 1.702."),
    # --- exercises: 08-softmax ---
    "softmax-diagonal": Exercise(
        "Write ∂s₁/∂x₁ for the logits (x, 0, 0) using only act.softmax.",
        lambda x: activations.softmax_derivative(softmax_line(x, 3))[..., 0, 0], _points(_WIDE),
        "The i = j case of the derivation: s₁(1 − s₁), with s₁ the first entry of softmax((x, 0, 0))."),
    "softmax-cross-term": Exercise(
        "Write ∂s₂/∂x₁ for the logits (x, 0, 0) using only act.softmax.",
        lambda x: activations.softmax_derivative(softmax_line(x, 3))[..., 1, 0], _points(_WIDE),
        "The i ≠ j case: −s₂s₁. Raising x₁ takes probability away from s₂, so the answer is negative."),
    "softmax-ce-gradient": Exercise(
        "Return ∂L/∂x₁ for L = −log s₁ (the true class is 1) and the logits (x, 0, 0).",
        lambda x: activations.softmax(softmax_line(x, 3))[..., 0] - 1.0, _points(_WIDE),
        "The gradient of softmax + cross-entropy is s − y; y₁ = 1 for the true class."),
    "softmax-log-stable": Exercise(
        "Return log s₁ for the logits (x, 0, 0), right (and without warnings) for x from −1000 to 1000.",
        lambda x: x - np.logaddexp(x, math.log(2.0)),
        _points(_WIDE, [-1000.0, -800.0, -745.0, -40.0, 40.0, 745.0, 800.0, 1000.0]),
        "log s₁ = x₁ − logsumexp(x): subtract the maximum m first, logsumexp = m + log Σ exp(xⱼ − m).",
        rtol=1e-12, atol=1e-15),
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

#: Data of the dead-unit demo (lessons 3 and 4): 41 inputs on [−2, 2] and the targets of a
#: "teacher" unit relu(1.5 x + 0.5) that the student unit f(w x + b) should learn.
DEAD_UNIT_X = np.linspace(-2.0, 2.0, 41)
DEAD_UNIT_TARGETS = np.maximum(1.5 * DEAD_UNIT_X + 0.5, 0.0)


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
        self.errors: list[str] = []
        self.training: UnitTraining | None = None
        style = {"description_width": "initial"}
        self.controls = {"bias": widgets.FloatSlider(
            value=bias, min=self.BIAS_RANGE[0], max=self.BIAS_RANGE[1], step=0.1, description="starting bias b₀",
            readout_format=".1f", continuous_update=False, style=style,
            layout=widgets.Layout(width="min(100%, 420px)"))}
        for param in self.entry.plot_parameters:
            control = _parameter_control(self.entry, param, params.get(param.name, param.default), param.name)
            control.continuous_update = False
            self.controls[param.name] = control
        self.readout = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.message = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.figure, self.canvas, self.axes, self.lines = self._make_figure()
        super().__init__(children=[*self.controls.values(), self.canvas, self.readout, self.message])
        self.add_class("activation-explorer")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._on_change(None)

    @property
    def params(self) -> dict:
        return {p.name: self.controls[p.name].value for p in self.entry.plot_parameters}

    def _make_figure(self):
        settings = _SETTINGS
        fig = Figure(figsize=(settings.figsize[0] * 1.35, settings.figsize[1] * 0.8), dpi=settings.dpi,
                     layout="constrained")
        canvas = new_canvas(fig)
        ax_fit, ax_loss = fig.subplots(1, 2, width_ratios=(1.25, 1.0))
        _style_axes(ax_fit, zero_lines=True)
        _style_axes(ax_loss)
        small = settings.font_size * 0.8
        lines = {
            "targets": ax_fit.plot(DEAD_UNIT_X, DEAD_UNIT_TARGETS, "o", color=PALETTE["muted"], markersize=5,
                                   markerfacecolor="none", label="targets y")[0],
            "active": ax_fit.plot([], [], "o", color=PALETTE["tangent"], markersize=5,
                                  label="examples with z > 0 at the start")[0],
            "z": ax_fit.plot([], [], ":", color=PALETTE["muted"], linewidth=1.8,
                             label="pre-activation z = w₀x + b₀")[0],
            "start": ax_fit.plot([], [], DERIVATIVE_STYLE, color=PALETTE["accent"], linewidth=2.0,
                                 label="unit at the start")[0],
            "end": ax_fit.plot([], [], FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.4,
                               label=f"unit after {self.steps} steps")[0],
            "loss": ax_loss.plot([], [], FUNCTION_STYLE, color=PALETTE["derivative"], linewidth=2.2)[0],
        }
        ax_fit.set_xlabel("input x")
        ax_fit.set_ylabel("output f(w x + b)")
        ax_fit.set_title(f"One {self.entry.title} unit learning y = relu(1.5x + 0.5)", fontsize=settings.font_size)
        ax_fit.legend(loc="upper left", fontsize=small)
        ax_loss.set_xlabel("gradient-descent step")
        ax_loss.set_ylabel("loss L (log scale)")
        ax_loss.set_title("Loss during training", fontsize=settings.font_size)
        self._set_limits(ax_fit, ax_loss)
        return fig, canvas, (ax_fit, ax_loss), lines

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
        ax_fit.set_ylim(*_nice_limits(np.concatenate(ends)))
        ax_loss.set_xlim(0, self.steps)
        ax_loss.set_yscale("log")            # a flat dead loss and a fall by orders of magnitude both show
        ax_loss.set_ylim(1e-5, 10.0 ** math.ceil(math.log10(np.concatenate(losses).max())))

    def _settings_text(self) -> str:
        return f"b₀ = {self.controls['bias'].value}, {self.params}"

    def _refresh(self) -> None:
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
        self.readout.value = f"<div style='font-size:{_SETTINGS.font_scale:.2f}em'>{_escape(self.summary())}</div>"
        self.canvas.draw_idle()

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
    _style_axes(ax, zero_lines=True)
    ax.plot(x, activations.relu(x), FUNCTION_STYLE, color=PALETTE["muted"], linewidth=8.0, alpha=0.55,
            solid_capstyle="butt", label="relu(x)", zorder=1)
    colours = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000")
    for colour, slope in zip(colours, slopes, strict=False):
        below = bool(np.all(slope * x <= activations.relu(x)))
        ax.plot(x, slope * x, "-" if below else ":", color=colour, linewidth=2.0, zorder=2,
                label=f"g = {_format_number(slope)}: " + ("stays below, a subgradient" if below
                                                         else "crosses above, not a subgradient"))
    ax.set_xlim(*x_range)
    ax.set_ylim(-1.0, 2.2)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title("Lines g·x through the kink: relu(x) ≥ g·x for all x exactly when 0 ≤ g ≤ 1",
                 fontsize=_SETTINGS.font_size)
    ax.legend(loc="upper left", fontsize=_SETTINGS.font_size * 0.85)
    return fig

# === helpers: 04-leaky-relu (own) ===
# (The dead-unit demo of lesson 4 is lesson 3's train_unit / dead_unit_demo with name="leaky_relu".)

def leaky_family_figure(alphas=(0.0, 0.1, 0.3, 1.0), x_range=(-3.0, 3.0)) -> Figure:
    """Leaky ReLU (top) and its derivative (bottom) for several alphas: α = 0 is ReLU, α = 1 the identity.

    The derivative is drawn as two branches (x ≤ 0 and x > 0) with a filled dot for the value the
    module uses at 0 (α), so no line is drawn across the jump.
    """
    x = np.linspace(*x_range, 601)
    left, right = x[x <= 0.0], x[x > 0.0]
    fig, (ax_f, ax_d) = figure(2, 1, sharex=True)
    for ax in (ax_f, ax_d):
        _style_axes(ax, zero_lines=True)
    colours = ("#000000", "#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00")
    for colour, alpha in zip(colours, alphas, strict=False):
        name = {0.0: " (ReLU)", 1.0: " (identity)"}.get(float(alpha), "")
        label = f"α = {_format_number(alpha)}{name}"
        ax_f.plot(x, activations.leaky_relu(x, alpha=alpha), FUNCTION_STYLE, color=colour, linewidth=2.2,
                  label=label)
        for branch in (left, right):
            ax_d.plot(branch, activations.leaky_relu_derivative(branch, alpha=alpha), DERIVATIVE_STYLE,
                      color=colour, linewidth=2.2)
        ax_d.plot([0.0], [float(activations.leaky_relu_derivative(0.0, alpha=alpha))], "o", color=colour,
                  markersize=6)
    ax_f.set_ylabel("f(x)")
    ax_d.set_ylabel("f′(x)")
    ax_d.set_xlabel("x")
    ax_d.set_ylim(-0.1, 1.15)
    ax_f.set_title("Leaky ReLU for several α: the slope left of 0 is α (dots: the value used at x = 0)",
                   fontsize=_SETTINGS.font_size)
    ax_f.legend(loc="upper left", fontsize=_SETTINGS.font_size * 0.85)
    return fig


# === helpers: 05-elu / 06-swish / 07-gelu ===
# === helpers: 05-elu (own) ===

def elu_jump_figure(alphas=(0.5, 1.0, 2.0), x_range=(-3.0, 2.0)) -> Figure:
    """ELU (top row) and its derivative (bottom row) for each alpha, with the jump of f′ at 0 marked.

    The derivative is drawn as two separate branches from the module's
    ``elu_derivative``; a filled dot marks the value the module uses at 0 (the
    x ≤ 0 branch, α), an open circle the limit from the right (1), and a
    dotted segment the jump between them.

    Examples
    --------
    >>> fig = elu_jump_figure((0.5, 1.0))
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['α = 0.5: f′ jumps by 0.5', 'α = 1: f′ is continuous']
    """
    alphas = tuple(float(a) for a in alphas)
    low, high = x_range
    left, right = np.linspace(low, 0.0, 301), np.linspace(0.0, high, 201)[1:]
    fig = Figure(figsize=_SETTINGS.figsize, dpi=_SETTINGS.dpi, layout="constrained")
    axes = fig.subplots(2, len(alphas), sharex=True, sharey="row", squeeze=False)
    size = _SETTINGS.font_size
    handles = []
    for column, alpha in enumerate(alphas):
        ax_f, ax_d = axes[0, column], axes[1, column]
        for ax in (ax_f, ax_d):
            _style_axes(ax, zero_lines=True)
        x = np.concatenate([left, right])
        ax_f.plot(x, activations.elu(x, alpha=alpha), FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.2)
        for branch in (left, right):
            ax_d.plot(branch, activations.elu_derivative(branch, alpha=alpha), DERIVATIVE_STYLE,
                      color=PALETTE["derivative"], linewidth=2.2)
        at_zero = float(activations.elu_derivative(0.0, alpha=alpha))
        from_right = float(activations.elu_derivative(right[0], alpha=alpha))
        jump = from_right - at_zero
        segment = ax_d.plot([0.0, 0.0], [at_zero, from_right], ":", color=PALETTE["accent"], linewidth=2.4,
                            label="jump f′(0⁺) − f′(0⁻) = 1 − α")[0]
        filled = ax_d.plot([0.0], [at_zero], "o", color=PALETTE["derivative"], markersize=7, zorder=5,
                           label="f′(0) = α, the value used at 0")[0]
        hollow = ax_d.plot([0.0], [from_right], "o", markerfacecolor="white", markeredgecolor=PALETTE["point"],
                           markersize=7, zorder=4, label="limit from the right, 1")[0]
        handles = [filled, hollow, segment]
        continuous = abs(jump) < 1e-12
        ax_f.set_title(f"α = {alpha:g}: " + ("f′ is continuous" if continuous
                                             else f"f′ jumps by {_format_number(jump)}"), fontsize=size)
        if not continuous:
            ax_d.annotate(f"jump {_format_number(jump)}", xy=(0.0, 0.5 * (at_zero + from_right)),
                          xytext=(8, 0), textcoords="offset points", va="center", fontsize=size * 0.85,
                          color=PALETTE["accent"])
        ax_d.set_xlabel("x")
    axes[0, 0].set_ylabel("f(x) = elu(x, α)")
    axes[1, 0].set_ylabel("f′(x)")
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=size * 0.8)
    fig.suptitle("ELU is continuous for every α; its derivative only for α = 1", fontsize=size * 1.1)
    return fig


_SELU_CONSTANTS: dict[int, tuple[float, float]] = {}


def selu_constants(dps: int = 30) -> tuple[float, float]:
    r"""SELU's ``(lambda, alpha)`` from the closed forms of the two moment equations, with mpmath.

    For Z ~ N(0, 1), using :math:`\int_{-\infty}^0 e^{tz}\varphi(z)\,dz = e^{t^2/2}\,\Phi(-t)`:

    .. math::
        \mathbb{E}[\operatorname{elu}_\alpha(Z)] = \tfrac{1}{\sqrt{2\pi}}
            + \alpha\bigl(e^{1/2}\Phi(-1) - \tfrac12\bigr),
        \qquad
        \mathbb{E}[\operatorname{elu}_\alpha(Z)^2] = \tfrac12
            + \alpha^2\bigl(e^{2}\Phi(-2) - 2e^{1/2}\Phi(-1) + \tfrac12\bigr).

    Mean 0 fixes α (λ scales the mean and cannot move it off 0); then
    variance 1 gives :math:`\lambda = 1/\sqrt{\mathbb{E}[\operatorname{elu}_\alpha(Z)^2]}`.

    Examples
    --------
    >>> scale, alpha = selu_constants()
    >>> round(scale, 10), round(alpha, 10)
    (1.0507009874, 1.6732632424)
    """
    import mpmath

    if dps not in _SELU_CONSTANTS:
        with mpmath.workdps(dps):
            def tail(t):                        # ∫_{-∞}^0 e^{tz} φ(z) dz
                return mpmath.exp(mpmath.mpf(t) ** 2 / 2) * mpmath.ncdf(-t)

            half = mpmath.mpf(1) / 2
            alpha = (1 / mpmath.sqrt(2 * mpmath.pi)) / (half - tail(1))
            second_moment = half + alpha ** 2 * (tail(2) - 2 * tail(1) + half)
            _SELU_CONSTANTS[dps] = (float(1 / mpmath.sqrt(second_moment)), float(alpha))
    return _SELU_CONSTANTS[dps]


def _selu_derivative_expected(x):
    scale, alpha = selu_constants()
    return scale * activations.elu_derivative(x, alpha=alpha)


class CloseUpExplorer(CanvasWidget):
    """One registry parameter's slider driving a close-up figure: function above, derivative below.

    The scaffolding shared by the lessons' close-ups (:class:`EluJumpExplorer`,
    :class:`SwishDipExplorer`): the slider (range, step and tooltip from the
    registry), a figure built once on fixed axes, a readout, and an error
    message in place of a traceback.  A subclass sets the class attributes
    and writes ``_add_artists`` (called once), ``_refresh`` (every change:
    ``set_data`` on ``lines`` then ``canvas.draw_idle()``) and ``snapshot_text``.
    """

    ACTIVATION = ""
    PARAMETER = ""
    LABEL = ""
    X_RANGE = (-1.0, 1.0)
    Y_LIMITS = ((-1.0, 1.0), (-1.0, 1.0))      # (function panel, derivative panel)
    HEIGHT_RATIOS = (1.0, 1.0)
    MOVE_HINT = "move the slider"

    def __init__(self, value: float):
        self.entry = activations.ACTIVATIONS[self.ACTIVATION]
        self.errors: list[str] = []
        param = next(p for p in self.entry.parameters if p.name == self.PARAMETER)
        slider = widgets.FloatSlider(
            value=value, min=param.minimum, max=param.maximum, step=param.step, description=self.LABEL,
            readout=True, readout_format=".2f", continuous_update=True, style={"description_width": "initial"},
            layout=widgets.Layout(width="min(100%, 460px)"))
        slider.tooltip = param.description
        self.controls = {self.PARAMETER: slider}
        self.readout = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.message = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.figure, self.canvas, self.axes, self.lines = self._make_figure()
        super().__init__(children=[widgets.VBox([slider]), self.canvas, self.readout, self.message])
        self.add_class("activation-explorer")
        slider.observe(self._on_change, names="value")
        self._on_change(None)

    @property
    def value(self) -> float:
        return float(self.controls[self.PARAMETER].value)

    def _make_figure(self):
        size = _SETTINGS.font_size
        fig = Figure(figsize=_SETTINGS.figsize, dpi=_SETTINGS.dpi, layout="constrained")
        canvas = new_canvas(fig)
        ax_f, ax_d = fig.subplots(2, 1, sharex=True, height_ratios=self.HEIGHT_RATIOS)
        for ax in (ax_f, ax_d):
            _style_axes(ax, zero_lines=True)
        lines = self._add_artists(ax_f, ax_d, size)
        ax_f.set_xlim(*self.X_RANGE)
        ax_f.set_ylim(*self.Y_LIMITS[0])
        ax_d.set_ylim(*self.Y_LIMITS[1])
        ax_f.set_ylabel("f(x)")
        ax_d.set_ylabel("f′(x)")
        ax_d.set_xlabel("x")
        ax_f.legend(loc="upper left", fontsize=size * 0.8)
        ax_d.legend(loc="upper left", fontsize=size * 0.8)
        self.title = ax_f.set_title("", fontsize=size * 1.05)
        return fig, canvas, (ax_f, ax_d), lines

    def _add_artists(self, ax_f, ax_d, size: float) -> dict:
        raise NotImplementedError




class EluJumpExplorer(CloseUpExplorer):
    """ELU and its derivative near 0 for one α, with the jump of f′ at 0 drawn and labelled.

    Build it with :func:`elu_jump_explorer`.  ``controls["alpha"]`` is the
    slider.  Top: the function with its two one-sided tangents at 0 (slope α
    from the left, 1 from the right; one straight line only for α = 1).
    Bottom: the derivative's two branches from the module, a filled dot at
    f′(0) = α (the module's value), an open circle at the right limit 1 and
    a dotted segment for the jump 1 − α.  ``jump`` holds the drawn jump.
    """

    ACTIVATION, PARAMETER, LABEL = "elu", "alpha", "alpha (α)"
    X_RANGE = (-3.0, 2.0)
    Y_LIMITS = ((-3.3, 2.3), (-0.15, 3.3))

    def __init__(self, alpha: float = 0.5, n_points: int = 301):
        self.left = np.linspace(self.X_RANGE[0], 0.0, n_points)
        self.right = np.linspace(0.0, self.X_RANGE[1], n_points)[1:]
        self.at_zero = self.jump = float("nan")
        super().__init__(alpha)

    @property
    def alpha(self) -> float:
        return self.value

    def _add_artists(self, ax_f, ax_d, size: float) -> dict:
        lines = {
            "function": ax_f.plot([], [], FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.4,
                                  label="f(x) = elu(x, α)")[0],
            "tangent_left": ax_f.plot([], [], ":", color=PALETTE["derivative"], linewidth=2.0,
                                      label="tangent at 0 from the left, slope α")[0],
            "tangent_right": ax_f.plot([], [], ":", color=PALETTE["tangent"], linewidth=2.0,
                                       label="tangent at 0 from the right, slope 1")[0],
            "left": ax_d.plot([], [], DERIVATIVE_STYLE, color=PALETTE["derivative"], linewidth=2.4,
                              label="f′(x) = α·eˣ for x ≤ 0")[0],
            "right": ax_d.plot([], [], DERIVATIVE_STYLE, color=PALETTE["tangent"], linewidth=2.4,
                               label="f′(x) = 1 for x > 0")[0],
            "segment": ax_d.plot([], [], ":", color=PALETTE["accent"], linewidth=2.6,
                                 label="jump f′(0⁺) − f′(0⁻) = 1 − α")[0],
            "at_zero": ax_d.plot([], [], "o", color=PALETTE["derivative"], markersize=8, zorder=5,
                                 label="f′(0) = α, the value used at 0")[0],
            "from_right": ax_d.plot([], [], "o", markerfacecolor="white", markeredgecolor=PALETTE["point"],
                                    markersize=8, zorder=4, label="limit from the right, 1")[0],
        }
        self.label = ax_d.text(0.12, 0.0, "", va="center", fontsize=size * 0.9, color=PALETTE["accent"])
        return lines

    def _refresh(self) -> None:
        alpha, left, right = self.alpha, self.left, self.right
        x = np.concatenate([left, right])
        self.lines["function"].set_data(x, activations.elu(x, alpha=alpha))
        ends = np.array([self.X_RANGE[0], 1.0])        # each one-sided tangent, drawn past 0 so they cross
        self.lines["tangent_left"].set_data(ends, alpha * ends)
        self.lines["tangent_right"].set_data([-2.0, self.X_RANGE[1]], [-2.0, self.X_RANGE[1]])
        self.lines["left"].set_data(left, activations.elu_derivative(left, alpha=alpha))
        self.lines["right"].set_data(right, activations.elu_derivative(right, alpha=alpha))
        at_zero = float(activations.elu_derivative(0.0, alpha=alpha))
        from_right = float(activations.elu_derivative(right[0], alpha=alpha))
        self.at_zero, self.jump = at_zero, from_right - at_zero
        self.lines["segment"].set_data([0.0, 0.0], [at_zero, from_right])
        self.lines["at_zero"].set_data([0.0], [at_zero])
        self.lines["from_right"].set_data([0.0], [from_right])
        continuous = abs(self.jump) < 1e-12
        self.label.set_y(0.5 * (at_zero + from_right))
        self.label.set_text("" if continuous else f"jump {_format_number(self.jump)}")
        self.title.set_text(f"α = {alpha:.2f}: " + (
            "f′ is continuous at 0 (the two tangents are one line)" if continuous
            else f"f′ jumps by 1 − α = {_format_number(self.jump)} at 0"))
        self.readout.value = (
            f"α = {alpha:.2f}: f′(0⁻) = α = <b>{_format_number(at_zero)}</b> (the module's f′(0)), "
            f"f′(0⁺) = <b>{_format_number(from_right)}</b>, jump f′(0⁺) − f′(0⁻) = <b>{_format_number(self.jump)}</b>"
            + (". Continuous: ELU is C¹ for this α." if continuous else ". A kink: only α = 1 closes the gap."))
        self.canvas.draw_idle()

    def snapshot_text(self) -> str:
        return (f"ELU jump explorer, alpha = {self.alpha:.2f}: f'(0) = {self.at_zero:.6f} from the left, "
                f"1 from the right, jump {self.jump:+.6f}")


def elu_jump_explorer(alpha: float = 0.5) -> EluJumpExplorer:
    """An α slider for ELU that draws the jump of f′ at 0 (zero only for α = 1).

    Examples
    --------
    >>> explorer = elu_jump_explorer(0.5)
    >>> explorer.jump
    0.5
    >>> explorer.controls["alpha"].value = 1.0
    >>> explorer.jump
    0.0
    >>> explorer.close()
    """
    return EluJumpExplorer(alpha)


# === helpers: 06-swish (own) ===

def swish_minimum_location(beta):
    r"""Where swish x·σ(βx) is smallest, for beta > 0 (array or scalar): x* = −(1 + W(1/e))/β.

    f'(x) = 0 means 1 + βx·σ(−βx) = 0, that is 1 + βx + e^{βx} = 0; with
    u = −(1 + βx) this is u·e^u = 1/e, so u = W(1/e) (Lambert's W, principal
    branch) and the minimum value is −W(1/e)/β.  Used as the exercise's
    reference, independent of the module's derivative.

    Examples
    --------
    >>> round(float(swish_minimum_location(1.0)), 10)
    -1.2784645428
    >>> round(float(swish_minimum_location(4.0)), 10)
    -0.3196161357
    """
    from scipy import special

    omega = float(special.lambertw(math.exp(-1.0)).real)
    return -(1.0 + omega) / np.asarray(beta, dtype=float)


def swish_dip_root(beta: float) -> float | None:
    """Where the module's ``swish_derivative`` is 0, by Brent's method; None for beta = 0 (no root).

    For beta > 0, f′(−6/β) < 0 < f′(0) = 1/2 brackets the single root.
    """
    from scipy.optimize import brentq

    beta = float(beta)
    if beta <= 0.0:
        return None
    return float(brentq(lambda v: float(activations.swish_derivative(v, beta=beta)), -6.0 / beta, 0.0,
                        xtol=1e-14, rtol=1e-14))


class SwishDipExplorer(CloseUpExplorer):
    """Swish for one β, with the references x/2 (β → 0) and ReLU (β → ∞), and its minimum marked.

    Build it with :func:`swish_dip_explorer`.  ``controls["beta"]`` is the
    slider.  The minimum is found on every change by :func:`swish_dip_root`
    (Brent's method on the module's derivative); ``minimum`` holds
    ``(x*, f(x*))`` or None for β = 0.  ``lines`` holds the artists, built
    once and updated with ``set_data``.
    """

    ACTIVATION, PARAMETER, LABEL = "swish", "beta", "beta (β)"
    X_RANGE = (-6.0, 4.0)
    Y_LIMITS = ((-3.3, 4.2), (-0.25, 1.25))
    HEIGHT_RATIOS = (1.6, 1.0)

    def __init__(self, beta: float = 1.0, n_points: int = 801):
        self.x = np.linspace(*self.X_RANGE, n_points)
        self.minimum: tuple[float, float] | None = None
        super().__init__(beta)

    @property
    def beta(self) -> float:
        return self.value

    def _add_artists(self, ax_f, ax_d, size: float) -> dict:
        x = self.x
        lines = {
            "half": ax_f.plot(x, x / 2.0, "-.", color=PALETTE["extra"][0], linewidth=1.8,
                              label="x/2 (β → 0)")[0],
            "relu": ax_f.plot(x, activations.relu(x), ":", color=PALETTE["point"], linewidth=1.8,
                              label="ReLU (β → ∞)")[0],
            "function": ax_f.plot([], [], FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.4,
                                  label="swish x·σ(βx)")[0],
            "minimum": ax_f.plot([], [], "o", color=PALETTE["accent"], markeredgecolor="black", markersize=9,
                                 zorder=5, label="minimum, where f′ = 0")[0],
            "derivative": ax_d.plot([], [], DERIVATIVE_STYLE, color=PALETTE["derivative"], linewidth=2.4,
                                    label="f′(x)")[0],
            "root": ax_d.plot([], [], "o", color=PALETTE["accent"], markeredgecolor="black", markersize=9,
                              zorder=5, label="f′(x*) = 0")[0],
        }
        lines["guide"] = ax_d.axvline(np.nan, color=PALETTE["accent"], linewidth=1.0, linestyle="-")
        lines["guide_f"] = ax_f.axvline(np.nan, color=PALETTE["accent"], linewidth=1.0, linestyle="-")
        self.label = ax_f.annotate("", xy=(0.0, 0.0), xytext=(0.0, -30.0), textcoords="offset points",
                                   ha="center", va="top", fontsize=size * 0.85, color="black",
                                   bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": PALETTE["accent"]})
        return lines

    def _refresh(self) -> None:
        beta, x = self.beta, self.x
        self.lines["function"].set_data(x, activations.swish(x, beta=beta))
        self.lines["derivative"].set_data(x, activations.swish_derivative(x, beta=beta))
        root = swish_dip_root(beta)
        kind = "the line x/2" if beta == 0.0 else "the SiLU" if beta == 1.0 else (
            "close to ReLU" if beta >= 5.0 else "between x/2 and ReLU")
        self.title.set_text(f"β = {beta:.2f}: {kind}")
        if root is None:
            self.minimum = None
            for key in ("minimum", "root"):
                self.lines[key].set_data([], [])
            for key in ("guide", "guide_f"):
                self.lines[key].set_xdata([np.nan, np.nan])
            self.label.set_text("")
            self.readout.value = ("β = 0: the gate is stuck at σ(0) = 1/2, so f(x) = x/2, a straight line with "
                                  "slope 1/2 everywhere: f′ is never 0 and there is <b>no minimum</b>.")
        else:
            value = float(activations.swish(root, beta=beta))
            self.minimum = (root, value)
            self.lines["minimum"].set_data([root], [value])
            self.lines["root"].set_data([root], [0.0])
            for key in ("guide", "guide_f"):
                self.lines[key].set_xdata([root, root])
            inside = self.X_RANGE[0] <= root <= self.X_RANGE[1]
            self.label.xy = (root, value)
            self.label.set_text(f"({_format_number(round(root, 4))}, {_format_number(round(value, 4))})"
                                if inside else "")
            silu_root = swish_minimum_location(1.0)
            where = "" if inside else " (left of the plotted range)"
            self.readout.value = (
                f"β = {beta:.2f}: f′(x) = 0 at <b>x* = {_format_number(root)}</b>{where} (brentq on the module's "
                f"derivative); the SiLU's −1.27846 divided by β is {_format_number(float(silu_root) / beta)}. "
                f"Minimum value f(x*) = <b>{_format_number(value)}</b>; largest gap to ReLU ≈ "
                f"{_format_number(-value)}.")
        self.canvas.draw_idle()

    def snapshot_text(self) -> str:
        where = ("no minimum" if self.minimum is None else
                 f"minimum at x = {self.minimum[0]:.6f}, value {self.minimum[1]:.6f}")
        return f"Swish dip explorer, beta = {self.beta:.2f}: {where}"


def swish_dip_explorer(beta: float = 1.0) -> SwishDipExplorer:
    """A β slider for swish with the references x/2 and ReLU drawn and the minimum marked.

    Examples
    --------
    >>> explorer = swish_dip_explorer(2.0)
    >>> round(explorer.minimum[0], 6)
    -0.639232
    >>> explorer.controls["beta"].value = 0.0
    >>> explorer.minimum is None
    True
    >>> explorer.close()
    """
    return SwishDipExplorer(beta)


# === helpers: 08-softmax ===

def softmax_line(x, classes: int = 3) -> np.ndarray:
    """Logit vectors (x, 0, ..., 0): one row of ``classes`` logits per value of ``x``.

    Examples
    --------
    >>> softmax_line([1.0, 2.0], classes=3)
    array([[1., 0., 0.],
           [2., 0., 0.]])
    """
    x = np.asarray(x, dtype=float)
    return np.concatenate([x[..., None], np.zeros((*x.shape, int(classes) - 1))], axis=-1)


class SoftmaxExplorer(CanvasWidget):
    """Softmax of a few logits as bars, and its Jacobian as an annotated heatmap.

    Build it with :func:`softmax_explorer`.  ``controls`` holds one slider per
    logit (``"x1"``, ``"x2"``, ...), ``"temperature"`` and ``"shift"``.  The
    plot shows s = softmax(z) for z = (x + c)/T and the Jacobian
    ∂s_i/∂z_j = s_i(δ_ij − s_j) from :func:`activations.softmax_derivative`.
    ``bars``, ``bar_labels``, ``image`` and ``cell_labels`` are the artists
    (built once); ``probabilities`` and ``jacobian`` the values they show.
    """

    def __init__(self, logits=(2.0, 1.0, 0.1, -1.0), temperature: float = 1.0, shift: float = 0.0):
        logits = [float(v) for v in logits]
        if not 3 <= len(logits) <= 5:
            raise ValueError(f"softmax_explorer: give 3 to 5 logits, got {len(logits)}")
        self.size = len(logits)
        self.errors: list[str] = []
        self.probabilities = np.full(self.size, np.nan)
        self.jacobian = np.full((self.size, self.size), np.nan)
        self.controls = self._make_controls(logits, temperature, shift)
        self.readout = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.message = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.figure, self.canvas, self.axes = self._make_figure()
        super().__init__(children=[widgets.VBox(list(self.controls.values())), self.canvas,
                                   self.readout, self.message])
        self.add_class("activation-explorer")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._on_change(None)

    # -- construction -------------------------------------------------------

    def _make_controls(self, logits, temperature: float, shift: float) -> dict:
        style = {"description_width": "initial"}
        layout = widgets.Layout(width="min(100%, 460px)")
        controls = {
            f"x{i + 1}": widgets.FloatSlider(value=value, min=-6.0, max=6.0, step=0.1,
                                             description=f"logit x{_SUBSCRIPTS[i + 1]}", readout_format=".1f",
                                             style=style, layout=layout)
            for i, value in enumerate(logits)}
        controls["temperature"] = widgets.FloatSlider(
            value=temperature, min=0.1, max=5.0, step=0.05, description="temperature T",
            readout_format=".2f", style=style, layout=layout)
        controls["shift"] = widgets.FloatSlider(
            value=shift, min=-500.0, max=500.0, step=5.0, description="shift all logits by c",
            readout_format=".0f", style=style, layout=layout)
        controls["temperature"].tooltip = "z = x / T: small T sharpens, large T flattens"
        controls["shift"].tooltip = "adds c to every logit; softmax does not change"
        return controls

    def _make_figure(self):
        settings = _SETTINGS
        size = self.size
        fig = Figure(figsize=(settings.figsize[0] * 1.45, settings.figsize[1] * 0.85), dpi=settings.dpi,
                     layout="constrained")
        canvas = new_canvas(fig)
        ax_bars, ax_jac = fig.subplots(1, 2, width_ratios=(1.0, 1.15))
        _style_axes(ax_bars)
        ax_bars.grid(False, axis="x")
        names = [f"s{_SUBSCRIPTS[i + 1]}" for i in range(size)]
        self.bars = list(ax_bars.bar(np.arange(size), np.zeros(size), width=0.65,
                                     color=PALETTE["function"], edgecolor="black", linewidth=0.8))
        self.bar_labels = [ax_bars.text(i, 0.0, "", ha="center", va="bottom", fontsize=settings.font_size)
                           for i in range(size)]
        ax_bars.axhline(1.0 / size, color=PALETTE["muted"], linestyle=":", linewidth=1.2,
                        label=f"uniform 1/{size}")
        ax_bars.set_xticks(np.arange(size), names)
        ax_bars.set_ylim(0.0, 1.3)
        ax_bars.set_yticks(np.linspace(0.0, 1.0, 6))
        ax_bars.set_ylabel("probability")
        ax_bars.legend(loc="upper right", fontsize=settings.font_size * 0.85)
        ax_bars.set_title("probabilities s = softmax(z)", fontsize=settings.font_size * 1.05)

        self.image = ax_jac.imshow(np.zeros((size, size)), cmap="RdBu_r", vmin=-0.25, vmax=0.25)
        self.cell_labels = [[ax_jac.text(j, i, "", ha="center", va="center", fontsize=settings.font_size * 0.9)
                             for j in range(size)] for i in range(size)]
        ax_jac.set_xticks(np.arange(size), [f"z{_SUBSCRIPTS[j + 1]}" for j in range(size)])
        ax_jac.set_yticks(np.arange(size), names)
        ax_jac.tick_params(labelsize=settings.font_size * 0.9, top=True, labeltop=True,
                           bottom=False, labelbottom=False)
        ax_jac.set_title("Jacobian ∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ)", fontsize=settings.font_size * 1.05)
        colorbar = fig.colorbar(self.image, ax=ax_jac, shrink=0.85)
        colorbar.ax.tick_params(labelsize=settings.font_size * 0.85)
        self.suptitle = fig.suptitle("", fontsize=settings.font_size)
        return fig, canvas, (ax_bars, ax_jac)

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

    def _refresh(self) -> None:
        z = self.inputs
        s = np.asarray(activations.softmax(z), dtype=float)
        jacobian = np.asarray(activations.softmax_derivative(z), dtype=float)
        for bar, label, value in zip(self.bars, self.bar_labels, s, strict=True):
            bar.set_height(value)
            label.set_y(value + 0.01)
            label.set_text(f"{value:.3f}")
        self.image.set_data(jacobian)
        for i in range(self.size):
            for j in range(self.size):
                value = jacobian[i, j]
                self.cell_labels[i][j].set_text(_signed(value))
                self.cell_labels[i][j].set_color("white" if abs(value) > 0.14 else "black")
        shift, temperature = self.controls["shift"].value, self.controls["temperature"].value
        self.suptitle.set_text(f"z = (x + c) / T  with  c = {_format_number(shift)},  T = {temperature:.2f}")
        self.probabilities, self.jacobian = s, jacobian
        self._update_readout(z, s, jacobian, temperature)
        self.canvas.draw_idle()

    def _update_readout(self, z, s, jacobian, temperature: float) -> None:
        def vector(values):
            return "(" + ", ".join(_format_number(round(float(v), 4) + 0.0) for v in values) + ")"

        row_sums = np.abs(jacobian.sum(axis=1)).max()
        self.readout.value = (
            f"<div>x + c = {vector(self.logits + self.controls['shift'].value)} &nbsp;·&nbsp; "
            f"z = {vector(z)}</div>"
            f"<div>s = {vector(s)} &nbsp;·&nbsp; Σ s = {s.sum():.6f} &nbsp;·&nbsp; "
            f"largest |row sum| of the Jacobian: {row_sums:.1e}</div>"
            f"<div>Jacobian with respect to the slider logits x: ∂s/∂x = (∂s/∂z) / T "
            f"(chain rule), largest entry {np.abs(jacobian).max() / temperature:.4f}</div>")

    # -- display ------------------------------------------------------------

    def snapshot_text(self) -> str:
        return (f"Softmax explorer with {self.size} logits: s = "
                + ", ".join(f"{v:.4f}" for v in self.probabilities))


_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"


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
    """Vary the first of ``classes`` logits (the others at 0): s₁ and s₂ above, ∂s₁/∂x₁ and ∂s₂/∂x₁ below."""
    x = np.linspace(*x_range, 601)
    logits = softmax_line(x, classes)
    s = activations.softmax(logits)
    jacobian = activations.softmax_derivative(logits)
    fig, (ax_f, ax_d) = figure(2, 1, sharex=True)
    for ax in (ax_f, ax_d):
        _style_axes(ax, zero_lines=True)
    ax_f.plot(x, s[:, 0], FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.4, label="s₁ (its own logit moves)")
    ax_f.plot(x, s[:, 1], FUNCTION_STYLE, color=PALETTE["accent"], linewidth=2.4,
              label={2: "s₂", 3: "s₂ = s₃ (logits fixed at 0)"}.get(
                  classes, f"s₂ = … = s{_SUBSCRIPTS[classes]} (logits fixed at 0)"))
    ax_d.plot(x, jacobian[:, 0, 0], DERIVATIVE_STYLE, color=PALETTE["derivative"], linewidth=2.4,
              label="∂s₁/∂x₁ = s₁(1 − s₁)")
    ax_d.plot(x, jacobian[:, 1, 0], DERIVATIVE_STYLE, color=PALETTE["tangent"], linewidth=2.4,
              label="∂s₂/∂x₁ = −s₁s₂ (cross term)")
    ax_d.plot(x, jacobian.sum(axis=1)[:, 0], ":", color=PALETTE["point"], linewidth=1.6,
              label="column sum Σᵢ ∂sᵢ/∂x₁ = 0")
    ax_f.set_ylabel("probability")
    ax_d.set_ylabel("derivative")
    ax_d.set_xlabel(f"x₁ (the other {classes - 1} logits are 0)")
    ax_f.set_title(f"Softmax of {classes} logits as one logit moves", fontsize=_SETTINGS.font_size * 1.1)
    ax_f.legend(loc="center right", fontsize=_SETTINGS.font_size * 0.85)
    ax_d.set_ylim(-0.34, 0.3)
    ax_d.legend(loc="lower left", fontsize=_SETTINGS.font_size * 0.85)
    return fig


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


class Comparison(CanvasWidget):
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
        shown = ", ".join(f"{k}={v}" if isinstance(v, str) else f"{k}={v:g}" for k, v in changed.items())
        if not entry.elementwise:       # short enough for the legend beside the plot, with a parameter too
            return f"{entry.title} s₁ ({shown})" if changed else f"{entry.title} s₁(x, 0, …)"
        return f"{entry.title} ({shown})" if changed else entry.title

    # -- updates ------------------------------------------------------------

    def _update(self, change) -> None:
        self._refresh(rescale=change is None or change["owner"] not in self._parameter_controls())

    def _settings_text(self) -> str:
        return ", ".join(self.selected) or "no activation"

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
        if rescale:
            self.axes[0].set_xlim(low, high)        # the x axis follows the slider even with nothing ticked
            if shown:
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

    MOVE_HINT = "tick activations and move the sliders"

    def snapshot_text(self) -> str:
        low, high = self.x_range
        shown = ", ".join(self.label(name) for name in self.selected) or "no activation"
        return f"Comparison of {shown} on [{low:g}, {high:g}]"

    def _all_controls(self) -> list:
        return [*getattr(self, "checkboxes", {}).values(), *super()._all_controls()]


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
    r"""Backpropagation: the gradients of a loss ℒ given :math:`\partial \mathcal{L} / \partial h_L`.

    With :math:`\delta_l = \partial \mathcal{L} / \partial z_l`:

    .. math:: \delta_L = \frac{\partial \mathcal{L}}{\partial h_L} \odot f'(z_L),\qquad
              \delta_{l-1} = (\delta_l W_l^\top) \odot f'(z_{l-1}),\qquad
              \frac{\partial \mathcal{L}}{\partial W_l} = h_{l-1}^\top \delta_l,\quad
              \frac{\partial \mathcal{L}}{\partial b_l} = \textstyle\sum_{\text{examples}} \delta_l

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
    r"""Loss :math:`\mathcal{L} = \frac{1}{2B}\sum_b \lVert h_b - y_b \rVert^2` over a batch of B rows, and
    :math:`\partial \mathcal{L} / \partial h = (h - y)/B`."""
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
    and the loss :math:`\mathcal{L} = \frac{1}{B}\sum_b u \cdot h_{L,b}` for a fixed random
    vector u, so the same gradient enters the top of every network.  Returns
    :math:`\lVert \partial \mathcal{L} / \partial z_l \rVert` (Frobenius norm over the
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
        ax.set_ylabel("‖∂ℒ/∂z_l‖  (log scale)")
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

    def _settings_text(self) -> str:
        return f"settings {self.settings}"

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

    def snapshot_text(self) -> str:
        depth, width, gain = (self.controls[key].value for key in ("depth", "width", "gain"))
        return (f"Gradient-flow explorer: depth {depth}, width {width}, weight std = {gain:.2f}/√{width} "
                f"({_init_name(gain)})")

    def _all_controls(self) -> list:
        return [*super()._all_controls(), *getattr(self, "presets", {}).values()]


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


# -- dead units ----------------------------------------------------------------

def backward_step_example():
    """``(W, delta_next)`` for the backward-step exercise: W (8 × 6) maps the 8 outputs h of a tanh
    layer to the next layer's 6 pre-activations (z_next = h @ W + b), and delta_next = ∂ℒ/∂z_next."""
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
