#include "solver/formula_problem/transform_section.h"

#include <algorithm>
#include <functional>

#include "solver/common/text.h"
#include "solver/config/config_error.h"
#include "solver/expression/syntax.h"
#include "solver/formula_problem/formula_scope.h"
#include "solver/formula_problem/formula_terms.h"

namespace pinn {
namespace {

using config::LocatedText;
using config::Reader;

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// What else in the scope bears the name `name`, "" when nothing does.
std::string owner_of(const formula::Scope& scope, const std::string& name) {
  if (contains(scope.inputs, name)) return "an input";
  if (contains(scope.outputs, name)) return "an output";
  for (const auto& p : scope.parameters)
    if (p.name == name) return "a parameter";
  for (const auto& f : scope.functions)
    if (f.name == name) return "a function";
  return "";
}

// The column of the first name in `text` whose reading alone breaks a rule: `reads`
// tells, for the program of that name (a function called with zeros), whether it does;
// d() and laplacian() count where `derivatives` is set. 0 where none does alone.
int column_of(const std::string& text, const formula::Compiler& compiler, bool derivatives,
              const std::function<bool(const formula::Program&)>& reads) {
  std::vector<std::pair<std::string, int>> names;
  syntax::parse(text, [&](const std::string& name, int column) {
    names.emplace_back(name, column);
    return syntax::NameRule{};
  });
  const auto& functions = compiler.scope().functions;
  for (const auto& [name, column] : names) {
    if (name == "d" || name == "laplacian") {
      if (derivatives) return column;
      continue;
    }
    std::string call = name;
    for (const auto& f : functions) {
      if (f.name != name || f.arguments.empty()) continue;
      call += "(" + join(std::vector<std::string>(f.arguments.size(), "0"), ", ") + ")";
    }
    try {
      if (reads(compiler.compile(call))) return column;
    } catch (const formula::FormulaError&) {
      // A built-in function or an argument's name: reads nothing.
    }
  }
  return 0;
}

[[noreturn]] void fail_at(const LocatedText& text, int column, const std::string& what) {
  throw config::ConfigError(text.at(column), "key '" + text.path + "': " + what);
}

bool reads_output(const formula::Program& p, int output) {
  return std::find(p.outputs_read().begin(), p.outputs_read().end(), output) !=
         p.outputs_read().end();
}

// Checks one compiled transform formula of output `k` against the rules of a transform.
void check(const formula::Program& p, int k, const LocatedText& text,
           const formula::Compiler& compiler) {
  const auto& scope = compiler.scope();
  const int n = static_cast<int>(scope.outputs.size() / 2);
  const auto& output = scope.outputs[static_cast<size_t>(k)];
  const auto raw = raw_output_name(output);
  if (reads_output(p, k)) {
    fail_at(text,
            column_of(text.text, compiler, false,
                      [k](const formula::Program& q) { return reads_output(q, k); }),
            "the transform of " + output + " reads the output it defines; write the " +
                "network's raw output as " + raw + ", e.g. " + output + ": x*(1-x)*" + raw +
                " + g(x)");
  }
  for (int j = 0; j < n; ++j) {
    if (!reads_output(p, j)) continue;
    const auto& other = scope.outputs[static_cast<size_t>(j)];
    fail_at(text,
            column_of(text.text, compiler, false,
                      [j](const formula::Program& q) { return reads_output(q, j); }),
            "the transform of " + output + " reads the output " + other +
                "; a transform reads the raw network outputs (" + raw_output_name(other) +
                "), not transformed ones");
  }
  if (p.max_order() > 0) {
    fail_at(text,
            column_of(text.text, compiler, true,
                      [](const formula::Program& q) { return q.max_order() > 0; }),
            "the transform of " + output + " reads the derivative " +
                p.derivative_labels().front() +
                "; a transform is a formula of values only (inputs, raw outputs, parameters), "
                "and the derivatives of " +
                output + " follow from it");
  }
  if (p.outputs_read().empty()) {
    fail_at(text, 1,
            "the transform of " + output +
                " reads no network output, so the network could not change " + output +
                "; write it with " + raw + ", e.g. x*(1-x)*" + raw + " + g(x)");
  }
  if (!p.smooth_in_outputs()) {
    fail_at(text, 1,
            "the transform of " + output + " " + kOnlyThroughSteps + " could not change " + output);
  }
}

}  // namespace

std::shared_ptr<const FormulaTransform> read_transform(
    const Reader& section, const formula::Scope& scope,
    const std::vector<LocatedText>& function_texts, const std::vector<std::string>& unknowns,
    std::vector<std::string>& description) {
  const auto t = section.optional_section("transform");
  if (!t || t->keys().empty()) return nullptr;
  for (const auto& key : t->keys()) {
    if (!contains(scope.outputs, key))
      t->fail(key, "is not an output; outputs: " + join(scope.outputs));
  }
  for (const auto& output : scope.outputs) {
    const auto raw = raw_output_name(output);
    const auto owner = owner_of(scope, raw);
    if (!owner.empty()) {
      section.fail("transform", "a transform reads the raw network output of " + output + " as " +
                                    raw + ", which is also the name of " + owner + "; rename it");
    }
  }
  const auto extended = transform_scope(scope);
  const FormulaScope formulas(*t, extended, function_texts, unknowns);
  // The same scope as `formulas` compiles in, to find where a rule is broken.
  auto trained = extended;
  for (auto& p : trained.parameters) {
    if (contains(unknowns, p.name)) p.value = std::nullopt;
  }
  const formula::Compiler compiler(trained);

  TransformSpec spec;
  spec.scope = scope;
  for (auto& p : spec.scope.parameters) {
    if (contains(unknowns, p.name)) p.value = std::nullopt;
  }
  spec.formulas.resize(scope.outputs.size());
  for (const auto& key : t->keys()) {
    const auto text = t->located_text(key);
    const auto program = formulas.equation(text);
    const auto k = static_cast<int>(std::find(scope.outputs.begin(), scope.outputs.end(), key) -
                                    scope.outputs.begin());
    check(program, k, text, compiler);
    spec.formulas[static_cast<size_t>(k)] = text.text;
    description.push_back("transform " + key + " = " + program.text() + "  (" +
                          reads_text({program}, extended) + ")");
  }
  t->finish();
  return std::make_shared<FormulaTransform>(std::move(spec));
}

}  // namespace pinn
