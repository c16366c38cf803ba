// pinn-ks-reference: the reference solution of PINNacle's Kuramoto-Sivashinsky task
// (configs/pinnacle/ks.yaml) on an (x, t) grid, as an HDF5 reference file
// (problem.reference.file): 1-D datasets x, t and u, one entry per grid point, x slowest.
//
//   pinn-ks-reference --out configs/data/pinnacle_ks.h5 --x-points 256 --times 201
//                     --modes 512 --time-step 2e-5
//
// The grid: x = 2 pi i / x-points (i = 0 .. x-points - 1; x = 2 pi is x = 0 again), t =
// j / (times - 1). The solve: solver/reference/kuramoto_sivashinsky_etdrk4.h with `modes`
// Fourier modes (2/3 rule) and steps of at most `time-step`. Three more solves check it: steps
// of 2 and 4 times `time-step` and half the modes; their largest differences from the written
// solution at t = 0.25, 0.5, 0.75, 1 and their relative L2 difference over the grid are
// printed and kept as attributes of the file (with the settings and the command).

#include <H5Cpp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "solver/reference/kuramoto_sivashinsky_etdrk4.h"

namespace {

using pinn::reference::KuramotoSivashinskyProblem;
using pinn::reference::KuramotoSivashinskySolution;

struct Options {
  std::string out = "pinnacle_ks.h5";
  int x_points = 256;
  int times = 201;
  int modes = 512;
  double time_step = 2e-5;
};

KuramotoSivashinskySolution solve(const Options& o, int modes, double time_step) {
  KuramotoSivashinskyProblem p;
  p.modes = modes;
  p.time_step = time_step;
  for (int j = 0; j < o.times; ++j) p.output_times.push_back(j / (o.times - 1.0));
  for (int i = 0; i < o.x_points; ++i) p.output_x.push_back(2.0 * M_PI * i / o.x_points);
  return pinn::reference::solve_kuramoto_sivashinsky_etdrk4(p);
}

// max_i |a(x_i, t_j) - b(x_i, t_j)| at the output time nearest each of `at`, then
// ||a - b|| / ||a|| over every grid point.
std::vector<double> differences(const KuramotoSivashinskySolution& a,
                                const KuramotoSivashinskySolution& b,
                                const std::vector<double>& at) {
  const std::size_t nt = a.t.size();
  std::vector<double> out;
  double error = 0.0, norm = 0.0;
  for (std::size_t k = 0; k < a.u.size(); ++k) {
    error += (a.u[k] - b.u[k]) * (a.u[k] - b.u[k]);
    norm += a.u[k] * a.u[k];
  }
  for (double t : at) {
    const auto j = static_cast<std::size_t>(std::lround(t * (nt - 1.0)));
    double d = 0.0;
    for (std::size_t i = 0; i < a.x.size(); ++i) {
      d = std::max(d, std::abs(a.u[i * nt + j] - b.u[i * nt + j]));
    }
    out.push_back(d);
  }
  out.push_back(std::sqrt(error / norm));
  return out;
}

void write_dataset(H5::H5File& file, const std::string& name, const std::vector<double>& values) {
  const hsize_t size = values.size();
  const hsize_t chunk = std::min<hsize_t>(size, 1 << 14);
  H5::DSetCreatPropList properties;
  properties.setChunk(1, &chunk);
  properties.setShuffle();  // x and t repeat: shuffled bytes deflate to a few kB
  properties.setDeflate(9);
  const H5::DataSpace space(1, &size);
  file.createDataSet(name, H5::PredType::IEEE_F64LE, space, properties)
      .write(values.data(), H5::PredType::NATIVE_DOUBLE);
}

void write_attribute(H5::H5File& file, const std::string& name, const std::string& value) {
  const H5::StrType type(H5::PredType::C_S1, value.empty() ? 1 : value.size());
  file.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, value);
}

void write_attribute(H5::H5File& file, const std::string& name, const std::vector<double>& v) {
  const hsize_t size = v.size();
  file.createAttribute(name, H5::PredType::IEEE_F64LE, H5::DataSpace(1, &size))
      .write(H5::PredType::NATIVE_DOUBLE, v.data());
}

std::string joined(const std::vector<double>& v) {
  std::ostringstream s;
  s.precision(3);
  s << std::scientific;
  for (std::size_t k = 0; k < v.size(); ++k) s << (k ? "  " : "") << v[k];
  return s.str();
}

int run(const Options& o, const std::string& command) {
  const auto start = std::chrono::steady_clock::now();
  const KuramotoSivashinskySolution best = solve(o, o.modes, o.time_step);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("solved: %d modes (2/3 rule), steps <= %g, %d x %d points in %.2f s\n", o.modes,
              o.time_step, o.x_points, o.times, seconds);

  const std::vector<double> at = {0.25, 0.5, 0.75, 1.0};
  struct Check {
    std::string name, label;
    int modes;
    double time_step;
  };
  const std::vector<Check> checks = {
      {"step_x2", "steps x 2", o.modes, 2 * o.time_step},
      {"step_x4", "steps x 4", o.modes, 4 * o.time_step},
      {"modes_half", "modes / 2", o.modes / 2, o.time_step},
  };
  std::printf("max |u - u_check| at t = 0.25  0.5  0.75  1, and rel. L2 over the grid:\n");
  std::vector<std::vector<double>> found;
  for (const auto& c : checks) {
    found.push_back(differences(best, solve(o, c.modes, c.time_step), at));
    std::printf("  %-10s %s\n", c.label.c_str(), joined(found.back()).c_str());
  }
  double peak = 0.0;
  for (double u : best.u) peak = std::max(peak, std::abs(u));
  std::printf("max |u| = %.4f\n", peak);

  std::vector<double> x, t;
  x.reserve(best.u.size());
  t.reserve(best.u.size());
  for (double xi : best.x) {
    for (double tj : best.t) {
      x.push_back(xi);
      t.push_back(tj);
    }
  }
  H5::H5File file(o.out, H5F_ACC_TRUNC);
  write_dataset(file, "x", x);
  write_dataset(file, "t", t);
  write_dataset(file, "u", best.u);
  write_attribute(file, "description",
                  "Kuramoto-Sivashinsky u_t + alpha u u_x + beta u_xx + gamma u_xxxx = 0, alpha = "
                  "100/16, beta = 100/16^2, gamma = 100/16^4, x in [0, 2 pi) periodic, u(x, 0) = "
                  "cos(x) (1 + sin(x)): ETDRK4 Fourier pseudo-spectral solve "
                  "(solver/reference/kuramoto_sivashinsky_etdrk4.cpp); rows x slowest");
  write_attribute(file, "command", command);
  write_attribute(file, "modes_time_step", std::vector<double>{double(o.modes), o.time_step});
  // Each max_diff_* holds the differences at these times, then the relative L2 over the grid.
  write_attribute(file, "check_times", at);
  for (std::size_t k = 0; k < checks.size(); ++k) {
    write_attribute(file, "max_diff_" + checks[k].name, found[k]);
  }
  std::printf("wrote %s\n", o.out.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The reference solution of PINNacle's Kuramoto-Sivashinsky task on an (x, t) grid"};
  Options o;
  app.add_option("--out", o.out, "the HDF5 file to write")->capture_default_str();
  app.add_option("--x-points", o.x_points, "x values on [0, 2 pi)")
      ->check(CLI::Range(2, 1 << 16))
      ->capture_default_str();
  app.add_option("--times", o.times, "times on [0, 1], both ends included")
      ->check(CLI::Range(2, 100001))
      ->capture_default_str();
  app.add_option("--modes", o.modes, "Fourier modes: a power of two from 16")
      ->capture_default_str();
  app.add_option("--time-step", o.time_step, "largest ETDRK4 step")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  std::string command = "pinn-ks-reference";
  for (int k = 1; k < argc; ++k) command += std::string(" ") + argv[k];
  try {
    if (o.modes < 16) throw std::invalid_argument("--modes: must be >= 16 (the check uses half)");
    return run(o, command);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const H5::Exception& e) {
    std::fprintf(stderr, "error: %s: %s\n", o.out.c_str(), e.getDetailMsg().c_str());
    return 1;
  }
}
