// Reader: typed getters, rules, messages with locations, unknown keys and written-back defaults.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/config/config_error.h"
#include "solver/config/reader.h"
#include "solver/config/source.h"

namespace pinn::config {
namespace {

// Runs `action`, which must throw ConfigError, and returns the full message.
std::string message_from(const std::function<void()>& action) {
  try {
    action();
  } catch (const ConfigError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected a ConfigError";
  return "";
}

// The error from reading `key` of the section at `section` ("" for the root) as with `read`.
std::string read_error(const std::string& yaml, const std::string& section,
                       const std::function<void(const Reader&)>& read) {
  ConfigSource source = load_config_string(yaml, "cfg.yaml");
  Reader reader(source);
  return message_from([&] { read(section.empty() ? reader : reader.section(section)); });
}

const std::vector<std::string> kActivations = {"tanh", "sin", "relu", "gelu"};

const char kBurgers[] =
    "problem:\n"                                                  // line 1
    "  name: burgers\n"                                           // line 2
    "  nu: 0.0031831\n"                                           // line 3
    "network:\n"                                                  // line 4
    "  hidden: [20, 20, 20]\n"                                    // line 5
    "  activation: tanh\n"                                        // line 6
    "  adaptive: {mode: neuron, scale: 10, slope_recovery: 1}\n"  // line 7
    "training:\n"                                                 // line 8
    "  adam: {iterations: 2000, lr: 1.0e-3}\n";                   // line 9

// Reads the network section the way a schema would.
void read_network(const Reader& root) {
  const Reader network = root.section("network");
  network.integers("hidden", {20}, Rule<int64_t>::positive());
  network.choice("activation", "tanh", kActivations);
  const Reader adaptive = network.section("adaptive");
  adaptive.choice("mode", "none", {"none", "global", "layer", "neuron"});
  adaptive.number("scale", 1.0, Rule<double>::positive());
  adaptive.number("slope_recovery", 0.0, Rule<double>::non_negative());
  adaptive.finish();
  network.choice("init", "xavier", {"xavier", "kaiming"});
  network.finish();
}

TEST(ReaderTest, ReadsTypedValues) {
  ConfigSource source = load_config_string(kBurgers, "burgers.yaml");
  const Reader root(source);
  const Reader problem = root.section("problem");
  EXPECT_EQ(problem.required_choice("name", {"burgers", "poisson"}), "burgers");
  EXPECT_DOUBLE_EQ(problem.required_number("nu", Rule<double>::positive()), 0.0031831);
  problem.finish();
  const Reader network = root.section("network");
  EXPECT_EQ(network.integers("hidden", {}, Rule<int64_t>::positive()),
            (std::vector<int64_t>{20, 20, 20}));
  EXPECT_EQ(network.choice("activation", "sin", kActivations), "tanh");
  const Reader adaptive = network.section("adaptive");
  EXPECT_EQ(adaptive.path(), "network.adaptive");
  EXPECT_DOUBLE_EQ(adaptive.number("scale", 1.0), 10.0);
  EXPECT_EQ(adaptive.integer("slope_recovery", 0), 1);
  EXPECT_EQ(adaptive.string("mode", "none"), "neuron");
  adaptive.finish();
  network.finish();
  const Reader adam = root.section("training").section("adam");
  EXPECT_EQ(adam.integer("iterations", 100, Rule<int64_t>::at_least(1)), 2000);
  EXPECT_DOUBLE_EQ(adam.number("lr", 0.1, Rule<double>::positive()), 1e-3);
  adam.finish();
  root.section("training").finish();
  root.finish();
}

TEST(ReaderTest, RuleViolationNamesKeyValueRuleAndLocation) {
  const std::string yaml =
      "training:\n"
      "  adam:\n"
      "    iterations: 2000\n"
      "    lr: -0.001\n";
  EXPECT_EQ(read_error(yaml, "training",
                       [](const Reader& training) {
                         training.section("adam").number("lr", 1e-3, Rule<double>::positive());
                       }),
            "cfg.yaml:4:9: key 'training.adam.lr': value -0.001 must be > 0");
  EXPECT_EQ(read_error(yaml, "training",
                       [](const Reader& training) {
                         training.section("adam").integer("iterations", 1,
                                                          Rule<int64_t>::in_range(1, 1000));
                       }),
            "cfg.yaml:3:17: key 'training.adam.iterations': value 2000 must be in [1, 1000]");
}

TEST(ReaderTest, OverrideValueErrorPointsAtCommandLine) {
  ConfigSource source = load_config_string(kBurgers, "burgers.yaml");
  apply_override(source, "training.adam.lr=-1");
  const Reader adam = Reader(source).section("training").section("adam");
  EXPECT_EQ(message_from([&] { adam.number("lr", 1e-3, Rule<double>::positive()); }),
            "command line 'training.adam.lr=-1': key 'training.adam.lr': value -1 must be > 0");
  // Untouched neighbours still point into the file.
  EXPECT_EQ(adam.location("iterations"), "burgers.yaml:9:22");
}

TEST(ReaderTest, OverriddenListElementErrorPointsAtCommandLine) {
  ConfigSource source = load_config_string(kBurgers, "burgers.yaml");
  apply_override(source, "network.hidden=[40,-1]");
  const Reader network = Reader(source).section("network");
  EXPECT_EQ(message_from([&] { network.integers("hidden", {20}, Rule<int64_t>::positive()); }),
            "command line 'network.hidden=[40,-1]': key 'network.hidden[1]': value -1 must be > 0");
}

TEST(ReaderTest, OverridesAreRead) {
  ConfigSource source = load_config_string(kBurgers, "burgers.yaml");
  apply_override(source, "problem.nu=0.005");
  apply_override(source, "network.hidden=[40,40]");
  apply_override(source, "network.adaptive={mode: global}");
  apply_override(source, "output.file=out.h5");
  const Reader root(source);
  EXPECT_DOUBLE_EQ(root.section("problem").number("nu", 1.0), 0.005);
  const Reader network = root.section("network");
  EXPECT_EQ(network.integers("hidden", {}), (std::vector<int64_t>{40, 40}));
  EXPECT_EQ(network.section("adaptive").choice("mode", "none", {"none", "global"}), "global");
  // A map merges: the file's other adaptive settings stay.
  EXPECT_EQ(network.section("adaptive").number("scale", 1.0), 10.0);
  EXPECT_EQ(root.section("output").required_string("file"), "out.h5");
}

TEST(ReaderTest, UnknownKeyInFileListsValidKeysSorted) {
  const std::string yaml =
      "network:\n"
      "  hidden: [20]\n"
      "  activaton: tanh\n";
  EXPECT_EQ(read_error(yaml, "", read_network),
            "cfg.yaml:3:3: key 'network.activaton': unknown key; valid keys here: activation, "
            "adaptive, hidden, init");
}

TEST(ReaderTest, UnknownKeyInOverrideGetsSameMessage) {
  ConfigSource source = load_config_string(kBurgers, "burgers.yaml");
  apply_override(source, "network.activaton=relu");
  const Reader root(source);
  EXPECT_EQ(message_from([&] { read_network(root); }),
            "command line 'network.activaton=relu': key 'network.activaton': unknown key; valid "
            "keys here: activation, adaptive, hidden, init");
}

TEST(ReaderTest, UnknownTopLevelAndNestedKeys) {
  const std::string yaml =
      "problem:\n"
      "  name: burgers\n"
      "problm:\n"
      "  nu: 1\n";
  EXPECT_EQ(read_error(yaml, "",
                       [](const Reader& root) {
                         root.section("problem").string("name", "x");
                         root.section("training");
                         root.finish();
                       }),
            "cfg.yaml:3:1: key 'problm': unknown key; valid keys here: problem, training");
  // A key inside an override-created map is attributed to that override.
  ConfigSource source = load_config_string("", "cfg.yaml");
  apply_override(source, "network.adaptive={mode: global, scael: 2}");
  const Reader adaptive = Reader(source).section("network").section("adaptive");
  adaptive.choice("mode", "none", {"none", "global"});
  adaptive.number("scale", 1.0);
  EXPECT_EQ(message_from([&] { adaptive.finish(); }),
            "command line 'network.adaptive={mode: global, scael: 2}': key "
            "'network.adaptive.scael': unknown key; valid keys here: mode, scale");
}

TEST(ReaderTest, UnknownKeyWhereNoneAreValid) {
  EXPECT_EQ(read_error("empty:\n  x: 1\n", "empty", [](const Reader& r) { r.finish(); }),
            "cfg.yaml:2:3: key 'empty.x': unknown key; no keys are valid here");
}

TEST(ReaderTest, WrongTypes) {
  EXPECT_EQ(
      read_error("problem:\n  nu: abc\n", "problem", [](const Reader& r) { r.number("nu", 1.0); }),
      "cfg.yaml:2:7: key 'problem.nu': value 'abc' must be a number");
  EXPECT_EQ(read_error("problem:\n  nu: [1, 2]\n", "problem",
                       [](const Reader& r) { r.number("nu", 1.0); }),
            "cfg.yaml:2:7: key 'problem.nu': value [1, 2] must be a number");
  EXPECT_EQ(read_error("a:\n  n: 1.5\n", "a", [](const Reader& r) { r.integer("n", 1); }),
            "cfg.yaml:2:6: key 'a.n': value 1.5 must be an integer");
  EXPECT_EQ(read_error("a:\n  n: 12abc\n", "a", [](const Reader& r) { r.integer("n", 1); }),
            "cfg.yaml:2:6: key 'a.n': value '12abc' must be an integer");
  EXPECT_EQ(read_error("network:\n  hidden: abc\n", "network",
                       [](const Reader& r) { r.integers("hidden", {20}); }),
            "cfg.yaml:2:11: key 'network.hidden': value 'abc' must be a list of integers");
  EXPECT_EQ(read_error("network:\n  hidden: {a: 1}\n", "network",
                       [](const Reader& r) { r.integers("hidden", {20}); }),
            "cfg.yaml:2:11: key 'network.hidden': value {a: 1} must be a list of integers");
  EXPECT_EQ(read_error("network:\n  hidden:\n    a: 1\n", "network",
                       [](const Reader& r) { r.numbers("hidden", {20}); }),
            "cfg.yaml:3:5: key 'network.hidden': value {a: 1} must be a list of numbers");
  EXPECT_EQ(read_error("problem:\n  name: {a: b}\n", "problem",
                       [](const Reader& r) { r.string("name", "x"); }),
            "cfg.yaml:2:9: key 'problem.name': value {a: b} must be a string");
  EXPECT_EQ(
      read_error("out:\n  save: yes\n", "out", [](const Reader& r) { r.boolean("save", true); }),
      "cfg.yaml:2:9: key 'out.save': value 'yes' must be true or false");
  EXPECT_EQ(read_error("network: 5\n", "", [](const Reader& r) { r.section("network"); }),
            "cfg.yaml:1:10: key 'network': value 5 must be a map");
  EXPECT_EQ(read_error("network: [1]\n", "", [](const Reader& r) { r.section("network"); }),
            "cfg.yaml:1:10: key 'network': value [1] must be a map");
}

TEST(ReaderTest, EmptyListRejectedUnlessAllowed) {
  EXPECT_EQ(read_error("network:\n  hidden: []\n", "network",
                       [](const Reader& r) { r.integers("hidden", {20}); }),
            "cfg.yaml:2:11: key 'network.hidden': value [] must be a non-empty list of integers");
  EXPECT_EQ(read_error("a:\n  xs: []\n", "a", [](const Reader& r) { r.required_numbers("xs"); }),
            "cfg.yaml:2:7: key 'a.xs': value [] must be a non-empty list of numbers");
  ConfigSource source = load_config_string("a:\n  xs: []\n  ns: []\n", "cfg.yaml");
  const Reader a = Reader(source).section("a");
  EXPECT_TRUE(a.numbers("xs", {1.0}, {}, /*allow_empty=*/true).empty());
  EXPECT_TRUE(a.integers("ns", {1}, {}, /*allow_empty=*/true).empty());
}

TEST(ReaderTest, ListElementErrorsPointAtTheElement) {
  const std::string yaml =
      "network:\n"
      "  hidden: [20, x, 20]\n"
      "  widths:\n"
      "    - 1\n"
      "    - -3\n";
  EXPECT_EQ(read_error(yaml, "network", [](const Reader& r) { r.integers("hidden", {20}); }),
            "cfg.yaml:2:16: key 'network.hidden[1]': value 'x' must be an integer");
  EXPECT_EQ(
      read_error(yaml, "network",
                 [](const Reader& r) { r.integers("widths", {20}, Rule<int64_t>::positive()); }),
      "cfg.yaml:5:7: key 'network.widths[1]': value -3 must be > 0");
  EXPECT_EQ(read_error("d:\n  xs: [0, .nan]\n", "d", [](const Reader& r) { r.numbers("xs", {}); }),
            "cfg.yaml:2:11: key 'd.xs[1]': value .nan must be finite");
}

TEST(ReaderTest, NonFiniteNumbersAreRejected) {
  for (const std::string text : {".nan", ".NaN", ".NAN", ".inf", ".Inf", "+.inf", "-.inf", "-.INF",
                                 "nan", "inf", "1e999", "-1e999"}) {
    EXPECT_EQ(
        read_error("p:\n  nu: " + text + "\n", "p", [](const Reader& r) { r.number("nu", 1.0); }),
        "cfg.yaml:2:7: key 'p.nu': value " + text + " must be finite");
  }
}

TEST(ReaderTest, NumberSyntax) {
  ConfigSource source = load_config_string(
      "n:\n  a: 1e-3\n  b: 1.0e-3\n  c: 7\n  d: +2.5\n  e: -.5\n  f: 1E+2\n  g: 1e-400\n",
      "cfg.yaml");
  const Reader n = Reader(source).section("n");
  EXPECT_DOUBLE_EQ(n.number("a", 0), 1e-3);
  EXPECT_DOUBLE_EQ(n.number("b", 0), 1e-3);
  EXPECT_DOUBLE_EQ(n.number("c", 0), 7.0);
  EXPECT_DOUBLE_EQ(n.number("d", 0), 2.5);
  EXPECT_DOUBLE_EQ(n.number("e", 0), -0.5);
  EXPECT_DOUBLE_EQ(n.number("f", 0), 100.0);
  EXPECT_EQ(n.number("g", 1), 0.0);
  n.finish();
  for (const std::string text : {"0x10", "1_000", "+-1", "++1", "1.2.3", "1e", "--1"}) {
    EXPECT_EQ(
        read_error("p:\n  nu: " + text + "\n", "p", [](const Reader& r) { r.number("nu", 1.0); }),
        "cfg.yaml:2:7: key 'p.nu': value '" + text + "' must be a number");
  }
}

TEST(ReaderTest, IntegerSyntaxAndRange) {
  ConfigSource source = load_config_string(
      "i:\n  a: 12\n  b: +7\n  c: -3\n  d: 1e4\n  e: 2.0\n  f: 9223372036854775807\n"
      "  g: -9223372036854775808\n",
      "cfg.yaml");
  const Reader i = Reader(source).section("i");
  EXPECT_EQ(i.integer("a", 0), 12);
  EXPECT_EQ(i.integer("b", 0), 7);
  EXPECT_EQ(i.integer("c", 0), -3);
  EXPECT_EQ(i.integer("d", 0), 10000);
  EXPECT_EQ(i.integer("e", 0), 2);
  EXPECT_EQ(i.integer("f", 0), INT64_MAX);
  EXPECT_EQ(i.integer("g", 0), INT64_MIN);
  i.finish();
  const std::string range =
      " must be an integer between -9223372036854775808 and 9223372036854775807";
  for (const std::string text :
       {"99999999999999999999", "9223372036854775808", "-9223372036854775809", "1e30"}) {
    EXPECT_EQ(
        read_error("i:\n  n: " + text + "\n", "i", [](const Reader& r) { r.integer("n", 0); }),
        "cfg.yaml:2:6: key 'i.n': value " + text + range);
  }
  for (const std::string text : {".inf", "+-3", "0x10"}) {
    const std::string shown = text == ".inf" ? text : "'" + text + "'";
    EXPECT_EQ(
        read_error("i:\n  n: " + text + "\n", "i", [](const Reader& r) { r.integer("n", 0); }),
        "cfg.yaml:2:6: key 'i.n': value " + shown + " must be an integer");
  }
}

TEST(ReaderTest, BooleansAndStrings) {
  ConfigSource source = load_config_string(
      "o:\n  a: true\n  b: False\n  c: 123\n  d: 'quoted text'\n  e: two words\n", "cfg.yaml");
  const Reader o = Reader(source).section("o");
  EXPECT_TRUE(o.boolean("a", false));
  EXPECT_FALSE(o.required_boolean("b"));
  EXPECT_EQ(o.string("c", ""), "123");
  EXPECT_EQ(o.string("d", ""), "quoted text");
  const Rule<std::string> short_text([](const std::string& s) { return s.size() < 5; },
                                     "must be shorter than 5 characters");
  EXPECT_EQ(message_from([&] { o.string("e", "", short_text); }),
            "cfg.yaml:6:6: key 'o.e': value 'two words' must be shorter than 5 characters");
  EXPECT_FALSE(o.optional_boolean("missing"));
}

TEST(ReaderTest, ChoiceListsValidNamesSorted) {
  const std::string yaml =
      "network:\n"
      "  hidden: [20]\n"
      "  activation: tahn\n";
  EXPECT_EQ(
      read_error(yaml, "network",
                 [](const Reader& r) { r.choice("activation", "tanh", kActivations); }),
      "cfg.yaml:3:15: key 'network.activation': value 'tahn' must be one of: gelu, relu, sin, "
      "tanh");
  EXPECT_EQ(read_error("a:\n  mode: [x]\n", "a",
                       [](const Reader& r) {
                         r.required_choice("mode", {"b", "a"});
                       }),
            "cfg.yaml:2:9: key 'a.mode': value [x] must be one of: a, b");
}

TEST(ReaderTest, MissingRequiredKeys) {
  // In a section that exists: the section's key.
  EXPECT_EQ(read_error("problem:\n  nu: 1\n", "problem",
                       [](const Reader& r) { r.required_string("name"); }),
            "cfg.yaml:1:1: key 'problem.name': missing required key");
  // At the top level, and in a section that is itself missing: the file.
  EXPECT_EQ(read_error("a: 1\n", "", [](const Reader& r) { r.required_number("b"); }),
            "cfg.yaml: key 'b': missing required key");
  EXPECT_EQ(read_error("a: 1\n", "problem", [](const Reader& r) { r.required_integers("grid"); }),
            "cfg.yaml: key 'problem.grid': missing required key");
  // A key present without a value: the key.
  EXPECT_EQ(read_error("problem:\n  name:\n  nu: 1\n", "problem",
                       [](const Reader& r) { r.required_choice("name", {"burgers"}); }),
            "cfg.yaml:2:3: key 'problem.name': missing required key");
  // In a section an override created: that override.
  ConfigSource source = load_config_string("network:\n  hidden: [2]\n", "cfg.yaml");
  apply_override(source, "network.adaptive.scale=2");
  const Reader adaptive = Reader(source).section("network").section("adaptive");
  EXPECT_EQ(message_from([&] { adaptive.required_choice("mode", {"global"}); }),
            "command line 'network.adaptive.scale=2': key 'network.adaptive.mode': missing "
            "required key");
}

TEST(ReaderTest, DefaultsAreWrittenBackIntoTheSharedTree) {
  ConfigSource source = load_config_string(
      "problem:\n"
      "  name: burgers\n"
      "network:\n"
      "  hidden: [40]\n"
      "  adaptive:\n"
      "training:\n"
      "  adam:\n"
      "    lr:\n",
      "cfg.yaml");
  const Reader root(source);
  const Reader problem = root.section("problem");
  problem.string("name", "poisson");
  problem.number("nu", 0.01 / 3.141592653589793, Rule<double>::positive());
  problem.finish();
  read_network(root);
  // Sections missing from the file are created on demand, at any depth.
  const Reader training = root.section("training");
  const Reader adam = training.section("adam");
  EXPECT_DOUBLE_EQ(adam.number("lr", 1e-3), 1e-3);
  adam.integer("iterations", 2000);
  const Reader lbfgs = training.section("lbfgs");
  lbfgs.integer("iterations", 500);
  lbfgs.numbers("tolerances", {1e-9, 0.5});
  lbfgs.boolean("line_search", true);
  training.section("loss_weights").section("pde").number("weight", 1.0);
  root.section("output").string("file", "");
  // Absent optional keys stay absent.
  EXPECT_FALSE(root.section("output").optional_integer("seed"));
  EXPECT_FALSE(root.section("output").optional_string("tag"));
  EXPECT_FALSE(root.section("output").optional_numbers("xs"));
  EXPECT_EQ(to_yaml(source.root()),
            "problem:\n"
            "  name: burgers\n"
            "  nu: 0.003183098861837907\n"
            "network:\n"
            "  hidden: [40]\n"
            "  adaptive:\n"
            "    mode: none\n"
            "    scale: 1\n"
            "    slope_recovery: 0\n"
            "  activation: tanh\n"
            "  init: xavier\n"
            "training:\n"
            "  adam:\n"
            "    lr: 0.001\n"
            "    iterations: 2000\n"
            "  lbfgs:\n"
            "    iterations: 500\n"
            "    tolerances: [1e-09, 0.5]\n"
            "    line_search: true\n"
            "  loss_weights:\n"
            "    pde:\n"
            "      weight: 1\n"
            "output:\n"
            "  file: \"\"\n");
  // The resolved config reads back to the same values without further changes.
  ConfigSource again = load_config_string(to_yaml(source.root()), "resolved.yaml");
  const Reader reread(again);
  EXPECT_DOUBLE_EQ(reread.section("problem").number("nu", 0), 0.01 / 3.141592653589793);
  EXPECT_EQ(reread.section("training").section("lbfgs").numbers("tolerances", {}),
            (std::vector<double>{1e-9, 0.5}));
  EXPECT_EQ(reread.section("output").string("file", "x"), "");
}

TEST(ReaderTest, OptionalGettersReturnValuesWhenPresent) {
  ConfigSource source =
      load_config_string("o:\n  seed: 42\n  tag: run1\n  xs: [1, 2]\n  lr: 0.5\n", "cfg.yaml");
  const Reader o = Reader(source).section("o");
  EXPECT_EQ(o.optional_integer("seed"), 42);
  EXPECT_EQ(o.optional_string("tag"), "run1");
  EXPECT_EQ(o.optional_numbers("xs"), (std::vector<double>{1, 2}));
  EXPECT_EQ(o.optional_number("lr", Rule<double>::in_range(0, 1)), 0.5);
  EXPECT_EQ(o.optional_choice("mode", {"a"}), std::nullopt);
  o.finish();
}

TEST(ReaderTest, BadDefaultIsAProgrammingError) {
  ConfigSource source = load_config_string("", "cfg.yaml");
  const Reader root(source);
  EXPECT_THROW(root.number("lr", -1.0, Rule<double>::positive()), std::logic_error);
  EXPECT_THROW(root.choice("act", "tahn", kActivations), std::logic_error);
  EXPECT_THROW(root.integers("hidden", {}), std::logic_error);
  try {
    root.integer("n", 0, Rule<int64_t>::at_least(1));
    ADD_FAILURE() << "expected std::logic_error";
  } catch (const std::logic_error& error) {
    EXPECT_STREQ(error.what(), "default 0 for config key 'n' must be >= 1");
  }
  // Nothing was written for the rejected defaults.
  EXPECT_EQ(to_yaml(source.root()), "{}\n");
}

TEST(ReaderTest, RulesComposeAndReportTheFirstBrokenClause) {
  const auto rule = Rule<double>::all_of(
      {Rule<double>::greater_than(0), Rule<double>::at_most(1), Rule<double>::less_than(0.5)});
  EXPECT_EQ(rule.text(), "must be > 0 and must be <= 1 and must be < 0.5");
  EXPECT_EQ(rule.violation(-1), "must be > 0");
  EXPECT_EQ(rule.violation(2), "must be <= 1");
  EXPECT_EQ(rule.violation(0.7), "must be < 0.5");
  EXPECT_TRUE(rule.accepts(0.25));
  EXPECT_TRUE(Rule<double>().accepts(-1e300));
  EXPECT_EQ(Rule<double>::at_least(1e-6).text(), "must be >= 1e-06");
  EXPECT_EQ(Rule<int64_t>::in_range(-2, 5).text(), "must be in [-2, 5]");
  EXPECT_EQ(Rule<int64_t>::non_negative().violation(-1), "must be >= 0");
  const Rule<int64_t> even([](const int64_t& v) { return v % 2 == 0; }, "must be even");
  const auto even_positive = Rule<int64_t>::all_of({Rule<int64_t>::positive(), even});
  EXPECT_EQ(
      read_error("a:\n  n: 3\n", "a", [&](const Reader& r) { r.integer("n", 2, even_positive); }),
      "cfg.yaml:2:6: key 'a.n': value 3 must be even");
}

TEST(ReaderTest, KeysInFileOrderForDynamicSections) {
  ConfigSource source =
      load_config_string("training:\n  loss_weights: {pde: 1, bc: 10, ic: 5}\n", "cfg.yaml");
  const Reader weights = Reader(source).section("training").section("loss_weights");
  EXPECT_EQ(weights.keys(), (std::vector<std::string>{"pde", "bc", "ic"}));
  double total = 0;
  for (const auto& term : weights.keys())
    total += weights.number(term, 1.0, Rule<double>::positive());
  EXPECT_DOUBLE_EQ(total, 16.0);
  weights.finish();
  EXPECT_EQ(weights.path("bc"), "training.loss_weights.bc");
  EXPECT_EQ(weights.location("ic"), "cfg.yaml:2:38");
  EXPECT_EQ(weights.location("absent"), "cfg.yaml:2:3");
}

TEST(ReaderTest, ListOfSections) {
  const std::string yaml =
      "problem:\n"
      "  conditions:\n"
      "    - {type: dirichlet, value: 0}\n"
      "    - type: neumann\n"
      "      value: x\n";
  EXPECT_EQ(read_error(yaml, "problem",
                       [](const Reader& r) {
                         for (const Reader& c : r.sections("conditions")) {
                           c.choice("type", "dirichlet", {"dirichlet", "neumann"});
                           c.number("value", 0.0);
                           c.finish();
                         }
                       }),
            "cfg.yaml:5:14: key 'problem.conditions[1].value': value 'x' must be a number");
  EXPECT_EQ(read_error("p:\n  cs:\n    - {type: a, extra: 1}\n", "p",
                       [](const Reader& r) {
                         const Reader c = r.sections("cs").at(0);
                         c.string("type", "");
                         c.finish();
                       }),
            "cfg.yaml:3:17: key 'p.cs[0].extra': unknown key; valid keys here: type");
  EXPECT_EQ(read_error("p:\n  cs: [1]\n", "p", [](const Reader& r) { r.sections("cs"); }),
            "cfg.yaml:2:8: key 'p.cs[0]': value 1 must be a map");
  EXPECT_EQ(read_error("p:\n  cs: 1\n", "p", [](const Reader& r) { r.sections("cs"); }),
            "cfg.yaml:2:7: key 'p.cs': value 1 must be a list of maps");
  ConfigSource source = load_config_string("p: {}\n", "cfg.yaml");
  EXPECT_TRUE(Reader(source).section("p").sections("cs").empty());
}

TEST(ReaderTest, DuplicateKeysAreRejected) {
  EXPECT_EQ(message_from([] {
              ConfigSource source = load_config_string("a: 1\nb: 2\na: 3\n", "cfg.yaml");
              Reader root(source);
            }),
            "cfg.yaml:3:1: key 'a': duplicate key");
  EXPECT_EQ(read_error("n:\n  x: 1\n  x: 2\n", "n", [](const Reader&) {}),
            "cfg.yaml:3:3: key 'n.x': duplicate key");
}

TEST(ReaderTest, CopyAssignmentRebindsWithoutTouchingTheTree) {
  ConfigSource source = load_config_string("a:\n  x: 1\nb:\n  y: 2\n", "cfg.yaml");
  const std::string before = to_yaml(source.root());
  const Reader root(source);
  Reader view = root.section("a");
  view = root.section("b");
  EXPECT_EQ(view.path(), "b");
  EXPECT_EQ(view.integer("y", 0), 2);
  EXPECT_EQ(to_yaml(source.root()), before);
}

TEST(ReaderTest, ReaderCopiesShareTheRecordOfReadKeys) {
  ConfigSource source = load_config_string("a:\n  x: 1\n  y: 2\n", "cfg.yaml");
  const Reader root(source);
  root.section("a").integer("x", 0);
  root.section("a").integer("y", 0);
  root.section("a").finish();  // a fresh view knows what the others read
  root.finish();
}

TEST(ReaderTest, RawNodeAndCustomFailure) {
  ConfigSource source = load_config_string("g:\n  points: [[0, 1], [2]]\n", "cfg.yaml");
  const Reader g = Reader(source).section("g");
  const YAML::Node points = g.node("points");
  ASSERT_TRUE(points.IsSequence());
  EXPECT_FALSE(g.node("absent").IsDefined());
  g.finish();  // node() counts as reading
  EXPECT_EQ(message_from([&] { g.fail("points", "every point needs 2 coordinates"); }),
            "cfg.yaml:2:11: key 'g.points': every point needs 2 coordinates");
}

TEST(ReaderTest, HasIgnoresNullAndDoesNotCountAsRead) {
  ConfigSource source = load_config_string("a:\n  x: 1\n  y:\n", "cfg.yaml");
  const Reader a = Reader(source).section("a");
  EXPECT_TRUE(a.has("x"));
  EXPECT_FALSE(a.has("y"));
  EXPECT_FALSE(a.has("z"));
  EXPECT_EQ(message_from([&] { a.finish(); }),
            "cfg.yaml:2:3: key 'a.x': unknown key; no keys are valid here");
}

TEST(ReaderTest, TopLevelLocationIsTheFile) {
  ConfigSource source = load_config_string("a: 1\n", "cfg.yaml");
  const Reader root(source);
  EXPECT_EQ(root.path(), "");
  EXPECT_EQ(root.location(), "cfg.yaml");
  EXPECT_EQ(root.location("a"), "cfg.yaml:1:4");
  EXPECT_EQ(root.section("b").location(), "cfg.yaml");
}

TEST(ReaderTest, MergedOverrideLocatesOnlyTheKeysItSets) {
  ConfigSource source = load_config_string(kBurgers, "burgers.yaml");
  apply_override(source, "network.adaptive={scale: 0}");
  const Reader adaptive = Reader(source).section("network").section("adaptive");
  EXPECT_EQ(adaptive.choice("mode", "none", {"none", "neuron"}), "neuron");
  EXPECT_EQ(message_from([&] { adaptive.number("scale", 1.0, Rule<double>::positive()); }),
            "command line 'network.adaptive={scale: 0}': key 'network.adaptive.scale': value 0 "
            "must be > 0");
  EXPECT_EQ(adaptive.location("slope_recovery"), "burgers.yaml:7:55");
  EXPECT_EQ(adaptive.location(), "burgers.yaml:7:3");
}

TEST(ResolvedConfigTest, NumbersIntegersAndBooleansAreWrittenInOneForm) {
  ConfigSource source = load_config_string(
      "training:\n"
      "  lr: 1.0e-3\n"
      "  iterations: 1e4\n"
      "  seed: 9007199254740993\n"
      "  betas: [9E-1, +0.9990, 1]\n"
      "  widths: [020, 1e1]\n"
      "  verbose: True\n"
      "  scale: '2.50'\n"
      "  tag: 1.10\n"
      "  label: \"1.0e-3\"\n"
      "  raw: 1.0e-3\n",
      "cfg.yaml");
  const Reader training = Reader(source).section("training");
  EXPECT_EQ(training.number("lr", 0.1), 1e-3);
  EXPECT_EQ(training.integer("iterations", 1), 10000);
  EXPECT_EQ(training.integer("seed", 0), 9007199254740993);
  training.numbers("betas", {});
  training.integers("widths", {});
  EXPECT_TRUE(training.boolean("verbose", false));
  EXPECT_EQ(training.number("scale", 1.0), 2.5);
  EXPECT_EQ(training.string("tag", ""), "1.10");
  EXPECT_EQ(training.string("label", ""), "1.0e-3");
  training.node("raw");
  training.number("tolerance_grad", 1e-10);
  training.boolean("line_search", false);
  training.finish();
  // Strings, and what no getter typed, stay as written; quoted strings stay quoted.
  EXPECT_EQ(to_yaml(source.root()),
            "training:\n"
            "  lr: 0.001\n"
            "  iterations: 10000\n"
            "  seed: 9007199254740993\n"
            "  betas: [0.9, 0.999, 1]\n"
            "  widths: [20, 10]\n"
            "  verbose: true\n"
            "  scale: 2.5\n"
            "  tag: 1.10\n"
            "  label: \"1.0e-3\"\n"
            "  raw: 1.0e-3\n"
            "  tolerance_grad: 1e-10\n"
            "  line_search: false\n");
  // The tree keeps the text and place as written, for messages after the read.
  EXPECT_EQ(message_from([&] { training.number("lr", 0.1, Rule<double>::greater_than(1)); }),
            "cfg.yaml:2:7: key 'training.lr': value 1.0e-3 must be > 1");
  EXPECT_EQ(message_from([&] { training.fail("betas", "needs two entries"); }),
            "cfg.yaml:5:10: key 'training.betas': needs two entries");
}

// Reads `yaml` the way a schema would and returns the resolved config.
std::string resolved(const std::string& yaml) {
  ConfigSource source = load_config_string(yaml, "cfg.yaml");
  const Reader adam = Reader(source).section("training").section("adam");
  adam.number("lr", 1e-3, Rule<double>::positive());
  adam.integer("iterations", 10000);
  adam.boolean("amsgrad", true);
  adam.numbers("betas", {0.9, 0.999});
  adam.finish();
  return to_yaml(source.root());
}

TEST(ResolvedConfigTest, EqualSettingsGiveEqualText) {
  const std::string expected =
      "training:\n  adam:\n    lr: 0.001\n    iterations: 10000\n    amsgrad: true\n"
      "    betas: [0.9, 0.999]\n";
  EXPECT_EQ(resolved("training:\n  adam: {lr: 1.0e-3, iterations: 1e4, amsgrad: TRUE}\n"),
            expected);
  EXPECT_EQ(resolved("training:\n  adam:\n    lr: .001\n    iterations: 10000.0\n"), expected);
  EXPECT_EQ(resolved("training:\n  adam: {lr: 1E-3, iterations: 1e4, amsgrad: true, betas: [9e-1, "
                     "999e-3]}\n"),
            expected);
  EXPECT_EQ(resolved(""), expected);
  // The resolved config resolves to itself.
  EXPECT_EQ(resolved(expected), expected);
  EXPECT_NE(resolved("training:\n  adam: {lr: 1.0000000000000002e-3}\n"), expected);
}

TEST(ResolvedConfigTest, KeysFollowTheFileThenOverridesThenTheSchema) {
  ConfigSource source =
      load_config_string("training:\n  adam: {betas: [0.9, 0.99], lr: 0.01}\n", "cfg.yaml");
  apply_override(source, "training.adam.amsgrad=false");
  Reader(source).section("training").section("adam").integer("iterations", 5);
  EXPECT_EQ(resolved(to_yaml(source.root())),
            "training:\n  adam:\n    betas: [0.9, 0.99]\n    lr: 0.01\n    amsgrad: false\n"
            "    iterations: 5\n");
}

TEST(FormatNumberTest, ReadsBackToTheSameDouble) {
  const double values[] = {0.01 / 3.141592653589793,
                           1.0 / 3.0,
                           0.1 + 0.2,
                           1e-10,
                           6.02214076e23,
                           5e-324,
                           std::numeric_limits<double>::max(),
                           std::numeric_limits<double>::min(),
                           -0.0,
                           std::nextafter(1.0, 2.0)};
  for (const double value : values) {
    const std::string text = format_number(value);
    EXPECT_EQ(*parse_number(text), value) << text;
    EXPECT_EQ(std::signbit(*parse_number(text)), std::signbit(value)) << text;
    // Not longer than needed: one digit less no longer reads back.
    char shorter[64];
    std::snprintf(shorter, sizeof shorter, "%.*g", static_cast<int>(text.size()) - 8, value);
    if (text.size() > 8 && std::strtod(shorter, nullptr) == value) {
      ADD_FAILURE() << text << " is longer than " << shorter;
    }
  }
  EXPECT_EQ(format_number(0.01 / 3.141592653589793), "0.003183098861837907");
  EXPECT_EQ(format_number(0.1 + 0.2), "0.30000000000000004");
}

TEST(FormatNumberTest, ShortestRoundTrip) {
  EXPECT_EQ(format_number(0.001), "0.001");
  EXPECT_EQ(format_number(1e-6), "1e-06");
  EXPECT_EQ(format_number(2000.0), "2000");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(-2.5), "-2.5");
  EXPECT_EQ(format_number(int64_t{-7}), "-7");
}

TEST(ReaderTest, ChoicesReadAListOfValidNames) {
  ConfigSource source = load_config_string("network: {periodic: [x, t]}\n", "cfg.yaml");
  const Reader network = Reader(source).section("network");
  EXPECT_EQ(network.choices("periodic", {}, {"x", "y", "t"}), (std::vector<std::string>{"x", "t"}));
  EXPECT_EQ(network.choices("absent", {"y"}, {"x", "y"}), std::vector<std::string>{"y"});
  const auto error = read_error("network: {periodic: [x, q]}\n", "network", [](const Reader& r) {
    r.choices("periodic", {}, {"x", "t"});
  });
  EXPECT_NE(error.find("cfg.yaml:1:25: key 'network.periodic[1]'"), std::string::npos) << error;
  EXPECT_NE(error.find("t, x"), std::string::npos) << error;
  const auto scalar = read_error("network: {periodic: x}\n", "network",
                                 [](const Reader& r) { r.choices("periodic", {}, {"x"}); });
  EXPECT_NE(scalar.find("must be a list of names"), std::string::npos) << scalar;
}

}  // namespace
}  // namespace pinn::config
