#include "solver/inverse/observations.h"

#include <H5Cpp.h>

#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <utility>

#include "solver/common/text.h"
#include "solver/io/file_kind.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/samples.h"

namespace pinn {
namespace {

Observations read_hdf5(const std::string& path, int dim) {
  Observations o;
  try {
    H5::Exception::dontPrint();
    H5::H5File file(path, H5F_ACC_RDONLY);
    const auto root = file.openGroup("/");
    for (const char* name : {"points", "values"}) {
      if (!file.nameExists(name)) {
        throw std::invalid_argument("observation file '" + path + "' has no dataset '" + name +
                                    "' (it needs points, N x inputs, and values, N)");
      }
    }
    std::vector<uint64_t> shape;
    o.points = hdf5::read_doubles(root, "points", &shape);
    o.values = hdf5::read_doubles(root, "values");
    if (shape.size() != 2 || shape[1] != static_cast<uint64_t>(dim)) {
      throw std::invalid_argument("observation file '" + path + "': dataset 'points' must be N x " +
                                  std::to_string(dim) + " (one column per input)");
    }
    if (shape[0] != o.values.size()) {
      throw std::invalid_argument("observation file '" + path + "': 'points' has " +
                                  std::to_string(shape[0]) + " rows but 'values' " +
                                  std::to_string(o.values.size()) + " entries");
    }
  } catch (const H5::Exception& e) {
    throw std::invalid_argument("cannot read observation file '" + path + "': " + e.getDetailMsg());
  }
  if (o.values.empty()) {
    throw std::invalid_argument("observation file '" + path + "' holds no observations");
  }
  for (size_t i = 0; i < o.values.size(); ++i) {
    bool finite = std::isfinite(o.values[i]);
    for (int k = 0; k < dim; ++k) finite = finite && std::isfinite(o.points[i * dim + k]);
    if (!finite) {
      throw std::invalid_argument("observation file '" + path + "': observation " +
                                  std::to_string(i + 1) + " is not finite");
    }
  }
  return o;
}

}  // namespace

Observations read_observations(const std::string& path, const Domain& domain) {
  const int dim = domain.dim();
  Observations o;
  const auto kind = file_kind_of(path);
  if (kind == FileKind::Missing || kind == FileKind::Directory || kind == FileKind::Unreadable) {
    throw std::invalid_argument("cannot read observation file '" + path + "': it is " +
                                describe(kind));
  }
  if (kind != FileKind::NotHdf5) {
    o = read_hdf5(path, dim);
  } else {
    auto samples = read_samples(path, dim);  // names the line of anything malformed
    o.points = std::move(samples.points);
    o.values = std::move(samples.values);
    o.lines = std::move(samples.lines);
  }
  require_points_inside(path, o.points, o.lines, {domain.names, domain.lo, domain.hi},
                        "remove that observation, or widen the problem's bounds");
  return o;
}

Observations draw_observations(const std::vector<std::vector<double>>& axes,
                               const std::vector<double>& reference, int64_t count, double noise,
                               uint64_t seed) {
  const size_t nodes = reference.size();
  if (count < 1 || static_cast<size_t>(count) > nodes) {
    throw std::invalid_argument("cannot draw " + std::to_string(count) +
                                " observations from a grid of " + std::to_string(nodes) + " nodes");
  }
  std::mt19937_64 generator(seed);
  std::vector<size_t> index(nodes);
  std::iota(index.begin(), index.end(), size_t{0});
  // The first `count` entries of a Fisher-Yates shuffle: distinct nodes, uniformly.
  for (size_t i = 0; i < static_cast<size_t>(count); ++i) {
    std::uniform_int_distribution<size_t> pick(i, nodes - 1);
    std::swap(index[i], index[pick(generator)]);
  }
  Observations o;
  o.synthetic = true;
  const size_t dim = axes.size();
  for (size_t n = 0; n < static_cast<size_t>(count); ++n) {
    // Row-major grid, first axis slowest.
    size_t rest = index[n];
    std::vector<double> point(dim);
    for (size_t k = dim; k-- > 0;) {
      point[k] = axes[k][rest % axes[k].size()];
      rest /= axes[k].size();
    }
    o.points.insert(o.points.end(), point.begin(), point.end());
    o.values.push_back(reference[index[n]]);
  }
  if (noise > 0) {
    const double mean =
        std::accumulate(o.values.begin(), o.values.end(), 0.0) / static_cast<double>(count);
    double square = 0;
    for (const double v : o.values) square += (v - mean) * (v - mean);
    const double spread = std::sqrt(square / static_cast<double>(count));
    std::normal_distribution<double> gauss(0.0, 1.0);
    for (auto& v : o.values) v += noise * spread * gauss(generator);
  }
  return o;
}

namespace {

class ObservedProblem : public Problem {
 public:
  ObservedProblem(std::shared_ptr<const Problem> problem,
                  std::shared_ptr<const Observations> observations)
      : problem_(std::move(problem)), observations_(std::move(observations)) {}

  Domain domain() const override { return problem_->domain(); }

  std::vector<LossTerm> loss_terms() const override {
    auto terms = problem_->loss_terms();
    LossTerm observed{"observations",
                      Region::Interior,
                      static_cast<int64_t>(observations_->count()),
                      {{}},
                      [](const Fields& f) { return f.u() - f.data(); }};
    observed.fixed_points = observations_->points;
    // Called with the whole set of these points, before it is shared out.
    observed.data = [observations = observations_](const std::vector<double>& points) {
      if (points != observations->points) {
        throw std::logic_error("observation values asked for at points that were not observed");
      }
      return observations->values;
    };
    terms.push_back(std::move(observed));
    return terms;
  }

  std::vector<std::string> outputs() const override { return problem_->outputs(); }

  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    return problem_->reference(axes);
  }
  std::string no_reference_reason() const override { return problem_->no_reference_reason(); }
  std::vector<ParameterNote> warnings() const override { return problem_->warnings(); }
  std::vector<std::string> up_to_constant() const override { return problem_->up_to_constant(); }
  std::vector<DerivedField> derived_fields() const override { return problem_->derived_fields(); }
  std::vector<Profile> profiles() const override { return problem_->profiles(); }
  std::optional<TestPoints> test_points() const override { return problem_->test_points(); }
  std::vector<std::string> description() const override { return problem_->description(); }
  std::shared_ptr<const OutputTransform> output_transform() const override {
    return problem_->output_transform();
  }

 private:
  std::shared_ptr<const Problem> problem_;
  std::shared_ptr<const Observations> observations_;
};

}  // namespace

std::shared_ptr<const Problem> with_observations(std::shared_ptr<const Problem> problem,
                                                 std::shared_ptr<const Observations> observations) {
  return std::make_shared<ObservedProblem>(std::move(problem), std::move(observations));
}

}  // namespace pinn
