#include "problems/burgers/burgers.h"

#include <ATen/ATen.h>

#include <cmath>

#include "solver/common/text.h"
#include "solver/reference/burgers_cole_hopf.h"

namespace pinn::problems {
namespace {

constexpr int X = 0;
constexpr int T = 1;

class Burgers : public Problem {
 public:
  explicit Burgers(const Parameters& p)
      : nu_(p.coefficient("nu")), c_(p.coefficient("c")), x_(p.interval("x")), t_(p.interval("t")) {
    if (!(nu_.value() > 0) || !std::isfinite(nu_.value())) {
      throw ParameterError("nu", "value " + to_string(nu_.value()) + " must be > 0");
    }
    if (!std::isfinite(c_.value())) {
      throw ParameterError("c", "value " + to_string(c_.value()) + " must be finite");
    }
    if (t_.first != 0.0) {
      throw ParameterError("t", "value " + to_string(p.numbers("t")) + " must start at 0");
    }
  }

  Domain domain() const override {
    return {{"x", "t"}, {x_.first, t_.first}, {x_.second, t_.second}, T};
  }

  std::vector<LossTerm> loss_terms() const override {
    return {
        {"residual",
         Region::Interior,
         10000,
         {{}, {T}, {X}, {X, X}},
         [nu = nu_, c = c_](const Fields& f) {
           return f.d(T) + c(f) * f.u() * f.d(X) - nu(f) * f.d(X, X);
         }},
        {"initial",
         Region::Initial,
         50,
         {{}},
         [](const Fields& f) { return f.u() + at::sin(M_PI * f.input(X)); }},
        {"boundary", Region::Boundary, 50, {{}}, [](const Fields& f) { return f.u(); }},
    };
  }

  std::string no_reference_reason() const override {
    return "the Cole-Hopf reference solves u(x,0) = -sin(pi x) on the whole line, and its "
           "solution is 0 only at integer x, so it meets the boundary condition u = 0 only when "
           "both bounds of problem.x are integers; x = " +
           bounds_text() + " is not (use e.g. [-1, 1] for a reference)";
  }

  std::vector<ParameterNote> warnings() const override {
    std::string where;
    for (const double bound : {x_.first, x_.second}) {
      if (std::floor(bound) == bound) continue;
      const double u0 = -std::sin(M_PI * bound);
      where += std::string(where.empty() ? "" : " and ") + "u(" + shortest_decimal(bound) +
               ",0) = " + shortest_decimal(std::round(u0 * 1e6) / 1e6);
    }
    if (where.empty()) return {};
    return {{"x", "value " + bounds_text() + ": the initial data -sin(pi x) gives " + where +
                      ", but the boundary condition holds u = 0 there, so the initial and "
                      "boundary losses conflict at the corners; integer bounds make them agree"}};
  }

  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    if (!integer_bounds()) return std::nullopt;
    const auto& xs = axes.at(X);
    const auto& ts = axes.at(T);
    const reference::BurgersColeHopf exact(nu_.value(), c_.value());
    const Eigen::MatrixXd u = exact.on_grid(
        Eigen::Map<const Eigen::VectorXd>(xs.data(), static_cast<Eigen::Index>(xs.size())),
        Eigen::Map<const Eigen::VectorXd>(ts.data(), static_cast<Eigen::Index>(ts.size())));
    std::vector<double> out(xs.size() * ts.size());
    for (size_t i = 0; i < xs.size(); ++i) {
      for (size_t j = 0; j < ts.size(); ++j) out[i * ts.size() + j] = u(i, j);
    }
    return OutputGrids{std::move(out)};
  }

 private:
  // -sin(pi x) vanishes, like the boundary data, exactly at integer x.
  bool integer_bounds() const {
    return std::floor(x_.first) == x_.first && std::floor(x_.second) == x_.second;
  }
  std::string bounds_text() const {
    return "[" + shortest_decimal(x_.first) + ", " + shortest_decimal(x_.second) + "]";
  }

  Coefficient nu_, c_;
  std::pair<double, double> x_, t_;
};

}  // namespace

ProblemEntry burgers_entry() {
  return {"burgers",
          "u_t + c u u_x = nu u_xx, u(x,0) = -sin(pi x), u = 0 on the x boundary",
          {{"nu", 0.01 / M_PI, "viscosity (> 0)", {}, true},
           {"c", 1.0, "coefficient of the convection term", {}, true},
           {"x", std::vector<double>{-1.0, 1.0}, "space interval [x0, x1]", {}},
           {"t", std::vector<double>{0.0, 1.0}, "time interval [0, t1]", {}}},
          [](const Parameters& p) { return std::make_unique<Burgers>(p); }};
}

}  // namespace pinn::problems
