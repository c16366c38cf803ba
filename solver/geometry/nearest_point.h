#pragma once
// The nearest of a fixed set of points to a query point: a k-d tree over the points
// (median splits along the axis of widest spread, leaves of at most 8 points), searched
// with the distance to each cell (Arya and Mount). Building costs O(N log N); a query
// near the points O(log N) (measured: point_cloud.h).

#include <cstdint>
#include <vector>

namespace pinn::geometry {

class NearestPoint {
 public:
  struct Hit {
    int64_t index = -1;     // the row of the points given
    double distance2 = -1;  // its squared Euclidean distance to the query
  };

  // `points`: row-major, `dim` coordinates per row. Throws std::invalid_argument for
  // dim < 1, no row, or a size that is not a multiple of dim.
  NearestPoint(const std::vector<double>& points, int dim);

  // The row nearest `x` (dim coordinates); of rows equally near, the one given first, so
  // that a stored point finds itself or an earlier copy of itself. Throws
  // std::invalid_argument when a coordinate of `x` is NaN.
  Hit nearest(const double* x) const;
  // The nearest row closer to `x` than sqrt(distance2), strictly; index -1 when there is
  // none. Cheap when distance2 is small: a search that can stop early.
  Hit nearest_within(const double* x, double distance2) const;

  int64_t size() const { return static_cast<int64_t>(order_.size()); }

 private:
  void build(int64_t begin, int64_t end, const std::vector<double>& points);
  // `cell2`: the squared distance from x to the cell of rows begin..end; `offset`: x's
  // distance from that cell along each axis.
  void search(int64_t begin, int64_t end, const double* x, double cell2,
              std::vector<double>& offset, Hit& best) const;
  void visit(int64_t position, const double* x, Hit& best) const;

  int dim_ = 0;
  std::vector<int64_t> order_;  // position in the tree -> row
  std::vector<double> coords_;  // the rows in tree order, for locality
  std::vector<int> axis_;       // split axis of the node whose median sits at a position
};

}  // namespace pinn::geometry
