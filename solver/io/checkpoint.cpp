#include "solver/io/checkpoint.h"

#include <filesystem>
#include <stdexcept>

#include "solver/io/atomic_write.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/history_file.h"
#include "solver/io/weighting_file.h"
#include "solver/io/windows_file.h"

namespace pinn {
namespace {

constexpr const char* kKind = "pinn checkpoint";

void write_file(const std::string& path, const Checkpoint& c) {
  H5::H5File file(path, H5F_ACC_TRUNC);
  auto root = file.openGroup("/");
  hdf5::write_attribute(root, "kind", std::string(kKind));
  hdf5::write_attribute(root, "version", c.version);
  hdf5::write_attribute(root, "config", c.config);
  hdf5::write_attribute(root, "phase_index", c.trainer.phase_index);
  hdf5::write_attribute(root, "phase", c.trainer.phase);
  hdf5::write_attribute(root, "iteration", c.trainer.iteration);
  hdf5::write_attribute(root, "phase_first_iteration", c.trainer.phase_first_iteration);
  hdf5::write_attribute(root, "previous_loss", c.trainer.previous_loss);
  hdf5::write_attribute(root, "elapsed_s", c.trainer.elapsed_s);
  hdf5::write_attribute(root, "rollbacks", c.trainer.rollbacks);
  hdf5::write_attribute(root, "lr_scale", c.trainer.lr_scale);
  hdf5::write_bytes(root, "network", c.network);
  hdf5::write_bytes(root, "optimizer", c.trainer.optimizer);
  hdf5::write_dataset(root, "phase_starts", c.trainer.phase_starts);
  auto resampling = file.createGroup("resampling");
  hdf5::write_dataset(resampling, "iterations", c.trainer.resampling.iterations);
  for (const auto& set : c.trainer.resampling.sets) {
    const auto rows = static_cast<uint64_t>(set.points.size()) / static_cast<uint64_t>(set.columns);
    hdf5::write_dataset(resampling, set.term, set.points,
                        {rows, static_cast<uint64_t>(set.columns)});
  }
  write_history(file, c.history);
  write_weighting(file, c.trainer.weighting);
  write_window_progress(file, c.windows);
}

}  // namespace

bool is_checkpoint_file(const std::string& path) { return hdf5::file_kind(path) == kKind; }

void write_checkpoint(const std::string& path, const Checkpoint& checkpoint) {
  write_atomically(path, "checkpoint",
                   [&](const std::string& temporary) { write_file(temporary, checkpoint); });
}

Checkpoint read_checkpoint(const std::string& path) {
  const auto fail = [&](const std::string& why) {
    return std::runtime_error("cannot read checkpoint '" + path + "': " + why);
  };
  try {
    H5::Exception::dontPrint();
    if (!std::filesystem::exists(path)) throw fail("no such file");
    if (!H5::H5File::isHdf5(path)) throw fail("not an HDF5 file (missing, truncated or foreign)");
    H5::H5File file(path, H5F_ACC_RDONLY);
    auto root = file.openGroup("/");
    if (!root.attrExists("kind") || hdf5::read_string_attribute(root, "kind") != kKind) {
      throw fail("not a pinn checkpoint (a result file? checkpoints are written beside it)");
    }
    Checkpoint c;
    c.version = hdf5::read_string_attribute(root, "version");
    c.config = hdf5::read_string_attribute(root, "config");
    if (!root.attrExists("phase_index")) {
      throw fail("written by an earlier pinn, before training phases; start the run again");
    }
    c.trainer.phase_index = hdf5::read_int_attribute(root, "phase_index");
    c.trainer.phase = hdf5::read_string_attribute(root, "phase");
    c.trainer.iteration = hdf5::read_int_attribute(root, "iteration");
    c.trainer.phase_first_iteration = hdf5::read_int_attribute(root, "phase_first_iteration");
    c.trainer.previous_loss = hdf5::read_double_attribute(root, "previous_loss");
    c.trainer.elapsed_s = hdf5::read_double_attribute(root, "elapsed_s");
    c.trainer.rollbacks = hdf5::read_int_attribute(root, "rollbacks");
    c.trainer.lr_scale = hdf5::read_double_attribute(root, "lr_scale");
    c.network = hdf5::read_bytes(root, "network");
    c.trainer.optimizer = hdf5::read_bytes(root, "optimizer");
    c.trainer.phase_starts = hdf5::read_ints(root, "phase_starts");
    auto resampling = file.openGroup("resampling");
    c.trainer.resampling.iterations = hdf5::read_ints(resampling, "iterations");
    for (hsize_t i = 0; i < resampling.getNumObjs(); ++i) {
      const std::string name = resampling.getObjnameByIdx(i);
      if (name == "iterations") continue;
      ResampledPoints set;
      set.term = name;
      std::vector<uint64_t> shape;
      set.points = hdf5::read_doubles(resampling, name, &shape);
      if (shape.size() != 2) throw fail("resampled points of '" + name + "' are not a table");
      set.columns = static_cast<int64_t>(shape[1]);
      c.trainer.resampling.sets.push_back(std::move(set));
    }
    c.history = read_history(file);
    c.trainer.weighting = read_weighting(file);
    c.windows = read_window_progress(file);
    return c;
  } catch (const H5::Exception& e) {
    throw fail(e.getDetailMsg());
  }
}

}  // namespace pinn
