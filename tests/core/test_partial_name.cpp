// Derivatives named as users write them (u_x, v_xy, rho_x1x2) and the messages for
// names that cannot be read.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "solver/autodiff/partial_name.h"

namespace pinn {
namespace {

std::string error_of(const std::string& spec, const std::vector<std::string>& inputs,
                     const std::vector<std::string>& outputs) {
  try {
    parse_partial_name(spec, inputs, outputs);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(PartialName, ReadsOutputsAndInputsOfOneLetter) {
  const std::vector<std::string> inputs = {"x", "t"}, outputs = {"u"};
  EXPECT_EQ(parse_partial_name("u", inputs, outputs), Partial{});
  EXPECT_EQ(parse_partial_name("u_x", inputs, outputs), (Partial{0}));
  EXPECT_EQ(parse_partial_name("u_t", inputs, outputs), (Partial{1}));
  EXPECT_EQ(parse_partial_name("u_xx", inputs, outputs), (Partial{0, 0}));
  // Mixed partials commute: u_tx is u_xt.
  EXPECT_EQ(parse_partial_name("u_tx", inputs, outputs), (Partial{0, 1}));
  EXPECT_EQ(parse_partial_name("u_xxxx", inputs, outputs), (Partial{0, 0, 0, 0}));
}

TEST(PartialName, PicksTheOutputAndSplitsLongerInputNames) {
  const std::vector<std::string> outputs = {"u", "v", "p"};
  EXPECT_EQ(parse_partial_name("v_xy", {"x", "y"}, outputs), Partial({0, 1}, Output{1}));
  EXPECT_EQ(parse_partial_name("p", {"x", "y"}, outputs), Partial(Output{2}));
  // The longest output name followed by '_' wins: rho_1 before rho.
  EXPECT_EQ(parse_partial_name("rho_1_x1x2", {"x1", "x2"}, {"rho", "rho_1"}),
            Partial({0, 1}, Output{1}));
  EXPECT_EQ(parse_partial_name("rho_x2x2", {"x1", "x2"}, {"rho", "rho_1"}),
            Partial({1, 1}, Output{0}));
}

TEST(PartialName, RefusesWhatCannotBeRead) {
  EXPECT_EQ(error_of("w_x", {"x", "t"}, {"u"}),
            "derivative 'w_x': it does not start with an output name and '_'; outputs: u; "
            "inputs: x, t (write OUTPUT_INPUTS, e.g. u_xx)");
  EXPECT_NE(error_of("u_y", {"x", "t"}, {"u"}).find("'y' is not a sequence of input names"),
            std::string::npos);
  EXPECT_NE(error_of("u_xxxxx", {"x", "t"}, {"u"}).find("order 5 is above the highest, 4"),
            std::string::npos);
  EXPECT_NE(error_of("u_", {"x"}, {"u"}).find("does not start with an output name"),
            std::string::npos);
  // Inputs x and xx: "xxx" reads as x xx, xx x and x x x.
  EXPECT_NE(error_of("u_xxx", {"x", "xx"}, {"u"}).find("'xxx' reads as inputs"), std::string::npos);
}

}  // namespace
}  // namespace pinn
