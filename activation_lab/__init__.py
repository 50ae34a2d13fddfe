"""Lesson toolkit: what every lesson calls, as ``import activation_lab as lab``.

The explorer (:func:`explore`), static figures (:func:`figure`, :func:`show`, :func:`definition`),
the checks (:func:`check_derivation`, :func:`finite_difference_check`, :func:`check`,
:func:`properties_table`) and :func:`presenter_mode`.  A lesson with helpers of its own imports
them with one more line, such as ``from activation_lab.lessons import relu as lesson``.  What the
notebooks may rely on is written down in ``docs/contract.md``.  Importing the package changes no
global state and prints nothing.
"""

from .checks import check, check_derivation, finite_difference_check, properties_table
from .explorer import explore
from .figures import definition, figure, show
from .style import PALETTE, presenter_mode

__all__ = ["PALETTE", "check", "check_derivation", "definition", "explore", "figure", "finite_difference_check",
           "presenter_mode", "properties_table", "show"]
