#include "solver/formula_problem/formula_scope.h"

#include <algorithm>

#include "solver/config/config_error.h"

namespace pinn {
namespace {

formula::Scope with(formula::Scope scope, bool outputs, bool normals,
                    const std::vector<std::string>& unknowns) {
  if (!outputs) scope.outputs.clear();
  scope.normals = normals;
  for (auto& p : scope.parameters) {
    if (std::find(unknowns.begin(), unknowns.end(), p.name) != unknowns.end()) {
      p.value = std::nullopt;
    }
  }
  return scope;
}

// Compilers are built inside the constructor's body so that a scope error is located.
formula::Compiler build(const formula::Scope& scope,
                        const std::function<void(const formula::FormulaError&)>& fail) {
  try {
    return formula::Compiler(scope);
  } catch (const formula::FormulaError& e) {
    fail(e);
    throw;
  }
}

}  // namespace

FormulaScope::FormulaScope(const config::Reader& section, formula::Scope scope,
                           std::vector<config::LocatedText> function_texts,
                           const std::vector<std::string>& unknowns)
    : section_(section),
      functions_([&] {
        std::map<std::string, config::LocatedText> by_name;
        for (size_t i = 0; i < function_texts.size(); ++i) {
          by_name.emplace(scope.functions.at(i).name, function_texts[i]);
        }
        return by_name;
      }()),
      equations_(build(with(scope, true, false, unknowns),
                       [this](const formula::FormulaError& e) { fail(e, nullptr); })),
      conditions_(build(with(scope, true, true, unknowns),
                        [this](const formula::FormulaError& e) { fail(e, nullptr); })),
      inputs_only_(build(with(scope, false, false, {}),
                         [this](const formula::FormulaError& e) { fail(e, nullptr); })) {}

formula::Program FormulaScope::equation(const config::LocatedText& text) const {
  return compile(equations_, text);
}
formula::Program FormulaScope::condition(const config::LocatedText& text) const {
  return compile(conditions_, text);
}
formula::Program FormulaScope::of_inputs(const config::LocatedText& text) const {
  return compile(inputs_only_, text);
}

formula::Program FormulaScope::compile(const formula::Compiler& compiler,
                                       const config::LocatedText& text) const {
  try {
    return compiler.compile(text.text);
  } catch (const formula::FormulaError& e) {
    fail(e, &text);
  }
}

void FormulaScope::fail(const formula::FormulaError& error, const config::LocatedText* text) const {
  const config::LocatedText* where = text;
  if (!error.origin().empty()) {
    const auto it = functions_.find(error.origin());
    if (it != functions_.end()) where = &it->second;
  }
  if (where == nullptr) {
    throw config::ConfigError(section_.location(),
                              "key '" + section_.path() + "': " + error.what());
  }
  throw config::ConfigError(where->at(error.column()),
                            "key '" + where->path + "': " + error.what());
}

}  // namespace pinn
