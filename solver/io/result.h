#pragma once
// Everything a training run writes to its HDF5 result file. The layout is a
// public contract (README, "HDF5 result"):
//
//   /                attributes problem, config, seed, dtype, device, derivatives,
//                    version, wall_time_s, status, message, threads, processes,
//                    communication_s, libraries, rollbacks, setup_s
//   /history/        iteration, phase, time_s, loss, loss_<term>, rel_l2; weight_<term>
//                    with training.balance, causal_min_weight and causal_epsilon with
//                    training.causal
//   /activations/    slopes_<k>: (records x neurons) effective slope n*a
//   /solution/       <input> axes; every field on their tensor grid: a lone u as u,
//                    u_exact, abs_error; with several fields each F as F, F_exact,
//                    F_abs_error; attributes axes, outputs (network outputs, then
//                    derived fields), derived, up_to_constant; points, the coordinates
//                    the XDMF files place nodes by (xdmf.h): for 2 or 3 inputs (grid
//                    shape x inputs), above 3 only the shown section's (n_a x n_b x n_c x 3);
//                    for a domain with a shape inside (uint8, grid shape: 1 inside or on the
//                    boundary; the fields are NaN elsewhere), cells, space_time_cells and
//                    line_points, what the XDMF files' meshes read (xdmf_cells.h)
//   /metrics         attributes rel_l2, max_abs_error (over the network outputs and the
//                    nodes inside),
//                    rel_l2_<F>, max_abs_error_<F> per field with a reference, final_loss,
//                    iterations, a profile metric (max_centreline_error) per problem
//                    that has published profiles, and per unknown coefficient
//                    unknown_<name> (and, where the truth is known, unknown_<name>_true
//                    and unknown_<name>_error)
//   /profiles/<name>/ points, reference, prediction (published points and values, the
//                    network there), line_points, line_prediction (the network along
//                    the whole line); attributes output, axis, source, max_abs_error
//   /observations/   points (N x inputs), values (N): what identified the unknowns
//   /test_points/    where the problem gives reference values at scattered points:
//                    points (N x inputs), per field F with values F, F_exact,
//                    F_abs_error; attributes axes, source, skipped_rows, outputs,
//                    up_to_constant (see test_points_file.h); their errors in /metrics
//                    (test_rel_l2, test_max_abs_error, test_rel_l2_<F>, ...)
//   /geometry/       for a domain with a shape: interior_points (N x d), boundary_points,
//                    boundary_normals (M x d), boundary_part (M); attributes inputs,
//                    parts, description (see geometry_file.h)
//   /network/        the trained parameters by LibTorch name (hidden_0.weight, slope_0, ...);
//                    attributes describing the network (NetworkDescription); with time
//                    windows the last window's, window_edges, and window_<k>/ per window
//                    (windows_file.h)
//   /training/       phase_optimizer, phase_settings (flow YAML), phase_start (the
//                    iteration each phase began at, -1 if never reached), resampled_at;
//                    term_weights and causal_weights where those weights were on

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "solver/training/history.h"

namespace pinn {

// One field on the solution grid: a network output or a field derived from them.
struct FieldGrid {
  std::string name;
  std::vector<double> values;     // tensor grid, first axis slowest
  std::vector<double> exact;      // empty when no reference exists
  std::vector<double> abs_error;  // empty when no reference exists
};

struct SolutionGrid {
  std::vector<std::string> inputs;        // axis names, in problem order
  std::vector<std::vector<double>> axes;  // one 1-D axis per input
  std::vector<FieldGrid> fields;          // network outputs in order, then derived fields
  std::vector<std::string> derived;       // names of the derived fields
  // Outputs compared after subtracting each grid's mean; their `exact` is shifted
  // to the network's mean.
  std::vector<std::string> up_to_constant;
  // On a domain with a shape, one flag per node (1 inside the shape or on its boundary):
  // the fields hold NaN at the others, which no error counts. Empty for a box domain.
  std::vector<uint8_t> inside;

  std::vector<uint64_t> shape() const;
  bool masked() const { return !inside.empty(); }
  size_t nodes() const;  // grid nodes
  // The field named `name`; throws std::out_of_range naming the fields.
  const FieldGrid& field(const std::string& name) const;
  // HDF5 dataset names of field i's values, exact values and errors: today's u,
  // u_exact, abs_error for a lone field, F, F_exact, F_abs_error otherwise.
  std::string exact_dataset(size_t i) const;
  std::string error_dataset(size_t i) const;
};

// The network at a problem's test points (the rows of a reference file), against the
// values given there.
struct TestPointFields {
  std::string source;               // the file the points came from
  std::vector<std::string> inputs;  // problem order
  std::vector<double> points;       // N x inputs, row-major, in the file's order
  int64_t skipped_rows = 0;         // rows of the file holding NaN, left out
  // Each field with values at the points (outputs in problem order, then derived fields
  // where every output has values): `values` the network, `exact` and `abs_error` there.
  std::vector<FieldGrid> fields;
  std::vector<std::string> up_to_constant;  // compared without their means over the points

  size_t count() const { return inputs.empty() ? 0 : points.size() / inputs.size(); }
};

// A sample of a domain's shape (a domain that is not a box), for figures: points of the
// interior, and of the boundary with the outward normals and parts there.
struct GeometrySample {
  std::vector<std::string> inputs;       // the spatial inputs, in problem order: the columns
  std::vector<std::string> parts;        // the boundary parts' names (Geometry::parts)
  std::vector<std::string> description;  // one line per shape (Geometry::description)
  std::vector<double> interior;          // N x inputs, row-major
  std::vector<double> boundary;          // M x inputs
  std::vector<double> normals;           // M x inputs: the outward unit normal at each
  std::vector<int64_t> part;             // M: the index into `parts` of each

  bool empty() const { return inputs.empty(); }
};

// Errors of one field against its reference.
struct FieldError {
  std::string name;
  double rel_l2 = 0;
  double max_abs_error = 0;
};

// The network against a published profile (a benchmark's table).
struct ProfileComparison {
  std::string name, output, axis, source, metric;
  std::vector<double> points;  // published points, N x inputs
  std::vector<double> reference, prediction;
  std::vector<double> line_points;  // M x inputs along the whole line
  std::vector<double> line_prediction;
  double max_abs_error = 0;
};

// A coefficient identified from observations.
struct IdentifiedCoefficient {
  std::string name;
  double value = 0;
  double truth = 0;               // NaN where unknown (observations read from a file)
  double relative_error() const;  // |value - truth| / |truth| (absolute where truth is 0)
};

struct Metrics {
  // Over every network output: sqrt(sum_F ||F - F_exact||^2 / sum_F ||F_exact||^2);
  // NaN when no reference exists.
  double rel_l2 = 0;
  double max_abs_error = 0;  // NaN when no reference exists
  double final_loss = 0;
  int64_t iterations = 0;
  std::vector<IdentifiedCoefficient> unknowns;
  std::vector<FieldError> fields;  // per field with a reference
  // The largest profile error per metric name (max_centreline_error).
  std::vector<std::pair<std::string, double>> profile_errors;
  // At the test points, where the problem has them (test_point_count > 0): PINNacle's
  // L2RE, ||pred - ref|| / ||ref|| over every output with values pooled into one vector,
  // the largest |pred - ref| over them, and both per field.
  int64_t test_point_count = 0;
  double test_rel_l2 = std::numeric_limits<double>::quiet_NaN();
  double test_max_abs_error = std::numeric_limits<double>::quiet_NaN();
  std::vector<FieldError> test_fields;

  // The error a run is judged by (history, studies): at the test points where there are
  // some, else on the grid.
  double judged_rel_l2() const { return test_point_count > 0 ? test_rel_l2 : rel_l2; }
};

// An array of doubles with its shape and name.
struct NamedArray {
  std::string name;
  std::vector<uint64_t> shape;
  std::vector<double> values;
};

// What it takes, besides the parameters, to evaluate the trained network anywhere:
// written as the attributes of /network.
struct NetworkDescription {
  std::vector<std::string> inputs;         // problem order
  std::vector<std::string> outputs;        // network outputs (derived fields excluded)
  std::vector<double> input_lo, input_hi;  // the box mapped onto [-1, 1]
  std::vector<int64_t> hidden;             // widths of the hidden layers
  std::string activation;
  std::string mode;                         // fixed | global | layer | neuron
  double scale = 1;                         // n of sigma(n a z)
  std::vector<std::string> periodic;        // inputs fed as cos/sin features
  int64_t fourier_features = 0;             // m of cos(B x'), sin(B x'); 0: none
  double fourier_scale = 0;                 // sigma of B's draw (B itself: /network)
  std::vector<std::string> fourier_inputs;  // the inputs B reads
  bool factorized = false;                  // weights W = diag(exp(log_scale)) weight
  // The output transform's spec (formula_problem/output_transform.h), "" without one.
  std::string transform;

  bool empty() const { return inputs.empty(); }  // files written before it existed
};

// One window of a time-marching run (training.windows): its network and its training.
struct WindowNetwork {
  std::vector<double> input_lo, input_hi;  // its input box: time over the window
  std::vector<NamedArray> parameters;      // as /network's
  int64_t first_iteration = 0;             // where it began, in the history's count
  int64_t iterations = 0;
  double final_loss = 0;
};

// How training went through its phases, and when it redrew point sets.
struct TrainingLog {
  std::vector<std::string> phase_optimizer;
  std::vector<std::string> phase_settings;
  std::vector<int64_t> phase_start;
  std::vector<int64_t> resampled_at;
  // The loss weights at the end (training.balance's grad_norm and ntk factors per problem
  // term, training.causal's per time bin); empty when off.
  std::vector<double> term_weights;
  std::vector<double> causal_weights;
};

struct ResultData {
  std::string problem;
  std::string config;  // the resolved YAML
  int64_t seed = 0;
  std::string dtype;
  std::string device;
  std::string derivatives;  // the engine that computed input derivatives: autograd | taylor
  std::string version;
  int64_t threads = 1;    // per process
  int64_t processes = 1;  // of a data-parallel run
  // Seconds the writing process spent summing losses and gradients with the others
  // (waiting for them included) since the run started or was last resumed; 0 for
  // one process.
  double communication_s = 0;
  double wall_time_s = 0;  // training, from its first iteration (all sessions of a resumed run)
  // Seconds before the first iteration in the session that wrote the file: sampling,
  // building the network, the reference solution.
  double setup_s = 0;
  std::string status;     // completed | interrupted | diverged
  std::string message;    // why training stopped early, and any rollbacks; empty otherwise
  std::string libraries;  // versions of LibTorch, HDF5, yaml-cpp and Eigen it ran with
  int64_t rollbacks = 0;  // returns to a checkpoint after divergence
  History history;
  SolutionGrid solution;
  Metrics metrics;
  std::vector<ProfileComparison> profiles;
  TestPointFields test_points;         // empty (count 0) where the problem has none
  GeometrySample geometry;             // empty for a box domain
  std::vector<NamedArray> parameters;  // the network's, in float64
  NetworkDescription network;
  std::vector<double> observation_points;  // N x inputs, row-major; empty without observations
  std::vector<double> observation_values;
  TrainingLog training;
  // Time marching: the windows' edges in time (K + 1) and each window begun; empty for a
  // run without windows. /network then holds the last window's network.
  std::vector<double> window_edges;
  std::string window_time;  // the time input the windows split
  std::vector<WindowNetwork> windows;
};

// Writes `result` to `path` atomically: a temporary file beside it, renamed
// over the target once complete, so an existing file is never left half-written.
void write_result(const std::string& path, const ResultData& result);

// Reads a result file written by write_result (for tools and tests).
ResultData read_result(const std::string& path);

}  // namespace pinn
