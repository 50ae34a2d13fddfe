"""Lesson 9's network code and gradient-flow explorer: backprop against finite differences, the widget
against recomputed gradient norms, and the claims the lesson makes (vanishing, alive, dead units)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import activation_lab as lab
import activations as act
from activation_lab import figures, nets
from activation_lab.lessons import gradient_flow as flow

CASES = [(name, {}) for name in flow.GRADIENT_FLOW_ACTIVATIONS] + [
    ("leaky_relu", {"alpha": 0.2}), ("elu", {"alpha": 2.0}), ("swish", {"beta": 2.0}),
    ("gelu", {"approximate": "tanh"})]


def _case_id(case):
    name, params = case
    return name + "".join(f"-{k}={v}" for k, v in params.items())


@pytest.fixture
def explorer_for(build):
    return lambda **kwargs: build(flow.gradient_flow_explorer, **kwargs)


# -- the backward pass ---------------------------------------------------------

def _loss(x, weights, biases, targets, name, params):
    return nets.squared_error(nets.mlp_forward(x, weights, biases, name, **params)[1][-1], targets)[0]


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
@pytest.mark.parametrize("seed", [1, 2])
def test_backward_pass_equals_central_differences_of_the_loss(case, seed):
    name, params = case
    sizes = (4, 6, 5, 3)
    rng = np.random.default_rng(100 + seed)
    weights, biases = nets.random_network(sizes, gain=1.2, seed=seed, bias_std=0.5)
    x = rng.standard_normal((5, sizes[0]))
    targets = rng.standard_normal((5, sizes[-1]))
    zs, hs = nets.mlp_forward(x, weights, biases, name, **params)
    assert min(np.min(np.abs(z)) for z in zs) > 1e-4          # no difference quotient across a kink
    _, top = nets.squared_error(hs[-1], targets)
    weight_gradients, bias_gradients, deltas = nets.mlp_backward(weights, zs, hs, top, name, **params)
    step = 1e-5
    for arrays, gradients in ((weights, weight_gradients), (biases, bias_gradients)):
        for array, gradient in zip(arrays, gradients, strict=True):
            assert gradient.shape == array.shape
            numeric = np.zeros_like(array)
            for index in np.ndindex(array.shape):
                original = array[index]
                array[index] = original + step
                plus = _loss(x, weights, biases, targets, name, params)
                array[index] = original - step
                minus = _loss(x, weights, biases, targets, name, params)
                array[index] = original
                numeric[index] = (plus - minus) / (2 * step)
            np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-9)
    for delta, bias_gradient in zip(deltas, bias_gradients, strict=True):
        np.testing.assert_array_equal(delta.sum(axis=0), bias_gradient)


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_backprop_check_passes_with_margin_and_prints_true(case, capsys):
    name, params = case
    verdict = nets.backprop_check(name, **params)
    assert verdict and verdict.detail < 1e-7                       # a 10x margin below the printed tolerance
    line = capsys.readouterr().out
    assert line.endswith("(max relative error < 1e-06): True\n") and "kink" not in line


@pytest.mark.parametrize("name, wrong", [
    ("sigmoid", lambda x: act.sigmoid(x)),                           # dropped the (1 - sigma) factor
    ("tanh", lambda x: 1.0 - act.tanh(x)),                            # forgot the square
    ("relu", lambda x: np.ones_like(np.asarray(x, dtype=float))),     # slope 1 everywhere
    ("gelu", lambda x: act.gelu(x) / np.where(x == 0, 1.0, x)),       # Phi(x) without x phi(x)
])
def test_backprop_check_catches_a_wrong_derivative(name, wrong, monkeypatch, capsys):
    broken = dict(act.ACTIVATIONS)
    broken[name] = dataclasses.replace(act.ACTIVATIONS[name], derivative=lambda x, **p: wrong(x))
    monkeypatch.setattr(act, "ACTIVATIONS", broken)
    assert not nets.backprop_check(name)
    assert ": False (worst: " in capsys.readouterr().out


def test_mlp_functions_on_a_hand_example():
    x = np.array([[1.0, -2.0]])
    weights, biases = [np.array([[1.0, 2.0], [0.5, -1.0]])], [np.array([0.5, 0.0])]
    zs, hs = nets.mlp_forward(x, weights, biases, "relu")
    np.testing.assert_array_equal(zs[0], [[0.5, 4.0]])              # [1, -2] @ W + b
    np.testing.assert_array_equal(hs[1], [[0.5, 4.0]])
    dw, db, deltas = nets.mlp_backward(weights, zs, hs, np.array([[1.0, -1.0]]), "relu")
    np.testing.assert_array_equal(deltas[0], [[1.0, -1.0]])
    np.testing.assert_array_equal(dw[0], [[1.0, -1.0], [-2.0, 2.0]])  # x^T delta
    np.testing.assert_array_equal(db[0], [1.0, -1.0])


def test_random_network_is_seeded_scaled_and_extends_with_depth():
    weights, biases = nets.random_network([512, 512, 256], gain=nets.HE_GAIN, seed=5)
    assert [w.shape for w in weights] == [(512, 512), (512, 256)] and all(np.all(b == 0) for b in biases)
    for w in weights:
        assert np.std(w) == pytest.approx(nets.HE_GAIN / math.sqrt(w.shape[0]), rel=0.01)
    again, _ = nets.random_network([512, 512, 256], gain=nets.HE_GAIN, seed=5)
    np.testing.assert_array_equal(weights[1], again[1])
    shallow, _ = nets.random_network([32] * 4, gain=1.0, seed=0)
    deep, _ = nets.random_network([32] * 9, gain=1.0, seed=0)
    for a, b in zip(shallow, deep[:3], strict=True):
        np.testing.assert_array_equal(a, b)


# -- gradient norms and the explorer -------------------------------------------

def _reference_norms(name, depth, width, gain, batch=64, seed=0):
    """Backpropagation written out independently of nets.mlp_forward / mlp_backward."""
    entry = act.ACTIVATIONS[name]
    data = np.random.default_rng([seed, 1])
    h = data.standard_normal((batch, width))
    readout = data.standard_normal(width)
    weights, _ = nets.random_network([width] * (depth + 1), gain=gain, seed=seed)
    pre_activations = []
    for w in weights:
        pre_activations.append(h @ w)
        h = entry.function(pre_activations[-1])
    gradient = np.tile(readout / batch, (batch, 1))       # dL/dh_L for L = mean_b u . h_L
    norms = []
    for w, z in zip(reversed(weights), reversed(pre_activations), strict=True):
        delta = gradient * entry.derivative(z)
        norms.append(np.sqrt(np.sum(delta**2)))
        gradient = delta @ w.T
    return np.array(norms[::-1])


@pytest.mark.parametrize("name", flow.GRADIENT_FLOW_ACTIVATIONS)
def test_gradient_norms_equal_an_independent_backpropagation(name):
    for depth, width, gain in [(2, 16, 0.25), (7, 48, 1.0), (20, 64, nets.HE_GAIN), (33, 128, 3.0)]:
        np.testing.assert_allclose(nets.gradient_norms(name, depth, width, gain),
                                   _reference_norms(name, depth, width, gain), rtol=1e-10)


SETTINGS = [dict(depth=20, width=64, gain=1.0), dict(depth=2, width=16, gain=0.25), dict(depth=50, width=128, gain=3.0),
            dict(depth=35, width=32, gain=nets.HE_GAIN), dict(depth=9, width=112, gain=1.73)]


def test_widget_lines_equal_recomputed_gradient_norms_for_several_settings(explorer_for):
    explorer = explorer_for()
    for setting in SETTINGS:
        for key, value in setting.items():
            explorer.controls[key].value = value
        assert explorer.settings == setting
        for name in flow.GRADIENT_FLOW_ACTIVATIONS:
            layers, shown = explorer.lines[name].get_data()
            expected = nets.gradient_norms(name, **setting)
            np.testing.assert_array_equal(layers, np.arange(1, setting["depth"] + 1))
            np.testing.assert_array_equal(shown, np.where(expected > 0, expected, np.nan))
            low, high = explorer.axis.get_ylim()
            assert low <= np.nanmin(shown) and np.nanmax(shown) <= high
        assert explorer.axis.get_xlim() == (0.5, setting["depth"] + 0.5)
        for name in flow.GRADIENT_FLOW_ACTIVATIONS:
            layers, shown = explorer.moment_lines[name].get_data()
            expected = nets.forward_second_moments(name, **setting)
            np.testing.assert_array_equal(shown, np.where(expected > 0, expected, np.nan))
            low, high = explorer.moment_axis.get_ylim()
            assert low <= np.nanmin(shown) and np.nanmax(shown) <= high
        assert f"{setting['gain']:.2f}/√{setting['width']}" in explorer.title.get_text()
    assert explorer.errors == [] and explorer.message.value == ""


def test_every_slider_at_its_extremes(explorer_for):
    explorer = explorer_for()
    for control in explorer.controls.values():
        for value in (control.min, control.max, control.value):
            control.value = value
            assert explorer.errors == []
            for name in flow.GRADIENT_FLOW_ACTIVATIONS:
                assert len(explorer.lines[name].get_ydata()) == explorer.controls["depth"].value
                assert np.all(np.isfinite(explorer.norms[name]))


def test_deterministic_across_widgets_and_slider_round_trips(explorer_for):
    first, second = explorer_for(depth=12, width=48, gain=1.3), explorer_for(depth=12, width=48, gain=1.3)
    before = {name: first.lines[name].get_ydata().copy() for name in flow.GRADIENT_FLOW_ACTIVATIONS}
    first.controls["depth"].value = 40
    first.controls["width"].value = 16
    first.controls["gain"].value = 2.5
    first.controls["gain"].value = 1.3
    first.controls["width"].value = 48
    first.controls["depth"].value = 12
    for name, values in before.items():
        np.testing.assert_array_equal(first.lines[name].get_ydata(), values)
        np.testing.assert_array_equal(second.lines[name].get_ydata(), values)
    assert first._repr_mimebundle_()[0]["text/plain"] == second._repr_mimebundle_()[0]["text/plain"]


def test_preset_buttons_mark_the_standard_scales(explorer_for):
    explorer = explorer_for(gain=0.8)
    assert "0.80 × Xavier" in explorer.readout.value
    explorer.presets["He"].click()
    assert explorer.controls["gain"].value == nets.HE_GAIN
    assert "(He)" in explorer.title.get_text() and "this is He" in explorer.readout.value
    assert explorer.weight_std == pytest.approx(math.sqrt(2.0 / 64))
    explorer.presets["Xavier/Glorot"].click()
    assert explorer.controls["gain"].value == nets.XAVIER_GAIN
    assert explorer.weight_std == pytest.approx(math.sqrt(1.0 / 64))
    assert "(Xavier/Glorot)" in explorer._repr_mimebundle_()[0]["text/plain"]


# -- the lesson's claims, as properties with thresholds ------------------------

def _ratio(name, gain, depth=20, width=64, seed=0):
    norms = nets.gradient_norms(name, depth, width, gain, seed=seed)
    return norms[0] / norms[-1]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("width", [32, 64, 128])
def test_sigmoid_vanishes_at_depth_20_and_the_relu_family_is_alive_with_he(seed, width):
    for gain in (nets.XAVIER_GAIN, nets.HE_GAIN):
        assert _ratio("sigmoid", gain, width=width, seed=seed) < 1e-6
    for name in ("relu", "leaky_relu", "elu"):
        assert 0.1 < _ratio(name, nets.HE_GAIN, width=width, seed=seed) < 10
    assert _ratio("relu", nets.XAVIER_GAIN, width=width, seed=seed) < 1e-2      # Xavier is too small for ReLU
    assert 0.05 < _ratio("tanh", nets.XAVIER_GAIN, width=width, seed=seed) < 10   # ... and right for tanh
    assert _ratio("tanh", 0.5, width=width, seed=seed) < 1e-3                     # tanh vanishes below it


def test_no_gain_on_the_slider_saves_the_sigmoid():
    assert all(_ratio("sigmoid", gain) < 1e-4 for gain in np.linspace(0.25, 3.0, 12))


# -- dead units ----------------------------------------------------------------

def test_dead_and_zero_gradient_fractions_on_hand_examples():
    z = np.array([[-1.0, 2.0, 0.0, -40.0], [-3.0, -1.0, 0.0, -50.0]])
    assert flow.dead_unit_fraction(z) == 0.75
    assert flow.zero_gradient_fraction("relu", z) == 0.75           # relu'(0) = 0: the kink counts as dead
    assert flow.zero_gradient_fraction("leaky_relu", z) == 0.0
    assert flow.zero_gradient_fraction("elu", z) == 0.0
    assert flow.zero_gradient_fraction("gelu", z) == 0.25           # GELU' underflows to 0 below about -38


def test_bias_shift_kills_relu_units_only():
    z = flow.bias_shift_batch()
    assert z.shape == (256, 100) and 0.9 < np.std(z) < 1.1
    fractions = [flow.dead_unit_fraction(z - s) for s in (0.0, 1.0, 3.0, 5.0)]
    assert fractions[0] == fractions[1] == 0.0 and 0.5 < fractions[2] < 0.9 and fractions[3] == 1.0
    for s in (0.0, 2.0, 3.0, 5.0):
        assert flow.zero_gradient_fraction("relu", z - s) == flow.dead_unit_fraction(z - s)
        for name in ("leaky_relu", "elu", "gelu", "swish"):
            assert flow.zero_gradient_fraction(name, z - s) == 0.0


def test_a_large_learning_rate_step_kills_relu_units():
    before, small = flow.one_step_pre_activations("relu", 0.01)
    _, large = flow.one_step_pre_activations("relu", 10.0)
    assert flow.dead_unit_fraction(small) == flow.dead_unit_fraction(before) < 0.1
    assert flow.dead_unit_fraction(large) > flow.dead_unit_fraction(before) + 0.2
    for name in ("leaky_relu", "elu", "gelu"):
        _, moved = flow.one_step_pre_activations(name, 10.0)
        assert flow.dead_unit_fraction(moved) > 0.2 and flow.zero_gradient_fraction(name, moved) == 0.0


# -- exercises -----------------------------------------------------------------

def test_exercise_solutions_pass_and_common_mistakes_fail(capsys):
    weights, delta_next = flow.backward_step_example()
    assert lab.check("gradient-flow-backward-step", lambda z: (delta_next @ weights.T) * act.tanh_derivative(z))
    assert lab.check("gradient-flow-backward-step", lambda z: (weights @ delta_next) * (1 - act.tanh(z) ** 2))
    assert not lab.check("gradient-flow-backward-step", lambda z: (delta_next @ weights.T) * (1 - act.tanh(z)))
    assert not lab.check("gradient-flow-backward-step", lambda z: delta_next[:1] * act.tanh_derivative(z))
    assert not lab.check("gradient-flow-backward-step", lambda z: (delta_next @ weights.T) * act.tanh_derivative(
        act.tanh(z)))                                                      # derivative taken at h, not z
    assert lab.check("gradient-flow-he-std", lambda fan_in: np.sqrt(2.0 / fan_in))
    assert not lab.check("gradient-flow-he-std", lambda fan_in: np.sqrt(1.0 / fan_in))
    assert lab.check("gradient-flow-slope-bound", lambda depth: 0.25**depth)
    assert not lab.check("gradient-flow-slope-bound", lambda depth: 0.25 ** (depth - 1))
    assert lab.check("gradient-flow-leaky-gain", lambda alpha: np.sqrt(2.0 / (1.0 + alpha**2)))
    assert lab.check("gradient-flow-leaky-gain", lambda alpha: 1.0 / np.sqrt(0.5 + 0.5 * alpha * alpha))
    assert not lab.check("gradient-flow-leaky-gain", lambda alpha: np.sqrt(2.0 / (1.0 + alpha)))
    assert not lab.check("gradient-flow-leaky-gain", lambda alpha: np.full_like(alpha, np.sqrt(2.0)))
    capsys.readouterr()


# -- section 5: second moments; section 6: training; section 8: float32 and stored outputs ------------

def test_second_moments_of_swish_and_gelu_are_below_one_half_and_elu_above():
    assert flow.second_moment("swish") == pytest.approx(0.3558, abs=5e-4)
    assert flow.second_moment("gelu") == pytest.approx(0.4252, abs=5e-4)
    assert flow.second_moment("elu") > 0.5 and flow.second_moment_of_derivative("elu") > 0.5
    assert flow.second_moment_of_derivative("relu") == pytest.approx(0.5, abs=1e-12)
    z = np.linspace(-12.0, 12.0, 240001)
    density = np.exp(-z * z / 2) * (z[1] - z[0]) / math.sqrt(2 * math.pi)
    for name in ("swish", "gelu"):
        riemann = np.sum(act.ACTIVATIONS[name].df(z) ** 2 * density)
        assert flow.second_moment_of_derivative(name) == pytest.approx(riemann, rel=1e-8)


def test_under_he_the_signal_of_swish_and_gelu_fades_and_their_gradient_shrinks():
    for name in ("swish", "gelu"):
        moments = nets.forward_second_moments(name, 20, 64, nets.HE_GAIN)
        assert moments[-1] < 1e-3 * moments[0]
        assert _ratio(name, nets.HE_GAIN) < 0.1
    assert _ratio("elu", nets.HE_GAIN) > 1


def test_layer_second_moments_are_the_mean_squares_of_the_outputs():
    network = nets.deep_network(5, 16, 1.3, 8, 2)
    x, weights, _, _ = network
    h = x
    for moment, w in zip(nets.layer_second_moments("tanh", network), weights, strict=True):
        h = np.tanh(h @ w)
        assert moment == pytest.approx(np.mean(h * h), rel=1e-12)


def test_leaky_relu_gain_matches_the_closed_form_and_pytorch_default_is_its_value_at_root_five():
    alpha = np.array([0.0, 0.01, 0.5, 1.0, math.sqrt(5.0), 3.0])
    np.testing.assert_allclose(flow.leaky_relu_gain(alpha), np.sqrt(2.0 / (1.0 + alpha**2)), rtol=1e-9)
    assert flow.leaky_relu_gain(np.array([math.sqrt(5.0)]))[0] == pytest.approx(1 / math.sqrt(3), rel=1e-9)


def test_training_run_sigmoid_stalls_at_the_constant_prediction_tanh_and_relu_learn():
    _, targets = nets.regression_task()
    baseline = 0.5 * np.var(targets)
    losses = {name: nets.train_mlp(name) for name in ("sigmoid", "tanh", "relu")}
    assert all(len(v) == 400 and np.all(np.isfinite(v)) for v in losses.values())
    assert abs(losses["sigmoid"][-1] / baseline - 1) < 0.01
    assert losses["tanh"][-1] < losses["relu"][-1] < baseline / 4
    np.testing.assert_array_equal(nets.train_mlp("relu", steps=20), losses["relu"][:20])     # deterministic


def test_a_tiny_gradient_step_lowers_the_loss():
    # to first order one step changes the loss by −η‖∇ℒ‖² < 0: the step goes down the gradient
    first, second = nets.train_mlp("tanh", depth=3, width=8, steps=2, learning_rate=1e-6)
    assert second < first


def test_float32_central_differences_cannot_reach_the_float64_tolerance():
    exact = float(act.tanh_derivative(0.5))
    steps = 10.0 ** -np.arange(1, 10)
    errors32 = [abs(flow.central_difference("tanh", 0.5, h, np.float32) - exact) for h in steps]
    errors64 = [abs(flow.central_difference("tanh", 0.5, h, np.float64) - exact) for h in steps]
    assert min(errors32) > 1e-6 and min(errors64) < 1e-10


def test_derivatives_from_outputs_equal_the_module_on_the_training_range():
    z = np.linspace(-8.0, 8.0, 1601)
    for name in ("sigmoid", "tanh", "relu"):
        entry = act.ACTIVATIONS[name]
        np.testing.assert_allclose(flow.derivative_from_output(name, entry.f(z)), entry.df(z), atol=1e-15)
    with pytest.raises(ValueError):
        flow.derivative_from_output("gelu", z)


def test_second_moment_of_relu_is_one_half_and_of_tanh_matches_a_fine_sum():
    assert flow.second_moment("relu") == pytest.approx(0.5, abs=1e-12)
    z = np.linspace(-12.0, 12.0, 240001)
    riemann = np.sum(np.tanh(z) ** 2 * np.exp(-z * z / 2)) * (z[1] - z[0]) / math.sqrt(2 * math.pi)
    assert flow.second_moment("tanh") == pytest.approx(riemann, rel=1e-9)


def test_every_slider_changes_the_canvas_pixels(explorer_for):
    explorer = explorer_for(depth=10, width=32, gain=nets.XAVIER_GAIN)
    for key, control in explorer.controls.items():
        before = figures.png_bytes(explorer.figure)
        control.value = control.value + control.step
        assert figures.png_bytes(explorer.figure) != before, f"{key} does not change the canvas"
    for label, button in explorer.presets.items():
        before = figures.png_bytes(explorer.figure)
        button.click()
        assert figures.png_bytes(explorer.figure) != before, f"{label} button does not change the canvas"
    assert explorer.errors == [] and explorer.message.value == ""
