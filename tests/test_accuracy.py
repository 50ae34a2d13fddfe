"""Every function and derivative against sympy/mpmath references, finite differences and scipy."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
import sympy
from reference import EXPRESSIONS, STABLE_DERIVATIVES, TEXTBOOK, X, reference, ulp_error, wide_grid

import activations as act

# (name, params, forward): forward=True means the result must be within MAX_ULPS of
# the exact value relative to itself.  forward=False is the mixed criterion for
# cases whose exact value is ill-conditioned (a root of the derivative, or an
# argument like βx that cannot be formed exactly): the error is measured against
# |f| + |x f'|, i.e. what a one-ulp change of x would cause.
CASES = [
    ("sigmoid", {}, True, True),
    ("tanh", {}, True, True),
    ("relu", {}, True, True),
    ("leaky_relu", {}, True, True),
    ("leaky_relu", {"alpha": 0.3}, True, True),
    ("leaky_relu", {"alpha": 1.0}, True, True),
    ("elu", {}, True, True),
    ("elu", {"alpha": 0.1}, True, True),
    ("elu", {"alpha": 2.5}, True, True),
    ("swish", {}, True, False),
    ("swish", {"beta": 0.5}, False, False),
    ("swish", {"beta": 3.7}, False, False),
    ("swish", {"beta": 10.0}, False, False),
    ("gelu", {}, True, False),
    ("gelu", {"approximate": "tanh"}, False, False),
]
MAX_ULPS = 4.0
KINKED = {"relu", "leaky_relu", "elu"}


def _grid(name):
    grid = wide_grid()
    return grid[grid != 0] if name in KINKED else grid


def _case_id(case):
    name, params, *_ = case
    return name + "".join(f"-{k}={v}" for k, v in params.items())


def _measured_error(name, params, order, forward):
    x = _grid(name)
    entry = act.ACTIVATIONS[name]
    got = (entry.function, entry.derivative)[order](x, **params)
    exact = reference(name, x, order, **params)
    if forward:
        return x, ulp_error(got, exact)
    with np.errstate(over="ignore"):
        scale = np.abs(exact) + np.abs(x * reference(name, x, order + 1, **params))
    return x, ulp_error(got, exact, scale)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_function_matches_mpmath_over_whole_range(case):
    name, params, forward, _ = case
    x, error = _measured_error(name, params, 0, forward)
    worst = np.argmax(error)
    assert error[worst] <= MAX_ULPS, f"{name}{params}: {error[worst]:.3g} ulp at x={x[worst]!r}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_derivative_matches_mpmath_over_whole_range(case):
    name, params, _, forward = case
    x, error = _measured_error(name, params, 1, forward)
    worst = np.argmax(error)
    assert error[worst] <= MAX_ULPS, f"{name}'{params}: {error[worst]:.3g} ulp at x={x[worst]!r}"


@pytest.mark.parametrize(("name", "x", "expected"), [
    ("sigmoid", -700.0, 9.8596765437597708567e-305),
    ("sigmoid", -740.0, 4.1995579896506e-322),
    ("gelu", -30.0, -1.4720141781444561179e-196),
    ("gelu", -38.0, -1.0964627768261380e-314),
])
def test_named_tail_values(name, x, expected):
    got = act.ACTIVATIONS[name].function(x)
    assert ulp_error(got, reference(name, np.array([x]))[0]) <= MAX_ULPS
    assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("name", "x", "expected"), [
    ("sigmoid", 40.0, 4.2483542552915889592e-18),
    ("tanh", 30.0, 3.5026043050786081354e-26),
    ("elu", -40.0, 4.2483542552915889592e-18),
    ("gelu", -10.0, -7.6198530241604e-22),
])
def test_named_tail_derivatives(name, x, expected):
    got = act.ACTIVATIONS[name].derivative(x)
    assert got == pytest.approx(expected, rel=1e-12)
    assert got != 0.0


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_low_precision_is_correctly_rounded(case, dtype):
    name, params, *_ = case
    finfo = np.finfo(dtype)
    x = _grid(name)
    x = x[np.abs(x) <= float(finfo.max)].astype(dtype)
    entry = act.ACTIVATIONS[name]
    for order, func in enumerate((entry.function, entry.derivative)):
        got = func(x, **params)
        assert got.dtype == dtype
        exact = reference(name, x.astype(np.float64), order, **params)
        finite = np.isfinite(exact.astype(dtype))
        error = ulp_error(got[finite], exact[finite], dtype=dtype)
        assert error.max() <= 1.0, f"{name} order {order}: {error.max():.3g} ulp of {dtype.__name__}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_derivative_matches_central_difference(case):
    """scikit-learn's gradient check: (f(x+h) - f(x-h)) / 2h, away from the kink."""
    name, params, *_ = case
    entry = act.ACTIVATIONS[name]
    x = np.linspace(-8.0, 8.0, 321)
    x = x[np.abs(x) > 1e-3]
    h = 1e-6 * np.maximum(1.0, np.abs(x))
    numeric = (entry.function(x + h, **params) - entry.function(x - h, **params)) / (2 * h)
    np.testing.assert_allclose(entry.derivative(x, **params), numeric, rtol=1e-7, atol=1e-8)


def test_stable_reference_derivatives_equal_sympy_diff():
    for (name, approximate, order), stable in STABLE_DERIVATIVES.items():
        textbook = sympy.diff(EXPRESSIONS[(name, approximate)], X, order)
        assert sympy.simplify((textbook - stable).rewrite(sympy.exp)) == 0


def test_reference_forms_equal_textbook_forms():
    for key, textbook in TEXTBOOK.items():
        difference = (EXPRESSIONS[key].rewrite(sympy.erf) - textbook).rewrite(sympy.exp)
        assert sympy.simplify(difference) == 0, key


def test_against_scipy_special():
    x = np.linspace(-50.0, 50.0, 2001)
    np.testing.assert_allclose(act.sigmoid(x), scipy.special.expit(x), rtol=4e-16, atol=0)
    moderate = x[x > -30]   # below, scipy's ndtr loses digits and then flushes subnormals
    np.testing.assert_allclose(act.gelu(moderate), moderate * scipy.special.ndtr(moderate),
                               rtol=1e-11, atol=0)
    logits = np.random.default_rng(0).normal(scale=20.0, size=(50, 7))
    np.testing.assert_allclose(act.softmax(logits), scipy.special.softmax(logits, axis=-1),
                               rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(act.softmax(logits, axis=0), scipy.special.softmax(logits, axis=0),
                               rtol=1e-13, atol=1e-300)
