#pragma once
// What each name in a formula stands for, in a Scope: the checks of the scope's own names,
// the meaning of a name where it is read, and the messages that list the valid ones.
// Internal to solver/formula.

#include <string>
#include <vector>

#include "solver/autodiff/partial.h"
#include "solver/expression/builtins.h"
#include "solver/expression/syntax.h"
#include "solver/formula/formula.h"

namespace pinn::formula {

// A text being compiled: the formula itself (origin "") or a function's body.
struct Source {
  std::string origin;  // the function's name, "" for the formula
  std::string text;
  const std::vector<std::string>* arguments = nullptr;  // the function's, when it has any
};

// Throws FormulaError at `column` of `source`, its message prefixed with where it is.
[[noreturn]] void fail(const Source& source, int column, const std::string& what);

struct Meaning {
  enum class Kind {
    Argument,          // index: the argument's position
    Input,             // index: the input's column
    Output,            // partial: an output or one of its derivatives (u, u_xt)
    Parameter,         // index: into scope.parameters
    Function,          // index: into scope.functions
    Constant,          // value
    Builtin,           // builtin
    D,                 // d(output, input, ...)
    Laplacian,         // laplacian(output)
    Normal,            // index: the axis of n_<input>
    NormalDerivative,  // index: the output of <output>_n
  };
  Kind kind = Kind::Constant;
  int index = 0;
  Partial partial;
  double value = 0.0;
  const builtins::Function* builtin = nullptr;
};

class Names {
 public:
  // Checks the scope's names (FormulaError, column 0, naming them).
  explicit Names(const Scope& scope);

  // What `name`, written at `column` of `source`, stands for. Throws FormulaError for a
  // name that stands for nothing there, listing the valid names.
  Meaning meaning(const std::string& name, const Source& source, int column) const;
  // What it is, for messages ("a parameter").
  std::string role(const Meaning& meaning) const;
  // How the parser reads it (called or not, how many arguments).
  syntax::NameRule rule(const Meaning& meaning) const;

  const Scope& scope() const { return scope_; }
  int function_index(const std::string& name) const;

  // "inputs: x, t; outputs: u; parameters: nu; functions: u0"
  std::string listing(const Source& source) const;

 private:
  // Why `name` cannot name something in the scope ("is named like a built-in function"),
  // "" when it can.
  std::string name_problem(const std::string& name) const;
  void check_arguments(const FunctionDefinition& function) const;
  // The derivative `name` reads as; false when it reads as none. `why` gets the reason
  // when `name` starts like one (OUTPUT_) but is none.
  bool derivative(const std::string& name, Partial& partial, std::string* why) const;
  // The role of a name of the scope ("a parameter"), "" when it is none.
  std::string role_of(const std::string& name) const;

  const Scope& scope_;
};

}  // namespace pinn::formula
