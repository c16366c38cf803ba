#include "solver/io/checkpoint.h"

#include <filesystem>
#include <stdexcept>

#include "solver/io/atomic_write.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/history_file.h"

namespace pinn {
namespace {

constexpr const char* kKind = "pinn checkpoint";

void write_file(const std::string& path, const Checkpoint& c) {
  H5::H5File file(path, H5F_ACC_TRUNC);
  auto root = file.openGroup("/");
  hdf5::write_attribute(root, "kind", std::string(kKind));
  hdf5::write_attribute(root, "version", c.version);
  hdf5::write_attribute(root, "config", c.config);
  hdf5::write_attribute(root, "phase", c.trainer.phase);
  hdf5::write_attribute(root, "iteration", c.trainer.iteration);
  hdf5::write_attribute(root, "lbfgs_first_iteration", c.trainer.lbfgs_first_iteration);
  hdf5::write_attribute(root, "lbfgs_previous_loss", c.trainer.lbfgs_previous_loss);
  hdf5::write_attribute(root, "elapsed_s", c.trainer.elapsed_s);
  hdf5::write_attribute(root, "rollbacks", c.trainer.rollbacks);
  hdf5::write_attribute(root, "lr_scale", c.trainer.lr_scale);
  hdf5::write_bytes(root, "network", c.network);
  hdf5::write_bytes(root, "optimizer", c.trainer.optimizer);
  write_history(file, c.history);
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
    c.trainer.phase = hdf5::read_string_attribute(root, "phase");
    c.trainer.iteration = hdf5::read_int_attribute(root, "iteration");
    c.trainer.lbfgs_first_iteration = hdf5::read_int_attribute(root, "lbfgs_first_iteration");
    c.trainer.lbfgs_previous_loss = hdf5::read_double_attribute(root, "lbfgs_previous_loss");
    c.trainer.elapsed_s = hdf5::read_double_attribute(root, "elapsed_s");
    c.trainer.rollbacks = hdf5::read_int_attribute(root, "rollbacks");
    c.trainer.lr_scale = hdf5::read_double_attribute(root, "lr_scale");
    c.network = hdf5::read_bytes(root, "network");
    c.trainer.optimizer = hdf5::read_bytes(root, "optimizer");
    c.history = read_history(file);
    return c;
  } catch (const H5::Exception& e) {
    throw fail(e.getDetailMsg());
  }
}

}  // namespace pinn
