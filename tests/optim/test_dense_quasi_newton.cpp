// The dense quasi-Newton minimiser on problems with known minima: a convex
// quadratic (about P iterations), Rosenbrock (to 1e-10), for each update; the
// secant equation after every update; a saved and restored state continuing bit
// for bit; and the guards (converged gradient, a direction that cannot descend).

#include <gtest/gtest.h>

#include <cmath>

#include "solver/optim/dense_quasi_newton.h"

namespace pinn::optim {
namespace {

const std::vector<QuasiNewtonUpdate> kUpdates = {QuasiNewtonUpdate::Bfgs, QuasiNewtonUpdate::SsBfgs,
                                                 QuasiNewtonUpdate::SsBroyden};

struct Quadratic {
  Eigen::MatrixXd a;
  Eigen::VectorXd b;
  Eigen::VectorXd minimizer() const { return a.ldlt().solve(b); }
  Objective objective(int* calls = nullptr) const {
    return [this, calls](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
      if (calls) ++*calls;
      g = a * x - b;
      return 0.5 * x.dot(a * x) - b.dot(x);
    };
  }
};

// SPD with eigenvalues spread over [1, 100].
Quadratic make_quadratic(Eigen::Index n) {
  std::srand(7);
  const Eigen::MatrixXd q = Eigen::MatrixXd::Random(n, n).householderQr().householderQ();
  Eigen::VectorXd eigenvalues(n);
  for (Eigen::Index i = 0; i < n; ++i) eigenvalues(i) = std::pow(100.0, double(i) / double(n - 1));
  return {q * eigenvalues.asDiagonal() * q.transpose(), Eigen::VectorXd::Random(n)};
}

// Extended Rosenbrock: sum over pairs of 100 (x2 - x1^2)^2 + (1 - x1)^2; minimum at 1.
double rosenbrock(const Eigen::VectorXd& x, Eigen::VectorXd& g) {
  double f = 0;
  g.setZero(x.size());
  for (Eigen::Index i = 0; i + 1 < x.size(); i += 2) {
    const double t = x(i + 1) - x(i) * x(i), u = 1 - x(i);
    f += 100 * t * t + u * u;
    g(i) = -400 * t * x(i) - 2 * u;
    g(i + 1) = 200 * t;
  }
  return f;
}

DenseQuasiNewton make(Eigen::Index n, QuasiNewtonUpdate update, double tolerance = 0) {
  DenseQuasiNewtonOptions o;
  o.update = update;
  o.tolerance_grad = tolerance;
  return DenseQuasiNewton(n, o);
}

void start_at(DenseQuasiNewton& qn, const Objective& f, const Eigen::VectorXd& x) {
  Eigen::VectorXd g;
  const double v = f(x, g);
  qn.start(x, v, g);
}

// Condition number 100, from x = 0, a line search with c2 = 0.9: bfgs takes 32
// iterations, ssbfgs 48 and ssbroyden 37 for P = 30.
TEST(DenseQuasiNewton, ConvexQuadraticInAboutPIterations) {
  const Eigen::Index n = 30;
  const auto q = make_quadratic(n);
  for (const auto update : kUpdates) {
    SCOPED_TRACE(to_string(update));
    // Values near the minimum agree to rounding below about this gradient.
    auto qn = make(n, update, 1e-7);
    start_at(qn, q.objective(), Eigen::VectorXd::Zero(n));
    int iterations = 0;
    while (iterations < 10 * n) {
      const auto r = qn.iterate(q.objective());
      if (r.outcome == IterationReport::Outcome::Converged) break;
      ASSERT_EQ(r.outcome, IterationReport::Outcome::Moved) << r.note;
      ++iterations;
    }
    EXPECT_LE(iterations, 2 * n);
    EXPECT_LT((qn.state().x - q.minimizer()).norm(), 1e-6);
  }
}

TEST(DenseQuasiNewton, RosenbrockToOneInTenBillion) {
  const Objective f = rosenbrock;
  for (const auto update : kUpdates) {
    SCOPED_TRACE(to_string(update));
    for (const Eigen::Index n : {2, 10}) {
      auto qn = make(n, update, 1e-13);
      Eigen::VectorXd x0(n);
      for (Eigen::Index i = 0; i < n; ++i) x0(i) = i % 2 == 0 ? -1.2 : 1.0;
      start_at(qn, f, x0);
      int iterations = 0;
      for (; iterations < 2000; ++iterations) {
        const auto r = qn.iterate(f);
        if (r.outcome != IterationReport::Outcome::Moved) break;
      }
      EXPECT_LT((qn.state().x - Eigen::VectorXd::Ones(n)).lpNorm<Eigen::Infinity>(), 1e-10)
          << n << " parameters, " << iterations << " iterations";
      EXPECT_LT(qn.state().value, 1e-20);
    }
  }
}

TEST(DenseQuasiNewton, EveryUpdateSatisfiesTheSecantEquation) {
  const Eigen::Index n = 12;
  const auto q = make_quadratic(n);
  for (const auto update : kUpdates) {
    auto qn = make(n, update);
    start_at(qn, q.objective(), Eigen::VectorXd::Constant(n, 0.5));
    for (int i = 0; i < 5; ++i) {
      const Eigen::VectorXd x = qn.state().x, g = qn.state().gradient;
      const auto r = qn.iterate(q.objective());
      ASSERT_EQ(r.outcome, IterationReport::Outcome::Moved);
      ASSERT_FALSE(r.update_skipped || r.reset) << r.note;
      const Eigen::VectorXd s = qn.state().x - x, y = qn.state().gradient - g;
      const auto& h = qn.inverse_hessian().matrix();
      EXPECT_LT((h * y - s).norm(), 1e-10 * s.norm()) << to_string(update) << " iteration " << i;
      EXPECT_LT((h - h.transpose()).cwiseAbs().maxCoeff(), 1e-12);
      // The cached H g is H g.
      EXPECT_LT((h * qn.state().gradient - qn.state().h_gradient).norm(),
                1e-10 * qn.state().h_gradient.norm());
    }
  }
}

TEST(DenseQuasiNewton, RestoredStateContinuesBitForBit) {
  const Objective f = rosenbrock;
  const Eigen::Index n = 6;
  Eigen::VectorXd x0 = Eigen::VectorXd::Constant(n, -0.5);
  auto straight = make(n, QuasiNewtonUpdate::SsBroyden);
  start_at(straight, f, x0);
  for (int i = 0; i < 10; ++i) straight.iterate(f);
  const auto bytes = straight.serialize();
  for (int i = 0; i < 15; ++i) straight.iterate(f);

  auto resumed = make(n, QuasiNewtonUpdate::SsBroyden);
  resumed.restore(bytes);
  for (int i = 0; i < 15; ++i) resumed.iterate(f);
  EXPECT_EQ(resumed.state().x, straight.state().x);
  EXPECT_EQ(resumed.inverse_hessian().matrix(), straight.inverse_hessian().matrix());

  auto other = make(n + 1, QuasiNewtonUpdate::SsBroyden);
  EXPECT_THROW(other.restore(bytes), std::runtime_error);
  EXPECT_THROW(resumed.restore(bytes.substr(0, bytes.size() - 1)), std::runtime_error);
  EXPECT_THROW(resumed.restore("junk"), std::runtime_error);
}

TEST(DenseQuasiNewton, ConvergedGradientTakesNoStep) {
  const auto q = make_quadratic(4);
  auto qn = make(4, QuasiNewtonUpdate::Bfgs, 1e-6);
  int calls = 0;
  start_at(qn, q.objective(), q.minimizer());
  const auto r = qn.iterate(q.objective(&calls));
  EXPECT_EQ(r.outcome, IterationReport::Outcome::Converged);
  EXPECT_EQ(calls, 0);
}

TEST(DenseQuasiNewton, StuckWhenNoStepDecreasesEvenFromIdentity) {
  // A gradient that lies: it points uphill of the values, so no step along -g
  // ever decreases them.
  const Objective liar = [](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    g = -x - Eigen::VectorXd::Ones(x.size());
    return x.squaredNorm() + x.sum();
  };
  auto qn = make(3, QuasiNewtonUpdate::SsBroyden);
  start_at(qn, liar, Eigen::VectorXd::Zero(3));
  const Eigen::VectorXd before = qn.state().x;
  const auto r = qn.iterate(liar);
  EXPECT_EQ(r.outcome, IterationReport::Outcome::Stuck);
  EXPECT_NE(r.note.find("from H = I"), std::string::npos) << r.note;
  EXPECT_EQ(qn.state().x, before);
}

}  // namespace
}  // namespace pinn::optim
