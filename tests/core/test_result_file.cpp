// The HDF5 result: a full round trip, atomic replacement, and clean failures.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "solver/io/hdf5_file.h"
#include "solver/io/result.h"
#include "solver/io/xdmf.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

using testing::temp_path;

ResultData sample_result() {
  ResultData r;
  r.problem = "burgers";
  r.config = "problem:\n  name: burgers\n";
  r.seed = 42;
  r.dtype = "float32";
  r.device = "cpu";
  r.version = "0.1.0";
  r.threads = 2;
  r.wall_time_s = 12.5;
  r.status = "diverged";
  r.message = "non-finite loss at iteration 3 in term 'residual'";
  auto& h = r.history;
  h.iteration = {0, 100, 200};
  h.phase = {"adam", "adam", "lbfgs"};
  h.time_s = {0.0, 1.0, 2.5};
  h.loss = {1.0, 0.1, 0.01};
  h.problem_loss = {0.9, 0.05, 0.004};
  h.term_names = {"residual", "boundary", "slope_recovery"};
  h.term_loss = {{0.5, 0.05, 0.005}, {0.5, 0.05, 0.005}, {0.9, 0.8, 0.7}};
  h.rel_l2 = {1.0, 0.5, std::nan("")};
  h.slopes = {{1.0, 1.1, 1.2}, {1.0, 1.0, 0.9, 0.8, 1.3, 1.4}};
  h.slope_widths = {1, 2};
  auto& s = r.solution;
  s.inputs = {"x", "t"};
  s.axes = {{-1.0, 0.0, 1.0}, {0.0, 1.0}};
  s.fields = {{"u", {1, 2, 3, 4, 5, 6}, {1, 2, 3, 4, 5, 7}, {0, 0, 0, 0, 0, 1}}};
  r.metrics = {0.1, 1.0, 0.01, 200};
  r.network = {{"x", "t"}, {"u"}, {-1.0, 0.0}, {1.0, 0.5}, {8, 6}, "sin", "neuron", 10.0, {"x"}};
  return r;
}

TEST(ResultFile, RoundTripKeepsEveryField) {
  const auto path = temp_path("roundtrip.h5");
  const auto in = sample_result();
  write_result(path, in);
  const auto out = read_result(path);
  EXPECT_EQ(out.problem, in.problem);
  EXPECT_EQ(out.config, in.config);
  EXPECT_EQ(out.seed, in.seed);
  EXPECT_EQ(out.dtype, in.dtype);
  EXPECT_EQ(out.device, in.device);
  EXPECT_EQ(out.version, in.version);
  EXPECT_EQ(out.threads, in.threads);
  EXPECT_EQ(out.wall_time_s, in.wall_time_s);
  EXPECT_EQ(out.status, in.status);
  EXPECT_EQ(out.message, in.message);
  EXPECT_EQ(out.history.iteration, in.history.iteration);
  EXPECT_EQ(out.history.phase, in.history.phase);
  EXPECT_EQ(out.history.time_s, in.history.time_s);
  EXPECT_EQ(out.history.loss, in.history.loss);
  EXPECT_EQ(out.history.problem_loss, in.history.problem_loss);
  EXPECT_EQ(out.history.rel_l2[0], 1.0);
  EXPECT_TRUE(std::isnan(out.history.rel_l2[2]));
  // Terms come back in the file's (alphabetical) order.
  ASSERT_EQ(out.history.term_names.size(), 3u);
  for (size_t i = 0; i < in.history.term_names.size(); ++i) {
    const auto it = std::find(out.history.term_names.begin(), out.history.term_names.end(),
                              in.history.term_names[i]);
    ASSERT_NE(it, out.history.term_names.end());
    EXPECT_EQ(out.history.term_loss[it - out.history.term_names.begin()], in.history.term_loss[i]);
  }
  EXPECT_EQ(out.history.slopes, in.history.slopes);
  EXPECT_EQ(out.history.slope_widths, in.history.slope_widths);
  EXPECT_EQ(out.solution.inputs, in.solution.inputs);
  EXPECT_EQ(out.solution.axes, in.solution.axes);
  ASSERT_EQ(out.solution.fields.size(), 1u);
  EXPECT_EQ(out.solution.fields[0].name, "u");
  EXPECT_EQ(out.solution.fields[0].values, in.solution.fields[0].values);
  EXPECT_EQ(out.solution.fields[0].exact, in.solution.fields[0].exact);
  EXPECT_EQ(out.solution.fields[0].abs_error, in.solution.fields[0].abs_error);
  EXPECT_EQ(out.metrics.rel_l2, in.metrics.rel_l2);
  EXPECT_EQ(out.metrics.max_abs_error, in.metrics.max_abs_error);
  EXPECT_EQ(out.metrics.final_loss, in.metrics.final_loss);
  EXPECT_EQ(out.metrics.iterations, in.metrics.iterations);
  EXPECT_EQ(out.network.inputs, in.network.inputs);
  EXPECT_EQ(out.network.outputs, in.network.outputs);
  EXPECT_EQ(out.network.input_lo, in.network.input_lo);
  EXPECT_EQ(out.network.input_hi, in.network.input_hi);
  EXPECT_EQ(out.network.hidden, in.network.hidden);
  EXPECT_EQ(out.network.activation, "sin");
  EXPECT_EQ(out.network.mode, "neuron");
  EXPECT_EQ(out.network.scale, 10.0);
  EXPECT_EQ(out.network.periodic, in.network.periodic);
  std::filesystem::remove(path);
}

TEST(ResultFile, SolutionWithoutReferenceHasNoExactFields) {
  const auto path = temp_path("noref.h5");
  auto in = sample_result();
  in.solution.fields[0].exact.clear();
  in.solution.fields[0].abs_error.clear();
  in.history.slopes.clear();
  in.history.slope_widths.clear();
  write_result(path, in);
  const auto out = read_result(path);
  EXPECT_TRUE(out.solution.fields[0].exact.empty());
  EXPECT_TRUE(out.history.slopes.empty());
  std::filesystem::remove(path);
}

TEST(ResultFile, ReplacesAnExistingFileWholeAndLeavesNoTemporary) {
  const auto dir = std::filesystem::path(temp_path("dir"));
  std::filesystem::create_directories(dir);
  const auto path = (dir / "r.h5").string();
  auto first = sample_result();
  write_result(path, first);
  auto second = sample_result();
  second.seed = 7;
  write_result(path, second);
  EXPECT_EQ(read_result(path).seed, 7);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);
  std::filesystem::remove_all(dir);
}

TEST(ResultFile, UnwritableDirectoryFailsCleanly) {
  try {
    write_result("/nonexistent-dir/r.h5", sample_result());
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/r.h5"), std::string::npos);
  }
}

TEST(ResultFile, ForeignOrMissingFileFailsCleanly) {
  EXPECT_THROW(read_result(temp_path("missing.h5")), std::runtime_error);
  const auto path = temp_path("foreign.h5");
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("not an hdf5 file", f);
    std::fclose(f);
  }
  EXPECT_THROW(read_result(path), std::runtime_error);
  std::filesystem::remove(path);
}

// Every HDF DataItem of an XDMF file: the dataset it names must exist in the result and
// hold as many values as its Dimensions say or, for a hyperslab (path|start:stride:count:
// shape), as its shape says, with count values selected inside it.
void expect_xdmf_matches_result(const std::string& result_path, const std::string& xdmf,
                                int expected_items) {
  const std::regex item(
      "<DataItem Dimensions=\"([0-9 ]+)\"[^>]*Format=\"HDF\">([^:<]+):([^<|]+)(\\|[^<]*)?<");
  H5::H5File file(result_path, H5F_ACC_RDONLY);
  const auto product = [](const std::string& text) {
    uint64_t count = 1;
    std::istringstream dims(text);
    for (uint64_t n; dims >> n;) count *= n;
    return count;
  };
  int items = 0;
  for (std::sregex_iterator it(xdmf.begin(), xdmf.end(), item), end; it != end; ++it, ++items) {
    EXPECT_EQ((*it)[2].str(), std::filesystem::path(result_path).filename().string());
    const auto dataset = (*it)[3].str();
    const auto cut = dataset.find_last_of('/');
    const auto values =
        hdf5::read_doubles(file.openGroup(dataset.substr(0, cut)), dataset.substr(cut + 1));
    const auto slab = (*it)[4].str();
    if (slab.empty()) {
      EXPECT_EQ(values.size(), product((*it)[1].str())) << dataset;
      continue;
    }
    const std::regex parts("\\|([0-9 ]+):([0-9 ]+):([0-9 ]+):([0-9 ]+)");
    std::smatch part;
    ASSERT_TRUE(std::regex_match(slab, part, parts)) << slab;
    EXPECT_EQ(values.size(), product(part[4].str())) << dataset;
    EXPECT_EQ(part[3].str(), (*it)[1].str()) << slab;  // the count is the item's shape
  }
  EXPECT_EQ(items, expected_items) << xdmf;
}

int occurrences(const std::string& text, const std::string& what) {
  int count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

TEST(Xdmf, TimeIsATemporalCollectionOfHyperslabs) {
  const auto path = temp_path("xdmf2.h5");
  const auto r = sample_result();  // inputs x (3 values), t (0 and 1)
  write_result(path, r);
  write_xdmf(path, r.solution);
  EXPECT_EQ(xdmf_path(path), path.substr(0, path.size() - 3) + ".xmf");
  std::ifstream in(xdmf_path(path));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, xdmf_text(std::filesystem::path(path).filename().string(), r.solution));
  EXPECT_NE(text.find("GridType=\"Collection\" CollectionType=\"Temporal\""), std::string::npos);
  EXPECT_EQ(occurrences(text, "<Time Value="), 2) << text;
  EXPECT_LT(text.find("<Time Value=\"0\"/>"), text.find("<Time Value=\"1\"/>")) << text;
  // Each time is a line along x, the viewer's X, reading column j of the (3 x 2) arrays.
  EXPECT_EQ(occurrences(text, "TopologyType=\"2DRectMesh\" Dimensions=\"1 3\""), 2) << text;
  EXPECT_EQ(occurrences(text, "solution/u|0 0:1 1:3 1:3 2<"), 1) << text;
  EXPECT_EQ(occurrences(text, "solution/u|0 1:1 1:3 1:3 2<"), 1) << text;
  EXPECT_EQ(occurrences(text, "solution/abs_error|0 1:1 1:3 1:3 2<"), 1) << text;
  EXPECT_EQ(text.find(":/solution/t<"), std::string::npos) << text;
  // Two times of: x, u, u_exact, abs_error.
  expect_xdmf_matches_result(path, text, 8);

  // The space-time file keeps x and t in one mesh, x the viewer's X and t its Y.
  std::ifstream space_time_in(space_time_xdmf_path(path));
  const std::string space_time((std::istreambuf_iterator<char>(space_time_in)),
                               std::istreambuf_iterator<char>());
  EXPECT_EQ(space_time_xdmf_path(path), path.substr(0, path.size() - 3) + ".space-time.xmf");
  EXPECT_EQ(space_time,
            space_time_xdmf_text(std::filesystem::path(path).filename().string(), r.solution));
  EXPECT_NE(space_time.find("TopologyType=\"2DSMesh\" Dimensions=\"3 2\""), std::string::npos);
  EXPECT_NE(space_time.find("GeometryType=\"XY\""), std::string::npos);
  EXPECT_EQ(space_time.find("<Time"), std::string::npos);
  expect_xdmf_matches_result(path, space_time, 4);  // points, u, u_exact, abs_error
  std::filesystem::remove(path);
  std::filesystem::remove(xdmf_path(path));
  std::filesystem::remove(space_time_xdmf_path(path));
}

TEST(Xdmf, PointsPutTheFirstInputOnX) {
  auto r = sample_result();
  r.solution.inputs = {"x", "y", "z"};
  r.solution.axes = {{0.0, 1.0}, {10.0, 20.0, 30.0}, {100.0, 200.0, 300.0, 400.0}};
  r.solution.fields = {{"u", std::vector<double>(24, 1.0), {}, {}}};
  const auto points = xdmf_points(r.solution);
  EXPECT_EQ(points.name, "points");
  EXPECT_EQ(points.shape, (std::vector<uint64_t>{2, 3, 4, 3}));
  ASSERT_EQ(points.values.size(), 72u);
  // Node (1, 2, 3), flat index (1 * 3 + 2) * 4 + 3 = 23, is at (x1, y2, z3).
  EXPECT_EQ(std::vector<double>(points.values.begin() + 69, points.values.end()),
            (std::vector<double>{1.0, 30.0, 400.0}));
  // Node (0, 1, 0), flat index 4.
  EXPECT_EQ(std::vector<double>(points.values.begin() + 12, points.values.begin() + 15),
            (std::vector<double>{0.0, 20.0, 100.0}));

  r.solution.inputs = {"x"};
  EXPECT_TRUE(xdmf_points(r.solution).values.empty());
}

TEST(Xdmf, OneTwoAndThreeInputsAndNoReference) {
  auto r = sample_result();
  r.solution.inputs = {"x"};
  r.solution.axes = {{0.0, 0.5, 1.0}};
  r.solution.fields = {{"u", {1, 2, 3}, {}, {}}};
  const auto path = temp_path("xdmf1.h5");
  write_result(path, r);
  const auto name = std::filesystem::path(path).filename().string();
  const auto one = xdmf_text(name, r.solution);
  EXPECT_NE(one.find("2DRectMesh\" Dimensions=\"1 3\""), std::string::npos) << one;
  EXPECT_EQ(one.find("u_exact"), std::string::npos);
  EXPECT_EQ(one.find("<Time"), std::string::npos);
  EXPECT_EQ(space_time_xdmf_text(name, r.solution), "");
  expect_xdmf_matches_result(path, one, 2);  // x, u

  r.solution.inputs = {"x", "y"};
  r.solution.axes = {{0.0, 1.0}, {0.0, 0.5, 1.0}};
  r.solution.fields = {{"u", std::vector<double>(6, 1.0), {}, {}}};
  write_result(path, r);
  const auto two = xdmf_text(name, r.solution);
  EXPECT_NE(two.find("2DSMesh\" Dimensions=\"2 3\""), std::string::npos) << two;
  EXPECT_NE(two.find("<DataItem Dimensions=\"2 3 2\""), std::string::npos) << two;
  EXPECT_EQ(two.find("Collection"), std::string::npos) << two;
  EXPECT_EQ(space_time_xdmf_text(name, r.solution), "");
  expect_xdmf_matches_result(path, two, 2);  // points, u

  r.solution.inputs = {"x", "y", "z"};
  r.solution.axes = {{0.0, 1.0}, {0.0, 0.5, 1.0}, {0.0, 0.25, 0.5, 0.75}};
  r.solution.fields = {{"u", std::vector<double>(24, 1.0), {}, {}}};
  write_result(path, r);
  const auto three = xdmf_text(name, r.solution);
  EXPECT_NE(three.find("3DSMesh\" Dimensions=\"2 3 4\""), std::string::npos) << three;
  EXPECT_NE(three.find("GeometryType=\"XYZ\""), std::string::npos);
  EXPECT_NE(three.find("<DataItem Dimensions=\"2 3 4 3\""), std::string::npos) << three;
  expect_xdmf_matches_result(path, three, 2);  // points, u
  std::filesystem::remove(path);

  r.solution.inputs = {"x", "y", "z", "t"};
  EXPECT_EQ(xdmf_text("r.h5", r.solution), "");
  EXPECT_EQ(space_time_xdmf_text("r.h5", r.solution), "");
}

TEST(Xdmf, TimeAmongThreeInputsSlicesThePointsToo) {
  auto r = sample_result();
  r.solution.inputs = {"x", "t", "y"};
  r.solution.axes = {{0.0, 1.0}, {0.0, 0.5, 1.0}, {0.0, 2.0}};
  r.solution.fields = {{"u", std::vector<double>(12, 1.0), {}, {}}};
  const auto text = xdmf_text("r.h5", r.solution);
  EXPECT_EQ(occurrences(text, "<Time Value="), 3) << text;
  EXPECT_EQ(occurrences(text, "TopologyType=\"2DSMesh\" Dimensions=\"2 2\""), 3) << text;
  // At t index 2: the x and y columns (0 and 2) of points[:, 2, :, :].
  EXPECT_NE(text.find("r.h5:/solution/points|0 2 0 0:1 1 1 2:2 1 2 2:2 3 2 3<"), std::string::npos)
      << text;
  EXPECT_NE(text.find("r.h5:/solution/u|0 2 0:1 1 1:2 1 2:2 3 2<"), std::string::npos) << text;
}

// u, v with a reference, p without, and a derived h: each field's datasets by name.
ResultData multi_field_result() {
  auto r = sample_result();
  auto& s = r.solution;
  s.inputs = {"x", "y"};
  s.axes = {{0.0, 1.0}, {0.0, 0.5, 1.0}};
  s.fields = {{"u", {1, 2, 3, 4, 5, 6}, {1, 2, 3, 4, 5, 7}, {0, 0, 0, 0, 0, 1}},
              {"v", {0, 0, 1, 1, 2, 2}, {0, 0, 1, 1, 2, 3}, {0, 0, 0, 0, 0, 1}},
              {"p", {9, 8, 7, 6, 5, 4}, {}, {}},
              {"h", {1, 2, 3, 4, 5, 6}, {1, 2, 3, 4, 5, 8}, {0, 0, 0, 0, 0, 2}}};
  s.derived = {"h"};
  s.up_to_constant = {"p"};
  r.metrics.fields = {{"u", 0.1, 1.0}, {"v", 0.2, 1.0}, {"h", 0.3, 2.0}};
  ProfileComparison profile;
  profile.name = "u_vertical_centreline";
  profile.output = "u";
  profile.axis = "y";
  profile.source = "a table";
  profile.metric = "max_centreline_error";
  profile.points = {0.5, 0.0, 0.5, 1.0};
  profile.reference = {0.0, 1.0};
  profile.prediction = {0.01, 0.98};
  profile.line_points = {0.5, 0.0, 0.5, 0.5, 0.5, 1.0};
  profile.line_prediction = {0.01, -0.2, 0.98};
  profile.max_abs_error = 0.02;
  r.profiles = {profile};
  r.metrics.profile_errors = {{"max_centreline_error", 0.02}};
  return r;
}

TEST(ResultFile, SeveralFieldsProfilesAndTheirMetricsRoundTrip) {
  const auto path = temp_path("fields.h5");
  const auto in = multi_field_result();
  write_result(path, in);
  {
    H5::H5File file(path, H5F_ACC_RDONLY);
    auto solution = file.openGroup("solution");
    for (const char* name : {"u", "u_exact", "u_abs_error", "v_abs_error", "p", "h_exact"}) {
      EXPECT_TRUE(solution.nameExists(name)) << name;
    }
    EXPECT_FALSE(solution.nameExists("abs_error"));
    EXPECT_FALSE(solution.nameExists("p_exact"));
    EXPECT_EQ(hdf5::read_string_attribute(solution, "outputs"), "u,v,p,h");
    EXPECT_EQ(hdf5::read_string_attribute(solution, "derived"), "h");
    EXPECT_EQ(hdf5::read_string_attribute(solution, "up_to_constant"), "p");
    auto metrics = file.openGroup("metrics");
    EXPECT_EQ(hdf5::read_double_attribute(metrics, "rel_l2_v"), 0.2);
    EXPECT_EQ(hdf5::read_double_attribute(metrics, "max_abs_error_h"), 2.0);
    EXPECT_FALSE(metrics.attrExists("rel_l2_p"));
    EXPECT_EQ(hdf5::read_double_attribute(metrics, "max_centreline_error"), 0.02);
  }
  const auto out = read_result(path);
  ASSERT_EQ(out.solution.fields.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(out.solution.fields[i].name, in.solution.fields[i].name);
    EXPECT_EQ(out.solution.fields[i].values, in.solution.fields[i].values);
    EXPECT_EQ(out.solution.fields[i].exact, in.solution.fields[i].exact);
    EXPECT_EQ(out.solution.fields[i].abs_error, in.solution.fields[i].abs_error);
  }
  EXPECT_EQ(out.solution.derived, in.solution.derived);
  EXPECT_EQ(out.solution.up_to_constant, in.solution.up_to_constant);
  ASSERT_EQ(out.metrics.fields.size(), 3u);
  EXPECT_EQ(out.metrics.fields[2].name, "h");
  EXPECT_EQ(out.metrics.fields[2].rel_l2, 0.3);
  EXPECT_EQ(out.metrics.profile_errors, in.metrics.profile_errors);
  ASSERT_EQ(out.profiles.size(), 1u);
  EXPECT_EQ(out.profiles[0].points, in.profiles[0].points);
  EXPECT_EQ(out.profiles[0].line_prediction, in.profiles[0].line_prediction);
  EXPECT_EQ(out.profiles[0].source, "a table");
  EXPECT_EQ(out.profiles[0].axis, "y");
  EXPECT_THROW(out.solution.field("w"), std::out_of_range);
  EXPECT_EQ(out.solution.field("p").values, in.solution.fields[2].values);

  // The XDMF file carries every field and its reference.
  write_xdmf(path, out.solution);
  std::ifstream xmf(xdmf_path(path));
  const std::string text((std::istreambuf_iterator<char>(xmf)), std::istreambuf_iterator<char>());
  for (const char* name : {"\"u\"", "\"v_exact\"", "\"p\"", "\"h_abs_error\""}) {
    EXPECT_NE(text.find(std::string("Attribute Name=") + name), std::string::npos) << name;
  }
  EXPECT_EQ(text.find("Attribute Name=\"p_exact\""), std::string::npos);
  expect_xdmf_matches_result(path, text, 1 + 3 + 3 + 1 + 3);  // points and the fields
  std::filesystem::remove(path);
  std::filesystem::remove(xdmf_path(path));
}

}  // namespace
}  // namespace pinn
