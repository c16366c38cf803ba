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

TEST(OverrideTest, ReplacesListsAndMergesMaps) {
  ConfigSource source = load_config_string(
      "network:\n  hidden: [20, 20, 20]\n  adaptive: {mode: neuron, scale: 10}\n", "cfg.yaml");
  apply_override(source, "network.hidden=[40,40]");
  apply_override(source, "network.adaptive={mode: global}");
  const YAML::Node hidden = source.root()["network"]["hidden"];
  ASSERT_TRUE(hidden.IsSequence());
  ASSERT_EQ(hidden.size(), 2u);
  EXPECT_EQ(hidden[1].Scalar(), "40");
  const YAML::Node adaptive = source.root()["network"]["adaptive"];
  EXPECT_EQ(adaptive.size(), 2u);
  EXPECT_EQ(adaptive["mode"].Scalar(), "global");
  EXPECT_EQ(adaptive["scale"].Scalar(), "10");
  // Nested values are attributed to the override that set them or their ancestor.
  EXPECT_EQ(source.override_for("network.hidden[1]"), "network.hidden=[40,40]");
  EXPECT_EQ(source.override_for("network.adaptive.mode"), "network.adaptive={mode: global}");
  EXPECT_FALSE(source.override_for("network.adaptive.scale"));
  EXPECT_FALSE(source.override_for("network.adaptive"));
  // The key order of the file is kept.
  EXPECT_EQ(to_yaml(source.root()),
            "network:\n  hidden: [40, 40]\n  adaptive:\n    mode: global\n    scale: 10\n");
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
            "not an index into it; use 0 to change the entry, or use 1 to append one "
            "(network.hidden.1=1), one entry at a time");
  const ConfigError entry = error_from([&] { apply_override(source, "network.hidden.0.y=1"); });
  EXPECT_EQ(entry.text(),
            "cannot set 'network.hidden.0.y': 'network.hidden[0]' holds a scalar, not a map");
  apply_override(source, "network.hidden.0=40");
  EXPECT_EQ(source.root()["network"]["hidden"][0].Scalar(), "40");
  EXPECT_EQ(source.override_for("network.hidden[0]"), "network.hidden.0=40");
  EXPECT_EQ(source.root()["problem"]["nu"].Scalar(), "0.01");
}

TEST(OverrideTest, MapMergesRecursivelyAndLocatesOnlyTheKeysItSets) {
  const TempFile file("pinn_config_merge.yaml",
                      "a:\n"           // line 1
                      "  b:\n"         // line 2
                      "    x: 1\n"     // line 3
                      "    y: 2\n"     // line 4
                      "  c: [1, 2]\n"  // line 5
                      "  e: 5\n");     // line 6
  ConfigSource source = load_config_file(file.path());
  const std::string assignment = "a={b: {x: 10, z: 30}, c: [7], e: {f: 1}, d: 4}";
  apply_override(source, assignment);
  const YAML::Node a = source.root()["a"];
  EXPECT_EQ(to_yaml(source.root()),
            "a:\n  b:\n    x: 10\n    y: 2\n    z: 30\n  c: [7]\n  e:\n    f: 1\n  d: 4\n");
  // Set by the override: located there, as is everything below a key it replaced.
  for (const char* path : {"a.b.x", "a.b.z", "a.c", "a.c[0]", "a.e", "a.e.f", "a.d"}) {
    EXPECT_EQ(source.override_for(path), assignment) << path;
  }
  EXPECT_EQ(source.location("a.b.x", a["b"]["x"].Mark()), "command line '" + assignment + "'");
  // Kept, and the maps merged into: still where the file has them.
  for (const char* path : {"a", "a.b", "a.b.y"}) EXPECT_FALSE(source.override_for(path)) << path;
  EXPECT_EQ(source.location("a.b.y", a["b"]["y"].Mark()), file.path() + ":4:8");
}

TEST(OverrideTest, MergeKeepsEarlierOverridesOfKeptKeys) {
  ConfigSource source = load_config_string("a:\n  b: 1\n  c: 2\n", "cfg.yaml");
  apply_override(source, "a.c=3");
  apply_override(source, "a={b: 5}");
  EXPECT_EQ(source.override_for("a.b"), "a={b: 5}");
  EXPECT_EQ(source.override_for("a.c"), "a.c=3");
  EXPECT_EQ(source.root()["a"]["c"].Scalar(), "3");
}

TEST(OverrideTest, MapMergesIntoListEntryAndNullResets) {
  ConfigSource source = load_config_string(
      "training:\n  phases:\n    - {optimizer: adam, lr: 1e-3}\n  adaptive: {mode: neuron}\n",
      "cfg.yaml");
  apply_override(source, "training.phases.0={lr: 0.5}");
  apply_override(source, "training.adaptive=~");
  EXPECT_EQ(to_yaml(source.root()),
            "training:\n  phases:\n    - optimizer: adam\n      lr: 0.5\n  adaptive: ~\n");
  EXPECT_EQ(source.override_for("training.phases[0].lr"), "training.phases.0={lr: 0.5}");
  EXPECT_FALSE(source.override_for("training.phases[0].optimizer"));
  // {} gives no keys, so it changes nothing in a map that is there.
  apply_override(source, "training.phases.0={}");
  EXPECT_EQ(source.root()["training"]["phases"][0].size(), 2u);
}

TEST(OverrideTest, MergeRefusesAKeyGivenTwiceAndChangesNothing) {
  ConfigSource source = load_config_string("a:\n  b: {x: 1}\n", "cfg.yaml");
  const std::string before = to_yaml(source.root());
  const ConfigError twice =
      error_from([&] { apply_override(source, "a={c: 1, b: {x: 2, x: 3}}"); });
  EXPECT_EQ(twice.location(), "command line 'a={c: 1, b: {x: 2, x: 3}}'");
  EXPECT_EQ(twice.text(), "cannot set 'a.b': its value gives key 'x' twice");
  const ConfigError odd = error_from([&] { apply_override(source, "a={[1]: 2}"); });
  EXPECT_EQ(odd.text(), "cannot set 'a': the key [1] in its value is not a name");
  EXPECT_EQ(to_yaml(source.root()), before);
  EXPECT_FALSE(source.override_for("a.c"));
}

TEST(TabTest, TabIndentingContentIsNamedAtTheTab) {
  struct Case {
    const char* text;
    const char* location;
  };
  const Case cases[] = {
      {"a:\n\tb: 1\n", "tab.yaml:2:1"},
      {"\ta: 1\n", "tab.yaml:1:1"},
      {"a:\n  b: 1\n  \tc: 2\n", "tab.yaml:3:3"},
      {"a:\n  - 1\n\t- 2\n", "tab.yaml:3:1"},
      // After a tab-only line that is let through.
      {"a: 1\n\t\nb:\n \tc: 1\n", "tab.yaml:4:2"},
  };
  for (const Case& c : cases) {
    const ConfigError error = error_from([&] { load_config_string(c.text, "tab.yaml"); });
    EXPECT_EQ(error.location(), c.location) << c.text;
    EXPECT_EQ(error.text(), "YAML does not allow tabs for indentation; indent with spaces")
        << c.text;
  }
}

TEST(TabTest, TabsOutsideIndentationAreAccepted) {
  const ConfigSource source = load_config_string(
      "a:\t1\t# a comment after a tab\n"
      "\t# a comment indented with a tab\n"
      "b:\n"
      "  c: 2\n"
      "\t\n"
      "  \t  \n"
      "  \t# another\n"
      "  d: [1,\t2]\n"
      "e:\n"
      "  -\tx\n"
      "f: |\n"
      "  line\n"
      "  \tindented with a tab\n"
      "  \t# not a comment here\n",
      "tab.yaml");
  const YAML::Node root = source.root();
  EXPECT_EQ(root["a"].Scalar(), "1");
  EXPECT_EQ(root["b"]["c"].Scalar(), "2");
  EXPECT_EQ(root["b"]["d"][1].Scalar(), "2");
  EXPECT_EQ(root["e"][0].Scalar(), "x");
  // Block scalar content keeps its tabs.
  EXPECT_EQ(root["f"].Scalar(), "line\n\tindented with a tab\n\t# not a comment here\n");
}

TEST(TabTest, ManyTabOnlyLinesStayCheap) {
  std::string text;
  for (int i = 0; i < 300; ++i)
    text += "k" + std::to_string(i) + ": " + std::to_string(i) + "\n\t\n";
  const ConfigSource source = load_config_string(text, "tabs.yaml");
  EXPECT_EQ(source.root().size(), 300u);
  EXPECT_EQ(source.root()["k299"].Scalar(), "299");
}

TEST(EncodingTest, BytesThatAreNotUtf8AreNamedWithTheirPosition) {
  struct Case {
    std::string text;
    const char* location;
    const char* message;
  };
  const Case cases[] = {
      {"name: caf\xE9\n", "enc.yaml:1:10", "byte 0xE9 is not valid UTF-8"},     // Latin-1
      {"a: 1\nb: \xC3\x28\n", "enc.yaml:2:4", "byte 0xC3 is not valid UTF-8"},  // bad 2nd byte
      {"a: \x80\n", "enc.yaml:1:4", "byte 0x80 is not valid UTF-8"},            // continuation
      {"a: \xC0\xAF\n", "enc.yaml:1:4", "byte 0xC0 is not valid UTF-8"},        // overlong '/'
      {"a: \xE0\x80\xAF\n", "enc.yaml:1:4", "byte 0xE0 is not valid UTF-8"},    // overlong
      {"a: \xF0\x80\x80\xAF\n", "enc.yaml:1:4", "byte 0xF0 is not valid UTF-8"},
      {"a: \xED\xA0\x80\n", "enc.yaml:1:4", "byte 0xED is not valid UTF-8"},      // surrogate
      {"a: \xF4\x90\x80\x80\n", "enc.yaml:1:4", "byte 0xF4 is not valid UTF-8"},  // > U+10FFFF
      {"a: \xF5\x80\x80\x80\n", "enc.yaml:1:4", "byte 0xF5 is not valid UTF-8"},
      {"a: x\xE2\x82", "enc.yaml:1:5", "byte 0xE2 is not valid UTF-8"},  // cut short at the end
      {"a: \xE2\x82x\n", "enc.yaml:1:4", "byte 0xE2 is not valid UTF-8"},
      {"a: \xFF\n", "enc.yaml:1:4", "byte 0xFF is not valid UTF-8"},
      {"a: \x1B[31mred\n", "enc.yaml:1:4", "control character U+001B is not allowed in YAML"},
      {"a: \xC2\x9B\n", "enc.yaml:1:4", "control character U+009B is not allowed in YAML"},
      {"a:\n  b: x\x7F\n", "enc.yaml:2:7", "control character U+007F is not allowed in YAML"},
  };
  for (const Case& c : cases) {
    const ConfigError error = error_from([&] { load_config_string(c.text, "enc.yaml"); });
    EXPECT_EQ(error.location(), c.location) << c.text;
    EXPECT_EQ(error.text(), c.message) << c.text;
  }
  // Files are checked the same way.
  const TempFile file("pinn_config_latin1.yaml", "problem:\n  name: caf\xE9\n");
  EXPECT_EQ(error_from([&] { load_config_file(file.path()); }).what(),
            file.path() + ":2:12: byte 0xE9 is not valid UTF-8");
}

TEST(EncodingTest, Utf8IsAcceptedAndItsByteOrderMarkSkipped) {
  // Two-, three- and four-byte sequences, and the edges around the surrogates and U+10FFFF.
  const std::string name =
      "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9D\x84\x9E \xED\x9F\xBF\xEE\x80\x80\xF4\x8F\xBF\xBF";
  const ConfigSource plain = load_config_string("name: " + name + "\n", "utf8.yaml");
  EXPECT_EQ(plain.root()["name"].Scalar(), name);
  const ConfigSource marked = load_config_string("\xEF\xBB\xBFname: x\nn: 1\n", "bom.yaml");
  EXPECT_EQ(marked.root()["name"].Scalar(), "x");
  EXPECT_EQ(marked.location("n", marked.root()["n"].Mark()), "bom.yaml:2:4");
  EXPECT_EQ(marked.location("name", marked.root()["name"].Mark()), "bom.yaml:1:7");
}

TEST(EncodingTest, Utf16And32FilesAreNamedAsSuch) {
  using namespace std::string_literals;
  struct Case {
    std::string text;
    const char* encoding;
  };
  const Case cases[] = {
      {"\xFF\xFE"
       "a\0:\0 \0"
       "1\0\n\0"s,
       "UTF-16"},  // little-endian with BOM
      {"\xFE\xFF\0a\0:\0 \0"
       "1\0\n"s,
       "UTF-16"},  // big-endian with BOM
      {"a\0:\0 \0"
       "1\0\n\0"s,
       "UTF-16"},  // no BOM
      {"\xFF\xFE\0\0a\0\0\0"s, "UTF-32"},
      {"\0\0\xFE\xFF\0\0\0a"s, "UTF-32"},
      {"a\0\0\0:\0\0\0"s, "UTF-32"},
  };
  for (const Case& c : cases) {
    const TempFile file("pinn_config_wide.yaml", c.text);
    const ConfigError error = error_from([&] { load_config_file(file.path()); });
    EXPECT_EQ(error.location(), file.path());
    EXPECT_EQ(error.text(),
              std::string("the file is ") + c.encoding + " encoded; save it as UTF-8");
  }
  // A NUL later in a UTF-8 file is a control character like the others.
  const ConfigError nul = error_from([] { load_config_string("a: 1\nb: x\0y\n"s, "nul.yaml"); });
  EXPECT_EQ(nul.what(),
            std::string("nul.yaml:2:5: control character U+0000 is not allowed in YAML"));
}

TEST(EncodingTest, OverrideThatIsNotUtf8IsRefusedWithoutEchoingTheByte) {
  ConfigSource source = load_config_string("problem:\n  name: x\n", "cfg.yaml");
  const ConfigError error = error_from([&] { apply_override(source, "problem.name=caf\xE9"); });
  EXPECT_EQ(error.location(), "command line 'problem.name=caf\\xE9'");
  EXPECT_EQ(error.text(), "byte 0xE9 at column 17 is not valid UTF-8");
  const ConfigError control =
      error_from([&] { apply_override(source, "problem.name=\x1B[2J", "study.yaml:3:5"); });
  EXPECT_EQ(control.what(),
            std::string("study.yaml:3:5: in 'problem.name=\\x1B[2J': control character "
                        "U+001B at column 14 is not allowed in YAML"));
  EXPECT_EQ(source.root()["problem"]["name"].Scalar(), "x");
  apply_override(source, "problem.name=caf\xC3\xA9");
  EXPECT_EQ(source.root()["problem"]["name"].Scalar(), "caf\xC3\xA9");
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

namespace pinn::config {
namespace {

const char* const kPhases =
    "training:\n"                                              // line 1
    "  phases:\n"                                              // line 2
    "    - {optimizer: adam, iterations: 1000, lr: 5.0e-3}\n"  // line 3
    "    - {optimizer: ssbroyden, iterations: 16000}\n"        // line 4
    "network:\n"                                               // line 5
    "  hidden: [20, 20]\n";                                    // line 6

TEST(OverrideTest, AListThatReplacesAListOfMapsWarnsWhatItDropsAndTheIndexedForm) {
  ConfigSource source = load_config_string(kPhases, "cfg.yaml");
  const std::string assignment = "training.phases=[{optimizer: adam, iterations: 300}]";
  apply_override(source, assignment);
  ASSERT_EQ(source.warnings().size(), 1u);
  const std::string& warning = source.warnings()[0];
  EXPECT_TRUE(Contains(warning, "command line '" + assignment +
                                    "': the override replaces the whole list training.phases, "
                                    "dropping what was set there before: "));
  EXPECT_TRUE(Contains(warning, "training.phases[0].lr = 5.0e-3 (cfg.yaml:3:47)"));
  EXPECT_TRUE(Contains(
      warning, "training.phases[1] = {optimizer: ssbroyden, iterations: 16000} (cfg.yaml:4:7)"));
  EXPECT_TRUE(Contains(warning,
                       "(a dropped key takes its default, a dropped entry is removed). To change "
                       "single settings and keep the others, set them by index instead: "
                       "training.phases.0.iterations=300"));
  // The same list again drops nothing more: no second warning.
  apply_override(source, assignment);
  EXPECT_EQ(source.warnings().size(), 1u);
}

TEST(OverrideTest, ListsOfScalarsAndListsGivingEveryKeyReplaceSilently) {
  ConfigSource source = load_config_string(kPhases, "cfg.yaml");
  apply_override(source, "network.hidden=[40, 40, 40]");
  apply_override(source,
                 "training.phases=[{optimizer: adam, iterations: 10, lr: 0.01}, "
                 "{optimizer: lbfgs, iterations: 5}]");
  EXPECT_TRUE(source.warnings().empty()) << source.warnings()[0];
  // Resetting to the defaults with ~ is what it says: no warning either.
  apply_override(source, "training.phases=~");
  EXPECT_TRUE(source.warnings().empty());
}

TEST(OverrideTest, AListInsideAMergedMapWarnsToo) {
  ConfigSource source = load_config_string(kPhases, "cfg.yaml");
  apply_override(source, "training={phases: [{optimizer: lbfgs}, {optimizer: adam}]}",
                 "s.yaml:4:3");
  ASSERT_EQ(source.warnings().size(), 1u);
  const std::string& warning = source.warnings()[0];
  EXPECT_TRUE(Contains(warning, "s.yaml:4:3: in 'training={phases: "));
  EXPECT_TRUE(Contains(warning,
                       "training.phases[0].iterations = 1000 (cfg.yaml:3:37); "
                       "training.phases[0].lr = 5.0e-3 (cfg.yaml:3:47); "
                       "training.phases[1].iterations = 16000 (cfg.yaml:4:42)"));
  EXPECT_TRUE(Contains(warning,
                       "set them by index instead: training.phases.0.optimizer=lbfgs "
                       "training.phases.1.optimizer=adam"));
}

TEST(OverrideTest, TheIndexOnePastTheEndAppendsAnEntryKeyByKey) {
  ConfigSource source = load_config_string(kPhases, "cfg.yaml");
  const std::string assignment = "training.phases.2.optimizer=lbfgs";
  apply_override(source, assignment);
  const YAML::Node phases = source.root()["training"]["phases"];
  ASSERT_EQ(phases.size(), 3u);
  EXPECT_EQ(phases[2]["optimizer"].Scalar(), "lbfgs");
  EXPECT_EQ(phases[1]["optimizer"].Scalar(), "ssbroyden");
  EXPECT_EQ(source.override_for("training.phases[2]"), assignment);
  EXPECT_EQ(source.override_for("training.phases[1]"), std::nullopt);
  apply_override(source, "training.phases.2.iterations=50");
  EXPECT_EQ(phases[2]["iterations"].Scalar(), "50");
  EXPECT_TRUE(source.warnings().empty());

  // Further than one past the end is refused, naming the forms that work; nothing changes.
  const ConfigError far =
      error_from([&] { apply_override(source, "training.phases.5.optimizer=adam"); });
  EXPECT_EQ(far.location(), "command line 'training.phases.5.optimizer=adam'");
  EXPECT_EQ(far.text(),
            "cannot set 'training.phases.5.optimizer': 'training.phases' is a list of 3 entries "
            "and '5' is not an index into it; use 0 to 2 to change an entry, or use 3 to append "
            "one (training.phases.3.optimizer=adam), one entry at a time");
  EXPECT_EQ(phases.size(), 3u);
  ConfigSource empty = load_config_string("a: []\n", "cfg.yaml");
  EXPECT_TRUE(Contains(error_from([&] { apply_override(empty, "a.1.b=2"); }).text(),
                       "'a' is a list of 0 entries and '1' is not an index into it; use 0 to "
                       "append one (a.0.b=2)"));
  apply_override(empty, "a.0.b=2");
  EXPECT_EQ(empty.root()["a"][0]["b"].Scalar(), "2");
}

}  // namespace
}  // namespace pinn::config
