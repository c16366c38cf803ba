#include "problems/klein_gordon/klein_gordon.h"

#include <ATen/ATen.h>

#include <cmath>

namespace pinn::problems {
namespace {

constexpr int X = 0;
constexpr int T = 1;

at::Tensor exact(const std::vector<at::Tensor>& in) { return in[X] * at::cos(in[T]); }
at::Tensor exact_t(const std::vector<at::Tensor>& in) { return -in[X] * at::sin(in[T]); }

class KleinGordon : public Problem {
 public:
  explicit KleinGordon(const Parameters& p)
      : alpha_(p.coefficient("alpha")),
        beta_(p.coefficient("beta")),
        gamma_(p.coefficient("gamma")),
        power_(p.integer("power")),
        x_(p.interval("x")),
        t_(p.interval("t")) {
    if (power_ < 1) {
      throw ParameterError("power", "value " + std::to_string(power_) + " must be >= 1");
    }
  }

  Domain domain() const override {
    return {{"x", "t"}, {x_.first, t_.first}, {x_.second, t_.second}, T};
  }

  std::vector<LossTerm> loss_terms() const override {
    const auto alpha = alpha_, beta = beta_, gamma = gamma_;
    const auto power = power_;
    // f = u_tt + alpha u_xx + beta u + gamma u^p for u = x cos t (u_tt = -u, u_xx = 0),
    // with the given coefficients: the forcing is data, also where they are unknowns.
    auto source = [=](const std::vector<at::Tensor>& in) {
      const auto u = exact(in);
      return -u + beta.value() * u + gamma.value() * u.pow(power);
    };
    return {
        {"residual",
         Region::Interior,
         10000,
         {{}, {X, X}, {T, T}},
         [=](const Fields& f) {
           return f.d(T, T) + alpha(f) * f.d(X, X) + beta(f) * f.u() + gamma(f) * f.u().pow(power) -
                  source(f.inputs());
         }},
        {"initial",
         Region::Initial,
         100,
         {{}},
         [](const Fields& f) { return f.u() - exact(f.inputs()); }},
        {"initial_velocity",
         Region::Initial,
         100,
         {{T}},
         [](const Fields& f) { return f.d(T) - exact_t(f.inputs()); }},
        {"boundary",
         Region::Boundary,
         100,
         {{}},
         [](const Fields& f) { return f.u() - exact(f.inputs()); }},
    };
  }

  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    return OutputGrids{tabulate(axes, exact)};
  }

 private:
  Coefficient alpha_, beta_, gamma_;
  int64_t power_;
  std::pair<double, double> x_, t_;
};

}  // namespace

ProblemEntry klein_gordon_entry() {
  return {"klein_gordon",
          "u_tt + alpha u_xx + beta u + gamma u^power = f, exact u = x cos t",
          {{"alpha", -1.0, "coefficient of u_xx", {}, true},
           {"beta", 0.0, "coefficient of u", {}, true},
           {"gamma", 1.0, "coefficient of the nonlinear term u^power", {}, true},
           {"power", int64_t{2}, "exponent of the nonlinear term (>= 1)", {}},
           {"x", std::vector<double>{-1.0, 1.0}, "space interval [x0, x1]", {}},
           {"t", std::vector<double>{0.0, 1.0}, "time interval [t0, t1]", {}}},
          [](const Parameters& p) { return std::make_unique<KleinGordon>(p); }};
}

}  // namespace pinn::problems
