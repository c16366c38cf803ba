#pragma once
// Turns the syntax tree of a formula into Builder nodes: names resolved against the scope,
// functions inlined (their arguments bound to the nodes of the values passed), d(),
// laplacian() and u_n expanded into the partials they read. Internal to solver/formula.

#include <map>
#include <utility>
#include <vector>

#include "solver/expression/syntax.h"
#include "solver/formula/graph.h"
#include "solver/formula/names.h"

namespace pinn::formula {

// The scope's functions, parsed once; bodies[i] is sources[i]'s tree.
struct FunctionBodies {
  std::vector<Source> sources;
  std::vector<syntax::NodePtr> bodies;
};

// Parses `source` with the names of the scope checked as they are read. Throws
// FormulaError at the leftmost fault.
syntax::NodePtr parse(const Names& names, const Source& source);

class Resolver {
 public:
  // The functions must call none of themselves (Compiler checks first).
  Resolver(const Names& names, const FunctionBodies& functions, Builder& builder)
      : names_(names), functions_(functions), builder_(builder) {}

  // The node of `source`'s tree, its arguments (a function's) bound to `arguments`.
  int resolve(const syntax::Node& tree, const Source& source, const std::vector<int>& arguments);
  // The node of a call of function `index` with the nodes of its arguments.
  int call_function(int index, const std::vector<int>& arguments);

 private:
  struct Frame {
    const Source* source;
    const std::vector<int>* arguments;
  };

  int node(const syntax::Node& node, const Frame& frame);
  int name(const syntax::Node& node, const Frame& frame);
  int call(const syntax::Node& node, const Frame& frame);
  int differentiate(const syntax::Node& node, const Frame& frame);
  int laplacian(const syntax::Node& node, const Frame& frame);
  int normal_derivative(int output, const syntax::Node& node, const Frame& frame);
  // The output or derivative that `node` names, for `what` ("d()") to differentiate.
  Partial differentiated(const syntax::Node& node, const Frame& frame, const std::string& what);
  void check_order(int order, const syntax::Node& node, const Frame& frame,
                   const std::string& what) const;

  const Names& names_;
  const FunctionBodies& functions_;
  Builder& builder_;
  std::map<std::pair<int, std::vector<int>>, int> calls_;  // inlined once per arguments
};

}  // namespace pinn::formula
