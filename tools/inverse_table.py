#!/usr/bin/python3
"""Print a study of identified coefficients beside the papers' figures, as Markdown.

Usage:
    tools/inverse_table.py burgers_inverse_raissi2019.h5
    tools/inverse_table.py variable_diffusion_jagtap2020.h5

Reads the study's /summary (variant names and unknown_<name>_error_* datasets) and
prints, per variant, the mean relative error over seeds (and its min - max) in percent,
next to Raissi, Perdikaris and Karniadakis (2019), Table 2 (Burgers' c and nu, N
observations x noise), or Jagtap, Kawaguchi and Karniadakis (2020, Proc. R. Soc. A),
Table 1 (variable_diffusion's alpha), where the variant matches one of theirs.
Needs Python 3 with h5py and numpy.
"""

import sys

import h5py
import numpy as np

# Raissi et al. 2019, Table 2: percent error of lambda_1 (c) / lambda_2 (nu) by N and
# noise; the rows for N = 2000 and 500 (the others are left blank).
RAISSI = {
    (2000, 0.0): (0.096, 0.469), (2000, 0.01): (0.039, 0.008),
    (2000, 0.05): (0.190, 6.216), (2000, 0.1): (0.101, 6.391),
    (500, 0.0): (0.131, 13.885), (500, 0.01): (0.518, 0.483),
    (500, 0.05): (0.118, 1.708), (500, 0.1): (1.319, 4.058),
}
# Jagtap et al. 2020 (Proc. R. Soc. A), Table 1: relative error of alpha.
JAGTAP = {"fixed": 1.01e-1, "layer": 7.33e-3, "neuron": 1.48e-2}


def settings(variant):
    out = {}
    for part in variant.split(","):
        key, _, value = part.partition("=")
        out[key] = value
    return out


def cell(summary, name, i):
    mean = summary[f"unknown_{name}_error_mean"][i]
    low = summary[f"unknown_{name}_error_min"][i]
    high = summary[f"unknown_{name}_error_max"][i]
    return f"{100 * mean:.3f} ({100 * low:.3f} – {100 * high:.3f})"


def main(path):
    with h5py.File(path, "r") as f:
        summary = f["summary"]
        variants = [v.decode() if isinstance(v, bytes) else v for v in summary["variant"][()]]
        runs = summary["runs"][()]
        names = sorted(k[len("unknown_"):-len("_error_mean")] for k in summary
                       if k.startswith("unknown_") and k.endswith("_error_mean"))
        if names == ["c", "nu"]:
            print("| N | noise | activation | runs | c error % ours: mean (min – max) | c % Raissi "
                  "| nu error % ours: mean (min – max) | nu % Raissi |")
            print("|---:|---:|---|---:|---:|---:|---:|---:|")
            for i, v in enumerate(variants):
                s = settings(v)
                n, noise = int(s.get("points", 0)), float(s.get("noise", 0))
                mode = s.get("mode", "fixed") + (f" (n = {s['scale']})" if "scale" in s else "")
                theirs = RAISSI.get((n, noise), ("", ""))
                print(f"| {n} | {100 * noise:g} % | {mode} | {runs[i]} | {cell(summary, 'c', i)} | "
                      f"{theirs[0]} | {cell(summary, 'nu', i)} | {theirs[1]} |")
        else:
            print("| variant | runs | " + " | ".join(f"{n} error % ours: mean (min – max)"
                                                    for n in names) + " | paper's alpha error % |")
            print("|---|---:|" + "---:|" * len(names) + "---:|")
            for i, v in enumerate(variants):
                mode = settings(v).get("mode", "fixed")
                theirs = f"{100 * JAGTAP[mode]:.3g}" if mode in JAGTAP else ""
                print(f"| {v} | {runs[i]} | " + " | ".join(cell(summary, n, i) for n in names) +
                      f" | {theirs} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
