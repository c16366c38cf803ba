#include "solver/formula_problem/problem_section.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "solver/common/text.h"
#include "solver/config/config_error.h"
#include "solver/formula_problem/condition_section.h"
#include "solver/formula_problem/domain_section.h"
#include "solver/formula_problem/formula_problem.h"
#include "solver/formula_problem/formula_scope.h"
#include "solver/formula_problem/formula_terms.h"
#include "solver/formula_problem/transform_section.h"
#include "solver/io/reference_table.h"

namespace pinn {
namespace {

using config::LocatedText;
using config::Reader;
using config::Rule;

constexpr int64_t kEquationPoints = 5000;

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string bounds_text(double lo, double hi) {
  return "[" + shortest_decimal(lo) + ", " + shortest_decimal(hi) + "]";
}

// problem.time: the time input's name, or with a domain shape and inputs listed by name,
// {t: [lo, hi]}.
void read_time(const Reader& section, Domain& domain, bool listed) {
  if (!section.has("time")) return;
  const auto node = section.node("time");
  std::string name;
  if (node.IsMap() && listed) {
    const auto time = section.section("time");
    const auto keys = time.keys();
    if (keys.size() != 1) section.fail("time", "must be one input and its interval: {t: [0, 1]}");
    name = keys[0];
    const auto bounds = time.required_numbers(name);
    if (bounds.size() != 2 || !(bounds[0] < bounds[1])) {
      time.fail(name, "must be an interval [lo, hi] with lo < hi");
    }
    time.finish();
    const auto it = std::find(domain.names.begin(), domain.names.end(), name);
    if (it == domain.names.end()) {
      section.fail("time", "'" + name + "' is not an input; inputs: " + join(domain.names));
    }
    const auto axis = static_cast<size_t>(it - domain.names.begin());
    domain.lo[axis] = bounds[0];
    domain.hi[axis] = bounds[1];
  } else {
    if (listed) section.fail("time", "must give the time's interval too: {t: [0, 1]}");
    name = section.required_choice("time", domain.names);
  }
  domain.time_axis = static_cast<int>(std::find(domain.names.begin(), domain.names.end(), name) -
                                      domain.names.begin());
}

Domain read_inputs(const Reader& section) {
  Domain domain;
  const bool shaped = section.has("domain");
  // `domain: ~` (or an override to it) means the inputs' box.
  if (!shaped) (void)section.optional_section("domain");
  const bool listed = section.has("inputs") && section.node("inputs").IsSequence();
  if (listed) {
    if (!shaped) {
      section.fail("inputs",
                   "lists names only, which needs a `domain` shape to bound them; "
                   "give intervals instead: {x: [0, 1]}");
    }
    for (const auto& text : section.located_texts("inputs")) {
      if (!is_identifier(text.text)) {
        throw config::ConfigError(text.location, "key '" + text.path + "': '" + text.text +
                                                     "' is not a name: use letters, digits "
                                                     "and '_', starting with a letter");
      }
      domain.names.push_back(text.text);
      domain.lo.push_back(0);
      domain.hi.push_back(1);
    }
  } else {
    if (shaped) {
      section.fail("inputs",
                   "with a `domain` shape, list the inputs by name ([x, y]); the shape "
                   "bounds them (and `time: {t: [0, 1]}` the time)");
    }
    const auto inputs = section.section("inputs");
    for (const auto& name : inputs.keys()) {
      if (!is_identifier(name)) {
        inputs.fail(name, "is not a name: use letters, digits and '_', starting with a letter");
      }
      const auto bounds = inputs.required_numbers(name);
      if (bounds.size() != 2 || !(bounds[0] < bounds[1])) {
        inputs.fail(name, "must be an interval [lo, hi] with lo < hi");
      }
      domain.names.push_back(name);
      domain.lo.push_back(bounds[0]);
      domain.hi.push_back(bounds[1]);
    }
    inputs.finish();
  }
  if (domain.names.empty()) section.fail("inputs", "must name at least one input: {x: [0, 1]}");
  read_time(section, domain, listed);
  if (shaped) {
    std::vector<std::string> spatial;
    for (const int a : domain.spatial_axes()) spatial.push_back(domain.names[size_t(a)]);
    domain.shape = read_domain(section, spatial);
    const auto bounds = domain.shape->bounds();
    const auto axes = domain.spatial_axes();
    for (size_t k = 0; k < axes.size(); ++k) {
      domain.lo[size_t(axes[k])] = bounds.lo[k];
      domain.hi[size_t(axes[k])] = bounds.hi[k];
    }
  }
  try {
    domain.validate();
  } catch (const std::invalid_argument& e) {
    section.fail("inputs", e.what());
  }
  return domain;
}

std::vector<std::string> read_outputs(const Reader& section) {
  if (!section.has("outputs")) return {"u"};
  std::vector<std::string> outputs;
  for (const auto& text : section.located_texts("outputs")) {
    if (!is_identifier(text.text)) {
      throw config::ConfigError(text.location, "key '" + text.path + "': '" + text.text +
                                                   "' is not a name: use letters, digits and '_'");
    }
    if (std::find(outputs.begin(), outputs.end(), text.text) != outputs.end()) {
      throw config::ConfigError(
          text.location, "key '" + text.path + "': output '" + text.text + "' is listed twice");
    }
    outputs.push_back(text.text);
  }
  return outputs;
}

std::vector<formula::Parameter> read_parameters(const Reader& section) {
  std::vector<formula::Parameter> parameters;
  const auto s = section.section("parameters");
  for (const auto& name : s.keys()) parameters.push_back({name, s.required_number(name)});
  s.finish();
  return parameters;
}

// "u0(x)" -> u0 with argument x; "g" -> g without arguments.
formula::FunctionDefinition parse_signature(const LocatedText& text) {
  const auto key = text.path.substr(text.path.rfind('.') + 1);
  formula::FunctionDefinition f;
  f.body = text.text;
  const auto open = key.find('(');
  f.name = key.substr(0, open);
  bool ok = is_identifier(f.name);
  if (open != std::string::npos) {
    ok = ok && key.back() == ')';
    const std::string inside = key.substr(open + 1, key.size() - open - 2);
    for (size_t begin = 0; ok && begin <= inside.size();) {
      const auto comma = std::min(inside.find(',', begin), inside.size());
      std::string arg = inside.substr(begin, comma - begin);
      arg.erase(0, std::min(arg.find_first_not_of(' '), arg.size()));
      arg.erase(arg.find_last_not_of(' ') + 1);
      ok = is_identifier(arg);
      f.arguments.push_back(arg);
      begin = comma + 1;
    }
  }
  if (!ok) {
    throw config::ConfigError(text.location, "key '" + text.path +
                                                 "': a function is declared as name or "
                                                 "name(argument, ...), e.g. u0(x)");
  }
  return f;
}

std::string parameter_line(const std::vector<formula::Parameter>& parameters,
                           const std::vector<std::string>& unknowns) {
  std::string line;
  for (const auto& p : parameters) {
    const bool trained = std::find(unknowns.begin(), unknowns.end(), p.name) != unknowns.end();
    line += (line.empty() ? "" : ", ") + p.name + " = " + shortest_decimal(*p.value) +
            (trained ? " (unknown, trained from data)" : "");
  }
  return "parameters: " + (line.empty() ? std::string("none") : line);
}

std::string input_line(const Domain& d) {
  std::string line;
  for (int k = 0; k < d.dim(); ++k) {
    line += (k ? ", " : "") + d.names[k] + " in " + bounds_text(d.lo[k], d.hi[k]) +
            (k == d.time_axis ? " (time)" : "");
  }
  return "inputs: " + line;
}

LossTerm read_equations(const Reader& section, const FormulaScope& scope, const Domain& domain,
                        std::vector<std::string>& description) {
  std::vector<formula::Program> programs;
  for (const auto& text : section.located_texts("equations", true)) {
    programs.push_back(scope.equation(text));
    const auto& p = programs.back();
    if (p.outputs_read().empty()) {
      throw config::ConfigError(text.location, "key '" + text.path +
                                                   "': the equation reads no output, so the "
                                                   "network could not satisfy it");
    }
    if (!p.smooth_in_outputs()) {
      throw config::ConfigError(text.location, "key '" + text.path + "': the equation " +
                                                   kOnlyThroughSteps + " could not satisfy it");
    }
    description.push_back("equation " + text.path.substr(text.path.find("equations")) + ": " +
                          p.text() + "  (" + reads_text({p}, scope.scope()) + ")");
  }
  if (programs.empty()) section.fail("equations", "must give at least one equation");
  return formula_term("residual", domain, std::move(programs), Region::Interior, {},
                      kEquationPoints);
}

void read_reference(const Reader& problem, const FormulaScope& scope, const Domain& domain,
                    FormulaProblemParts& parts) {
  const auto section = problem.optional_section("reference");
  if (!section) return;
  const auto& outputs = parts.outputs;
  if (section->has("exact")) {
    const auto exact = section->section("exact");
    for (const auto& key : exact.keys()) {
      if (std::find(outputs.begin(), outputs.end(), key) == outputs.end()) {
        exact.fail(key, "is not an output; outputs: " + join(outputs));
      }
    }
    for (const auto& output : outputs) {
      if (!exact.has(output)) {
        exact.fail(output,
                   "is missing: an exact solution gives every output (" + join(outputs) + ")");
      }
      parts.exact.push_back(scope.of_inputs(exact.located_text(output)));
    }
    exact.finish();
    parts.description.push_back("reference: exact solution of " + join(outputs));
  }
  if (section->has("file")) {
    const auto file = section->required_string("file");
    const auto format = reference_format(
        section->choice("format", "auto", {"auto", "comsol", "csv", "hdf5", "text"}));
    try {
      parts.test_points =
          read_reference_table(file, domain.names, outputs, domain.time_axis, format);
    } catch (const std::invalid_argument& e) {
      section->fail("file", e.what());
    }
    const auto& t = *parts.test_points;
    parts.description.push_back(
        "reference: " + std::to_string(t.count()) + " test points of " + file + " (" +
        join(t.outputs) + ")" +
        (t.skipped_rows > 0 ? ", " + std::to_string(t.skipped_rows) + " NaN rows skipped" : ""));
  }
  parts.up_to_constant = section->choices("up_to_constant", {}, outputs);
  section->finish();
}

}  // namespace

bool is_formula_problem(const Reader& section) { return section.has("equations"); }

FormulaProblemSection read_formula_problem(const Reader& section,
                                           const std::vector<std::string>& unknowns) {
  FormulaProblemSection result;
  result.name =
      section.string("name", "formula", Rule<std::string>(is_identifier, "must be a name"));
  FormulaProblemParts parts;
  parts.domain = read_inputs(section);
  parts.outputs = read_outputs(section);

  formula::Scope scope;
  scope.inputs = parts.domain.names;
  scope.spatial_axes = parts.domain.spatial_axes();
  scope.outputs = parts.outputs;
  scope.parameters = read_parameters(section);
  for (const auto& p : scope.parameters) result.parameters.push_back(p.name);
  std::vector<LocatedText> function_texts;
  if (section.has("functions")) function_texts = section.located_texts("functions", true);
  for (const auto& text : function_texts) scope.functions.push_back(parse_signature(text));
  const FormulaScope formulas(section, scope, function_texts, unknowns);

  parts.description.push_back(input_line(parts.domain));
  if (parts.domain.shape) {
    const auto lines = parts.domain.shape->description();
    for (size_t i = 0; i < lines.size(); ++i) {
      parts.description.push_back((i == 0 ? "domain: " : "        ") + lines[i]);
    }
    parts.description.push_back("boundary parts: " + join(parts.domain.shape->parts()));
  }
  parts.description.push_back("outputs: " + join(parts.outputs));
  parts.description.push_back(parameter_line(scope.parameters, unknowns));
  for (const auto& f : scope.functions) {
    parts.description.push_back("function " + f.name +
                                (f.arguments.empty() ? "" : "(" + join(f.arguments) + ")") + " = " +
                                f.body);
  }
  parts.transform = read_transform(section, scope, function_texts, unknowns, parts.description);
  parts.terms.push_back(read_equations(section, formulas, parts.domain, parts.description));
  for (auto& term : read_conditions(section, formulas, parts.domain, parts.description)) {
    parts.terms.push_back(std::move(term));
  }
  read_reference(section, formulas, parts.domain, parts);
  section.finish();
  result.problem = std::make_shared<FormulaProblem>(std::move(parts));
  return result;
}

}  // namespace pinn
