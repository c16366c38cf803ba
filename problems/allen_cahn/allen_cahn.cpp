#include "problems/allen_cahn/allen_cahn.h"

#include <ATen/ATen.h>

#include <cmath>

#include "solver/problem/periodic.h"
#include "solver/reference/allen_cahn_etdrk4.h"

namespace pinn::problems {
namespace {

constexpr int X = 0;
constexpr int T = 1;

class AllenCahn : public Problem {
 public:
  explicit AllenCahn(const Parameters& p)
      : d_(p.coefficient("D")),
        a_(p.coefficient("a")),
        b_(p.coefficient("b")),
        t_(p.interval("t")) {
    if (!(d_.value() >= 0) || !std::isfinite(d_.value())) {
      throw ParameterError("D", "value " + to_string(d_.value()) + " must be >= 0 and finite");
    }
    for (const auto* c : {&a_, &b_}) {
      if (!std::isfinite(c->value())) {
        throw ParameterError(c->name(), "value " + to_string(c->value()) + " must be finite");
      }
    }
    if (t_.first != 0.0) {
      throw ParameterError("t", "value " + to_string(p.numbers("t")) + " must start at 0");
    }
  }

  Domain domain() const override { return {{"x", "t"}, {-1.0, t_.first}, {1.0, t_.second}, T}; }

  std::vector<LossTerm> loss_terms() const override {
    return {
        {"residual",
         Region::Interior,
         20000,
         {{}, {T}, {X, X}},
         [d = d_, a = a_, b = b_](const Fields& f) {
           const auto& u = f.u();
           return f.d(T) - d(f) * f.d(X, X) + b(f) * u * u * u - a(f) * u;
         }},
        {"initial",
         Region::Initial,
         512,
         {{}},
         [](const Fields& f) {
           const auto& x = f.input(X);
           return f.u() - x * x * at::cos(M_PI * x);
         }},
        periodic_condition(domain(), X, {Output{0}}, 1, 256),
    };
  }

  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    reference::AllenCahnProblem ac;
    ac.diffusion = d_.value();
    ac.reaction_linear = a_.value();
    ac.reaction_cubic = b_.value();
    ac.output_x = axes.at(X);
    ac.output_times = axes.at(T);
    return OutputGrids{reference::solve_allen_cahn_etdrk4(ac).u};
  }

 private:
  Coefficient d_, a_, b_;
  std::pair<double, double> t_;
};

}  // namespace

ProblemEntry allen_cahn_entry() {
  return {"allen_cahn",
          "u_t - D u_xx + b u^3 - a u = 0, u(x,0) = x^2 cos(pi x), periodic on [-1, 1]",
          {{"D", 1e-4, "diffusion (>= 0)", {}, true},
           {"a", 5.0, "linear reaction coefficient", {}, true},
           {"b", 5.0, "cubic reaction coefficient", {}, true},
           {"t", std::vector<double>{0.0, 1.0}, "time interval [0, t1]", {}}},
          [](const Parameters& p) { return std::make_unique<AllenCahn>(p); }};
}

}  // namespace pinn::problems
