#include "problems/navier_stokes/navier_stokes.h"

#include <ATen/ATen.h>

#include <cmath>

#include "problems/navier_stokes/ghia_1982.h"

namespace pinn::problems {
namespace {

constexpr int X = 0;
constexpr int Y = 1;
constexpr Output U{0}, V{1}, P{2};

class NavierStokes : public Problem {
 public:
  explicit NavierStokes(const Parameters& p) : re_(p.number("Re")), case_(p.text("case")) {
    if (!(re_ > 0) || !std::isfinite(re_)) {
      throw ParameterError("Re", "value " + to_string(re_) + " must be > 0 and finite");
    }
  }

  Domain domain() const override {
    if (case_ == "cavity") return {{"x", "y"}, {0.0, 0.0}, {1.0, 1.0}, -1};
    return {{"x", "y"}, {-0.5, -0.5}, {1.0, 1.5}, -1};
  }

  std::vector<std::string> outputs() const override { return {"u", "v", "p"}; }
  std::vector<std::string> up_to_constant() const override { return {"p"}; }

  std::vector<LossTerm> loss_terms() const override {
    return {
        {"residual",
         Region::Interior,
         10000,
         {{U},
          {V},
          {U, {X}},
          {U, {Y}},
          {V, {X}},
          {V, {Y}},
          {P, {X}},
          {P, {Y}},
          {U, {X, X}},
          {U, {Y, Y}},
          {V, {X, X}},
          {V, {Y, Y}}},
         [re = re_](const Fields& f) {
           const auto &u = f.u(U), &v = f.u(V);
           const auto momentum_x =
               u * f.d(U, X) + v * f.d(U, Y) + f.d(P, X) - (f.d(U, X, X) + f.d(U, Y, Y)) / re;
           const auto momentum_y =
               u * f.d(V, X) + v * f.d(V, Y) + f.d(P, Y) - (f.d(V, X, X) + f.d(V, Y, Y)) / re;
           const auto continuity = f.d(U, X) + f.d(V, Y);
           return at::cat({momentum_x, momentum_y, continuity}, 1);
         }},
        {"boundary",
         Region::Boundary,
         800,
         {{U}, {V}},
         [wall = boundary_velocity()](const Fields& f) {
           const auto velocity = wall(f.inputs());
           return at::cat({f.u(U) - velocity[0], f.u(V) - velocity[1]}, 1);
         }},
    };
  }

  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    if (case_ == "cavity") return std::nullopt;  // compared along Ghia's centre lines instead
    return tabulate(axes, kovasznay());
  }

  std::string no_reference_reason() const override {
    return "the lid-driven cavity has no closed-form solution; at re = 100 the centre lines are "
           "compared with Ghia, Ghia and Shin (1982) instead";
  }

  std::vector<Profile> profiles() const override {
    if (case_ != "cavity" || re_ != 100) return {};
    using namespace ghia_1982;
    const std::string metric = "max_centreline_error";
    return {{"u_vertical_centreline",
             U,
             Y,
             {0.5, 0.0},
             {kY.begin(), kY.end()},
             {kU.begin(), kU.end()},
             kSource,
             metric},
            {"v_horizontal_centreline",
             V,
             X,
             {0.0, 0.5},
             {kX.begin(), kX.end()},
             {kV.begin(), kV.end()},
             kSource,
             metric}};
  }

 private:
  // Kovasznay's u, v, p.
  std::vector<ClosedForm> kovasznay() const {
    const double lambda = re_ / 2 - std::sqrt(re_ * re_ / 4 + 4 * M_PI * M_PI);
    return {
        [=](const std::vector<at::Tensor>& in) {
          return 1 - at::exp(lambda * in[X]) * at::cos(2 * M_PI * in[Y]);
        },
        [=](const std::vector<at::Tensor>& in) {
          return lambda / (2 * M_PI) * at::exp(lambda * in[X]) * at::sin(2 * M_PI * in[Y]);
        },
        [=](const std::vector<at::Tensor>& in) { return (1 - at::exp(2 * lambda * in[X])) / 2; }};
  }

  // The velocity the walls impose: Kovasznay's, or the cavity's lid and still walls.
  std::function<std::vector<at::Tensor>(const std::vector<at::Tensor>&)> boundary_velocity() const {
    if (case_ == "cavity") {
      return [](const std::vector<at::Tensor>& in) {
        const auto lid = (in[Y] == 1.0).to(in[Y].scalar_type());
        return std::vector<at::Tensor>{lid, at::zeros_like(lid)};
      };
    }
    return [exact = kovasznay()](const std::vector<at::Tensor>& in) {
      return std::vector<at::Tensor>{exact[0](in), exact[1](in)};
    };
  }

  double re_;
  std::string case_;
};

}  // namespace

ProblemEntry navier_stokes_entry() {
  return {"navier_stokes",
          "steady incompressible 2-D flow (u, v, p): u.grad(u) = -grad(p) + Laplace(u) / Re, "
          "div(u) = 0",
          {{"Re", 20.0, "Reynolds number (> 0); Ghia's cavity tables are at 100", {}},
           {"case",
            std::string("kovasznay"),
            "kovasznay (exact solution on [-0.5, 1] x [-0.5, 1.5]) or cavity (lid-driven, "
            "[0, 1]^2)",
            {"kovasznay", "cavity"}}},
          [](const Parameters& p) { return std::make_unique<NavierStokes>(p); }};
}

}  // namespace pinn::problems
