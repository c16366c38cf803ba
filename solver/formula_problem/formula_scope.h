#pragma once
// The compilers of one formula problem and the places their texts came from, so that a
// formula's fault is reported at its own line and column.

#include <map>
#include <string>
#include <vector>

#include "solver/config/reader.h"
#include "solver/formula/formula.h"

namespace pinn {

class FormulaScope {
 public:
  // `unknowns`: parameters read as trained values by equations and conditions.
  // Throws config::ConfigError for a scope that does not compile (a name clash, a function
  // that does not parse or calls itself).
  FormulaScope(const config::Reader& section, formula::Scope scope,
               std::vector<config::LocatedText> function_texts,
               const std::vector<std::string>& unknowns);

  // Residual formulas: read outputs, their derivatives and trained parameters.
  formula::Program equation(const config::LocatedText& text) const;
  // As equation(), also reading the box's normals (n_x, u_n).
  formula::Program condition(const config::LocatedText& text) const;
  // Formulas of the inputs and given parameters only: predicates, exact solutions.
  formula::Program of_inputs(const config::LocatedText& text) const;

  const formula::Scope& scope() const { return equations_.scope(); }

 private:
  formula::Program compile(const formula::Compiler& compiler,
                           const config::LocatedText& text) const;
  [[noreturn]] void fail(const formula::FormulaError& error, const config::LocatedText* text) const;

  config::Reader section_;
  std::map<std::string, config::LocatedText> functions_;  // by function name
  formula::Compiler equations_, conditions_, inputs_only_;
};

}  // namespace pinn
