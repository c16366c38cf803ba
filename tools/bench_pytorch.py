#!/usr/bin/env python3
"""The plain-PyTorch peer of pinn's benchmark (build/pinn-bench).

It does what pinn does, written the way a PyTorch user would write it: an eager
MLP, derivatives by nested torch.autograd.grad(create_graph=True), torch.optim.Adam
and torch.optim.LBFGS. Network, problems, loss and optimiser settings match pinn's,
and the command line and the one-line JSON output match pinn-bench's, so that
tools/benchmark.py can time the two side by side. The step problems: burgers,
poisson2d, and navier_stokes, steady incompressible Navier-Stokes (Kovasznay flow,
configs/kovasznay.yaml) with one network of three outputs (u, v, p).

    bench_pytorch.py step --problem burgers --dtype float32 --points 10000 --threads 2
    bench_pytorch.py step --problem navier_stokes --dtype float64 --points 2000 --threads 2
    bench_pytorch.py converge --config configs/burgers.yaml --target 1e-3 --threads 2
"""

import argparse
import ctypes
import json
import math
import os
import resource
import statistics
import sys
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(ROOT, "..", "shared", "reference", "burgers_shock.h5")
DTYPES = {"float32": torch.float32, "float64": torch.float64}


class Mlp(torch.nn.Module):
    """pinn's MLP: affine map of the input box onto [-1, 1], tanh hidden layers."""

    def __init__(self, lo, hi, hidden, outputs=1):
        super().__init__()
        lo = torch.tensor(lo, dtype=torch.get_default_dtype())
        hi = torch.tensor(hi, dtype=torch.get_default_dtype())
        self.register_buffer("shift", (hi + lo) / 2)
        self.register_buffer("scale", 2 / (hi - lo))
        widths = [len(lo)] + list(hidden)
        self.hidden = torch.nn.ModuleList(
            torch.nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.output = torch.nn.Linear(widths[-1], outputs)
        for layer in list(self.hidden) + [self.output]:
            torch.nn.init.xavier_normal_(layer.weight)
            torch.nn.init.zeros_(layer.bias)

    def forward(self, x):
        h = (x - self.shift) * self.scale
        for layer in self.hidden:
            h = torch.tanh(layer(h))
        return self.output(h)


def grad(y, x):
    """dy/dx for every point at once, kept differentiable for the outer backward."""
    return torch.autograd.grad(y, x, torch.ones_like(y), create_graph=True)[0]


def uniform(n, lo, hi):
    lo = torch.tensor(lo, dtype=torch.get_default_dtype())
    hi = torch.tensor(hi, dtype=torch.get_default_dtype())
    return lo + (hi - lo) * torch.rand(n, len(lo))


def sides(n, lo, hi):
    """n points on the edges of the box [lo, hi]: a random side each, a random position along it."""
    b = uniform(n, lo, hi)
    side = torch.randint(0, 4, (n,))
    b[side == 0, 0] = lo[0]
    b[side == 1, 0] = hi[0]
    b[side == 2, 1] = lo[1]
    b[side == 3, 1] = hi[1]
    return b


class Burgers:
    """u_t + u u_x = nu u_xx on x in [x0, x1], t in [0, t1]; u(x,0) = -sin(pi x), u = 0 at x0, x1."""

    def __init__(self, points, nu=0.01 / math.pi, x=(-1.0, 1.0), t=(0.0, 1.0),
                 initial=50, boundary=50, hidden=(20,) * 8):
        self.nu = nu
        self.lo, self.hi = [x[0], t[0]], [x[1], t[1]]
        self.net = Mlp(self.lo, self.hi, hidden)
        self.interior = uniform(points, self.lo, self.hi).requires_grad_(True)
        self.initial = uniform(initial, self.lo, self.hi)
        self.initial[:, 1] = t[0]
        self.boundary = uniform(boundary, self.lo, self.hi)
        self.boundary[0::2, 0] = x[0]  # alternate sides, as pinn does
        self.boundary[1::2, 0] = x[1]

    def loss(self):
        u = self.net(self.interior)
        du = grad(u, self.interior)  # one call gives u_x and u_t
        u_x, u_t = du[:, 0:1], du[:, 1:2]
        u_xx = grad(u_x, self.interior)[:, 0:1]
        residual = u_t + u * u_x - self.nu * u_xx
        initial = self.net(self.initial) + torch.sin(math.pi * self.initial[:, 0:1])
        boundary = self.net(self.boundary)
        return residual.square().mean() + initial.square().mean() + boundary.square().mean()


class Poisson2d:
    """-(u_xx + u_yy) = 2 k^2 pi^2 sin(k pi x) sin(k pi y) on [0,1]^2, u exact on the boundary."""

    def __init__(self, points, k=2.0, boundary=400, boundary_weight=100.0, hidden=(32, 32, 32)):
        self.k, self.boundary_weight = k, boundary_weight
        self.net = Mlp([0.0, 0.0], [1.0, 1.0], hidden)
        self.interior = uniform(points, [0.0, 0.0], [1.0, 1.0]).requires_grad_(True)
        self.boundary = sides(boundary, [0.0, 0.0], [1.0, 1.0])

    def exact(self, p):
        return torch.sin(self.k * math.pi * p[:, 0:1]) * torch.sin(self.k * math.pi * p[:, 1:2])

    def loss(self):
        p = self.interior
        u = self.net(p)
        du = grad(u, p)
        u_xx = grad(du[:, 0:1], p)[:, 0:1]
        u_yy = grad(du[:, 1:2], p)[:, 1:2]
        f = 2 * self.k ** 2 * math.pi ** 2 * self.exact(p)
        residual = -(u_xx + u_yy) - f
        boundary = self.net(self.boundary) - self.exact(self.boundary)
        return residual.square().mean() + self.boundary_weight * boundary.square().mean()


class NavierStokes:
    """Steady incompressible Navier-Stokes, Kovasznay flow: one network, three outputs (u, v, p).

    u u_x + v u_y + p_x = (u_xx + u_yy) / Re,  u v_x + v v_y + p_y = (v_xx + v_yy) / Re,
    u_x + v_y = 0 on x in [x0, x1], y in [y0, y1]; u and v exact on the boundary.
    """

    def __init__(self, points, re=20.0, x=(-0.5, 1.0), y=(-0.5, 1.5), boundary=400,
                 hidden=(50,) * 4):
        self.re = re
        self.lam = re / 2 - math.sqrt(re ** 2 / 4 + 4 * math.pi ** 2)
        self.lo, self.hi = [x[0], y[0]], [x[1], y[1]]
        self.net = Mlp(self.lo, self.hi, hidden, outputs=3)
        self.interior = uniform(points, self.lo, self.hi).requires_grad_(True)
        self.boundary = sides(boundary, self.lo, self.hi)
        self.boundary_uv = self.exact(self.boundary)[:, 0:2]

    def exact(self, q):
        x, y = q[:, 0:1], q[:, 1:2]
        e = torch.exp(self.lam * x)
        u = 1 - e * torch.cos(2 * math.pi * y)
        v = self.lam / (2 * math.pi) * e * torch.sin(2 * math.pi * y)
        p = (1 - torch.exp(2 * self.lam * x)) / 2
        return torch.cat([u, v, p], dim=1)

    def loss(self):
        q = self.interior
        out = self.net(q)
        u, v = out[:, 0:1], out[:, 1:2]
        du, dv, dp = grad(u, q), grad(v, q), grad(out[:, 2:3], q)  # (x, y) partials each
        u_x, u_y, v_x, v_y = du[:, 0:1], du[:, 1:2], dv[:, 0:1], dv[:, 1:2]
        u_xx = grad(u_x, q)[:, 0:1]
        u_yy = grad(u_y, q)[:, 1:2]
        v_xx = grad(v_x, q)[:, 0:1]
        v_yy = grad(v_y, q)[:, 1:2]
        residual = torch.cat([
            u * u_x + v * u_y + dp[:, 0:1] - (u_xx + u_yy) / self.re,
            u * v_x + v * v_y + dp[:, 1:2] - (v_xx + v_yy) / self.re,
            u_x + v_y,
        ], dim=1)  # N x 3, as pinn's residual term
        boundary = self.net(self.boundary)[:, 0:2] - self.boundary_uv  # N x 2
        # pinn's term: sum of squares over the points and the equations, / points.
        return (residual.square().sum() / q.shape[0]
                + boundary.square().sum() / self.boundary.shape[0])


def tune_process():
    """The two process settings pinn's main() makes, so that only the training code differs.

    glibc keeps big freed blocks instead of unmapping them (a step frees and
    reallocates the same large buffers), and OpenBLAS runs single-threaded, its
    own threads otherwise contending with PyTorch's for the cores on skinny GEMMs.
    """
    libc = ctypes.CDLL("libc.so.6")
    m_trim_threshold, m_mmap_threshold = -1, -3  # from <malloc.h>
    libc.mallopt(m_mmap_threshold, 1 << 30)
    libc.mallopt(m_trim_threshold, 1 << 30)
    try:
        blas = ctypes.CDLL("libblas.so.3")  # already loaded by torch; the same handle
        blas.openblas_set_num_threads(1)
    except (OSError, AttributeError):
        pass  # not OpenBLAS: nothing to set


def setup(dtype, threads, seed, plain=False):
    if not plain:
        tune_process()
    # The default dtype makes the network, its buffers and the points all one dtype.
    torch.set_default_dtype(DTYPES[dtype])
    torch.set_num_threads(threads)
    torch.manual_seed(seed)


def lbfgs(params, iterations, history=50):
    return torch.optim.LBFGS(params, lr=1, history_size=history, max_iter=iterations,
                             max_eval=iterations * 25, tolerance_grad=0, tolerance_change=0,
                             line_search_fn="strong_wolfe")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def step(args):
    setup(args.dtype, args.threads, args.seed, args.plain)
    problem = PROBLEMS[args.problem](args.points)
    params = list(problem.net.parameters())
    adam = torch.optim.Adam(params, lr=1e-3)

    def adam_step():
        adam.zero_grad()
        problem.loss().backward()
        adam.step()

    for _ in range(3):  # allocator and thread pool warm-up
        adam_step()
    times = []
    for _ in range(args.adam_steps):
        start = time.perf_counter()
        adam_step()
        times.append((time.perf_counter() - start) * 1e3)

    optimizer = lbfgs(params, args.lbfgs_iterations)
    evals = 0

    def closure():
        nonlocal evals
        evals += 1
        optimizer.zero_grad()
        loss = problem.loss()
        loss.backward()
        return loss

    start = time.perf_counter()
    optimizer.step(closure)
    elapsed = (time.perf_counter() - start) * 1e3
    iterations = max(optimizer.state[params[0]]["n_iter"], 1)

    print(json.dumps({
        "impl": "pytorch", "problem": args.problem, "dtype": args.dtype,
        "points": args.points, "threads": args.threads,
        "adam_ms": statistics.median(times), "adam_ms_min": min(times),
        "lbfgs_ms": elapsed / iterations, "lbfgs_evals_per_iter": evals / iterations,
        "lbfgs_iterations": iterations,
        "peak_rss_mb": peak_rss_mb(), "torch": torch.__version__, "tuned": not args.plain,
    }), flush=True)


class L2Error:
    """Relative L2 error of u on the reference grid of burgers_shock.h5."""

    def __init__(self, path):
        import h5py  # only converge needs it

        with h5py.File(path, "r") as f:
            x, t, u = f["x"][:], f["t"][:], f["u"][:]  # u[i, j] = u(x[i], t[j])
        dtype = torch.get_default_dtype()
        gx, gt = torch.meshgrid(torch.tensor(x, dtype=dtype), torch.tensor(t, dtype=dtype),
                                indexing="ij")
        self.points = torch.stack([gx.reshape(-1), gt.reshape(-1)], dim=1)
        self.u = torch.tensor(u, dtype=torch.float64).reshape(-1, 1)

    def __call__(self, net):
        with torch.no_grad():
            u = net(self.points).to(torch.float64)
        return math.sqrt(((u - self.u).square().sum() / self.u.square().sum()).item())


def converge(args):
    import yaml

    with open(args.config) as f:
        config = yaml.safe_load(f)
    problem_cfg, training = config["problem"], config["training"]
    sampling = config.get("sampling", {})
    setup(training.get("dtype", "float64"), args.threads, training.get("seed", 1234), args.plain)
    problem = Burgers(sampling["residual"]["points"], nu=problem_cfg["nu"],
                      x=problem_cfg["x"], t=problem_cfg["t"],
                      initial=sampling["initial"]["points"],
                      boundary=sampling["boundary"]["points"],
                      hidden=config["network"]["hidden"])
    error = L2Error(args.reference)
    params = list(problem.net.parameters())
    phases = training.get("phases", [{"optimizer": "adam"}])
    adam_phase = next((p for p in phases if p["optimizer"] == "adam"), {"iterations": 0})
    lbfgs_phase = next((p for p in phases if p["optimizer"] == "lbfgs"), {"iterations": 0})
    adam_iterations = adam_phase.get("iterations", 1000)
    lbfgs_iterations = lbfgs_phase.get("iterations", 1000)
    total = adam_iterations + lbfgs_iterations

    # Only training counts; the error checks run with the clock stopped.
    clock = 0.0
    iterations = 0
    l2 = error(problem.net)

    def done():
        return l2 <= args.target or iterations >= total or clock >= args.max_seconds

    adam = torch.optim.Adam(params, lr=adam_phase.get("lr", 1e-3))
    while iterations < adam_iterations and not done():
        start = time.perf_counter()
        chunk = min(args.check_every, adam_iterations - iterations)
        for _ in range(chunk):
            adam.zero_grad()
            problem.loss().backward()
            adam.step()
            iterations += 1
            if clock + time.perf_counter() - start >= args.max_seconds:
                break
        clock += time.perf_counter() - start
        l2 = error(problem.net)

    optimizer = lbfgs(params, args.check_every, lbfgs_phase.get("history", 50))

    def closure():
        optimizer.zero_grad()
        loss = problem.loss()
        loss.backward()
        return loss

    lbfgs_done = 0
    while lbfgs_done < lbfgs_iterations and not done():
        # One .step() runs up to max_iter iterations; the state carries over between calls.
        optimizer.param_groups[0]["max_iter"] = min(args.check_every, lbfgs_iterations - lbfgs_done)
        optimizer.param_groups[0]["max_eval"] = optimizer.param_groups[0]["max_iter"] * 25
        before = optimizer.state[params[0]].get("n_iter", 0)
        start = time.perf_counter()
        optimizer.step(closure)
        clock += time.perf_counter() - start
        progress = optimizer.state[params[0]]["n_iter"] - before
        lbfgs_done += progress
        iterations += progress
        l2 = error(problem.net)
        if progress == 0:  # L-BFGS stopped making steps (zero gradient or step)
            break

    print(json.dumps({
        "impl": "pytorch", "reached": l2 <= args.target, "seconds": clock,
        "iterations": iterations, "final_l2": l2, "threads": args.threads,
        "tuned": not args.plain,
    }), flush=True)


PROBLEMS = {"burgers": Burgers, "poisson2d": Poisson2d, "navier_stokes": NavierStokes}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    s = sub.add_parser("step", help="time Adam steps and L-BFGS iterations")
    s.add_argument("--problem", choices=sorted(PROBLEMS), default="burgers")
    s.add_argument("--dtype", choices=sorted(DTYPES), default="float32")
    s.add_argument("--points", type=int, default=10000)
    s.add_argument("--threads", type=int, default=1)
    s.add_argument("--adam-steps", type=int, default=20)
    s.add_argument("--lbfgs-iterations", type=int, default=10)
    s.add_argument("--seed", type=int, default=1234)

    c = sub.add_parser("converge", help="train a config until a relative L2 error target")
    c.add_argument("--config", default=os.path.join(ROOT, "configs", "burgers.yaml"))
    c.add_argument("--target", type=float, default=1e-3)
    c.add_argument("--threads", type=int, default=1)
    c.add_argument("--check-every", type=int, default=50)
    c.add_argument("--max-seconds", type=float, default=3600)
    c.add_argument("--reference", default=REFERENCE, help="HDF5 with x, t and u[i, j] = u(x_i, t_j)")

    for p in (s, c):
        p.add_argument("--plain", action="store_true",
                       help="skip the malloc and OpenBLAS settings pinn makes (see tune_process)")

    args = parser.parse_args(argv)
    for name in ("points", "threads", "adam_steps", "lbfgs_iterations", "check_every"):
        if getattr(args, name, 1) < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1")
    (step if args.command == "step" else converge)(args)


if __name__ == "__main__":
    sys.exit(main())
