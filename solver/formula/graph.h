#pragma once
// The compiled form of a formula: tensor operations in an order where every operand comes
// before its users, built by Builder (hash-consed, constants folded) and walked by
// Program::evaluate. Internal to solver/formula.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "solver/autodiff/partial.h"
#include "solver/expression/builtins.h"
#include "solver/formula/formula.h"

namespace pinn::formula {

enum class Op : std::uint8_t {
  // Leaves.
  Constant,
  Input,      // index: the input's column in the points
  Field,      // index: into the partials read
  Normal,     // index: the normal's column
  Parameter,  // index: into the unknown parameters read
  // Numbers (in the points' dtype).
  Negate,
  Add,
  Subtract,
  Multiply,
  Divide,
  Power,
  Function,  // a built-in function of one or two operands (never pow: that is Power)
  Where,     // operands: a truth value, the value where true, the value where false
  ToNumber,  // a truth value as 1 or 0
  // Truth values (bool tensors).
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  Equal,
  NotEqual,
  Not,
  And,
  Or,
};

bool is_truth(Op op);
bool is_leaf(Op op);

struct Node {
  Op op = Op::Constant;
  const builtins::Function* function = nullptr;  // Function
  int operands[3] = {-1, -1, -1};
  int index = 0;
  double value = 0.0;  // Constant
};

int operand_count(const Node& node);

// Makes nodes, each at most once (an identical node gives the existing one's id), folding
// what it can without changing a result: operations on constants are computed in double
// with the arithmetic of the double evaluator; x + 0, x - 0, x * 1, x / 1, x ^ 1, --x and
// c ? a : a give x; a constant condition picks its branch. Commutative operations have
// their operands put in one order (constants last), comparisons with a constant on the
// left are mirrored, so that x*y and y*x are one node. Sums are never regrouped.
class Builder {
 public:
  int constant(double value);
  int input(int axis);
  int field(const Partial& partial);
  int normal(int axis);
  int parameter(int index);

  int negate(int a);
  // Add, Subtract, Multiply, Divide, Power.
  int arithmetic(Op op, int a, int b);
  // Less ... NotEqual: a truth value.
  int compare(Op op, int a, int b);
  int logical_not(int a);
  // And, Or.
  int logical(Op op, int a, int b);
  int where(int condition, int when_true, int when_false);
  int function(const builtins::Function& function, int a, int b = -1);

  // `id` as a number (a truth value becomes 1 or 0).
  int number(int id);

  bool is_constant(int id) const { return nodes_[static_cast<size_t>(id)].op == Op::Constant; }
  double value(int id) const { return nodes_[static_cast<size_t>(id)].value; }
  const std::vector<Node>& nodes() const { return nodes_; }
  // The partials of the Field leaves, by their index.
  const std::vector<Partial>& partials() const { return partials_; }

 private:
  using Key = std::tuple<Op, int, int, int, int, int, std::uint64_t>;

  bool is_truth_node(int id) const { return is_truth(nodes_[static_cast<size_t>(id)].op); }
  // `id` as a truth value (a number is true where it is not 0).
  int truth(int id);
  int intern(const Node& node);

  std::vector<Node> nodes_;
  std::map<Key, int> ids_;
  std::vector<Partial> partials_;
};

// A built-in function of one or two operands on tensors, as formulas evaluate it.
at::Tensor apply_unary(builtins::FunctionId id, const at::Tensor& x);
at::Tensor apply_binary(builtins::FunctionId id, const at::Tensor& a, const at::Tensor& b);

// What Program holds: the live nodes of one formula, renumbered in evaluation order.
struct Program::Graph {
  std::string text;
  int inputs = 0;
  std::vector<Node> nodes;  // the last one is the result
  // For each node, the last node that reads it (-1: none but the result), so that
  // evaluation drops intermediate values once used.
  std::vector<int> last_use;
  // Each Constant's value as a wrapped CPU number tensor (the form ATen gives a Python
  // float): for operations with no Scalar overload.
  std::vector<at::Tensor> scalars;
  std::vector<Partial> fields;        // Field leaves: sorted, as needs()
  std::vector<std::string> unknowns;  // Parameter leaves, in the scope's order

  std::vector<int> outputs_read;
  std::vector<std::string> labels;
  int max_order = 0;
  bool reads_normals = false;
  bool smooth_in_outputs = false;
  int operation_count = 0;
};

}  // namespace pinn::formula
