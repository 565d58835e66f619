// compose.yaml and the Dockerfile cannot be run here (no Docker engine), so
// this checks what can be checked: the flags compose passes to rectd are
// ones rectd accepts, and the Dockerfile installs exactly the Debian
// packages scripts/run installs.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "api/rectd_options.h"

namespace rect::testing {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The lines of one top-level service's block in compose.yaml.
std::vector<std::string> service_block(const std::string& yaml, const std::string& service) {
  std::vector<std::string> out;
  std::istringstream in(yaml);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line == "  " + service + ":") {
      inside = true;
      continue;
    }
    if (inside && line.size() > 2 && line[0] == ' ' && line[1] == ' ' && line[2] != ' ' && line[2] != '#') break;
    if (inside && !line.empty() && line[0] != ' ') break;
    if (inside) out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("compose.yaml passes rectd only flags rectd accepts, and no environment") {
  const std::string yaml = read(std::string(RECT_SOURCE_DIR) + "/compose.yaml");
  REQUIRE_FALSE(yaml.empty());
  const auto block = service_block(yaml, "rectd");
  REQUIRE_FALSE(block.empty());
  std::string command;
  bool in_command = false;
  for (const auto& l : block) {
    if (l.find("command:") != std::string::npos) in_command = true;
    if (in_command) command += l.substr(in_command && command.empty() ? l.find('[') : 0);
    if (in_command && l.find(']') != std::string::npos) break;
    CHECK_MESSAGE(l.find("environment:") == std::string::npos, "rectd reads flags, not environment variables");
  }
  const auto args = nlohmann::json::parse(command, nullptr, false);
  REQUIRE_MESSAGE(args.is_array(), "rectd's command in compose.yaml must be a flow sequence of strings: " << command);
  std::vector<std::string> argv;
  for (const auto& a : args) argv.push_back(a.get<std::string>());
  for (const auto& a : argv)
    if (a.starts_with("--")) CHECK_MESSAGE(api::rectd_usage().find(a) != std::string::npos, a << " is not in rectd --help");
  auto parsed = api::parse_rectd_options(argv);
  REQUIRE_MESSAGE(parsed, parsed.status().message());
  CHECK(parsed->store == "kafka");
  CHECK(parsed->brokers == "kafka:9092");
  CHECK(yaml.find("--topic\", \"rect-events\"") != std::string::npos);
  CHECK(yaml.find("--partitions\", \"1\"") != std::string::npos);  // the log topic has one partition
}

TEST_CASE("the Dockerfile installs the Debian packages scripts/run installs") {
  const std::string lib = read(std::string(RECT_SOURCE_DIR) + "/scripts/lib.sh");
  const std::string docker = read(std::string(RECT_SOURCE_DIR) + "/Dockerfile");
  REQUIRE_FALSE(docker.empty());
  const std::size_t open = lib.find("RECT_PACKAGES=(");
  REQUIRE(open != std::string::npos);
  const std::size_t close = lib.find(')', open);
  REQUIRE(close != std::string::npos);
  std::set<std::string> wanted;
  std::istringstream words(lib.substr(open + 15, close - open - 15));
  for (std::string w; words >> w;) wanted.insert(w);
  REQUIRE(wanted.count("librocksdb-dev") == 1);
  for (const auto& p : wanted) CHECK_MESSAGE(docker.find(" " + p) != std::string::npos, p << " is not installed by the Dockerfile");
  std::size_t installs = 0;
  for (std::size_t at = docker.find("apt-get install"); at != std::string::npos; at = docker.find("apt-get install", at + 1)) {
    ++installs;
    const std::size_t end = docker.find("rm -rf /var/lib/apt/lists", at);
    REQUIRE(end != std::string::npos);
    std::istringstream line(docker.substr(at, end - at));
    std::set<std::string> got;
    for (std::string w; line >> w;)
      if (w.find_first_of("-=\\&") != 0 && w != "apt-get" && w != "install" && w != "&&") got.insert(w);
    CHECK_MESSAGE(got == wanted, "apt-get install #" << installs << " differs from scripts/lib.sh");
  }
  CHECK(installs == 2);
}

}  // namespace rect::testing
