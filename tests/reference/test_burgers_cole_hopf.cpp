#include <H5Cpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "solver/reference/burgers_cole_hopf.h"

namespace pinn::reference {
namespace {

const double kNuShock = 0.01 / M_PI;

std::vector<double> read_dataset(const H5::H5File& file, const std::string& name,
                                 std::vector<hsize_t>& dims) {
  const H5::DataSet set = file.openDataSet(name);
  const H5::DataSpace space = set.getSpace();
  dims.assign(space.getSimpleExtentNdims(), 0);
  space.getSimpleExtentDims(dims.data());
  std::vector<double> data(space.getSimpleExtentNpoints());
  set.read(data.data(), H5::PredType::NATIVE_DOUBLE);
  return data;
}

TEST(BurgersColeHopf, MatchesRaissiShockData) {
  const std::string path = std::string(PINN_TEST_DATA_DIR) + "/burgers_shock.h5";
  ASSERT_TRUE(std::ifstream(path).good())
      << "reference data not found: looked for " << path
      << " (tests/data/burgers_shock.h5 ships with the repository)";
  const H5::H5File file(path, H5F_ACC_RDONLY);
  std::vector<hsize_t> dx, dt, du;
  const std::vector<double> xs = read_dataset(file, "x", dx);
  const std::vector<double> ts = read_dataset(file, "t", dt);
  const std::vector<double> us = read_dataset(file, "u", du);
  ASSERT_EQ(dx.size(), 1u);
  ASSERT_EQ(dt.size(), 1u);
  ASSERT_EQ(du.size(), 2u);
  ASSERT_EQ(du[0], dx[0]) << "/u rows must match /x";
  ASSERT_EQ(du[1], dt[0]) << "/u columns must match /t";

  const Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(xs.data(), xs.size());
  const Eigen::VectorXd t = Eigen::Map<const Eigen::VectorXd>(ts.data(), ts.size());
  // HDF5 stores C order: u[i, j] at i * n_t + j.
  const Eigen::MatrixXd reference =
      Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          us.data(), du[0], du[1]);

  const BurgersColeHopf burgers(kNuShock);
  const Eigen::MatrixXd u = burgers.on_grid(x, t);
  ASSERT_EQ(u.rows(), reference.rows());
  ASSERT_EQ(u.cols(), reference.cols());
  const double rel_l2 = (u - reference).norm() / reference.norm();
  std::ostringstream recorded;
  recorded << rel_l2;
  RecordProperty("relative_l2_error", recorded.str());
  EXPECT_LT(rel_l2, 1e-6);

  // on_grid must agree with pointwise evaluation.
  for (int i : {0, 100, 127, 128, 255}) {
    for (int j : {0, 1, 50, 99}) {
      EXPECT_DOUBLE_EQ(u(i, j), burgers(x[i], t[j])) << "x = " << x[i] << ", t = " << t[j];
    }
  }
}

TEST(BurgersColeHopf, TooFewNodesMissTheShock) {
  // The reference comparison can fail: a 10-node rule cannot resolve the late shock.
  const BurgersColeHopf coarse(kNuShock, 1.0, 10);
  const BurgersColeHopf fine(kNuShock);
  EXPECT_GT(std::abs(coarse(0.02, 0.9) - fine(0.02, 0.9)), 1e-2);
}

TEST(BurgersColeHopf, InitialConditionIsExact) {
  const BurgersColeHopf burgers(kNuShock);
  for (double x = -1.0; x <= 1.0; x += 0.125) {
    EXPECT_EQ(burgers(x, 0.0), -std::sin(M_PI * x)) << "x = " << x;
  }
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(17, -1.0, 1.0);
  const Eigen::MatrixXd u = burgers.on_grid(x, Eigen::VectorXd::Zero(1));
  for (int i = 0; i < x.size(); ++i) EXPECT_EQ(u(i, 0), -std::sin(M_PI * x[i]));
}

TEST(BurgersColeHopf, ContinuousAtSmallTime) {
  // Just after t = 0 the quadrature must agree with the initial condition it starts from.
  const BurgersColeHopf burgers(kNuShock);
  for (double x : {-0.7, -0.2, 0.3, 0.9}) {
    EXPECT_NEAR(burgers(x, 1e-8), -std::sin(M_PI * x), 1e-6) << "x = " << x;
  }
}

TEST(BurgersColeHopf, VanishesAtTheWalls) {
  const BurgersColeHopf burgers(kNuShock);
  for (double t : {0.01, 0.1, 0.5, 0.99, 2.0}) {
    EXPECT_NEAR(burgers(-1.0, t), 0.0, 1e-12) << "t = " << t;
    EXPECT_NEAR(burgers(1.0, t), 0.0, 1e-12) << "t = " << t;
  }
}

TEST(BurgersColeHopf, IsOddInX) {
  const BurgersColeHopf burgers(kNuShock);
  for (double t : {0.05, 0.3, 0.7, 0.99}) {
    for (double x : {0.001, 0.003, 0.01, 0.1, 0.4, 0.77}) {
      const double u = burgers(x, t);
      EXPECT_NEAR(burgers(-x, t), -u, 1e-12 * (1.0 + std::abs(u))) << "x = " << x << ", t = " << t;
    }
  }
}

TEST(BurgersColeHopf, ShockFormsAtTheOrigin) {
  // By t = 0.99 the profile has steepened into a shock of height ~0.8 at x = 0 whose width is
  // a few nu: u jumps from about +0.8 to -0.8 within |x| < 0.02.
  const BurgersColeHopf burgers(kNuShock);
  EXPECT_GT(burgers(-0.02, 0.99), 0.6);
  EXPECT_LT(burgers(0.02, 0.99), -0.6);
  EXPECT_NEAR(burgers(0.0, 0.99), 0.0, 1e-12);
}

TEST(BurgersColeHopf, LargeViscositySatisfiesThePde) {
  // For nu = 1 the solution is smooth; central differences of the function itself (step 2e-4:
  // truncation ~h^2 pi^4 / 12 ~ 3e-7, rounding ~1e-16 / h^2 ~ 3e-9) must make
  // u_t + u u_x - nu u_xx vanish, while each term is O(0.1 .. 1).
  const double nu = 1.0;
  const BurgersColeHopf burgers(nu);
  const double h = 2e-4;
  for (double t : {0.05, 0.1, 0.2}) {
    for (double x : {-0.6, -0.25, 0.1, 0.45, 0.8}) {
      const double u = burgers(x, t);
      const double u_t = (burgers(x, t + h) - burgers(x, t - h)) / (2 * h);
      const double u_x = (burgers(x + h, t) - burgers(x - h, t)) / (2 * h);
      const double u_xx = (burgers(x + h, t) - 2 * u + burgers(x - h, t)) / (h * h);
      const double scale = std::abs(u_t) + std::abs(nu * u_xx);
      ASSERT_GT(scale, 1e-2) << "test point too flat to be meaningful";
      EXPECT_NEAR(u_t + u * u_x - nu * u_xx, 0.0, 1e-5 * (1.0 + scale))
          << "x = " << x << ", t = " << t;
    }
  }
}

TEST(BurgersColeHopf, LargeViscosityDecaysLikeTheHeatEquation) {
  // For large nu the nonlinearity is a perturbation of the heat equation, whose solution is the
  // decaying mode -a sin(pi x), a = exp(-nu pi^2 t). Inserting it into u u_x gives the forcing
  // (pi/2) a^2 sin(2 pi x); the forced mode decays at rate 4 nu pi^2, which yields
  //   u = -a sin(pi x) - c sin(2 pi x) + O(a^3 / nu^2),  c = a^2 (1 - a^2) / (4 pi nu).
  // So max_x |u + a sin(pi x)| must match c, to a relative O(a / nu) that shrinks with nu.
  double previous_mismatch = 1.0;
  for (double nu : {1.0, 4.0, 16.0}) {
    const BurgersColeHopf burgers(nu);
    const double t = 0.1 / nu;  // same heat-equation decay a ~ 0.37 for each nu
    const double a = std::exp(-nu * M_PI * M_PI * t);
    const double c = a * a * (1.0 - a * a) / (4.0 * M_PI * nu);
    double deviation = 0.0;
    for (int i = 0; i <= 200; ++i) {
      const double x = -1.0 + 0.01 * i;
      deviation = std::max(deviation, std::abs(burgers(x, t) + a * std::sin(M_PI * x)));
    }
    const double mismatch = std::abs(deviation - c) / c;
    EXPECT_LT(mismatch, 0.1) << "nu = " << nu << ": deviation " << deviation << ", predicted " << c;
    EXPECT_LT(mismatch, previous_mismatch) << "nu = " << nu;
    previous_mismatch = mismatch;
  }
}

// Inviscid solution before characteristics cross at x: u = -sin(pi (x - u t)) by Newton from
// the initial value (valid away from the shock at x = 0).
double inviscid(double x, double t) {
  double u = -std::sin(M_PI * x);
  for (int k = 0; k < 100; ++k) {
    const double phase = M_PI * (x - u * t);
    u -= (u + std::sin(phase)) / (1.0 - M_PI * t * std::cos(phase));
  }
  return u;
}

TEST(BurgersColeHopf, SmallViscosityStaysFiniteAndApproachesInviscid) {
  // nu = 0.001/pi puts exponents of ±500 in the quadrature: without shifting them, exp overflows
  // and the ratio is inf/inf. Away from the shock the viscous solution differs from the
  // inviscid one by O(nu) (about nu here), and that difference halves with nu.
  const double nu = 0.001 / M_PI;
  const BurgersColeHopf burgers(nu, 1.0, 400);
  const BurgersColeHopf half(nu / 2, 1.0, 800);
  for (double x : {-0.8, -0.5, 0.3, 0.5, 0.8}) {
    const double t = 0.5;
    const double u = burgers(x, t);
    ASSERT_TRUE(std::isfinite(u)) << "x = " << x;
    const double diff = u - inviscid(x, t);
    EXPECT_LT(std::abs(diff), 4.0 * nu) << "x = " << x;
    EXPECT_NEAR((half(x, t) - inviscid(x, t)) / diff, 0.5, 0.05) << "x = " << x;
  }
  // Maximum principle: |u| <= max |u(., 0)| = 1, also inside the shock.
  for (int i = 0; i <= 400; ++i) {
    const double x = -1.0 + 0.005 * i;
    for (double t : {0.2, 0.5, 0.9}) {
      const double u = burgers(x, t);
      ASSERT_TRUE(std::isfinite(u)) << "x = " << x << ", t = " << t;
      EXPECT_LE(std::abs(u), 1.0 + 1e-12) << "x = " << x << ", t = " << t;
    }
  }
}

TEST(BurgersColeHopf, RejectsInvalidArguments) {
  EXPECT_THROW(BurgersColeHopf(0.0), std::invalid_argument);
  EXPECT_THROW(BurgersColeHopf(-0.1), std::invalid_argument);
  EXPECT_THROW(BurgersColeHopf(std::nan("")), std::invalid_argument);
  EXPECT_THROW(BurgersColeHopf(0.1, 1.0, 0), std::invalid_argument);
  EXPECT_THROW(BurgersColeHopf(0.1, std::nan("")), std::invalid_argument);
  EXPECT_THROW(BurgersColeHopf(0.1, HUGE_VAL), std::invalid_argument);
  try {
    BurgersColeHopf(-0.5);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("nu = -0.5"), std::string::npos) << e.what();
  }
  try {
    BurgersColeHopf(0.1, 1.0, -2);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("quadrature_nodes = -2"), std::string::npos) << e.what();
  }
  try {
    BurgersColeHopf(0.1, -HUGE_VAL);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("c = -inf"), std::string::npos) << e.what();
  }
  for (double c : {1.0, 0.0}) {
    const BurgersColeHopf burgers(0.1, c);
    EXPECT_THROW(burgers(0.0, -1.0), std::invalid_argument) << "c = " << c;
    EXPECT_THROW(burgers.on_grid(Eigen::VectorXd::Zero(1), Eigen::VectorXd::Constant(1, -1.0)),
                 std::invalid_argument)
        << "c = " << c;
  }
  // The two-argument (nu, nodes) form would read a node count as c; it must not compile.
  static_assert(!std::is_constructible_v<BurgersColeHopf, double, int>);
  static_assert(std::is_constructible_v<BurgersColeHopf, double, double, int>);
}

// ---- Convection coefficient c: u_t + c u u_x = nu u_xx ----

// Fourth-order central differences of the solution: with step 1e-3 their truncation stays far
// below the bound used below while rounding (~1e-16 / h^2) is ~1e-10.
struct Derivatives {
  double u, u_t, u_x, u_xx;
};

Derivatives differentiate(const BurgersColeHopf& burgers, double x, double t, double h) {
  auto d1 = [h](double m2, double m1, double p1, double p2) {
    return (m2 - 8.0 * m1 + 8.0 * p1 - p2) / (12.0 * h);
  };
  const double u = burgers(x, t);
  const double xm2 = burgers(x - 2 * h, t), xm1 = burgers(x - h, t);
  const double xp1 = burgers(x + h, t), xp2 = burgers(x + 2 * h, t);
  const double u_t =
      d1(burgers(x, t - 2 * h), burgers(x, t - h), burgers(x, t + h), burgers(x, t + 2 * h));
  const double u_xx = (-xm2 + 16.0 * xm1 - 30.0 * u + 16.0 * xp1 - xp2) / (12.0 * h * h);
  return {u, u_t, d1(xm2, xm1, xp1, xp2), u_xx};
}

TEST(BurgersColeHopf, ConvectionCoefficientSatisfiesThePde) {
  // Each term is O(0.1 .. 10) at these points, so a c that the solution ignored (or read as 1)
  // would leave a residual of the size of c u u_x itself.
  const double nu = 0.1;
  for (double c : {2.0, 0.5, -1.0, 1e-8}) {
    const BurgersColeHopf burgers(nu, c);
    EXPECT_EQ(burgers.c(), c);
    double worst = 0.0;
    for (double t : {0.1, 0.4, 1.0}) {
      for (double x : {-0.7, -0.3, 0.15, 0.5, 0.85}) {
        const Derivatives d = differentiate(burgers, x, t, 1e-3);
        const double convection = c * d.u * d.u_x;
        const double scale = std::abs(d.u_t) + std::abs(convection) + std::abs(nu * d.u_xx);
        ASSERT_GT(scale, 1e-2) << "test point too flat to be meaningful";
        const double relative = std::abs(d.u_t + convection - nu * d.u_xx) / scale;
        EXPECT_LT(relative, 1e-5) << "c = " << c << ", x = " << x << ", t = " << t;
        worst = std::max(worst, relative);
      }
    }
    std::ostringstream name, recorded;
    name << "relative_residual_c_" << c;
    recorded << worst;
    RecordProperty(name.str(), recorded.str());
  }
}

TEST(BurgersColeHopf, ConvectionCoefficientIsATimeRescaling) {
  // w(x, s) = u(x, s / c) solves the c = 1 equation with viscosity nu / c, so the solution for
  // (nu, c) at t equals the c = 1 solution (checked against the shock data) for nu / c at c t.
  for (double c : {2.0, 0.5, 4.0}) {
    const BurgersColeHopf scaled(kNuShock * c, c);
    const BurgersColeHopf unit(kNuShock);
    for (double t : {0.05, 0.2, 0.45}) {
      for (double x : {-0.9, -0.4, -0.01, 0.003, 0.2, 0.6}) {
        EXPECT_NEAR(scaled(x, t / c), unit(x, t), 1e-12) << "c = " << c << ", x = " << x;
      }
    }
  }
}

TEST(BurgersColeHopf, NegativeConvectionMirrorsPositive) {
  // -u(x + 1, t) of the c solution solves the -c equation with the same initial data, so the
  // shock that forms at x = 0 for c > 0 forms at x = ±1 for c < 0.
  for (double c : {1.0, 0.5}) {
    const BurgersColeHopf forward(kNuShock, c);
    const BurgersColeHopf backward(kNuShock, -c);
    for (double t : {0.1, 0.5, 0.99}) {
      for (double x : {-0.98, -0.6, -0.1, 0.0, 0.35, 0.99}) {
        const double u = forward(x + 1.0, t);
        EXPECT_NEAR(backward(x, t), -u, 1e-11 * (1.0 + std::abs(u)))
            << "c = " << c << ", x = " << x;
      }
    }
  }
  // The mirrored shock at x = 1: u jumps from about -0.7 to +0.7 across it (x = -0.98 = 1.02).
  const BurgersColeHopf backward(kNuShock, -1.0);
  EXPECT_LT(backward(0.98, 0.99), -0.6);
  EXPECT_GT(backward(-0.98, 0.99), 0.6);
}

TEST(BurgersColeHopf, ZeroConvectionIsTheHeatEquation) {
  for (double nu : {kNuShock, 0.1, 1.0}) {
    const BurgersColeHopf burgers(nu, 0.0);
    const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(21, -1.0, 1.0);
    const Eigen::VectorXd t = Eigen::VectorXd::LinSpaced(6, 0.0, 1.0);
    const Eigen::MatrixXd u = burgers.on_grid(x, t);
    for (int j = 0; j < t.size(); ++j) {
      for (int i = 0; i < x.size(); ++i) {
        const double heat = -std::exp(-nu * M_PI * M_PI * t[j]) * std::sin(M_PI * x[i]);
        EXPECT_NEAR(u(i, j), heat, 1e-12) << "nu = " << nu << ", x = " << x[i] << ", t = " << t[j];
        EXPECT_NEAR(burgers(x[i], t[j]), heat, 1e-12);
      }
    }
  }
}

TEST(BurgersColeHopf, InitialConditionAndOddnessForAnyConvection) {
  for (double c : {2.0, 0.5, -1.0, 1e-8, 0.0}) {
    const BurgersColeHopf burgers(0.05, c);
    for (double x = -1.0; x <= 1.0; x += 0.125) {
      EXPECT_EQ(burgers(x, 0.0), -std::sin(M_PI * x)) << "c = " << c << ", x = " << x;
      EXPECT_NEAR(burgers(x, 1e-8), -std::sin(M_PI * x), 1e-6) << "c = " << c << ", x = " << x;
    }
    const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(9, -1.0, 1.0);
    const Eigen::MatrixXd u0 = burgers.on_grid(x, Eigen::VectorXd::Zero(1));
    for (int i = 0; i < x.size(); ++i) EXPECT_EQ(u0(i, 0), -std::sin(M_PI * x[i]));
    for (double t : {0.1, 0.5, 1.0}) {
      for (double x : {0.01, 0.2, 0.5, 0.9}) {
        const double u = burgers(x, t);
        EXPECT_NEAR(burgers(-x, t), -u, 1e-12 * (1.0 + std::abs(u)))
            << "c = " << c << ", x = " << x << ", t = " << t;
      }
    }
  }
}

TEST(BurgersColeHopf, SmallConvectionIsAccurateAndContinuous) {
  // Expanding in c: u = u_0 + c u_1 + O(c^2) with the heat solution u_0 = -a sin(pi x),
  // a = exp(-nu pi^2 t), and u_1 solving u_1,t - nu u_1,xx = -u_0 u_0,x, i.e.
  //   u_1 = -a^2 (1 - a^2) / (4 pi nu) sin(2 pi x).
  // For c = 1e-8, recovering u_1 from (u - u_0) / c to 1e-6 needs u itself to ~1e-14 of
  // absolute accuracy: a formula that divided by c, or cancelled O(1) terms, could not.
  for (double nu : {kNuShock, 0.1, 1.0}) {
    const double u_1_bound = 1.0 / (16.0 * M_PI * nu);  // a^2 (1 - a^2) <= 1/4
    const BurgersColeHopf small(nu, 1e-8);
    const BurgersColeHopf zero(nu, 0.0);
    for (double t : {0.1, 0.5, 1.0}) {
      const double a = std::exp(-nu * M_PI * M_PI * t);
      for (double x : {-0.8, -0.3, 0.1, 0.4, 0.7}) {
        const double u_small = small(x, t);
        const double u_zero = zero(x, t);
        EXPECT_LT(std::abs(u_small - u_zero), 1e-8 * u_1_bound + 1e-15)
            << "nu = " << nu << ", x = " << x;
        const double u_1 = -a * a * (1.0 - a * a) / (4.0 * M_PI * nu) * std::sin(2.0 * M_PI * x);
        EXPECT_NEAR((u_small - u_zero) / 1e-8, u_1, 1e-6 + 1e-6 * std::abs(u_1))
            << "nu = " << nu << ", x = " << x << ", t = " << t;
      }
    }
  }
}

}  // namespace
}  // namespace pinn::reference
