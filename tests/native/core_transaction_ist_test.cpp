// INVITE server transaction (RFC 3261 §17.2.1, RFC 6026 Accepted state, SIP.js behaviour).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/transactions/invite_server_transaction.h"
#include "support/transaction_test_fixture.h"

namespace {

using sip::core::InviteServerTransaction;

class InviteServerTransactionTest : public sip::test::TransactionTest {
 protected:
  std::shared_ptr<InviteServerTransaction> start() {
    invite = sip::test::request(spec);
    auto tx = InviteServerTransaction::create(host, transport, invite, recorder.serverUser());
    if (tx) table.add(tx);
    return tx;
  }
  std::string reply(int statusCode, std::string_view toTag = "uas-tag") {
    return sip::test::responseText(invite, statusCode, statusCode == 100 ? "" : toTag);
  }
  sip::Message ack(std::string_view toTag = "uas-tag") {
    sip::test::RequestSpec ackSpec = spec;
    ackSpec.method = "ACK";
    ackSpec.toTag = std::string(toTag);
    return sip::test::request(ackSpec);
  }
  sip::test::RequestSpec spec;  // an INVITE by default
  sip::Message invite;
};

TEST_F(InviteServerTransactionTest, StartsInProceedingWithTheBranchAsIdAndSendsNothingByItself) {
  auto tx = start();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->state(), TransactionState::Proceeding);
  EXPECT_EQ(tx->id(), "z9hG4bKclient1");
  EXPECT_EQ(tx->kind(), "ist");
  EXPECT_EQ(tx->request().method, "INVITE");
  host.advance(1000);
  EXPECT_EQ(transport.sentCount(), 0u);  // 100 Trying is the TU's (SIP.js's UserAgent sends it at once)
  EXPECT_EQ(host.pendingTimers(), 0u);
}

TEST_F(InviteServerTransactionTest, RefusesNonInvite) {
  spec.method = "OPTIONS";
  EXPECT_EQ(start(), nullptr);
  EXPECT_TRUE(host.logged(LogLevel::Error, "OPTIONS"));
}

TEST_F(InviteServerTransactionTest, RetransmittedInviteGetsTheLastProvisionalResponse) {
  auto tx = start();
  tx->receiveRequest(invite);  // nothing sent yet: nothing to repeat
  EXPECT_EQ(transport.sentCount(), 0u);
  ASSERT_TRUE(tx->receiveResponse(100, reply(100)));
  ASSERT_TRUE(tx->receiveResponse(180, reply(180)));
  EXPECT_EQ(tx->state(), TransactionState::Proceeding);
  tx->receiveRequest(invite);
  ASSERT_EQ(transport.sentCount(), 3u);
  EXPECT_EQ(transport.sent()[2], reply(180));
  EXPECT_TRUE(recorder.events.empty());  // 1xx are no state change
}

TEST_F(InviteServerTransactionTest, ProgressExtensionTimerRepeatsTheLastProvisionalEveryMinute) {
  auto tx = start();
  tx->receiveResponse(100, reply(100));
  host.advance(Timers::PROVISIONAL_RESPONSE_INTERVAL);
  EXPECT_EQ(transport.sentCount(), 1u);  // a 100 alone does not start it
  tx->receiveResponse(180, reply(180));
  tx->receiveResponse(183, reply(183));  // does not restart it
  host.advance(Timers::PROVISIONAL_RESPONSE_INTERVAL - 1);
  EXPECT_EQ(transport.sentCount(), 3u);
  host.advance(1);
  ASSERT_EQ(transport.sentCount(), 4u);
  EXPECT_EQ(transport.lastSent(), reply(183));
  host.advance(Timers::PROVISIONAL_RESPONSE_INTERVAL);
  EXPECT_EQ(transport.sentCount(), 5u);
  tx->receiveResponse(486, reply(486));  // a final response stops it
  host.advance(10 * Timers::PROVISIONAL_RESPONSE_INTERVAL);
  EXPECT_EQ(transport.sentCount(), 6u);
}

TEST_F(InviteServerTransactionTest, TwoHundredMovesToAcceptedUntilTimerL) {
  auto tx = start();
  tx->receiveResponse(180, reply(180));
  ASSERT_TRUE(tx->receiveResponse(200, reply(200)));
  EXPECT_EQ(tx->state(), TransactionState::Accepted);
  EXPECT_EQ(transport.lastSent(), reply(200));
  EXPECT_EQ(recorder.events, (Events{"state:Accepted"}));

  // Retransmitted INVITEs and a stray ACK are absorbed; the TU may re-send its 2xx.
  tx->receiveRequest(invite);
  tx->receiveRequest(ack());
  EXPECT_EQ(transport.sentCount(), 2u);
  EXPECT_TRUE(tx->receiveResponse(200, reply(200)));
  EXPECT_EQ(transport.sentCount(), 3u);
  tx->retransmitAcceptedResponse();
  EXPECT_EQ(transport.sentCount(), 4u);
  EXPECT_EQ(transport.lastSent(), reply(200));
  EXPECT_FALSE(tx->receiveResponse(486, reply(486)));  // no non-2xx after a 2xx
  EXPECT_FALSE(tx->receiveResponse(180, reply(180)));
  EXPECT_EQ(transport.sentCount(), 4u);

  host.advance(Timers::TIMER_L - 1);
  EXPECT_EQ(tx->state(), TransactionState::Accepted);
  host.advance(1);
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(recorder.events, (Events{"state:Accepted", "state:Terminated"}));
  EXPECT_TRUE(table.empty());
  tx->retransmitAcceptedResponse();  // no-op once terminated
  EXPECT_EQ(transport.sentCount(), 4u);
}

TEST_F(InviteServerTransactionTest, NonSuccessFinalThenAckConfirmsThenTimerIZeroOnReliable) {
  auto tx = start();
  ASSERT_TRUE(tx->receiveResponse(486, reply(486)));
  EXPECT_EQ(tx->state(), TransactionState::Completed);
  EXPECT_EQ(transport.lastSent(), reply(486));
  tx->receiveRequest(invite);  // retransmitted INVITE: the final response again
  EXPECT_EQ(transport.sentCount(), 2u);
  EXPECT_EQ(transport.lastSent(), reply(486));

  tx->receiveRequest(ack());
  EXPECT_EQ(tx->state(), TransactionState::Confirmed);
  tx->receiveRequest(ack());     // absorbed
  tx->receiveRequest(invite);    // absorbed
  EXPECT_EQ(transport.sentCount(), 2u);
  host.runDue();
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(recorder.events, (Events{"state:Completed", "state:Confirmed", "state:Terminated"}));
  EXPECT_EQ(host.now(), 0u);
  EXPECT_EQ(host.pendingTimers(), 0u);  // Timer H went with Confirmed
  EXPECT_TRUE(table.empty());
}

TEST_F(InviteServerTransactionTest, TimerIIsT4OnUnreliableTransports) {
  transport.setReliable(false);
  auto tx = start();
  tx->receiveResponse(480, reply(480));
  EXPECT_EQ(host.pendingTimers(), 2u);  // G and H
  tx->receiveRequest(ack());
  EXPECT_EQ(host.pendingTimers(), 1u);  // only I: G and H end with Completed
  host.advance(Timers::T4 - 1);
  EXPECT_EQ(tx->state(), TransactionState::Confirmed);
  host.advance(1);
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
}

TEST_F(InviteServerTransactionTest, TimerHTerminatesWhenNoAckArrives) {
  auto tx = start();
  tx->receiveResponse(404, reply(404));
  host.advance(Timers::TIMER_H - 1);
  EXPECT_EQ(tx->state(), TransactionState::Completed);
  host.advance(1);
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_TRUE(host.logged(LogLevel::Warn, "ACK to negative final response was never received"));
  EXPECT_EQ(transport.sentCount(), 1u);  // reliable: no Timer G
}

TEST_F(InviteServerTransactionTest, TimerGRetransmitsTheFinalResponseOnUnreliableTransportsUntilTheAck) {
  transport.setReliable(false);
  auto tx = start();
  tx->receiveResponse(486, reply(486));
  auto times = sendTimesUntil(12000);
  // T1, then doubling up to T2.
  EXPECT_EQ(times, (std::vector<uint64_t>{500, 1500, 3500, 7500, 11500}));
  for (const auto& message : transport.sent()) EXPECT_EQ(message, reply(486));
  tx->receiveRequest(ack());
  times = sendTimesUntil(40000);
  EXPECT_TRUE(times.empty());  // Confirmed stops Timer G
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
}

TEST_F(InviteServerTransactionTest, TimerGRunsUntilTimerHOnUnreliableTransports) {
  transport.setReliable(false);
  auto tx = start();
  tx->receiveResponse(500, reply(500));
  const auto times = sendTimesUntil(Timers::TIMER_H + 10000);
  EXPECT_EQ(times, (std::vector<uint64_t>{500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(host.pendingTimers(), 0u);
}

TEST_F(InviteServerTransactionTest, ReliableTransportsNeverRetransmit) {
  auto tx = start();
  tx->receiveResponse(200, reply(200));
  host.advance(Timers::TIMER_L);
  EXPECT_EQ(transport.sentCount(), 1u);
}

TEST_F(InviteServerTransactionTest, InvalidTuResponsesAreRefused) {
  auto tx = start();
  EXPECT_FALSE(tx->receiveResponse(99, reply(100)));
  EXPECT_FALSE(tx->receiveResponse(700, reply(100)));
  EXPECT_EQ(transport.sentCount(), 0u);
  tx->receiveResponse(486, reply(486));
  EXPECT_FALSE(tx->receiveResponse(200, reply(200)));  // Completed
  EXPECT_FALSE(tx->receiveResponse(486, reply(486)));
  EXPECT_EQ(transport.sentCount(), 1u);
  EXPECT_TRUE(host.logged(LogLevel::Error, "received unexpected 200 response from TU while in state Completed"));
}

TEST_F(InviteServerTransactionTest, UnexpectedRequestsAreLoggedAndIgnored) {
  auto tx = start();
  sip::test::RequestSpec bye = spec;
  bye.method = "BYE";
  tx->receiveRequest(sip::test::request(bye));
  tx->receiveRequest(ack());  // an ACK before any final response
  EXPECT_EQ(tx->state(), TransactionState::Proceeding);
  EXPECT_TRUE(host.logged(LogLevel::Warn, "unexpected BYE request while in state Proceeding"));
  EXPECT_TRUE(host.logged(LogLevel::Warn, "unexpected ACK request while in state Proceeding"));
}

TEST_F(InviteServerTransactionTest, TransportErrorIsReportedAndTheStateKept) {
  auto tx = start();
  transport.mode = FakeTransport::Mode::FailSync;
  EXPECT_TRUE(tx->receiveResponse(200, reply(200)));
  EXPECT_EQ(tx->state(), TransactionState::Accepted);
  host.runDue();
  EXPECT_EQ(recorder.events, (Events{"state:Accepted", "transportError:fake transport failure"}));
  EXPECT_EQ(tx->state(), TransactionState::Accepted);  // RFC 6026 §8.8
  EXPECT_TRUE(host.logged(LogLevel::Error, "Failed to send 2xx response."));
  host.advance(Timers::TIMER_L);
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
}

TEST_F(InviteServerTransactionTest, DisposeClearsEveryTimer) {
  transport.setReliable(false);
  auto tx = start();
  tx->receiveResponse(180, reply(180));
  tx->dispose();
  EXPECT_EQ(host.pendingTimers(), 0u);
  EXPECT_FALSE(tx->receiveResponse(486, reply(486)));
  tx->receiveRequest(invite);
  EXPECT_EQ(transport.sentCount(), 1u);
  EXPECT_TRUE(table.empty());
}

}  // namespace
