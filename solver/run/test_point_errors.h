#pragma once
// The network against a problem's test points (Problem::test_points): PINNacle's L2RE,
// ||pred - ref|| / ||ref|| with every output that has values pooled into one vector, the
// same per field, and the largest |pred - ref|. Outputs the problem fixes only up to a
// constant are compared after subtracting each side's mean over the test points.

#include <ATen/core/Tensor.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "solver/io/result.h"
#include "solver/network/mlp.h"
#include "solver/problem/problem.h"

namespace pinn {

// Throws std::invalid_argument, naming `points.source`, unless `points` fits `problem`:
// one coordinate per input for each point, outputs the problem has, each named once, one
// finite value per point each.
void check_test_points(const Problem& problem, const TestPoints& points);

struct ComparedTestPoints {
  TestPointFields fields;
  double rel_l2 = 0;               // pooled over the outputs with values (derived fields left out)
  double max_abs_error = 0;        // over the same
  std::vector<FieldError> errors;  // per field of `fields`
};

// `predicted` (one vector per network output, values at the points) against `points`.
// Derived fields are compared too where every output has values.
ComparedTestPoints compare_test_points(const Problem& problem, const TestPoints& points,
                                       std::vector<std::vector<double>> predicted);

// The test points of a run, held as a tensor in the run's dtype and device.
class TestPointSet {
 public:
  // The problem's test points, checked, or null where it has none. Says on `log` how many
  // there are, how many rows of the file held NaN, and how many lie outside the domain.
  static std::unique_ptr<TestPointSet> load(const Problem& problem,
                                            const at::TensorOptions& options, std::FILE* log);

  const TestPoints& points() const { return points_; }
  // The pooled L2RE of `net` now: the history's error.
  double rel_l2(Mlp& net) const;
  ComparedTestPoints compare(Mlp& net) const;
  // compare(net) into the result: its /test_points and the test metrics.
  void record(Mlp& net, ResultData& result) const;

 private:
  TestPointSet(const Problem& problem, TestPoints points, const at::TensorOptions& options);

  const Problem& problem_;
  TestPoints points_;
  at::Tensor tensor_;
};

}  // namespace pinn
