#include "solver/io/weighting_file.h"

#include "solver/io/hdf5_file.h"

namespace pinn {

void write_weighting(H5::H5File& file, const WeightingState& state) {
  if (state.empty()) return;
  auto group = file.createGroup("weighting");
  hdf5::write_dataset(group, "terms", state.terms);
  hdf5::write_dataset(group, "causal", state.causal);
  hdf5::write_attribute(group, "causal_stage", state.causal_stage);
  auto points = group.createGroup("points");
  for (const auto& set : state.points) hdf5::write_dataset(points, set.term, set.values);
}

WeightingState read_weighting(const H5::H5File& file) {
  WeightingState state;
  if (!file.nameExists("weighting")) return state;
  auto group = file.openGroup("weighting");
  state.terms = hdf5::read_doubles(group, "terms");
  state.causal = hdf5::read_doubles(group, "causal");
  state.causal_stage = hdf5::read_int_attribute(group, "causal_stage");
  auto points = group.openGroup("points");
  for (hsize_t i = 0; i < points.getNumObjs(); ++i) {
    const std::string name = points.getObjnameByIdx(i);
    state.points.push_back({name, hdf5::read_doubles(points, name)});
  }
  return state;
}

}  // namespace pinn
