// The HDF5 result: a full round trip, atomic replacement, and clean failures.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "solver/io/hdf5_file.h"
#include "solver/io/result.h"
#include "solver/io/xdmf.h"
#include "tests/core/support.h"
#include "tests/core/xdmf_checks.h"

namespace pinn {
namespace {

using testing::expect_xdmf_matches_result;
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
