"""The base of every interactive figure in the lessons: controls around one ipympl canvas.

Every explorer and demo (lessons 0–9) is a :class:`CanvasWidget`; :func:`parameter_control` turns a
registry parameter into its slider, so every slider looks and behaves the same.
"""

from __future__ import annotations

import asyncio
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


def _running_loop():
    """The kernel's event loop when called from it (in a notebook), else None (plain Python, pytest)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _sent_by_the_page(change) -> bool:
    """True while ipywidgets applies a state update that came from the browser (it holds
    ``_property_lock`` then), False for a value set by Python code, which must take effect at once."""
    return bool(getattr(change.owner, "_property_lock", None))


def _layout_key(figure) -> tuple:
    """The lengths of the texts whose size sets constrained layout's margins (see ``_draw_everything``):
    the widest y tick label, axis labels, titles and legend entries.  The x tick labels are left out:
    their height, which the margins depend on, does not change with their text."""
    key = [len(figure._suptitle.get_text()) if figure._suptitle else 0]
    for ax in figure.axes:
        low, high = ax.yaxis.get_view_interval()
        ticks = [t for t in ax.yaxis.get_major_locator().tick_values(low, high) if low <= t <= high]
        key.append(max((len(label) for label in ax.yaxis.get_major_formatter().format_ticks(ticks)), default=0))
        key.extend((len(ax.get_xlabel()), len(ax.get_ylabel()), len(ax.get_title())))
        legend = ax.get_legend()
        key.extend(len(text.get_text()) for text in legend.get_texts()) if legend else key.append(-1)
    return tuple(key)


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
        self._layout_engine = figure.get_layout_engine()
        self._layout_key = None
        self._pending: dict = {}
        self._flush_scheduled = False
        self._on_change(None)

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
        """A control changed: update now, or, for a change sent by the page, once the kernel has
        handled the slider messages that are already waiting (see :meth:`_flush_pending`)."""
        loop = _running_loop() if change is not None and _sent_by_the_page(change) else None
        if loop is None:
            self._apply([change])
            return
        self._pending[change.owner] = change
        if not self._flush_scheduled:
            self._flush_scheduled = True
            loop.create_task(self._flush_pending())

    async def _flush_pending(self) -> None:
        """Draw once for every change that arrived while the last frame was drawn.

        A drag sends slider events faster than a frame can be drawn.  Drawing
        each in turn would build a queue that the picture lags behind; here the
        kernel first handles the messages already waiting (two turns of its
        event loop), then draws only the newest value of each control.
        """
        for _ in range(2):
            await asyncio.sleep(0)
        changes = list(self._pending.values())
        self._pending.clear()
        self._flush_scheduled = False
        self._apply(changes)

    def _apply(self, changes: list) -> None:
        try:
            background_changed = False
            for change in changes:
                background_changed |= bool(self._update(change))
            self._redraw(background_changed)
            self.message.value = ""
        except Exception as error:  # shown to the student instead of a lost traceback
            self.errors.append(f"{type(error).__name__}: {error}")
            self.message.value = error_html(self._settings_text(), error)

    def _redraw(self, background_changed: bool) -> None:
        if background_changed or self._background is None:
            self._draw_everything()     # _on_draw caches the new background and draws the moving artists
            return
        self.canvas.restore_region(self._background)
        self._draw_moving()
        self.canvas.blit(self.figure.bbox)

    def _draw_everything(self) -> None:
        """Draw the whole figure, laying it out again only when its texts changed size.

        Constrained layout takes about half of a full draw.  The layout is
        kept (the layout engine switched off) until a tick label, axis label,
        title or legend entry gets longer or shorter, which can change the
        margins it needs; then the figure is laid out again (the first time in
        two passes: constrained layout settles only after the first).
        """
        key = None if self._layout_engine is None else _layout_key(self.figure)
        if key == self._layout_key:
            self.canvas.draw()
            return
        self.figure.set_layout_engine(self._layout_engine)
        if self._layout_key is None:
            self.canvas.draw()
        self.canvas.draw()
        self.figure.set_layout_engine("none")
        self._layout_key = key

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
        alt = self.snapshot_text()
        fallback, metadata = image_bundle(
            self.snapshot(), alt, f"{alt} (a static snapshot shows where widgets cannot run: "
                                  f"open the notebook in JupyterLab or Binder to {self.MOVE_HINT})")
        bundle.update(fallback)
        return bundle, metadata

    def close(self) -> None:
        """Close the controls, the canvas and the widget itself."""
        for child in self.children:
            _close_tree(child)
        super().close()
