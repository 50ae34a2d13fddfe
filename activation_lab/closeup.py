"""The close-up explorers of lessons 5 (ELU's jump at 0) and 6 (swish's dip): one registry
parameter's slider over a figure with fixed axes, function above and derivative below.
"""

from __future__ import annotations

from matplotlib.figure import Figure

import activations

from .style import settings, style_axes
from .widget import CanvasWidget, parameter_control


class CloseUpExplorer(CanvasWidget):
    """One registry parameter's slider driving a close-up figure: function above, derivative below.

    The scaffolding shared by :class:`~activation_lab.lessons.elu.EluJumpExplorer` and
    :class:`~activation_lab.lessons.swish.SwishDipExplorer`: the slider (range, step and
    tooltip from the registry), a figure built once on fixed axes, and a title and a
    label that change with the slider.  A subclass sets the class attributes and writes
    ``_add_artists`` (called once: returns the named artists, and sets ``self.label``),
    ``_update`` (every change: ``set_data`` on ``lines``) and ``snapshot_text``.
    """

    ACTIVATION = ""
    PARAMETER = ""
    LABEL = ""
    X_RANGE = (-1.0, 1.0)
    Y_LIMITS = ((-1.0, 1.0), (-1.0, 1.0))      # (function panel, derivative panel)
    HEIGHT_RATIOS = (1.0, 1.0)
    STATIC = ()                                 # names of artists in ``lines`` that never change
    MOVE_HINT = "move the slider"

    def __init__(self, value: float):
        self.entry = activations.ACTIVATIONS[self.ACTIVATION]
        param = next(p for p in self.entry.parameters if p.name == self.PARAMETER)
        slider = parameter_control(param, value, label=self.LABEL)
        figure, self.axes, self.lines = self._make_figure()
        moving = [line for name, line in self.lines.items() if name not in self.STATIC]
        super().__init__(figure, {self.PARAMETER: slider}, moving=[*moving, self.title, self.label])

    @property
    def value(self) -> float:
        return float(self.controls[self.PARAMETER].value)

    def _make_figure(self):
        current = settings()
        size = current.font_size
        fig = Figure(figsize=current.figsize, dpi=current.dpi, layout="constrained")
        ax_f, ax_d = fig.subplots(2, 1, sharex=True, height_ratios=self.HEIGHT_RATIOS)
        for ax in (ax_f, ax_d):
            style_axes(ax, zero_lines=True)
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
        return fig, (ax_f, ax_d), lines

    def _add_artists(self, ax_f, ax_d, size: float) -> dict:
        raise NotImplementedError
