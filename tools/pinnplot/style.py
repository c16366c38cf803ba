"""What every figure shares: options, the look of a paper figure, saving, small helpers."""

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
import numpy as np

FORMATS = ("png", "pdf", "svg")
DEFAULT_DPI = 300


@dataclass(frozen=True)
class Options:
    out_dir: Path
    times: tuple = ()
    dpi: int = DEFAULT_DPI
    format: str = "png"
    labels: dict = field(default_factory=dict)  # variant -> legend text, from --labels


def apply_paper_style():
    """Text a journal's typesetting can keep: TrueType fonts in PDF (not Type 3) and
    text as text in SVG, so that labels stay editable and searchable."""
    matplotlib.rcParams.update({
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "none",
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.05,
        "axes.grid": False,
        "legend.frameon": True,
        "legend.framealpha": 0.9,
    })


def note(message):
    print(f"note: {message}", file=sys.stderr)


def save(fig, name, options):
    """Writes `fig` as <name>.<format> into the output folder and prints the path."""
    options.out_dir.mkdir(parents=True, exist_ok=True)
    path = options.out_dir / f"{name}.{options.format}"
    fig.savefig(path, dpi=options.dpi, format=options.format, bbox_inches="tight")
    plt.close(fig)
    print(path)
    return path


def safe_file_part(name):
    return re.sub(r"[^A-Za-z0-9._=-]+", "_", name).strip("_") or "run"


def positive_or_nan(values):
    """Values a log axis can show; the rest become NaN, which breaks the line there."""
    values = np.asarray(values, dtype=float)
    return np.where(np.isfinite(values) & (values > 0), values, np.nan)


def use_log_y_if_possible(ax, *series):
    if any(np.isfinite(positive_or_nan(s)).any() for s in series):
        ax.set_yscale("log")
    else:
        ax.text(0.5, 0.5, "no positive finite values", transform=ax.transAxes,
                ha="center", va="center", color="gray")


def mark_phases(ax, iteration, phase, label=True):
    """A dashed line where the optimiser changes, named above the frame (e.g. adam → lbfgs)."""
    n = min(len(iteration), len(phase))
    above = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    for i in range(1, n):
        if phase[i] == phase[i - 1]:
            continue
        ax.axvline(iteration[i], color="gray", linestyle="--", linewidth=1)
        if label:
            ax.text(iteration[i], 1.01, f"{phase[i - 1]} → {phase[i]}", transform=above,
                    ha="center", va="bottom", fontsize="small", color="dimgray")


def variant_colours(count):
    """One colour per variant of a study, by its place in the study, so that a variant
    keeps its colour in every study figure."""
    if count <= 10:
        return [plt.cm.tab10(i) for i in range(count)]
    return list(plt.cm.viridis(np.linspace(0, 0.95, count)))
