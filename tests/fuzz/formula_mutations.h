#pragma once
// Mutations aimed at the formulas inside a config: a character dropped, duplicated or
// swapped with its neighbour, a token inserted or put in place of a name (unknown names,
// derivative names of every shape, d() and laplacian() calls with odd arguments, commas,
// parentheses, operators, extreme numbers). Byte-level mutations rarely produce a
// well-formed name such as u_xxxxx or d(u_x, t); these do, so that the compiler's name
// rules and the config reader's handling of its errors are reached.

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace pinn::fuzzing {

inline const std::vector<std::string>& formula_tokens() {
  static const std::vector<std::string> tokens = {
      // names that are not in scope, or are only in some scopes
      "w", "nuu", "q", "pi2", "e", "k", "x", "t", "y", "u", "v", "p", "n",
      // derivatives: valid, by a non-input, too high, of a non-output, ambiguous, empty
      "u_x", "u_t", "u_xx", "u_xt", "u_tt", "v_y", "p_x", "u_xxxx", "u_xxxxx", "u_q", "x_x", "u_",
      "_x", "u__x", "u_n", "v_n", "n_x", "n_y", "n_t", "u_xn", "nu_x",
      // raw network outputs of transforms: valid, derivatives of them, of no output
      "N_u", "N_v", "N_u_x", "N_w",
      // calls with odd arguments
      "d(u, x)", "d(u_x, t)", "d(u, x, x, x, x, x)", "d(x, u)", "d(u)", "d()", "d(2, x)", "d(u, 1)",
      "laplacian(u)", "laplacian(u_xx)", "laplacian(x)", "laplacian()", "laplacian(u, x)", "sin(",
      "pow(", "atan2(x)", "min(u, v, w)", "u0(", "u0(x, x)", "g()", "f(f(x))", "heaviside(",
      "sign(", "log(-1)", "sqrt(",
      // punctuation and operators
      ",", "(", ")", "()", ",,", "^", "^^", "?", ":", "? :", "&&", "||", "!", "==", "<=", "-", "--",
      "+", "*", "/", "/0", " ", "\t", "\"", "'", "#", "[", "]", "{", "}",
      // numbers
      "0", "1", "2.5", ".5", "1e308", "1e309", "1e-320", "-0", "nan", "inf", "1e", "0x1",
      "99999999999999999999"};
  return tokens;
}

// Keys and values of a formula problem's config, valid and not: conditions of every
// kind, odd places and names, files of the repository (read relative to the source root).
inline const std::vector<std::string>& config_fragments() {
  static const std::vector<std::string> fragments = {
      "on: boundary",
      "on: interior",
      "on: initial",
      "on: [x_min, x_min]",
      "on: x_max",
      "on: t_max",
      "on: [t_min, y_max]",
      "on: []",
      "on: {a: 1}",
      "periodic: x",
      "periodic: t",
      "periodic: u",
      "derivatives: 3",
      "derivatives: 4",
      "equation: []",
      "equation: [u, v]",
      "equation: {a: u}",
      "equation: u_n + n_x",
      "where: x > 2",
      "where: 1",
      "where: u > 0",
      "where: n_x",
      "where: t < 1e-300",
      "data: configs/data/ns2d_c_pressure_gauge.txt",
      "data: configs/data/burgers_cole_hopf_1111.txt",
      "data: configs/data",
      "data: /dev/null",
      "format: comsol",
      "format: hdf5",
      "format: csv",
      "time: x",
      "time: t",
      "time: u",
      "outputs: [u, u]",
      "outputs: []",
      "outputs: [x]",
      "outputs: [u, v, p]",
      "inputs: {}",
      "inputs: {x: [1, 0]}",
      "inputs: {u: [0, 1]}",
      "inputs: {x: [0, 1], t: [0, 1]}",
      "inputs: {x_t: [0, 1], x: [0, 1], t: [0, 1]}",
      "inputs: {n: [0, 1], x: [0, 1]}",
      "parameters: {u: 1}",
      "parameters: {sin: 1}",
      "parameters: {u_x: 1}",
      "parameters: {k: 1e308}",
      "parameters: {d: 1}",
      "functions: {\"f(f)\": f}",
      "functions: {f: f}",
      "functions: {\"g(a, a)\": a}",
      "functions: {\"h()\": 1}",
      "functions: {\"g(x)\": u_x}",
      "functions: {\"g(a)\": d(a, x)}",
      "transform: {u: x*N_u}",
      "transform: {u: u}",
      "transform: {u: sin(x)}",
      "transform: {u: N_u_x}",
      "transform: {w: N_u}",
      "transform: {v: N_u + N_v, u: t*N_u}",
      "transform: {u: N_u > 0}",
      "transform: []",
      "parameters: {N_u: 1}",
      "exact: {u: u}",
      "exact: {w: x}",
      "exact: {u: x, v: t, p: 0}",
      "up_to_constant: [w]",
      "up_to_constant: [u]",
      "reference: {file: configs/data/ns2d_c_pressure_gauge.txt}",
      "reference: {exact: {u: x}, file: configs/data/burgers_cole_hopf_1111.txt}",
      "unknowns: {k: {initial: 2}}",
      "unknowns: {nu: {initial: 0.1}}",
      "unknowns: {u: {}}",
      "observations: {file: configs/data/ns2d_c_pressure_gauge.txt}",
      "observations: {reference: {points: 5, grid: {x: 5, t: 5}}}",
      "derivatives: taylor",
      "derivatives: autograd",
      "dtype: float32",
      "slope_recovery: 1",
      "mode: neuron",
      "periodic: [x]",
      "resample: {every: 1}",
      "loss_weights: {residual: 0}"};
  return fragments;
}

// A position in `text` where a formula is likely: a line with an operator, a call or a
// derivative name on it, when there is one; anywhere otherwise.
inline size_t formula_position(const std::string& text, std::mt19937_64& rng) {
  std::vector<std::pair<size_t, size_t>> lines;  // [begin, end) of formula-like lines
  for (size_t begin = 0; begin < text.size();) {
    const auto end = std::min(text.find('\n', begin), text.size());
    const auto line = text.substr(begin, end - begin);
    if (line.find_first_of("*+/^(_") != std::string::npos) lines.emplace_back(begin, end);
    begin = end + 1;
  }
  if (lines.empty() || rng() % 8 == 0) return text.empty() ? 0 : rng() % (text.size() + 1);
  const auto [begin, end] = lines[rng() % lines.size()];
  return begin + rng() % (end - begin + 1);
}

// The identifier around `at` ([begin, end), empty when `at` is not on one).
inline std::pair<size_t, size_t> name_around(const std::string& text, size_t at) {
  auto is_name = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  size_t begin = at, end = at;
  while (begin > 0 && is_name(text[begin - 1])) --begin;
  while (end < text.size() && is_name(text[end])) ++end;
  return {begin, end};
}

// The line of `text` holding `at`: [begin, end).
inline std::pair<size_t, size_t> line_around(const std::string& text, size_t at) {
  const size_t begin = at == 0 ? 0 : text.rfind('\n', at - 1) + 1;  // npos + 1 is 0
  return {begin, std::min(text.find('\n', at), text.size())};
}

// One to three formula or config mutations of `text`, at most `max_size` bytes long
// afterwards.
inline std::string mutate_formulas(std::string text, std::mt19937_64& rng, size_t max_size) {
  const auto& tokens = formula_tokens();
  const auto& fragments = config_fragments();
  const int count = 1 + static_cast<int>(rng() % 3);
  for (int i = 0; i < count; ++i) {
    const size_t at = formula_position(text, rng);
    const size_t anywhere = rng() % (text.size() + 1);  // for the config's structure
    switch (rng() % 8) {
      case 6:  // a key and value on a line of their own, indented as the line there
      {
        const auto [begin, end] = line_around(text, anywhere);
        const auto indent = text.find_first_not_of(' ', begin);
        const auto spaces = (indent == std::string::npos ? end : std::min(indent, end)) - begin;
        text.insert(end, "\n" + std::string(spaces, ' ') + fragments[rng() % fragments.size()]);
        break;
      }
      case 7:  // a fragment's value in place of the value on the line there
      {
        const auto [begin, end] = line_around(text, anywhere);
        const auto colon = text.find(": ", begin);
        const auto& fragment = fragments[rng() % fragments.size()];
        if (colon < end) {
          text.replace(colon + 2, end - colon - 2, fragment.substr(fragment.find(": ") + 2));
        }
        break;
      }
      case 0:  // drop a character
        if (at < text.size()) text.erase(at, 1);
        break;
      case 1:  // duplicate one
        if (at < text.size()) text.insert(at, 1, text[at]);
        break;
      case 2:  // swap two neighbours
        if (at + 1 < text.size()) std::swap(text[at], text[at + 1]);
        break;
      case 3:  // put a token in place of the name there
      {
        const auto [begin, end] = name_around(text, at);
        text.replace(begin, end - begin, tokens[rng() % tokens.size()]);
        break;
      }
      default:  // insert a token
        text.insert(at, tokens[rng() % tokens.size()]);
        break;
    }
  }
  if (text.size() > max_size) text.resize(max_size);
  return text;
}

}  // namespace pinn::fuzzing
