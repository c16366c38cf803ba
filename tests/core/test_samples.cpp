// Reading samples of a function from a text table.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "solver/io/samples.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

std::string write_file(const std::string& name, const std::string& text) {
  const auto path = testing::temp_path(name);
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fputs(text.c_str(), f);
  std::fclose(f);
  return path;
}

TEST(Samples, ReadsCommasSpacesTabsCommentsAndBlankLines) {
  const auto path = write_file("s2.txt", "# x y u\n0, 1, 2\n\n  3\t4 5e-1  # note\r\n-1,-2,-3\n");
  const auto s = read_samples(path, 2);
  EXPECT_EQ(s.points, (std::vector<double>{0, 1, 3, 4, -1, -2}));
  EXPECT_EQ(s.values, (std::vector<double>{2, 0.5, -3}));
  EXPECT_EQ(s.lines, (std::vector<int64_t>{2, 4, 5}));
  std::filesystem::remove(path);
}

TEST(Samples, APointOutsideTheBoxIsNamedAtItsLine) {
  const PointBox box{{"x", "t"}, {-1, 0}, {1, 1}};
  const std::vector<double> points = {0, 0.5, 1.2, 0.3};
  EXPECT_NO_THROW(require_points_inside("obs.txt", {0, 0.5, 1, 1}, {3, 4}, box, ""));
  try {
    require_points_inside("configs/data/obs.txt", points, {3, 17}, box, "remove it");
    ADD_FAILURE() << "the point outside was not refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "configs/data/obs.txt:17: point (x=1.2, t=0.3) lies outside the domain: x must "
                 "be in [-1, 1]; remove it");
  }
  try {
    require_points_inside("obs.h5", {0, -0.5}, {}, box, "");
    ADD_FAILURE() << "the point outside was not refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "obs.h5: row 1 of dataset 'points': point (x=0, t=-0.5) lies outside the "
                 "domain: t must be in [0, 1]");
  }
}

TEST(Samples, ErrorsNameTheFileAndLine) {
  auto expect_error = [](const std::string& text, const std::string& message) {
    const auto path = write_file("bad.txt", text);
    try {
      read_samples(path, 1);
      FAIL() << message;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
    std::filesystem::remove(path);
  };
  expect_error("0 1\n1 2 3\n", ":2: expected 2 numbers (coordinates, then the value), found 3");
  expect_error("0 1\n\n0.5 abc\n", ":3:5: 'abc' is not a finite number");
  expect_error("0 nan\n", ":1:3: 'nan' is not a finite number");
  expect_error("1e999 1\n", ":1:1: '1e999' is not a finite number");
  expect_error("# only a comment\n\n", "holds no samples");
  EXPECT_THROW(read_samples("/nonexistent/dir/s.txt", 1), std::invalid_argument);
}

}  // namespace
}  // namespace pinn
