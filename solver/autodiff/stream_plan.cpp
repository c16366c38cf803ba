#include "solver/autodiff/stream_plan.h"

#include <algorithm>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>

namespace pinn {
namespace {

// Every set partition of positions 0..n-1, each as a list of blocks of positions.
std::vector<std::vector<std::vector<int>>> set_partitions(int n) {
  std::vector<std::vector<std::vector<int>>> out;
  std::vector<std::vector<int>> blocks;
  std::function<void(int)> place = [&](int position) {
    if (position == n) {
      out.push_back(blocks);
      return;
    }
    // By index: the recursion appends blocks, which may move the vector.
    for (size_t b = 0; b < blocks.size(); ++b) {
      blocks[b].push_back(position);
      place(position + 1);
      blocks[b].pop_back();
    }
    blocks.push_back({position});
    place(position + 1);
    blocks.pop_back();
  };
  place(0);
  return out;
}

}  // namespace

StreamPlan::StreamPlan(const std::vector<Partial>& needs, int max_order) {
  std::set<std::vector<int>> closed = {{}};
  for (const auto& p : needs) {
    if (p.order() > max_order) {
      throw std::invalid_argument("the taylor engine computes derivatives up to order " +
                                  std::to_string(max_order) + "; a term asks for order " +
                                  std::to_string(p.order()));
    }
    const auto& axes = p.axes();
    const int n = static_cast<int>(axes.size());
    for (int mask = 0; mask < (1 << n); ++mask) {
      std::vector<int> sub;
      for (int i = 0; i < n; ++i) {
        if (mask & (1 << i)) sub.push_back(axes[i]);
      }
      closed.insert(sub);
    }
  }
  std::vector<std::vector<int>> ordered(closed.begin(), closed.end());
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.size() < b.size(); });
  for (const auto& axes : ordered) {
    streams_.emplace_back(axes);
    max_order_ = std::max(max_order_, static_cast<int>(axes.size()));
  }

  terms_.resize(streams_.size());
  for (int s = 1; s < size(); ++s) {
    const auto& axes = streams_[s].axes();
    for (const auto& partition : set_partitions(static_cast<int>(axes.size()))) {
      std::vector<int> blocks;
      for (const auto& block : partition) {
        std::vector<int> block_axes;
        for (int position : block) block_axes.push_back(axes[position]);
        blocks.push_back(index(Partial(block_axes)));
      }
      std::sort(blocks.begin(), blocks.end());
      const int order = static_cast<int>(blocks.size());
      auto same = std::find_if(terms_[s].begin(), terms_[s].end(), [&](const StreamTerm& t) {
        return t.order == order && t.blocks == blocks;
      });
      if (same != terms_[s].end()) {
        same->coefficient += 1;
      } else {
        terms_[s].push_back({order, 1.0, blocks});
      }
    }
  }
}

int StreamPlan::index(const Partial& partial) const {
  auto it = std::find(streams_.begin(), streams_.end(), partial.stream());
  if (it == streams_.end()) throw std::logic_error("partial is not among the planned streams");
  return static_cast<int>(it - streams_.begin());
}

}  // namespace pinn
