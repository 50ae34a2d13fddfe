"""Static figures that render anywhere (GitHub, nbviewer, print): the lessons' pictures as PNGs.

Every lesson shows one through :func:`show`; the overview and ``assets/`` use :func:`gallery_figure`.
"""

from __future__ import annotations

import base64
import html
import io
import math

import numpy as np
from matplotlib.figure import Figure

import activations

from .style import DERIVATIVE_STYLE, FUNCTION_STYLE, PALETTE, settings, style_axes


def figure(nrows: int = 1, ncols: int = 1, **subplot_kw):
    """A matplotlib Figure (not managed by pyplot) and its axes, styled for the lessons.

    Returns ``(fig, axes)``; display it with :func:`show`.
    """
    fig = Figure(figsize=settings().figsize, dpi=settings().dpi, layout="constrained")
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    for ax in np.atleast_1d(axes).ravel():
        style_axes(ax)
    return fig, axes


def png_bytes(fig: Figure) -> bytes:
    """Render ``fig`` to PNG bytes with Agg, keeping its canvas (no metadata: the bytes are reproducible)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


class StaticImage:
    """A PNG with alt text: shows as an image anywhere, with a deterministic text form."""

    def __init__(self, png: bytes, alt: str):
        self.png = png
        self.alt = alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        return image_bundle(self.png, self.alt, f"[figure: {self.alt}]")


def image_bundle(png: bytes, alt: str, text: str) -> tuple[dict, dict]:
    """The display data of a PNG with alt text, for every front end.

    nbconvert's default (lab) template, and so nbviewer, writes an ``image/png``
    output as an ``<img>`` without alt text, whatever the output's metadata
    says; only its classic template reads the metadata's ``alt``.  So the
    bundle also carries the picture as ``text/html``, an ``<img>`` with its alt,
    which those exporters prefer to ``image/png``.

    Examples
    --------
    >>> data, metadata = image_bundle(b"\\x89PNG", 'a "quoted" alt', "text")
    >>> data["text/html"]
    '<img src="data:image/png;base64,iVBORw==" alt="a &quot;quoted&quot; alt">'
    >>> metadata
    {'image/png': {'alt': 'a "quoted" alt'}}
    """
    encoded = base64.b64encode(png).decode("ascii")
    return ({"image/png": encoded, "text/html": f'<img src="data:image/png;base64,{encoded}" '
                                                f'alt="{html.escape(alt, quote=True)}">',
             "text/plain": text},
            {"image/png": {"alt": alt}})


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
    x = plot_grid(entry, low, high, 801, **params)
    fig, (ax_f, ax_d) = figure(2, 1, sharex=True)
    for ax in (ax_f, ax_d):
        style_axes(ax, zero_lines=True)
    ax_f.plot(x, entry.f(x, **params), FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.4,
              label=_curve_label(entry, params))
    ax_d.plot(x, entry.df(x, **params), DERIVATIVE_STYLE, color=PALETTE["derivative"], linewidth=2.4,
              label="derivative")
    ax_f.set_ylabel("f(x)")
    ax_d.set_ylabel("f′(x)")
    ax_d.set_xlabel("x")
    ax_f.set_title(f"{entry.title} and its derivative", fontsize=settings().font_size * 1.1)
    for ax in (ax_f, ax_d):
        ax.legend(loc="best", fontsize=settings().font_size * 0.9)
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


def gallery_figure(names=None) -> Figure:
    """Every activation (solid) with its derivative (dashed), one small panel each."""
    names = list(names or activations.ACTIVATIONS)
    ncols = 4
    nrows = math.ceil(len(names) / ncols)
    fig = Figure(figsize=(3.4 * ncols * settings().font_scale, 2.9 * nrows * settings().font_scale),
                 dpi=settings().dpi, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, name in zip(axes, names, strict=False):
        entry = activations.ACTIVATIONS[name]
        x = plot_grid(entry, *entry.x_range, 601)
        style_axes(ax, zero_lines=True)
        ax.plot(x, entry.f(x, **entry.defaults), FUNCTION_STYLE, color=PALETTE["function"],
                linewidth=2.2, label="f")
        ax.plot(x, entry.df(x, **entry.defaults), DERIVATIVE_STYLE, color=PALETTE["derivative"],
                linewidth=2.2, label="f′")
        ax.set_title(entry.title if entry.elementwise else f"{entry.title} (s₁ of (x, 0, 0))",
                     fontsize=settings().font_size)
        ax.legend(loc="upper left", fontsize=settings().font_size * 0.8)
    for ax in axes[len(names):]:
        ax.set_visible(False)
    return fig


def plot_grid(entry, low: float, high: float, count: int, **params) -> np.ndarray:
    """Plot points from low to high; at a kink (for these parameter values) the derivative
    jumps, so a NaN breaks the line there."""
    x = np.linspace(low, high, count)
    if entry.properties_for(**params).kink and low < 0.0 < high:
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


def nice_limits(values: np.ndarray, margin: float = 0.08) -> tuple[float, float]:
    """Axis limits around ``values``, snapped outward to a coarse grid so they rarely change."""
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
    span = max(high - low, 1e-3)
    low, high = low - margin * span, high + margin * span
    step = 10.0 ** math.floor(math.log10(span)) / 2.0
    return math.floor(low / step) * step, math.ceil(high / step) * step
