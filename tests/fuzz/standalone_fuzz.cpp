// A driver for fuzz_formula.cpp that needs no libFuzzer (any compiler, the main build):
//
//   fuzz_formula_standalone [-runs=N] [-max_total_time=S] [-seed=N] [-artifact_prefix=P]
//                           FILE_OR_DIRECTORY...
//
// Runs every file given (directories recursively), then mutates them for N inputs or S
// seconds (both 0: replay only): formula mutations (formula_mutations.h) three times in
// four, otherwise a byte inserted, dropped or changed, or a splice of two inputs. Inputs
// that are read as configs join the pool that later mutations start from, so that
// mutations pile up on what still parses. An input that throws anything but a config
// error, or crashes, is written to P + "crash-<hash>" and the driver exits with 1. The
// seed is printed; -seed with -runs repeats a run exactly (directories are read in name
// order).

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fuzz/formula_mutations.h"

namespace pinn::fuzzing {
bool run_formula_input(const std::string& input);
}

namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxSize = 16384;
constexpr size_t kMaxPool = 4000;

// What a crash handler writes: the input being run and where to write it.
struct CrashState {
  std::string input;
  std::string path;
};

CrashState& crash_state() {
  static CrashState state;
  return state;
}

std::string artifact_path(const std::string& prefix, const std::string& input) {
  std::ostringstream name;
  name << prefix << "crash-" << std::hex << std::hash<std::string>{}(input);
  return name.str();
}

void on_signal(int signal) {
  const auto& state = crash_state();
  const int fd = ::open(state.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    (void)!::write(fd, state.input.data(), state.input.size());
    ::close(fd);
  }
  const char message[] = "fuzz_formula_standalone: crashed; input written to ";
  (void)!::write(2, message, sizeof message - 1);
  (void)!::write(2, state.path.c_str(), state.path.size());
  (void)!::write(2, "\n", 1);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

// Runs one input; exits with 1 where it throws anything the contract does not allow.
bool run(const std::string& input, const std::string& prefix) {
  auto& state = crash_state();
  state.input = input;
  state.path = artifact_path(prefix, input);
  try {
    return pinn::fuzzing::run_formula_input(input);
  } catch (const std::exception& e) {
    std::ofstream(state.path, std::ios::binary) << input;
    std::cerr << "fuzz_formula_standalone: exception: " << e.what() << "\ninput written to "
              << state.path << "\n";
  } catch (...) {
    std::ofstream(state.path, std::ios::binary) << input;
    std::cerr << "fuzz_formula_standalone: an exception of unknown type; input written to "
              << state.path << "\n";
  }
  std::exit(1);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string mutate(const std::vector<std::string>& pool, std::mt19937_64& rng) {
  std::string text = pool[rng() % pool.size()];
  if (rng() % 4 != 0) return pinn::fuzzing::mutate_formulas(text, rng, kMaxSize);
  const size_t at = text.empty() ? 0 : rng() % text.size();
  switch (rng() % 4) {
    case 0:
      text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(rng()));
      break;
    case 1:
      if (!text.empty()) text.erase(at, 1 + rng() % 8);
      break;
    case 2:
      if (!text.empty()) text[at] = static_cast<char>(rng());
      break;
    default: {  // the head of this input, the tail of another
      const auto& other = pool[rng() % pool.size()];
      const size_t from = other.empty() ? 0 : rng() % other.size();
      text = text.substr(0, at) + other.substr(from);
      break;
    }
  }
  if (text.size() > kMaxSize) text.resize(kMaxSize);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  long long runs = 0, seconds = 0;
  unsigned long long seed = std::random_device{}();
  std::string prefix;
  std::vector<std::string> pool;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* flag) { return arg.substr(std::strlen(flag)); };
    if (arg.rfind("-runs=", 0) == 0) {
      runs = std::stoll(value("-runs="));
    } else if (arg.rfind("-max_total_time=", 0) == 0) {
      seconds = std::stoll(value("-max_total_time="));
    } else if (arg.rfind("-seed=", 0) == 0) {
      seed = std::stoull(value("-seed="));
    } else if (arg.rfind("-artifact_prefix=", 0) == 0) {
      prefix = value("-artifact_prefix=");
    } else if (fs::is_directory(arg)) {
      // In name order, so that a seed repeats a run on any file system.
      std::vector<fs::path> files;
      for (const auto& entry : fs::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) pool.push_back(read_file(file));
    } else {
      pool.push_back(read_file(arg));
    }
  }
  for (const int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(s, on_signal);
  if (pool.empty()) pool.push_back("");
  size_t read_as_configs = 0;
  for (const auto& input : pool) read_as_configs += run(input, prefix) ? 1 : 0;
  std::cout << "replayed " << pool.size() << " inputs, " << read_as_configs << " read as configs\n";
  if (runs == 0 && seconds == 0) return 0;

  std::cout << "seed " << seed << "\n" << std::flush;
  std::mt19937_64 rng(seed);
  const auto start = std::chrono::steady_clock::now();
  long long done = 0, read = 0;
  while ((runs == 0 || done < runs) && (seconds == 0 || std::chrono::steady_clock::now() - start <
                                                            std::chrono::seconds(seconds))) {
    const auto input = mutate(pool, rng);
    ++done;
    if (run(input, prefix)) {
      ++read;
      if (pool.size() < kMaxPool) pool.push_back(input);
    }
  }
  std::cout << done << " mutated inputs, " << read << " read as configs, pool " << pool.size()
            << "\n";
  return 0;
}
