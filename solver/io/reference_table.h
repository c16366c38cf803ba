#pragma once
// A reference solution given as values at scattered points (a file of rows), read into
// the test points a run measures its error at (Problem::test_points).
//
// Formats:
//   text    whitespace-separated columns; the first line that is not blank or a '#'
//           comment names the columns; '#' starts a comment anywhere.
//   csv     the same with commas between the cells (spaces around them ignored, a cell
//           may be in double quotes).
//   comsol  a COMSOL text export: '%' header lines, the last of which names the columns,
//           then whitespace-separated rows. A label is `name [(unit)] [@ key=value, ...]`:
//           `u (1) @ t=0.1` is u at t = 0.1, `u @ Re=100` is u at a parameter value
//           (ignored). In a time-dependent problem whose time input has no column, every
//           output column carries its time (`@ t=...`; the outputs of a time step side by
//           side), and each (row, time) becomes one test point, rows in file order and
//           times in column order within a row.
//   hdf5    one 1-D dataset per output, named by it, at the file's root; the coordinates
//           either as a 2-D dataset `points` (N x inputs, columns in problem order) or as
//           one 1-D dataset per input named by it. Other datasets are ignored.
//   auto    .h5 or .hdf5: hdf5; a first line starting with '%': comsol; .csv: csv; else
//           text.
//
// Column names match input and output names exactly (case-sensitive), except that X, Y
// and Z (COMSOL's names of the coordinates) stand for inputs x, y and z where the problem
// has no input of the capital name. Every column of a text, csv or comsol file must name
// an input or an output; every input needs a column (the time input's may come from the
// labels), and at least one output must be present (outputs without a column have no
// reference values). A cell reads as a number or NaN; a row holding NaN (COMSOL writes it
// outside the geometry) is skipped and counted in TestPoints::skipped_rows.
//
// Errors are std::invalid_argument naming the file and the place, "ref.dat:12:27: ..."
// (line:column of text) or "ref.h5:u[3]: ..." (dataset and row).

#include <string>
#include <vector>

#include "solver/problem/problem.h"

namespace pinn {

enum class ReferenceFormat { Auto, Text, Csv, Hdf5, Comsol };

// "auto", "text", "csv", "hdf5", "comsol".
std::string to_string(ReferenceFormat format);
// The format named `name`; throws std::invalid_argument listing the names.
ReferenceFormat reference_format(const std::string& name);
// What `auto` reads the file at `path` as (never Auto); the file is opened only when its
// name does not decide.
ReferenceFormat detect_reference_format(const std::string& path);

// The test points of the reference file at `path`. `inputs` and `outputs` are the
// problem's names in problem order, `time_axis` the index of its time input (-1: none).
// The result's points have one coordinate per input in problem order and its `outputs`
// are those the file holds, in problem order.
TestPoints read_reference_table(const std::string& path, const std::vector<std::string>& inputs,
                                const std::vector<std::string>& outputs, int time_axis,
                                ReferenceFormat format = ReferenceFormat::Auto);

}  // namespace pinn
