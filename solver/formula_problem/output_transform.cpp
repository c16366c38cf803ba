#include "solver/formula_problem/output_transform.h"

#include <ATen/ATen.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn {

std::string raw_output_name(const std::string& output) { return "N_" + output; }

formula::Scope transform_scope(formula::Scope scope) {
  const auto outputs = scope.outputs;
  for (const auto& o : outputs) scope.outputs.push_back(raw_output_name(o));
  scope.normals = false;
  return scope;
}

FormulaTransform::FormulaTransform(TransformSpec spec) : spec_(std::move(spec)) {
  const auto scope = transform_scope(spec_.scope);
  names_ = scope.outputs;
  const formula::Compiler compiler(scope);
  spec_.formulas.resize(spec_.scope.outputs.size());
  for (const auto& text : spec_.formulas) {
    programs_.push_back(text.empty() ? std::nullopt
                                     : std::optional<formula::Program>(compiler.compile(text)));
  }
}

bool FormulaTransform::transforms(int output) const {
  return output >= 0 && static_cast<size_t>(output) < programs_.size() &&
         programs_[static_cast<size_t>(output)].has_value();
}

at::Tensor FormulaTransform::apply(const at::Tensor& points, const at::Tensor& raw,
                                   const std::map<std::string, at::Tensor>& unknowns) const {
  const auto n = static_cast<int>(programs_.size());
  const auto columns = raw.split(1, 1);
  Fields fields(points, spec_.scope.inputs, names_);
  for (int k = 0; k < n; ++k) fields.set(Partial(Output{n + k}), columns[static_cast<size_t>(k)]);
  formula::Context context{points, &fields, unknowns};
  std::vector<at::Tensor> outputs;
  for (int k = 0; k < n; ++k) {
    const auto& program = programs_[static_cast<size_t>(k)];
    outputs.push_back(program ? program->evaluate(context) : columns[static_cast<size_t>(k)]);
  }
  return n == 1 ? outputs[0] : at::cat(outputs, 1);
}

std::vector<std::vector<at::Tensor>> FormulaTransform::apply_streams(
    const at::Tensor& points, const StreamPlan& plan, const std::vector<at::Tensor>& raw,
    const std::map<std::string, at::Tensor>& unknowns) const {
  const auto n = programs_.size();
  // The jets of the raw outputs, then of the outputs read by name (N_u is output n + k).
  std::vector<std::vector<at::Tensor>> jets(2 * n);
  for (size_t k = 0; k < n; ++k) {
    for (const auto& stream : raw)
      jets[n + k].push_back(stream.narrow(1, static_cast<int64_t>(k), 1));
  }
  const formula::Context context{points, nullptr, unknowns};
  for (size_t k = 0; k < n; ++k) {
    jets[k] = programs_[k] ? programs_[k]->evaluate_jet(context, plan, jets) : jets[n + k];
  }
  jets.resize(n);
  return jets;
}

std::string FormulaTransform::spec() const {
  const auto& s = spec_.scope;
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "inputs" << YAML::Value << YAML::Flow << s.inputs;
  out << YAML::Key << "spatial" << YAML::Value << YAML::Flow << s.spatial_axes;
  out << YAML::Key << "outputs" << YAML::Value << YAML::Flow << s.outputs;
  out << YAML::Key << "parameters" << YAML::Value << YAML::BeginMap;
  for (const auto& p : s.parameters) {
    out << YAML::Key << p.name << YAML::Value;
    if (p.value) {
      out << shortest_decimal(*p.value);
    } else {
      out << YAML::Null;
    }
  }
  out << YAML::EndMap;
  out << YAML::Key << "functions" << YAML::Value << YAML::BeginSeq;
  for (const auto& f : s.functions) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << f.name;
    out << YAML::Key << "arguments" << YAML::Value << YAML::Flow << f.arguments;
    out << YAML::Key << "body" << YAML::Value << YAML::DoubleQuoted << f.body << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "transform" << YAML::Value << YAML::BeginMap;
  for (size_t k = 0; k < s.outputs.size(); ++k) {
    if (spec_.formulas[k].empty()) continue;
    out << YAML::Key << s.outputs[k] << YAML::Value << YAML::DoubleQuoted << spec_.formulas[k];
  }
  out << YAML::EndMap << YAML::EndMap;
  return out.c_str();
}

std::shared_ptr<const OutputTransform> read_output_transform(
    const std::string& text, const std::map<std::string, double>& identified) {
  try {
    const auto root = YAML::Load(text);
    TransformSpec spec;
    auto& s = spec.scope;
    s.inputs = root["inputs"].as<std::vector<std::string>>();
    s.spatial_axes = root["spatial"].as<std::vector<int>>();
    s.outputs = root["outputs"].as<std::vector<std::string>>();
    for (const auto& p : root["parameters"]) {
      const auto name = p.first.as<std::string>();
      if (!p.second.IsNull()) {
        s.parameters.push_back({name, std::stod(p.second.as<std::string>())});
        continue;
      }
      const auto value = identified.find(name);
      if (value == identified.end()) {
        throw std::invalid_argument("the transform reads the trained parameter '" + name +
                                    "', whose value the result does not hold");
      }
      s.parameters.push_back({name, value->second});
    }
    for (const auto& f : root["functions"]) {
      s.functions.push_back({f["name"].as<std::string>(),
                             f["arguments"].as<std::vector<std::string>>(),
                             f["body"].as<std::string>()});
    }
    spec.formulas.resize(s.outputs.size());
    for (const auto& t : root["transform"]) {
      const auto output = t.first.as<std::string>();
      const auto it = std::find(s.outputs.begin(), s.outputs.end(), output);
      if (it == s.outputs.end()) {
        throw std::invalid_argument("the transform of '" + output + "', which is not an output");
      }
      spec.formulas[static_cast<size_t>(it - s.outputs.begin())] = t.second.as<std::string>();
    }
    return std::make_shared<FormulaTransform>(std::move(spec));
  } catch (const YAML::Exception& e) {
    throw std::invalid_argument(std::string("output transform: ") + e.what());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("output transform: ") + e.what());
  }
}

}  // namespace pinn
