"""Fixtures shared by the unit tests: widgets built and closed, presenter mode for one test."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

import activation_lab as lab
from activation_lab import style


@pytest.fixture
def build():
    """``build(factory, *args, **kwargs)``: what the factory returns; widgets are closed after the test."""
    built = []

    def make(factory, *args, **kwargs):
        made = factory(*args, **kwargs)
        if isinstance(made, widgets.Widget):
            built.append(made)
        return made

    yield make
    for widget in built:
        widget.close()


@pytest.fixture
def presenter():
    """Presenter mode for one test; the mode in force before is switched back afterwards."""
    was_on = style.settings() == style.PRESENTER
    yield lab.presenter_mode(True)
    lab.presenter_mode(was_on)
