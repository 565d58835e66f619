// A blocking HTTP/1.1 client for tests: one request per call, on loopback.
// Beast stays in http_client.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rect::testing {

struct HttpResult {
  int status = 0;  // 0: the connection failed
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string error;
};

HttpResult http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body = "",
                        const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace rect::testing
