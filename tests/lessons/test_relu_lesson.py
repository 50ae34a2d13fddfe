"""Lesson 3 (ReLU) helpers: the dead-unit demo (also used by lesson 4), the subgradient figure, the exercises."""

from __future__ import annotations

import numpy as np
import pytest
from builders import move_everything

import activation_lab as lab
import activations as act
from activation_lab import figures
from activation_lab.lessons import relu as relu_lesson


@pytest.fixture
def demo_for(build):
    return lambda *args, **kwargs: build(relu_lesson.dead_unit_demo, *args, **kwargs)


def _assert_demo_matches_training(demo):
    """The artists show exactly what train_unit computes with the module's function and derivative."""
    params, bias = demo.params, demo.controls["bias"].value
    run = relu_lesson.train_unit(demo.entry.name, bias, **params)
    assert run.biases[0] == bias and demo.training.status == run.status
    np.testing.assert_array_equal(demo.training.losses, run.losses)
    grid, start = demo.lines["start"].get_data()
    np.testing.assert_array_equal(start, demo.entry.f(run.weights[0] * grid + run.biases[0], **params))
    _, end = demo.lines["end"].get_data()
    np.testing.assert_array_equal(end, demo.entry.f(run.weights[-1] * grid + run.biases[-1], **params))
    steps, losses = demo.lines["loss"].get_data()
    np.testing.assert_array_equal(steps, np.arange(run.steps + 1))
    np.testing.assert_array_equal(losses, run.losses)
    active_x, _ = demo.lines["active"].get_data()
    assert len(active_x) == run.active_at_start
    low, high = demo.axes[0].get_ylim()
    for key in ("start", "end"):
        y = demo.lines[key].get_ydata()
        assert low <= np.min(y) and np.max(y) <= high, key
    assert np.max(losses) <= demo.axes[1].get_ylim()[1]        # log scale: tiny losses may leave at the bottom
    assert demo.message.value == "" and demo.errors == []
    assert demo.summary() in demo.readout.value.replace("&gt;", ">")




@pytest.mark.parametrize("name", ["relu", "leaky_relu"])
def test_every_slider_at_its_extremes_updates_the_plot(name, demo_for):
    demo = demo_for(name)
    canvas, lines = demo.canvas, dict(demo.lines)
    limits = [ax.get_ylim() for ax in demo.axes]
    _assert_demo_matches_training(demo)
    for _ in move_everything(demo):
        _assert_demo_matches_training(demo)
    assert demo.canvas is canvas and demo.lines == lines
    assert [ax.get_ylim() for ax in demo.axes] == limits
    assert "activation-explorer" in demo._dom_classes
    assert not any(c.startswith("explorer-") for c in demo._dom_classes)
    assert all(getattr(c, "readout", True) for c in demo.controls.values())


def test_the_dead_bias_threshold_is_where_training_stops_and_starts():
    for weight in (-1.5, -0.5, 0.5, 1.0):
        threshold = float(relu_lesson.dead_bias_threshold(weight))
        assert threshold == -2.0 * abs(weight)
        assert relu_lesson.train_unit("relu", threshold, weight=weight).status == "dead"
        assert relu_lesson.train_unit("relu", threshold + 0.1, weight=weight).status != "dead"


@pytest.mark.parametrize("bias", [-1.5, 0.0, 2.0])
def test_demo_legend_names_exactly_what_is_drawn(bias, demo_for):
    demo = demo_for("relu", bias=bias)
    texts = [t.get_text() for t in demo.axes[0].get_legend().get_texts()]
    run = demo.training
    assert any("examples with z > 0" in t for t in texts) == (run.active_at_start > 0)
    unchanged = run.weights[-1] == run.weights[0] and run.biases[-1] == run.biases[0]
    assert any("(unchanged)" in t for t in texts) == unchanged
    assert len(texts) == (3 if unchanged else 4) + (run.active_at_start > 0)
    assert "z" in demo.axes[0].get_ylabel() and "h" in demo.axes[0].get_ylabel()


def test_relu_unit_dies_below_the_boundary_and_learns_above():
    for bias in (-3.0, -2.0, -1.5, -1.0):
        run = relu_lesson.train_unit("relu", bias)
        assert run.status == "dead" and run.zero_gradient_steps == run.steps
        assert np.all(run.biases == bias) and np.all(run.weights == 0.5)
    for bias in (-0.9, 0.0, 1.0):
        assert relu_lesson.train_unit("relu", bias).status == "learned"


def test_dead_status_at_b0_minus_1_comes_from_the_convention_at_zero():
    z = 0.5 * relu_lesson.DEAD_UNIT_X - 1.0
    assert z.max() == 0.0                       # one input sits exactly on the kink
    delta = (act.relu(z) - relu_lesson.DEAD_UNIT_TARGETS) * (z >= 0) / z.size
    assert np.sum(delta) != 0.0                 # with relu'(0) = 1 it would get a gradient


def test_supporting_lines_figure_marks_exactly_the_subgradients():
    fig = relu_lesson.supporting_lines_figure()
    labels = [line.get_label() for line in fig.axes[0].get_lines() if line.get_label().startswith("g =")]
    assert [("a subgradient" in label and "not" not in label) for label in labels] == [
        0.0 <= g <= 1.0 for g in (-0.4, 0.0, 0.3, 0.7, 1.0, 1.5)]
    figures.png_bytes(fig)


@pytest.mark.parametrize(("key", "right", "wrong"), [
    ("relu-derivative", lambda x: 1.0 * (x > 0), lambda x: 1.0 * (x >= 0)),        # convention 1 at 0
    ("relu-from-abs", lambda x: (x + np.abs(x)) / 2, lambda x: (x + np.abs(x))),    # missing / 2
    ("relu-dead-bias", lambda w: -2.0 * np.abs(w), lambda w: -2.0 * w),                 # forgets w0 < 0
    ("relu-dead-bias", lambda w: -np.maximum(2.0 * w, -2.0 * w), lambda w: 2.0 * np.abs(w)),
])
def test_exercises_accept_the_solution_and_reject_a_typical_mistake(key, right, wrong, capsys):
    assert lab.check(key, right)
    assert not lab.check(key, wrong)
    assert "Hint:" in capsys.readouterr().out
