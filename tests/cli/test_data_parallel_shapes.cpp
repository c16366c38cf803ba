// Data-parallel training on domains that are not boxes: two processes end within 1e-10
// of one in float64 on a domain with holes, and with a condition that reads the normals
// redrawn by RAD while training.

#include <gtest/gtest.h>

#include "solver/io/result.h"
#include "tests/cli/cli_support.h"
#include "tests/cli/result_differences.h"

namespace {

using namespace pinn::cli_testing;

// Poisson on a square less two disks: u given on the square's sides, a Robin condition
// reading the normals on the rims. 501, 21 and 31 points do not split evenly in two.
const std::string kHoles = R"yaml(problem:
  name: holes
  inputs: [x, y]
  domain:
    difference:
      - rectangle: {from: [-1, -1], to: [1, 1], name: square}
      - disk: {center: [-0.4, 0.3], radius: 0.25}
      - disk: {center: [0.4, -0.3], radius: 0.35}
  equations: [laplacian(u) + 2]
  conditions:
    sides: {on: square, equation: u - x*y}
    rims: {on: [disk1, disk2], equation: u_n + u - 1}
network: {hidden: [16, 16]}
sampling: {residual: {points: 501}, sides: {points: 21}, rims: {points: 31}}
training: {dtype: float64, threads: 1, log_every: 10, phases: [{optimizer: adam, iterations: 30,
           lr: 0.005}, {optimizer: lbfgs, iterations: 20}]}
output: {grid: {x: 21, y: 21}}
)yaml";

// A Neumann condition on a circle, its points redrawn by RAD every 10 iterations (and the
// residual's too) through Adam and SSBroyden.
const std::string kDiskFlux = R"yaml(problem:
  name: disk_flux
  inputs: [x, y]
  domain:
    disk: {center: [0.3, -0.2], radius: 0.8, name: rim}
  equations: [laplacian(u) - u + x]
  conditions:
    flux: {on: rim, equation: u_n - x*y}
network: {hidden: [16, 16]}
sampling:
  residual: {points: 301, resample: {every: 10, method: rad, candidates: 2000}}
  flux: {points: 41, resample: {every: 10, method: rad, candidates: 400}}
training: {dtype: float64, threads: 1, log_every: 5, phases: [{optimizer: adam, iterations: 20,
           lr: 0.005}, {optimizer: ssbroyden, iterations: 20}]}
output: {grid: {x: 21, y: 21}}
)yaml";

// Trains `yaml` in one process and in two; both must finish.
void train_one_and_two(const std::string& yaml, const std::string& one, const std::string& two) {
  const auto r1 = run("train " + yaml + " output.file=" + one);
  ASSERT_EQ(r1.code, 0) << r1.output;
  const auto r2 = run("train " + yaml + " output.file=" + two + " --nproc 2");
  ASSERT_EQ(r2.code, 0) << r2.output;
}

TEST_F(Scratch, TwoProcessesMatchOneOnADomainWithHoles) {
  train_one_and_two(write("holes.yaml", kHoles), file("one.h5"), file("two.h5"));
  const auto whole = pinn::read_result(file("one.h5"));
  EXPECT_EQ(pinn::read_result(file("two.h5")).processes, 2);
  EXPECT_LT(whole.history.loss.back(), whole.history.loss.front() / 10);  // it trained
  EXPECT_LE(parameter_difference(file("one.h5"), file("two.h5")), 1e-10);
  EXPECT_LE(loss_difference(file("one.h5"), file("two.h5")), 1e-10);
}

TEST_F(Scratch, TwoProcessesMatchOneWithNormalsRedrawnByRad) {
  train_one_and_two(write("flux.yaml", kDiskFlux), file("one.h5"), file("two.h5"));
  const auto split = pinn::read_result(file("two.h5"));
  EXPECT_EQ(split.processes, 2);
  EXPECT_EQ(split.training.resampled_at, (std::vector<int64_t>{10, 20, 30}));
  EXPECT_EQ(split.history.phase.back(), "ssbroyden");
  EXPECT_LE(parameter_difference(file("one.h5"), file("two.h5")), 1e-10);
  EXPECT_LE(loss_difference(file("one.h5"), file("two.h5")), 1e-10);
}

}  // namespace
