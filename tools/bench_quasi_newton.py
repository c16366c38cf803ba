#!/usr/bin/env python3
"""pinn against a plain-PyTorch peer on Burgers with a dense quasi-Newton phase, side by side.

The peer is what a PyTorch user would write after Kiyani et al. (CMAME 446, 2025): an
eager 2 -> 4 x 20 tanh -> 1 network in float64, derivatives by nested autograd, 8000
collocation points redrawn by RAD every 500 iterations (50000 candidates, k = c = 1),
500 + 500 initial and boundary points with weight 5, 1000 Adam steps at 5e-3, then
SciPy's strong-Wolfe line search (scipy.optimize.line_search, c1 = 1e-4, c2 = 0.9)
with the SSBroyden update of H on NumPy arrays. pinn runs configs/burgers.yaml, the
same setup. Both are timed on training alone (error checks off the clock for the
peer; for pinn, /history/time_s) and measured against the same reference, the
Cole-Hopf solution pinn writes to /solution/u_exact, on its 256 x 100 grid.

    python3 tools/bench_quasi_newton.py [--max-seconds 180] [--threads 2]

Needs Debian's python3-torch, python3-scipy and python3-h5py, and build/pinn.
Prints, per error threshold, the seconds of training each took to reach it.
"""

import argparse
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np
import torch
from scipy.optimize import line_search

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_pytorch import Mlp, grad, setup  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THRESHOLDS = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6]
NU = 0.01 / math.pi


def run_pinn(max_seconds, threads, out_dir):
    """configs/burgers.yaml, stopped by SIGINT after max_seconds; returns the result path."""
    result = os.path.join(out_dir, "pinn.h5")
    command = [os.path.join(ROOT, "build", "pinn"), "train",
               os.path.join(ROOT, "configs", "burgers.yaml"), f"output.file={result}",
               f"training.threads={threads}", "training.log_every=50", "--force"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    try:
        process.wait(timeout=max_seconds + 20)  # set-up (the reference) is off the clock
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)
        process.wait()
    if process.returncode not in (0, 130):
        sys.exit(f"pinn failed ({process.returncode}): {process.stderr.read()}")
    return result


class Peer:
    """The plain-PyTorch run, as described in the module docstring."""

    def __init__(self, threads, seed, grid):
        setup("float64", threads, seed)
        self.lo, self.hi = [-1.0, 0.0], [1.0, 1.0]
        self.net = Mlp(self.lo, self.hi, (20,) * 4)
        self.params = list(self.net.parameters())
        self.rng = np.random.default_rng(seed)
        self.interior = self.uniform(8000).requires_grad_(True)
        self.initial = self.uniform(500)
        self.initial[:, 1] = 0.0
        self.boundary = self.uniform(500)
        self.boundary[0::2, 0], self.boundary[1::2, 0] = -1.0, 1.0
        x, t, self.u_exact = grid
        gx, gt = np.meshgrid(x, t, indexing="ij")
        self.grid = torch.tensor(np.stack([gx.ravel(), gt.ravel()], axis=1))

    def uniform(self, n):
        lo, hi = np.array(self.lo), np.array(self.hi)
        return torch.tensor(lo + (hi - lo) * self.rng.random((n, 2)))

    def residual(self, p):
        u = self.net(p)
        du = grad(u, p)
        u_x, u_t = du[:, 0:1], du[:, 1:2]
        u_xx = grad(u_x, p)[:, 0:1]
        return u_t + u * u_x - NU * u_xx

    def loss(self):
        r = self.residual(self.interior)
        ic = self.net(self.initial) + torch.sin(math.pi * self.initial[:, 0:1])
        bc = self.net(self.boundary)
        return r.square().mean() + 5 * ic.square().mean() + 5 * bc.square().mean()

    def rad(self):
        candidates = self.uniform(50000).requires_grad_(True)
        r = self.residual(candidates).detach().abs().numpy().ravel()
        weights = r / r.mean() + 1.0
        chosen = self.rng.choice(len(weights), 8000, replace=False, p=weights / weights.sum())
        self.interior = candidates.detach()[chosen].clone().requires_grad_(True)

    def error(self):
        with torch.no_grad():
            u = self.net(self.grid).numpy().ravel()
        return float(np.linalg.norm(u - self.u_exact) / np.linalg.norm(self.u_exact))

    # The flat parameter vector for SciPy.
    def get(self):
        return torch.cat([p.detach().reshape(-1) for p in self.params]).numpy().copy()

    def set(self, x):
        offset = 0
        with torch.no_grad():
            for p in self.params:
                p.copy_(torch.from_numpy(x[offset:offset + p.numel()]).reshape(p.shape))
                offset += p.numel()

    def value_and_gradient(self, x):
        self.set(x)
        for p in self.params:
            p.grad = None
        loss = self.loss()
        loss.backward()
        return loss.item(), torch.cat([p.grad.reshape(-1) for p in self.params]).numpy().copy()


def ssbroyden(h, s, y, g, alpha, n):
    """One SSBroyden update of H (the same formulas as solver/optim/quasi_newton_update.h)."""
    ys = y @ s
    if ys <= 1e-10 * np.linalg.norm(s) * np.linalg.norm(y):
        return h
    rho = 1.0 / ys
    hy = h @ y
    yhy = y @ hy
    b = -alpha * rho * (s @ g)
    hk = rho * yhy
    a = max(b * hk - 1.0, 0.0)
    first = np.array_equal(h, np.eye(n))
    if a <= 1e-12:
        theta, tau, phi = 0.0, (hk if first else min(1.0, 1.0 / b)), 1.0
    else:
        c = math.sqrt(a / (1 + a))
        rho_minus = min(1.0, hk * (1 - c))
        theta = max((rho_minus - 1) / a, min(1 / rho_minus, (1 - b) / b))
        sigma = 1 + a * theta
        rhobar = min(1.0, 1.0 / b)
        root = abs(sigma) ** (1.0 / (1 - n))
        if first:
            tau = hk / sigma
        elif theta <= 0:
            tau = min(rhobar * root, sigma)
        else:
            tau = rhobar * min(root, 1 / theta)
        phi = (1 - theta) / (1 + a * theta)
    v = rho * s - hy / yhy
    return (h - np.outer(hy, hy) / yhy + phi * yhy * np.outer(v, v)) / tau + rho * np.outer(s, s)


def run_peer(threads, max_seconds, grid):
    peer = Peer(threads, 1234, grid)
    clock, iteration, curve = 0.0, 0, []

    def check():
        curve.append((iteration, clock, peer.error()))

    adam = torch.optim.Adam(peer.params, lr=5e-3)
    check()
    while iteration < 1000 and clock < max_seconds:
        start = time.perf_counter()
        if iteration > 0 and iteration % 500 == 0:
            peer.rad()
        adam.zero_grad()
        peer.loss().backward()
        adam.step()
        iteration += 1
        clock += time.perf_counter() - start
        if iteration % 50 == 0:
            check()
    start = time.perf_counter()
    x = peer.get()
    n = len(x)
    h = np.eye(n)
    memo = {}

    def evaluate(z):
        key = z.tobytes()
        if key not in memo:
            memo.clear()
            memo[key] = peer.value_and_gradient(z)
        return memo[key]

    f, g = evaluate(x)
    old_f = None
    clock += time.perf_counter() - start
    while clock < max_seconds:
        start = time.perf_counter()
        if iteration % 500 == 0:
            peer.set(x)
            peer.rad()
            memo.clear()
            f, g = evaluate(x)
        p = -h @ g
        alpha, _, _, f_new, _, g_new = line_search(lambda z: evaluate(z)[0],
                                                   lambda z: evaluate(z)[1], x, p, g, f, old_f,
                                                   c1=1e-4, c2=0.9, maxiter=25)
        if alpha is None:
            if np.array_equal(h, np.eye(n)):
                break
            h = np.eye(n)
            clock += time.perf_counter() - start
            continue
        x_new = x + alpha * p
        if g_new is None:
            f_new, g_new = evaluate(x_new)
        h = ssbroyden(h, x_new - x, g_new - g, g, alpha, n)
        x, old_f, f, g = x_new, f, f_new, g_new
        iteration += 1
        clock += time.perf_counter() - start
        if iteration % 50 == 0:
            peer.set(x)
            check()
    peer.set(x)
    check()
    return curve


def first_below(curve, threshold):
    """Seconds at the first record with error below threshold, else None."""
    return next((seconds for _, seconds, error in curve if error <= threshold), None)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-seconds", type=float, default=180)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json-out", help="also write both curves here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as out_dir:
        result = run_pinn(args.max_seconds, args.threads, out_dir)
        with h5py.File(result, "r") as f:
            x, t = f["solution/x"][:], f["solution/t"][:]
            u_exact = f["solution/u_exact"][:].ravel()
            h = f["history"]
            # Its records up to the same training time as the peer's.
            pinn_curve = [r for r in zip(h["iteration"][:].tolist(), h["time_s"][:].tolist(),
                                         h["rel_l2"][:].tolist()) if r[1] <= args.max_seconds]
    # Best thread count of the peer: PyTorch's own threads help little at this size.
    peer_curve = run_peer(args.threads, args.max_seconds, (x, t, u_exact))
    print(f"Burgers, configs/burgers.yaml setup, {args.threads} threads, "
          f"at most {args.max_seconds:g} s of training each\n")
    print("| relative L2 | pinn: s | PyTorch + SciPy SSBroyden: s | speedup |")
    print("|---|---|---|---|")
    for threshold in THRESHOLDS:
        a, b = first_below(pinn_curve, threshold), first_below(peer_curve, threshold)
        speedup = f"{b / a:.1f}x" if a and b else ("-" if not a else "> "
                                                   f"{args.max_seconds / a:.1f}x")
        print(f"| {threshold:.0e} | {a:.1f} |" if a else f"| {threshold:.0e} | not reached |",
              f"{b:.1f} | {speedup} |" if b else f"not reached | {speedup} |")
    for name, curve in (("pinn", pinn_curve), ("peer", peer_curve)):
        iteration, seconds, error = curve[-1]
        print(f"{name}: {iteration} iterations in {seconds:.1f} s, final relative L2 {error:.3g}")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump({"pinn": pinn_curve, "peer": peer_curve}, f)


if __name__ == "__main__":
    sys.exit(main())
