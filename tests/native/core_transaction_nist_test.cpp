// Non-INVITE server transaction (RFC 3261 §17.2.2, SIP.js behaviour).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/transactions/non_invite_server_transaction.h"
#include "support/transaction_test_fixture.h"

namespace {

using sip::core::NonInviteServerTransaction;

class NonInviteServerTransactionTest : public sip::test::TransactionTest {
 protected:
  NonInviteServerTransactionTest() { spec.method = "MESSAGE"; }
  std::shared_ptr<NonInviteServerTransaction> start() {
    message = sip::test::request(spec);
    auto tx = NonInviteServerTransaction::create(host, transport, message, recorder.serverUser());
    if (tx) table.add(tx);
    return tx;
  }
  std::string reply(int statusCode) { return sip::test::responseText(message, statusCode, "uas-tag"); }
  sip::test::RequestSpec spec;
  sip::Message message;
};

TEST_F(NonInviteServerTransactionTest, StartsTryingAndAbsorbsRetransmissionsThere) {
  auto tx = start();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->state(), TransactionState::Trying);
  EXPECT_EQ(tx->kind(), "nist");
  EXPECT_EQ(tx->id(), "z9hG4bKclient1");
  tx->receiveRequest(message);
  tx->receiveRequest(message);
  EXPECT_EQ(transport.sentCount(), 0u);
  EXPECT_TRUE(recorder.events.empty());
}

TEST_F(NonInviteServerTransactionTest, RefusesInviteAndAck) {
  spec.method = "INVITE";
  EXPECT_EQ(start(), nullptr);
  spec.method = "ACK";
  EXPECT_EQ(start(), nullptr);
}

TEST_F(NonInviteServerTransactionTest, HundredMovesToProceedingAndIsRepeatedForRetransmissions) {
  auto tx = start();
  ASSERT_TRUE(tx->receiveResponse(100, reply(100)));
  EXPECT_EQ(tx->state(), TransactionState::Proceeding);
  tx->receiveRequest(message);
  ASSERT_EQ(transport.sentCount(), 2u);
  EXPECT_EQ(transport.sent()[1], reply(100));
  EXPECT_FALSE(tx->receiveResponse(100, reply(100)));  // a second 100 is a TU error
  ASSERT_TRUE(tx->receiveResponse(202, reply(202)));
  EXPECT_EQ(recorder.events, (Events{"state:Proceeding", "state:Completed"}));
}

TEST_F(NonInviteServerTransactionTest, OtherProvisionalResponsesAreNotAllowed) {
  auto tx = start();
  EXPECT_FALSE(tx->receiveResponse(180, reply(180)));
  EXPECT_FALSE(tx->receiveResponse(99, reply(100)));
  EXPECT_FALSE(tx->receiveResponse(700, reply(200)));
  EXPECT_EQ(transport.sentCount(), 0u);
  EXPECT_EQ(tx->state(), TransactionState::Trying);
  EXPECT_TRUE(host.logged(LogLevel::Error, "Provisional response other than 100 not allowed."));
}

TEST_F(NonInviteServerTransactionTest, FinalResponseCompletesAndTimerJIsZeroOnReliable) {
  auto tx = start();
  ASSERT_TRUE(tx->receiveResponse(200, reply(200)));
  EXPECT_EQ(tx->state(), TransactionState::Completed);
  EXPECT_EQ(transport.lastSent(), reply(200));
  tx->receiveRequest(message);  // the final response again
  EXPECT_EQ(transport.sentCount(), 2u);
  EXPECT_EQ(transport.lastSent(), reply(200));
  EXPECT_FALSE(tx->receiveResponse(500, reply(500)));  // already answered
  EXPECT_EQ(transport.sentCount(), 2u);
  host.runDue();
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(host.now(), 0u);
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(recorder.events, (Events{"state:Completed", "state:Terminated"}));
}

TEST_F(NonInviteServerTransactionTest, TimerJIs64T1OnUnreliableTransportsAndRetransmissionsAreAnswered) {
  transport.setReliable(false);
  auto tx = start();
  tx->receiveResponse(404, reply(404));
  host.advance(sip::core::timerJ(false) - 1);
  tx->receiveRequest(message);
  EXPECT_EQ(transport.sentCount(), 2u);
  EXPECT_EQ(tx->state(), TransactionState::Completed);
  host.advance(1);
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(transport.sentCount(), 2u);  // a server never retransmits non-INVITE responses by itself
}

TEST_F(NonInviteServerTransactionTest, TransportErrorTerminates) {
  auto tx = start();
  transport.mode = FakeTransport::Mode::Defer;
  tx->receiveResponse(100, reply(100));
  transport.settle(sip::core::TransportError{"closed"});
  EXPECT_EQ(recorder.events, (Events{"state:Proceeding", "transportError:closed", "state:Terminated"}));
  EXPECT_TRUE(table.empty());
}

TEST_F(NonInviteServerTransactionTest, TransportErrorOfTheFinalResponseTerminatesAndIsLogged) {
  auto tx = start();
  transport.mode = FakeTransport::Mode::Defer;
  tx->receiveResponse(200, reply(200));
  transport.settle(sip::core::TransportError{"closed"});
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(host.count(LogLevel::Error), 3u);  // message, "Transport error occurred ...", context
}

}  // namespace
