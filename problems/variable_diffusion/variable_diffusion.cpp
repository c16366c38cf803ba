#include "problems/variable_diffusion/variable_diffusion.h"

#include <ATen/ATen.h>

#include <cmath>

#include "solver/reference/poisson_fd.h"

namespace pinn::problems {
namespace {

constexpr int X = 0;
constexpr int Y = 1;
const double kHalfSide = 1.0 / std::sqrt(2.0);
// The finest spacing the reference solves at has at least this many cells per axis.
constexpr int kReferenceCells = 256;

at::Tensor boundary_value(const Fields& f) {
  return at::cos(M_PI * f.input(X)) * at::cos(M_PI * f.input(Y));
}

class VariableDiffusion : public Problem {
 public:
  explicit VariableDiffusion(const Parameters& p) : alpha_(p.coefficient("alpha")) {
    const double a = alpha_.value();
    // 1 + alpha x must stay positive on the square for the equation to be elliptic.
    if (!std::isfinite(a) || !(std::abs(a) * kHalfSide < 1)) {
      throw ParameterError("alpha", "value " + to_string(a) +
                                        " must lie in (-sqrt 2, sqrt 2) so "
                                        "that 1 + alpha x > 0");
    }
  }

  Domain domain() const override {
    return {{"x", "y"}, {-kHalfSide, -kHalfSide}, {kHalfSide, kHalfSide}, -1};
  }

  std::vector<LossTerm> loss_terms() const override {
    return {
        {"residual",
         Region::Interior,
         10000,
         {{X}, {X, X}, {Y, Y}},
         [alpha = alpha_](const Fields& f) {
           const auto a = alpha(f);
           return (1 + a * f.input(X)) * (f.d(X, X) + f.d(Y, Y)) + a * f.d(X) + f.input(X) +
                  f.input(Y);
         }},
        {"boundary",
         Region::Boundary,
         400,
         {{}},
         [](const Fields& f) { return f.u() - boundary_value(f); }},
    };
  }

  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    // The fine grids hold every asked-for node: r and 2r fine cells per grid cell.
    std::vector<int> ratio;
    for (const auto& axis : axes) {
      const int cells = static_cast<int>(axis.size()) - 1;
      ratio.push_back(std::max(1, (kReferenceCells + 2 * cells - 1) / (2 * cells)));
    }
    const auto coarse = solve(axes, ratio, 1);
    const auto fine = solve(axes, ratio, 2);
    std::vector<double> out(coarse.size());
    for (size_t i = 0; i < out.size(); ++i) out[i] = (4 * fine[i] - coarse[i]) / 3;
    return OutputGrids{std::move(out)};
  }

 private:
  // u at the asked-for nodes from the solve with ratio * refine fine cells per cell.
  std::vector<double> solve(const std::vector<std::vector<double>>& axes,
                            const std::vector<int>& ratio, int refine) const {
    reference::PoissonFdProblem fd;
    for (size_t k = 0; k < axes.size(); ++k) {
      fd.lo.push_back(axes[k].front());
      fd.hi.push_back(axes[k].back());
      fd.points.push_back((static_cast<int>(axes[k].size()) - 1) * ratio[k] * refine + 1);
    }
    const double alpha = alpha_.value();
    fd.conductivity = [alpha](const double* x) { return 1 + alpha * x[X]; };
    fd.source = [](const double* x) { return x[X] + x[Y]; };
    fd.boundary = [](const double* x) { return std::cos(M_PI * x[X]) * std::cos(M_PI * x[Y]); };
    const auto u = reference::solve_poisson_fd(fd);
    const auto nx = axes[X].size(), ny = axes[Y].size();
    const auto fine_ny = static_cast<size_t>(fd.points[Y]);
    const auto step_x = static_cast<size_t>(ratio[X] * refine);
    const auto step_y = static_cast<size_t>(ratio[Y] * refine);
    std::vector<double> picked(nx * ny);
    for (size_t i = 0; i < nx; ++i) {
      for (size_t j = 0; j < ny; ++j) picked[i * ny + j] = u[i * step_x * fine_ny + j * step_y];
    }
    return picked;
  }

  Coefficient alpha_;
};

}  // namespace

ProblemEntry variable_diffusion_entry() {
  return {"variable_diffusion",
          "div((1 + alpha x) grad u) + x + y = 0 on [-1/sqrt 2, 1/sqrt 2]^2, u = cos(pi x) "
          "cos(pi y) on the boundary",
          {{"alpha", 0.5, "conductivity slope: k = 1 + alpha x (|alpha| < sqrt 2)", {}, true}},
          [](const Parameters& p) { return std::make_unique<VariableDiffusion>(p); }};
}

}  // namespace pinn::problems
