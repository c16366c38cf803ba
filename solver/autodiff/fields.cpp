#include "solver/autodiff/fields.h"

#include <stdexcept>

namespace pinn {

Fields::Fields(at::Tensor points, std::vector<std::string> inputs, std::vector<std::string> outputs)
    : points_(std::move(points)), inputs_(std::move(inputs)), outputs_(std::move(outputs)) {}

void Fields::set(const Partial& partial, at::Tensor value) { values_[partial] = std::move(value); }

at::Tensor Fields::input(int axis) const { return points_.select(1, axis).unsqueeze(1); }

std::vector<at::Tensor> Fields::inputs() const {
  std::vector<at::Tensor> columns;
  for (int64_t i = 0; i < points_.size(1); ++i) columns.push_back(input(static_cast<int>(i)));
  return columns;
}

const at::Tensor& Fields::get(const Partial& partial) const {
  auto it = values_.find(partial);
  if (it == values_.end()) {
    throw std::logic_error(partial.label(inputs_, outputs_) +
                           " was read but not declared among the term's derivatives");
  }
  return it->second;
}

const at::Tensor& Fields::data() const {
  if (!data_.defined()) throw std::logic_error("data() was read by a term that has no data");
  return data_;
}

const at::Tensor* Fields::unknown(const std::string& name) const {
  if (unknowns_ == nullptr) return nullptr;
  const auto it = unknowns_->find(name);
  return it == unknowns_->end() ? nullptr : &it->second;
}

}  // namespace pinn
