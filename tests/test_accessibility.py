"""Accessibility: a colour-blind-safe palette, line styles as well as colours, alt text, readable fonts,
keyboard-operable controls with a visible readout, and a presenter mode for projectors."""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as widgets
import pytest
from builders import FIGURES, NAMES, WIDGETS
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.image import AxesImage
from matplotlib.text import Text

import activation_lab as lab
from activation_lab import figures, style
from activation_lab.lessons import overview as overview_lesson

ROOT = Path(__file__).resolve().parent.parent

#: Okabe & Ito (2008), "Color Universal Design": black, orange, sky blue, bluish green, yellow, blue,
#: vermillion, reddish purple.
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
#: Greys for zero lines, outlines and legend keys: carry no meaning by hue.
NEUTRALS = {"#999999", "#333333", "#555555", "#DDDDDD", "#FFFFFF"}
#: Colour maps that stay readable with colour-vision deficiencies (ColorBrewer's CVD-safe diverging maps,
#: the viridis family).
SAFE_COLORMAPS = {"RdBu", "RdBu_r", "PuOr", "PuOr_r", "BrBG", "BrBG_r", "viridis", "cividis", "magma", "inferno"}

MIN_POINTS = 10.0
MIN_POINTS_PRESENTER = 14.0

#: Interactive widgets a keyboard can operate (Tab to focus, arrows/space/enter to change).
KEYBOARD_CONTROLS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatRangeSlider, widgets.IntRangeSlider,
                     widgets.FloatLogSlider, widgets.ToggleButtons, widgets.Checkbox, widgets.Button,
                     widgets.Dropdown, widgets.ToggleButton)
SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatRangeSlider, widgets.IntRangeSlider,
           widgets.FloatLogSlider)
#: What a lesson widget may contain besides controls: layout, text and the plot.
PASSIVE = (widgets.Box, widgets.HTML, widgets.HTMLMath, widgets.Label, widgets.Output, widgets.Image)


@pytest.fixture
def made(build):
    """Build a widget (closed afterwards) or a figure; returns (widget or None, figure)."""
    def make(builder):
        thing = build(builder)
        return (thing, thing.figure) if isinstance(thing, widgets.Widget) else (None, thing)

    return make


def _hex(colour) -> str:
    return to_hex(colour, keep_alpha=False).upper()


def _drawn_texts(fig) -> list[Text]:
    if fig.canvas is None or type(fig.canvas).__name__ == "FigureCanvasBase":
        FigureCanvasAgg(fig)
    fig.canvas.draw()            # creates the tick labels the figure really shows
    return [text for text in fig.findobj(Text)
            if text.get_visible() and text.get_text().strip()
            and (text.axes is None or text.axes.get_visible())]


def _too_small(fig, minimum: float) -> list[tuple[float, str]]:
    return sorted({(round(t.get_fontsize(), 2), t.get_text()[:40]) for t in _drawn_texts(fig)
                   if t.get_fontsize() < minimum - 1e-9})


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


# -- palette ------------------------------------------------------------------

def test_palette_is_okabe_ito():
    roles = {key: value for key, value in lab.PALETTE.items() if key != "extra"}
    assert {v.upper() for v in lab.PALETTE["extra"]} == OKABE_ITO
    assert {v.upper() for v in roles.values()} == {"#0072B2", "#D55E00", "#009E73", "#000000", "#CC79A7",
                                                   "#999999"}
    assert lab.PALETTE["function"].upper() == "#0072B2" and lab.PALETTE["derivative"].upper() == "#D55E00"
    assert len({roles[k].upper() for k in ("function", "derivative", "tangent", "point", "accent")}) == 5
    assert {v.upper() for v in roles.values()} <= OKABE_ITO | NEUTRALS


def test_every_overlaid_activation_has_its_own_okabe_ito_colour_and_marker():
    styles = [style.activation_style(name) for name in NAMES]
    assert {colour.upper() for colour, _ in styles} <= OKABE_ITO
    assert len(set(styles)) == len(styles)
    assert len({marker for _, marker in styles}) == len(styles), "markers keep curves apart in greyscale"


def _colours_off_palette(fig) -> set[str]:
    allowed = OKABE_ITO | NEUTRALS
    off = set()
    for ax in fig.axes:
        for line in ax.lines:
            if line.get_linestyle() not in ("None", "", " ") and _hex(line.get_color()) not in allowed:
                off.add(f"line {line.get_label()!r}: {_hex(line.get_color())}")
            if line.get_marker() not in (None, "None", "", " "):
                for colour in (line.get_markerfacecolor(), line.get_markeredgecolor()):
                    if str(colour).lower() != "none" and _hex(colour) not in allowed:
                        off.add(f"marker {line.get_label()!r}: {_hex(colour)}")
        for patch in ax.patches:
            if patch.get_fill() and _hex(patch.get_facecolor()) not in allowed:
                off.add(f"patch: {_hex(patch.get_facecolor())}")
        for image in ax.get_images():
            if isinstance(image, AxesImage) and image.get_cmap().name not in SAFE_COLORMAPS:
                off.add(f"colour map {image.get_cmap().name}")
    return off


@pytest.mark.parametrize("builder", [*WIDGETS, *FIGURES])
def test_figures_use_only_the_palette(made, builder):
    _, fig = made({**WIDGETS, **FIGURES}[builder])
    assert not _colours_off_palette(fig)


# -- function and derivative told apart by line style, not only by colour --------

def _style(line) -> tuple[str, str]:
    return line.get_linestyle(), _hex(line.get_color())


@pytest.mark.parametrize("name", NAMES)
def test_explorer_draws_function_solid_and_derivative_dashed(made, name):
    explorer, _ = made(lambda: lab.explore(name))
    function, derivative = explorer.lines["function"], explorer.lines["derivative"]
    assert function.get_linestyle() == "-" and derivative.get_linestyle() == "--"
    assert _style(function)[1] != _style(derivative)[1]
    assert explorer.lines["tangent"].get_linestyle() not in ("-", "--"), "the tangent needs its own style"


@pytest.mark.parametrize("name", NAMES)
def test_static_figure_draws_function_solid_and_derivative_dashed(name):
    ax_f, ax_d = figures.static_figure(name).axes
    function = [line for line in ax_f.lines if _hex(line.get_color()) == lab.PALETTE["function"].upper()]
    derivative = [line for line in ax_d.lines if _hex(line.get_color()) == lab.PALETTE["derivative"].upper()]
    assert [line.get_linestyle() for line in function] == ["-"]
    assert [line.get_linestyle() for line in derivative] == ["--"]


def test_gallery_draws_function_solid_and_derivative_dashed():
    panels = [ax for ax in figures.gallery_figure().axes if ax.get_visible()]
    assert len(panels) == len(NAMES)
    for ax in panels:
        styles = {_style(line) for line in ax.lines}
        assert ("-", lab.PALETTE["function"].upper()) in styles, ax.get_title()
        assert ("--", lab.PALETTE["derivative"].upper()) in styles, ax.get_title()


def test_comparison_tells_function_and_derivative_apart_by_style(made):
    comparison, _ = made(lambda: overview_lesson.compare())
    for name, pair in comparison.lines.items():
        assert pair["function"].get_linestyle() == "-" and pair["derivative"].get_linestyle() == "--", name
        assert pair["function"].get_marker() == pair["derivative"].get_marker() != "None", name


# -- alt text --------------------------------------------------------------------

def test_show_carries_alt_text_to_every_front_end():
    alt = "Sigmoid (solid) and its derivative (dashed), peaking at 1/4"
    data, metadata = lab.show(figures.static_figure("sigmoid"), alt)._repr_mimebundle_()
    assert data["text/plain"] == f"[figure: {alt}]"        # screen readers on the text form, nbval
    assert metadata["image/png"]["alt"] == alt              # <img alt> in nbconvert's classic template
    assert data["image/png"]
    assert f'alt="{alt}"' in data["text/html"]               # <img alt> in its lab template and nbviewer


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_html_export_has_alt_text_on_every_image(notebook):
    """`jupyter nbconvert --to html` of a lesson as shipped: every <img> has its own alt text."""
    import nbformat
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nbformat.read(notebook, as_version=4))
    images = re.findall(r"<img\b[^>]*>", body)
    assert images
    missing = [tag[:120] for tag in images
               if not re.search(r'alt="[^"]{20,}"', tag) or "No description has been provided" in tag]
    assert not missing, missing


@pytest.mark.parametrize("builder", list(WIDGETS))
def test_widget_snapshots_have_a_text_alternative(made, builder):
    widget, _ = made(WIDGETS[builder])
    bundle, _ = widget._repr_mimebundle_()
    text = bundle["text/plain"]
    assert "image/png" in bundle and len(text) >= 30 and not text.startswith(("<", "Canvas(")), text
    assert f'alt="{html.escape(widget.snapshot_text(), quote=True)}"' in bundle["text/html"]


def _markdown_documents():
    documents = [ROOT / "README.md"]
    guide = ROOT / "notebooks" / "instructor-guide.md"
    if guide.exists():
        documents.append(guide)
    return documents


@pytest.mark.parametrize("path", _markdown_documents(), ids=lambda p: p.name)
def test_markdown_images_have_alt_text_and_links_exist(path):
    text = path.read_text(encoding="utf-8")
    images = re.findall(r"!\[([^\]]*)\]\(([^)\s]+)", text)
    for alt, target in images:
        assert len(alt.strip()) >= 10, f"{path.name}: image {target} needs an alt text of 10+ characters"
    for tag in re.findall(r"<img\b[^>]*>", text):
        assert re.search(r"\balt=\"[^\"]{10,}\"", tag), f"{path.name}: {tag} needs an alt text"
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if not re.match(r"(https?:|mailto:|#)", target):
            assert (path.parent / target.split("#")[0]).exists(), f"{path.name} links to missing {target}"


# -- fonts -----------------------------------------------------------------------

@pytest.mark.parametrize("builder", [*WIDGETS, *FIGURES])
def test_every_text_in_a_figure_is_at_least_10_points(made, builder):
    _, fig = made({**WIDGETS, **FIGURES}[builder])
    assert not _too_small(fig, MIN_POINTS)


# -- controls --------------------------------------------------------------------

@pytest.mark.parametrize("builder", list(WIDGETS))
def test_every_control_is_keyboard_operable_with_a_visible_readout(made, builder):
    widget, _ = made(WIDGETS[builder])
    controls = 0
    for child in _walk(widget):
        if isinstance(child, KEYBOARD_CONTROLS):
            controls += 1
            assert not child.disabled, f"{child.description}: disabled"
            label = child.description or getattr(child, "tooltip", None) or ""
            assert label.strip(), f"{type(child).__name__} without a label"
            if isinstance(child, SLIDERS):
                assert child.readout, f"slider {child.description!r} hides its value"
        elif not isinstance(child, PASSIVE) and type(child).__name__ != "Canvas":
            pytest.fail(f"{builder}: {type(child).__name__} is neither a known control nor passive")
    assert controls >= 1


@pytest.mark.parametrize("name", NAMES)
def test_explorer_choices_are_toggle_buttons_and_numbers_are_sliders(made, name):
    explorer, _ = made(lambda: lab.explore(name))
    for param in explorer.entry.plot_parameters:
        control = explorer.controls[param.name]
        if param.is_choice:
            assert isinstance(control, widgets.ToggleButtons)
            assert list(control.options) == list(param.options)
        else:
            assert isinstance(control, SLIDERS) and control.readout
    assert isinstance(explorer.controls["x0"], widgets.FloatSlider) and explorer.controls["x0"].readout
    assert isinstance(explorer.controls["x_range"], widgets.FloatRangeSlider)


# -- presenter mode --------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_presenter_mode_makes_the_explorer_bigger_with_14_point_fonts(made, presenter, name):
    lab.presenter_mode(False)
    _, normal = made(lambda: lab.explore(name))
    normal_size = tuple(normal.get_size_inches())
    lab.presenter_mode(True)
    _, big = made(lambda: lab.explore(name))
    width, height = big.get_size_inches()
    assert width > normal_size[0] and height > normal_size[1]
    assert not _too_small(big, MIN_POINTS_PRESENTER)


@pytest.mark.parametrize("builder", ["compare", "gallery_figure", "static_figure-sigmoid", "softmax_explorer",
                                     "elu_jump_explorer", "swish_dip_explorer", "dead_unit_demo",
                                     "gradient_flow_explorer"])
def test_presenter_mode_fonts_are_at_least_14_points(made, presenter, builder):
    _, fig = made({**WIDGETS, **FIGURES}[builder])
    assert not _too_small(fig, MIN_POINTS_PRESENTER)


def test_presenter_mode_switches_back(presenter):
    assert style.settings().font_scale > 1
    normal = lab.presenter_mode(False)
    assert normal.font_scale == 1 and normal.font_size >= 12
