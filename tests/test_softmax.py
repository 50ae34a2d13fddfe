"""Softmax and its Jacobian: mpmath references, limits, batches, Jacobian structure."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from reference import ulp_error

import activations as act


def _mp_softmax(row):
    with mpmath.workdps(60):
        e = [mpmath.exp(mpmath.mpf(float(v))) for v in row]
        total = mpmath.fsum(e)
        return [v / total for v in e]


def _mp_jacobian(row):
    """J_ij = s_i (δ_ij - s_j), with 1 - s_i taken as Σ_{j≠i} e_j / Σ e (no cancellation)."""
    with mpmath.workdps(60):
        e = [mpmath.exp(mpmath.mpf(float(v))) for v in row]
        total = mpmath.fsum(e)
        size = len(e)
        return np.array([[float(e[i] * mpmath.fsum(e[:i] + e[i + 1:]) / total**2) if i == j
                          else float(-e[i] * e[j] / total**2) for j in range(size)]
                         for i in range(size)])


ROWS = [
    [0.0, 0.0, 0.0],
    [1.0, 2.0, 3.0],
    [1000.0, 999.0, -1000.0],
    [-1000.0, -1000.5, -1002.0],
    [50.0, 0.0, -3.0],
    [745.0, 0.0, 1.0, 2.0],
    [1e-300, -1e-300, 0.0],
    [30.0, 0.0],
]


@pytest.mark.parametrize("row", ROWS)
def test_softmax_matches_mpmath(row):
    exact = np.array([float(v) for v in _mp_softmax(row)])
    assert ulp_error(act.softmax(row), exact).max() <= 4


@pytest.mark.parametrize("row", ROWS)
def test_jacobian_matches_mpmath_including_dominant_diagonal(row):
    exact = _mp_jacobian(row)
    assert ulp_error(act.softmax_derivative(row), exact).max() <= 6


def test_dominant_logit_diagonal_is_not_cancelled():
    # s_0 rounds to 1, so s_0 (1 - s_0) would be 0; the true value is ~1.9e-22.
    assert act.softmax_derivative([50.0, 0.0])[0, 0] == pytest.approx(1.9287498479639178e-22, rel=1e-14)


def test_batch_rows_get_their_own_shift():
    batch = np.array([[1000.0, 1001.0], [0.0, 1.0]])
    np.testing.assert_allclose(act.softmax(batch), [[0.2689414213699951, 0.7310585786300049]] * 2)
    np.testing.assert_allclose(act.softmax(batch.T, axis=0).T, act.softmax(batch))


def test_infinite_logits_are_limits():
    inf = np.inf
    np.testing.assert_array_equal(act.softmax([inf, 0.0, 1.0]), [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(act.softmax([inf, inf, -inf]), [0.5, 0.5, 0.0])
    np.testing.assert_array_equal(act.softmax([-inf, 0.0]), [0.0, 1.0])
    assert np.isnan(act.softmax([-inf, -inf])).all()
    assert np.isnan(act.softmax([np.nan, 1.0])).all()
    np.testing.assert_array_equal(act.softmax_derivative([inf, 0.0]), np.zeros((2, 2)))


def test_shapes_dtypes_and_empty():
    assert act.softmax_derivative(np.zeros((4, 5, 3))).shape == (4, 5, 3, 3)
    assert act.softmax(np.zeros((2, 0))).shape == (2, 0)
    assert act.softmax_derivative(np.zeros((2, 0))).shape == (2, 0, 0)
    assert act.softmax(np.array([1, 2, 3], dtype=np.float32)).dtype == np.float32
    assert act.softmax([1, 2]).dtype == np.float64
    with pytest.raises(ValueError, match="softmax: x must have at least one axis"):
        act.softmax(1.0)
    with pytest.raises(ValueError, match="softmax: axis 2 is out of range"):
        act.softmax([[1.0]], axis=2)
    with pytest.raises(TypeError, match="softmax: axis must be an integer"):
        act.softmax([1.0], axis=0.5)
    with pytest.raises(TypeError, match="softmax_derivative"):
        act.softmax_derivative(["a", "b"])


finite_rows = arrays(np.float64, st.integers(2, 6),
                     elements=st.floats(-700, 700, allow_nan=False))


@given(finite_rows, st.floats(-500, 500))
def test_shift_invariance_and_sum_to_one(row, shift):
    s = act.softmax(row)
    assert abs(s.sum() - 1.0) <= 8 * np.finfo(float).eps
    np.testing.assert_allclose(act.softmax(row + shift), s, rtol=1e-9, atol=1e-300)


@given(finite_rows)
def test_jacobian_symmetric_rows_sum_to_zero_and_singular(row):
    jacobian = act.softmax_derivative(row)
    np.testing.assert_array_equal(jacobian, jacobian.T)
    assert np.all(np.abs(jacobian.sum(axis=1)) <= 4 * np.finfo(float).eps)
    np.testing.assert_allclose(jacobian @ np.ones(len(row)), 0.0, atol=4e-16)
