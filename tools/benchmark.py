#!/usr/bin/env python3
"""Times pinn against plain PyTorch and prints the comparison as Markdown tables.

Every configuration runs in its own fresh process, so peak RSS is per
configuration: pinn's benchmark binary (build/pinn-bench, engines taylor and
autograd) and its plain-PyTorch peer tools/bench_pytorch.py, which share one
command line and one JSON output. PyTorch is reported at its best thread count
from --pytorch-threads; pinn runs at --threads. The step table covers burgers,
poisson2d and navier_stokes (Kovasznay flow: one network, three outputs u, v, p);
the scaling, memory and converge tables are Burgers'.

    tools/benchmark.py                    # step, scaling and memory tables (tens of minutes)
    tools/benchmark.py --quick            # tiny sizes: a smoke test
    tools/benchmark.py --only step --json-out bench.json
    tools/benchmark.py --converge         # adds seconds to relative L2 1e-3 on Burgers (long)
"""

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTIONS = ("step", "scaling", "memory", "converge")
PROBLEMS = ("burgers", "poisson2d", "navier_stokes")
# How the step table names a problem: navier_stokes is the one network with three outputs.
PROBLEM_LABELS = {"navier_stokes": "navier_stokes (u, v, p)"}
DTYPES = ("float32", "float64")
ENGINES = ("taylor", "autograd")

# Sizes when neither the option nor --quick says otherwise, and under --quick.
DEFAULTS = dict(points=10000, adam_steps=20, lbfgs_iterations=10,
                scaling="1000,3000,10000,30000,100000", memory_points=100000,
                converge_max_seconds=3600.0)
QUICK = dict(points=500, adam_steps=3, lbfgs_iterations=2, scaling="200,500,1000",
             memory_points=2000, converge_max_seconds=20.0)


def int_list(text):
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of integers")
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' needs integers >= 1")
    return values


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 2)[2])
    p.add_argument("--pinn-bench", default=os.path.join(ROOT, "build", "pinn-bench"),
                   help="pinn's benchmark binary (default: build/pinn-bench)")
    p.add_argument("--python", default=sys.executable, help="Python that runs bench_pytorch.py")
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="pinn's threads (default: all cores, %(default)s)")
    p.add_argument("--pytorch-threads", type=int_list, default=[1, 2],
                   help="PyTorch thread counts to try; the best is reported (default: 1,2)")
    p.add_argument("--points", type=int, help="collocation points of the step table (10000)")
    p.add_argument("--adam-steps", type=int, help="timed Adam steps per run (20)")
    p.add_argument("--lbfgs-iterations", type=int, help="timed L-BFGS iterations per run (10)")
    p.add_argument("--scaling", type=int_list, help="points of the scaling table "
                   "(1000,3000,10000,30000,100000)")
    p.add_argument("--memory-points", type=int, help="points of the memory table (100000)")
    p.add_argument("--converge", action="store_true",
                   help="also time training to relative L2 1e-3 (minutes to an hour)")
    p.add_argument("--converge-config", default=os.path.join(ROOT, "configs", "burgers.yaml"))
    p.add_argument("--converge-max-seconds", type=float, help="cap per converge run (3600)")
    p.add_argument("--pytorch-plain", action="store_true",
                   help="run PyTorch without the malloc/OpenBLAS settings pinn makes")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
    p.add_argument("--only", action="append", metavar="SECTION",
                   help="step, scaling, memory or converge; repeatable or comma-separated")
    p.add_argument("--timeout", type=float, default=1800.0,
                   help="seconds before a step run counts as failed (%(default)s); a converge "
                        "run gets twice its cap plus 10 minutes, for its untimed error checks")
    p.add_argument("--json-out", metavar="FILE", help="save every raw record here")
    args = p.parse_args(argv)

    sizes = QUICK if args.quick else DEFAULTS
    for name, value in sizes.items():
        if getattr(args, name) is None:
            setattr(args, name, int_list(value) if name == "scaling" else value)
    for name in ("threads", "points", "adam_steps", "lbfgs_iterations", "memory_points"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1")

    if args.only:
        args.sections = [s.strip() for item in args.only for s in item.split(",") if s.strip()]
        unknown = [s for s in args.sections if s not in SECTIONS]
        if unknown:
            p.error(f"--only: unknown section(s) {', '.join(unknown)}; use {', '.join(SECTIONS)}")
    else:
        args.sections = ["step", "scaling", "memory"] + (["converge"] if args.converge else [])
    return args


class Runner:
    """Runs one configuration per process and keeps every record, failed ones too."""

    def __init__(self, args):
        self.args = args
        self.records = []
        self.failures = []

    def pinn(self, mode, engine, **options):
        cmd = [self.args.pinn_bench, mode] + self._options(options) + ["--engine", engine]
        return self._run(cmd, f"pinn-{engine}", self._timeout(mode))

    def pytorch(self, mode, **options):
        cmd = [self.args.python, os.path.join(ROOT, "tools", "bench_pytorch.py"), mode]
        cmd += self._options(options) + (["--plain"] if self.args.pytorch_plain else [])
        return self._run(cmd, "pytorch", self._timeout(mode))

    def _timeout(self, mode):
        if mode == "converge":
            return 2 * self.args.converge_max_seconds + 600
        return self.args.timeout

    @staticmethod
    def _options(options):
        out = []
        for key, value in options.items():
            out += ["--" + key.replace("_", "-"), str(value)]
        return out

    def _run(self, cmd, impl, timeout):
        line = shlex.join(cmd)
        print(f"running: {line}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  cwd=ROOT)
            stdout, stderr, why = proc.stdout, proc.stderr, f"exit status {proc.returncode}"
            success = proc.returncode == 0
        except subprocess.TimeoutExpired as e:
            stdout = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            stderr = e.stderr.decode() if isinstance(e.stderr, bytes) else (e.stderr or "")
            success, why = False, f"timed out after {timeout:g} s"
        except OSError as e:
            stdout, stderr, success, why = "", str(e), False, "could not start"
        record = None
        if success:
            record = last_json_line(stdout)
            if record is None:
                success, why = False, "no JSON line on stdout"
        wall = time.perf_counter() - start
        if not success:
            tail = "\n".join((stderr or stdout).strip().splitlines()[-15:])
            self.failures.append({"cmd": line, "why": why, "tail": tail})
            print(f"  FAILED ({why}):\n{indent(tail)}", file=sys.stderr, flush=True)
            record = {"impl": impl, "failed": True, "why": why, "stderr_tail": tail}
        record = dict(record, cmd=line, wall_s=round(wall, 3))
        self.records.append(record)
        return record


def last_json_line(text):
    for line in reversed(text.strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def indent(text, prefix="    "):
    return "\n".join(prefix + line for line in text.splitlines()) or prefix + "(no output)"


def ok(record):
    return record is not None and not record.get("failed")


def fmt(value, digits=3):
    """Three significant figures, without exponent notation for everyday sizes."""
    if value is None:
        return "—"
    if value == 0 or abs(value) >= 10 ** digits:
        return f"{value:.0f}"
    magnitude = len(str(int(abs(value)))) if abs(value) >= 1 else 0
    return f"{value:.{max(digits - magnitude, 0)}f}" if abs(value) >= 0.01 else f"{value:.2g}"


def cell(record, key, digits=3):
    if record is None:
        return "—"
    if not ok(record):
        return "failed"
    if key == "peak_rss_mb" and record.get(key) is not None:
        return f"{record[key]:.0f}"  # whole megabytes are plenty
    return fmt(record.get(key), digits)


def ratio(numerator, denominator, key):
    if not (ok(numerator) and ok(denominator)):
        return "—"
    a, b = numerator.get(key), denominator.get(key)
    return f"{a / b:.2f}x" if a and b else "—"


def best(records, key):
    """The fastest successful record by key, or None."""
    good = [r for r in records if ok(r) and r.get(key) is not None]
    return min(good, key=lambda r: r[key]) if good else None


def with_threads(record, candidates, key, digits=3):
    if record is None:
        return "failed" if candidates else "—"
    return f"{cell(record, key, digits)} ({record['threads']}t)"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return model, os.cpu_count()


def torch_version(python):
    try:
        out = subprocess.run([python, "-c", "import torch; print(torch.__version__)"],
                             capture_output=True, text=True, timeout=120)
        return out.stdout.strip() or "not importable"
    except (OSError, subprocess.TimeoutExpired):
        return "not importable"


def step_section(args, run):
    """Per problem and dtype: pinn taylor, pinn autograd, PyTorch at each thread count."""
    results = {}
    for problem in PROBLEMS:
        for dtype in DTYPES:
            common = dict(problem=problem, dtype=dtype, points=args.points,
                          adam_steps=args.adam_steps, lbfgs_iterations=args.lbfgs_iterations,
                          seed=args.seed)
            entry = {e: run.pinn("step", e, threads=args.threads, **common) for e in ENGINES}
            entry["pytorch"] = [run.pytorch("step", threads=t, **common)
                                for t in args.pytorch_threads]
            results[problem, dtype] = entry

    rows = []
    for (problem, dtype), e in results.items():
        torch_runs = e["pytorch"]
        adam, lbfgs = best(torch_runs, "adam_ms"), best(torch_runs, "lbfgs_ms")
        rows.append([PROBLEM_LABELS.get(problem, problem), dtype,
                     cell(e["taylor"], "adam_ms"), cell(e["autograd"], "adam_ms"),
                     with_threads(adam, torch_runs, "adam_ms"), ratio(adam, e["taylor"], "adam_ms"),
                     cell(e["taylor"], "lbfgs_ms"), cell(e["autograd"], "lbfgs_ms"),
                     with_threads(lbfgs, torch_runs, "lbfgs_ms"),
                     ratio(lbfgs, e["taylor"], "lbfgs_ms")])
    print(f"\n### Time per step, {args.points} points "
          f"(median of {args.adam_steps} Adam steps; L-BFGS: ms per iteration over "
          f"{args.lbfgs_iterations} iterations; pinn {args.threads} threads)\n")
    print(table(["problem", "dtype", "Adam pinn taylor", "Adam pinn autograd", "Adam PyTorch",
                 "Adam speedup taylor", "L-BFGS pinn taylor", "L-BFGS pinn autograd",
                 "L-BFGS PyTorch", "L-BFGS speedup taylor"], rows))
    print("\nms; speedup = PyTorch time / pinn taylor time (above 1: pinn is faster); "
          "(Nt) = PyTorch's best thread count. Problems: burgers and poisson2d have one output; "
          "navier_stokes is steady Navier-Stokes (Kovasznay flow, configs/kovasznay.yaml), "
          "one network with three outputs (u, v, p), a three-equation residual and 400 "
          "boundary points, 4 x 50 tanh.")
    evals = []
    for (problem, dtype), e in results.items():
        runs = [("pinn taylor", e["taylor"]), ("pinn autograd", e["autograd"])]
        runs += [(f"PyTorch {r.get('threads', '?')}t", r) for r in e["pytorch"]]
        evals.append(f"{PROBLEM_LABELS.get(problem, problem)} {dtype}: " + ", ".join(
            f"{name} {fmt(r['lbfgs_evals_per_iter'])}" for name, r in runs
            if ok(r) and r.get("lbfgs_evals_per_iter") is not None))
    print("\nLoss evaluations per L-BFGS iteration: " + "; ".join(evals))
    return results


def pytorch_threads_for(args, steps, problem, dtype):
    """PyTorch's fastest Adam thread count from the step table, else the first one tried."""
    if steps and (problem, dtype) in steps:
        fastest = best(steps[problem, dtype]["pytorch"], "adam_ms")
        if fastest:
            return fastest["threads"]
    return args.pytorch_threads[0] if args.pytorch_threads else 1


def scaling_section(args, run, steps):
    rows = []
    for dtype in DTYPES:
        threads = pytorch_threads_for(args, steps, "burgers", dtype)
        for points in args.scaling:
            # One L-BFGS iteration: the table is about Adam steps, and the runs are long.
            common = dict(problem="burgers", dtype=dtype, points=points,
                          adam_steps=args.adam_steps, lbfgs_iterations=1, seed=args.seed)
            taylor = run.pinn("step", "taylor", threads=args.threads, **common)
            torch_run = run.pytorch("step", threads=threads, **common)
            per_k = lambda r: fmt(r["adam_ms"] * 1000 / points) if ok(r) else cell(r, "adam_ms")
            rows.append([dtype, points, cell(taylor, "adam_ms"), per_k(taylor),
                         f"{cell(torch_run, 'adam_ms')} ({threads}t)", per_k(torch_run),
                         ratio(torch_run, taylor, "adam_ms")])
    print(f"\n### Scaling: Burgers, ms per Adam step against points "
          f"(pinn taylor {args.threads} threads)\n")
    print(table(["dtype", "points", "pinn taylor ms", "pinn ms / 1000 pts", "PyTorch ms",
                 "PyTorch ms / 1000 pts", "speedup"], rows))


def memory_section(args, run, steps):
    rows = []
    for dtype in DTYPES:
        threads = pytorch_threads_for(args, steps, "burgers", dtype)
        # A few steps suffice: peak RSS is set by one loss evaluation's graph.
        common = dict(problem="burgers", dtype=dtype, points=args.memory_points,
                      adam_steps=2, lbfgs_iterations=2, seed=args.seed)
        e = {engine: run.pinn("step", engine, threads=args.threads, **common)
             for engine in ENGINES}
        torch_run = run.pytorch("step", threads=threads, **common)
        rows.append([dtype, cell(e["taylor"], "peak_rss_mb"),
                     cell(e["autograd"], "peak_rss_mb"),
                     f"{cell(torch_run, 'peak_rss_mb')} ({threads}t)",
                     ratio(torch_run, e["taylor"], "peak_rss_mb"),
                     ratio(torch_run, e["autograd"], "peak_rss_mb")])
    print(f"\n### Peak RSS (MB), Burgers, {args.memory_points} points, "
          f"whole process (PyTorch's includes the Python interpreter and torch import)\n")
    print(table(["dtype", "pinn taylor", "pinn autograd", "PyTorch",
                 "PyTorch / taylor", "PyTorch / autograd"], rows))


def converge_section(args, run, steps):
    threads = pytorch_threads_for(args, steps, "burgers", "float64")
    common = dict(config=args.converge_config, target="1e-3", check_every=50,
                  max_seconds=args.converge_max_seconds)
    taylor = run.pinn("converge", "taylor", threads=args.threads, **common)
    torch_run = run.pytorch("converge", threads=threads, **common)

    def row(name, r):
        if not ok(r):
            return [name, r.get("threads", "—") if r else "—", "failed", "—", "—", "—"]
        return [name, r["threads"], "yes" if r["reached"] else "no", fmt(r["seconds"]),
                r["iterations"], f"{r['final_l2']:.2e}"]

    print(f"\n### Training time to relative L2 error 1e-3 against burgers_shock "
          f"({os.path.relpath(args.converge_config, ROOT)}; clock stops during error checks; "
          f"cap {args.converge_max_seconds:g} s)\n")
    print(table(["impl", "threads", "reached", "seconds", "iterations", "final L2"],
                [row("pinn taylor", taylor), row("PyTorch", torch_run)]))
    if ok(taylor) and ok(torch_run) and taylor["reached"] and torch_run["reached"]:
        print(f"\nPyTorch / pinn taylor: {torch_run['seconds'] / taylor['seconds']:.2f}x")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not (os.path.isfile(args.pinn_bench) and os.access(args.pinn_bench, os.X_OK)):
        print(f"error: pinn's benchmark binary '{args.pinn_bench}' is missing or not executable; "
              f"build it (cmake --build build --target pinn-bench) or pass --pinn-bench PATH",
              file=sys.stderr)
        return 2

    model, cores = machine()
    print(f"Machine: {model}, {cores} cores; torch {torch_version(args.python)}; "
          f"PyTorch {'untuned (--pytorch-plain)' if args.pytorch_plain else 'with pinn process settings'}")
    print(f"Command: {shlex.join([sys.executable] + sys.argv)}")
    load = os.getloadavg()[0]
    if load > 0.5:
        # Other work on the cores skews every timing; with OpenMP threads waiting at
        # barriers for a descheduled peer, a step can take many times longer.
        print(f"Warning: load average {load:.2f} at start; timings are only meaningful "
              f"on an otherwise idle machine")

    run = Runner(args)
    steps = step_section(args, run) if "step" in args.sections else None
    if "scaling" in args.sections:
        scaling_section(args, run, steps)
    if "memory" in args.sections:
        memory_section(args, run, steps)
    if "converge" in args.sections:
        converge_section(args, run, steps)

    if run.failures:
        print(f"\n### Failures ({len(run.failures)})\n")
        for f in run.failures:
            print(f"- `{f['cmd']}`: {f['why']}\n\n```\n{f['tail'] or '(no output)'}\n```\n")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump({"command": [sys.executable] + sys.argv, "machine": model, "cores": cores,
                       "records": run.records}, f, indent=1)
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
