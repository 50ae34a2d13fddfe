"""Colours, line styles, fonts and figure sizes: how every figure of the lessons looks.

Used by every lesson; :func:`presenter_mode` (lesson 0 shows it) switches to projector sizes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import activations

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


#: What :func:`presenter_mode` switches to: big figures and fonts for a projector.
PRESENTER = DisplaySettings(figsize=(10.5, 7.2), font_scale=1.45)

_current = PRESENTER if os.environ.get("ACTIVATIONS_PRESENTER", "") not in ("", "0") else DisplaySettings()


def settings() -> DisplaySettings:
    """The settings that figures built from now on will use (the one place they are read)."""
    return _current


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
    global _current
    _current = PRESENTER if on else DisplaySettings()
    return _current


def style_axes(ax, zero_lines: bool = False) -> None:
    """Tick and label sizes from :func:`settings`, a light grid, and optionally the axes x = 0 and y = 0."""
    size = settings().font_size
    ax.tick_params(labelsize=size * 0.9)
    ax.xaxis.label.set_size(size)
    ax.yaxis.label.set_size(size)
    ax.title.set_size(size * 1.1)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    if zero_lines:
        ax.axhline(0.0, color=PALETTE["muted"], linewidth=0.8, zorder=0)
        ax.axvline(0.0, color=PALETTE["muted"], linewidth=0.8, zorder=0)


def format_number(value: float) -> str:
    """Six significant digits with a true minus sign, as every readout prints numbers."""
    return f"{value:.6g}".replace("-", "−")


#: Colour and marker of each activation wherever several are overlaid (the overview's comparison
#: and lesson 9).  Okabe–Ito colours from ``PALETTE["extra"]``; the markers keep the curves apart
#: in greyscale too.  Yellow, the faintest on white, goes to softmax and gets a dark outline;
#: the sigmoid, whose curve softmax's s₁ resembles, gets vermillion, far from yellow.
ACTIVATION_STYLES = {
    "sigmoid": (PALETTE["extra"][4], "o"),
    "tanh": (PALETTE["extra"][1], "s"),
    "relu": (PALETTE["extra"][7], "^"),
    "leaky_relu": (PALETTE["extra"][3], "v"),
    "elu": (PALETTE["extra"][0], "D"),
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


def line_kwargs(name: str, linestyle: str, markevery) -> dict:
    """Keyword arguments for ``plot`` that draw ``name`` in its colour, marker and outline."""
    from matplotlib import patheffects

    colour, marker = activation_style(name)
    kwargs = {"color": colour, "linestyle": linestyle, "linewidth": 2.2, "marker": marker,
              "markersize": 6, "markevery": markevery, "markeredgecolor": "#333333",
              "markeredgewidth": 0.6}
    if colour == "#F0E442":
        kwargs["path_effects"] = [patheffects.withStroke(linewidth=3.6, foreground="#555555")]
    return kwargs
