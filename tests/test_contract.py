"""The input and output rules of docs/contract.md, for every function."""

from __future__ import annotations

import inspect
import subprocess
import sys

import numpy as np
import pytest

import activations as act

ELEMENTWISE = [a for a in act.ACTIVATIONS.values() if a.elementwise]
FUNCTIONS = [f for a in ELEMENTWISE for f in (a.function, a.derivative)]
EXTREMES = np.array([-np.inf, -1e308, -1e10, -800.0, -40.0, -1.0, -1e-300, -0.0, 0.0, 5e-324,
                     1e-300, 1.0, 40.0, 800.0, 1e10, 1e308, np.inf, np.nan])


def _ids(funcs):
    return [f.__name__ for f in funcs]


@pytest.mark.parametrize("func", FUNCTIONS, ids=_ids(FUNCTIONS))
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_no_warning_and_dtype_kept_for_any_input(func, dtype):
    with np.errstate(over="ignore"):
        x = EXTREMES.astype(dtype)
    out = func(x)                       # pytest turns any RuntimeWarning into an error
    assert out.dtype == dtype and out.shape == x.shape
    assert np.isnan(out[-1]) and not np.isnan(out[:-1]).any()


@pytest.mark.parametrize("func", FUNCTIONS, ids=_ids(FUNCTIONS))
def test_shapes_scalars_and_integer_input(func):
    assert isinstance(func(1.5), np.float64)
    assert isinstance(func(np.float32(1.5)), np.float32)
    assert func(3).dtype == np.float64 and func(True).dtype == np.float64
    assert func([[1, 2, 3], [4, 5, 6]]).shape == (2, 3)
    assert func(np.array([], dtype=np.float32)).shape == (0,)
    assert func(np.zeros((2, 0, 3))).shape == (2, 0, 3)
    np.testing.assert_array_equal(func(np.arange(-3, 4)), func(np.arange(-3.0, 4.0)))


@pytest.mark.parametrize("func", FUNCTIONS, ids=_ids(FUNCTIONS))
@pytest.mark.parametrize("bad", [None, "1.0", b"x", 1 + 2j, np.array([1j]), [1, None],
                                 [[1, 2], [3]], {"x": 1}, np.array(["a"]), np.float128(1.0)
                                 if hasattr(np, "float128") else object()])
def test_bad_input_is_a_type_error_naming_the_function(func, bad):
    with pytest.raises(TypeError, match=rf"^{func.__name__}: x must"):
        func(bad)


@pytest.mark.parametrize(("func", "param", "value", "error", "message"), [
    (act.leaky_relu, "alpha", np.inf, ValueError, "alpha must be finite"),
    (act.leaky_relu_derivative, "alpha", np.nan, ValueError, "alpha must be finite"),
    (act.leaky_relu, "alpha", "0.1", TypeError, "alpha must be a real number"),
    (act.elu, "alpha", 0.0, ValueError, "alpha must be > 0"),
    (act.elu_derivative, "alpha", -1.0, ValueError, "alpha must be > 0"),
    (act.elu, "alpha", True, TypeError, "alpha must be a real number"),
    (act.swish, "beta", np.inf, ValueError, "beta must be finite"),
    (act.swish_derivative, "beta", None, TypeError, "beta must be a real number"),
    (act.gelu, "approximate", "erf", ValueError, "approximate must be 'none'"),
    (act.gelu_derivative, "approximate", None, ValueError, "approximate must be 'none'"),
])
def test_bad_parameters_say_which_and_why(func, param, value, error, message):
    with pytest.raises(error, match=rf"^{func.__name__}: {message}"):
        func(1.0, **{param: value})


@pytest.mark.parametrize(("func", "kwargs", "at_minus_inf", "at_plus_inf"), [
    (act.sigmoid, {}, 0.0, 1.0), (act.sigmoid_derivative, {}, 0.0, 0.0),
    (act.tanh, {}, -1.0, 1.0), (act.tanh_derivative, {}, 0.0, 0.0),
    (act.relu, {}, 0.0, np.inf), (act.relu_derivative, {}, 0.0, 1.0),
    (act.leaky_relu, {}, -np.inf, np.inf), (act.leaky_relu, {"alpha": 0.0}, 0.0, np.inf),
    (act.leaky_relu_derivative, {"alpha": 0.2}, 0.2, 1.0),
    (act.elu, {"alpha": 2.0}, -2.0, np.inf), (act.elu_derivative, {}, 0.0, 1.0),
    (act.swish, {}, 0.0, np.inf), (act.swish, {"beta": 0.0}, -np.inf, np.inf),
    (act.swish, {"beta": -1.0}, -np.inf, 0.0), (act.swish_derivative, {}, 0.0, 1.0),
    (act.swish_derivative, {"beta": 0.0}, 0.5, 0.5), (act.swish_derivative, {"beta": -2.0}, 1.0, 0.0),
    (act.gelu, {}, 0.0, np.inf), (act.gelu_derivative, {}, 0.0, 1.0),
    (act.gelu, {"approximate": "tanh"}, 0.0, np.inf),
    (act.gelu_derivative, {"approximate": "tanh"}, 0.0, 1.0),
])
def test_infinities_give_the_limits(func, kwargs, at_minus_inf, at_plus_inf):
    np.testing.assert_array_equal(func([-np.inf, np.inf], **kwargs), [at_minus_inf, at_plus_inf])


def test_kinks_take_the_left_branch():
    assert act.relu_derivative(0.0) == 0.0
    assert act.leaky_relu_derivative(0.0) == 0.01
    assert act.leaky_relu_derivative(0.0, alpha=0.3) == 0.3
    assert act.elu_derivative(0.0) == 1.0
    assert act.elu_derivative(0.0, alpha=2.0) == 2.0
    assert act.relu_derivative(-0.0) == 0.0


def test_relu_family_propagates_nan():
    for func in (act.relu, act.relu_derivative, act.leaky_relu, act.leaky_relu_derivative):
        assert np.isnan(func(np.nan))
    assert np.isnan(act.leaky_relu(np.nan, alpha=0.0))


def test_signatures_match_the_contract():
    expected = {"leaky_relu": ("alpha", 0.01), "elu": ("alpha", 1.0), "swish": ("beta", 1.0),
                "gelu": ("approximate", "none")}
    for entry in ELEMENTWISE:
        for func in (entry.function, entry.derivative):
            params = list(inspect.signature(func).parameters.values())
            assert params[0].name == "x"
            if entry.name in expected:
                assert (params[1].name, params[1].default) == expected[entry.name]
            else:
                assert len(params) == 1
    assert inspect.signature(act.softmax).parameters["axis"].default == -1


def test_import_is_cheap_and_silent():
    code = ("import sys, numpy as np; before = np.geterr(); import activations; "
            "assert np.geterr() == before; "
            "assert not {'matplotlib', 'ipywidgets', 'sympy'} & set(sys.modules), sorted(sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
