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
  s.u = {1, 2, 3, 4, 5, 6};
  s.u_exact = {1, 2, 3, 4, 5, 7};
  s.abs_error = {0, 0, 0, 0, 0, 1};
  r.metrics = {0.1, 1.0, 0.01, 200};
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
  EXPECT_EQ(out.solution.u, in.solution.u);
  EXPECT_EQ(out.solution.u_exact, in.solution.u_exact);
  EXPECT_EQ(out.solution.abs_error, in.solution.abs_error);
  EXPECT_EQ(out.metrics.rel_l2, in.metrics.rel_l2);
  EXPECT_EQ(out.metrics.max_abs_error, in.metrics.max_abs_error);
  EXPECT_EQ(out.metrics.final_loss, in.metrics.final_loss);
  EXPECT_EQ(out.metrics.iterations, in.metrics.iterations);
  std::filesystem::remove(path);
}

TEST(ResultFile, SolutionWithoutReferenceHasNoExactFields) {
  const auto path = temp_path("noref.h5");
  auto in = sample_result();
  in.solution.u_exact.clear();
  in.solution.abs_error.clear();
  in.history.slopes.clear();
  in.history.slope_widths.clear();
  write_result(path, in);
  const auto out = read_result(path);
  EXPECT_TRUE(out.solution.u_exact.empty());
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

// Every HDF DataItem of an XDMF file: the dataset it names must exist in the result
// and hold as many values as its Dimensions say.
void expect_xdmf_matches_result(const std::string& result_path, const std::string& xdmf,
                                int expected_items) {
  const std::regex item("<DataItem Dimensions=\"([0-9 ]+)\"[^>]*Format=\"HDF\">([^:<]+):([^<]+)<");
  H5::H5File file(result_path, H5F_ACC_RDONLY);
  int items = 0;
  for (std::sregex_iterator it(xdmf.begin(), xdmf.end(), item), end; it != end; ++it, ++items) {
    uint64_t count = 1;
    std::istringstream dims((*it)[1].str());
    for (uint64_t n; dims >> n;) count *= n;
    EXPECT_EQ((*it)[2].str(), std::filesystem::path(result_path).filename().string());
    const auto dataset = (*it)[3].str();
    const auto cut = dataset.find_last_of('/');
    const auto values =
        hdf5::read_doubles(file.openGroup(dataset.substr(0, cut)), dataset.substr(cut + 1));
    EXPECT_EQ(values.size(), count) << dataset;
  }
  EXPECT_EQ(items, expected_items) << xdmf;
}

TEST(Xdmf, TwoInputsAreARectilinearMeshOverTheStoredAxes) {
  const auto path = temp_path("xdmf2.h5");
  const auto r = sample_result();
  write_result(path, r);
  write_xdmf(path, r.solution);
  EXPECT_EQ(xdmf_path(path), path.substr(0, path.size() - 3) + ".xmf");
  std::ifstream in(xdmf_path(path));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, xdmf_text(std::filesystem::path(path).filename().string(), r.solution));
  EXPECT_NE(text.find("TopologyType=\"2DRectMesh\" Dimensions=\"3 2\""), std::string::npos) << text;
  // X runs fastest: the last input (t, 2 values), then x (3 values).
  EXPECT_LT(text.find(":/solution/t<"), text.find(":/solution/x<")) << text;
  expect_xdmf_matches_result(path, text, 5);  // t, x, u, u_exact, abs_error
  std::filesystem::remove(path);
  std::filesystem::remove(xdmf_path(path));
}

TEST(Xdmf, OneAndThreeInputsAndNoReference) {
  auto r = sample_result();
  r.solution.inputs = {"x"};
  r.solution.axes = {{0.0, 0.5, 1.0}};
  r.solution.u = {1, 2, 3};
  r.solution.u_exact.clear();
  r.solution.abs_error.clear();
  const auto path = temp_path("xdmf1.h5");
  write_result(path, r);
  const auto one = xdmf_text("xdmf1.h5", r.solution);
  EXPECT_NE(one.find("2DRectMesh\" Dimensions=\"1 3\""), std::string::npos) << one;
  EXPECT_EQ(one.find("u_exact"), std::string::npos);
  expect_xdmf_matches_result(path,
                             std::regex_replace(one, std::regex("xdmf1.h5"),
                                                std::filesystem::path(path).filename().string()),
                             2);  // x, u
  std::filesystem::remove(path);

  r.solution.inputs = {"x", "y", "z"};
  r.solution.axes = {{0.0, 1.0}, {0.0, 0.5, 1.0}, {0.0, 0.25, 0.5, 0.75}};
  r.solution.u.assign(24, 1.0);
  const auto three = xdmf_text("r.h5", r.solution);
  EXPECT_NE(three.find("3DRectMesh\" Dimensions=\"2 3 4\""), std::string::npos) << three;
  EXPECT_NE(three.find("VXVYVZ"), std::string::npos);
  EXPECT_LT(three.find(":/solution/z<"), three.find(":/solution/y<"));
  EXPECT_LT(three.find(":/solution/y<"), three.find(":/solution/x<"));

  r.solution.inputs = {"x", "y", "z", "t"};
  EXPECT_EQ(xdmf_text("r.h5", r.solution), "");
}

}  // namespace
}  // namespace pinn
