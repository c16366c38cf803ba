#include <ATen/ScalarOps.h>

#include <algorithm>

#include "solver/formula/formula.h"
#include "solver/formula/graph.h"
#include "solver/formula/names.h"
#include "solver/formula/resolver.h"

namespace pinn::formula {
namespace {

// The scope's functions that the body of `tree` calls, with the column of each call.
void calls_in(const syntax::Node& tree, const Names& names,
              std::vector<std::pair<int, int>>& calls) {
  if (tree.kind == syntax::Kind::Name || tree.kind == syntax::Kind::Call) {
    const int function = names.function_index(tree.name);
    if (function >= 0) calls.emplace_back(function, tree.column);
  }
  for (const auto& operand : tree.operands) calls_in(*operand, names, calls);
}

// Refuses a function that calls itself, directly or through others: reported in the body
// that closes the cycle, at the call that does.
void check_cycles(const FunctionBodies& functions, const Names& names) {
  const std::size_t count = functions.bodies.size();
  std::vector<std::vector<std::pair<int, int>>> calls(count);
  for (std::size_t i = 0; i < count; ++i) calls_in(*functions.bodies[i], names, calls[i]);
  enum class State { New, Open, Done };
  std::vector<State> state(count, State::New);
  std::vector<int> path;
  auto visit = [&](auto&& self, int f) -> void {
    state[static_cast<size_t>(f)] = State::Open;
    path.push_back(f);
    for (const auto& [g, column] : calls[static_cast<size_t>(f)]) {
      if (state[static_cast<size_t>(g)] == State::Open) {
        std::string cycle;
        const auto from = std::find(path.begin(), path.end(), g);
        for (auto it = from; it != path.end(); ++it)
          cycle += functions.sources[static_cast<size_t>(*it)].origin + " -> ";
        const std::string& name = functions.sources[static_cast<size_t>(g)].origin;
        fail(functions.sources[static_cast<size_t>(f)], column,
             "function '" + name + "' calls itself: " + cycle + name);
      }
      if (state[static_cast<size_t>(g)] == State::New) self(self, g);
    }
    path.pop_back();
    state[static_cast<size_t>(f)] = State::Done;
  };
  for (std::size_t i = 0; i < count; ++i)
    if (state[i] == State::New) visit(visit, static_cast<int>(i));
}

// Whether each node follows a Field through operations with a nonzero derivative: truth
// values, and the step functions, have none.
std::vector<char> smooth_in_fields(const std::vector<Node>& nodes) {
  using F = builtins::FunctionId;
  std::vector<char> smooth(nodes.size(), 0);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = nodes[i];
    if (node.op == Op::Field) smooth[i] = 1;
    if (is_leaf(node.op) || is_truth(node.op) || node.op == Op::ToNumber) continue;
    if (node.op == Op::Function) {
      const F id = node.function->id;
      if (id == F::Floor || id == F::Ceil || id == F::Sign || id == F::Heaviside) continue;
    }
    // A Where follows its branches, not its condition.
    for (int k = node.op == Op::Where ? 1 : 0; k < operand_count(node); ++k)
      smooth[i] = smooth[i] || smooth[static_cast<size_t>(node.operands[k])];
  }
  return smooth;
}

}  // namespace

struct Compiler::Impl {
  explicit Impl(Scope s) : scope(std::move(s)), names(scope) {}

  Scope scope;
  Names names;  // reads `scope`
  FunctionBodies functions;
};

Compiler::Compiler(Scope scope) {
  auto impl = std::make_shared<Impl>(std::move(scope));
  const std::vector<FunctionDefinition>& definitions = impl->scope.functions;
  for (const FunctionDefinition& definition : definitions) {
    impl->functions.sources.push_back(
        Source{definition.name, definition.body,
               definition.arguments.empty() ? nullptr : &definition.arguments});
  }
  for (const Source& source : impl->functions.sources)
    impl->functions.bodies.push_back(parse(impl->names, source));
  check_cycles(impl->functions, impl->names);
  // Every body resolves (any fault reported now, in its function), whatever its arguments.
  for (std::size_t i = 0; i < definitions.size(); ++i) {
    Builder builder;
    Resolver resolver(impl->names, impl->functions, builder);
    std::vector<int> arguments;
    for (std::size_t k = 0; k < definitions[i].arguments.size(); ++k)
      arguments.push_back(builder.parameter(-1 - static_cast<int>(k)));
    resolver.call_function(static_cast<int>(i), arguments);
  }
  impl_ = std::move(impl);
}

const Scope& Compiler::scope() const { return impl_->scope; }

Program Compiler::compile(const std::string& text) const {
  const Impl& impl = *impl_;
  const Scope& scope = impl.scope;
  const Source source{"", text, nullptr};
  const syntax::NodePtr tree = parse(impl.names, source);
  Builder builder;
  Resolver resolver(impl.names, impl.functions, builder);
  const int root = builder.number(resolver.resolve(*tree, source, {}));

  // Only what the result depends on is kept; operands precede their users, so the result
  // has the highest id of its nodes.
  const std::vector<Node>& built = builder.nodes();
  std::vector<char> live(static_cast<size_t>(root) + 1, 0);
  live[static_cast<size_t>(root)] = 1;
  for (int id = root; id >= 0; --id) {
    const Node& node = built[static_cast<size_t>(id)];
    if (!live[static_cast<size_t>(id)]) continue;
    for (int k = 0; k < operand_count(node); ++k) live[static_cast<size_t>(node.operands[k])] = 1;
  }

  auto graph = std::make_shared<Program::Graph>();
  graph->text = text;
  graph->inputs = static_cast<int>(scope.inputs.size());
  std::vector<int> parameters;
  for (int id = 0; id <= root; ++id) {
    const Node& node = built[static_cast<size_t>(id)];
    if (!live[static_cast<size_t>(id)]) continue;
    if (node.op == Op::Field) graph->fields.push_back(builder.partials()[node.index]);
    if (node.op == Op::Parameter) parameters.push_back(node.index);
    graph->reads_normals = graph->reads_normals || node.op == Op::Normal;
  }
  std::sort(graph->fields.begin(), graph->fields.end());
  std::sort(parameters.begin(), parameters.end());
  for (const int index : parameters)
    graph->unknowns.push_back(scope.parameters[static_cast<size_t>(index)].name);

  std::vector<int> renumbered(static_cast<size_t>(root) + 1, -1);
  for (int id = 0; id <= root; ++id) {
    if (!live[static_cast<size_t>(id)]) continue;
    Node node = built[static_cast<size_t>(id)];
    for (int k = 0; k < operand_count(node); ++k)
      node.operands[k] = renumbered[static_cast<size_t>(node.operands[k])];
    if (node.op == Op::Field) {
      const Partial& partial = builder.partials()[static_cast<size_t>(node.index)];
      node.index =
          static_cast<int>(std::lower_bound(graph->fields.begin(), graph->fields.end(), partial) -
                           graph->fields.begin());
    }
    if (node.op == Op::Parameter) {
      node.index = static_cast<int>(
          std::lower_bound(parameters.begin(), parameters.end(), node.index) - parameters.begin());
    }
    renumbered[static_cast<size_t>(id)] = static_cast<int>(graph->nodes.size());
    graph->nodes.push_back(node);
  }

  graph->smooth_in_outputs = smooth_in_fields(graph->nodes).back() != 0;
  const std::size_t size = graph->nodes.size();
  graph->last_use.assign(size, -1);
  graph->scalars.resize(size);
  for (std::size_t i = 0; i < size; ++i) {
    const Node& node = graph->nodes[i];
    for (int k = 0; k < operand_count(node); ++k)
      graph->last_use[static_cast<size_t>(node.operands[k])] = static_cast<int>(i);
    if (node.op == Op::Constant) graph->scalars[i] = at::native::wrapped_scalar_tensor(node.value);
    if (!is_leaf(node.op)) ++graph->operation_count;
  }
  for (const Partial& partial : graph->fields) {
    const int output = partial.output().index;
    if (std::find(graph->outputs_read.begin(), graph->outputs_read.end(), output) ==
        graph->outputs_read.end())
      graph->outputs_read.push_back(output);
    graph->max_order = std::max(graph->max_order, partial.order());
    if (partial.order() > 0) graph->labels.push_back(partial.label(scope.inputs, scope.outputs));
  }
  Program program;
  program.graph_ = std::move(graph);
  return program;
}

}  // namespace pinn::formula
