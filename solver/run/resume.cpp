#include "solver/run/resume.h"

#include <torch/serialize.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <sstream>

#include "solver/config/yaml_text.h"

namespace pinn {
namespace {

// Every scalar of a YAML tree under its dotted path (sequence items as key[i]).
void flatten(const YAML::Node& node, const std::string& path,
             std::map<std::string, std::string>& out) {
  if (node.IsMap()) {
    for (const auto& item : node) {
      const auto key = item.first.as<std::string>();
      flatten(item.second, path.empty() ? key : path + "." + key, out);
    }
  } else if (node.IsSequence()) {
    for (size_t i = 0; i < node.size(); ++i) {
      flatten(node[i], path + "[" + std::to_string(i) + "]", out);
    }
  } else if (node.IsNull()) {
    out[path] = "~";
  } else {
    // One spelling per value, so that files written before the resolved config was
    // canonical (lr: 1.0e-3) compare equal to new ones (lr: 0.001).
    const auto& text = node.Scalar();
    if (const auto number = config::parse_number(text)) {
      out[path] = config::format_number(*number);
    } else if (const auto flag = config::parse_boolean(text)) {
      out[path] = *flag ? "true" : "false";
    } else {
      out[path] = text;
    }
  }
}

std::map<std::string, std::string> settings(const std::string& yaml) {
  std::map<std::string, std::string> out;
  flatten(YAML::Load(yaml), "", out);
  return out;
}

// output.* decides where files go; the thread count only reorders sums (results can
// differ in the last bits), and a run resumed on another machine must be able to set it.
bool free_on_resume(const std::string& key) {
  return key.rfind("output.", 0) == 0 || key == "training.threads";
}

}  // namespace

std::string network_bytes(const Mlp& net) {
  torch::serialize::OutputArchive archive;
  net->save(archive);
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

void load_network_bytes(Mlp& net, const std::string& bytes) {
  torch::serialize::InputArchive archive;
  std::istringstream stream(bytes);
  archive.load_from(stream);
  torch::NoGradGuard no_grad;
  net->load(archive);
}

std::vector<std::string> differing_settings(
    const std::string& saved_yaml, const std::string& current_yaml,
    const std::function<bool(const std::string&)>& ignored) {
  const auto saved = settings(saved_yaml);
  const auto current = settings(current_yaml);
  std::vector<std::string> changed;
  for (const auto& [key, value] : saved) {
    const auto it = current.find(key);
    if (!ignored(key) && (it == current.end() || it->second != value)) changed.push_back(key);
  }
  for (const auto& [key, value] : current) {
    if (!ignored(key) && !saved.count(key)) changed.push_back(key);
  }
  return changed;
}

std::vector<std::string> changed_settings(const std::string& saved_yaml,
                                          const std::string& current_yaml) {
  return differing_settings(saved_yaml, current_yaml, free_on_resume);
}

}  // namespace pinn
