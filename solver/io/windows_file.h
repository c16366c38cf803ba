#pragma once
// Time marching (training.windows) in HDF5 files.
//
// A result's /network group (result.h) holds the last window's network; besides:
//   attribute window_edges   the K + 1 edges of the windows in time
//   attribute window_time    the time input they split
//   window_<k>/              window k's parameters by LibTorch name (as /network's);
//                            attributes input_lo, input_hi (its input box: time over the
//                            window), first_iteration (where it began in /history's count),
//                            iterations, final_loss
//
// A checkpoint's /windows group (checkpoint.h): attribute window (the window in training),
// and per finished window window_<k>/ with network (uint8, LibTorch archive), phase_starts
// and resampled_at (int64, counted from the window's start); attributes iterations,
// final_loss, wall_time_s, rollbacks, message.

#include <H5Cpp.h>

#include <vector>

#include "solver/io/result.h"
#include "solver/training/window_progress.h"

namespace pinn {

// Nothing for a run without windows (`edges` empty).
void write_result_windows(H5::Group& network, const ResultData& result);
// Leaves them empty for a run without windows.
void read_result_windows(const H5::Group& network, ResultData& result);

// Nothing for a run without windows.
void write_window_progress(H5::H5File& file, const WindowProgress& progress);
// window -1 where the file has no /windows.
WindowProgress read_window_progress(const H5::H5File& file);

}  // namespace pinn
