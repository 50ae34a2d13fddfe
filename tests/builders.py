"""Builders of every interactive widget and every static figure in the lessons, for tests that
check all of them."""

from __future__ import annotations

import activation_lab as lab
import activations as act

NAMES = list(act.ACTIVATIONS)

#: Builders of every canvas widget the lessons display.
WIDGETS = {**{f"explore-{name}": (lambda name=name: lab.explore(name)) for name in NAMES},
           "compare": lambda: lab.compare(),
           "elu_jump_explorer": lambda: lab.elu_jump_explorer(),
           "swish_dip_explorer": lambda: lab.swish_dip_explorer(),
           "softmax_explorer": lambda: lab.softmax_explorer(),
           "dead_unit_demo": lambda: lab.dead_unit_demo(),
           "gradient_flow_explorer": lambda: lab.gradient_flow_explorer()}

#: Builders of every static figure (assets and lessons).
FIGURES = {**{f"static_figure-{name}": (lambda name=name: lab.static_figure(name)) for name in NAMES},
           "gallery_figure": lambda: lab.gallery_figure(),
           "supporting_lines_figure": lambda: lab.supporting_lines_figure(),
           "leaky_family_figure": lambda: lab.leaky_family_figure(),
           "elu_jump_figure": lambda: lab.elu_jump_figure(),
           "softmax_cross_terms_figure": lambda: lab.softmax_cross_terms_figure()}
