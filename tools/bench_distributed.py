#!/usr/bin/env python3
"""Times data-parallel training: ms per Adam step of `pinn train` in one process
and in several (--nproc), at each point count, and the all-reduce payload.

Each configuration runs `pinn train` on the config with its residual points set,
Adam only, and reads the per-step time from the result's history (the records
after the first --warmup iterations, so start-up and the first steps are left
out). The peer of the data-parallel runs is the single process on the same cores:
one process with one thread, and one process with all the threads the processes
use together.

    tools/bench_distributed.py                         # 1e4 and 1e5 points, 1 and 2 processes
    tools/bench_distributed.py --points 1000 --steps 20 --processes 1,2,3
"""

import argparse
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

from benchmark import int_list

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 2)[2])
    p.add_argument("--pinn", default=os.path.join(ROOT, "build", "pinn"))
    p.add_argument("--config", default=os.path.join(ROOT, "configs", "burgers.yaml"))
    p.add_argument("--points", type=int_list, default=[10000, 100000],
                   help="residual points (default: 10000,100000)")
    p.add_argument("--processes", type=int_list, default=[2],
                   help="process counts besides 1 (default: 2)")
    p.add_argument("--steps", type=int, default=100, help="Adam steps per run (%(default)s)")
    p.add_argument("--warmup", type=int, default=10, help="steps left out (%(default)s)")
    p.add_argument("--dtype", default="float64", choices=["float32", "float64"])
    args = p.parse_args(argv)
    if args.steps <= args.warmup or args.steps % 10 or args.warmup % 10:
        p.error("--steps must exceed --warmup, and both must be multiples of 10")
    return args


def train(args, points, processes, threads, directory):
    """ms per Adam step, of which ms in the all-reduce (its mean over every step), the
    network's parameter count and the number of loss terms, for one configuration."""
    out = os.path.join(directory, f"p{points}_n{processes}_t{threads}.h5")
    command = [args.pinn, "train", args.config, f"sampling.residual.points={points}",
               f"training.phases=[{{optimizer: adam, iterations: {args.steps}}}]",
               "training.log_every=10", f"training.threads={threads}",
               f"training.dtype={args.dtype}", "output.grid.x=16", "output.grid.t=8",
               f"output.file={out}", "--force"]
    if processes > 1:
        command += ["--nproc", str(processes)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}")
    with h5py.File(out, "r") as f:
        iteration = f["history/iteration"][()]
        time_s = f["history/time_s"][()]
        first = int(np.searchsorted(iteration, args.warmup))
        # The last record is the final evaluation at iteration == steps.
        ms = 1e3 * (time_s[-1] - time_s[first]) / (iteration[-1] - iteration[first])
        # One all-reduce per Adam step, and one for the final loss.
        communication_ms = 1e3 * f.attrs["communication_s"] / (args.steps + 1)
        parameters = sum(f["network"][k].size for k in f["network"])
        terms = sum(1 for k in f["history"] if k.startswith("loss_"))
    return ms, communication_ms, parameters, terms


def main(argv):
    args = parse_args(argv)
    cores = os.cpu_count()
    print(f"pinn {args.pinn}, {os.path.relpath(args.config, ROOT)}, {args.dtype}, Adam, "
          f"{args.steps} steps (first {args.warmup} left out), {cores} cores\n")
    rows = []
    payload = None
    with tempfile.TemporaryDirectory() as directory:
        for points in args.points:
            one, _, parameters, terms = train(args, points, 1, 1, directory)
            row = [f"{points:,}", f"{one:.1f}"]
            for n in args.processes:
                together, _, _, _ = train(args, points, 1, n, directory)
                split, communication, _, _ = train(args, points, n, 1, directory)
                row += [f"{together:.1f}", f"{split:.1f}", f"{communication:.2f}",
                        f"{one / split:.2f}x", f"{together / split:.2f}x"]
            rows.append(row)
            # Loss values, a stop flag and every gradient, in the run's dtype.
            payload = (parameters + terms + 3) * (8 if args.dtype == "float64" else 4)
    header = ["points", "1 process x 1 thread (ms)"]
    for n in args.processes:
        header += [f"1 process x {n} threads (ms)", f"{n} processes x 1 thread (ms)",
                   "of which all-reduce (ms)", f"{n}p vs 1x1", f"{n}p vs 1x{n}"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nall-reduce per step: {payload:,} bytes per process "
          f"({parameters:,} parameters + {terms} loss terms + total, problem loss, stop flag)")


if __name__ == "__main__":
    main(sys.argv[1:])
