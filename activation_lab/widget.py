"""The base of every interactive figure in the lessons: controls around one ipympl canvas.

Every explorer and demo (lessons 0–9) is a :class:`CanvasWidget`; :func:`parameter_control` turns a
registry parameter into its slider, so every slider looks and behaves the same.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ._ipympl import canvas_png, new_canvas, prepare_display
from .figures import image_bundle

#: The width of every slider: the whole width on a phone, at most this on a screen.
SLIDER_WIDTH = "min(100%, 460px)"


def control(kind, description: str, tooltip: str = "", **options):
    """A control of class ``kind`` (``widgets.FloatSlider``, ...) in the lessons' style.

    Examples
    --------
    >>> slider = control(widgets.FloatSlider, "x₀", value=0.5, min=-1.0, max=1.0)
    >>> slider.layout.width
    'min(100%, 460px)'
    >>> slider.close()
    """
    widget = kind(description=description, style={"description_width": "initial"},
                  layout=widgets.Layout(width=SLIDER_WIDTH), **options)
    widget.tooltip = tooltip or None
    return widget


def parameter_control(param, value=None, label: str | None = None, tooltip: str | None = None, **options):
    """The slider (toggle buttons for a choice) of one registry :class:`activations.Parameter`.

    Range, step and tooltip come from the registry; ``value`` defaults to the parameter's default.

    Examples
    --------
    >>> import activations
    >>> alpha = activations.ACTIVATIONS["elu"].parameters[0]
    >>> slider = parameter_control(alpha, 2.0)
    >>> slider.min, slider.max, slider.value
    (0.1, 3.0, 2.0)
    >>> slider.close()
    """
    value = param.default if value is None else value
    description, tooltip = label or param.name, tooltip or param.description
    if param.is_choice:
        buttons = widgets.ToggleButtons(options=list(param.options), value=value, description=description,
                                        style={"description_width": "initial"},
                                        tooltips=[tooltip] * len(param.options))
        buttons.tooltip = tooltip
        return buttons
    if isinstance(param.default, int):
        return control(widgets.IntSlider, description, tooltip, value=value, min=param.minimum,
                       max=param.maximum, step=param.step, **options)
    return control(widgets.FloatSlider, description, tooltip, value=value, min=param.minimum,
                   max=param.maximum, step=param.step, readout_format=".2f", **options)


def error_html(what: str, error: Exception) -> str:
    """The red line shown under a figure in place of a traceback."""
    return (f"<span style='color:#B00020'>Could not update the plot for {html.escape(what)}: "
            f"{html.escape(type(error).__name__)}: {html.escape(str(error))}</span>")


def _close_tree(widget) -> None:
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


class CanvasWidget(widgets.VBox):
    """Controls, one ipympl canvas, a readout and an error line: the shape of every widget here.

    A subclass builds its figure and artists, then calls ``super().__init__``.
    On every change of an observed control the base class calls :meth:`_update`,
    which brings the artists up to date and returns True when something in the
    background changed (axis limits, a legend, a static text).  The base class then
    draws the whole figure, or else only the ``moving`` artists over the cached
    background (blitting), and the canvas sends that frame.  An exception is shown
    under the figure in red, never raised.  The class also gives every widget its
    static fallback (a PNG with alt text, shown where widgets cannot run) and :meth:`close`.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure, built once.
    controls : dict
        Name → control; the widget's state.  Setting a control's ``value``
        (from Python or in the browser) updates the figure.
    moving : list of matplotlib artists
        What :meth:`_update` changes without touching the background.
    rows : list of widgets, optional
        What is shown above the canvas (default: the controls, one per row).
    observed : list of widgets, optional
        The controls whose changes update the figure (default: every control).
    """

    MOVE_HINT = "move the sliders"

    def __init__(self, figure, controls: dict, moving, rows=None, observed=None):
        self.figure = figure
        self.canvas = new_canvas(figure)
        self.controls = controls
        self.moving = list(moving)
        for artist in self.moving:
            artist.set_animated(True)
        self.readout = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.message = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.errors: list[str] = []
        self._background = None
        self.canvas.mpl_connect("draw_event", self._on_draw)
        rows = list(controls.values()) if rows is None else list(rows)
        super().__init__(children=[widgets.VBox(rows), self.canvas, self.readout, self.message])
        self.add_class("activation-explorer")
        for observed_control in (list(controls.values()) if observed is None else observed):
            observed_control.observe(self._on_change, names="value")
        self._on_change(None)
        self.canvas.draw()              # a second pass: constrained layout settles only after the first

    # -- what a subclass writes ---------------------------------------------

    def _update(self, change) -> bool:
        """Bring the artists up to date after ``change`` (None: at start); True when the background changed."""
        raise NotImplementedError

    def snapshot_text(self) -> str:
        """What the widget shows now, in one line of text."""
        raise NotImplementedError

    def _settings_text(self) -> str:
        """The control values, for an error message."""
        return ", ".join(f"{name} = {control.value}" for name, control in self.controls.items())

    # -- the one update path ------------------------------------------------

    def _on_change(self, change) -> None:
        try:
            background_changed = self._update(change)
            self._redraw(background_changed)
            self.message.value = ""
        except Exception as error:  # shown to the student instead of a lost traceback
            self.errors.append(f"{type(error).__name__}: {error}")
            self.message.value = error_html(self._settings_text(), error)

    def _redraw(self, background_changed: bool) -> None:
        if background_changed or self._background is None:
            self.canvas.draw()          # _on_draw caches the new background and draws the moving artists
            return
        self.canvas.restore_region(self._background)
        self._draw_moving()
        self.canvas.blit(self.figure.bbox)

    def _on_draw(self, event) -> None:
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._draw_moving()

    def _draw_moving(self) -> None:
        for artist in self.moving:
            self.figure.draw_artist(artist)

    # -- display ------------------------------------------------------------

    def snapshot(self) -> bytes:
        """The picture on the canvas as PNG bytes, the moving artists included."""
        self.canvas.draw()
        return canvas_png(self.canvas)

    def _repr_mimebundle_(self, **kwargs):
        prepare_display(self.canvas)
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        fallback, metadata = image_bundle(
            self.snapshot(), self.snapshot_text(),
            f"{self.snapshot_text()} (a static snapshot shows where widgets cannot run: "
            f"open the notebook in JupyterLab or Binder to {self.MOVE_HINT})")
        bundle.update(fallback)
        return bundle, metadata

    def close(self) -> None:
        """Close the controls, the canvas and the widget itself."""
        for child in self.children:
            _close_tree(child)
        super().close()
