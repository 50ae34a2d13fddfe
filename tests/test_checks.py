"""The lessons' checks can fail: a wrong derivation step, a wrong derivative and bad arguments are caught."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp

import activation_lab as lab
import activations as act

x = sp.Symbol("x", real=True)


def test_a_wrong_derivation_step_and_a_wrong_end_are_caught(capsys):
    sigma = 1 / (1 + sp.exp(-x))
    assert lab.check_derivation(sigma, [("the known form", sigma * (1 - sigma))], x)
    assert not lab.check_derivation(sigma, [("a slip", sigma * (1 - x))], x)
    out = capsys.readouterr().out
    assert "DOES NOT follow ✗" in out and "the derivation ends somewhere else" in out


def test_a_wrong_derivative_fails_the_finite_difference_check(monkeypatch, capsys):
    assert lab.finite_difference_check("elu", points=np.linspace(-5.0, -0.05, 50), alpha=2.0)
    def no_square(z, **_):
        return 1.0 - np.tanh(z)

    wrong = dataclasses.replace(act.ACTIVATIONS["tanh"], derivative=no_square, curve_derivative=no_square)
    monkeypatch.setattr(act, "ACTIVATIONS", {**act.ACTIVATIONS, "tanh": wrong})
    assert not lab.finite_difference_check("tanh")
    assert "DISAGREE ✗" in capsys.readouterr().out


def test_a_function_with_its_derivative_is_checked_and_named(capsys):
    def softplus(z):
        return np.logaddexp(0.0, z)

    assert lab.finite_difference_check(softplus, derivative=act.sigmoid)
    assert capsys.readouterr().out.startswith("softplus: derivative and central difference agree")
    assert not lab.finite_difference_check(softplus, derivative=act.sigmoid_derivative)


@pytest.mark.parametrize("call", [
    lambda: lab.finite_difference_check(np.sin),
    lambda: lab.finite_difference_check(np.sin, derivative=np.cos, alpha=1.0),
    lambda: lab.finite_difference_check("relu", derivative=np.cos),
])
def test_a_function_needs_its_derivative_and_a_registry_name_does_not(call):
    with pytest.raises(TypeError, match="finite_difference_check"):
        call()
