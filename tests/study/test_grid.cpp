// Grid expansion of a study: Cartesian products per block, order, names.

#include <gtest/gtest.h>

#include "solver/study/grid.h"

namespace pinn::study {
namespace {

GridAxis axis(const std::string& key, const std::vector<std::string>& values) {
  GridAxis a{key, {}};
  for (const auto& v : values) a.values.push_back({key, v, "here"});
  return a;
}

std::vector<std::string> names(const std::vector<Variant>& variants) {
  std::vector<std::string> out;
  for (const auto& v : variants) out.push_back(v.name);
  return out;
}

TEST(Grid, OneBlockIsTheCartesianProductFirstAxisSlowest) {
  const auto variants = expand_grid({{axis("network.adaptive.mode", {"global", "layer"}),
                                      axis("network.adaptive.scale", {"1", "5", "10"})}});
  EXPECT_EQ(names(variants),
            (std::vector<std::string>{"mode=global,scale=1", "mode=global,scale=5",
                                      "mode=global,scale=10", "mode=layer,scale=1",
                                      "mode=layer,scale=5", "mode=layer,scale=10"}));
  ASSERT_EQ(variants[4].settings.size(), 2u);
  EXPECT_EQ(variants[4].settings[0].assignment(), "network.adaptive.mode=layer");
  EXPECT_EQ(variants[4].settings[1].assignment(), "network.adaptive.scale=5");
}

TEST(Grid, BlocksAreConcatenatedInOrder) {
  const auto variants = expand_grid(
      {{axis("network.adaptive.mode", {"fixed"})},
       {axis("network.adaptive.mode", {"global"}), axis("network.adaptive.scale", {"1", "10"})},
       {axis("network.adaptive.mode", {"neuron"}),
        axis("network.adaptive.slope_recovery", {"0", "1"})}});
  EXPECT_EQ(names(variants), (std::vector<std::string>{
                                 "mode=fixed", "mode=global,scale=1", "mode=global,scale=10",
                                 "mode=neuron,slope_recovery=0", "mode=neuron,slope_recovery=1"}));
}

TEST(Grid, KeysSharingTheirLastSegmentAreNamedInFull) {
  const auto variants = expand_grid(
      {{axis("training.adam.iterations", {"100"}), axis("training.lbfgs.iterations", {"0", "50"}),
        axis("network.hidden", {"[20, 20]", "[a/b]"})}});
  EXPECT_EQ(variants[0].name,
            "training.adam.iterations=100,training.lbfgs.iterations=0,hidden=[20,20]");
  EXPECT_EQ(variants[1].name,
            "training.adam.iterations=100,training.lbfgs.iterations=0,hidden=[a_b]");
}

TEST(Grid, EmptyGridIsTheBaseConfigAlone) {
  const auto variants = expand_grid({});
  ASSERT_EQ(variants.size(), 1u);
  EXPECT_EQ(variants[0].name, "base");
  EXPECT_TRUE(variants[0].settings.empty());
}

TEST(Grid, DuplicateVariantsAndEmptyAxesAreErrors) {
  try {
    expand_grid({{axis("network.adaptive.mode", {"fixed"})},
                 {axis("network.adaptive.mode", {"global", "fixed"})}});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "variant 'mode=fixed' appears twice in the grid");
  }
  EXPECT_THROW(expand_grid({{axis("network.adaptive.mode", {})}}), std::invalid_argument);
}

}  // namespace
}  // namespace pinn::study
