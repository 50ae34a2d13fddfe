"""Numbers the lessons' prose and the instructor guide state without a code cell printing them next to the
text (in a "Try this", or quoted from an earlier lesson): each is recomputed here from the module."""

from __future__ import annotations

from inspect import signature
from pathlib import Path

import nbformat
import numpy as np

import activations as act
from activation_lab.lessons import relu as relu_lesson
from activation_lab.lessons import softmax as softmax_lesson
from activation_lab.lessons import tanh as tanh_lesson

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
GUIDE = (NOTEBOOKS / "instructor-guide.md").read_text(encoding="utf-8")
FLOAT64 = np.finfo(np.float64)


def markdown_of(lesson: str) -> str:
    cells = nbformat.read(NOTEBOOKS / f"{lesson}.ipynb", as_version=4).cells
    return "".join(cell.source for cell in cells if cell.cell_type == "markdown")


def test_overflow_limits_of_exp_are_float64s():
    overflow_above = np.log(FLOAT64.max)                                  # 709.78...
    underflow_below = np.log(FLOAT64.smallest_subnormal) - np.log(2.0)    # -745.13...: exp rounds to 0 below
    assert f"above about {overflow_above:.1f}" in markdown_of("08-softmax")
    assert f"above about {overflow_above:.1f}" in GUIDE
    assert f"below about −{-underflow_below:.2f}" in markdown_of("08-softmax")
    assert f"below about −{overflow_above:.2f}" in markdown_of("06-swish")
    with np.errstate(under="ignore"):
        assert np.exp(underflow_below + 1e-3) > 0 and np.exp(underflow_below - 1e-3) == 0


def test_softmax_try_this_where_the_diagonal_peaks():
    logits = softmax_lesson.softmax_explorer.__defaults__[0]
    where_half = np.log(np.exp(logits[1:]).sum())          # s1 = 1/2 when e^x1 equals the other terms' sum
    np.testing.assert_allclose(act.softmax(np.array([where_half, *logits[1:]]))[0], 0.5)
    prose = markdown_of("08-softmax")
    assert f"s₁ = 1/2 (at x₁ ≈ {where_half:.1f}," in prose
    assert f"It starts at s₁ = {act.softmax(np.array(logits))[0]:.2f}" in prose
    assert f"x₁ ≈ {where_half:.2f}, since e^x₁ must equal e¹ + e^0.1 + e⁻¹" in GUIDE


def test_gelu_derivative_underflow_point_in_lesson_9():
    assert act.gelu_derivative(-38.7) == 0 and act.gelu_derivative(-38.6) != 0
    assert "below z ≈ −38.7, where GELU's derivative\nunderflows to exactly 0" in markdown_of("09-gradient-flow")


def test_relu_lesson_states_the_training_defaults():
    defaults = signature(relu_lesson.train_unit).parameters
    steps, rate = defaults["steps"].default, defaults["learning_rate"].default
    assert f"`lesson.train_unit` runs {steps} such steps (learning rate {rate:g})" in markdown_of("03-relu")


def test_tanh_lesson_states_the_task_interval():
    low, high = tanh_lesson.TASK_X.min(), tanh_lesson.TASK_X.max()
    np.testing.assert_allclose(tanh_lesson.TASK_Y, np.sin(np.pi * tanh_lesson.TASK_X / 2))
    assert f"sin(πx/2) on [{low:g}, {high:g}]".replace("-", "−") in markdown_of("02-tanh")
