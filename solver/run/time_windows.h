#pragma once
// Time marching (training.windows): the time interval split into windows trained one
// after the other, each starting from the network the previous one ended with. Here: the
// windows' edges as the config gives them, which window holds a time, and the seed each
// window draws its points from.

#include <cstdint>
#include <vector>

#include "solver/config/reader.h"
#include "solver/problem/problem.h"
#include "solver/run/run_config.h"

namespace pinn {

// The window of `edges` (K + 1 increasing times) holding time t: the last k with
// edges[k] <= t, so that a time on an inner edge belongs to the later window; times
// before the first edge belong to window 0, times from the last edge on to window K - 1.
size_t window_of(const std::vector<double>& edges, double t);

// The edges of `count` equal windows of [lo, hi], both ends exact.
std::vector<double> equal_windows(double lo, double hi, int64_t count);

// The seed of window k's point sets: the run's own for window 0 (one window is the run
// without windows), a hash of it and k for the others.
int64_t window_seed(int64_t seed, size_t k);

// `domain` with its time interval cut down to window k of `edges`.
Domain window_domain(const Domain& domain, const std::vector<double>& edges, size_t k);

// Whether `term`'s points lie on the initial face t = lo of `domain` (region initial, or
// the face t_min alone): the conditions a later window replaces by matching the previous
// window's network.
bool on_initial_face(const LossTerm& term, const Domain& domain);

// training.windows: {count: K} (K equal windows) or {edges: [t_0, ..., t_K]}; the edges,
// or nothing where the key is absent. Fails at its key without a time input, for a count
// below 1, for edges that do not increase or do not start and end at the time interval's
// ends, and for what windows cannot split: terms whose points are given (files,
// observations), conditions on the final time or on the initial face and other faces at
// once, a predicate that selects no point of a window, time fed as a periodic input.
std::vector<double> read_time_windows(const config::Reader& training, const RunConfig& config,
                                      const std::vector<LossTerm>& terms);

}  // namespace pinn
