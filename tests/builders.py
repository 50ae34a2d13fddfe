"""Builders of every interactive widget and every static figure in the lessons, for tests that
check all of them."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

import activation_lab as lab
import activations as act
from activation_lab import figures
from activation_lab.lessons import elu as elu_lesson
from activation_lab.lessons import gelu as gelu_lesson
from activation_lab.lessons import gradient_flow as gradient_flow_lesson
from activation_lab.lessons import leaky_relu as leaky_relu_lesson
from activation_lab.lessons import overview as overview_lesson
from activation_lab.lessons import relu as relu_lesson
from activation_lab.lessons import sigmoid as sigmoid_lesson
from activation_lab.lessons import softmax as softmax_lesson
from activation_lab.lessons import swish as swish_lesson
from activation_lab.lessons import tanh as tanh_lesson

NAMES = list(act.ACTIVATIONS)

#: Builders of every canvas widget the lessons display.
WIDGETS = {**{f"explore-{name}": (lambda name=name: lab.explore(name)) for name in NAMES},
           "compare": lambda: overview_lesson.compare(),
           "elu_jump_explorer": lambda: elu_lesson.elu_jump_explorer(),
           "swish_dip_explorer": lambda: swish_lesson.swish_dip_explorer(),
           "softmax_explorer": lambda: softmax_lesson.softmax_explorer(),
           "dead_unit_demo": lambda: relu_lesson.dead_unit_demo(),
           "dead_unit_demo-leaky_relu": lambda: leaky_relu_lesson.dead_unit_demo("leaky_relu"),
           "gradient_flow_explorer": lambda: gradient_flow_lesson.gradient_flow_explorer()}

#: Builders of every static figure (assets and lessons).
FIGURES = {**{f"static_figure-{name}": (lambda name=name: figures.static_figure(name)) for name in NAMES},
           "gallery_figure": lambda: figures.gallery_figure(),
           "xor_figure": lambda: overview_lesson.xor_figure(np.ones((2, 2)), np.array([0.0, -1.0]),
                                                            np.array([1.0, -2.0])),
           "supporting_lines_figure": lambda: relu_lesson.supporting_lines_figure(),
           "leaky_family_figure": lambda: leaky_relu_lesson.leaky_family_figure(),
           "elu_jump_figure": lambda: elu_lesson.elu_jump_figure(),
           "hard_swish_figure": lambda: swish_lesson.hard_swish_figure(),
           "softmax_cross_terms_figure": lambda: softmax_lesson.softmax_cross_terms_figure(),
           "gelu_approximations_figure": lambda: gelu_lesson.approximations_figure(),
           "gelu_tanh_gap_figure": lambda: gelu_lesson.tanh_gap_figure(),
           "training_curves_figure": lambda: gradient_flow_lesson.training_curves_figure(
               {name: gradient_flow_lesson.train_mlp(name, steps=40) for name in ("sigmoid", "tanh", "relu")}, 0.38),
           "zigzag_figure": lambda: sigmoid_lesson.zigzag_figure(),
           "training_figure": lambda: tanh_lesson.training_figure(tanh_lesson.training_losses())}


def frame_on_canvas(widget) -> np.ndarray:
    """A copy of the frame the widget last drew on its canvas (blitted or whole), as sent to the page."""
    return np.asarray(widget.canvas.get_renderer().buffer_rgba()).copy()


def figures_built(monkeypatch) -> list:
    """A list that gets the class name of every matplotlib figure built from now on (until undone)."""
    built = []
    original_init = Figure.__init__

    def counting_init(self, *args, **kwargs):
        built.append(type(self).__name__)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "__init__", counting_init)
    return built


def slider_positions(control) -> list:
    """Positions across a control's whole range, its ends included."""
    if isinstance(control, widgets.Checkbox):
        return [not control.value, control.value]
    if hasattr(control, "options"):
        return list(control.options)
    values = np.linspace(control.min, control.max, 7)
    if isinstance(control.value, tuple):          # a range slider: pairs, extremes included
        return [(float(values[0]), float(values[-1])), (float(values[0]), float(values[1])),
                (float(values[2]), float(values[4])), (float(values[5]), float(values[6]))]
    return [type(control.value)(v) for v in values]


def every_control(widget) -> list:
    return [c for c in [*getattr(widget, "checkboxes", {}).values(), *widget.controls.values()]
            if not isinstance(c, widgets.Button)]


def move_everything(widget, positions: int | None = None):
    """Move every control across its range (the last ``positions`` positions of each); yield after each move."""
    for control in every_control(widget):
        original = control.value
        for value in slider_positions(control)[-positions if positions else 0:]:
            control.value = value
            yield control
        control.value = original
        yield control


class FakePage:
    """The browser end of an ipympl canvas: keeps every frame sent, and draws when asked to, as the
    page does when the kernel's ``draw_idle`` asks it for a frame."""

    def __init__(self, canvas):
        self.frames = []
        canvas.send_binary = self.frames.append
        send_json = canvas.send_json

        def answer(content):
            send_json(content)
            if content.get("type") == "draw":
                canvas.handle_draw({})

        canvas.send_json = answer
        if canvas not in canvas.manager.web_sockets:
            canvas.manager.add_web_socket(canvas)
