#include "problems/helmholtz/helmholtz.h"

#include <ATen/ATen.h>

#include <cmath>

namespace pinn::problems {
namespace {

constexpr int X = 0;
constexpr int Y = 1;

at::Tensor exact(const std::vector<at::Tensor>& in) {
  return (in[X] + in[Y]) * at::sin(M_PI * in[X]) * at::sin(M_PI * in[Y]);
}

class Helmholtz : public Problem {
 public:
  explicit Helmholtz(const Parameters& p) : k_(p.number("k")), box_(p.interval("domain")) {
    if (!std::isfinite(k_) || k_ < 0) {
      throw ParameterError("k", "value " + to_string(k_) + " must be >= 0");
    }
  }

  Domain domain() const override {
    return {{"x", "y"}, {box_.first, box_.first}, {box_.second, box_.second}, -1};
  }

  std::vector<LossTerm> loss_terms() const override {
    const double k2 = k_ * k_;
    auto q = [k2](const std::vector<at::Tensor>& in) {
      const auto sx = at::sin(M_PI * in[X]), sy = at::sin(M_PI * in[Y]);
      const auto cx = at::cos(M_PI * in[X]), cy = at::cos(M_PI * in[Y]);
      return 2 * M_PI * (cx * sy + sx * cy) + (k2 - 2 * M_PI * M_PI) * exact(in);
    };
    return {
        {"residual",
         Region::Interior,
         16000,
         {{}, {X, X}, {Y, Y}},
         [=](const Fields& f) { return f.d(X, X) + f.d(Y, Y) + k2 * f.u() - q(f.inputs()); }},
        {"boundary",
         Region::Boundary,
         400,
         {{}},
         [](const Fields& f) { return f.u() - exact(f.inputs()); }},
    };
  }

  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    return OutputGrids{tabulate(axes, exact)};
  }

 private:
  double k_;
  std::pair<double, double> box_;
};

}  // namespace

ProblemEntry helmholtz_entry() {
  return {"helmholtz",
          "u_xx + u_yy + k^2 u = q on a square, exact u = (x + y) sin(pi x) sin(pi y)",
          {{"k", 1.0, "wave number (>= 0)", {}},
           {"domain", std::vector<double>{-1.0, 1.0}, "interval [lo, hi] of both axes", {}}},
          [](const Parameters& p) { return std::make_unique<Helmholtz>(p); }};
}

}  // namespace pinn::problems
