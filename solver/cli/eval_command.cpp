// pinn eval: a trained network's outputs and derivatives at a user's points.

#include <H5Cpp.h>
#include <torch/torch.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "solver/autodiff/derivative_engine.h"
#include "solver/autodiff/partial_name.h"
#include "solver/cli/commands.h"
#include "solver/common/text.h"
#include "solver/io/atomic_write.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/point_file.h"
#include "solver/run/evaluation_grid.h"
#include "solver/run/time_windows.h"
#include "solver/run/trained_network.h"

namespace pinn::cli {
namespace {

// Bounds the autograd graph of one pass; values alone go in larger chunks.
constexpr int64_t kDerivativeChunk = 4096;
// Points outside the domain named one by one before the rest are counted.
constexpr size_t kOutsideShown = 10;
// Points written in decimal on the domain's boundary may round just past it.
constexpr double kBoundarySlack = 1e-12;

struct Column {
  std::string name;
  std::vector<double> values;
};

std::vector<std::string> split_specs(const std::vector<std::string>& given) {
  std::vector<std::string> specs;
  for (const auto& text : given) {
    std::stringstream stream(text);
    for (std::string spec; std::getline(stream, spec, ',');) {
      spec.erase(0, spec.find_first_not_of(" \t"));
      spec.erase(spec.find_last_not_of(" \t") + 1);
      if (!spec.empty()) specs.push_back(spec);
    }
  }
  return specs;
}

void warn_outside(const PointTable& table, const NetworkDescription& d) {
  const auto outside =
      points_outside(table.points, table.at, {d.inputs, d.input_lo, d.input_hi}, kBoundarySlack);
  for (size_t i = 0; i < outside.size() && i < kOutsideShown; ++i) {
    std::cerr << "warning: " << outside[i] << " (the network is evaluated there all the same)\n";
  }
  if (outside.size() > kOutsideShown) {
    std::cerr << "warning: " << outside.size() - kOutsideShown << " more of the " << table.size()
              << " points lie outside the domain\n";
  }
}

// The inputs, the outputs, then partials[j] in a column named specs[j], all by `net`.
std::vector<Column> evaluate(TrainedNetwork& trained, Mlp& net, const PointTable& table,
                             const std::vector<std::string>& specs,
                             const std::vector<Partial>& partials) {
  const auto& d = trained.description;
  const auto n = static_cast<int64_t>(table.size());
  const auto dim = static_cast<int64_t>(d.inputs.size());
  auto points = torch::tensor(table.points, torch::kFloat64).reshape({n, dim}).to(trained.dtype);

  std::vector<Column> columns;
  for (int64_t k = 0; k < dim; ++k) {
    Column c{d.inputs[static_cast<size_t>(k)], {}};
    for (int64_t i = 0; i < n; ++i) c.values.push_back(table.points[i * dim + k]);
    columns.push_back(std::move(c));
  }
  const auto values = evaluate_outputs(net, points);
  for (size_t o = 0; o < values.size(); ++o) columns.push_back({d.outputs[o], values[o]});

  if (partials.empty()) return columns;
  std::vector<Column> derivatives;
  for (const auto& spec : specs) derivatives.push_back({spec, {}});
  for (int64_t start = 0; start < n; start += kDerivativeChunk) {
    const auto chunk = points.slice(0, start, std::min(start + kDerivativeChunk, n));
    const auto fields =
        evaluate_fields(DerivativeEngine::Autograd, net, chunk, partials, d.inputs, d.outputs);
    for (size_t j = 0; j < partials.size(); ++j) {
      const auto v = fields.get(partials[j]).detach().to(torch::kFloat64).contiguous();
      derivatives[j].values.insert(derivatives[j].values.end(), v.data_ptr<double>(),
                                   v.data_ptr<double>() + v.numel());
    }
  }
  columns.insert(columns.end(), derivatives.begin(), derivatives.end());
  return columns;
}

// As evaluate, each point by the network of the time window holding it (a time on an
// inner edge by the later window) where the run marched through windows.
std::vector<Column> evaluate(TrainedNetwork& trained, const PointTable& table,
                             const std::vector<std::string>& specs,
                             const std::vector<Partial>& partials) {
  if (trained.windows.empty()) return evaluate(trained, trained.net, table, specs, partials);
  const auto dim = trained.description.inputs.size();
  std::vector<PointTable> parts(trained.windows.size());
  std::vector<size_t> window(table.size());
  for (size_t i = 0; i < table.size(); ++i) {
    const double t = table.points[i * dim + static_cast<size_t>(trained.time_axis)];
    window[i] = std::min(window_of(trained.window_edges, t), trained.windows.size() - 1);
    auto& part = parts[window[i]];
    part.points.insert(part.points.end(), table.points.begin() + i * dim,
                       table.points.begin() + (i + 1) * dim);
    part.at.push_back(table.at[i]);
  }
  std::vector<std::vector<Column>> columns(parts.size());
  std::vector<Column> out;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (parts[k].size() == 0) continue;
    columns[k] = evaluate(trained, trained.windows[k], parts[k], specs, partials);
    if (out.empty()) {
      for (const auto& c : columns[k]) out.push_back({c.name, {}});
    }
  }
  // Back in the table's order.
  std::vector<size_t> next(parts.size(), 0);
  for (size_t i = 0; i < table.size(); ++i) {
    const auto k = window[i];
    for (size_t c = 0; c < out.size(); ++c) out[c].values.push_back(columns[k][c].values[next[k]]);
    ++next[k];
  }
  return out;
}

void write_table(std::ostream& out, const std::vector<Column>& columns, char separator) {
  for (size_t c = 0; c < columns.size(); ++c)
    out << (c ? std::string(1, separator) : "") << columns[c].name;
  out << "\n";
  char number[32];
  for (size_t i = 0; i < columns.front().values.size(); ++i) {
    for (size_t c = 0; c < columns.size(); ++c) {
      std::snprintf(number, sizeof number, "%.17g", columns[c].values[i]);
      out << (c ? std::string(1, separator) : "") << number;
    }
    out << "\n";
  }
}

void write_hdf5(const std::string& path, const std::vector<Column>& columns,
                const std::string& result_path) {
  H5::H5File file(path, H5F_ACC_TRUNC);
  std::vector<std::string> names;
  for (const auto& c : columns) {
    hdf5::write_dataset(file, c.name, c.values);
    names.push_back(c.name);
  }
  hdf5::write_attribute(file, "columns", join(names, ","));
  hdf5::write_attribute(file, "result", result_path);
}

// text | csv | hdf5: as given, else by the output file's name, else text.
std::string output_format(const EvalFlags& flags) {
  if (!flags.format.empty()) return flags.format;
  const auto& o = flags.output;
  if (ends_with(o, ".csv")) return "csv";
  if (ends_with(o, ".h5") || ends_with(o, ".hdf5")) return "hdf5";
  return "text";
}

}  // namespace

int eval(const ProblemRegistry& registry, const EvalFlags& flags) {
  std::vector<Column> columns;
  const auto format = output_format(flags);
  try {
    if (format == "hdf5" && flags.output.empty()) {
      throw std::invalid_argument("--format hdf5 needs a file: add -o FILE.h5");
    }
    auto trained = load_trained_network(flags.result, registry);
    const auto& d = trained.description;
    // Names are checked before the points are read, so a typo costs no reading.
    const auto specs = split_specs(flags.derivatives);
    std::vector<Partial> partials;
    for (const auto& spec : specs)
      partials.push_back(parse_partial_name(spec, d.inputs, d.outputs));
    const auto table = read_point_table(flags.points, d.inputs, flags.dataset);
    warn_outside(table, d);
    columns = evaluate(trained, table, specs, partials);
  } catch (const std::invalid_argument& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
  try {
    if (flags.output.empty()) {
      write_table(std::cout, columns, ' ');
    } else {
      write_atomically(flags.output, "evaluation", [&](const std::string& temporary) {
        if (format == "hdf5") return write_hdf5(temporary, columns, flags.result);
        std::ofstream out(temporary);
        write_table(out, columns, format == "csv" ? ',' : ' ');
        if (!out) throw std::runtime_error("write failed");
      });
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace pinn::cli
