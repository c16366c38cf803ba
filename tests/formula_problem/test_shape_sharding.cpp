// A shape's normals ride with their points as a term's data: each process of a
// data-parallel run holds the normals of its own share of the points, before and after
// the points are redrawn.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "solver/run/point_sets.h"
#include "solver/run/resampler.h"
#include "solver/run/run.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

// A Neumann condition on a circle off the origin (its normal is not x / r), over time (the
// normal's time component is 0), redrawn by RAD every 10 iterations; 41 points do not split
// evenly in two.
const std::string kDiskOverTime = R"yaml(problem:
  name: disk_flux
  inputs: [x, y, t]
  time: {t: [0, 1]}
  domain:
    disk: {center: [0.3, -0.2], radius: 0.8, name: rim}
  equations: [u_t - laplacian(u)]
  conditions:
    start: {on: initial, equation: u}
    flux: {on: rim, equation: u_n - x*exp(-t)}
network: {hidden: [8]}
sampling:
  residual: {points: 100}
  start: {points: 20}
  flux: {points: 41, resample: {every: 10, method: rad, candidates: 300}}
training: {threads: 1, dtype: float64, phases: [{optimizer: adam, iterations: 20}]}
)yaml";

// The flux term's points and normals in `loss`: the rows of `whole` (the whole set) this
// process holds, each with the circle's outward normal at it.
void expect_normals_of_share(const Loss& loss, const std::vector<double>& whole,
                             const Shard& shard) {
  const auto& batch = loss.batches().at(2);
  ASSERT_EQ(batch.term.name, "flux");
  ASSERT_TRUE(batch.data.defined());
  const auto points = batch.points.contiguous();
  const auto normals = batch.data.contiguous();
  const auto rows = points.size(0);
  ASSERT_EQ(normals.sizes(), points.sizes());
  EXPECT_EQ(batch.total_points, 41);
  EXPECT_EQ(rows, 41 * (shard.rank + 1) / 2 - 41 * shard.rank / 2);
  const auto share = share_of(whole, 3, shard);
  ASSERT_EQ(share.size(), size_t(rows * 3));
  const auto* p = points.data_ptr<double>();
  const auto* n = normals.data_ptr<double>();
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t a = 0; a < 3; ++a) EXPECT_EQ(p[3 * i + a], share[size_t(3 * i + a)]);
    const double dx = p[3 * i] - 0.3, dy = p[3 * i + 1] + 0.2;
    EXPECT_NEAR(std::hypot(dx, dy), 0.8, 1e-12);
    EXPECT_NEAR(n[3 * i], dx / 0.8, 1e-12);
    EXPECT_NEAR(n[3 * i + 1], dy / 0.8, 1e-12);
    EXPECT_EQ(n[3 * i + 2], 0.0);
  }
}

TEST(ShapeSharding, EachProcessHoldsTheNormalsOfItsPointsBeforeAndAfterResampling) {
  const auto config = testing::parse_config(kDiskOverTime);
  const auto term = config.problem->loss_terms().at(2);
  const auto first = draw_term_points(config, term, 2);
  std::vector<double> redrawn;
  for (const int64_t rank : {0, 1}) {
    const Shard shard{rank, 2};
    auto setup = prepare_training(config, shard);
    expect_normals_of_share(setup.loss, first, shard);
    const auto resampler = TermResampler::create(config, setup.loss, shard);
    ASSERT_TRUE(resampler);
    resampler->resample(10);
    const auto state = resampler->state();
    ASSERT_EQ(state.sets.size(), 1u);
    const auto& whole = state.sets[0].points;
    EXPECT_NE(whole, first);
    // Both processes draw the same whole set and keep their own share of it.
    if (rank == 0) redrawn = whole;
    EXPECT_EQ(whole, redrawn);
    expect_normals_of_share(setup.loss, whole, shard);
  }
}

}  // namespace
}  // namespace pinn
