#include "solver/formula_problem/condition_section.h"

#include <algorithm>

#include "solver/common/text.h"
#include "solver/config/config_error.h"
#include "solver/expression/syntax.h"
#include "solver/formula_problem/formula_terms.h"
#include "solver/io/reference_table.h"
#include "solver/problem/periodic.h"
#include "solver/run/point_sets.h"

namespace pinn {
namespace {

using config::Reader;
using config::Rule;

constexpr int64_t kConditionPoints = 500;
// A predicate is tried on this many points of its region when the config is read.
constexpr int64_t kPredicateTrials = 10000;

struct Where {
  Region region = Region::Boundary;
  std::vector<BoxFace> faces;      // empty: all of `region`
  std::vector<std::string> parts;  // a shape's boundary parts; empty: all of `region`
  std::string text;                // as the config says it, for messages
};

// `on` over a domain with a shape: interior, initial, boundary, or boundary parts by name.
Where read_shape_where(const Reader& s, const Domain& domain,
                       const std::vector<std::string>& names) {
  const auto parts = domain.shape->parts();
  std::vector<std::string> valid = {"interior", "boundary"};
  if (domain.has_time()) valid.push_back("initial");
  valid.insert(valid.end(), parts.begin(), parts.end());
  if (names.empty()) s.fail("on", "must name where the condition holds: one of " + join(valid));
  Where where;
  where.text = join(names);
  if (names.size() == 1 && (names[0] == "interior" || names[0] == "boundary" ||
                            (names[0] == "initial" && domain.has_time()))) {
    where.region = parse_region(names[0]);
    return where;
  }
  for (const auto& name : names) {
    if (std::find(parts.begin(), parts.end(), name) == parts.end()) {
      s.fail("on", "value '" + name + "' is not a part of the domain's boundary; parts: " +
                       join(parts) + " (or one of interior, boundary" +
                       (domain.has_time() ? ", initial" : "") + " alone)");
    }
    if (std::find(where.parts.begin(), where.parts.end(), name) != where.parts.end()) {
      s.fail("on", "part '" + name + "' is listed twice");
    }
    where.parts.push_back(name);
  }
  return where;
}

Where read_where(const Reader& s, const Domain& domain) {
  const auto on = s.node("on");
  std::vector<std::string> names;
  if (on.IsScalar()) {
    names.push_back(on.Scalar());
  } else if (on.IsSequence()) {
    for (const auto& n : on) names.push_back(n.IsScalar() ? n.Scalar() : "");
  }
  if (domain.shape) return read_shape_where(s, domain, names);
  const auto valid = [&] {
    std::vector<std::string> all = {"interior"};
    if (!domain.spatial_axes().empty()) all.push_back("boundary");
    if (domain.has_time()) all.push_back("initial");
    for (const auto& f : face_names(domain)) all.push_back(f);
    return all;
  }();
  if (names.empty()) s.fail("on", "must name where the condition holds: one of " + join(valid));
  Where where;
  where.text = join(names);
  if (names.size() == 1 && (names[0] == "interior" || names[0] == "boundary" ||
                            (names[0] == "initial" && domain.has_time()))) {
    where.region = parse_region(names[0]);
    if (where.region == Region::Boundary && domain.spatial_axes().empty()) {
      s.fail("on",
             "value 'boundary' is every face but time's, and the only input is time; use one "
             "of " +
                 join(valid));
    }
    return where;
  }
  for (const auto& name : names) {
    try {
      const auto face = parse_face(domain, name);
      if (std::find(where.faces.begin(), where.faces.end(), face) != where.faces.end()) {
        s.fail("on", "face '" + name + "' is listed twice");
      }
      where.faces.push_back(face);
    } catch (const std::invalid_argument&) {
      s.fail("on", "value '" + name + "' is not a place a condition holds; use one of " +
                       join(valid) + (names.size() > 1 ? " (a list holds face names only)" : ""));
    }
  }
  return where;
}

// Fails at `where` when the predicate keeps none of kPredicateTrials points of the region.
void check_selects(const config::LocatedText& where_text, const LossTerm& term, const Where& where,
                   const Domain& domain) {
  const auto trial = try_predicate(domain, term, kPredicateTrials);
  if (trial.kept > 0) return;
  throw config::ConfigError(where_text.location, "key '" + where_text.path + "': the predicate '" +
                                                     where_text.text + "' selects none of the " +
                                                     std::to_string(trial.tried) +
                                                     " points tried on " + where.text);
}

LossTerm point_condition(const Reader& s, const std::string& name, const FormulaScope& scope,
                         const Domain& domain, std::vector<std::string>& description) {
  const auto where = read_where(s, domain);
  if (where.region == Region::Initial && !domain.has_time()) {
    s.fail("on", "value 'initial' needs a time input (problem.time)");
  }
  std::vector<formula::Program> programs;
  for (const auto& text : s.located_texts("equation")) {
    programs.push_back(scope.condition(text));
    if (programs.back().outputs_read().empty()) {
      throw config::ConfigError(text.location, "key '" + text.path +
                                                   "': reads no output, so the network "
                                                   "could not change it");
    }
    if (!programs.back().smooth_in_outputs()) {
      throw config::ConfigError(
          text.location, "key '" + text.path + "': " + kOnlyThroughSteps + " could not change it");
    }
  }
  if (programs.empty()) s.fail("equation", "must give at least one formula");
  std::string line = "condition " + name + " on " + where.text;
  auto term = formula_term(name, domain, programs, where.region, where.faces, kConditionPoints);
  term.parts = where.parts;
  if (s.has("where")) {
    const auto text = s.located_text("where");
    const auto predicate = scope.of_inputs(text);
    term.select = [predicate, domain](const std::vector<double>& points) {
      return select_points(predicate, domain, points);
    };
    check_selects(text, term, where, domain);
    line += " where " + text.text;
  }
  for (size_t i = 0; i < programs.size(); ++i) {
    line += (i == 0 ? ": " : "; ") + programs[i].text();
  }
  description.push_back(line + "  (" + reads_text(programs, scope.scope()) + ")");
  return term;
}

LossTerm periodic(const Reader& s, const std::string& name, const FormulaScope& scope,
                  const Domain& domain, std::vector<std::string>& description) {
  const auto input = s.required_choice("periodic", domain.names);
  const auto axis = static_cast<int>(std::find(domain.names.begin(), domain.names.end(), input) -
                                     domain.names.begin());
  if (axis == domain.time_axis) s.fail("periodic", "value '" + input + "' is the time input");
  if (domain.shape) {
    s.fail("periodic",
           "ties two faces of the inputs' box; the domain is a shape, which has no "
           "such faces");
  }
  const auto derivatives = s.integer("derivatives", 1, Rule<int64_t>::in_range(0, 3));
  std::vector<Output> outputs;
  for (size_t o = 0; o < scope.scope().outputs.size(); ++o) outputs.push_back({int(o)});
  description.push_back("condition " + name + ": periodic in " + input + ", every output and " +
                        "its derivatives up to order " + std::to_string(derivatives));
  return periodic_condition(domain, axis, outputs, static_cast<int>(derivatives), kConditionPoints,
                            name);
}

LossTerm data_condition(const Reader& s, const std::string& name, const FormulaScope& scope,
                        const Domain& domain, std::vector<std::string>& description) {
  const auto file = s.required_string("data");
  const auto format =
      reference_format(s.choice("format", "auto", {"auto", "comsol", "csv", "hdf5", "text"}));
  TestPoints table;
  try {
    table =
        read_reference_table(file, domain.names, scope.scope().outputs, domain.time_axis, format);
  } catch (const std::invalid_argument& e) {
    s.fail("data", e.what());
  }
  description.push_back("condition " + name + ": data at the " + std::to_string(table.count()) +
                        " points of " + file + " (" + join(table.outputs) + ")" +
                        (table.skipped_rows > 0
                             ? ", " + std::to_string(table.skipped_rows) + " NaN rows skipped"
                             : ""));
  std::vector<Output> observed;
  for (const auto& o : table.outputs) {
    const auto& all = scope.scope().outputs;
    observed.push_back({int(std::find(all.begin(), all.end(), o) - all.begin())});
  }
  std::vector<Partial> needs;
  for (const auto& o : observed) needs.emplace_back(o);
  // The observed values ride along as the term's data, one column per observed output.
  const auto columns = static_cast<int64_t>(observed.size());
  std::vector<double> values(table.values.front().size() * observed.size());
  for (size_t i = 0; i < table.values.front().size(); ++i) {
    for (size_t k = 0; k < observed.size(); ++k)
      values[i * observed.size() + k] = table.values[k][i];
  }
  LossTerm term{
      name, Region::Interior, table.count(), needs, [observed, columns](const Fields& f) {
        std::vector<at::Tensor> misfit;
        for (int64_t k = 0; k < columns; ++k) {
          misfit.push_back(f.u(observed[static_cast<size_t>(k)]) - f.data().narrow(1, k, 1));
        }
        return columns == 1 ? misfit.front() : at::cat(misfit, 1);
      }};
  term.fixed_points = table.points;
  const auto dim = static_cast<size_t>(domain.dim());
  term.data = [points = table.points, values, dim, columns](const std::vector<double>& at) {
    // The rows of `at` are rows of the file's points (a share of them in data-parallel
    // runs): look each one up.
    std::vector<double> out;
    out.reserve(at.size() / dim * static_cast<size_t>(columns));
    size_t hint = 0;
    for (size_t r = 0; r * dim < at.size(); ++r) {
      const auto rows = points.size() / dim;
      for (size_t tried = 0; tried < rows; ++tried, hint = (hint + 1) % rows) {
        if (std::equal(at.begin() + r * dim, at.begin() + (r + 1) * dim,
                       points.begin() + hint * dim)) {
          break;
        }
      }
      const auto* v = &values[hint * static_cast<size_t>(columns)];
      out.insert(out.end(), v, v + columns);
      hint = (hint + 1) % rows;
    }
    return out;
  };
  return term;
}

}  // namespace

std::vector<LossTerm> read_conditions(const Reader& section, const FormulaScope& scope,
                                      const Domain& domain, std::vector<std::string>& description) {
  std::vector<LossTerm> terms;
  const auto conditions = section.section("conditions");
  for (const auto& name : conditions.keys()) {
    // The name is the loss term's: in sampling.<name>, loss weights, the result's datasets.
    if (!syntax::is_name(name)) {
      conditions.fail(name, "is not a name: use letters, digits and '_', starting with a letter");
    }
    if (name == "residual" || name == "observations" || name == "slope_recovery") {
      conditions.fail(name, "is the name of the " +
                                std::string(name == "residual"       ? "equations'"
                                            : name == "observations" ? "observations'"
                                                                     : "adaptive slopes'") +
                                " term; name the condition otherwise");
    }
    const auto s = conditions.section(name);
    const int kinds = int(s.has("on")) + int(s.has("periodic")) + int(s.has("data"));
    if (kinds != 1) {
      conditions.fail(name, "give exactly one of on (with equation), periodic and data");
    }
    if (s.has("periodic")) {
      terms.push_back(periodic(s, name, scope, domain, description));
    } else if (s.has("data")) {
      terms.push_back(data_condition(s, name, scope, domain, description));
    } else {
      terms.push_back(point_condition(s, name, scope, domain, description));
    }
    s.finish();
  }
  conditions.finish();
  return terms;
}

}  // namespace pinn
