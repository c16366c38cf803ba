#pragma once
// Checks of XDMF text against the HDF5 result it reads from.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>

#include "solver/io/hdf5_file.h"

namespace pinn::testing {

// Every HDF DataItem of an XDMF file: the dataset it names must exist in the result and
// hold as many values as its Dimensions say or, for a hyperslab (path|start:stride:count:
// shape), as its shape says, with count values selected inside it.
inline void expect_xdmf_matches_result(const std::string& result_path, const std::string& xdmf,
                                       int expected_items) {
  const std::regex item(
      "<DataItem Dimensions=\"([0-9 ]+)\"[^>]*Format=\"HDF\">([^:<]+):([^<|]+)(\\|[^<]*)?<");
  H5::H5File file(result_path, H5F_ACC_RDONLY);
  const auto product = [](const std::string& text) {
    uint64_t count = 1;
    std::istringstream dims(text);
    for (uint64_t n; dims >> n;) count *= n;
    return count;
  };
  int items = 0;
  for (std::sregex_iterator it(xdmf.begin(), xdmf.end(), item), end; it != end; ++it, ++items) {
    EXPECT_EQ((*it)[2].str(), std::filesystem::path(result_path).filename().string());
    const auto dataset = (*it)[3].str();
    const auto cut = dataset.find_last_of('/');
    const auto values =
        hdf5::read_doubles(file.openGroup(dataset.substr(0, cut)), dataset.substr(cut + 1));
    const auto slab = (*it)[4].str();
    if (slab.empty()) {
      EXPECT_EQ(values.size(), product((*it)[1].str())) << dataset;
      continue;
    }
    const std::regex parts("\\|([0-9 ]+):([0-9 ]+):([0-9 ]+):([0-9 ]+)");
    std::smatch part;
    ASSERT_TRUE(std::regex_match(slab, part, parts)) << slab;
    EXPECT_EQ(values.size(), product(part[4].str())) << dataset;
    EXPECT_EQ(part[3].str(), (*it)[1].str()) << slab;  // the count is the item's shape
  }
  EXPECT_EQ(items, expected_items) << xdmf;
}

inline int occurrences(const std::string& text, const std::string& what) {
  int count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

}  // namespace pinn::testing
