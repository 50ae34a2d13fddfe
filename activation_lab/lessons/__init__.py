"""One module per lesson that has helpers of its own; each module's docstring names its notebook.

A lesson imports its module next to ``activation_lab``: ``from activation_lab.lessons import relu as lesson``.
"""
