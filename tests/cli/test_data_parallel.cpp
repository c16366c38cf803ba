// Data-parallel training end to end: worker processes over loopback against one
// process on the same points, interruption and resumption with another number of
// processes, peers that never arrive or die, and launch settings that are refused.

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "solver/distributed/rendezvous.h"
#include "solver/io/checkpoint.h"
#include "solver/io/result.h"
#include "tests/cli/cli_support.h"
#include "tests/cli/result_differences.h"
#include "tests/formula_problem/formula_burgers.h"

namespace {

using namespace pinn::cli_testing;

// A small Burgers run with every kind of trainable parameter: neuron-wise slopes,
// the slope-recovery term, Adam then L-BFGS.
const std::string kBurgers =
    config("burgers.yaml") +
    " network.hidden=[16,16,16] network.adaptive.mode=neuron network.adaptive.scale=2"
    " network.adaptive.slope_recovery=1 sampling.residual.points=1000"
    " sampling.initial.points=51 sampling.boundary.points=51 training.dtype=float64"
    " training.threads=1 training.log_every=10 output.grid.x=21 output.grid.t=11";

// `RANK=r WORLD_SIZE=w MASTER_ADDR=127.0.0.1 MASTER_PORT=p pinn`
std::string worker(int rank, int world, int64_t port) {
  return "RANK=" + std::to_string(rank) + " WORLD_SIZE=" + std::to_string(world) +
         " MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(port) + " " + PINN_EXECUTABLE;
}

// The worker of launcher `launcher` whose environment holds RANK=`rank`; 0 if none.
pid_t worker_pid(pid_t launcher, int rank) {
  std::ifstream children("/proc/" + std::to_string(launcher) + "/task/" + std::to_string(launcher) +
                         "/children");
  pid_t child = 0;
  while (children >> child) {
    std::ifstream environ("/proc/" + std::to_string(child) + "/environ");
    std::stringstream text;
    text << environ.rdbuf();
    const std::string entries = text.str();
    if (entries.find(std::string("RANK=") + std::to_string(rank) + '\0') == 0 ||
        entries.find(std::string("\0RANK=", 6) + std::to_string(rank) + '\0') !=
            std::string::npos) {
      return child;
    }
  }
  return 0;
}

TEST_F(Scratch, TwoProcessesTakeTheStepsOfOneInFloat64) {
  const std::string steps =
      " training.phases.0.iterations=40 training.phases.1.optimizer=lbfgs"
      " training.phases.1.iterations=20";
  const auto one = run("train " + kBurgers + steps + " output.file=" + file("one.h5"));
  ASSERT_EQ(one.code, 0) << one.output;
  const auto two =
      run("train " + kBurgers + steps + " output.file=" + file("two.h5") + " --nproc 2");
  ASSERT_EQ(two.code, 0) << two.output;
  EXPECT_NE(two.output.find("2 processes of 1 thread,"), std::string::npos) << two.output;
  const auto split = pinn::read_result(file("two.h5"));
  const auto whole = pinn::read_result(file("one.h5"));
  EXPECT_EQ(split.processes, 2);
  EXPECT_EQ(whole.processes, 1);
  // 61 all-reduces over loopback: some time, and less than the whole run.
  EXPECT_GT(split.communication_s, 0);
  EXPECT_LT(split.communication_s, split.wall_time_s);
  EXPECT_EQ(whole.communication_s, 0);
  const auto summary = run("summary " + file("two.h5"));
  EXPECT_NE(summary.output.find("1 thread x 2 processes"), std::string::npos) << summary.output;
  EXPECT_LE(parameter_difference(file("one.h5"), file("two.h5")), 1e-10);
  EXPECT_LE(loss_difference(file("one.h5"), file("two.h5")), 1e-10);
  // Only the first process writes.
  EXPECT_FALSE(fs::exists(file("two.checkpoint.h5")));
}

// A dense quasi-Newton phase with RAD resampling: every process holds the same H,
// takes the same line-search decisions and redraws the same point set.
TEST_F(Scratch, TwoProcessesMatchOneInASelfScaledBroydenPhaseWithResampling) {
  const std::string steps =
      " training.phases.0.iterations=30 training.phases.1.optimizer=ssbroyden"
      " training.phases.1.iterations=30 'sampling.residual.resample={every: 20, candidates: 3000}'";
  const auto one = run("train " + kBurgers + steps + " output.file=" + file("one.h5"));
  ASSERT_EQ(one.code, 0) << one.output;
  const auto two =
      run("train " + kBurgers + steps + " output.file=" + file("two.h5") + " --nproc 2");
  ASSERT_EQ(two.code, 0) << two.output;
  const auto split = pinn::read_result(file("two.h5"));
  EXPECT_EQ(split.training.resampled_at, (std::vector<int64_t>{20, 40}));
  EXPECT_EQ(split.history.phase.back(), "ssbroyden");
  EXPECT_LE(parameter_difference(file("one.h5"), file("two.h5")), 1e-10);
  EXPECT_LE(loss_difference(file("one.h5"), file("two.h5")), 1e-10);
}

// Unknown coefficients are all-reduced with the other gradients, and the
// observations are shared out like any point set (301 rows do not split evenly).
TEST_F(Scratch, TwoProcessesMatchOneWhenIdentifyingCoefficients) {
  const std::string steps =
      " 'unknowns={nu: {initial: 0.05, positive: true, lr: 0.02}, c: {initial: 0.5}}'"
      " 'observations={reference: {points: 301, seed: 3, grid: {x: 41, t: 21}}}'"
      " training.phases.0.iterations=30 training.phases.1.optimizer=lbfgs"
      " training.phases.1.iterations=20";
  const auto one = run("train " + kBurgers + steps + " output.file=" + file("one.h5"));
  ASSERT_EQ(one.code, 0) << one.output;
  const auto two =
      run("train " + kBurgers + steps + " output.file=" + file("two.h5") + " --nproc 2");
  ASSERT_EQ(two.code, 0) << two.output;
  const auto split = pinn::read_result(file("two.h5"));
  const auto whole = pinn::read_result(file("one.h5"));
  ASSERT_EQ(split.metrics.unknowns.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const double a = whole.metrics.unknowns[i].value, b = split.metrics.unknowns[i].value;
    EXPECT_LE(std::abs(a - b), 1e-10 * std::abs(a)) << whole.metrics.unknowns[i].name;
    EXPECT_NE(a, whole.history.unknown_values[i].front());  // it was trained
  }
  EXPECT_LE(parameter_difference(file("one.h5"), file("two.h5")), 1e-10);
  EXPECT_LE(loss_difference(file("one.h5"), file("two.h5")), 1e-10);
}

// A problem written as formulas: the data condition's 13 rows are shared out unevenly,
// the points of the face condition with a predicate are drawn alike in every process, and
// the unknown trained from the data is all-reduced with the network's gradients.
TEST_F(Scratch, TwoProcessesMatchOneOnAFormulaProblem) {
  pinn::testing::write_formula_burgers_data(file("data.txt"));
  const auto yaml = write(
      "formula.yaml",
      pinn::testing::formula_burgers_problem(file("data.txt")) +
          "unknowns: {nu: {initial: 0.05, positive: true, lr: 0.02}}\n"
          "network: {hidden: [16, 16], adaptive: {mode: neuron, scale: 2, slope_recovery: 1}}\n"
          "sampling: {residual: {points: 501}, initial: {points: 51}, inflow: {points: 21},"
          " outflow: {points: 21}}\n"
          "training: {dtype: float64, threads: 1, log_every: 10, phases: [{optimizer: adam,"
          " iterations: 30, lr: 0.005}, {optimizer: lbfgs, iterations: 20}]}\n"
          "output: {grid: {x: 21, t: 11}}\n");
  const auto one = run("train " + yaml + " output.file=" + file("one.h5"));
  ASSERT_EQ(one.code, 0) << one.output;
  const auto two = run("train " + yaml + " output.file=" + file("two.h5") + " --nproc 2");
  ASSERT_EQ(two.code, 0) << two.output;
  const auto split = pinn::read_result(file("two.h5"));
  const auto whole = pinn::read_result(file("one.h5"));
  EXPECT_EQ(split.processes, 2);
  EXPECT_EQ(whole.history.term_names,  // the result file lists them by name
            (std::vector<std::string>{"inflow", "initial", "observed", "outflow", "residual",
                                      "slope_recovery"}));
  ASSERT_EQ(split.metrics.unknowns.size(), 1u);
  const double a = whole.metrics.unknowns[0].value, b = split.metrics.unknowns[0].value;
  EXPECT_LE(std::abs(a - b), 1e-10 * std::abs(a));
  EXPECT_NE(a, whole.history.unknown_values[0].front());  // it was trained
  EXPECT_LE(parameter_difference(file("one.h5"), file("two.h5")), 1e-10);
  EXPECT_LE(loss_difference(file("one.h5"), file("two.h5")), 1e-10);
}

TEST_F(Scratch, ThreeProcessesWithUnevenSharesMatchOne) {
  // 1001, 101 and 13 points do not split evenly in three.
  const std::string args = "train " + kBurgers +
                           " sampling.residual.points=1001 sampling.initial.points=101"
                           " sampling.boundary.points=13 training.phases.0.iterations=30"
                           " training.phases.1.iterations=0";
  ASSERT_EQ(run(args + " output.file=" + file("one.h5")).code, 0);
  const auto three = run(args + " output.file=" + file("three.h5") + " --nproc 3");
  ASSERT_EQ(three.code, 0) << three.output;
  EXPECT_LE(parameter_difference(file("one.h5"), file("three.h5")), 1e-10);
}

TEST_F(Scratch, Float32ProcessesStayWithinRoundingOfOne) {
  const std::string args = "train " + kBurgers +
                           " training.dtype=float32 training.phases.0.iterations=30"
                           " training.phases.1.iterations=0";
  ASSERT_EQ(run(args + " output.file=" + file("one.h5")).code, 0);
  ASSERT_EQ(run(args + " output.file=" + file("two.h5") + " --nproc 2").code, 0);
  const double difference = parameter_difference(file("one.h5"), file("two.h5"));
  EXPECT_LE(difference, 1e-4);
}

TEST_F(Scratch, InterruptedTwoProcessRunResumesInOneProcess) {
  const std::string args = kBurgers +
                           " training.phases.0.iterations=300 training.phases.1.iterations=20"
                           " output.checkpoint_every=10";
  ASSERT_EQ(run("train " + args + " output.file=" + file("whole.h5")).code, 0);

  const auto log = file("two.log");
  std::vector<std::string> argv;
  std::istringstream words("train " + args + " output.file=" + file("split.h5") + " --nproc 2");
  for (std::string w; words >> w;) argv.push_back(w);
  const pid_t pid = start(argv, log);
  wait_for_progress(log, " 100/");
  ::kill(pid, SIGTERM);
  const int code = wait_exit(pid);
  ASSERT_EQ(code, 143) << read_text(log);
  ASSERT_TRUE(fs::exists(file("split.checkpoint.h5"))) << read_text(log);
  const auto stopped_at = pinn::read_checkpoint(file("split.checkpoint.h5")).trainer.iteration;
  EXPECT_GT(stopped_at, 0);
  EXPECT_LT(stopped_at, 320);

  const auto resumed = run("resume " + file("split.checkpoint.h5"));
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_EQ(pinn::read_result(file("split.h5")).processes, 1);
  EXPECT_LE(parameter_difference(file("whole.h5"), file("split.h5")), 1e-10);
  EXPECT_LE(loss_difference(file("whole.h5"), file("split.h5")), 1e-10);
}

TEST_F(Scratch, PeerThatNeverArrivesStopsTheOthersWithinTheTimeout) {
  const auto port = pinn::distributed::free_loopback_port();
  const auto begin = std::chrono::steady_clock::now();
  const auto r = shell(worker(0, 2, port) + " train " + kBurgers +
                       " output.file=" + file("alone.h5") + " --peer-timeout 2");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("rank 0 of 2: the 2 processes did not all meet at TCPStore "
                          "127.0.0.1:" +
                          std::to_string(port) + " within 2 s (--peer-timeout)"),
            std::string::npos)
      << r.output;
  EXPECT_LT(seconds, 30);
  EXPECT_FALSE(fs::exists(file("alone.h5")));
}

TEST_F(Scratch, DeadWorkerStopsTheRunAndLeavesItsCheckpointWhole) {
  std::vector<std::string> argv;
  std::istringstream words("train " + kBurgers +
                           " training.phases.0.iterations=100000 training.phases.1.iterations=0"
                           " output.checkpoint_every=10 output.file=" +
                           file("dies.h5") + " --nproc 2 --peer-timeout 20");
  for (std::string w; words >> w;) argv.push_back(w);
  const auto log = file("dies.log");
  const pid_t launcher = start(argv, log);
  wait_for_progress(log, " 30/");
  const pid_t rank1 = worker_pid(launcher, 1);
  ASSERT_GT(rank1, 0);
  const auto begin = std::chrono::steady_clock::now();
  ::kill(rank1, SIGKILL);
  const int code = wait_exit(launcher);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  const auto output = read_text(log);
  EXPECT_EQ(code, 1) << output;
  EXPECT_LT(seconds, 20) << output;
  EXPECT_NE(output.find("pinn: rank 1 of 2 was killed by signal 9"), std::string::npos) << output;
  EXPECT_NE(output.find("rank 0 of 2: lost contact with the other processes"), std::string::npos)
      << output;
  EXPECT_NE(output.find("is intact (continue with: pinn resume " + file("dies.checkpoint.h5")),
            std::string::npos)
      << output;
  const auto checkpoint = pinn::read_checkpoint(file("dies.checkpoint.h5"));
  EXPECT_GE(checkpoint.trainer.iteration, 30);
  EXPECT_EQ(checkpoint.trainer.iteration % 10, 0);
}

TEST_F(Scratch, RefusalByOneWorkerStopsEveryWorkerAtOnce) {
  // Rank 0 refuses to replace an existing result; rank 1 hears so at the
  // rendezvous rather than waiting out the timeout.
  const auto out = file("exists.h5");
  { std::ofstream(out) << "earlier"; }
  const auto port = pinn::distributed::free_loopback_port();
  const std::string args = " train " + kBurgers + " output.file=" + out + " --peer-timeout 60";
  const auto begin = std::chrono::steady_clock::now();
  const auto r = shell(worker(1, 2, port) + args + " > " + file("rank1.log") + " 2>&1 & peer=$!; " +
                       worker(0, 2, port) + args + "; echo rank0=$?; wait $peer; echo rank1=$?");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  EXPECT_NE(r.output.find("rank 0 of 2: result file '" + out + "' exists"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("rank0=2"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("rank1=2"), std::string::npos)
      << r.output << read_text(file("rank1.log"));
  EXPECT_LT(seconds, 30);
  EXPECT_EQ(read_text(out), "earlier");
}

TEST_F(Scratch, BadLaunchSettingsAreRefusedNamingTheSetting) {
  const std::string train = " train " + kBurgers + " output.file=" + file("x.h5");
  struct Case {
    std::string command;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"RANK=2 WORLD_SIZE=2 " + std::string(PINN_EXECUTABLE) + train,
       "environment variable RANK: value '2' must be in [0, WORLD_SIZE) = [0, 2)"},
      {"RANK=0 " + std::string(PINN_EXECUTABLE) + train,
       "environment variable WORLD_SIZE: unset while RANK is set"},
      {"RANK=0 WORLD_SIZE=two " + std::string(PINN_EXECUTABLE) + train,
       "environment variable WORLD_SIZE: value 'two' must be an integer"},
      {"RANK=0 WORLD_SIZE=2 MASTER_PORT=70000 " + std::string(PINN_EXECUTABLE) + train,
       "environment variable MASTER_PORT: value '70000' must be in [1, 65535]"},
      {worker(0, 2, 29400) + train + " --nproc 2", "--nproc starts workers itself"},
      {std::string(PINN_EXECUTABLE) + train + " --nproc 0", "--nproc"},
      {std::string(PINN_EXECUTABLE) + train + " --nproc 2 --peer-timeout -1", "--peer-timeout"},
      {std::string(PINN_EXECUTABLE) + train + " --rendezvous-file " + file("store"),
       "--rendezvous-file " + file("store") + ": needs several processes"},
      {std::string(PINN_EXECUTABLE) + train + " sampling.boundary.points=2 --nproc 3",
       "loss term 'boundary' has 2 points, fewer than the 3 processes sharing them"},
  };
  for (const auto& c : cases) {
    const auto r = shell(c.command);
    EXPECT_EQ(r.code, 2) << c.command << "\n" << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.command << "\n" << r.output;
  }
  EXPECT_FALSE(fs::exists(file("x.h5")));
}

TEST_F(Scratch, FileStoreRendezvousMatchesTcp) {
  const std::string args =
      "train " + kBurgers + " training.phases.0.iterations=20 training.phases.1.iterations=0";
  ASSERT_EQ(run(args + " output.file=" + file("tcp.h5") + " --nproc 2").code, 0);
  const auto r = run(args + " output.file=" + file("file.h5") + " --nproc 2 --rendezvous-file " +
                     file("store"));
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(parameter_difference(file("tcp.h5"), file("file.h5")), 0);
}

}  // namespace
