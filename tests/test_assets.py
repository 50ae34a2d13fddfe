"""`make assets` (tools/make_assets.py) regenerates everything in assets/, and assets/ holds nothing else.

The command runs once, as a subprocess with this interpreter, into a temporary
folder (about 20 s); every test below looks at that folder.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageChops

import activation_lab as lab
import activations as act
from activation_lab import figures

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "assets"
SWEPT = [name for name, entry in act.ACTIVATIONS.items() if entry.plot_parameters]
EXPECTED = {"gallery.png", "binder-badge.svg", *(f"{name}.png" for name in act.ACTIVATIONS),
            *(f"{name}-sweep.gif" for name in SWEPT)}
PNGS = sorted(name for name in EXPECTED if name.endswith(".png"))
MIN_FRAMES = 5


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("assets")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_assets.py"), str(folder)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"tools/make_assets.py failed:\n{result.stderr[-3000:]}"
    printed = {Path(line).name for line in result.stdout.split()}
    return folder, printed


def _rgb(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _has_colour(pixels: np.ndarray, colour: str, tolerance: int = 24, minimum: int = 50) -> bool:
    distance = np.abs(pixels.astype(int) - np.array(_hex_to_rgb(colour))).max(axis=-1)
    return int((distance <= tolerance).sum()) >= minimum


def test_the_command_writes_every_expected_asset_and_nothing_else(generated):
    folder, printed = generated
    produced = {p.name for p in folder.iterdir()}
    assert produced == EXPECTED, {"missing": sorted(EXPECTED - produced), "unexpected": sorted(produced - EXPECTED)}
    assert printed == EXPECTED, "the command should print the path of every file it writes"


def test_committed_assets_are_exactly_the_generated_set():
    committed = {p.name for p in COMMITTED.iterdir() if not p.name.startswith(".")}
    assert committed == EXPECTED, {"missing (run `make assets`)": sorted(EXPECTED - committed),
                                   "stale (no generator; delete)": sorted(committed - EXPECTED)}


def test_committed_assets_are_up_to_date(generated):
    """Rendering is deterministic (pinned matplotlib, no PNG metadata), so stale files show as a byte difference."""
    folder, _ = generated
    stale = sorted(name for name in EXPECTED
                   if (COMMITTED / name).exists()
                   and (COMMITTED / name).read_bytes() != (folder / name).read_bytes())
    assert not stale, f"assets/ differs from what the module draws now: {stale}; run `make assets`"


@pytest.mark.parametrize("name", PNGS)
def test_png_figures_decode_are_sensible_and_drawn_in_the_palette(generated, name):
    folder, _ = generated
    path = folder / name
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.format == "PNG"
        width, height = image.size
    assert 400 <= width <= 4000 and 300 <= height <= 4000, (width, height)
    assert 10_000 < path.stat().st_size < 2_000_000
    pixels = _rgb(path)
    assert pixels.std() > 10, f"{name} looks blank"
    assert (pixels.min(axis=-1) > 240).mean() > 0.5, f"{name}: expected a mostly white background"
    assert _has_colour(pixels, lab.PALETTE["function"]), f"{name}: no function curve in the palette's colour"
    assert _has_colour(pixels, lab.PALETTE["derivative"]), f"{name}: no derivative curve in the palette's colour"


def test_gallery_has_a_panel_per_activation():
    fig = figures.gallery_figure()
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == len(act.ACTIVATIONS)
    titles = " ".join(ax.get_title() for ax in visible)
    for entry in act.ACTIVATIONS.values():
        assert entry.title in titles


@pytest.mark.parametrize("name", SWEPT)
def test_sweep_gifs_animate_the_parameter(generated, name):
    folder, _ = generated
    path = folder / f"{name}-sweep.gif"
    entry = act.ACTIVATIONS[name]
    choice_only = all(p.is_choice for p in entry.plot_parameters)
    with Image.open(path) as image:
        assert image.format == "GIF" and image.is_animated
        assert image.info.get("loop") == 0, "the sweep should loop"
        width, height = image.size
        assert 400 <= width <= 2000 and 300 <= height <= 2000
        frames = []
        for index in range(image.n_frames):
            image.seek(index)
            assert image.info.get("duration", 0) >= 100, "frames too fast to follow"
            frames.append(image.convert("RGB"))
    # a slider sweeps at least MIN_FRAMES positions; a choice shows every option once
    expected = len(figures.parameter_sweep(entry)) if choice_only else MIN_FRAMES
    assert len(frames) >= expected, f"{name}: {len(frames)} frames"
    for frame in frames:
        pixels = np.asarray(frame)
        assert pixels.std() > 10, f"{name}: a blank frame"
    changed = sum(ImageChops.difference(a, b).getbbox() is not None for a, b in itertools.pairwise(frames))
    assert changed == len(frames) - 1, f"{name}: consecutive frames should differ"
    assert _has_colour(np.asarray(frames[0]), lab.PALETTE["function"])
    assert _has_colour(np.asarray(frames[0]), lab.PALETTE["derivative"])


def test_binder_badge_is_accessible_svg(generated):
    folder, _ = generated
    root = ET.fromstring((folder / "binder-badge.svg").read_text(encoding="utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert root.get("role") == "img" and "binder" in root.get("aria-label", "")
    assert "binder" in root.find(f"{ns}title").text
    assert float(root.get("width")) > 0 and float(root.get("height")) > 0
