// Loading, command-line overrides and YAML output.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <string>

#include "solver/config/config_error.h"
#include "solver/config/source.h"

namespace pinn::config {
namespace {

// Substring check with a readable failure (gmock is not linked into the tests).
::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not contain '" << part << "'";
}

// Runs `action`, which must throw ConfigError, and returns the error for inspection.
ConfigError error_from(const std::function<void()>& action) {
  try {
    action();
  } catch (const ConfigError& error) {
    return error;
  }
  ADD_FAILURE() << "expected a ConfigError";
  return ConfigError("", "");
}

// A file in the test's temporary directory, removed afterwards.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& text) : path_(::testing::TempDir() + name) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(ConfigErrorTest, WhatJoinsLocationAndText) {
  const ConfigError error("cfg.yaml:3:5", "key 'a': missing required key");
  EXPECT_STREQ(error.what(), "cfg.yaml:3:5: key 'a': missing required key");
  EXPECT_EQ(error.location(), "cfg.yaml:3:5");
  EXPECT_EQ(error.text(), "key 'a': missing required key");
}

TEST(LoadTest, LoadsFileAndReportsItsPathInLocations) {
  const TempFile file("pinn_config_load.yaml", "problem:\n  name: burgers\n  nu: 0.01\n");
  const ConfigSource source = load_config_file(file.path());
  EXPECT_EQ(source.name(), file.path());
  EXPECT_EQ(source.root()["problem"]["name"].Scalar(), "burgers");
  EXPECT_EQ(source.location("problem.nu", source.root()["problem"]["nu"].Mark()),
            file.path() + ":3:7");
}

TEST(LoadTest, MissingFileNamesPathAndReason) {
  const std::string path = ::testing::TempDir() + "pinn_no_such_config.yaml";
  const ConfigError error = error_from([&] { load_config_file(path); });
  EXPECT_EQ(error.location(), path);
  EXPECT_TRUE(Contains(error.what(), "cannot open config file"));
  EXPECT_TRUE(Contains(error.what(), "No such file or directory"));
}

TEST(LoadTest, DirectoryIsReportedAsUnreadable) {
  const ConfigError error = error_from([] { load_config_file(::testing::TempDir()); });
  EXPECT_TRUE(Contains(error.what(), "Is a directory"));
}

TEST(LoadTest, SyntaxErrorHasLineAndColumn) {
  // The flow list opened on line 2 is never closed; yaml-cpp notices at the ':' on line 3.
  const ConfigError error =
      error_from([] { load_config_string("problem:\n  hidden: [20, 20\n  nu: 1\n", "bad.yaml"); });
  EXPECT_EQ(error.location(), "bad.yaml:3:5");
  EXPECT_TRUE(Contains(error.text(), "invalid YAML"));
  EXPECT_TRUE(Contains(error.text(), "end of sequence flow not found"));
}

TEST(LoadTest, BadIndentationIsASyntaxError) {
  const ConfigError error =
      error_from([] { load_config_string("a:\n  b: 1\n c: 2\n", "indent.yaml"); });
  EXPECT_EQ(error.location(), "indent.yaml:3:2");
  EXPECT_TRUE(Contains(error.text(), "invalid YAML"));
}

TEST(LoadTest, TopLevelMustBeAMap) {
  const ConfigError list = error_from([] { load_config_string("- 1\n- 2\n", "list.yaml"); });
  EXPECT_EQ(list.location(), "list.yaml:1:1");
  EXPECT_EQ(list.text(), "top level must be a map of sections, not a list");
  const ConfigError scalar = error_from([] { load_config_string("\n  hello\n", "s.yaml"); });
  EXPECT_EQ(scalar.location(), "s.yaml:2:3");
  EXPECT_EQ(scalar.text(), "top level must be a map of sections, not a scalar");
}

TEST(LoadTest, SeveralDocumentsAreRejected) {
  const ConfigError error = error_from([] { load_config_string("a: 1\n---\nb: 2\n", "two.yaml"); });
  EXPECT_EQ(error.location(), "two.yaml:2:1");  // the second document's '---'
  EXPECT_EQ(error.text(), "expected one YAML document, found several");
}

// yaml-cpp's LoadAll loops forever on a lone ',' (found by the config fuzzer).
TEST(LoadTest, LoneFlowEntryIsASyntaxErrorNotAHang) {
  for (const char* text : {",", "\n  ,", ",a: 1"}) {
    const ConfigError error = error_from([&] { load_config_string(text, "c.yaml"); });
    EXPECT_EQ(error.text(), "invalid YAML: unexpected ','") << text;
  }
  EXPECT_EQ(error_from([] { load_config_string("\n  ,", "c.yaml"); }).location(), "c.yaml:2:3");
}

TEST(LoadTest, EmptyTextGivesEmptyMap) {
  for (const char* text : {"", "# only a comment\n", "~\n"}) {
    const ConfigSource source = load_config_string(text, "empty.yaml");
    EXPECT_TRUE(source.root().IsMap()) << text;
    EXPECT_EQ(source.root().size(), 0u) << text;
  }
}

TEST(OverrideTest, ReplacesScalarAndRecordsCommandLine) {
  ConfigSource source = load_config_string("problem:\n  nu: 0.01\n", "cfg.yaml");
  apply_override(source, "problem.nu=0.005");
  EXPECT_EQ(source.root()["problem"]["nu"].Scalar(), "0.005");
  EXPECT_EQ(source.override_for("problem.nu"), "problem.nu=0.005");
  EXPECT_EQ(source.location("problem.nu", source.root()["problem"]["nu"].Mark()),
            "command line 'problem.nu=0.005'");
  EXPECT_FALSE(source.override_for("problem"));
}

TEST(OverrideTest, CreatesNestedMaps) {
  ConfigSource source = load_config_string("problem:\n  nu: 0.01\n", "cfg.yaml");
  apply_override(source, "output.hdf5.file=out.h5");
  apply_override(source, "problem.extra.level=3");
  EXPECT_EQ(source.root()["output"]["hdf5"]["file"].Scalar(), "out.h5");
  EXPECT_EQ(source.root()["problem"]["extra"]["level"].Scalar(), "3");
  EXPECT_EQ(source.root()["problem"]["nu"].Scalar(), "0.01");
  // Created sections are attributed to the override that created them.
  EXPECT_EQ(source.override_for("output"), "output.hdf5.file=out.h5");
  EXPECT_EQ(source.override_for("problem.extra"), "problem.extra.level=3");
  EXPECT_EQ(to_yaml(source.root()),
            "problem:\n  nu: 0.01\n  extra:\n    level: 3\noutput:\n  hdf5:\n    file: out.h5\n");
}

TEST(OverrideTest, NullSectionBecomesMap) {
  ConfigSource source = load_config_string("network:\n  adaptive:\n", "cfg.yaml");
  apply_override(source, "network.adaptive.mode=global");
  EXPECT_EQ(source.root()["network"]["adaptive"]["mode"].Scalar(), "global");
}

TEST(OverrideTest, ReplacesListAndMapValues) {
  ConfigSource source = load_config_string(
      "network:\n  hidden: [20, 20, 20]\n  adaptive: {mode: neuron, scale: 10}\n", "cfg.yaml");
  apply_override(source, "network.hidden=[40,40]");
  apply_override(source, "network.adaptive={mode: global}");
  const YAML::Node hidden = source.root()["network"]["hidden"];
  ASSERT_TRUE(hidden.IsSequence());
  ASSERT_EQ(hidden.size(), 2u);
  EXPECT_EQ(hidden[1].Scalar(), "40");
  const YAML::Node adaptive = source.root()["network"]["adaptive"];
  EXPECT_EQ(adaptive.size(), 1u);
  EXPECT_EQ(adaptive["mode"].Scalar(), "global");
  // Nested values are attributed to the override that set their ancestor.
  EXPECT_EQ(source.override_for("network.hidden[1]"), "network.hidden=[40,40]");
  EXPECT_EQ(source.override_for("network.adaptive.mode"), "network.adaptive={mode: global}");
  // The key order of the file is kept.
  EXPECT_EQ(to_yaml(source.root()),
            "network:\n  hidden: [40, 40]\n  adaptive:\n    mode: global\n");
}

TEST(OverrideTest, LaterOverrideOfAncestorWins) {
  ConfigSource source = load_config_string("a:\n  b: 1\n", "cfg.yaml");
  apply_override(source, "a.b=2");
  apply_override(source, "a={b: 3}");
  EXPECT_EQ(source.override_for("a.b"), "a={b: 3}");
  apply_override(source, "a.c=4");
  EXPECT_EQ(source.override_for("a.c"), "a.c=4");
  EXPECT_EQ(source.override_for("a.b"), "a={b: 3}");
}

TEST(OverrideTest, ValueKeepsEverythingAfterFirstEquals) {
  ConfigSource source = load_config_string("", "cfg.yaml");
  apply_override(source, "output.note=a=b");
  EXPECT_EQ(source.root()["output"]["note"].Scalar(), "a=b");
  apply_override(source, "output.empty=''");
  EXPECT_EQ(source.root()["output"]["empty"].Scalar(), "");
}

TEST(OverrideTest, MalformedAssignmentsAreRejected) {
  ConfigSource source = load_config_string("problem:\n  nu: 0.01\n", "cfg.yaml");
  struct Case {
    const char* assignment;
    const char* text;
  };
  const Case cases[] = {
      {"problem.nu", "override must have the form key.path=value"},
      {"problem..nu=1", "override key 'problem..nu' has an empty segment"},
      {".nu=1", "override key '.nu' has an empty segment"},
      {"problem.=1", "override key 'problem.' has an empty segment"},
      {"=1", "override key '' has an empty segment"},
      {"problem.nu=",
       "override of 'problem.nu' has no value (write problem.nu='' for an empty "
       "string)"},
      {"problem.nu=  ",
       "override of 'problem.nu' has no value (write problem.nu='' for an "
       "empty string)"},
  };
  for (const Case& c : cases) {
    const ConfigError error = error_from([&] { apply_override(source, c.assignment); });
    EXPECT_EQ(error.location(), std::string("command line '") + c.assignment + "'");
    EXPECT_EQ(error.text(), c.text);
  }
  EXPECT_EQ(source.root()["problem"]["nu"].Scalar(), "0.01");
}

TEST(OverrideTest, UnparsableValueIsRejected) {
  ConfigSource source = load_config_string("", "cfg.yaml");
  const ConfigError error = error_from([&] { apply_override(source, "network.hidden=[40,"); });
  EXPECT_EQ(error.location(), "command line 'network.hidden=[40,'");
  EXPECT_TRUE(Contains(error.text(), "cannot parse value '[40,' as YAML"));
}

TEST(OverrideTest, CannotAssignBelowScalarOrList) {
  ConfigSource source =
      load_config_string("problem:\n  nu: 0.01\nnetwork:\n  hidden: [20]\n", "cfg.yaml");
  const ConfigError scalar = error_from([&] { apply_override(source, "problem.nu.x=1"); });
  EXPECT_EQ(scalar.what(),
            std::string("command line 'problem.nu.x=1': cannot set 'problem.nu.x': 'problem.nu' "
                        "holds a scalar, not a map"));
  // A list is entered by index only; its scalar entries hold nothing below them.
  const ConfigError list = error_from([&] { apply_override(source, "network.hidden.x=1"); });
  EXPECT_EQ(list.text(),
            "cannot set 'network.hidden.x': 'network.hidden' is a list of 1 entries and 'x' is "
            "not an index into it; valid indices: 0 to 1");
  const ConfigError entry = error_from([&] { apply_override(source, "network.hidden.0.y=1"); });
  EXPECT_EQ(entry.text(),
            "cannot set 'network.hidden.0.y': 'network.hidden[0]' holds a scalar, not a map");
  apply_override(source, "network.hidden.0=40");
  EXPECT_EQ(source.root()["network"]["hidden"][0].Scalar(), "40");
  EXPECT_EQ(source.override_for("network.hidden[0]"), "network.hidden.0=40");
  EXPECT_EQ(source.root()["problem"]["nu"].Scalar(), "0.01");
}

TEST(ToYamlTest, BlockMapsFlowScalarListsAndQuotedStrings) {
  const ConfigSource source = load_config_string(
      "problem:\n"
      "  name: burgers\n"
      "  label: \"123\"\n"
      "  empty: ''\n"
      "network:\n"
      "  hidden: [20,   20]\n"
      "  layers:\n"
      "    - {width: 3}\n"
      "  extra: {}\n"
      "  nothing:\n",
      "cfg.yaml");
  EXPECT_EQ(to_yaml(source.root()),
            "problem:\n"
            "  name: burgers\n"
            "  label: \"123\"\n"
            "  empty: \"\"\n"
            "network:\n"
            "  hidden: [20, 20]\n"
            "  layers:\n"
            "    - width: 3\n"
            "  extra: {}\n"
            "  nothing: ~\n");
}

TEST(ToYamlTest, OutputLoadsBackToSameTree) {
  const std::string text =
      "a:\n  b: [1, 2.5, x]\n  c: {d: 'text with: colon', e: true}\n  f:\n    - [1, 2]\n";
  const ConfigSource first = load_config_string(text, "one.yaml");
  const std::string emitted = to_yaml(first.root());
  const ConfigSource second = load_config_string(emitted, "two.yaml");
  EXPECT_EQ(to_yaml(second.root()), emitted);
  EXPECT_EQ(second.root()["a"]["c"]["d"].Scalar(), "text with: colon");
  EXPECT_EQ(second.root()["a"]["f"][0][1].Scalar(), "2");
}

}  // namespace
}  // namespace pinn::config
