// Points files for pinn eval: text with or without a header, CSV, HDF5; the places
// named in their errors, and points outside the domain.

#include <H5Cpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "solver/io/hdf5_file.h"
#include "solver/io/point_file.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

using testing::temp_path;

const std::vector<std::string> kInputs = {"x", "t"};

std::string write_text(const std::string& name, const std::string& text) {
  const auto path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& path) {
  try {
    read_point_table(path, kInputs);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(PointFile, ReadsColumnsInProblemOrderWithoutAHeader) {
  const auto path = write_text("plain.txt", "# comment\n\n0.5 0.25\n-1\t1  # trailing\n");
  const auto table = read_point_table(path, kInputs);
  EXPECT_EQ(table.points, (std::vector<double>{0.5, 0.25, -1, 1}));
  EXPECT_EQ(table.at, (std::vector<std::string>{path + ":3", path + ":4"}));
}

TEST(PointFile, AHeaderOrdersTheColumnsByName) {
  const auto path = write_text("header.csv", "t,x\n0.25,0.5\n1,-1\n");
  EXPECT_EQ(read_point_table(path, kInputs).points, (std::vector<double>{0.5, 0.25, -1, 1}));
}

TEST(PointFile, NamesEveryBadLineAtItsPlace) {
  auto path = write_text("wide.txt", "0 0\n0 0 0\n");
  EXPECT_EQ(error_of(path), path + ":2: expected 2 numbers (x, t), found 3");
  path = write_text("nan.txt", "0 nan\n");
  EXPECT_EQ(error_of(path), path + ":1:3: 'nan' is not a finite number");
  path = write_text("twice.txt", "x x\n0 0\n");
  EXPECT_EQ(error_of(path),
            path + ":1:3: 'x' is named twice (the header must name each input once: x, t)");
  path = write_text("short_header.txt", "x\n0\n");
  EXPECT_EQ(error_of(path), path +
                                ":1: the header names 1 columns for 2 inputs (the header "
                                "must name each input once: x, t)");
  path = write_text("empty.txt", "# nothing\n");
  EXPECT_EQ(error_of(path), "points file '" + path + "' holds no points");
  EXPECT_NE(error_of(temp_path("missing.txt")).find("cannot read points file"), std::string::npos);
}

TEST(PointFile, ReadsAnHdf5Dataset) {
  const auto path = temp_path("points.h5");
  {
    H5::H5File file(path, H5F_ACC_TRUNC);
    hdf5::write_dataset(file, "points", std::vector<double>{0.5, 0.25, -1, 1, 0, 0},
                        std::vector<uint64_t>{3, 2});
    hdf5::write_dataset(file, "wrong", std::vector<double>{1, 2, 3}, std::vector<uint64_t>{1, 3});
  }
  const auto table = read_point_table(path, kInputs);
  EXPECT_EQ(table.points, (std::vector<double>{0.5, 0.25, -1, 1, 0, 0}));
  EXPECT_EQ(table.at.back(), path + ":points[2]");
  try {
    read_point_table(path, kInputs, "wrong");
    FAIL() << "a 1 x 3 dataset for two inputs was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ":wrong: a dataset of 1 x 3 values; expected N x 2 (x, t)");
  }
  try {
    read_point_table(path, kInputs, "absent");
    FAIL() << "a missing dataset was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("has no dataset 'absent' (name another with --dataset)"),
              std::string::npos);
  }
  std::filesystem::remove(path);
}

TEST(PointFile, NamesThePointsOutsideTheDomain) {
  const auto path = write_text("outside.txt", "1 0\n1.5 0.2\n0 -0.1\n-1 1\n");
  const auto table = read_point_table(path, kInputs);
  const auto outside = points_outside(table.points, table.at, {kInputs, {-1, 0}, {1, 1}}, 1e-12);
  EXPECT_EQ(outside, (std::vector<std::string>{
                         path + ":2: point (x=1.5, t=0.2) lies outside the domain: x must be in "
                                "[-1, 1]",
                         path + ":3: point (x=0, t=-0.1) lies outside the domain: t must be in "
                                "[0, 1]"}));
}

}  // namespace
}  // namespace pinn
