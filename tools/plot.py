#!/usr/bin/python3
"""Turn a pinn result file (HDF5) into figures (PNG, PDF or SVG): see
tools/pinnplot/cli.py or `tools/plot.py --help` for what it writes.

Needs only Python 3 with h5py, matplotlib and numpy (Debian: python3-h5py
python3-matplotlib), not a pinn build.
"""

import sys
from pathlib import Path

# Runs from any folder: the package lies beside this script.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pinnplot.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
