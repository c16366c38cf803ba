#include "solver/training/progress.h"

#include <cmath>

namespace pinn {

ProgressPrinter::ProgressPrinter(std::FILE* out, bool live, std::vector<std::string> term_names,
                                 std::function<double()> error)
    : out_(out), live_(live), term_names_(std::move(term_names)), error_(std::move(error)) {}

ProgressPrinter::~ProgressPrinter() { finish(); }

std::string ProgressPrinter::format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto s = static_cast<long>(seconds + 0.5);
  char buffer[32];
  if (s >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  } else if (s >= 60) {
    std::snprintf(buffer, sizeof buffer, "%ldm%02lds", s / 60, s % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1fs", seconds);
  }
  return buffer;
}

void ProgressPrinter::on_record(const TrainingRecord& r) {
  last_terms_ = r.terms;
  last_error_ = error_ ? error_() : NAN;
  draw(r, last_terms_, last_error_);
}

void ProgressPrinter::on_step(const TrainingRecord& r) {
  // Redraw a live line at most ten times a second; plain logs wait for records.
  if (!live_ || r.time_s - last_draw_s_ < 0.1) return;
  draw(r, last_terms_, last_error_);
}

void ProgressPrinter::draw(const TrainingRecord& r, const std::vector<double>& terms,
                           double error) {
  last_draw_s_ = r.time_s;
  std::string line;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%-5s %7lld/%lld  loss %.3e", r.phase.c_str(),
                static_cast<long long>(r.iteration), static_cast<long long>(r.total_iterations),
                r.loss);
  line += buffer;
  for (size_t i = 0; i < terms.size() && i < term_names_.size(); ++i) {
    std::snprintf(buffer, sizeof buffer, "  %s %.2e", term_names_[i].c_str(), terms[i]);
    line += buffer;
  }
  if (std::isfinite(error)) {
    std::snprintf(buffer, sizeof buffer, "  rel_l2 %.3e", error);
    line += buffer;
  }
  const double remaining = r.iteration > 0
                               ? r.time_s / static_cast<double>(r.iteration) *
                                     static_cast<double>(r.total_iterations - r.iteration)
                               : NAN;
  line += "  elapsed " + format_duration(r.time_s) + "  left " + format_duration(remaining);
  if (live_) {
    std::fprintf(out_, "\r\033[K%s", line.c_str());
    line_open_ = true;
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
}

void ProgressPrinter::on_note(const std::string& text) {
  finish();
  std::fprintf(out_, "note: %s\n", text.c_str());
  std::fflush(out_);
}

void ProgressPrinter::finish() {
  if (line_open_) {
    std::fprintf(out_, "\n");
    std::fflush(out_);
    line_open_ = false;
  }
}

}  // namespace pinn
