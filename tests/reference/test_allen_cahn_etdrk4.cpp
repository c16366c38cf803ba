#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/reference/allen_cahn_etdrk4.h"

namespace pinn::reference {
namespace {

AllenCahnSolution solve_at_one(int modes, double dt) {
  AllenCahnProblem p;
  p.modes = modes;
  p.time_step = dt;
  p.output_times = {1.0};
  return solve_allen_cahn_etdrk4(p);
}

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(a[i] - b[i]));
  return d;
}

TEST(EtdRk4Coefficients, MatchTheirLimitsAndClosedForms) {
  const double h = 0.1;
  const std::vector<double> linear = {0.0, 1e-7, -1e-7, -3.0, -400.0, 2.0};
  const EtdRk4Coefficients c = etdrk4_coefficients(linear, h);
  for (std::size_t k = 0; k < linear.size(); ++k) {
    const double z = linear[k] * h;
    EXPECT_DOUBLE_EQ(c.e[k], std::exp(z));
    EXPECT_DOUBLE_EQ(c.e_half[k], std::exp(z / 2));
    if (std::abs(z) < 1e-6) {
      // Taylor series: q = h/2 (1 + z/4), f1 = h (1/6 + z/6), f2 = h (1/6 + z/12),
      // f3 = h (1/6 - 0 z) up to O(z^2); the direct formulas would lose every digit here.
      EXPECT_NEAR(c.q[k], h / 2 * (1 + z / 4), 1e-15);
      EXPECT_NEAR(c.f1[k], h * (1.0 / 6 + z / 6), 1e-15);
      EXPECT_NEAR(c.f2[k], h * (1.0 / 6 + z / 12), 1e-15);
      EXPECT_NEAR(c.f3[k], h / 6, 1e-15);
    } else {
      // |z| >= 0.2: the closed forms are accurate enough to compare with.
      const double ez = std::exp(z), z3 = z * z * z;
      EXPECT_NEAR(c.q[k], h * (std::exp(z / 2) - 1) / z, 1e-14);
      EXPECT_NEAR(c.f1[k], h * (-4 - z + ez * (4 - 3 * z + z * z)) / z3, 1e-13);
      EXPECT_NEAR(c.f2[k], h * (2 + z + ez * (z - 2)) / z3, 1e-13);
      EXPECT_NEAR(c.f3[k], h * (-4 - 3 * z - z * z + ez * (4 - z)) / z3, 1e-13);
    }
  }
  EXPECT_THROW(etdrk4_coefficients(linear, 0.0), std::invalid_argument);
  EXPECT_THROW(etdrk4_coefficients(linear, h, 7), std::invalid_argument);
}

TEST(AllenCahnEtdRk4, IsFourthOrderInTime) {
  const double dt = 0.02;
  const std::vector<double> reference = solve_at_one(1024, dt / 16).u;
  std::vector<double> errors;
  for (int r = 0; r < 3; ++r)
    errors.push_back(max_difference(solve_at_one(1024, dt / (1 << r)).u, reference));
  for (int r = 0; r < 2; ++r) {
    const double order = std::log2(errors[r] / errors[r + 1]);
    EXPECT_GT(order, 3.5) << "dt = " << dt / (1 << r);
    EXPECT_LT(order, 4.5) << "dt = " << dt / (1 << r);
  }
}

TEST(AllenCahnEtdRk4, ConvergesInModes) {
  // Fronts of width sqrt(2 diffusion / reaction) ~ 0.006 need ~1000 modes on [-1, 1).
  const AllenCahnSolution m256 = solve_at_one(256, 1e-3);
  const AllenCahnSolution m512 = solve_at_one(512, 1e-3);
  const AllenCahnSolution m1024 = solve_at_one(1024, 1e-3);
  const AllenCahnSolution m2048 = solve_at_one(2048, 1e-3);
  auto coarse_vs_fine = [](const AllenCahnSolution& coarse, const AllenCahnSolution& fine) {
    double d = 0.0;  // on the coarse nodes, every other fine node
    for (std::size_t i = 0; i < coarse.u.size(); ++i) {
      d = std::max(d, std::abs(coarse.u[i] - fine.u[2 * i]));
    }
    return d;
  };
  const double d256 = coarse_vs_fine(m256, m512);
  const double d512 = coarse_vs_fine(m512, m1024);
  const double d1024 = coarse_vs_fine(m1024, m2048);
  EXPECT_LT(d512, 1e-2 * d256);
  EXPECT_LT(d1024, 1e-2 * d512);
  EXPECT_LT(d1024, 1e-8);
}

TEST(AllenCahnEtdRk4, MatchesTheKnownShape) {
  AllenCahnProblem p;
  for (int j = 0; j <= 100; ++j) p.output_times.push_back(j / 100.0);
  const AllenCahnSolution s = solve_allen_cahn_etdrk4(p);
  const std::size_t nt = s.t.size(), nx = s.x.size();
  // Maximum principle: |u0| <= 1 stays so.
  double peak = 0.0;
  for (double u : s.u) peak = std::max(peak, std::abs(u));
  EXPECT_LE(peak, 1.0001);
  // Even initial data stays even: node k mirrors node nx - k.
  double asymmetry = 0.0;
  for (std::size_t i = 1; i < nx; ++i) {
    asymmetry = std::max(asymmetry, std::abs(s.u[i * nt + nt - 1] - s.u[(nx - i) * nt + nt - 1]));
  }
  EXPECT_LT(asymmetry, 1e-12);

  auto at = [&](double x) {
    AllenCahnProblem q = p;
    q.output_times = {1.0};
    q.output_x = {x};
    return solve_allen_cahn_etdrk4(q).u[0];
  };
  // u0 = x^2 cos(pi x) is small near x = 0, where the linearisation u_t = 5 u + 1e-4 u_xx holds
  // with u0 ~ x^2: u = e^(5t) (x^2 + 2e-4 t), so u(0, 1) = 2e-4 e^5 ~ 0.0297 (the cubic term
  // changes that by well under 1%). Diffusion reaches sqrt(1e-4) ~ 0.01, too little for the
  // neighbouring plateau to matter.
  EXPECT_NEAR(at(0.0), 2e-4 * std::exp(5.0), 0.01 * 2e-4 * std::exp(5.0));
  // Away from x = 0 and the sign changes of u0 at x = +-1/2, diffusion shifts u by only ~1e-4
  // and each point follows u' = 5 (u - u^3): u^2 = 1 / (1 + (1 / u0^2 - 1) e^(-10 t)), a
  // plateau near +1 where u0 > 0 (0 < |x| < 1/2) and near -1 where u0 < 0.
  auto reaction_only = [&](double x) {
    const double u0 = p.initial(x);
    return std::copysign(1.0 / std::sqrt(1.0 + (1.0 / (u0 * u0) - 1.0) * std::exp(-10.0)), u0);
  };
  for (double x : {0.25, -0.3, 0.4, 0.7, -0.85}) EXPECT_NEAR(at(x), reaction_only(x), 1e-3) << x;
  EXPECT_GT(at(-0.3), 0.99);
  EXPECT_LT(at(0.8), -0.999);
  EXPECT_NEAR(at(-1.0), -1.0, 1e-5);
  // The fronts stay at the sign changes (flat fronts of a balanced bistable reaction do not
  // move).
  EXPECT_GT(at(0.49), 0.0);
  EXPECT_LT(at(0.51), 0.0);
  EXPECT_GT(at(-0.49), 0.0);
  EXPECT_LT(at(-0.51), 0.0);
}

TEST(AllenCahnEtdRk4, KeepsSteadyStates) {
  AllenCahnProblem p;
  p.output_times = {0.5, 1.0};
  for (double level : {1.0, -1.0, 0.0}) {
    p.initial = [level](double) { return level; };
    const AllenCahnSolution s = solve_allen_cahn_etdrk4(p);
    EXPECT_LT(max_difference(s.u, std::vector<double>(s.u.size(), level)), 1e-13) << level;
  }
  // +-sqrt(a / b) for other coefficients too.
  p.reaction_linear = 2.0;
  p.reaction_cubic = 8.0;
  p.initial = [](double) { return 0.5; };
  const AllenCahnSolution s = solve_allen_cahn_etdrk4(p);
  EXPECT_LT(max_difference(s.u, std::vector<double>(s.u.size(), 0.5)), 1e-13);
}

TEST(AllenCahnEtdRk4, SolvesTheHeatEquationExactly) {
  // Without reaction the step is the exact exponential: u = e^(-D k^2 t) sin(k x).
  AllenCahnProblem p;
  p.diffusion = 0.1;
  p.reaction_linear = 0.0;
  p.reaction_cubic = 0.0;
  p.modes = 64;
  p.time_step = 0.3;
  p.output_times = {1.0};
  p.output_x = {-0.77, 0.1, 0.5};
  p.initial = [](double x) { return std::sin(3 * M_PI * x); };
  const AllenCahnSolution s = solve_allen_cahn_etdrk4(p);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    const double exact = std::exp(-0.1 * 9 * M_PI * M_PI) * std::sin(3 * M_PI * s.x[i]);
    EXPECT_NEAR(s.u[i], exact, 1e-14);
  }
}

TEST(AllenCahnEtdRk4, Interpolates) {
  AllenCahnProblem p;
  for (int j = 0; j <= 200; ++j) p.output_times.push_back(j / 200.0);
  for (int i = 0; i < 512; ++i) p.output_x.push_back(-1.0 + 2.0 * i / 511);
  const auto start = std::chrono::steady_clock::now();
  const AllenCahnSolution s = solve_allen_cahn_etdrk4(p);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The time is recorded, not asserted: it depends on the machine and its load.
  RecordProperty("seconds_default_201x512", std::to_string(seconds));
  const std::size_t nt = s.t.size();
  // u(x, 0) is the initial condition between nodes too (up to the kink of its periodic
  // extension at x = +-1, whose spectrum decays like k^-2: ~1e-5 with 1024 modes).
  double err = 0.0;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    err = std::max(err, std::abs(s.u[i * nt] - p.initial(s.x[i])));
  }
  EXPECT_LT(err, 1e-4);
  // Later the kink has decayed at u = -1, and the two ends agree (the same periodic point).
  EXPECT_LT(std::abs(s.u[nt - 1] - s.u[511 * nt + nt - 1]), 1e-12);
  EXPECT_NEAR(s.u[nt - 1], -1.0, 1e-5);
}

TEST(AllenCahnEtdRk4, RejectsBadOptions) {
  auto expect_rejected = [](const AllenCahnProblem& p, const std::string& option) {
    try {
      solve_allen_cahn_etdrk4(p);
      ADD_FAILURE() << "accepted a bad " << option;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(option), std::string::npos) << e.what();
    }
  };
  AllenCahnProblem good;
  good.output_times = {0.1};
  EXPECT_NO_THROW(solve_allen_cahn_etdrk4(good));
  AllenCahnProblem p = good;
  p.modes = 768;
  expect_rejected(p, "modes");
  p = good;
  p.time_step = std::nan("");
  expect_rejected(p, "time_step");
  p = good;
  p.output_times = {0.5, 0.2};
  expect_rejected(p, "output_times");
  p = good;
  p.diffusion = -1e-4;
  expect_rejected(p, "diffusion");
  p = good;
  p.reaction_cubic = INFINITY;
  expect_rejected(p, "reaction_cubic");
  p = good;
  p.output_x = {INFINITY};
  expect_rejected(p, "output_x");
  p = good;
  p.initial = [](double x) { return 1.0 / (x - x); };
  expect_rejected(p, "initial");

  // A step far beyond the explicit stability limit of the cubic term diverges and says so.
  p = good;
  p.initial = [](double) { return 3.0; };
  p.time_step = 2.0;
  p.output_times = {20.0};
  EXPECT_THROW(solve_allen_cahn_etdrk4(p), std::runtime_error);
}

}  // namespace
}  // namespace pinn::reference
