#pragma once
// Helpers for tests that run the pinn executable: run it and collect its output,
// start it in the background, and a scratch directory per test.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace pinn::cli_testing {

namespace fs = std::filesystem;

struct Outcome {
  int code;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line; its exit code, and its output and errors together.
inline Outcome shell(const std::string& command) {
  std::FILE* pipe = ::popen(("(" + command + ") 2>&1").c_str(), "r");
  Outcome outcome{-1, ""};
  std::array<char, 4096> buffer;
  while (std::fgets(buffer.data(), buffer.size(), pipe)) outcome.output += buffer.data();
  const int status = ::pclose(pipe);
  outcome.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

// Runs `pinn ARGS`.
inline Outcome run(const std::string& args) {
  return shell(std::string(PINN_EXECUTABLE) + " " + args);
}

inline std::string config(const std::string& name) {
  return std::string(PINN_SOURCE_DIR) + "/configs/" + name;
}

class Scratch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pinn_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::FILE* f = std::fopen(file(name).c_str(), "w");
    std::fputs(text.c_str(), f);
    std::fclose(f);
    return file(name);
  }
  fs::path dir_;
};

// Starts `pinn ARGS...` in the background with its output in `log`.
inline pid_t start(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::freopen(log.c_str(), "w", stderr);
    std::freopen("/dev/null", "w", stdout);
    std::vector<char*> argv;
    std::string executable = PINN_EXECUTABLE;
    argv.push_back(executable.data());
    std::vector<std::string> copies = args;
    for (auto& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(executable.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

inline int wait_exit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// The whole file; empty when unreadable.
inline std::string read_text(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "r");
  std::string text;
  if (!f) return text;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0) text.append(buffer.data(), n);
  std::fclose(f);
  return text;
}

// Waits (at most 12 s) until `log` holds `marker`.
inline void wait_for_progress(const std::string& log, const std::string& marker) {
  for (int i = 0; i < 600 && read_text(log).find(marker) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace pinn::cli_testing
