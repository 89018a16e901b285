// Non-INVITE client transaction (RFC 3261 §17.1.2, SIP.js behaviour).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/transactions/non_invite_client_transaction.h"
#include "support/transaction_test_fixture.h"

namespace {

using sip::core::NonInviteClientTransaction;

class NonInviteClientTransactionTest : public sip::test::TransactionTest {
 protected:
  std::shared_ptr<NonInviteClientTransaction> start(const std::string& method = "BYE") {
    auto tx = NonInviteClientTransaction::create(host, transport, sip::test::outgoingRequest(method), recorder.clientUser());
    if (tx) table.add(tx);
    return tx;
  }
};

TEST_F(NonInviteClientTransactionTest, SendsTheRequestAndStartsTrying) {
  host.scriptRandom(std::vector<uint32_t>(12, 0u));  // the branch's twelve base-32 digits: all 0
  auto tx = start("REGISTER");
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->state(), TransactionState::Trying);
  EXPECT_EQ(tx->kind(), "nict");
  EXPECT_EQ(tx->id(), "z9hG4bK000000000000");
  ASSERT_EQ(transport.sentCount(), 1u);
  const auto sent = sip::test::parseOrFail(transport.lastSent());
  EXPECT_EQ(sent.method, "REGISTER");
  EXPECT_EQ(sent.branch(), std::optional<std::string>("z9hG4bK000000000000"));
  EXPECT_EQ(sent.topVia()->transport, "WSS");
}

TEST_F(NonInviteClientTransactionTest, RefusesInviteAndAck) {
  EXPECT_EQ(start("INVITE"), nullptr);
  EXPECT_EQ(start("ACK"), nullptr);
  EXPECT_EQ(transport.sentCount(), 0u);
  EXPECT_EQ(host.count(LogLevel::Error), 2u);
}

TEST_F(NonInviteClientTransactionTest, ACancelReusesTheBranchOfTheRequestItCancels) {
  // The UAC copies the INVITE's top Via into the CANCEL (§9.1); the transaction keeps its branch.
  sip::test::RequestSpec spec;
  spec.method = "CANCEL";
  spec.branch = "z9hG4bKinvite77";
  auto tx = NonInviteClientTransaction::create(host, transport, sip::test::request(spec), recorder.clientUser());
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->id(), "z9hG4bKinvite77");
  EXPECT_EQ(sip::test::parseOrFail(transport.lastSent()).branch(), std::optional<std::string>("z9hG4bKinvite77"));

  spec.branch.clear();  // a CANCEL without a branch cannot be matched to anything
  EXPECT_EQ(NonInviteClientTransaction::create(host, transport, sip::test::request(spec), recorder.clientUser()), nullptr);
  EXPECT_TRUE(host.logged(LogLevel::Error, "Outgoing CANCEL request without a branch."));
}

TEST_F(NonInviteClientTransactionTest, ProvisionalThenFinal) {
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 100, ""));
  EXPECT_EQ(tx->state(), TransactionState::Proceeding);
  tx->receiveResponse(sip::test::response(tx->request(), 100, ""));  // every 1xx goes up
  tx->receiveResponse(sip::test::response(tx->request(), 200));
  EXPECT_EQ(tx->state(), TransactionState::Completed);
  EXPECT_EQ(recorder.events,
            (Events{"state:Proceeding", "response:100", "response:100", "state:Completed", "response:200"}));
}

TEST_F(NonInviteClientTransactionTest, FinalInTryingThenTimerKZeroOnReliable) {
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 481));
  EXPECT_EQ(tx->state(), TransactionState::Completed);
  host.runDue();
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(recorder.events, (Events{"state:Completed", "response:481", "state:Terminated"}));
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(host.now(), 0u);
}

TEST_F(NonInviteClientTransactionTest, RetransmittedFinalResponsesAreAbsorbedInCompleted) {
  transport.setReliable(false);  // Timer K = T4 keeps Completed around
  auto tx = start();
  const auto ok = sip::test::response(tx->request(), 200);
  tx->receiveResponse(ok);
  tx->receiveResponse(ok);
  tx->receiveResponse(sip::test::response(tx->request(), 100, ""));
  EXPECT_EQ(recorder.events, (Events{"state:Completed", "response:200"}));
  host.advance(Timers::T4 - 1);
  EXPECT_EQ(tx->state(), TransactionState::Completed);
  host.advance(1);
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
}

TEST_F(NonInviteClientTransactionTest, A408IsReportedAsATimeoutNotAsAResponse) {
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 100, ""));
  tx->receiveResponse(sip::test::response(tx->request(), 408));
  EXPECT_EQ(recorder.events, (Events{"state:Proceeding", "response:100", "state:Completed", "timeout"}));
}

TEST_F(NonInviteClientTransactionTest, TimerFInTrying) {
  auto tx = start();
  host.advance(Timers::TIMER_F - 1);
  EXPECT_EQ(tx->state(), TransactionState::Trying);
  EXPECT_EQ(transport.sentCount(), 1u);  // reliable: no Timer E
  host.advance(1);
  EXPECT_EQ(recorder.events, (Events{"timeout", "state:Terminated"}));
  EXPECT_TRUE(table.empty());
}

TEST_F(NonInviteClientTransactionTest, TimerFInProceeding) {
  auto tx = start();
  host.advance(1000);
  tx->receiveResponse(sip::test::response(tx->request(), 100, ""));
  host.advance(Timers::TIMER_F - 1001);
  EXPECT_EQ(tx->state(), TransactionState::Proceeding);
  host.advance(1);  // Timer F runs from the send, not from the 1xx
  EXPECT_EQ(recorder.events, (Events{"state:Proceeding", "response:100", "timeout", "state:Terminated"}));
}

TEST_F(NonInviteClientTransactionTest, FinalResponseCancelsTimerF) {
  transport.setReliable(false);
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 200));
  host.advance(100000);
  EXPECT_EQ(recorder.countOf("timeout"), 0u);
  EXPECT_EQ(tx->state(), TransactionState::Terminated);  // by Timer K
  EXPECT_EQ(host.pendingTimers(), 0u);
}

TEST_F(NonInviteClientTransactionTest, TimerERetransmitsDoublingUpToT2InTrying) {
  transport.setReliable(false);
  auto tx = start();
  const auto times = sendTimesUntil(Timers::TIMER_F);
  // Intervals 500, 1000, 2000, 4000, then T2 = 4000 each time, until Timer F at 32000.
  EXPECT_EQ(times, (std::vector<uint64_t>{500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  for (const auto& message : transport.sent()) EXPECT_EQ(message, transport.sent()[0]);
  EXPECT_EQ(recorder.events, (Events{"timeout", "state:Terminated"}));
}

TEST_F(NonInviteClientTransactionTest, TimerEUsesT2InProceeding) {
  transport.setReliable(false);
  auto tx = start();
  host.advance(600);  // retransmission at 500, next one due at 1500
  tx->receiveResponse(sip::test::response(tx->request(), 100, ""));
  const auto times = sendTimesUntil(12000);
  // Timer E keeps its pending 1500; from then on it is reset to T2.
  EXPECT_EQ(times, (std::vector<uint64_t>{1500, 5500, 9500}));
}

TEST_F(NonInviteClientTransactionTest, TransportErrorTerminates) {
  transport.mode = FakeTransport::Mode::Defer;
  auto tx = start();
  transport.settle(sip::core::TransportError{"gone"});
  EXPECT_EQ(recorder.events, (Events{"transportError:gone", "state:Terminated"}));
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(host.pendingTimers(), 0u);
}

TEST_F(NonInviteClientTransactionTest, SynchronousTransportErrorTerminatesOnTheNextTick) {
  transport.mode = FakeTransport::Mode::FailSync;
  auto tx = start();
  EXPECT_EQ(tx->state(), TransactionState::Trying);
  host.runDue();
  EXPECT_EQ(recorder.events, (Events{"transportError:fake transport failure", "state:Terminated"}));
}

TEST_F(NonInviteClientTransactionTest, InvalidStatusCodeIsDropped) {
  auto tx = start();
  auto bogus = sip::test::response(tx->request(), 200);
  bogus.statusCode = 1000;
  tx->receiveResponse(bogus);
  EXPECT_TRUE(recorder.events.empty());
  EXPECT_EQ(tx->state(), TransactionState::Trying);
  EXPECT_TRUE(host.logged(LogLevel::Warn, "invalid status code 1000"));
}

TEST_F(NonInviteClientTransactionTest, ADisposedTransactionIgnoresResponses) {
  auto tx = start();
  tx->dispose();
  tx->receiveResponse(sip::test::response(tx->request(), 200));
  EXPECT_TRUE(recorder.events.empty());
  EXPECT_EQ(tx->state(), TransactionState::Trying);  // dispose() is not a state change
  EXPECT_EQ(host.pendingTimers(), 0u);               // and nothing restarted a timer
}

}  // namespace
