#include "problems/poisson/poisson.h"

#include <ATen/ATen.h>

#include <cmath>

#include "solver/reference/poisson_fd.h"

namespace pinn::problems {
namespace {

const std::vector<std::string> kAxes = {"x", "y", "z"};

class Poisson : public Problem {
 public:
  explicit Poisson(const Parameters& p)
      : dim_(static_cast<int>(p.integer("dim"))),
        k_(p.number("k")),
        box_(p.interval("domain")),
        case_(p.text("case")) {
    if (dim_ < 1 || dim_ > 3) {
      throw ParameterError("dim", "value " + std::to_string(dim_) + " must be 1, 2 or 3");
    }
    if (!std::isfinite(k_) || k_ <= 0) {
      throw ParameterError("k", "value " + to_string(k_) + " must be > 0");
    }
  }

  Domain domain() const override {
    return {std::vector<std::string>(kAxes.begin(), kAxes.begin() + dim_),
            std::vector<double>(dim_, box_.first), std::vector<double>(dim_, box_.second), -1};
  }

  std::vector<LossTerm> loss_terms() const override {
    std::vector<Partial> needs = {{}};
    for (int i = 0; i < dim_; ++i) needs.push_back({i, i});
    const int dim = dim_;
    const bool sine = case_ == "sine";
    const double k = k_;
    const auto exact = sine_solution();
    return {
        {"residual", Region::Interior, 2000, needs,
         [=](const Fields& f) {
           auto laplacian = f.d(0, 0);
           for (int i = 1; i < dim; ++i) laplacian = laplacian + f.d(i, i);
           const auto source =
               sine ? dim * k * k * M_PI * M_PI * exact(f.inputs()) : at::ones_like(laplacian);
           return -laplacian - source;
         }},
        {"boundary",
         Region::Boundary,
         400,
         {{}},
         [=](const Fields& f) { return sine ? f.u() - exact(f.inputs()) : f.u(); }},
    };
  }

  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    return OutputGrids{case_ == "sine" ? tabulate(axes, sine_solution())
                                       : finite_differences_on_grid(axes)};
  }

 private:
  // u = prod_i sin(k pi x_i)
  ClosedForm sine_solution() const {
    return [dim = dim_, k = k_](const std::vector<at::Tensor>& in) {
      auto u = at::sin(k * M_PI * in[0]);
      for (int i = 1; i < dim; ++i) u = u * at::sin(k * M_PI * in[i]);
      return u;
    };
  }

  std::vector<double> finite_differences_on_grid(
      const std::vector<std::vector<double>>& axes) const {
    reference::PoissonFdProblem fd;
    for (const auto& axis : axes) {
      fd.lo.push_back(axis.front());
      fd.hi.push_back(axis.back());
      fd.points.push_back(static_cast<int>(axis.size()));
    }
    fd.source = [](const double*) { return 1.0; };
    fd.boundary = [](const double*) { return 0.0; };
    return reference::solve_poisson_fd(fd);
  }

  int dim_;
  double k_;
  std::pair<double, double> box_;
  std::string case_;
};

}  // namespace

ProblemEntry poisson_entry() {
  return {"poisson",
          "-Laplace(u) = f on a box in 1-3 dimensions, u = g on the boundary",
          {{"dim", int64_t{2}, "space dimension (1, 2 or 3)", {}},
           {"k", 1.0, "wave number of the manufactured solution prod sin(k pi x_i)", {}},
           {"domain", std::vector<double>{0.0, 1.0}, "interval [lo, hi] of every axis", {}},
           {"case",
            std::string("sine"),
            "sine (manufactured) or unit_source (f = 1, g = 0)",
            {"sine", "unit_source"}}},
          [](const Parameters& p) { return std::make_unique<Poisson>(p); }};
}

}  // namespace pinn::problems
