#pragma once
// A problem written entirely in the config (problem.inputs, outputs, parameters,
// functions, equations, conditions, reference): its parts compiled from formulas by
// problem_section.h, held here behind the Problem interface.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "solver/formula/formula.h"
#include "solver/problem/problem.h"

namespace pinn {

struct FormulaProblemParts {
  Domain domain;
  std::vector<std::string> outputs;
  std::vector<LossTerm> terms;
  // The exact solution, one program per output (reads inputs and known parameters), or none.
  std::vector<formula::Program> exact;
  std::optional<TestPoints> test_points;
  std::vector<std::string> up_to_constant;
  std::vector<std::string> description;
  std::shared_ptr<const OutputTransform> transform;  // problem.transform, or null
};

class FormulaProblem : public Problem {
 public:
  explicit FormulaProblem(FormulaProblemParts parts) : parts_(std::move(parts)) {}

  Domain domain() const override { return parts_.domain; }
  std::vector<std::string> outputs() const override { return parts_.outputs; }
  std::vector<LossTerm> loss_terms() const override { return parts_.terms; }
  std::optional<OutputGrids> reference(const std::vector<std::vector<double>>& axes) const override;
  std::string no_reference_reason() const override;
  std::vector<std::string> up_to_constant() const override { return parts_.up_to_constant; }
  std::optional<TestPoints> test_points() const override { return parts_.test_points; }
  std::vector<std::string> description() const override { return parts_.description; }
  std::shared_ptr<const OutputTransform> output_transform() const override {
    return parts_.transform;
  }

 private:
  FormulaProblemParts parts_;
};

}  // namespace pinn
