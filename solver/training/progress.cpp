#include "solver/training/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "solver/common/text.h"

namespace pinn {
namespace {

std::string scientific(double value, int digits) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*e", digits, value);
  return text;
}

// One piece of the line; lower `rank` is kept longer when the line must be cut.
struct Field {
  std::string text;
  int rank;
  bool from_record;  // shown inside the "[at N: ...]" group when stale
};

}  // namespace

ProgressPrinter::ProgressPrinter(std::FILE* out, bool live, std::vector<std::string> term_names,
                                 std::function<double()> error, int width)
    : out_(out),
      live_(live),
      width_(width),
      term_names_(std::move(term_names)),
      error_(std::move(error)) {}

ProgressPrinter::~ProgressPrinter() { finish(); }

void ProgressPrinter::on_record(const TrainingRecord& r) {
  record_terms_ = r.terms;
  record_weights_ = r.weights;
  record_causal_ = r.causal_min_weight;
  record_error_ = error_ ? error_() : NAN;
  record_iteration_ = r.iteration;
  draw(r);
}

void ProgressPrinter::on_step(const TrainingRecord& r) {
  // Redraw a live line at most ten times a second; plain logs wait for records.
  if (!live_ || r.time_s - last_draw_s_ < 0.1) return;
  draw(r);
}

std::string ProgressPrinter::compose(const TrainingRecord& r, int width) const {
  char head[64];
  std::snprintf(head, sizeof head, "%-5s %7lld/%lld", r.phase.c_str(),
                static_cast<long long>(r.iteration), static_cast<long long>(r.total_iterations));
  std::vector<Field> fields = {{head, 0, false}, {"loss " + scientific(r.loss, 3), 1, false}};
  if (std::isfinite(record_error_)) {
    fields.push_back({"rel_l2 " + scientific(record_error_, 3), 2, true});
  }
  for (size_t i = 0; i < record_terms_.size() && i < term_names_.size(); ++i) {
    fields.push_back(
        {term_names_[i] + " " + scientific(record_terms_[i], 2), 5 + static_cast<int>(i), true});
  }
  // The loss weights go first when the line is cut.
  const int weight_rank = 5 + static_cast<int>(term_names_.size());
  if (std::isfinite(record_causal_)) {
    fields.push_back({"causal_min " + scientific(record_causal_, 2), weight_rank, true});
  }
  for (size_t i = 0; i < record_weights_.size() && i < term_names_.size(); ++i) {
    fields.push_back({"w_" + term_names_[i] + " " + scientific(record_weights_[i], 2),
                      weight_rank + 1 + static_cast<int>(i), true});
  }
  const double remaining = r.iteration > 0
                               ? r.time_s / static_cast<double>(r.iteration) *
                                     static_cast<double>(r.total_iterations - r.iteration)
                               : NAN;
  fields.push_back({"elapsed " + format_duration(r.time_s), 4, false});
  fields.push_back({"left " + format_duration(remaining), 3, false});

  const bool stale = record_iteration_ != r.iteration;
  auto render = [&]() {
    std::string line;
    bool group_open = false;
    for (const auto& field : fields) {
      if (!line.empty()) line += "  ";
      if (stale && field.from_record && !group_open) {
        line += "[at " + std::to_string(record_iteration_) + ": ";
        group_open = true;
      } else if (group_open && !field.from_record) {
        line.insert(line.size() - 2, "]");
        group_open = false;
      }
      line += field.text;
    }
    if (group_open) line += "]";
    return line;
  };
  auto line = render();
  while (width > 0 && static_cast<int>(line.size()) > width && fields.size() > 1) {
    fields.erase(std::max_element(fields.begin(), fields.end(),
                                  [](const Field& a, const Field& b) { return a.rank < b.rank; }));
    line = render();
  }
  if (width > 0 && static_cast<int>(line.size()) > width) line.resize(static_cast<size_t>(width));
  return line;
}

int ProgressPrinter::line_width() const {
  if (width_ > 0) return width_;
  int columns = 0;
  winsize size{};
  if (::ioctl(::fileno(out_), TIOCGWINSZ, &size) == 0) columns = size.ws_col;
  if (columns <= 0) {
    const char* env = std::getenv("COLUMNS");
    columns = env ? std::atoi(env) : 0;
  }
  if (columns <= 0) columns = 80;
  // Writing into the last column leaves some terminals about to wrap.
  return std::max(columns - 1, 20);
}

void ProgressPrinter::draw(const TrainingRecord& r) {
  last_draw_s_ = r.time_s;
  if (live_) {
    std::fprintf(out_, "\r\033[K%s", compose(r, line_width()).c_str());
    line_open_ = true;
  } else {
    std::fprintf(out_, "%s\n", compose(r, 0).c_str());
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
