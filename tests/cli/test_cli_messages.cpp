// What a new user meets first: mistyped commands, the wrong kind of file, paths
// that cannot be written, and how the messages read.

#include <gtest/gtest.h>

#include <string>

#include "tests/cli/cli_support.h"

namespace {

using namespace pinn::cli_testing;

const std::string kShortPoisson =
    " training.phases.0.iterations=5 training.phases.1.iterations=0 training.threads=1";

TEST(CliMessages, AMistypedCommandIsNamedWithTheCommandsAndTheLikeliestMeant) {
  const auto r = run("trian " + config("burgers.yaml"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("error: 'trian' is not a pinn command; the commands are train, resume, "
                          "check, problems, study, summary, eval. Did you mean 'train'?"),
            std::string::npos)
      << r.output;
  const auto far = run("frobnicate");
  EXPECT_EQ(far.code, 2);
  EXPECT_NE(far.output.find("'frobnicate' is not a pinn command"), std::string::npos);
  EXPECT_EQ(far.output.find("Did you mean"), std::string::npos) << far.output;
  EXPECT_NE(run("sumary x.h5").output.find("Did you mean 'summary'?"), std::string::npos);
}

TEST(CliMessages, CommandLineErrorsHaveTheErrorPrefix) {
  const auto r = run("train");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.output.rfind("error: config is required", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("Run pinn train --help"), std::string::npos) << r.output;
  EXPECT_EQ(run("").output.rfind("error: a command is required; the commands are train, ", 0), 0u);
}

TEST_F(Scratch, SummarySaysWhatKindOfFileItWasGiven) {
  auto r = run("summary " + file("absent.h5"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("cannot read '" + file("absent.h5") + "': it is no such file"),
            std::string::npos)
      << r.output;
  r = run("summary " + config("burgers.yaml"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("is not an HDF5 file: pinn summary reads the HDF5 files"),
            std::string::npos)
      << r.output;
  r = run("summary " + dir_.string());
  EXPECT_NE(r.output.find("it is a directory"), std::string::npos) << r.output;
  // HDF5, but none of pinn's: the first bytes of a pinn result, with another root.
  ASSERT_EQ(
      run("train " + config("poisson_1d.yaml") + kShortPoisson + " output.file=" + file("p.h5"))
          .code,
      0);
  ASSERT_EQ(
      shell("/usr/bin/python3 -c \"import h5py; h5py.File('" + file("other.h5") + "', 'w')\"").code,
      0);
  r = run("summary " + file("other.h5"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("an HDF5 file, but not a pinn result, checkpoint or study"),
            std::string::npos)
      << r.output;
}

TEST_F(Scratch, ConfigCommandsRecogniseResultsAndStudyCommandsRecogniseRunConfigs) {
  ASSERT_EQ(
      run("train " + config("poisson_1d.yaml") + kShortPoisson + " output.file=" + file("p.h5"))
          .code,
      0);
  for (const std::string command : {"check ", "train ", "study "}) {
    const auto r = run(command + file("p.h5"));
    EXPECT_EQ(r.code, 2) << command;
    EXPECT_NE(r.output.find("this is a pinn result (HDF5), not a YAML config: print what it "
                            "holds with 'pinn summary " +
                            file("p.h5") + "'"),
              std::string::npos)
        << r.output;
  }
  const auto r = run("study " + config("burgers.yaml"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("this is a run config (it has 'problem' and no 'base'): train it with "
                          "'pinn train " +
                          config("burgers.yaml") + "'"),
            std::string::npos)
      << r.output;
}

TEST_F(Scratch, AnOutputPathThatIsADirectoryIsRefusedBeforeTraining) {
  fs::create_directories(file("results"));
  for (const std::string command : {"check ", "train --force "}) {
    const auto r = run(command + config("poisson_1d.yaml") + kShortPoisson +
                       " output.file=" + file("results"));
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find("key 'output.file': value '" + file("results") +
                            "' is a directory: name a file in it"),
              std::string::npos)
        << r.output;
  }
  EXPECT_TRUE(fs::is_empty(file("results")));
}

TEST_F(Scratch, TheFinalLineCountsAndTimesAsAPersonReads) {
  const auto out = file("p.h5");
  const auto r = run("train " + config("poisson_1d.yaml") +
                     " training.phases.0.iterations=1 training.phases.1.iterations=0 "
                     "training.threads=1 output.file=" +
                     out);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("reference solution on the 1001 output grid... computed in "),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("completed after 1 iteration in "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("s of set-up): final loss"), std::string::npos) << r.output;
  const auto start = r.output.find("completed after");
  const auto times = r.output.substr(start, r.output.find("final loss") - start);
  EXPECT_EQ(times.find("e+"), std::string::npos) << times;
  EXPECT_EQ(times.find("e-"), std::string::npos) << times;  // no e-notation seconds
  const auto summary = run("summary " + out);
  EXPECT_NE(summary.output.find("1 iteration in "), std::string::npos) << summary.output;
  // Fixed slopes are all 1: no lines for them.
  EXPECT_EQ(summary.output.find("slope n*a"), std::string::npos) << summary.output;
}

TEST_F(Scratch, NeuronWiseSlopesAreSummarisedAsMeans) {
  const auto out = file("n.h5");
  ASSERT_EQ(run("train " + config("poisson_1d.yaml") + kShortPoisson +
                " network.adaptive.mode=neuron output.file=" + out)
                .code,
            0);
  const auto summary = run("summary " + out);
  EXPECT_NE(summary.output.find("slope n*a of hidden layer 2 (mean |n*a| over 32 neurons) "),
            std::string::npos)
      << summary.output;
}

TEST_F(Scratch, TheResultRecordsItsSetUpTime) {
  const auto out = file("p.h5");
  ASSERT_EQ(run("train " + config("poisson_1d.yaml") + kShortPoisson + " output.file=" + out).code,
            0);
  const auto r = shell("/usr/bin/python3 -c \"import h5py; f = h5py.File('" + out +
                       "'); s = f.attrs['setup_s']; print('setup', s > 0 and s < 60)\"");
  EXPECT_NE(r.output.find("setup True"), std::string::npos) << r.output;
}

TEST_F(Scratch, ABadInverseProblemIsExitTwoAndWritesNothing) {
  const auto out = file("inverse.h5");
  for (const std::string bad :
       {"unknowns.viscosity.initial=0.1", "unknowns.nu.initial=-1",
        "observations.reference.noise=-0.5", "observations.reference.points=0"}) {
    const auto r =
        run("train " + config("burgers_inverse.yaml") + " " + bad + " output.file=" + out);
    EXPECT_EQ(r.code, 2) << bad << "\n" << r.output;
    EXPECT_NE(r.output.find("error: "), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out)) << bad;
  }
  const auto listed = run("problems");
  EXPECT_NE(listed.output.find("problem.c = 1  # coefficient of the convection term; a coefficient "
                               "unknowns may identify"),
            std::string::npos)
      << listed.output;
}

TEST(CliMessages, ShippedBurgersSpellsTheDefaultViscosityExactly) {
  const auto r = run("check " + config("burgers.yaml"));
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("  nu: 0.003183098861837907\n"), std::string::npos) << r.output;
}

// How many times `part` occurs in `text`.
size_t occurrences(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

TEST(CliMessages, AListOverrideThatDropsFileSettingsWarnsOnceNamingTheIndexedForm) {
  const std::string list = "training.phases=[{optimizer: adam, iterations: 300}]";
  const auto r = run("check " + config("burgers.yaml") + " '" + list + "'");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: command line '" + list +
                          "': the override replaces the whole list training.phases, dropping "
                          "what was set there before: training.phases[0].lr = 5.0e-3 (" +
                          config("burgers.yaml") + ":"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("set them by index instead: training.phases.0.iterations=300\n"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(occurrences(r.output, "warning:"), 1u) << r.output;
  // The indexed form changes one setting and keeps the file's others, without a warning.
  const auto indexed = run("check " + config("burgers.yaml") + " training.phases.0.iterations=300");
  EXPECT_EQ(indexed.code, 0) << indexed.output;
  EXPECT_EQ(indexed.output.find("warning:"), std::string::npos) << indexed.output;
  EXPECT_NE(indexed.output.find("lr: 0.005"), std::string::npos) << indexed.output;
}

TEST(CliMessages, OnePastTheLastPhaseAppendsOneAndFurtherNamesTheAppendForm) {
  const auto appended =
      run("check " + config("burgers.yaml") + " training.phases.2.optimizer=lbfgs");
  EXPECT_EQ(appended.code, 0) << appended.output;
  EXPECT_NE(appended.output.find("optimizer: lbfgs"), std::string::npos) << appended.output;
  const auto far = run("check " + config("burgers.yaml") + " training.phases.3.optimizer=lbfgs");
  EXPECT_EQ(far.code, 2) << far.output;
  EXPECT_NE(far.output.find("error: command line 'training.phases.3.optimizer=lbfgs': cannot set "
                            "'training.phases.3.optimizer': 'training.phases' is a list of 2 "
                            "entries and '3' is not an index into it; use 0 to 1 to change an "
                            "entry, or use 2 to append one (training.phases.2.optimizer=lbfgs), "
                            "one entry at a time"),
            std::string::npos)
      << far.output;
}

TEST(CliMessages, AScaleWithFixedSlopesIsRefusedNamingTheRule) {
  const auto r = run("check " + config("burgers.yaml") + " network.adaptive.scale=10");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("error: command line 'network.adaptive.scale=10': key "
                          "'network.adaptive.scale': value 10 with network.adaptive.mode fixed: "
                          "scale applies to adaptive slopes only; use mode global, layer or "
                          "neuron, or drop scale"),
            std::string::npos)
      << r.output;
}

TEST_F(Scratch, DrawnSlopeSettingsAreRefusedAtTheirLineAndColumn) {
  const auto bad = write("slopes.yaml",
                         "problem: {name: burgers}\n"
                         "network:\n"
                         "  hidden: [8, 6]\n"
                         "  adaptive: {mode: neuron, scale: 10, init: xavier_uniform}\n");
  auto r = run("check " + bad);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("error: " + bad +
                          ":4:45: key 'network.adaptive.init': value 'xavier_uniform' in neuron "
                          "mode draws the slopes as one (hidden layers x width) matrix"),
            std::string::npos)
      << r.output;
  r = run("check " + bad + " network.hidden=[8,8] network.adaptive.gain=0");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("key 'network.adaptive.gain': value 0 must be > 0"), std::string::npos)
      << r.output;
  // Accepted with equal widths: the resolved config names the gain.
  r = run("check " + bad + " network.hidden=[8,8]");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("init: xavier_uniform"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("gain: 1.4"), std::string::npos) << r.output;
}

TEST_F(Scratch, AStudyGridCrossingFixedWithScalesIsRefusedNamingTheBlockLayout) {
  const auto study = write("s.yaml", "base: " + config("poisson_1d.yaml") +
                                         "\ngrid: {network.adaptive.mode: [fixed, global], "
                                         "network.adaptive.scale: [1, 10]}\noutput: " +
                                         file("s.h5") + "\n");
  const auto r = run("study " + study + " --dry-run");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("error: " + study +
                          ":2:76: network.adaptive.scale 10 meets network.adaptive.mode fixed in "
                          "the same grid block"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("Put mode fixed in a grid block of its own: grid: "
                          "[{network.adaptive.mode: fixed}, {network.adaptive.mode: [global], "
                          "network.adaptive.scale: [1, 10]}]"),
            std::string::npos)
      << r.output;
}

TEST_F(Scratch, AStudySaysAListReplacementOnceWhenItIsPlanned) {
  const auto study = write(
      "s.yaml", "base: " + config("poisson_1d.yaml") +
                    "\nset:\n  training.phases: [{optimizer: adam, iterations: 30}]\n"
                    "grid: {network.adaptive.mode: [fixed, neuron]}\nseeds: [1, 2]\noutput: " +
                    file("s.h5") + "\n");
  const auto r = run("study " + study + " --dry-run");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(occurrences(r.output, "warning:"), 1u) << r.output;
  EXPECT_NE(r.output.find("warning: " + study +
                          ":3:20: in 'training.phases=[{optimizer: adam, "
                          "iterations: 30}]': the override replaces the "
                          "whole list training.phases"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("training.phases[1] = {optimizer: lbfgs, iterations: 2000, history: 50}"),
            std::string::npos)
      << r.output;
  // The plan's lines paste into a shell: a list override is quoted.
  EXPECT_NE(r.output.find(" 'training.phases=[{optimizer: adam, iterations: 30}]' "),
            std::string::npos)
      << r.output;
}

TEST_F(Scratch, BurgersOffIntegerBoundsWarnsAndSaysWhyThereIsNoReference) {
  const auto out = file("b.h5");
  const auto r = run("train " + config("burgers.yaml") +
                     " 'problem.x=[-1.5, 1.5]' training.phases.0.iterations=2 "
                     "training.phases.1.iterations=0 training.threads=1 "
                     "sampling.residual.points=64 sampling.residual.resample.candidates=64 "
                     "'output.grid={x: 5, t: 3}' output.file=" +
                     out);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: command line 'problem.x=[-1.5, 1.5]': key 'problem.x': value "
                          "[-1.5, 1.5]: the initial data -sin(pi x) gives u(-1.5,0) = -1 and "
                          "u(1.5,0) = 1, but the boundary condition holds u = 0 there"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(occurrences(r.output, "warning:"), 1u) << r.output;
  EXPECT_NE(r.output.find("reference solution on the 5 x 3 output grid... none: the Cole-Hopf "
                          "reference solves u(x,0) = -sin(pi x) on the whole line"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("x = [-1.5, 1.5] is not (use e.g. [-1, 1] for a reference)"),
            std::string::npos)
      << r.output;
}

TEST_F(Scratch, AnObservationOutsideTheDomainIsNamedAtItsLine) {
  const auto observations = write("obs.txt", "# x t u\n0.5 0.5 0.1\n\n1.2 0.3 0.2\n");
  const auto r =
      run("check " + config("burgers_inverse_file.yaml") + " observations.file=" + observations);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find(observations +
                          ":4: point (x=1.2, t=0.3) lies outside the domain: x must be in [-1, "
                          "1]; remove that observation, or widen the problem's bounds"),
            std::string::npos)
      << r.output;
}

}  // namespace
