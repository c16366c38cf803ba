// The pinn executable end to end: subcommands, exit codes, messages, and that
// bad input writes nothing.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/cli_support.h"

namespace {

using namespace pinn::cli_testing;

TEST(Cli, ProblemsListsEveryProblemWithItsParameters) {
  const auto r = run("problems");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.output.find("burgers: u_t + c u u_x = nu u_xx"), std::string::npos) << r.output;
  // The shortest text that reads back as the default, which the shipped config spells alike.
  EXPECT_NE(r.output.find("problem.nu = 0.003183098861837907  #"), std::string::npos) << r.output;
  EXPECT_NE(read_text(config("burgers.yaml")).find("nu: 0.003183098861837907 "), std::string::npos);
  EXPECT_NE(r.output.find("poisson:"), std::string::npos);
  EXPECT_NE(r.output.find("problem.case = sine"), std::string::npos);
}

TEST(Cli, CheckAcceptsEveryShippedConfig) {
  int checked = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(std::string(PINN_SOURCE_DIR) + "/configs")) {
    if (entry.path().extension() != ".yaml") continue;
    if (entry.path().parent_path().filename() == "studies") continue;  // checked below
    // From the repository root, where shipped configs' relative paths point.
    const auto r = shell("cd " + std::string(PINN_SOURCE_DIR) + " && " + PINN_EXECUTABLE +
                         " check " + entry.path().string());
    EXPECT_EQ(r.code, 0) << entry.path() << "\n" << r.output;
    EXPECT_NE(r.output.find("betas:"), std::string::npos) << r.output;  // defaults shown
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

// Every shipped problem written as formulas trains a few iterations from the repository
// root and writes its result, test points included where its reference is a file.
TEST(Cli, EveryFormulaConfigTrainsAFewIterations) {
  int trained = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(std::string(PINN_SOURCE_DIR) + "/configs")) {
    if (entry.path().extension() != ".yaml") continue;
    if (read_text(entry.path().string()).find("\n  equations:") == std::string::npos) continue;
    const auto out =
        (fs::temp_directory_path() / ("pinn_cli_formula_" + std::to_string(::getpid()) + ".h5"))
            .string();
    const auto r =
        shell("cd " + std::string(PINN_SOURCE_DIR) + " && " + PINN_EXECUTABLE + " train " +
              entry.path().string() + " 'training.phases=[{optimizer: adam, iterations: 2}]'" +
              " training.threads=1 output.file=" + out + " --force");
    EXPECT_EQ(r.code, 0) << entry.path() << "\n" << r.output;
    EXPECT_TRUE(fs::exists(out)) << entry.path();
    fs::remove(out);
    fs::remove(out.substr(0, out.size() - 3) + ".checkpoint.h5");
    ++trained;
  }
  EXPECT_GE(trained, 8);
}

TEST(Cli, CheckAppliesOverrides) {
  const auto r = run("check " + config("burgers.yaml") + " problem.nu=0.005 network.hidden=[8,8]");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("nu: 0.005"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("hidden: [8, 8]"), std::string::npos) << r.output;
}

TEST_F(Scratch, TypoIsExitTwoWithLocationAndWritesNothing) {
  const auto cfg = write(
      "typo.yaml",
      "problem:\n  name: burgers\ntraining:\n  phases:\n    - optimizer: adam\n      iteratons: 5\n"
      "output:\n  file: " +
          file("out.h5") + "\n");
  const auto r = run("train " + cfg);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find(cfg + ":6:7: key 'training.phases[0].iteratons': unknown key"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(file("out.h5")));
}

TEST_F(Scratch, BadOverrideIsExitTwo) {
  const auto r = run("train " + config("poisson_1d.yaml") +
                     " training.phases.0.lr=-1 output.file=" + file("out.h5"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("command line 'training.phases.0.lr=-1'"), std::string::npos) << r.output;
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
                     " training.phases.0.iterations=30 training.phases.1.iterations=0 "
                     "training.log_every=10 training.threads=1 output.file=" +
                     out);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_TRUE(fs::exists(file("poisson.xmf")));  // for ParaView and VisIt
  // Not a terminal: one plain line per record (0, 10, 20 and the final 30), no carriage returns.
  EXPECT_EQ(r.output.find('\r'), std::string::npos);
  EXPECT_NE(r.output.find("adam       20/30"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("completed after 30 iterations"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("relative L2 error"), std::string::npos);
}

TEST_F(Scratch, DivergenceIsExitThreeWithTheResultWritten) {
  // A learning rate this large overflows the float32 loss within a few steps.
  const auto out = file("diverged.h5");
  const auto r =
      run("train " + config("poisson_1d.yaml") +
          " training.phases.0.iterations=50 training.phases.0.lr=1e30 training.dtype=float32 "
          "training.phases.1.iterations=0 training.threads=1 output.file=" +
          out);
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("non-finite loss at iteration"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out));
}

TEST(Cli, TrainOrCheckOnAStudyFileSaysHowToRunIt) {
  const auto study = std::string(PINN_SOURCE_DIR) + "/configs/studies/burgers_jagtap2020.yaml";
  for (const std::string command : {"check ", "train "}) {
    const auto r = run(command + study);
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find("this is a study file (it names a 'base' config): run it with 'pinn "
                            "study " +
                            study + "'"),
              std::string::npos)
        << r.output;
  }
}

TEST(Cli, EveryShippedStudyPlansAndValidatesEveryRun) {
  int checked = 0;
  for (const auto& entry :
       fs::directory_iterator(std::string(PINN_SOURCE_DIR) + "/configs/studies")) {
    if (entry.path().extension() != ".yaml") continue;
    // From the repository root, where the base configs' relative paths point.
    const auto r = shell("cd " + std::string(PINN_SOURCE_DIR) + " && " + PINN_EXECUTABLE +
                         " study --dry-run " + entry.path().string() + " output=/tmp/dry.h5");
    EXPECT_EQ(r.code, 0) << entry.path() << "\n" << r.output;
    EXPECT_NE(r.output.find("to run: "), std::string::npos) << r.output;
    ++checked;
  }
  EXPECT_GE(checked, 3);
  EXPECT_FALSE(fs::exists("/tmp/dry.h5"));
}

// A small study of poisson_1d: two variants x two seeds, `iterations` Adam steps each.
std::string small_study(const std::string& output, int iterations) {
  return "base: " + config("poisson_1d.yaml") +
         "\nset:\n  network.hidden: [8]\n  training: {phases: [{optimizer: adam, iterations: " +
         std::to_string(iterations) +
         "}], log_every: 10}\n"
         "  sampling.residual.points: 64\n"
         "grid: {network.adaptive.mode: [fixed, neuron]}\nseeds: [1, 2]\njobs: 2\n"
         "thresholds: [10, 1.0e-9]\noutput: " +
         output + "\n";
}

TEST_F(Scratch, StudyRunsEverythingThenSkipsWhatIsFinished) {
  const auto study = write("study.yaml", small_study(file("s.h5"), 30));
  auto r = run("study " + study);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("4 runs: 0 done earlier, 4 to run, 2 at a time"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("| mode=neuron | 2 |"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("completed: 4 of 4 runs finished"), std::string::npos) << r.output;
  const auto runs = file("s.runs");
  EXPECT_TRUE(fs::exists(runs + "/mode=fixed/seed_2.h5"));
  EXPECT_TRUE(fs::exists(runs + "/mode=neuron/seed_1.log"));

  r = run("study " + study);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("4 runs: 4 done earlier, 0 to run"), std::string::npos) << r.output;

  fs::remove(runs + "/mode=neuron/seed_2.h5");
  r = run("study " + study);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("4 runs: 3 done earlier, 1 to run"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("completed: mode=neuron seed 2"), std::string::npos) << r.output;

  // Another thread count reorders sums only: still done. Another setting: run again.
  EXPECT_NE(run("study " + study + " threads=2").output.find("4 done earlier"), std::string::npos);
  r = run("study " + study + " set.training.phases.0.lr=0.01");
  EXPECT_NE(r.output.find("0 done earlier, 4 to run"), std::string::npos) << r.output;

  const auto summary = run("summary " + file("s.h5"));
  EXPECT_EQ(summary.code, 0) << summary.output;
  EXPECT_NE(summary.output.find("completed, 4 of 4 runs finished"), std::string::npos)
      << summary.output;
  EXPECT_NE(summary.output.find("| mode=fixed | 2 |"), std::string::npos) << summary.output;
}

TEST_F(Scratch, StudyWithABadValueIsExitTwoAndRunsNothing) {
  const auto study = write("good.yaml", small_study(file("s.h5"), 30));
  const auto bad =
      write("bad2.yaml", "base: " + config("poisson_1d.yaml") +
                             "\ngrid: {network.adaptive.scale: [1, 0.5]}\noutput: " + file("s.h5") +
                             "\n");
  const auto r = run("study " + bad);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(
      r.output.find(bad + ":2:36: in 'network.adaptive.scale=0.5': key 'network.adaptive.scale': "
                          "value 0.5 must be >= 1"),
      std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(file("s.h5")));
  EXPECT_FALSE(fs::exists(file("s.runs")));
  EXPECT_EQ(run("study " + study + " jobs=0").code, 2);
  EXPECT_EQ(run("study /nonexistent/study.yaml").code, 2);
}

TEST_F(Scratch, InterruptedStudyWritesWhatItHasAndResumes) {
  const auto study = write("long.yaml", small_study(file("s.h5"), 4000));
  const std::string executable = PINN_EXECUTABLE;
  const std::string log = file("study.log");
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::freopen(log.c_str(), "w", stderr);
    std::freopen("/dev/null", "w", stdout);
    ::execl(executable.c_str(), executable.c_str(), "study", study.c_str(), nullptr);
    ::_exit(127);
  }
  // Wait until both first runs are training (a loaded machine may take seconds to
  // start them), then stop the study.
  for (const auto* run_log : {"s.runs/mode=fixed/seed_1.log", "s.runs/mode=fixed/seed_2.log"}) {
    wait_for_progress(file(run_log), "adam       20/4000");
  }
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  auto summary = run("summary " + file("s.h5"));
  EXPECT_NE(summary.output.find("interrupted, 0 of 4 runs finished"), std::string::npos)
      << summary.output;
  // The runs that were stopped wrote results marked interrupted; they are run again.
  const auto stopped = run("summary " + file("s.runs/mode=fixed/seed_1.h5"));
  EXPECT_NE(stopped.output.find("interrupted"), std::string::npos) << stopped.output;
  const auto r = run("study " + study);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("4 runs: 0 done earlier, 4 to run"), std::string::npos) << r.output;
  summary = run("summary " + file("s.h5"));
  EXPECT_NE(summary.output.find("completed, 4 of 4 runs finished"), std::string::npos)
      << summary.output;
  // The interrupted runs went on from their checkpoints.
  const auto run_log = read_text(file("s.runs/mode=fixed/seed_1.log"));
  EXPECT_NE(run_log.find("resuming from " + file("s.runs/mode=fixed/seed_1.checkpoint.h5")),
            std::string::npos)
      << run_log;
}

TEST_F(Scratch, SummaryPrintsARunsMetricsAndConfig) {
  const auto out = file("p.h5");
  ASSERT_EQ(run("train " + config("poisson_1d.yaml") +
                " training.phases.0.iterations=20 training.phases.1.iterations=0 "
                "network.adaptive.mode=layer "
                "training.threads=1 output.file=" +
                out)
                .code,
            0);
  const auto r = run("summary " + out);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("result " + out + ": poisson, completed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("  20 iterations in "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(set-up "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("loss_boundary"), std::string::npos) << r.output;
  // Layer-wise: one slope per layer, no mean to speak of.
  EXPECT_NE(r.output.find("slope n*a of hidden layer 0 1."), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find(" neurons)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("config:\nproblem:\n  name: poisson"), std::string::npos) << r.output;
  EXPECT_EQ(run("summary " + write("junk.h5", "not hdf5")).code, 2);
  EXPECT_EQ(run("summary /nonexistent.h5").code, 2);
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Waits until `log` shows training under way (a progress line past iteration 0).

const std::string kLongPoisson =
    " training.phases.0.iterations=3000 training.phases.1.iterations=0 training.log_every=20 "
    "training.threads=1 output.checkpoint_every=20";

TEST_F(Scratch, ExistingResultIsKeptUnlessForced) {
  const auto out = file("p.h5");
  const auto args =
      "train " + config("poisson_1d.yaml") +
      " training.phases.0.iterations=5 training.phases.1.iterations=0 training.threads=1 "
      "output.file=" +
      out;
  ASSERT_EQ(run(args).code, 0);
  const auto before = read_text(out);
  const auto again = run(args);
  EXPECT_EQ(again.code, 2) << again.output;
  EXPECT_NE(again.output.find("result file '" + out + "' exists; the run in '" + out +
                              "' is complete (5 iterations), so there is nothing to resume: to "
                              "train again, pass --force"),
            std::string::npos)
      << again.output;
  EXPECT_EQ(read_text(out), before);
  EXPECT_EQ(run(args + " --force").code, 0);
}

TEST_F(Scratch, SigtermWritesCheckpointAndInterruptedResultThenResumeFinishes) {
  const auto out = file("p.h5");
  const auto checkpoint = file("p.checkpoint.h5");
  const auto log = file("train.log");
  const pid_t pid =
      start({"train", config("poisson_1d.yaml"), "training.phases.0.iterations=3000",
             "training.phases.1.iterations=0", "training.log_every=20", "training.threads=1",
             "output.checkpoint_every=20", "output.file=" + out},
            log);
  wait_for_progress(log, "adam       40/3000");
  ::kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid), 143) << read_text(log);
  EXPECT_NE(read_text(log).find("continue with: pinn resume " + checkpoint), std::string::npos)
      << read_text(log);
  // The stop is told once.
  EXPECT_EQ(count(read_text(log), "interrupted"), 1u) << read_text(log);
  const auto summary = run("summary " + out);
  EXPECT_NE(summary.output.find("poisson, interrupted"), std::string::npos) << summary.output;
  ASSERT_TRUE(fs::exists(checkpoint));

  // Started again without --resume, it says how to go on.
  const auto again =
      run("train " + config("poisson_1d.yaml") + kLongPoisson + " output.file=" + out);
  EXPECT_EQ(again.code, 2) << again.output;
  EXPECT_NE(again.output.find("' exists, from a run that stopped early: pass --resume to continue "
                              "it from " +
                              checkpoint + ", or --force to start again"),
            std::string::npos)
      << again.output;

  // A changed setting is refused, naming it; nothing is written.
  const auto changed = run("train " + config("poisson_1d.yaml") + kLongPoisson +
                           " training.phases.0.lr=0.5 output.file=" + out + " --resume");
  EXPECT_EQ(changed.code, 2) << changed.output;
  EXPECT_NE(changed.output.find("these settings differ from the run it was written by: "
                                "training.phases[0].lr"),
            std::string::npos)
      << changed.output;

  // Resumed from the result file, it runs to the end and drops the checkpoint.
  const auto resumed = run("resume " + out);
  EXPECT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming from " + checkpoint + " at iteration"), std::string::npos)
      << resumed.output;
  EXPECT_NE(run("summary " + out).output.find("poisson, completed"), std::string::npos);
  EXPECT_FALSE(fs::exists(checkpoint));
}

// kill -9 at random moments, checkpoints every 20 iterations: after every kill the
// checkpoint, where one exists, is whole and the run goes on from it; at the end
// the run completes.
TEST_F(Scratch, KilledAtRandomMomentsLosesNothingWritten) {
  const auto out = file("p.h5");
  const auto checkpoint = file("p.checkpoint.h5");
  std::srand(static_cast<unsigned>(::getpid()));
  const std::vector<std::string> train = {"train",
                                          config("poisson_1d.yaml"),
                                          "training.phases.0.iterations=1500",
                                          "training.phases.1.iterations=200",
                                          "training.log_every=20",
                                          "training.threads=1",
                                          "output.checkpoint_every=20",
                                          "output.file=" + out};
  int64_t last_iteration = -1;
  int checkpoints_seen = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    auto args = train;
    args.push_back(fs::exists(checkpoint) ? "--resume" : "--force");
    const auto log = file("kill_" + std::to_string(attempt) + ".log");
    const pid_t pid = start(args, log);
    // Once it has trained past its first checkpoint (a loaded machine may take
    // seconds to get there), at a random moment.
    for (int i = 0; i < 1500 && count(read_text(log), "/1700 ") < 2; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::rand() % 400));
    ::kill(pid, SIGKILL);
    wait_exit(pid);
    if (!fs::exists(checkpoint)) continue;
    // Whole, and never behind the previous one.
    const auto summary = run("summary " + checkpoint);
    ASSERT_EQ(summary.code, 0) << summary.output;
    const auto at = summary.output.find(": iteration ");
    ASSERT_NE(at, std::string::npos) << summary.output;
    const auto iteration = std::stoll(summary.output.substr(at + 12));
    EXPECT_GE(iteration, last_iteration) << summary.output;
    EXPECT_EQ(iteration % 20, 0) << summary.output;
    last_iteration = iteration;
    ++checkpoints_seen;
  }
  EXPECT_GT(checkpoints_seen, 0);
  EXPECT_GT(last_iteration, 0);
  auto args = train;
  args.push_back(fs::exists(checkpoint) ? "--resume" : "--force");
  const pid_t pid = start(args, file("final.log"));
  EXPECT_EQ(wait_exit(pid), 0) << read_text(file("final.log"));
  const auto summary = run("summary " + out);
  EXPECT_NE(summary.output.find("poisson, completed"), std::string::npos) << summary.output;
  EXPECT_NE(summary.output.find("1700 iterations in "), std::string::npos) << summary.output;
}

TEST_F(Scratch, ResumeOfWhatIsNoRunOrHasNoCheckpointIsExitTwo) {
  const auto junk = write("junk.h5", "not hdf5");
  auto r = run("resume " + junk);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("error: cannot resume from '" + junk + "': it is not an HDF5 file"),
            std::string::npos)
      << r.output;
  r = run("resume " + file("absent.h5"));
  EXPECT_EQ(r.code, 2) << r.output;

  // A completed run keeps no checkpoint: nothing to resume.
  const auto out = file("done.h5");
  ASSERT_EQ(run("train " + config("poisson_1d.yaml") +
                " training.phases.0.iterations=5 training.phases.1.iterations=0 training.threads=1 "
                "output.file=" +
                out)
                .code,
            0);
  r = run("resume " + out);
  EXPECT_EQ(r.code, 2) << r.output;
  const auto complete = "the run in '" + out +
                        "' is complete (5 iterations), so there is nothing to resume: to train "
                        "again, pass --force to replace the result, or set output.file to another "
                        "path";
  EXPECT_NE(r.output.find(complete), std::string::npos) << r.output;
  r = run("train " + config("poisson_1d.yaml") +
          " training.phases.0.iterations=5 training.phases.1.iterations=0 training.threads=1 "
          "output.file=" +
          out + " --resume");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find(complete), std::string::npos) << r.output;

  // A checkpoint cut short.
  const auto cut = write("cut.checkpoint.h5", read_text(out).substr(0, 3000));
  r = run("resume " + cut);
  EXPECT_EQ(r.code, 2) << r.output;
}

// Hostile values, each refused with exit 2 and a message naming the key, before
// anything is written.
TEST_F(Scratch, HostileValuesAreExitTwoAndWriteNothing) {
  const auto out = file("never.h5");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"training.phases.0.lr=.nan", "training.phases[0].lr"},
      {"training.phases.0.lr=-1", "training.phases[0].lr"},
      {"training.phases.0.iterations=-5", "training.phases[0].iterations"},
      {"training.phases.0.iterations=1e400", "training.phases[0].iterations"},
      {"training.phases.0.iterations=99999999999999999999999", "training.phases[0].iterations"},
      {"training.phases.1.optimizer=sgd", "training.phases[1].optimizer"},
      {"training.phases.1.c2=1.5", "training.phases[1].c2"},
      {"training.phases.5.iterations=3", "training.phases.5.iterations"},
      {"network.hidden=[]", "network.hidden"},
      {"network.hidden=[20,-3]", "network.hidden"},
      {"problem.k=.inf", "problem.k"},
      {"training.seed=abc", "training.seed"},
      {"output.checkpoint_every=-1", "output.checkpoint_every"},
      {"output.checkpoint=" + out, "output.checkpoint"},
      {"training.on_divergence=retry", "training.on_divergence"},
      {"training.max_rollbacks=1000", "training.max_rollbacks"},
      {"training.threads=0", "training.threads"},
      {"sampling.residual.points=0", "sampling.residual.points"},
      {"training.bogus=1", "training.bogus"},
      {"output.file=/nonexistent/dir/x.h5", "output.file"},
  };
  for (const auto& [override_text, key] : cases) {
    const auto r = run("train " + config("poisson_1d.yaml") + " 'output.file=" + out + "' '" +
                       override_text + "'");
    EXPECT_EQ(r.code, 2) << override_text << "\n" << r.output;
    EXPECT_NE(r.output.find("error: "), std::string::npos) << override_text << "\n" << r.output;
    EXPECT_NE(r.output.find(key), std::string::npos) << override_text << "\n" << r.output;
    EXPECT_FALSE(fs::exists(out)) << override_text;
  }
  // Malformed YAML, a required key missing, an empty file's missing problem.
  for (const auto& text :
       {"problem: {name: poisson\n", "network: {hidden: [4]}\n", "", "- a list\n- not a map\n",
        "problem: {name: poisson}\nproblem: x\n", ","}) {
    const auto r = run("check " + write("bad.yaml", text));
    EXPECT_EQ(r.code, 2) << text << "\n" << r.output;
    EXPECT_NE(r.output.find("error: "), std::string::npos) << text << "\n" << r.output;
  }
}

}  // namespace
