"""Regenerate every figure in assets/ from the module: python tools/make_assets.py [FOLDER]."""

import sys
from pathlib import Path

from activation_lab.assets import write_assets


def main(argv: list[str]) -> None:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "assets"
    for name in write_assets(folder):
        print(folder / name)


if __name__ == "__main__":
    main(sys.argv)
