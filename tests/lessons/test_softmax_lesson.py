"""Lesson 8's softmax explorer, driven headless: sliders set from Python, artists compared with the module."""

from __future__ import annotations

import numpy as np
import pytest
from builders import move_everything

import activations as act
from activation_lab import exercises
from activation_lab.lessons import softmax as softmax_lesson


@pytest.fixture
def explorer_for(build):
    return lambda *args, **kwargs: build(softmax_lesson.softmax_explorer, *args, **kwargs)


def _assert_plot_matches_module(explorer):
    z = (explorer.logits + explorer.controls["shift"].value) / explorer.controls["temperature"].value
    s = act.softmax(z)
    jacobian = act.softmax_derivative(z)
    np.testing.assert_array_equal(explorer.inputs, z)
    np.testing.assert_array_equal([bar.get_height() for bar in explorer.bars], s)
    np.testing.assert_array_equal(explorer.probabilities, s)
    np.testing.assert_array_equal(np.asarray(explorer.image.get_array()), jacobian)
    for i in range(explorer.size):
        assert explorer.bar_labels[i].get_text() == f"{s[i]:.3f}"
        for j in range(explorer.size):
            shown = float(explorer.cell_labels[i][j].get_text().replace("−", "-"))
            assert shown == pytest.approx(jacobian[i, j], abs=5.001e-4)   # 3 decimals
    assert explorer.message.value == "" and explorer.errors == []




@pytest.mark.parametrize("logits", [(1.0, 0.0, -1.0), (2.0, 1.0, 0.1, -1.0), (0.5, 0.0, 0.0, 3.0, -2.0)])
def test_every_slider_across_its_range_updates_the_plot(logits, explorer_for):
    explorer = explorer_for(logits=logits)
    assert len(explorer.bars) == len(logits) and explorer.image.get_array().shape == (len(logits),) * 2
    _assert_plot_matches_module(explorer)
    for _ in move_everything(explorer):
        _assert_plot_matches_module(explorer)
    for key in ("temperature", "shift"):          # extremes together: z up to ±(6 + 500) / 0.1
        explorer.controls[key].value = explorer.controls[key].min
    _assert_plot_matches_module(explorer)
    explorer.controls["shift"].value = explorer.controls["shift"].max
    for i in range(explorer.size):
        explorer.controls[f"x{i + 1}"].value = 6.0
    _assert_plot_matches_module(explorer)
    np.testing.assert_allclose(explorer.probabilities, 1.0 / explorer.size, rtol=1e-15)


def test_shift_changes_nothing_visible(explorer_for):
    explorer = explorer_for()
    heights = [bar.get_height() for bar in explorer.bars]
    jacobian = np.array(explorer.image.get_array())
    labels = [label.get_text() for row in explorer.cell_labels for label in row]
    for shift in (-500.0, -250.0, 0.0, 125.0, 500.0):
        explorer.controls["shift"].value = shift
        np.testing.assert_allclose([bar.get_height() for bar in explorer.bars], heights, rtol=1e-12, atol=0)
        np.testing.assert_allclose(explorer.image.get_array(), jacobian, rtol=1e-11, atol=1e-17)
        assert [label.get_text() for row in explorer.cell_labels for label in row] == labels
    assert "x + c = (502, 501, 500.1, 499)" in explorer.readout.value     # the inputs did move


def test_jacobian_properties_hold_on_screen(explorer_for):
    explorer = explorer_for(logits=(3.0, -1.0, 0.5, 0.0))
    jacobian = np.asarray(explorer.image.get_array())
    np.testing.assert_allclose(jacobian.sum(axis=1), 0.0, atol=1e-16)
    np.testing.assert_array_equal(jacobian, jacobian.T)
    assert np.all(np.diag(jacobian) > 0) and np.all(jacobian[~np.eye(4, dtype=bool)] < 0)
    assert explorer.probabilities.sum() == pytest.approx(1.0, abs=1e-15)


def test_wrong_number_of_logits_is_refused():
    for logits in ((1.0, 2.0), (0.0,) * 6):
        with pytest.raises(ValueError, match="3 to 5 logits"):
            softmax_lesson.softmax_explorer(logits=logits)


def test_cross_terms_figure_plots_the_module_values():
    fig = softmax_lesson.softmax_cross_terms_figure(classes=4, x_range=(-3.0, 3.0))
    ax_f, ax_d = fig.axes[:2]
    upper = {line.get_label(): line for line in ax_f.lines}
    lower = {line.get_label(): line for line in ax_d.lines}
    x, s1 = upper["s₁ (its own logit moves)"].get_data()
    logits = softmax_lesson.softmax_line(x, 4)
    jacobian = act.softmax_derivative(logits)
    np.testing.assert_array_equal(s1, act.softmax(logits)[:, 0])
    np.testing.assert_array_equal(lower["∂s₁/∂x₁ = s₁(1 − s₁)"].get_ydata(), jacobian[:, 0, 0])
    np.testing.assert_array_equal(lower["∂s₂/∂x₁ = −s₁s₂ (cross term)"].get_ydata(), jacobian[:, 1, 0])
    np.testing.assert_allclose(lower["column sum Σᵢ ∂sᵢ/∂x₁ = 0"].get_ydata(), 0.0, atol=1e-16)
    assert "s₂ = … = s₄" in ax_f.get_legend().get_texts()[1].get_text()


@pytest.mark.parametrize("key", ["softmax-diagonal", "softmax-cross-term", "softmax-ce-gradient",
                                 "softmax-log-stable"])
def test_exercise_expectations_match_the_math(key):
    x = np.array(exercises.EXERCISES[key].points)
    s = 1.0 / (1.0 + 2.0 * np.exp(-np.clip(x, -700, 700)))     # s1 of (x, 0, 0), written out
    s2 = (1.0 - s) / 2.0
    expected = {"softmax-diagonal": s * (1 - s), "softmax-cross-term": -s * s2,
                "softmax-ce-gradient": s - 1.0,
                "softmax-log-stable": np.where(x < 0, x - np.log(2.0) - np.log1p(np.exp(np.minimum(x, 0)) / 2),
                                               -np.log1p(2.0 * np.exp(-np.abs(x))))}[key]
    np.testing.assert_allclose(exercises.EXERCISES[key].expected(x), expected, rtol=1e-9, atol=1e-15)


def test_css_classes_mark_it_as_an_explorer_but_not_an_element_wise_one(explorer_for):
    explorer = explorer_for()
    assert "activation-explorer" in explorer._dom_classes
    assert not [name for name in explorer._dom_classes if name.startswith("explorer-")]
