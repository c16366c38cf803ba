// The pinn executable end to end: subcommands, exit codes, messages, and that
// bad input writes nothing.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code;
  std::string output;  // stdout and stderr together
};

Outcome run(const std::string& args) {
  const std::string command = std::string(PINN_EXECUTABLE) + " " + args + " 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  Outcome outcome{-1, ""};
  std::array<char, 4096> buffer;
  while (std::fgets(buffer.data(), buffer.size(), pipe)) outcome.output += buffer.data();
  const int status = ::pclose(pipe);
  outcome.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

std::string config(const std::string& name) {
  return std::string(PINN_SOURCE_DIR) + "/configs/" + name;
}

class Scratch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pinn_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::FILE* f = std::fopen(file(name).c_str(), "w");
    std::fputs(text.c_str(), f);
    std::fclose(f);
    return file(name);
  }
  fs::path dir_;
};

TEST(Cli, ProblemsListsEveryProblemWithItsParameters) {
  const auto r = run("problems");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.output.find("burgers: u_t + u u_x = nu u_xx"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("problem.nu = 0.0031830988618379"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("poisson:"), std::string::npos);
  EXPECT_NE(r.output.find("problem.case = sine"), std::string::npos);
}

TEST(Cli, CheckAcceptsEveryShippedConfig) {
  int checked = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(std::string(PINN_SOURCE_DIR) + "/configs")) {
    if (entry.path().extension() != ".yaml") continue;
    const auto r = run("check " + entry.path().string());
    EXPECT_EQ(r.code, 0) << entry.path() << "\n" << r.output;
    EXPECT_NE(r.output.find("tolerance_grad:"), std::string::npos) << r.output;  // defaults shown
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

TEST(Cli, CheckAppliesOverrides) {
  const auto r = run("check " + config("burgers.yaml") + " problem.nu=0.005 network.hidden=[8,8]");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("nu: 0.005"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("hidden: [8, 8]"), std::string::npos) << r.output;
}

TEST_F(Scratch, TypoIsExitTwoWithLocationAndWritesNothing) {
  const auto cfg = write("typo.yaml",
                         "problem:\n  name: burgers\ntraining:\n  adam:\n    iteratons: 5\n"
                         "output:\n  file: " +
                             file("out.h5") + "\n");
  const auto r = run("train " + cfg);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find(cfg + ":5:5: key 'training.adam.iteratons': unknown key"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(file("out.h5")));
}

TEST_F(Scratch, BadOverrideIsExitTwo) {
  const auto r = run("train " + config("poisson_1d.yaml") +
                     " training.adam.lr=-1 output.file=" + file("out.h5"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("command line 'training.adam.lr=-1'"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(file("out.h5")));
}

TEST_F(Scratch, UnwritableOutputIsRefusedBeforeTraining) {
  const auto r =
      run("train " + config("poisson_1d.yaml") + " output.file=" + file("missing-dir/out.h5"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("does not exist or is not writable"), std::string::npos) << r.output;
}

TEST(Cli, MissingConfigAndBadCommandLineAreExitTwo) {
  EXPECT_EQ(run("train /nonexistent/config.yaml").code, 2);
  EXPECT_EQ(run("frobnicate").code, 2);
  EXPECT_EQ(run("").code, 2);
  EXPECT_EQ(run("train").code, 2);
}

TEST_F(Scratch, ShortTrainingWritesTheResultAndPlainLogLines) {
  const auto out = file("poisson.h5");
  const auto r = run("train " + config("poisson_1d.yaml") +
                     " training.adam.iterations=30 training.lbfgs.iterations=0 "
                     "training.log_every=10 training.threads=1 output.file=" +
                     out);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(fs::exists(out));
  // Not a terminal: one plain line per record (0, 10, 20 and the final 30), no carriage returns.
  EXPECT_EQ(r.output.find('\r'), std::string::npos);
  EXPECT_NE(r.output.find("adam       20/30"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("completed after 30 iterations"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("relative L2 error"), std::string::npos);
}

TEST_F(Scratch, DivergenceIsExitThreeWithTheResultWritten) {
  // A learning rate this large overflows the float32 loss within a few steps.
  const auto out = file("diverged.h5");
  const auto r = run("train " + config("poisson_1d.yaml") +
                     " training.adam.iterations=50 training.adam.lr=1e30 training.dtype=float32 "
                     "training.lbfgs.iterations=0 training.threads=1 output.file=" +
                     out);
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("non-finite loss at iteration"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out));
}

}  // namespace
