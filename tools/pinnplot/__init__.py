"""Figures of pinn result files (HDF5): one module per figure family.

tools/plot.py is the command; `pinnplot.cli.main` does its work. The backend is chosen
here, before any module imports pyplot, so that figures render without a display.
"""

import matplotlib

matplotlib.use("Agg")
