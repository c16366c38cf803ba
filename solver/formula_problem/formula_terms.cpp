#include "solver/formula_problem/formula_terms.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace pinn {

std::vector<Partial> needs_of(const std::vector<formula::Program>& programs) {
  std::set<Partial> all;
  for (const auto& p : programs) all.insert(p.needs().begin(), p.needs().end());
  return {all.begin(), all.end()};
}

std::string reads_text(const std::vector<formula::Program>& programs, const formula::Scope& scope) {
  auto needs = needs_of(programs);
  std::stable_sort(needs.begin(), needs.end(), [](const Partial& a, const Partial& b) {
    if (a.output().index != b.output().index) return a.output().index < b.output().index;
    return a.order() < b.order();
  });
  std::string text;
  for (const auto& p : needs) {
    text += (text.empty() ? "" : ", ") + p.label(scope.inputs, scope.outputs);
  }
  return text.empty() ? "reads no output" : "reads " + text;
}

at::Tensor box_normals(const Domain& domain, const at::Tensor& points) {
  auto normals = at::zeros_like(points);
  for (const int a : domain.spatial_axes()) {
    const auto x = points.select(1, a);
    normals.select(1, a).copy_((x == domain.hi[a]).to(points.scalar_type()) -
                               (x == domain.lo[a]).to(points.scalar_type()));
  }
  // An edge or corner gets the normalised sum of its faces' normals.
  const auto norm = normals.norm(2, 1, /*keepdim=*/true).clamp_min(1.0);
  return normals / norm;
}

LossTerm formula_term(std::string name, const Domain& domain,
                      std::vector<formula::Program> programs, Region region,
                      std::vector<BoxFace> faces, int64_t default_points) {
  std::set<std::string> unknowns;
  bool normals = false;
  for (const auto& p : programs) {
    unknowns.insert(p.unknowns_read().begin(), p.unknowns_read().end());
    normals = normals || p.reads_normals();
  }
  auto needs = needs_of(programs);
  // A shape's normals are found once per point set and ride along as the term's data.
  const bool shape_normals = normals && domain.shape;
  auto residual = [programs = std::move(programs), unknowns, normals, shape_normals,
                   domain](const Fields& f) {
    formula::Context context{f.points(), &f};
    for (const auto& name : unknowns) {
      const auto* value = f.unknown(name);
      if (value == nullptr) throw std::logic_error("unknown parameter '" + name + "' was not set");
      context.parameters[name] = *value;
    }
    if (shape_normals) {
      context.normals = f.data();
    } else if (normals) {
      context.normals = box_normals(domain, f.points());
    }
    if (programs.size() == 1) return programs.front().evaluate(context);
    std::vector<at::Tensor> columns;
    columns.reserve(programs.size());
    for (const auto& p : programs) columns.push_back(p.evaluate(context));
    return at::cat(columns, 1);
  };
  LossTerm term{std::move(name), region, default_points, std::move(needs), std::move(residual)};
  term.faces = std::move(faces);
  if (shape_normals) {
    term.data = [domain](const std::vector<double>& points) {
      return domain.shape_normals(points);
    };
  }
  return term;
}

std::vector<char> select_points(const formula::Program& predicate, const Domain& domain,
                                const std::vector<double>& points) {
  const auto dim = static_cast<int64_t>(domain.dim());
  const auto rows = static_cast<int64_t>(points.size()) / dim;
  std::vector<double> copy(points);
  const auto tensor = at::from_blob(copy.data(), {rows, dim}, at::kDouble);
  formula::Context context{tensor};
  std::vector<double> normals;
  if (predicate.reads_normals() && domain.shape) {
    normals = domain.shape_normals(points);
    context.normals = at::from_blob(normals.data(), {rows, dim}, at::kDouble);
  } else if (predicate.reads_normals()) {
    context.normals = box_normals(domain, tensor);
  }
  const auto flags = (predicate.evaluate(context) != 0).to(at::kChar).contiguous();
  const auto* data = flags.data_ptr<int8_t>();
  return {data, data + rows};
}

}  // namespace pinn
