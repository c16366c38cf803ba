#!/usr/bin/python3
"""Print the PINNacle table (configs/pinnacle/README.md) from result files.

Usage:
    tools/pinnacle_table.py [--runs DIR] [--published CSV] [--update MARKDOWN]

DIR (default: tools/results/pinnacle/, where tools/pinnacle_keep.py keeps the finished
runs) holds the result files as the runs wrote them from the repository's root:
    pinn train configs/pinnacle/<task>.yaml          -> DIR/<its output.file>
    pinn study configs/studies/pinnacle_paper_<task>.yaml
                                                     -> DIR/<its output stem>.runs/*/seed_*.h5
Per task the table gives PINNacle's best published L2RE, the paper's PINN, LAAF and GAAF
columns beside our reproduction of each with the paper's set-up (the mean over the
completed seeds of the final L2RE, as the paper reports it, and its ratio to the
published figure; where the lowest L2RE logged during the runs is below half of that,
it too), pinn's best (the lowest error
among the task's shipped configs, pooled over outputs and per output), the wall time of
that run and the commands. A missing file is a cell that says "not run"; nothing is
typed in. With --update, the table replaces the one between the lines
<!-- pinnacle_table.py --> and <!-- end of table --> of MARKDOWN instead of being printed.
Needs Python 3 with h5py and PyYAML.
"""

import argparse
import csv
import math
import re
import sys
from pathlib import Path

import h5py
import yaml

from pinnplot import read

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "tools" / "results" / "pinnacle"
BEGIN, END = "<!-- pinnacle_table.py -->", "<!-- end of table -->"
COLUMNS = ("PINN", "LAAF", "GAAF")
# The paper's columns as pinn's adaptive modes (pinnacle_paper_*.yaml): PINNacle's GAAF
# has one slope per hidden layer.
MODE_OF_COLUMN = {"PINN": "fixed", "LAAF": "neuron", "GAAF": "layer"}


class Task:
    def __init__(self, name, configs, paper_study=None):
        self.name = name
        self.configs = configs  # shipped configs under configs/pinnacle/, best listed first
        self.paper_study = paper_study  # configs/studies/<name>.yaml or None


TASKS = [
    Task("Burgers1d-C", ["burgers1d"], "pinnacle_paper_burgers1d"),
    Task("Poisson2d-C", ["poisson2d_c"], "pinnacle_paper_poisson2d_c"),
    Task("Poisson2d-CG", ["poisson2d_cg"]),
    Task("NS2d-C", ["ns2d_c"], "pinnacle_paper_ns2d_c"),
    Task("Heat2d-MS", ["heat2d_ms"]),
    Task("Wave1d-C", ["wave1d_exact", "wave1d"]),
    Task("PNd", ["poisson_nd"]),
    Task("KS", ["ks_marching", "ks"]),
]


class InputError(Exception):
    pass


def number(x):
    """1.45e-2 rather than 1.45e-02; '-' for NaN."""
    if x is None or math.isnan(x):
        return "-"
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"{mantissa}e{int(exponent)}" if int(exponent) != 0 else mantissa


def duration(seconds):
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def read_published(path):
    """{task: {method: (mean, std)}} from the CSV; errors name the file and line."""
    table = {}
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as error:
        raise InputError(f"{path}: cannot read the published figures: {error.strerror}")
    rows = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not rows or [c.strip() for c in rows[0][1].split(",")] != ["task", "method", "mean", "std"]:
        raise InputError(f"{path}: the first line that is not a comment must be 'task,method,mean,std'")
    for n, line in rows[1:]:
        cells = next(csv.reader([line]))
        if len(cells) != 4:
            raise InputError(f"{path}:{n}: {len(cells)} cells, the header has 4")
        task, method, mean, std = (c.strip() for c in cells)
        try:
            values = (float(mean), float(std) if std else math.nan)
        except ValueError:
            raise InputError(f"{path}:{n}: mean '{mean}' or std '{std}' is not a number")
        if not values[0] > 0:
            raise InputError(f"{path}:{n}: mean {mean} must be positive")
        table.setdefault(task, {})[method] = values
    return table


def yaml_file(path):
    with open(path) as f:
        return yaml.safe_load(f)


def read_result(path):
    """The figures of one pinn result file, or None when there is none."""
    if not path.is_file():
        return None
    with h5py.File(path, "r") as f:
        metrics = dict(f["metrics"].attrs) if "metrics" in f else {}
        at_test_points = read.error_is_at_test_points(f)
        prefix = "test_rel_l2" if at_test_points else "rel_l2"
        network = f["network"].attrs if "network" in f else {}
        history = f["history/rel_l2"][()] if "history/rel_l2" in f else []
        finite = [float(x) for x in history if not math.isnan(x)]
        return {
            "lowest": min(finite) if finite else math.nan,
            "config": read.text(f.attrs.get("config", "")),
            "error": read.final_rel_l2(f),
            "fields": {name: float(metrics[f"{prefix}_{name}"])
                       for name in read.name_list(network, "outputs")
                       if f"{prefix}_{name}" in metrics},
            "where": (f"{int(metrics['test_point_count'])} test points"
                      if at_test_points and "test_point_count" in metrics else "the grid"),
            "status": read.text(f.attrs.get("status", "")),
            "wall_s": float(f.attrs.get("wall_time_s", 0.0)) + float(f.attrs.get("setup_s", 0.0)),
            "threads": int(f.attrs.get("threads", 1)),
            "processes": int(f.attrs.get("processes", 1)),
            "mode": read.text(network.get("mode", "fixed")),
        }


def same_value(a, b):
    try:  # YAML reads 1e-08 as text and 1.0e-8 as a number
        return float(a) == float(b)
    except (TypeError, ValueError):
        return a == b


def differences(shipped, resolved, path=""):
    """Keys the shipped config sets whose value the run's resolved config does not hold."""
    if isinstance(shipped, dict):
        if not isinstance(resolved, dict):
            return [path]
        return [d for key, value in shipped.items()
                for d in differences(value, resolved.get(key), f"{path}.{key}" if path else key)]
    if isinstance(shipped, list):
        if not isinstance(resolved, list) or len(resolved) != len(shipped):
            return [path]
        return [d for i, (a, b) in enumerate(zip(shipped, resolved))
                for d in differences(a, b, f"{path}[{i}]")]
    return [] if same_value(shipped, resolved) else [path]


def shipped_differences(shipped, result):
    """Where a run's config departs from the shipped one (threads and output paths aside)."""
    settings = {key: value for key, value in shipped.items() if key != "output"}
    settings["training"] = {k: v for k, v in settings.get("training", {}).items() if k != "threads"}
    if not result["config"]:
        return ["every key (the file stores no config)"]
    return differences(settings, yaml.safe_load(result["config"]))


def best_run(task, runs):
    """(config stem, result) of the lowest error among the task's completed runs of the
    shipped configs; runs with other settings are reported, never counted."""
    found, other = [], []
    for stem in task.configs:
        config = yaml_file(ROOT / "configs" / "pinnacle" / f"{stem}.yaml")
        result = read_result(runs / config["output"]["file"])
        if not result or result["status"] != "completed" or math.isnan(result["error"]):
            continue
        departed = shipped_differences(config, result)
        if departed:
            other.append(f"{config['output']['file']} is not the shipped config "
                         f"(it differs at {', '.join(departed[:3])})")
        else:
            found.append((result["error"], stem, result))
    if found:
        return min(found, key=lambda item: item[0])[1:]
    return None, "; ".join(other) or None


def shipped_output(stem):
    """The output file named by configs/pinnacle/<stem>.yaml."""
    return Path(yaml_file(ROOT / "configs" / "pinnacle" / f"{stem}.yaml")["output"]["file"])


def study_result_files(study, runs):
    """The seed_<s>.h5 files of a study's runs under `runs`, in the layout pinn study writes:
    never a running seed's checkpoint (seed_<s>.checkpoint.h5)."""
    output = Path(yaml_file(ROOT / "configs" / "studies" / f"{study}.yaml")["output"])
    folder = runs / (output.stem + ".runs")
    return sorted(p for p in folder.glob("*/seed_*.h5") if re.fullmatch(r"seed_\d+\.h5", p.name))


def paper_runs(task, runs):
    """{column: [completed results]} of the task's paper-set-up study."""
    columns = {column: [] for column in COLUMNS}
    for path in study_result_files(task.paper_study, runs):
        result = read_result(path)
        for column, mode in MODE_OF_COLUMN.items():
            if result["status"] == "completed" and result["mode"] == mode:
                columns[column].append(result)
    return columns


def paper_cell(published, results):
    text = number(published[0]) if published else "-"
    if results is None:
        return text
    if not results:
        return f"{text} / not run"
    mean = sum(r["error"] for r in results) / len(results)
    seeds = f", {len(results)} seeds" if len(results) > 1 else ", 1 seed"
    # Adam's excursions can leave the last iterate far above the run's best: say both.
    lowest = sum(r["lowest"] for r in results) / len(results)
    if not math.isnan(lowest) and lowest < mean / 2:
        seeds += f"; lowest logged {number(lowest)}"
    if not published:
        return f"{text} / **{number(mean)}**{seeds}"
    ratio = mean / published[0]
    verdict = "within 2x" if 0.5 <= ratio <= 2 else "outside 2x"
    return f"{text} / **{number(mean)}** ({ratio:.2f}x, {verdict}{seeds})"


def best_cell(stem, result, target):
    if result is None:
        return "not run"
    if isinstance(result, str):
        return f"not run: {result}"
    text = f"**{number(result['error'])}**"
    if len(result["fields"]) > 1:
        text += " (" + ", ".join(f"{k} {number(v)}" for k, v in result["fields"].items()) + ")"
    text += f" with `{stem}.yaml` at {result['where']}"
    if target:
        met = result["error"] <= target
        text += f"; target {number(target)}: " + (
            "met" if met else f"missed by {result['error'] / target:.1f}x")
    return text


def wall_cell(result):
    if not isinstance(result, dict):
        return "-"
    threads = f"{result['threads']} thread" + ("s" if result["threads"] > 1 else "")
    if result["processes"] > 1:
        threads = f"{result['processes']} processes x {threads}"
    return f"{duration(result['wall_s'])} ({threads})"


def table(runs, published):
    header = ["task", "PINNacle's best", *(f"{c}: paper / ours" for c in COLUMNS),
              "pinn's best (L2RE)", "wall time", "commands"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for task in TASKS:
        figures = published.get(task.name, {})
        best_method = min(figures, key=lambda m: figures[m][0]) if figures else None
        best = f"{number(figures[best_method][0])} ({best_method})" if best_method else "-"
        target = figures[best_method][0] / 10 if best_method else None
        ours = paper_runs(task, runs) if task.paper_study else {}
        cells = [paper_cell(figures.get(c), ours.get(c)) for c in COLUMNS]
        stem, result = best_run(task, runs)
        commands = [f"`pinn train configs/pinnacle/{stem or task.configs[0]}.yaml`"]
        if task.paper_study:
            commands.append(f"`pinn study configs/studies/{task.paper_study}.yaml`")
        row = [task.name, best, *cells, best_cell(stem, result, target), wall_cell(result),
               ", ".join(commands)]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def update(markdown, text):
    """MARKDOWN with `text` between the markers; errors name the file."""
    try:
        document = Path(markdown).read_text()
    except OSError as error:
        raise InputError(f"{markdown}: cannot read: {error.strerror}")
    begin, end = document.find(BEGIN), document.find(END)
    if begin < 0 or end < begin:
        raise InputError(f"{markdown}: no '{BEGIN}' line followed by an '{END}' line")
    return document[:begin + len(BEGIN)] + "\n" + text + "\n" + document[end:]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default=str(RESULTS),
                        help="the runs' result files (default: tools/results/pinnacle)")
    parser.add_argument("--published", default=str(ROOT / "configs" / "data" / "pinnacle_published.csv"),
                        help="the published figures (default: configs/data/pinnacle_published.csv)")
    parser.add_argument("--update", metavar="MARKDOWN",
                        help=f"write the table between {BEGIN} and {END} of this file")
    args = parser.parse_args(argv)
    runs = Path(args.runs)
    try:
        if not runs.is_dir():
            raise InputError(f"--runs {args.runs}: not a directory")
        text = table(runs, read_published(args.published))
        if args.update:
            Path(args.update).write_text(update(args.update, text))
        else:
            print(text)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
