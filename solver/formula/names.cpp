#include "solver/formula/names.h"

#include <algorithm>
#include <stdexcept>

#include "solver/autodiff/partial_name.h"
#include "solver/common/text.h"

namespace pinn::formula {
namespace {

std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

[[noreturn]] void fail_scope(const std::string& what) {
  throw FormulaError("formula scope: " + what, "", 0);
}

std::string listed(const std::vector<std::string>& names) {
  return names.empty() ? std::string("none") : join(names);
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

int position(const std::vector<std::string>& names, const std::string& name) {
  const auto found = std::find(names.begin(), names.end(), name);
  return found == names.end() ? -1 : static_cast<int>(found - names.begin());
}

std::string with_article(const std::string& noun) {
  return (noun[0] == 'i' || noun[0] == 'o' ? "an " : "a ") + noun;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.size() > prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

// The rule parse_partial_name names ("order 5 is above the highest, 4"), without the
// spec before it and the names listed after it, which the caller's message gives.
std::string rule_broken(const std::string& message, const std::string& spec) {
  const std::string head = "derivative " + in_quotes(spec) + ": ";
  const auto tail = message.find("; outputs: ");
  if (message.compare(0, head.size(), head) != 0 || tail == std::string::npos) return message;
  return message.substr(head.size(), tail - head.size());
}

}  // namespace

void fail(const Source& source, int column, const std::string& what) {
  std::string where = "formula " + in_quotes(source.text);
  if (!source.origin.empty()) {
    std::string name = source.origin;
    if (source.arguments != nullptr) name += "(" + join(*source.arguments) + ")";
    where = "function " + in_quotes(name) + " = " + in_quotes(source.text);
  }
  throw FormulaError(where + ": column " + std::to_string(column) + ": " + what, source.origin,
                     column);
}

Names::Names(const Scope& scope) : scope_(scope) {
  struct Named {
    const std::string* name;
    const char* noun;
  };
  std::vector<Named> all;
  for (const auto& name : scope.inputs) all.push_back({&name, "input"});
  for (const auto& name : scope.outputs) all.push_back({&name, "output"});
  for (const auto& parameter : scope.parameters) all.push_back({&parameter.name, "parameter"});
  for (const auto& function : scope.functions) all.push_back({&function.name, "function"});
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::string& name = *all[i].name;
    const std::string problem = name_problem(name);
    if (!problem.empty()) fail_scope(all[i].noun + (" " + in_quotes(name)) + " " + problem);
    for (std::size_t j = 0; j < i; ++j) {
      if (*all[j].name != name) continue;
      if (std::string(all[j].noun) == all[i].noun)
        fail_scope(in_quotes(name) + " is listed twice as " + with_article(all[i].noun));
      fail_scope(in_quotes(name) + " is both " + with_article(all[j].noun) + " and " +
                 with_article(all[i].noun));
    }
  }
  std::vector<int> seen;
  for (const int axis : scope.spatial_axes) {
    if (axis < 0 || axis >= static_cast<int>(scope.inputs.size()))
      fail_scope("spatial axis " + std::to_string(axis) + " is not an input's index (" +
                 std::to_string(scope.inputs.size()) + " inputs)");
    if (std::find(seen.begin(), seen.end(), axis) != seen.end())
      fail_scope("spatial axis " + std::to_string(axis) + " is listed twice");
    seen.push_back(axis);
  }
  for (const auto& function : scope.functions) check_arguments(function);
}

std::string Names::name_problem(const std::string& name) const {
  if (!syntax::is_name(name))
    return "is not a name (letters, digits and '_', not starting with a digit)";
  if (builtins::find_function(name) != nullptr || name == "d" || name == "laplacian")
    return "is named like a built-in function; choose another name";
  if (builtins::find_constant(name))
    return "is named like a built-in constant; choose another name";
  if (contains(scope_.outputs, name)) return "";
  Partial partial;
  if (derivative(name, partial, nullptr))
    return "reads as the derivative " + partial.label(scope_.inputs, scope_.outputs) +
           "; choose another name";
  if (!scope_.normals) return "";
  for (const auto& input : scope_.inputs) {
    if (name == "n_" + input)
      return "reads as the normal's " + input + " component; choose another name";
  }
  for (const auto& output : scope_.outputs) {
    if (name == output + "_n")
      return "reads as the normal derivative of " + output + "; choose another name";
  }
  return "";
}

void Names::check_arguments(const FunctionDefinition& function) const {
  for (std::size_t i = 0; i < function.arguments.size(); ++i) {
    const std::string& argument = function.arguments[i];
    auto fail_argument = [&](const std::string& why) {
      throw FormulaError(
          "function " + in_quotes(function.name) + ": argument " + in_quotes(argument) + " " + why,
          function.name, 0);
    };
    const std::string problem = name_problem(argument);
    if (!problem.empty()) fail_argument(problem);
    if (std::find(function.arguments.begin(), function.arguments.begin() + i, argument) !=
        function.arguments.begin() + i)
      fail_argument("is listed twice");
    const std::string role = role_of(argument);
    if (!role.empty() && role != "an input") fail_argument("is also the name of " + role);
  }
}

std::string Names::role_of(const std::string& name) const {
  if (contains(scope_.inputs, name)) return "an input";
  if (contains(scope_.outputs, name)) return "an output";
  for (const auto& parameter : scope_.parameters)
    if (parameter.name == name) return "a parameter";
  if (function_index(name) >= 0) return "a function";
  return "";
}

int Names::function_index(const std::string& name) const {
  for (std::size_t i = 0; i < scope_.functions.size(); ++i)
    if (scope_.functions[i].name == name) return static_cast<int>(i);
  return -1;
}

bool Names::derivative(const std::string& name, Partial& partial, std::string* why) const {
  if (scope_.outputs.empty() || scope_.inputs.empty()) return false;
  const bool shaped = std::any_of(scope_.outputs.begin(), scope_.outputs.end(),
                                  [&](const std::string& o) { return starts_with(name, o + "_"); });
  if (!shaped) return false;
  try {
    partial = parse_partial_name(name, scope_.inputs, scope_.outputs);
    return true;
  } catch (const std::invalid_argument& e) {
    if (why != nullptr) *why = rule_broken(e.what(), name);
    return false;
  }
}

std::string Names::listing(const Source& source) const {
  std::string text;
  if (source.arguments != nullptr) text = "arguments: " + listed(*source.arguments) + "; ";
  std::vector<std::string> parameters;
  std::vector<std::string> functions;
  for (const auto& parameter : scope_.parameters) parameters.push_back(parameter.name);
  for (const auto& function : scope_.functions) functions.push_back(function.name);
  return text + "inputs: " + listed(scope_.inputs) + "; outputs: " + listed(scope_.outputs) +
         "; parameters: " + listed(parameters) + "; functions: " + listed(functions);
}

Meaning Names::meaning(const std::string& name, const Source& source, int column) const {
  using Kind = Meaning::Kind;
  auto make = [](Kind kind, int index) {
    Meaning m;
    m.kind = kind;
    m.index = index;
    return m;
  };
  if (source.arguments != nullptr) {
    const int argument = position(*source.arguments, name);
    if (argument >= 0) return make(Kind::Argument, argument);
  }
  if (const int input = position(scope_.inputs, name); input >= 0) return make(Kind::Input, input);
  if (const int output = position(scope_.outputs, name); output >= 0) {
    Meaning m = make(Kind::Output, output);
    m.partial = Partial(Output{output});
    return m;
  }
  for (std::size_t i = 0; i < scope_.parameters.size(); ++i)
    if (scope_.parameters[i].name == name) return make(Kind::Parameter, static_cast<int>(i));
  if (const int function = function_index(name); function >= 0)
    return make(Kind::Function, function);
  if (const auto value = builtins::find_constant(name)) {
    Meaning m = make(Kind::Constant, 0);
    m.value = *value;
    return m;
  }
  if (const builtins::Function* builtin = builtins::find_function(name)) {
    Meaning m = make(Kind::Builtin, 0);
    m.builtin = builtin;
    return m;
  }
  if (name == "d" || name == "laplacian") {
    if (scope_.outputs.empty())
      fail(source, column,
           name + "() differentiates an output, and this formula reads none (" + listing(source) +
               ")");
    return make(name == "d" ? Kind::D : Kind::Laplacian, 0);
  }
  std::string why;
  Partial partial;
  if (derivative(name, partial, &why)) {
    Meaning m = make(Kind::Output, partial.output().index);
    m.partial = partial;
    return m;
  }
  const std::string on_faces = ", read only in conditions (the boundary's normal)";
  for (std::size_t k = 0; k < scope_.inputs.size(); ++k) {
    if (name != "n_" + scope_.inputs[k]) continue;
    if (!scope_.normals)
      fail(source, column,
           in_quotes(name) + " is the outward normal's " + scope_.inputs[k] + " component" +
               on_faces);
    return make(Kind::Normal, static_cast<int>(k));
  }
  for (std::size_t o = 0; o < scope_.outputs.size(); ++o) {
    if (name != scope_.outputs[o] + "_n") continue;
    if (!scope_.normals)
      fail(
          source, column,
          in_quotes(name) + " is the outward normal derivative of " + scope_.outputs[o] + on_faces);
    return make(Kind::NormalDerivative, static_cast<int>(o));
  }
  if (!why.empty())
    fail(source, column, "derivative " + in_quotes(name) + ": " + why + "; " + listing(source));
  fail(source, column, "unknown name " + in_quotes(name) + "; " + listing(source));
}

std::string Names::role(const Meaning& meaning) const {
  using Kind = Meaning::Kind;
  switch (meaning.kind) {
    case Kind::Argument:
      return "an argument";
    case Kind::Input:
      return "an input";
    case Kind::Output:
      return meaning.partial.order() == 0 ? "an output" : "a derivative";
    case Kind::Parameter:
      return "a parameter";
    case Kind::Function:
      return "a function";
    case Kind::Constant:
      return "a constant";
    case Kind::Builtin:
    case Kind::D:
    case Kind::Laplacian:
      return "a built-in function";
    case Kind::Normal:
      return "a normal component";
    case Kind::NormalDerivative:
      return "a normal derivative";
  }
  return "";
}

syntax::NameRule Names::rule(const Meaning& meaning) const {
  using Kind = Meaning::Kind;
  switch (meaning.kind) {
    case Kind::Function: {
      const int arity =
          static_cast<int>(scope_.functions[static_cast<size_t>(meaning.index)].arguments.size());
      return {arity == 0 ? syntax::Call::Optional : syntax::Call::Always, arity, ""};
    }
    case Kind::Builtin:
      return {syntax::Call::Always, meaning.builtin->arity, ""};
    case Kind::D:
      return {syntax::Call::Always, -1, ""};
    case Kind::Laplacian:
      return {syntax::Call::Always, 1, ""};
    default:
      return {syntax::Call::Never, -1, role(meaning)};
  }
}

}  // namespace pinn::formula
