// The syntax tree both formula engines compile from: node kinds, operators and columns,
// and the name rules a caller may give the parser.

#include <gtest/gtest.h>

#include <string>

#include "solver/expression/syntax.h"

namespace pinn::syntax {
namespace {

// Expects parsing to fail at `column` with `fragment` in the message.
void expect_fault(const std::string& text, const NameRules& rules, int column,
                  const std::string& fragment) {
  try {
    parse(text, rules);
    ADD_FAILURE() << "expected SyntaxError for '" << text << "'";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.column(), column) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(Syntax, NodesCarryTheirKindOperatorAndColumn) {
  const NodePtr root = parse("1 + 2.5*x_1^2");
  ASSERT_EQ(root->kind, Kind::Binary);
  EXPECT_EQ(root->op, Operator::Add);
  EXPECT_EQ(root->column, 3);
  EXPECT_EQ(start_column(*root), 1);
  const Node& product = *root->operands[1];
  EXPECT_EQ(product.op, Operator::Multiply);
  EXPECT_EQ(product.column, 8);
  EXPECT_EQ(start_column(product), 5);
  EXPECT_EQ(product.operands[0]->kind, Kind::Number);
  EXPECT_EQ(product.operands[0]->number, 2.5);
  const Node& power = *product.operands[1];
  EXPECT_EQ(power.op, Operator::Power);
  EXPECT_EQ(power.operands[0]->kind, Kind::Name);
  EXPECT_EQ(power.operands[0]->name, "x_1");
  EXPECT_EQ(power.operands[0]->column, 9);
}

TEST(Syntax, ConditionalsUnaryOperatorsAndParentheses) {
  const NodePtr root = parse("(a) ? -b : +!c");
  ASSERT_EQ(root->kind, Kind::Conditional);
  EXPECT_EQ(root->column, 5);  // the '?'
  EXPECT_EQ(start_column(*root), 2);
  EXPECT_EQ(root->operands[0]->name, "a");
  EXPECT_EQ(root->operands[1]->kind, Kind::Unary);
  EXPECT_EQ(root->operands[1]->op, Operator::Negate);
  // Unary '+' leaves no node.
  EXPECT_EQ(root->operands[2]->op, Operator::Not);
  EXPECT_EQ(root->operands[2]->column, 13);
}

TEST(Syntax, WithoutRulesAnyNameMayBeCalledWithAnyArguments) {
  const NodePtr none = parse("f()");
  EXPECT_EQ(none->kind, Kind::Call);
  EXPECT_TRUE(none->operands.empty());
  const NodePtr three = parse("d(u_x, t, x + 1)");
  ASSERT_EQ(three->kind, Kind::Call);
  EXPECT_EQ(three->name, "d");
  ASSERT_EQ(three->operands.size(), 3u);
  EXPECT_EQ(three->operands[2]->kind, Kind::Binary);
  EXPECT_EQ(parse("sin")->kind, Kind::Name);
  expect_fault("d(u x)", nullptr, 5, "expected ',', ')' or an operator, found 'x'");
}

TEST(Syntax, RulesCheckNamesWhereTheyStand) {
  const NameRules rules = [](const std::string& name, int column) -> NameRule {
    if (name == "f") return {Call::Optional, 0, ""};
    if (name == "g") return {Call::Always, 2, ""};
    if (name == "v") return {Call::Never, -1, "a value"};
    throw SyntaxError("unknown name '" + name + "'", column);
  };
  EXPECT_EQ(parse("f + f()", rules)->operands[1]->kind, Kind::Call);
  expect_fault("f(1)", rules, 1, "function 'f' takes no arguments, given 1");
  expect_fault("g(v)", rules, 1, "function 'g' takes 2 arguments, given 1");
  expect_fault("g(v v)", rules, 5, "expected ',' or an operator, found 'v'");
  expect_fault("g + 1", rules, 3, "expected '(' after function 'g'");
  expect_fault("v(1)", rules, 2, "'v' is a value, not a function");
  // The rule's own fault comes before one to its right.
  expect_fault("w + 1 1", rules, 1, "unknown name 'w'");
}

TEST(Syntax, Names) {
  EXPECT_TRUE(is_name("u_xt"));
  EXPECT_TRUE(is_name("_a1"));
  EXPECT_FALSE(is_name("1a"));
  EXPECT_FALSE(is_name(""));
  EXPECT_FALSE(is_name("a-b"));
}

}  // namespace
}  // namespace pinn::syntax
