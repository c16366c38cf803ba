#include "problems/regression/regression.h"

#include <ATen/ATen.h>

#include "solver/expression/expression.h"
#include "solver/io/samples.h"
#include "solver/reference/interpolation.h"

namespace pinn::problems {
namespace {

// Inputs x, y, z up to three dimensions; above, x1 .. x<dim>, as letters run out.
std::vector<std::string> input_names(int dim) {
  if (dim <= 3) {
    const std::vector<std::string> letters = {"x", "y", "z"};
    return std::vector<std::string>(letters.begin(), letters.begin() + dim);
  }
  std::vector<std::string> names;
  for (int i = 1; i <= dim; ++i) names.push_back("x" + std::to_string(i));
  return names;
}

class Regression : public Problem {
 public:
  explicit Regression(const Parameters& p)
      : dim_(static_cast<int>(p.integer("dim"))), box_(p.interval("domain")) {
    if (dim_ < 1 || dim_ > kMaxInputs) {
      throw ParameterError("dim", "value " + std::to_string(dim_) + " must be between 1 and " +
                                      std::to_string(kMaxInputs));
    }
    const auto& target = p.text("target");
    const auto& file = p.text("file");
    if (target.empty() == file.empty()) {
      throw ParameterError(file.empty() ? "target" : "file",
                           "give exactly one of problem.target (a formula) and problem.file "
                           "(samples)");
    }
    if (!target.empty()) {
      try {
        target_ = Expression::parse(target, inputs());
      } catch (const ExpressionError& e) {
        throw ParameterError("target", e.what());
      }
    } else {
      read_file(file);
    }
  }

  Domain domain() const override {
    return {inputs(), std::vector<double>(dim_, box_.first), std::vector<double>(dim_, box_.second),
            -1};
  }

  std::vector<LossTerm> loss_terms() const override {
    LossTerm data{
        "data", Region::Interior, 300, {{}}, [](const Fields& f) { return f.u() - f.data(); }};
    if (target_) {
      data.data = [target = *target_](const std::vector<double>& points) {
        return target.evaluate_rows(points);
      };
    } else {
      data.fixed_points = samples_.points;
      data.data = [values = samples_.values](const std::vector<double>&) { return values; };
    }
    return {data};
  }

  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    if (target_) return OutputGrids{target_->evaluate_rows(grid_points(axes))};
    if (dim_ == 1) {
      return OutputGrids{reference::interpolate_linear(samples_.points, samples_.values, axes[0])};
    }
    return std::nullopt;
  }

  std::string no_reference_reason() const override {
    return "samples from a file are interpolated onto the output grid in one dimension only "
           "(dim = 1); give a target formula to compare against in " +
           std::to_string(dim_) + " dimensions";
  }

 private:
  std::vector<std::string> inputs() const { return input_names(dim_); }

  void read_file(const std::string& file) {
    try {
      samples_ = read_samples(file, dim_);
    } catch (const std::invalid_argument& e) {
      throw ParameterError("file", e.what());
    }
    const auto names = inputs();
    try {
      require_points_inside(file, samples_.points, samples_.lines,
                            {names, std::vector<double>(names.size(), box_.first),
                             std::vector<double>(names.size(), box_.second)},
                            "remove that sample, or widen problem.domain");
    } catch (const std::invalid_argument& e) {
      throw ParameterError("file", e.what());
    }
  }

  int dim_;
  std::pair<double, double> box_;
  std::optional<Expression> target_;
  Samples samples_;
};

}  // namespace

ProblemEntry regression_entry() {
  return {"regression",
          "u(x) = target(x) at the data points: fit a formula or a file of samples",
          {{"dim",
            int64_t{1},
            "number of inputs, 1 to 16: x (y, z) up to 3, x1 .. x<dim> from 4 on",
            {}},
           {"domain", std::vector<double>{-1.0, 1.0}, "interval [lo, hi] of every axis", {}},
           {"target", std::string(""), "formula of the inputs, e.g. sin(6*x)^3", {}},
           {"file", std::string(""), "text file of samples: coordinates, then the value", {}}},
          [](const Parameters& p) { return std::make_unique<Regression>(p); }};
}

}  // namespace pinn::problems
