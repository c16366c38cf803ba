// `pinn train` on configs with a bad domain shape: exit 2 with the key at its line and
// column, before any training, writing nothing.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/cli/cli_support.h"

namespace {

using namespace pinn::cli_testing;

// A problem on `domain` (from line 5) with a condition on `rim_on` (on the line after the
// domain's last).
std::string shape_config(const std::string& domain, const std::string& rim_on,
                         const std::string& output) {
  return "problem:\n"
         "  name: shapes\n"
         "  inputs: [x, y]\n"
         "  domain:\n" +
         domain +
         "  equations: [laplacian(u) + 1]\n"
         "  conditions:\n"
         "    rim: {on: " +
         rim_on +
         ", equation: u_n}\n"
         "network: {hidden: [4]}\n"
         "training: {phases: [{optimizer: adam, iterations: 5}]}\n"
         "output: {file: " +
         output + "}\n";
}

const std::string kDomain =
    "    difference:\n"
    "      - rectangle: {from: [-1, -1], to: [1, 1]}\n"
    "      - disk: {center: [0, 0], radius: 0.3, name: hole}\n";

TEST_F(Scratch, BadShapesAreExitTwoAtTheirKeyBeforeTraining) {
  struct Case {
    std::string domain, rim_on;
    std::string says;  // after "<file>:"
  };
  const std::vector<Case> cases = {
      {"    difference:\n"
       "      - rectangle: {from: [-1, -1], to: [1, 1]}\n"
       "      - polygon: {vertices: [[0, 0], [0.5, 0]], name: hole}\n",
       "hole",
       "7:18: key 'problem.domain.difference[1].polygon': has 2 vertices; a polygon needs at "
       "least 3"},
      {"    intersection:\n"
       "      - disk: {center: [0, 0], radius: 1}\n"
       "      - disk: {center: [1.6, 1.6], radius: 1}\n",
       "disk1", "5:5: key 'problem.domain': the domain is empty"},
      {kDomain, "[hole, rim]",
       "10:15: key 'problem.conditions.rim.on': value 'rim' is not a part of the domain's "
       "boundary; parts: rectangle1, hole"},
      {"    point_cloud: {interior: " + file("none.txt") + ", boundary: " + file("none.txt") +
           "}\n",
       "rim", "5:18: key 'problem.domain.point_cloud': cannot read"},
  };
  for (const auto& c : cases) {
    const auto yaml = write("bad.yaml", shape_config(c.domain, c.rim_on, file("out.h5")));
    const auto r = run("train " + yaml);
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find(yaml + ":" + c.says), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("adam"), std::string::npos) << r.output;  // no training line
    EXPECT_FALSE(fs::exists(file("out.h5")));
    EXPECT_FALSE(fs::exists(file("out.checkpoint.h5")));
  }
}

}  // namespace
