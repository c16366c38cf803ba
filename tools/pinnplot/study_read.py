"""Reading a study file: its variants in study order, their seeds, and curves over seeds."""

import math
import re

import numpy as np

from .read import final_rel_l2, read_strings, text
from .style import positive_or_nan, variant_colours

TIME_POINTS = 200  # of the common time axis seeds are interpolated onto


def study_variant_names(study):
    """Variants in study order (the summary's), then any run group it does not list."""
    if "runs" not in study:
        return []
    runs = study["runs"]
    ordered = []
    if "summary" in study and "variant" in study["summary"]:
        ordered = [v for v in read_strings(study["summary"]["variant"]) if v in runs]
    return ordered + sorted(v for v in runs if v not in ordered)


def colours_by_variant(study):
    """Each variant's colour by its place in the study, the same in every figure."""
    names = study_variant_names(study)
    return dict(zip(names, variant_colours(len(names))))


def seed_number(name):
    match = re.fullmatch(r"seed_(-?\d+)", name)
    return int(match.group(1)) if match else math.inf


def seed_groups(variant):
    names = sorted((n for n in variant if n.startswith("seed_")), key=seed_number)
    return [variant[n] for n in names]


def first_present(seed, datasets):
    return next((f"history/{d}" for d in datasets if f"history/{d}" in seed), None)


def seed_curves(variant, datasets):
    """Record iterations and a seeds x records array over the seeds' common prefix, each
    seed's curve from the first of `datasets` it holds."""
    curves = [(np.asarray(s["history/iteration"][()]),
               np.asarray(s[first_present(s, datasets)][()], dtype=float))
              for s in seed_groups(variant) if first_present(s, datasets)]
    if not curves:
        return None, None
    records = min(min(len(i), len(v)) for i, v in curves)
    return curves[0][0][:records], np.stack([v[:records] for _, v in curves])


def seed_curves_in_time(variant, dataset):
    """A common time axis (up to the shortest seed's last record) and a seeds x times
    array: each seed's curve interpolated, in log space, at those times."""
    curves = []
    for seed in seed_groups(variant):
        if f"history/{dataset}" not in seed or "history/time_s" not in seed:
            continue
        t = np.asarray(seed["history/time_s"][()], dtype=float)
        v = positive_or_nan(np.asarray(seed[f"history/{dataset}"][()], dtype=float))
        keep = np.isfinite(t) & np.isfinite(v)
        if keep.sum() >= 2:
            curves.append((t[keep], v[keep]))
    if not curves:
        return None, None
    end = min(t[-1] for t, _ in curves)
    start = max(t[0] for t, _ in curves)
    if not end > start:
        return None, None
    times = np.linspace(start, end, TIME_POINTS)
    return times, np.stack([np.exp(np.interp(times, t, np.log(v))) for t, v in curves])


def mean_final_rel_l2(variant):
    values = [final_rel_l2(s) for s in seed_groups(variant)]
    finite = [v for v in values if math.isfinite(v)]
    return sum(finite) / len(finite) if finite else math.nan


def study_problem(study):
    for name in study_variant_names(study):
        for seed in seed_groups(study["runs"][name]):
            return text(seed.attrs.get("problem", "?"))
    return "?"
