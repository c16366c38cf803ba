#pragma once
// A small Burgers problem written as formulas, for the checks every run goes through
// (resumed runs bit for bit, data-parallel runs against one process): an initial
// condition, a face condition kept where a predicate holds, a face condition without one,
// a data condition reading a file the test writes, and an exact formula as the reference
// (not Burgers' solution: a smooth field, so that the error metrics are finite).

#include <cmath>
#include <fstream>
#include <string>

namespace pinn::testing {

// Observations of u = -sin(pi x) exp(-t) at 13 points (an odd count: shares of it differ
// between processes), as a text table "x t u".
inline void write_formula_burgers_data(const std::string& path) {
  std::ofstream out(path);
  out.precision(17);
  out << "x t u\n";
  for (int i = 0; i < 13; ++i) {
    const double x = -0.9 + 0.15 * i, t = 0.05 + 0.07 * i;
    out << x << ' ' << t << ' ' << -std::sin(M_PI * x) * std::exp(-t) << '\n';
  }
}

// The problem section; its loss terms are residual, initial, inflow, outflow, observed.
inline std::string formula_burgers_problem(const std::string& data_path) {
  return "problem:\n"
         "  name: burgers_formula\n"
         "  inputs: {x: [-1, 1], t: [0, 1]}\n"
         "  time: t\n"
         "  parameters: {nu: 0.0031830988618379067}\n"
         "  equations: [u_t + u*u_x - nu*u_xx]\n"
         "  conditions:\n"
         "    initial: {on: initial, equation: u + sin(pi*x)}\n"
         "    inflow: {on: x_min, where: t < 0.5, equation: u}\n"
         "    outflow: {on: x_max, equation: u}\n"
         "    observed: {data: " +
         data_path +
         "}\n"
         "  reference: {exact: {u: -sin(pi*x)*exp(-t)}}\n";
}

}  // namespace pinn::testing
