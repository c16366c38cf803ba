#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "solver/reference/kuramoto_sivashinsky_etdrk4.h"

namespace pinn::reference {
namespace {

// PINNacle's KS task (the defaults) at t = 1 on the solver's nodes.
KuramotoSivashinskySolution solve_at_one(int modes, double dt) {
  KuramotoSivashinskyProblem p;
  p.modes = modes;
  p.time_step = dt;
  p.output_times = {1.0};
  return solve_kuramoto_sivashinsky_etdrk4(p);
}

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(a[i] - b[i]));
  return d;
}

TEST(KuramotoSivashinskyEtdRk4, IsFourthOrderInTime) {
  // By t = 1 (t = 100 in Kassam & Trefethen's units) the flow is chaotic and amplifies every
  // error about a thousandfold; steps from 5e-4 down are in the asymptotic range (orders 3.7,
  // 3.85, 3.96 for each halving from 5e-4), larger ones are not yet.
  const int modes = 128;
  const double dt = 5e-4;
  const std::vector<double> reference = solve_at_one(modes, dt / 16).u;
  std::vector<double> errors;
  for (int r = 0; r < 3; ++r)
    errors.push_back(max_difference(solve_at_one(modes, dt / (1 << r)).u, reference));
  for (int r = 0; r < 2; ++r) {
    const double order = std::log2(errors[r] / errors[r + 1]);
    EXPECT_GT(order, 3.5) << "dt = " << dt / (1 << r) << ", errors " << errors[r] << ", "
                          << errors[r + 1];
    EXPECT_LT(order, 4.5) << "dt = " << dt / (1 << r);
  }
  // Far above rounding, so the orders measure the scheme.
  EXPECT_GT(errors[2], 1e-8);
}

TEST(KuramotoSivashinskyEtdRk4, ConvergesSpectrallyInModes) {
  // The same step throughout, so that the differences are the spatial error alone; with the
  // 2/3 rule 2^p modes resolve wavenumbers up to 2^p / 3.
  const double dt = 2e-4;
  const KuramotoSivashinskySolution m128 = solve_at_one(128, dt);
  const KuramotoSivashinskySolution m256 = solve_at_one(256, dt);
  const KuramotoSivashinskySolution m512 = solve_at_one(512, dt);
  auto coarse_vs_fine = [](const KuramotoSivashinskySolution& coarse,
                           const KuramotoSivashinskySolution& fine) {
    double d = 0.0;  // on the coarse nodes, every other fine node
    for (std::size_t i = 0; i < coarse.u.size(); ++i) {
      d = std::max(d, std::abs(coarse.u[i] - fine.u[2 * i]));
    }
    return d;
  };
  const double d128 = coarse_vs_fine(m128, m256);
  const double d256 = coarse_vs_fine(m256, m512);
  for (const auto& [name, d] : {std::pair{"max_diff_128_256", d128}, {"max_diff_256_512", d256}}) {
    std::ostringstream text;
    text << std::scientific << d;
    RecordProperty(name, text.str());
  }
  // Each doubling gains several digits (exponential convergence), down to rounding amplified
  // by the chaotic flow.
  EXPECT_LT(d256, 1e-4 * d128) << d128 << " " << d256;
  EXPECT_LT(d256, 1e-5);
}

TEST(KuramotoSivashinskyEtdRk4, ConservesTheMean) {
  // u_t = -(alpha u^2 / 2 + beta u_x + gamma u_xxx)_x: the mean of u never changes. u0 has
  // mean 0; shifted by 0.3 it has mean 0.3.
  for (bool dealias : {true, false}) {
    KuramotoSivashinskyProblem p;
    p.modes = 256;
    p.time_step = 1e-3;
    p.dealias = dealias;
    p.initial = [](double x) { return 0.3 + std::cos(x) * (1.0 + std::sin(x)); };
    for (int j = 0; j <= 10; ++j) p.output_times.push_back(j / 10.0);
    const KuramotoSivashinskySolution s = solve_kuramoto_sivashinsky_etdrk4(p);
    const std::size_t nt = s.t.size();
    for (std::size_t j = 0; j < nt; ++j) {
      double mean = 0.0, peak = 0.0;
      for (std::size_t i = 0; i < s.x.size(); ++i) {
        mean += s.u[i * nt + j];
        peak = std::max(peak, std::abs(s.u[i * nt + j]));
      }
      mean /= static_cast<double>(s.x.size());
      EXPECT_NEAR(mean, 0.3, 1e-13) << "t = " << s.t[j] << ", dealias " << dealias;
      EXPECT_GT(peak, 0.5);  // not a decayed, trivially conserving solution
    }
  }
}

TEST(KuramotoSivashinskyEtdRk4, SolvesTheLinearEquationExactly) {
  // alpha = 0: each mode evolves alone, u = sum_k a_k e^((beta k^2 - gamma k^4) t) cos(k x +
  // phi_k), the exponential the scheme applies exactly, whatever the step. The band
  // 0 < k < 16 is unstable (rates up to 25 at k = 11), so rounding in the modes u0 lacks grows
  // too: the times are kept short enough for it to stay near 1e-13.
  KuramotoSivashinskyProblem p;
  p.alpha = 0.0;
  p.modes = 64;
  p.time_step = 0.07;  // 0.1 and 0.2 are no whole number of steps: 2 steps of 0.05 each
  p.output_times = {0.1, 0.2};
  p.output_x = {0.0, 0.77, 2.5, 6.0};
  p.initial = [](double x) { return std::cos(3 * x) + 0.5 * std::sin(5 * x); };
  const KuramotoSivashinskySolution s = solve_kuramoto_sivashinsky_etdrk4(p);
  auto rate = [&](double k) { return p.beta * k * k - p.gamma * k * k * k * k; };
  const std::size_t nt = s.t.size();
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    for (std::size_t j = 0; j < nt; ++j) {
      const double t = s.t[j], x = s.x[i];
      const double exact =
          std::exp(rate(3) * t) * std::cos(3 * x) + 0.5 * std::exp(rate(5) * t) * std::sin(5 * x);
      EXPECT_NEAR(s.u[i * nt + j], exact, 1e-12) << x << " " << t;
    }
  }
  // The mode grew: the comparison is not of two near-zero numbers.
  EXPECT_GT(std::abs(s.u[nt + 1]), 2.0);
  // A mode beyond the band of instability (beta k^2 < gamma k^4 for k > 16) decays.
  p.initial = [](double x) { return std::cos(20 * x); };
  p.output_x = {0.1};
  p.output_times = {0.05};
  const double decayed = solve_kuramoto_sivashinsky_etdrk4(p).u[0];
  EXPECT_NEAR(decayed, std::exp(rate(20) * 0.05) * std::cos(2.0), 1e-14);
  EXPECT_LT(std::abs(decayed), 0.01);
}

TEST(KuramotoSivashinskyEtdRk4, IsGalileanInvariant) {
  // If u solves the equation, so does u(x - alpha c t, t) + c: a check of the nonlinear term
  // against a closed form. The dealiased scheme commutes with translations by any amount, so
  // the two solves differ by their time-stepping errors only.
  const double c = 0.2;
  KuramotoSivashinskyProblem p;
  p.modes = 256;
  p.time_step = 2.5e-5;  // time-stepping errors near 1e-9 at t = 0.5
  p.output_times = {0.25, 0.5};
  for (int i = 0; i < 16; ++i) p.output_x.push_back(0.4 * i);
  const KuramotoSivashinskySolution base = solve_kuramoto_sivashinsky_etdrk4(p);
  KuramotoSivashinskyProblem shifted = p;
  shifted.initial = [&p, c](double x) { return p.initial(x) + c; };
  const std::size_t nt = p.output_times.size();
  for (std::size_t j = 0; j < nt; ++j) {
    KuramotoSivashinskyProblem q = shifted;
    q.output_times = {p.output_times[j]};
    q.output_x.clear();
    for (double x : p.output_x) q.output_x.push_back(x + p.alpha * c * p.output_times[j]);
    const KuramotoSivashinskySolution moved = solve_kuramoto_sivashinsky_etdrk4(q);
    for (std::size_t i = 0; i < p.output_x.size(); ++i) {
      EXPECT_NEAR(moved.u[i], base.u[i * nt + j] + c, 1e-8)
          << p.output_x[i] << " " << q.output_times[0];
    }
  }
}

TEST(KuramotoSivashinskyEtdRk4, RejectsBadOptions) {
  auto expect_rejected = [](const KuramotoSivashinskyProblem& p, const std::string& option) {
    try {
      solve_kuramoto_sivashinsky_etdrk4(p);
      ADD_FAILURE() << "accepted a bad " << option;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(option), std::string::npos) << e.what();
    }
  };
  KuramotoSivashinskyProblem good;
  good.modes = 64;
  good.output_times = {0.01};
  EXPECT_NO_THROW(solve_kuramoto_sivashinsky_etdrk4(good));
  KuramotoSivashinskyProblem p = good;
  p.modes = 96;
  expect_rejected(p, "modes");
  p = good;
  p.time_step = -1e-3;
  expect_rejected(p, "time_step");
  p = good;
  p.output_times = {};
  expect_rejected(p, "output_times");
  p = good;
  p.alpha = std::nan("");
  expect_rejected(p, "alpha");
  p = good;
  p.gamma = -1.0;
  expect_rejected(p, "gamma");
  p = good;
  p.gamma = 0.0;  // beta > 0 without fourth-order damping: backward heat
  expect_rejected(p, "gamma");
  p = good;
  p.x_max = p.x_min;
  expect_rejected(p, "x_max");
  p = good;
  p.output_x = {NAN};
  expect_rejected(p, "output_x");
  p = good;
  p.initial = [](double x) { return std::log(x - 1.0); };
  expect_rejected(p, "initial");

  // A step far beyond the stability limit of the nonlinear term diverges and says so.
  p = good;
  p.initial = [](double x) { return 50.0 * std::sin(x); };
  p.time_step = 0.5;
  p.output_times = {10.0};
  EXPECT_THROW(solve_kuramoto_sivashinsky_etdrk4(p), std::runtime_error);
}

}  // namespace
}  // namespace pinn::reference
