"""Every file in ``assets/``, generated from the module: ``make assets`` runs :func:`write_assets`.

No lesson imports it; the lessons' headers and the README show what it writes.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

import activations

from .figures import gallery_figure, nice_limits, parameter_sweep, png_bytes, static_figure


def sweep_frames(name: str, count: int = 12) -> list[bytes]:
    """PNG frames of the function and derivative as the first parameter sweeps its range."""
    entry = activations.ACTIVATIONS[name]
    combos = parameter_sweep(entry, count)
    x = np.linspace(*entry.x_range, 401)
    f_limits = nice_limits(np.concatenate([entry.f(x, **c) for c in combos]))
    df_limits = nice_limits(np.concatenate([entry.df(x, **c) for c in combos]))
    frames = []
    for params in combos:
        fig = static_figure(name, **params)
        fig.axes[0].set_ylim(*f_limits)
        fig.axes[1].set_ylim(*df_limits)
        fig.set_size_inches(6.4, 4.6)
        frames.append(png_bytes(fig))
    return frames


def binder_badge_svg() -> str:
    """A "launch binder" badge as SVG text, so lessons need no image from another host."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="109" height="20" role="img" '
        'aria-label="launch: binder"><title>launch: binder</title>'
        '<rect width="109" height="20" rx="3" fill="#555"/>'
        '<rect x="50" width="59" height="20" rx="3" fill="#E66581"/>'
        '<rect x="50" width="4" height="20" fill="#E66581"/>'
        '<g fill="#fff" text-anchor="middle" font-family="DejaVu Sans,Verdana,Geneva,sans-serif" '
        'font-size="11"><text x="25" y="14">launch</text><text x="79" y="14">binder</text></g></svg>\n')


def write_assets(folder) -> list[str]:
    """Generate every figure in ``assets/`` from the module; returns the file names written.

    ``gallery.png`` (all activations), ``<name>.png`` for each one, and
    ``<name>-sweep.gif`` for each activation with a parameter, and the
    local Binder badge ``binder-badge.svg``.
    """
    from PIL import Image

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "binder-badge.svg").write_text(binder_badge_svg(), encoding="utf-8")
    (folder / "gallery.png").write_bytes(png_bytes(gallery_figure()))
    written = ["binder-badge.svg", "gallery.png"]
    for name, entry in activations.ACTIVATIONS.items():
        (folder / f"{name}.png").write_bytes(png_bytes(static_figure(name)))
        written.append(f"{name}.png")
        if entry.plot_parameters:
            frames = [Image.open(io.BytesIO(png)).convert("P", palette=Image.ADAPTIVE)
                      for png in sweep_frames(name)]
            frames[0].save(folder / f"{name}-sweep.gif", save_all=True, append_images=frames[1:],
                           duration=350, loop=0, optimize=True)
            written.append(f"{name}-sweep.gif")
    return written
