"""Keep committed notebooks reviewable.

    python tools/notebooks.py clean NOTEBOOK...    strip what the policy forbids, in place
    python tools/notebooks.py refresh NOTEBOOK...  run top to bottom in a fresh kernel, then clean

The policy (checked by tests/test_notebook_policy.py): no execution counts, no
widget state or widget views in outputs (the static PNG and text stay, so
GitHub shows the figure), no timing metadata, kernel ``python3``, and consecutive
stream outputs merged into one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

WIDGET_MIMETYPES = ("application/vnd.jupyter.widget-view+json",
                    "application/vnd.jupyter.widget-state+json")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
KEPT_CELL_METADATA = ("tags", "jupyter")


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return ``nb`` stripped to what the policy allows (modified in place)."""
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC,
                                      "language_info": {"name": "python"}})
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict(
            {key: cell.metadata[key] for key in KEPT_CELL_METADATA if key in cell.metadata})
        if cell.cell_type != "code":
            continue
        cell.execution_count = None
        cell.outputs = _merged_streams(cell.outputs)
        for output in cell.outputs:
            if "execution_count" in output:
                output.execution_count = None
            for mimetype in WIDGET_MIMETYPES:
                output.get("data", {}).pop(mimetype, None)
            output.get("metadata", {}).pop("application/vnd.jupyter.widget-view+json", None)
    return nb


def _merged_streams(outputs: list) -> list:
    """Consecutive stdout (or stderr) outputs as one: how they are split depends on the kernel's timing."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (previous is not None and output.output_type == previous.output_type == "stream"
                and output.name == previous.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def refresh(path: Path) -> None:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    write(clean(nb), path)


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    text = nbformat.writes(nb) + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> None:
    command, paths = argv[1], [Path(p) for p in argv[2:]]
    for path in paths:
        if command == "clean":
            write(clean(nbformat.read(path, as_version=4)), path)
        elif command == "refresh":
            refresh(path)
        else:
            raise SystemExit(f"unknown command {command!r}: use clean or refresh")
        print(f"{command}: {path}")


if __name__ == "__main__":
    main(sys.argv)
