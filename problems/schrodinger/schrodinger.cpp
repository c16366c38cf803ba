#include "problems/schrodinger/schrodinger.h"

#include <ATen/ATen.h>

#include <cmath>

#include "solver/problem/periodic.h"
#include "solver/reference/nls_split_step.h"

namespace pinn::problems {
namespace {

constexpr int X = 0;
constexpr int T = 1;
constexpr Output U{0}, V{1};

class Schrodinger : public Problem {
 public:
  explicit Schrodinger(const Parameters& p) : x_(p.interval("x")), t_(p.interval("t")) {
    if (t_.first != 0.0) {
      throw ParameterError("t", "value " + to_string(p.numbers("t")) + " must start at 0");
    }
  }

  Domain domain() const override {
    return {{"x", "t"}, {x_.first, t_.first}, {x_.second, t_.second}, T};
  }

  std::vector<std::string> outputs() const override { return {"u", "v"}; }

  std::vector<LossTerm> loss_terms() const override {
    return {
        {"residual",
         Region::Interior,
         20000,
         {{U}, {V}, {U, {T}}, {V, {T}}, {U, {X, X}}, {V, {X, X}}},
         [](const Fields& f) {
           const auto &u = f.u(U), &v = f.u(V);
           const auto modulus = u * u + v * v;
           return at::cat({-f.d(V, T) + 0.5 * f.d(U, X, X) + modulus * u,
                           f.d(U, T) + 0.5 * f.d(V, X, X) + modulus * v},
                          1);
         }},
        {"initial",
         Region::Initial,
         256,
         {{U}, {V}},
         [](const Fields& f) {
           return at::cat({f.u(U) - 2 / at::cosh(f.input(X)), f.u(V)}, 1);
         }},
        periodic_condition(domain(), X, {U, V}, 1, 256),
    };
  }

  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    reference::NlsProblem nls;
    nls.x_min = x_.first;
    nls.x_max = x_.second;
    nls.output_x = axes.at(X);
    nls.output_times = axes.at(T);
    const auto h = reference::solve_nls_split_step(nls).h;
    OutputGrids parts(2, std::vector<double>(h.size()));
    for (size_t i = 0; i < h.size(); ++i) {
      parts[0][i] = h[i].real();
      parts[1][i] = h[i].imag();
    }
    return parts;
  }

  std::vector<DerivedField> derived_fields() const override {
    return {{"h", [](const OutputGrids& g) {
               std::vector<double> modulus(g[0].size());
               for (size_t i = 0; i < modulus.size(); ++i)
                 modulus[i] = std::hypot(g[0][i], g[1][i]);
               return modulus;
             }}};
  }

 private:
  std::pair<double, double> x_, t_;
};

}  // namespace

ProblemEntry schrodinger_entry() {
  return {"schrodinger",
          "i h_t + 0.5 h_xx + |h|^2 h = 0, h = u + i v, h(x,0) = 2 sech(x), periodic in x",
          {{"x", std::vector<double>{-5.0, 5.0}, "space interval [x0, x1], the period", {}},
           {"t", std::vector<double>{0.0, M_PI / 2}, "time interval [0, t1]", {}}},
          [](const Parameters& p) { return std::make_unique<Schrodinger>(p); }};
}

}  // namespace pinn::problems
