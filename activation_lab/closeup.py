"""The close-up explorers of lessons 5 (ELU's jump at 0) and 6 (swish's dip): one registry
parameter's slider over a figure, function above and derivative below, whose axis ranges follow
the parameter so that the feature being taught stays in view.
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
    tooltip from the registry), a figure built once, and a title and a label that change
    with the slider.  A subclass sets the class attributes and writes ``_add_artists``
    (called once: returns the named artists, and sets ``self.label``), ``limits`` (the
    axis ranges for a parameter value), ``_update`` (every change: ``set_data`` on
    ``lines``, then ``return self._follow_limits()``) and ``snapshot_text``.
    """

    ACTIVATION = ""
    PARAMETER = ""
    LABEL = ""
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
        ax_f.set_ylabel("f(x)")
        ax_d.set_ylabel("f′(x)")
        ax_d.set_xlabel("x")
        ax_f.legend(loc="upper left", fontsize=size * 0.8)
        ax_d.legend(loc="upper left", fontsize=size * 0.8)
        self.title = ax_f.set_title("", fontsize=size * 1.05)
        return fig, (ax_f, ax_d), lines

    def _add_artists(self, ax_f, ax_d, size: float) -> dict:
        raise NotImplementedError

    def limits(self, value: float) -> tuple:
        """``(x_range, function_ylim, derivative_ylim)`` for this parameter value."""
        raise NotImplementedError

    def _follow_limits(self) -> bool:
        """Set the axis ranges for the current value; True when they changed (the background must be redrawn)."""
        x_range, f_limits, d_limits = (tuple(float(v) for v in pair) for pair in self.limits(self.value))
        ax_f, ax_d = self.axes
        wanted = (x_range, f_limits, d_limits)
        if (ax_f.get_xlim(), ax_f.get_ylim(), ax_d.get_ylim()) == wanted:
            return False
        ax_f.set_xlim(*x_range)
        ax_f.set_ylim(*f_limits)
        ax_d.set_ylim(*d_limits)
        return True
