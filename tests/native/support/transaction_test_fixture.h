// The set-up every transaction test (ICT, NICT, IST, NIST) shares: a manual clock, a fake transport,
// a recorder standing in for the transaction user, and a table that owns the transactions, so that
// TearDown can dispose them all and prove none leaked. Header-only: the test files include it.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/timers.h"
#include "core/transactions/transaction.h"
#include "core/transactions/transaction_state.h"
#include "core/transactions/transaction_table.h"
#include "manual_host.h"
#include "sip_fixtures.h"
#include "transaction_recorder.h"

namespace sip::test {

class TransactionTest : public ::testing::Test {
 protected:
  // Names the test bodies use unqualified.
  using LogLevel = sip::LogLevel;
  using Timers = sip::core::Timers;
  using TransactionState = sip::core::TransactionState;
  using Events = std::vector<std::string>;
  using FakeTransport = sip::test::FakeTransport;

  // Times (ms) of the sends from now on, sampled every millisecond up to `until`.
  std::vector<uint64_t> sendTimesUntil(uint64_t until) {
    std::vector<uint64_t> times;
    size_t seen = transport.sentCount();
    while (host.now() < until) {
      host.advance(1);
      for (; seen < transport.sentCount(); ++seen) times.push_back(host.now());
    }
    return times;
  }

  void TearDown() override {
    table.disposeAll();
    EXPECT_EQ(sip::core::Transaction::liveCount(), 0u) << "a transaction leaked";
  }

  ManualHost host;
  FakeTransport transport;
  TransactionRecorder recorder;
  sip::core::TransactionTable table{host};
};

}  // namespace sip::test
