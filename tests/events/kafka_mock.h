// MockKafka: librdkafka's built-in mock cluster (it speaks the Kafka protocol
// on loopback), with the controls the Kafka-mode tests use to inject faults.
// Tests only.
//
// Known gaps of the librdkafka 2.0.2 mock, which the tests work around and
// docs/kafka-mode.md records: it gives a second producer with the same
// transactional.id a new producer id instead of bumping the epoch (so it does
// not fence by itself), and it neither writes transaction markers nor hides
// aborted records from read_committed consumers.
#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace rect::testing {

// Kafka protocol request numbers (ApiKey), for injecting errors per request.
enum KafkaApi : std::int16_t {
  kApiProduce = 0,
  kApiFetch = 1,
  kApiListOffsets = 2,
  kApiMetadata = 3,
  kApiFindCoordinator = 10,
  kApiInitProducerId = 22,
  kApiAddPartitionsToTxn = 24,
  kApiEndTxn = 26,
};

class MockKafka {
 public:
  explicit MockKafka(int brokers = 3) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    if (rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err) != RD_KAFKA_CONF_OK) std::abort();
    rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (rk_ == nullptr) std::abort();
    cluster_ = rd_kafka_mock_cluster_new(rk_, brokers);
    if (cluster_ == nullptr) std::abort();
  }
  ~MockKafka() {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(rk_);
  }
  MockKafka(const MockKafka&) = delete;
  MockKafka& operator=(const MockKafka&) = delete;

  std::string bootstraps() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }
  rd_kafka_mock_cluster_t* cluster() const { return cluster_; }
  // A topic with `partitions` partitions, replicated on every broker.
  bool create_topic(const std::string& name, int partitions = 1) {
    return rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, 3) == RD_KAFKA_RESP_ERR_NO_ERROR;
  }
  // librdkafka settings that keep the clients quiet while brokers are down.
  static std::vector<std::pair<std::string, std::string>> quiet_clients() { return {{"log_level", "0"}}; }

 private:
  rd_kafka_t* rk_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

}  // namespace rect::testing
