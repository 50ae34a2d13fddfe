"""The overview's comparison widget, driven headless: checkboxes and sliders set from Python."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest
from builders import figures_built, frame_on_canvas, slider_positions

import activation_lab as lab
import activations as act
from activation_lab.lessons import overview as overview_lesson

NAMES = list(act.ACTIVATIONS)


@pytest.fixture
def compare(build):
    return lambda *args, **kwargs: build(overview_lesson.compare, *args, **kwargs)




def _assert_lines_match_module(widget):
    low, high = widget.x_range
    for name in widget.selected:
        entry, params = act.ACTIVATIONS[name], widget.params(name)
        x, f = widget.lines[name]["function"].get_data()
        x_d, df = widget.lines[name]["derivative"].get_data()
        np.testing.assert_array_equal(x, x_d)
        assert np.nanmin(x) == low and np.nanmax(x) == high
        np.testing.assert_array_equal(f, entry.f(x, **params))
        np.testing.assert_array_equal(df, entry.df(x, **params))
    assert widget.errors == [] and widget.message.value == ""


def _legend_texts(widget, panel=0):
    legend = widget.axes[panel].get_legend()
    return [] if legend is None else [text.get_text() for text in legend.get_texts()]


def _relative_luminance(colour):
    """WCAG 2 relative luminance of an sRGB colour."""
    from matplotlib.colors import to_rgb

    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_each_checkbox_shows_and_hides_exactly_its_own_lines(compare):
    widget = compare([], x_range=(-4.0, 4.0))
    assert widget.selected == [] and _legend_texts(widget) == []
    assert "Tick at least one activation" in widget.readout.value
    for name in NAMES:
        widget.checkboxes[name].value = True
        for other in NAMES:
            shown = other == name
            assert widget.lines[other]["function"].get_visible() is shown
            assert widget.lines[other]["derivative"].get_visible() is shown
            if act.ACTIVATIONS[other].plot_parameters:
                assert (widget._parameter_boxes[other].layout.display != "none") is shown
        assert _legend_texts(widget) == [widget.label(name)]
        assert act.ACTIVATIONS[name].title in widget.readout.value
        _assert_lines_match_module(widget)
        widget.checkboxes[name].value = False
        assert not widget.lines[name]["function"].get_visible()


def test_legend_lists_only_the_visible_activations_in_registry_order(compare):
    widget = compare(["gelu", "sigmoid"])
    assert widget.selected == ["sigmoid", "gelu"]
    assert _legend_texts(widget) == ["Sigmoid", "GELU"]
    widget.checkboxes["elu"].value = True
    widget.controls[("elu", "alpha")].value = 2.0
    assert _legend_texts(widget) == ["Sigmoid", "ELU (alpha=2)", "GELU"]
    widget.checkboxes["sigmoid"].value = False
    assert _legend_texts(widget) == ["ELU (alpha=2)", "GELU"]


@pytest.mark.parametrize("name", [n for n in NAMES if act.ACTIVATIONS[n].plot_parameters])
def test_parameter_sliders_across_their_range_update_only_that_activation(name, compare):
    widget = compare(NAMES)
    untouched = {other: widget.lines[other]["function"].get_ydata().copy() for other in NAMES if other != name}
    limits = [ax.get_ylim() for ax in widget.axes]
    for param in act.ACTIVATIONS[name].plot_parameters:
        control = widget.controls[(name, param.name)]
        if param.is_choice:
            assert tuple(control.options) == param.options
        else:
            assert (control.min, control.max, control.step) == (param.minimum, param.maximum, param.step)
        for value in slider_positions(control):
            control.value = value
            assert widget.params(name)[param.name] == value
            _assert_lines_match_module(widget)
            _x, f = widget.lines[name]["function"].get_data()
            _, df = widget.lines[name]["derivative"].get_data()
            assert limits[0][0] <= np.nanmin(f) and np.nanmax(f) <= limits[0][1]
            assert limits[1][0] <= np.nanmin(df) and np.nanmax(df) <= limits[1][1]
    for other, values in untouched.items():
        np.testing.assert_array_equal(widget.lines[other]["function"].get_ydata(), values)
    assert [ax.get_ylim() for ax in widget.axes] == limits     # parameters never rescale the axes


def test_range_slider_extremes(compare):
    widget = compare(NAMES)
    control = widget.controls["x_range"]
    for value in [(control.min, control.max), (control.min, control.min + 0.5), (control.max - 0.5, control.max),
                  (-0.5, 0.5), (-3.0, 2.0)]:
        control.value = value
        _assert_lines_match_module(widget)
        assert widget.axes[0].get_xlim() == value


def test_kinked_derivatives_break_at_zero(compare):
    widget = compare(["relu", "leaky_relu", "elu", "tanh"], x_range=(-2.0, 2.0))
    for name in ("relu", "leaky_relu"):
        assert np.isnan(widget.lines[name]["derivative"].get_xdata()).sum() == 1
    for name in ("elu", "tanh"):          # ELU at its default α = 1 is C¹: no kink, no break
        assert not np.isnan(widget.lines[name]["derivative"].get_xdata()).any()


def test_figure_is_built_once_and_lines_are_reused(compare, monkeypatch):
    widget = compare(["sigmoid"])
    built = figures_built(monkeypatch)
    canvas, axes = widget.canvas, widget.axes
    lines = {name: dict(pair) for name, pair in widget.lines.items()}
    artists_before = [len(ax.lines) for ax in axes]
    rounds = 3 * len(NAMES)                 # every curve ticked and unticked, three x-ranges
    betas = np.linspace(0.0, 10.0, rounds)
    for i in range(rounds):
        name = NAMES[i % len(NAMES)]
        widget.checkboxes[name].value = not widget.checkboxes[name].value
        widget.controls[("swish", "beta")].value = float(betas[i])
        if i % len(NAMES) == 0:
            widget.controls["x_range"].value = (-1.0 - i / 20, 1.0 + i / 40)
    assert built == [], f"{len(built)} figures built while the controls moved"
    assert widget.canvas is canvas and widget.axes == axes
    assert {name: dict(pair) for name, pair in widget.lines.items()} == lines
    assert [len(ax.lines) for ax in axes] == artists_before
    assert widget.errors == []


def test_colours_are_distinct_okabe_ito_and_shared_by_both_panels(compare):
    widget = compare(NAMES)
    colours = [widget.lines[name]["function"].get_color() for name in NAMES]
    assert len(set(colours)) == len(NAMES) and set(colours) <= set(lab.PALETTE["extra"])
    for name in NAMES:
        assert widget.lines[name]["derivative"].get_color() == widget.lines[name]["function"].get_color()
        assert widget.lines[name]["function"].get_linestyle() == "-"
        assert widget.lines[name]["derivative"].get_linestyle() == "--"


def test_starting_parameters_and_unknown_names(compare):
    widget = compare(["elu", "gelu"], x_range=(-3.0, 3.0),
                     params={"elu": {"alpha": 2.5}, "gelu": {"approximate": "tanh"}})
    assert widget.params("elu") == {"alpha": 2.5} and widget.params("gelu") == {"approximate": "tanh"}
    _assert_lines_match_module(widget)
    with pytest.raises(ValueError, match="unknown activation"):
        overview_lesson.compare(["mish"])


def _next_value(control):
    """A different value for any control: the next option, the other state, or a step away from the current value."""
    if hasattr(control, "options"):
        options = list(control.options)
        return options[(options.index(control.value) + 1) % len(options)]
    if isinstance(control.value, bool):
        return not control.value
    if isinstance(control.value, tuple):
        low, high = control.value
        return (low + control.step, high) if low + control.step < high else (low, high - control.step)
    target = control.value + 5 * control.step
    return target if target <= control.max else control.value - 5 * control.step


def test_every_control_changes_the_canvas_pixels(compare):
    """What the browser tests check: each checkbox, slider and toggle visibly changes the picture."""
    widget = compare(NAMES, x_range=(-4.0, 4.0))

    def changes(label, control, value):
        before = frame_on_canvas(widget)
        control.value = value
        assert not np.array_equal(frame_on_canvas(widget), before), f"{label} does not change the canvas"

    for name, box in widget.checkboxes.items():
        changes(f"unticking {name}", box, False)
        changes(f"ticking {name}", box, True)
    for key, control in widget.controls.items():       # every parameter slider is visible: all are ticked
        changes(str(key), control, _next_value(control))
    for box in widget.checkboxes.values():
        box.value = False
    changes("x_range with nothing ticked", widget.controls["x_range"], (-2.0, 2.0))
    assert widget.errors == []


def test_starts_with_three_curves_and_the_notebook_does_too(compare):
    widget = compare()
    assert widget.selected == ["sigmoid", "tanh", "relu"]
    notebook = nbformat.read(Path(__file__).parents[2] / "notebooks" / "00-overview.ipynb", as_version=4)
    calls = [c.source for c in notebook.cells if c.cell_type == "code" and "lesson.compare(" in c.source]
    assert calls and all("list(act.ACTIVATIONS)" not in call for call in calls), "start with a few curves ticked"


def test_every_drawn_line_is_in_its_panels_legend(compare):
    widget = compare(["sigmoid", "elu", "softmax"])
    for panel in (0, 1):
        drawn = [line for line in widget.axes[panel].lines          # the zero lines are reference lines, not data
                 if line.get_visible() and line.get_zorder() > 0]
        handles = widget.axes[panel].get_legend().legend_handles
        assert [(h.get_color(), h.get_linestyle(), h.get_marker()) for h in handles] == [
            (line.get_color(), line.get_linestyle(), line.get_marker()) for line in drawn]
        assert _legend_texts(widget, panel) == [line.get_label() for line in drawn]
        assert _legend_texts(widget, panel) == [widget.label(name) for name in widget.selected]
    widget.controls[("elu", "alpha")].value = 2.0
    assert _legend_texts(widget, 1) == ["Sigmoid", "ELU (alpha=2)", "Softmax s₁(x, 0, …)"]


def test_sigmoid_and_softmax_colours_are_clearly_distinct():
    """s₁(x, 0, 0) is a shifted sigmoid: the two curves look alike, so their colours must not."""
    from activation_lab.style import activation_style

    sigmoid, softmax = activation_style("sigmoid")[0], activation_style("softmax")[0]
    light, dark = sorted((_relative_luminance(sigmoid), _relative_luminance(softmax)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 2.5


@pytest.mark.parametrize(("alpha", "breaks"), [(1.0, False), (0.5, True), (2.0, True)])
def test_elu_derivative_breaks_at_zero_exactly_when_its_alpha_makes_a_kink(alpha, breaks, compare):
    widget = compare(["elu"], x_range=(-2.0, 2.0), params={"elu": {"alpha": alpha}})
    assert bool(np.isnan(widget.lines["elu"]["derivative"].get_xdata()).any()) is breaks
    widget.controls[("elu", "alpha")].value = 1.0
    assert not np.isnan(widget.lines["elu"]["derivative"].get_xdata()).any()


# -- the exercises keep their prompts' promises ---------------------------------------------------------------

def _stack_intercept_by_loop(n):
    """B(n) layer by layer: np.where applies the layer only to the entries with that many layers or more."""
    intercept = np.zeros_like(n)
    for layer in range(1, int(n.max()) + 1):
        intercept = np.where(layer <= n, 0.5 * intercept + 1.0, intercept)
    return intercept


def _sample_mean_of_leaky_relu(alpha):
    z = np.random.default_rng(0).standard_normal(100_000)
    return np.array([act.leaky_relu(z, alpha=float(a)).mean() for a in alpha])


@pytest.mark.parametrize(("exercise", "answer"), [
    ("overview-collapse", lambda x: -0.5 * (3.0 * x - 2.0) + 4.0),          # the composition itself
    ("overview-collapse", lambda x: 5.0 - 1.5 * x),
    ("overview-stack-intercept", lambda n: 2.0 - 2.0 * 0.5 ** n),
    ("overview-stack-intercept", lambda n: np.cumsum(0.5 ** np.arange(n.size))),   # n = 1, 2, … in order
    ("overview-stack-intercept", _stack_intercept_by_loop),
    ("overview-hat", lambda x: act.relu(x + 1) - 2 * act.relu(x) + act.relu(x - 1)),
    ("overview-hat", lambda x: act.relu(1 - act.relu(x) - act.relu(-x))),          # two layers, also right
    ("overview-leaky-mean", lambda alpha: (1 - alpha) * np.exp(-0.5 * np.log(2 * np.pi))),
])
def test_right_answers_in_other_forms_pass(exercise, answer, capsys):
    assert lab.check(exercise, answer)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize(("exercise", "answer"), [
    ("overview-collapse", lambda x: 3.0 * x - 2.0),                             # only the first layer
    ("overview-stack-intercept", lambda n: np.full_like(n, 2.0)),                # the limit, not B(n)
    ("overview-hat", lambda x: act.relu(x + 1) - act.relu(x) + act.relu(x - 1)),
    ("overview-leaky-mean", lambda alpha: _sample_mean_of_leaky_relu(alpha)),   # a sample mean is not exact
    ("overview-leaky-mean", lambda alpha: (1 + alpha) / np.sqrt(2 * np.pi)),
])
def test_wrong_answers_fail_with_a_hint(exercise, answer, capsys):
    assert not lab.check(exercise, answer)
    out = capsys.readouterr().out
    assert "✗" in out and "Hint:" in out


def test_xor_figure_shows_the_hidden_layer_separating_the_classes():
    weights, biases, output_weights = np.ones((2, 2)), np.array([0.0, -1.0]), np.array([1.0, -2.0])
    fig = overview_lesson.xor_figure(weights, biases, output_weights)
    ax_in, ax_hidden = fig.axes
    hidden = act.relu(overview_lesson.XOR_INPUTS @ weights.T + biases)
    np.testing.assert_array_equal(hidden @ output_weights, overview_lesson.XOR_TARGETS)   # the network is XOR
    for ax, points in ((ax_in, overview_lesson.XOR_INPUTS), (ax_hidden, hidden)):
        drawn = np.concatenate([np.column_stack(line.get_data()) for line in ax.lines if line.get_marker() != "None"])
        assert sorted(map(tuple, drawn)) == sorted(map(tuple, points))
        (low_x, high_x), (low_y, high_y) = ax.get_xlim(), ax.get_ylim()
        assert low_x < points[:, 0].min() and points[:, 0].max() < high_x
        assert low_y < points[:, 1].min() and points[:, 1].max() < high_y
        labels = [text.get_text() for text in ax.get_legend().get_texts()]
        assert labels == [line.get_label() for line in ax.lines if line.get_zorder() > 0]
    threshold = next(line for line in ax_hidden.lines if line.get_linestyle() == "--")
    (h1_a, h1_b), (h2_a, h2_b) = threshold.get_data()
    side = np.sign((h1_b - h1_a) * (hidden[:, 1] - h2_a) - (h2_b - h2_a) * (hidden[:, 0] - h1_a))
    assert len(set(side[overview_lesson.XOR_TARGETS == 1])) == 1
    assert set(side[overview_lesson.XOR_TARGETS == 0]) == {-side[1]}
