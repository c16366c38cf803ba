#pragma once
// Pieces of a run's result that the run with time windows (windowed_run.h) shares with
// the plain one (run.h).

#include <cstdio>
#include <optional>
#include <vector>

#include "solver/io/result.h"
#include "solver/network/mlp.h"
#include "solver/problem/problem.h"
#include "solver/run/evaluation_grid.h"
#include "solver/run/run.h"

namespace pinn {

// The problem's reference on `grid`, saying on `log` what is computed and how long it took.
std::optional<OutputGrids> computed_reference(const Problem& problem, const EvaluationGrid& grid,
                                              std::FILE* log);

// The result's description of the run and how training ended (no solution yet).
ResultData describe_run(const RunConfig& config, const RunSettings& settings,
                        const TrainingOutcome& outcome);

// The network's parameters by LibTorch name, in float64.
std::vector<NamedArray> parameter_arrays(const Mlp& net);

// The trained values of the network's unknowns, with their truth where the observations
// were made from the problem's own values (NaN otherwise).
std::vector<IdentifiedCoefficient> identified_unknowns(const RunConfig& config, const Mlp& net);

// Writes the result and its XDMF files; removes the checkpoint when training completed.
void write_run_files(const RunConfig& config, const ResultData& result, TrainingStatus status);

}  // namespace pinn
