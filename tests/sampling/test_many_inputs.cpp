// Sampling with 10 and 16 inputs, with and without a time input: every method puts
// exactly n points in the box, boundary points (and points of named faces) on one face
// each in proportion to the faces' measures, initial points on t = lo, and the same seed
// gives the same points.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "solver/geometry/box_face.h"
#include "solver/sampling/face_sampler.h"
#include "solver/sampling/region_sampler.h"

namespace pinn {
namespace {

const SamplingMethod kAllMethods[] = {SamplingMethod::Uniform, SamplingMethod::Lhs,
                                      SamplingMethod::Sobol};

// A box over x1 .. x<dim> with a different extent per input; the input at `time_axis`
// (none for -1) is the time t.
Domain box(int dim, int time_axis) {
  Domain d;
  for (int i = 0; i < dim; ++i) {
    d.names.push_back(i == time_axis ? "t" : "x" + std::to_string(i + 1));
    d.lo.push_back(-0.5 * i);
    d.hi.push_back(1.0 + 0.25 * i);
  }
  d.time_axis = time_axis;
  return d;
}

struct Case {
  int dim;
  int time_axis;
};
const Case kCases[] = {{10, -1}, {10, 3}, {16, -1}, {16, 7}};

std::string label(const Case& c, SamplingMethod method) {
  return std::to_string(c.dim) + " inputs, time axis " + std::to_string(c.time_axis) + ", " +
         to_string(method);
}

double at(const Domain& d, const std::vector<double>& points, int64_t i, int axis) {
  return points[static_cast<size_t>(i) * d.dim() + axis];
}

void expect_inside(const Domain& d, const std::vector<double>& points, int64_t n) {
  ASSERT_EQ(points.size(), static_cast<size_t>(n) * d.dim());
  for (int64_t i = 0; i < n; ++i) {
    for (int a = 0; a < d.dim(); ++a) {
      ASSERT_GE(at(d, points, i, a), d.lo[a]) << "point " << i << " input " << d.names[a];
      ASSERT_LE(at(d, points, i, a), d.hi[a]) << "point " << i << " input " << d.names[a];
    }
  }
}

// One point in each of the n equal strata of the axis: the k-th smallest value lies in
// stratum k (to rounding).
void expect_stratified(const Domain& d, const std::vector<double>& points, int64_t n, int axis) {
  std::vector<double> values;
  for (int64_t i = 0; i < n; ++i) values.push_back(at(d, points, i, axis));
  std::sort(values.begin(), values.end());
  const double width = (d.hi[axis] - d.lo[axis]) / static_cast<double>(n);
  const double slack = 1e-9 * width;
  for (int64_t k = 0; k < n; ++k) {
    ASSERT_GE(values[k], d.lo[axis] + k * width - slack) << "input " << d.names[axis];
    ASSERT_LE(values[k], d.lo[axis] + (k + 1) * width + slack) << "input " << d.names[axis];
  }
}

TEST(ManyInputs, InteriorPointsFillTheBox) {
  const int64_t n = 1024;  // a power of two: Sobol's first 2^m points are stratified too
  for (const auto& c : kCases) {
    const auto d = box(c.dim, c.time_axis);
    for (const auto method : kAllMethods) {
      SCOPED_TRACE(label(c, method));
      const auto points = sample_region(d, Region::Interior, method, n, 5);
      expect_inside(d, points, n);
      for (int a = 0; a < d.dim(); ++a) {
        if (method != SamplingMethod::Uniform) {
          expect_stratified(d, points, n, a);
          continue;
        }
        double low = d.hi[a], high = d.lo[a];
        for (int64_t i = 0; i < n; ++i) {
          low = std::min(low, at(d, points, i, a));
          high = std::max(high, at(d, points, i, a));
        }
        const double w = d.hi[a] - d.lo[a];
        EXPECT_LT(low, d.lo[a] + 0.01 * w) << d.names[a];
        EXPECT_GT(high, d.hi[a] - 0.01 * w) << d.names[a];
      }
    }
  }
}

// The spatial face (2 k for input spatial[k] = lo, 2 k + 1 for = hi) of each point, or -1
// unless exactly one spatial coordinate sits on a bound.
std::vector<int> faces_of(const Domain& d, const std::vector<double>& points, int64_t n) {
  const auto spatial = d.spatial_axes();
  std::vector<int> faces;
  for (int64_t i = 0; i < n; ++i) {
    int face = -1, on = 0;
    for (size_t k = 0; k < spatial.size(); ++k) {
      const double x = at(d, points, i, spatial[k]);
      if (x == d.lo[spatial[k]] || x == d.hi[spatial[k]]) {
        ++on;
        face = static_cast<int>(2 * k) + (x == d.hi[spatial[k]] ? 1 : 0);
      }
    }
    faces.push_back(on == 1 ? face : -1);
  }
  return faces;
}

TEST(ManyInputs, BoundaryPointsLieOnOneFaceEachInProportionToItsMeasure) {
  const int64_t n = 2048;
  for (const auto& c : kCases) {
    const auto d = box(c.dim, c.time_axis);
    const auto spatial = d.spatial_axes();
    // A face normal to input a measures the product of the other spatial extents.
    std::vector<double> share;
    double total = 0;
    for (const int a : spatial) {
      double measure = 1;
      for (const int b : spatial) measure *= b == a ? 1.0 : d.hi[b] - d.lo[b];
      share.insert(share.end(), {measure, measure});
      total += 2 * measure;
    }
    for (const auto method : kAllMethods) {
      SCOPED_TRACE(label(c, method));
      const auto points = sample_region(d, Region::Boundary, method, n, 8);
      expect_inside(d, points, n);
      std::vector<int64_t> count(share.size(), 0);
      for (const int face : faces_of(d, points, n)) {
        ASSERT_GE(face, 0) << "a point on no face, or on several";
        ++count[static_cast<size_t>(face)];
      }
      for (size_t f = 0; f < share.size(); ++f) {
        const double expected = static_cast<double>(n) * share[f] / total;
        // lhs and sobol stratify the coordinate that picks the face, so a face's count
        // is off by less than two; uniform draws only by chance.
        const double tolerance =
            method == SamplingMethod::Uniform ? 4 * std::sqrt(expected) + 1 : 2;
        EXPECT_NEAR(static_cast<double>(count[f]), expected, tolerance) << "face " << f;
      }
      if (d.has_time() && method != SamplingMethod::Uniform) {
        expect_stratified(d, points, n, d.time_axis);
      }
    }
  }
}

TEST(ManyInputs, InitialPointsSitOnTheFirstTime) {
  const int64_t n = 512;
  for (const auto& c : kCases) {
    if (c.time_axis < 0) continue;
    const auto d = box(c.dim, c.time_axis);
    for (const auto method : kAllMethods) {
      SCOPED_TRACE(label(c, method));
      const auto points = sample_region(d, Region::Initial, method, n, 2);
      expect_inside(d, points, n);
      for (int64_t i = 0; i < n; ++i) ASSERT_EQ(at(d, points, i, c.time_axis), d.lo[c.time_axis]);
      if (method != SamplingMethod::Uniform) {
        for (const int a : d.spatial_axes()) expect_stratified(d, points, n, a);
      }
    }
  }
}

TEST(ManyInputs, FacePointsSitOnTheLowFace) {
  const int64_t n = 256;
  for (const auto& c : kCases) {
    const auto d = box(c.dim, c.time_axis);
    for (const auto method : kAllMethods) {
      SCOPED_TRACE(label(c, method));
      for (const int axis : {0, c.dim - 1}) {
        const auto points = sample_face(d, axis, method, n, 4);
        expect_inside(d, points, n);
        for (int64_t i = 0; i < n; ++i) ASSERT_EQ(at(d, points, i, axis), d.lo[axis]);
        if (method != SamplingMethod::Uniform) {
          for (int a = 0; a < d.dim(); ++a) {
            if (a != axis) expect_stratified(d, points, n, a);
          }
        }
      }
    }
  }
}

TEST(ManyInputs, TheSeedFixesThePoints) {
  for (const auto& c : kCases) {
    const auto d = box(c.dim, c.time_axis);
    std::vector<Region> regions = {Region::Interior, Region::Boundary};
    if (d.has_time()) regions.push_back(Region::Initial);
    for (const auto region : regions) {
      for (const auto method : kAllMethods) {
        SCOPED_TRACE(label(c, method) + ", " + to_string(region));
        const auto points = sample_region(d, region, method, 300, 10);
        EXPECT_EQ(points, sample_region(d, region, method, 300, 10));
        EXPECT_NE(points, sample_region(d, region, method, 300, 11));
        EXPECT_EQ(sample_region(d, region, method, 301, 10).size(), 301u * d.dim());
      }
    }
  }
}

TEST(ManyInputs, NamedFacesShareTheirPointsByMeasure) {
  const int64_t n = 1024;
  for (const auto& c : kCases) {
    const auto d = box(c.dim, c.time_axis);
    const auto last = d.names.back();
    // The first input's lower face, the last one's upper face, and the middle one's.
    const std::vector<BoxFace> faces = {parse_face(d, d.names[0] + "_min"),
                                        parse_face(d, last + "_max"),
                                        parse_face(d, d.names[c.dim / 2] + "_min")};
    EXPECT_EQ(faces[1].axis, c.dim - 1);
    EXPECT_TRUE(faces[1].upper);
    std::vector<double> share;
    double total = 0;
    for (const auto& face : faces) {
      double measure = 1;
      for (int a = 0; a < c.dim; ++a) measure *= a == face.axis ? 1.0 : d.hi[a] - d.lo[a];
      share.push_back(measure);
      total += measure;
    }
    for (const auto method : kAllMethods) {
      SCOPED_TRACE(label(c, method));
      const auto points = sample_faces(d, faces, method, n, 6);
      expect_inside(d, points, n);
      std::vector<int64_t> count(faces.size(), 0);
      for (int64_t i = 0; i < n; ++i) {
        int on = -1, found = 0;
        for (size_t f = 0; f < faces.size(); ++f) {
          const auto& face = faces[f];
          const double bound = face.upper ? d.hi[face.axis] : d.lo[face.axis];
          if (at(d, points, i, face.axis) == bound) {
            on = static_cast<int>(f);
            ++found;
          }
        }
        ASSERT_EQ(found, 1) << "point " << i;
        ++count[static_cast<size_t>(on)];
      }
      for (size_t f = 0; f < faces.size(); ++f) {
        const double expected = static_cast<double>(n) * share[f] / total;
        const double tolerance =
            method == SamplingMethod::Uniform ? 4 * std::sqrt(expected) + 1 : 2;
        EXPECT_NEAR(static_cast<double>(count[f]), expected, tolerance) << "face " << f;
      }
      EXPECT_EQ(points, sample_faces(d, faces, method, n, 6));
      EXPECT_NE(points, sample_faces(d, faces, method, n, 7));
    }
  }
}

}  // namespace
}  // namespace pinn
