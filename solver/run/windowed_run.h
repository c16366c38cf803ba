#pragma once
// A time-marching run (training.windows): the time interval's windows trained one after
// the other, each through every phase of training.phases from the network the previous
// one ended with (its parameters, slopes included; its input box moved onto the window),
// its initial conditions matched to the previous window's network at its start
// (window_problem.h), its points drawn in its own time slab from a seed of its own. One
// result: the stitched solution on the full grid (stitched_solution.h) and its error over
// the whole interval, one history across the windows (/history/window), every window's
// network. Checkpoints hold the finished windows (window_progress.h), so a run resumes
// inside any window bit for bit.

#include "solver/io/result.h"
#include "solver/run/run.h"

namespace pinn {

// run_training for a config with window edges.
ResultData run_windowed_training(const RunConfig& config, const RunSettings& settings);

}  // namespace pinn
