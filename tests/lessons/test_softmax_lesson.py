"""Lesson 8's softmax explorer, driven headless: sliders set from Python, artists compared with the module."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import scipy.special
from builders import move_everything
from reference import ulp_error

import activation_lab as lab
import activations as act
from activation_lab import exercises
from activation_lab.lessons import softmax as softmax_lesson


@pytest.fixture
def explorer_for(build):
    return lambda *args, **kwargs: build(softmax_lesson.softmax_explorer, *args, **kwargs)


def _assert_plot_matches_module(explorer):
    temperature = explorer.controls["temperature"].value
    z = (explorer.logits + explorer.controls["shift"].value) / temperature
    s = act.softmax(z)
    jacobian = act.softmax_derivative(z) / temperature          # ∂s/∂x, what the sliders move
    np.testing.assert_array_equal(explorer.inputs, z)
    np.testing.assert_array_equal([bar.get_height() for bar in explorer.bars], s)
    np.testing.assert_array_equal(explorer.probabilities, s)
    np.testing.assert_array_equal(np.asarray(explorer.image.get_array()), jacobian)
    for i in range(explorer.size):
        assert explorer.bar_labels[i].get_text() == f"{s[i]:.3f}"
        for j in range(explorer.size):
            shown = float(explorer.cell_labels[i][j].get_text().replace("−", "-"))
            assert shown == pytest.approx(jacobian[i, j], abs=5.001e-4)   # 3 decimals
    assert explorer.image.get_clim() == (-0.25 / temperature, 0.25 / temperature)
    assert np.abs(jacobian).max() <= 0.25 / temperature
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


@pytest.mark.parametrize("classes", [3, 4])
def test_cross_terms_figure_draws_the_whole_first_column_and_its_zero_sum(classes):
    fig = softmax_lesson.softmax_cross_terms_figure(classes=classes, x_range=(-3.0, 3.0))
    ax_f, ax_d = fig.axes[:2]
    upper = {line.get_label(): line for line in ax_f.lines}
    lower = {line.get_label(): line for line in ax_d.lines}
    x, s1 = upper["s₁ (its own logit moves)"].get_data()
    logits = softmax_lesson.softmax_line(x, classes)
    jacobian = act.softmax_derivative(logits)
    np.testing.assert_array_equal(s1, act.softmax(logits)[:, 0])
    np.testing.assert_array_equal(lower["∂s₁/∂x₁ = s₁(1 − s₁)"].get_ydata(), jacobian[:, 0, 0])
    names = "₁₂₃₄"
    column = lower["∂s₁/∂x₁ = s₁(1 − s₁)"].get_ydata().copy()
    for i in range(1, classes):
        cross = lower[f"∂s{names[i]}/∂x₁ = −s{names[i]}s₁"]
        np.testing.assert_array_equal(cross.get_ydata(), jacobian[:, i, 0])
        column += cross.get_ydata()
    np.testing.assert_allclose(column, 0.0, atol=1e-16)                    # the drawn terms do sum to 0
    np.testing.assert_allclose(lower["column sum Σᵢ ∂sᵢ/∂x₁ (= 0)"].get_ydata(), 0.0, atol=1e-16)
    for ax in (ax_f, ax_d):                                                 # every line in the legend
        legend = [text.get_text() for text in ax.get_legend().get_texts()]
        drawn = [line for line in ax.lines if not line.get_label().startswith("_")]   # not the zero lines
        assert legend == [line.get_label() for line in drawn]
        low, high = ax.get_ylim()
        for line in drawn:
            assert low <= np.min(line.get_ydata()) and np.max(line.get_ydata()) <= high
    coinciding = [lower[f"∂s{names[i]}/∂x₁ = −s{names[i]}s₁"] for i in range(1, classes)]
    styles = {(line.get_linestyle(), line.get_marker()) for line in coinciding}
    assert len(styles) == len(coinciding)                                  # told apart on screen


def test_ce_gradient_and_temperature_peak_expectations_match_the_math():
    x = np.array(exercises.EXERCISES["softmax-ce-gradient"].points)
    s1 = 1.0 / (1.0 + 2.0 * np.exp(-x))                                    # s1 of (x, 0, 0), written out
    np.testing.assert_allclose(exercises.EXERCISES["softmax-ce-gradient"].expected(x), s1 - 1.0, rtol=1e-12)
    temperatures = np.array(exercises.EXERCISES["softmax-temperature-peak"].points)
    grid = np.linspace(-20.0, 20.0, 400_001)                               # the peak, found by brute force
    for t in temperatures[::7]:
        slope = act.softmax_derivative(softmax_lesson.softmax_line(grid / t))[:, 0, 0] / t
        assert slope.max() == pytest.approx(exercises.EXERCISES["softmax-temperature-peak"].expected(t), rel=1e-6)


def _exact_log_first_probability(x: float) -> float:
    """x − log(eˣ + 2) with enough digits to survive the cancellation (e⁻ˣ is below 10^(−x/2.31))."""
    with mpmath.workdps(60 + int(abs(x) / 2.3)):
        value = mpmath.mpf(x) - mpmath.log(mpmath.exp(mpmath.mpf(x)) + 2)
        return float(value)


def test_log_stable_reference_is_right_to_the_last_digit_everywhere():
    task = exercises.EXERCISES["softmax-log-stable"]
    x = np.concatenate([np.array(task.points), np.linspace(-1000.0, 1000.0, 4001), np.linspace(-3, 3, 601)])
    exact = np.array([_exact_log_first_probability(v) for v in x])
    assert ulp_error(task.expected(x), exact).max() <= 2
    assert task.expected(np.array([40.0]))[0] == pytest.approx(-8.496708510583178e-18, rel=1e-15)


def _max_shift_log_softmax(x):
    z = softmax_lesson.softmax_line(x)
    m = z.max(axis=-1, keepdims=True)
    return (z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))[:, 0]


def _naive_log_softmax(x):
    z = softmax_lesson.softmax_line(x)
    return np.log(np.exp(z[:, 0]) / np.exp(z).sum(axis=-1))


def test_log_stable_checker_keeps_the_prompts_promises(capsys):
    assert "1e-15 + 1e-12" in exercises.EXERCISES["softmax-log-stable"].prompt
    assert lab.check("softmax-log-stable", _max_shift_log_softmax)
    assert lab.check("softmax-log-stable",
                     lambda x: scipy.special.log_softmax(softmax_lesson.softmax_line(x), axis=-1)[:, 0])
    assert lab.check("softmax-log-stable", exercises.log_first_probability)
    capsys.readouterr()
    assert not lab.check("softmax-log-stable", _naive_log_softmax)
    assert not lab.check("softmax-log-stable", lambda x: np.log(act.softmax(softmax_lesson.softmax_line(x))[:, 0]))
    assert not lab.check("softmax-log-stable", lambda x: np.float32(_max_shift_log_softmax(x)))   # 7 digits
    assert "✗" in capsys.readouterr().out


def _jacobian_by_broadcasting(s):
    return np.eye(s.shape[-1]) * s[:, None, :] - s[:, :, None] * s[:, None, :]


def _vjp(s, g):
    return s * (g - np.sum(g * s, axis=-1, keepdims=True))


def test_jacobian_exercise_accepts_every_right_form_and_refuses_wrong_ones(capsys):
    assert lab.check("softmax-jacobian", _jacobian_by_broadcasting)
    assert lab.check("softmax-jacobian",
                                       lambda s: np.stack([np.diag(row) - np.outer(row, row) for row in s]))
    assert lab.check("softmax-jacobian", lambda s: act.softmax_derivative(np.log(s)))
    capsys.readouterr()
    assert not lab.check("softmax-jacobian", lambda s: s * (1.0 - s))          # diagonal only
    assert "shape (8, 4, 4)" in capsys.readouterr().out
    plus_sign = lambda s: np.eye(s.shape[-1]) * s[:, None, :] + s[:, :, None] * s[:, None, :]
    assert not lab.check("softmax-jacobian", plus_sign)
    assert "Hint:" in capsys.readouterr().out
    assert not lab.check("softmax-jacobian", lambda s: None)


def test_vjp_exercise_checks_values_and_refuses_the_full_matrix(capsys):
    assert lab.check("softmax-vjp", _vjp)
    assert "correct at all 12 logit vectors" in capsys.readouterr().out
    def via_matrix(s, g):
        return np.einsum("ni,nij->nj", g, _jacobian_by_broadcasting(s))

    assert not lab.check("softmax-vjp", via_matrix)
    assert "right values, but" in capsys.readouterr().out
    assert not lab.check("softmax-vjp", lambda s, g: s * g)
    assert not lab.check("softmax-vjp", lambda s, g: 1 / 0)
    assert "raised ZeroDivisionError" in capsys.readouterr().out
    reference = exercises.EXERCISES["softmax-vjp"]
    points = np.array(reference.points)
    np.testing.assert_allclose(reference.expected(points), _vjp(act.softmax(points[:, 0]), points[:, 1]),
                               rtol=1e-12, atol=1e-15)


def test_css_classes_mark_it_as_an_explorer_but_not_an_element_wise_one(explorer_for):
    explorer = explorer_for()
    assert "activation-explorer" in explorer._dom_classes
    assert not [name for name in explorer._dom_classes if name.startswith("explorer-")]
