// OpenApiContract: checks response bodies against the schemas of an OpenAPI
// 3.0 document, for the subset of JSON Schema that the shared contract uses
// ($ref, type, nullable, properties, required, enum, items, format
// date-time/date/uuid, additionalProperties: false, allOf/anyOf/oneOf).
// Tests only. The YAML is converted to JSON once with python3 (PyYAML);
// load() answers nullopt with a reason when the file, python3 or PyYAML is
// absent, so suites can skip with a MESSAGE.
//
// Thread-safety: const methods are safe to call concurrently after load().
//
// Usage:
//   auto c = OpenApiContract::load(RECT_SOURCE_DIR "/../shared/contracts/rect-api-v3.openapi.yaml");
//   if (c.contract) CHECK(c.contract->check("GET", "/api/v3/participants/{id}", 200, body).empty());
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rect::testing {

class OpenApiContract {
 public:
  struct Loaded {
    std::unique_ptr<OpenApiContract> contract;
    std::string why_not;  // set when contract is null
  };
  static Loaded load(const std::string& yaml_path);
  ~OpenApiContract();

  // Problems with `body` as the response of (method, path template, status);
  // empty when it conforms. Statuses the document does not describe for that
  // operation are checked against the generic error shapes.
  std::vector<std::string> check(const std::string& method, const std::string& path_template, int status,
                                 const std::string& body) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  OpenApiContract();
};

}  // namespace rect::testing
