#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "solver/geometry/domain.h"
#include "solver/sampling/sampling_method.h"

namespace pinn {
namespace {

Domain xt() { return Domain{{"x", "t"}, {-1.0, 0.0}, {1.0, 2.0}, 1}; }

// [0, 1]^dim over inputs x1 .. x<dim>.
Domain cube(int dim) {
  Domain d;
  for (int i = 1; i <= dim; ++i) d.names.push_back("x" + std::to_string(i));
  d.lo.assign(static_cast<size_t>(dim), 0.0);
  d.hi.assign(static_cast<size_t>(dim), 1.0);
  return d;
}

// Expects validate() to throw with every fragment in the message.
void expect_invalid(const Domain& d, std::initializer_list<const char*> fragments) {
  try {
    d.validate();
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    for (const char* f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << msg;
  }
}

TEST(Domain, DimensionsCountTheTimeAxisSeparately) {
  const Domain d = xt();
  EXPECT_NO_THROW(d.validate());
  EXPECT_EQ(d.dim(), 2);
  EXPECT_EQ(d.spatial_dim(), 1);
  EXPECT_EQ(d.spatial_axes(), std::vector<int>{0});
  const Domain s{{"x", "y", "z"}, {0, 0, 0}, {1, 1, 1}};
  EXPECT_EQ(s.dim(), 3);
  EXPECT_EQ(s.spatial_dim(), 3);
}

TEST(Domain, AcceptsOneToSixteenInputs) {
  for (int dim = 1; dim <= kMaxInputs; ++dim) {
    EXPECT_NO_THROW(cube(dim).validate()) << dim;
    Domain timed = cube(dim);
    timed.time_axis = dim - 1;
    EXPECT_NO_THROW(timed.validate()) << dim;
    EXPECT_EQ(timed.spatial_dim(), dim - 1);
  }
  EXPECT_EQ(kMaxInputs, 16);
}

TEST(Domain, ValidateNamesTheAxisValuesAndRule) {
  Domain d = xt();
  d.hi[0] = -1.0;
  expect_invalid(d, {"'x'", "lo = -1", "hi = -1", "lo must be < hi"});
  d = xt();
  d.lo[1] = 3.0;
  expect_invalid(d, {"'t'", "lo = 3", "hi = 2", "<"});
  d = xt();
  d.hi[0] = std::numeric_limits<double>::infinity();
  expect_invalid(d, {"'x'", "finite", "inf"});
  d = xt();
  d.lo[0] = std::numeric_limits<double>::quiet_NaN();
  expect_invalid(d, {"'x'", "finite", "nan"});
  d = xt();
  d.names[1] = "x";
  expect_invalid(d, {"axis 1", "'x'", "unique"});
  d = xt();
  d.names[0] = "";
  expect_invalid(d, {"axis 0", "non-empty"});
  d = xt();
  d.hi.push_back(1.0);
  expect_invalid(d, {"equal sizes", "2, 2, 3"});
  expect_invalid(Domain{}, {"number of inputs must be between 1 and 16", "got 0"});
  expect_invalid(cube(kMaxInputs + 1), {"number of inputs must be between 1 and 16", "got 17"});
  d = xt();
  d.time_axis = 2;
  expect_invalid(d, {"time_axis", "got 2"});
  d.time_axis = -2;
  expect_invalid(d, {"time_axis", "got -2"});
}

TEST(SamplingMethod, ParsesAndPrintsEveryName) {
  EXPECT_EQ(parse_sampling_method("uniform"), SamplingMethod::Uniform);
  EXPECT_EQ(parse_sampling_method("lhs"), SamplingMethod::Lhs);
  EXPECT_EQ(parse_sampling_method("sobol"), SamplingMethod::Sobol);
  EXPECT_EQ(sampling_method_names(), (std::vector<std::string>{"lhs", "sobol", "uniform"}));
  for (const std::string& name : sampling_method_names()) {
    EXPECT_EQ(to_string(parse_sampling_method(name)), name);
  }
}

TEST(SamplingMethod, UnknownNameListsTheValidOnes) {
  try {
    parse_sampling_method("halton");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'halton'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("lhs, sobol, uniform"), std::string::npos) << msg;
  }
  EXPECT_THROW(parse_sampling_method("Sobol"), std::invalid_argument);
  EXPECT_THROW(parse_sampling_method(""), std::invalid_argument);
}

}  // namespace
}  // namespace pinn
