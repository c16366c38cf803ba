#pragma once
// problem.transform compiled: outputs written as formulas of the inputs, the network's
// raw outputs (N_u for output u), the parameters and the functions, so that conditions
// hold exactly (u = x*(1-x)*N_u + g(x)). The network applies it (network/mlp.h); its
// spec() text rebuilds it from a result file for `pinn eval`.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "solver/formula/formula.h"
#include "solver/network/output_transform.h"

namespace pinn {

// The name by which a transform reads the raw network output of `output`: N_u.
std::string raw_output_name(const std::string& output);

struct TransformSpec {
  // The problem's inputs, spatial axes, outputs, parameters (unknown ones without a
  // value: read as trained) and functions.
  formula::Scope scope;
  // One formula per output; "" leaves that output raw.
  std::vector<std::string> formulas;
};

// What a transform formula may read: `scope` with the raw outputs after its outputs
// (output k + outputs.size() is N of output k), and no normals.
formula::Scope transform_scope(formula::Scope scope);

class FormulaTransform : public OutputTransform {
 public:
  // Compiles every formula; throws formula::FormulaError (the config reader checks and
  // locates the faults first).
  explicit FormulaTransform(TransformSpec spec);

  at::Tensor apply(const at::Tensor& points, const at::Tensor& raw,
                   const std::map<std::string, at::Tensor>& unknowns) const override;
  std::vector<std::vector<at::Tensor>> apply_streams(
      const at::Tensor& points, const StreamPlan& plan, const std::vector<at::Tensor>& raw,
      const std::map<std::string, at::Tensor>& unknowns) const override;
  bool transforms(int output) const override;
  // YAML: inputs, spatial, outputs, parameters, functions, transform.
  std::string spec() const override;

 private:
  TransformSpec spec_;
  std::vector<std::string> names_;  // outputs, then raw outputs: the Fields' names
  std::vector<std::optional<formula::Program>> programs_;
};

// The transform whose spec() is `text`. Its unknown parameters become constants with the
// values in `identified` (a trained run's). Throws std::invalid_argument for a text that
// does not describe a transform, or an unknown parameter without a value.
std::shared_ptr<const OutputTransform> read_output_transform(
    const std::string& text, const std::map<std::string, double>& identified);

}  // namespace pinn
