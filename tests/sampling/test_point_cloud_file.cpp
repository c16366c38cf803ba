// Reading a point cloud's two text files: the format, and every fault named at its file,
// line and column.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/geometry/point_cloud.h"
#include "solver/geometry/point_cloud_file.h"

namespace pinn::geometry {
namespace {

// A file in the test's temporary directory (the process id keeps parallel runs apart),
// removed afterwards.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& text)
      : path_(::testing::TempDir() + "pinn_cloud_" + std::to_string(::getpid()) + "_" + name) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

TEST(PointCloudFile, ReadsCommentsBlankLinesTabsAndCommas) {
  const TempFile file("interior.txt",
                      "# x y\n0.5 0.25\n\n  1,2   # a comment\n\t-3e-1\t4.5\r\n3 , 4\n");
  EXPECT_EQ(read_interior_points(file.path(), 2),
            (std::vector<double>{0.5, 0.25, 1, 2, -0.3, 4.5, 3, 4}));
}

TEST(PointCloudFile, ReadsBoundaryRowsWithPartsInOrderOfFirstAppearance) {
  const TempFile file("boundary.txt",
                      "# x y nx ny part\n"
                      "0 0.5 -1 0 wall\n"
                      "1 0.5 1 0 outlet_2\n"
                      "0.5 0 0 -1 wall\n"
                      "0.6 0.8 0.6 0.8 rim\n"
                      "0.2 0.3 0.7071068 0.7071068 rim\n");
  const auto rows = read_boundary_points(file.path(), 2);
  EXPECT_EQ(rows.parts, (std::vector<std::string>{"wall", "outlet_2", "rim"}));
  EXPECT_EQ(rows.part, (std::vector<int>{0, 1, 0, 2, 2}));
  EXPECT_EQ(rows.points, (std::vector<double>{0, 0.5, 1, 0.5, 0.5, 0, 0.6, 0.8, 0.2, 0.3}));
  ASSERT_EQ(rows.normals.size(), 10u);
  EXPECT_EQ(rows.normals[0], -1);
  EXPECT_EQ(rows.normals[5], -1);
  EXPECT_NEAR(rows.normals[6], 0.6, 1e-15);
  // Written with 7 digits (length 1 + 1.2e-7), stored divided by its length.
  EXPECT_NEAR(rows.normals[8], std::sqrt(0.5), 1e-15);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(std::hypot(rows.normals[2 * i], rows.normals[2 * i + 1]), 1, 1e-15);
  }
}

TEST(PointCloudFile, ReadsOneAndThreeDimensions) {
  const TempFile line("line.txt", "0.25\n0.5\n");
  EXPECT_EQ(read_interior_points(line.path(), 1), (std::vector<double>{0.25, 0.5}));
  const TempFile ends("ends.txt", "0 -1 left\n1 1 right\n");
  EXPECT_EQ(read_boundary_points(ends.path(), 1).parts,
            (std::vector<std::string>{"left", "right"}));
  const TempFile face("face.txt", "0 0.5 0.5 0 0 -1 bottom\n");
  const auto rows = read_boundary_points(face.path(), 3);
  EXPECT_EQ(rows.normals, (std::vector<double>{0, 0, -1}));
}

TEST(PointCloudFile, WrongFieldCountNamesLineColumnAndTheRowsLayout) {
  const TempFile extra("extra.txt", "0 0\n# c\n0.5  0.5 7\n");
  EXPECT_EQ(error_of([&] { read_interior_points(extra.path(), 2); }),
            extra.path() + ":3:10: expected 2 fields (2 coordinates), found 3");
  const TempFile few("few.txt", "0 0 1 0 a\n0 0 1 0  # no part\n");
  EXPECT_EQ(error_of([&] { read_boundary_points(few.path(), 2); }),
            few.path() +
                ":2:8: expected 5 fields (2 coordinates, 2 normal components, then the part "
                "name), found 4");
}

TEST(PointCloudFile, FieldsThatAreNotFiniteNumbers) {
  const TempFile word("word.txt", "0 0\n1 x1\n");
  EXPECT_EQ(error_of([&] { read_interior_points(word.path(), 2); }),
            word.path() + ":2:3: 'x1' is not a number");
  const TempFile nan("nan.txt", "nan 0\n");
  EXPECT_EQ(error_of([&] { read_interior_points(nan.path(), 2); }),
            nan.path() + ":1:1: 'nan' is not finite");
  const TempFile huge("huge.txt", "0 0 1 0 a\n0 1e999 1 0 a\n");
  EXPECT_EQ(error_of([&] { read_boundary_points(huge.path(), 2); }),
            huge.path() + ":2:3: '1e999' is not finite");
  const TempFile normal("normal.txt", "0 0 inf 0 a\n");
  EXPECT_EQ(error_of([&] { read_boundary_points(normal.path(), 2); }),
            normal.path() + ":1:5: 'inf' is not finite");
}

TEST(PointCloudFile, NormalsMustBeUnitWithinOneMillionthAndNotZero) {
  const TempFile half("half.txt", "0 0 1 0 a\n0 0 0.3 0.4 a\n");
  const auto e = error_of([&] { read_boundary_points(half.path(), 2); });
  EXPECT_HAS(e, half.path() + ":2:5: the normal (0.3, 0.4) has length 0.5");
  EXPECT_HAS(e, "not 1 within 1e-6");
  EXPECT_HAS(e, "2 coordinates, 2 normal components, then the part name");
  const TempFile off("off.txt", "0 0 1.000002 0 a\n");
  EXPECT_HAS(error_of([&] { read_boundary_points(off.path(), 2); }), "has length 1.000002");
  const TempFile zero("zero.txt", "0 0 0 0 a\n");
  EXPECT_HAS(error_of([&] { read_boundary_points(zero.path(), 2); }),
             zero.path() + ":1:5: the normal (0, 0) is zero");
}

TEST(PointCloudFile, PartLabelsMustBeNames) {
  for (const std::string label : {"3", "_wall", "in-let", "a.b"}) {
    const TempFile file("label.txt", "0 0 1 0 ok\n\n0 1 0 1 " + label + "\n");
    EXPECT_EQ(error_of([&] { read_boundary_points(file.path(), 2); }),
              file.path() + ":3:9: part name '" + label +
                  "' is not a name (letters, digits and _, starting with a letter)");
  }
}

TEST(PointCloudFile, EmptyMissingAndDirectoryFilesAndBadDimension) {
  const TempFile empty("empty.txt", "# nothing\n\n   \n");
  EXPECT_EQ(
      error_of([&] { read_interior_points(empty.path(), 2); }),
      "interior point file '" + empty.path() + "' holds no points (one per line: 2 coordinates)");
  EXPECT_HAS(error_of([&] { read_boundary_points(empty.path(), 2); }),
             "boundary point file '" + empty.path() + "' holds no points");
  const std::string missing = ::testing::TempDir() + "pinn_cloud_no_such_file.txt";
  EXPECT_EQ(error_of([&] { read_interior_points(missing, 2); }),
            "cannot read interior point file '" + missing + "': No such file or directory");
  EXPECT_HAS(error_of([&] { read_boundary_points(::testing::TempDir(), 2); }),
             "cannot read boundary point file '" + ::testing::TempDir() + "'");
  EXPECT_HAS(error_of([&] { read_interior_points(empty.path(), 0); }),
             "at least one coordinate per point, dim 0 given");
}

TEST(PointCloudFile, TheFactoryReadsBothFilesAndDescribesThem) {
  const TempFile interior("square_in.txt", "0.5 0.5\n0.25 0.75\n");
  const TempFile boundary("square_bd.txt",
                          "0 0.5 -1 0 left\n1 0.5 1 0 right\n0.5 0 0 -1 bottom\n"
                          "0.5 1 0 1 top\n0 0.25 -1 0 left\n");
  const auto cloud = read_point_cloud(interior.path(), boundary.path(), 2);
  EXPECT_EQ(cloud->dim(), 2);
  EXPECT_EQ(cloud->parts(), (std::vector<std::string>{"left", "right", "bottom", "top"}));
  EXPECT_EQ(cloud->bounds().lo, (std::vector<double>{0, 0}));
  EXPECT_EQ(cloud->bounds().hi, (std::vector<double>{1, 1}));
  EXPECT_EQ(cloud->description(),
            std::vector<std::string>{"2-D point cloud: 2 interior points from '" + interior.path() +
                                     "', 5 boundary points from '" + boundary.path() +
                                     "' (left 2, right 1, bottom 1, top 1)"});
  // The file's errors come through the factory unchanged.
  const TempFile bad("square_bad.txt", "0.5\n");
  EXPECT_HAS(error_of([&] { read_point_cloud(bad.path(), boundary.path(), 2); }),
             bad.path() + ":1:4: expected 2 fields");
}

}  // namespace
}  // namespace pinn::geometry
