"""Identities (hypothesis) and the registry's claims, checked on the functions themselves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize

import activations as act

EPS = np.finfo(float).eps
reals = st.floats(-1e6, 1e6, allow_nan=False)


@given(reals)
def test_sigmoid_symmetry(x):
    assert abs(act.sigmoid(-x) - (1.0 - act.sigmoid(x))) <= 2 * EPS


@given(st.floats(allow_nan=False))
def test_tanh_is_odd_and_sigmoid_derivative_even(x):
    assert act.tanh(-x) == -act.tanh(x)
    assert act.sigmoid_derivative(-x) == act.sigmoid_derivative(x)
    assert act.tanh_derivative(-x) == act.tanh_derivative(x)


@given(reals)
def test_tanh_is_a_rescaled_sigmoid(x):
    assert abs(act.tanh(x) - (2.0 * act.sigmoid(2.0 * x) - 1.0)) <= 4 * EPS
    assert act.tanh_derivative(x) == pytest.approx(4.0 * act.sigmoid_derivative(2.0 * x),
                                                   rel=8 * EPS, abs=0)


@given(reals, st.floats(1.0, 1e8))
def test_swish_tends_to_relu_as_beta_grows(x, beta):
    # |x σ(βx) - relu(x)| = |x| σ(-β|x|) <= max_t t σ(-t) / β = 0.27846.../β
    gap = abs(act.swish(x, beta=beta) - act.relu(x))
    assert gap <= 0.2784645427610738 / beta + 4 * EPS * abs(x)


@given(reals)
def test_swish_derivative_symmetry_and_silu(x):
    assert act.swish_derivative(x) + act.swish_derivative(-x) == pytest.approx(1.0, abs=4 * EPS)
    assert act.swish(x, beta=0.0) == pytest.approx(x / 2, rel=EPS, abs=0)


@given(reals)
def test_elu_derivative_is_function_plus_alpha_on_the_left(x):
    if x <= 0:
        assert act.elu_derivative(x, alpha=1.7) == pytest.approx(act.elu(x, alpha=1.7) + 1.7,
                                                                  rel=1e-15, abs=1e-15)


def _sampled(rng):
    x = np.concatenate([rng.normal(scale=3.0, size=4000), rng.uniform(-60, 60, 4000)])
    return np.sort(x)


#: every activation at its defaults, and the parameterised ones across their slider ranges
CASES = [(name, {}) for name in act.ACTIVATIONS] + [
    ("leaky_relu", {"alpha": 0.0}), ("leaky_relu", {"alpha": 0.3}), ("leaky_relu", {"alpha": 1.0}),
    ("elu", {"alpha": 0.5}), ("elu", {"alpha": 2.5}),
    ("swish", {"beta": 0.0}), ("swish", {"beta": 0.5}), ("swish", {"beta": 4.0}),
    ("gelu", {"approximate": "tanh"}),
    ("softmax", {"classes": 2}), ("softmax", {"classes": 10}),
]
CASE_IDS = [name + "".join(f"-{k}={v}" for k, v in params.items()) for name, params in CASES]


def _case(name, params):
    entry = act.ACTIVATIONS[name]
    values = {**entry.defaults, **params}
    return (entry, entry.properties_for(**params), lambda t: entry.f(t, **values),
            lambda t: entry.df(t, **values))


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_claimed_ranges_hold(name, params):
    _, props, f, df = _case(name, params)
    x = _sampled(np.random.default_rng(1))
    y, slopes = f(x), df(x)
    closure = act.Interval(props.output_range.low, props.output_range.high, True, True)
    assert closure.contains(y).all()
    moderate = np.abs(x) < 15          # where float64 does not round onto the open ends
    assert props.output_range.contains(y[moderate]).all()
    assert act.Interval(props.derivative_range.low, props.derivative_range.high,
                        True, True).contains(slopes).all()


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_claimed_monotonicity_holds(name, params):
    _, props, f, _ = _case(name, params)
    rising = np.diff(f(_sampled(np.random.default_rng(2)))) >= 0
    assert rising.all() == props.monotonic


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_claimed_maximum_slope(name, params):
    _, props, _, df = _case(name, params)
    x = np.linspace(-10, 10, 200001)
    assert df(x).max() == pytest.approx(props.max_slope, rel=1e-6)  # on a grid; exact below
    if props.max_slope_at is not None and df(props.max_slope_at) == props.max_slope:
        pass                                   # attained where it says (ELU with α > 1: at 0)
    elif props.max_slope_at is not None:
        best = optimize.minimize_scalar(lambda t: -df(t),
                                        bracket=(props.max_slope_at - 0.5, props.max_slope_at + 0.5),
                                        tol=1e-12)
        assert best.x == pytest.approx(props.max_slope_at, abs=1e-6)
        assert -best.fun == pytest.approx(props.max_slope, rel=1e-14)
    assert props.derivative_range.high == pytest.approx(props.max_slope, rel=1e-15)


@pytest.mark.parametrize(("name", "params"), [c for c in CASES if c[0] in ("swish", "gelu")
                                              and c[1].get("beta", 1.0) > 0],
                         ids=[i for c, i in zip(CASES, CASE_IDS, strict=True)
                              if c[0] in ("swish", "gelu") and c[1].get("beta", 1.0) > 0])
def test_claimed_minimum_of_non_monotonic_ones(name, params):
    _, props, f, df = _case(name, params)
    root = optimize.brentq(df, -3.0 / params.get("beta", 1.0), -0.1 / params.get("beta", 1.0),
                           xtol=1e-15)
    assert f(root) == pytest.approx(props.output_range.low, rel=1e-12)
    low_slope = optimize.minimize_scalar(df, bracket=(2 * root, root), tol=1e-12)
    assert low_slope.fun == pytest.approx(props.derivative_range.low, rel=1e-12)


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_zero_centred_means_odd(name, params):
    _, props, f, _ = _case(name, params)
    x = np.linspace(-8, 8, 1601)
    assert np.allclose(f(-x), -f(x), atol=1e-15) == props.zero_centred


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_claimed_kink_is_where_the_derivative_jumps(name, params):
    _, props, _, df = _case(name, params)
    h = 1e-9
    jumps = abs(float(df(h)) - float(df(-h))) > 1e-6
    assert jumps == bool(props.kink)
    assert ("C⁰, not C¹" in props.smoothness) == jumps


def test_properties_at_the_defaults_are_the_listed_ones():
    for entry in act.ACTIVATIONS.values():
        assert entry.properties_for() == entry.properties


def test_properties_for_an_unknown_parameter_is_refused():
    with pytest.raises(ValueError, match="relu: no parameter named alpha"):
        act.ACTIVATIONS["relu"].properties_for(alpha=0.1)
    with pytest.raises(ValueError, match=r"elu: .*alpha > 0"):
        act.ACTIVATIONS["elu"].properties_for(alpha=0.0)


def test_registry_matches_the_contract():
    assert list(act.ACTIVATIONS) == ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish",
                                     "gelu", "softmax"]
    for name, entry in act.ACTIVATIONS.items():
        assert entry.name == name
        assert entry.function is getattr(act, name)
        assert entry.derivative is getattr(act, name + "_derivative")
        assert entry.latex and entry.derivative_latex
        assert entry.latex.count("{") == entry.latex.count("}")
        assert entry.x_limits[0] <= entry.x_range[0] < entry.x_range[1] <= entry.x_limits[1]
        for param in entry.plot_parameters:
            if param.is_choice:
                assert param.default in param.options
            else:
                assert param.minimum <= param.default <= param.maximum and param.step > 0
                n_steps = (param.maximum - param.minimum) / param.step
                assert abs(n_steps - round(n_steps)) < 1e-9, param
