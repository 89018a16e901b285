// INVITE client transaction (RFC 3261 §17.1.1, RFC 6026 Accepted state, SIP.js behaviour).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/transactions/invite_client_transaction.h"
#include "support/transaction_test_fixture.h"

namespace {

using sip::core::InviteClientTransaction;

class InviteClientTransactionTest : public sip::test::TransactionTest {
 protected:
  std::shared_ptr<InviteClientTransaction> start(std::vector<std::string> routes = {}) {
    sip::core::ViaOptions via;
    via.viaHost = "abc123.invalid";
    auto tx = InviteClientTransaction::create(host, transport, sip::test::outgoingRequest("INVITE", 1, std::move(routes)),
                                              recorder.clientUser(), via);
    if (tx) table.add(tx);
    return tx;
  }
  // The request as it went on the wire.
  sip::Message sentRequest(size_t index = 0) { return sip::test::parseOrFail(transport.sent().at(index)); }
};

TEST_F(InviteClientTransactionTest, SendsTheInviteWithANewBranchAndStartsCalling) {
  // Twelve draws of 0.5: each base-32 digit of the branch is 16, "g" (message_helpers.cpp).
  host.scriptRandom(std::vector<uint32_t>(12, 0x80000000u));
  auto tx = start();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->id(), "z9hG4bKgggggggggggg");
  EXPECT_EQ(tx->state(), TransactionState::Calling);
  EXPECT_EQ(tx->kind(), "ict");
  ASSERT_EQ(transport.sentCount(), 1u);
  const auto sent = sentRequest();
  EXPECT_EQ(sent.method, "INVITE");
  ASSERT_EQ(sent.headerValues("Via").size(), 1u);  // the placeholder Via was replaced
  EXPECT_EQ(sent.header("Via").value_or(""), "SIP/2.0/WSS abc123.invalid;branch=z9hG4bKgggggggggggg");
  EXPECT_EQ(tx->request().branch(), std::optional<std::string>("z9hG4bKgggggggggggg"));
  EXPECT_TRUE(recorder.events.empty());  // no notification for the initial state
  EXPECT_EQ(table.clientCount(), 1u);
}

TEST_F(InviteClientTransactionTest, ViaOptionsRportAndHackViaTcp) {
  sip::core::ViaOptions via;
  via.viaHost = "h.invalid";
  via.forceRport = true;
  via.hackViaTcp = true;
  host.scriptRandom(std::vector<uint32_t>(12, 0u));
  auto tx = InviteClientTransaction::create(host, transport, sip::test::outgoingRequest("INVITE"), recorder.clientUser(), via);
  ASSERT_TRUE(tx);
  EXPECT_EQ(sentRequest().header("Via").value_or(""), "SIP/2.0/TCP h.invalid;branch=z9hG4bK000000000000;rport");
}

TEST_F(InviteClientTransactionTest, RefusesANonInviteRequest) {
  auto tx = InviteClientTransaction::create(host, transport, sip::test::outgoingRequest("BYE"), recorder.clientUser());
  EXPECT_EQ(tx, nullptr);
  EXPECT_EQ(transport.sentCount(), 0u);
  EXPECT_TRUE(host.logged(LogLevel::Error, "BYE"));
}

TEST_F(InviteClientTransactionTest, ProvisionalResponsesMoveToProceedingAndReachTheUser) {
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 100, ""));
  EXPECT_EQ(tx->state(), TransactionState::Proceeding);
  tx->receiveResponse(sip::test::response(tx->request(), 180));
  tx->receiveResponse(sip::test::response(tx->request(), 183));
  EXPECT_EQ(tx->state(), TransactionState::Proceeding);
  EXPECT_EQ(recorder.events, (Events{"state:Proceeding", "response:100", "response:180", "response:183"}));
  EXPECT_EQ(transport.sentCount(), 1u);  // nothing sent for 1xx
}

TEST_F(InviteClientTransactionTest, TwoHundredGoesToTheUserAndTimerMTerminatesAccepted) {
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 180));
  tx->receiveResponse(sip::test::response(tx->request(), 200));
  EXPECT_EQ(tx->state(), TransactionState::Accepted);
  EXPECT_EQ(recorder.events, (Events{"state:Proceeding", "response:180", "state:Accepted", "response:200"}));
  EXPECT_EQ(transport.sentCount(), 1u);  // the ACK of a 2xx is the TU's (§17.1.1.2)

  host.advance(Timers::TIMER_M - 1);
  EXPECT_EQ(tx->state(), TransactionState::Accepted);
  host.advance(1);
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(recorder.events.back(), "state:Terminated");
  EXPECT_TRUE(table.empty());
  EXPECT_TRUE(tx->isDisposed());
}

TEST_F(InviteClientTransactionTest, TwoHundredInCallingGoesStraightToAccepted) {
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 200));
  EXPECT_EQ(recorder.events, (Events{"state:Accepted", "response:200"}));
}

TEST_F(InviteClientTransactionTest, AckResponseSendsTheTuAckWithItsOwnBranchAndReplaysItForRetransmitted2xx) {
  auto tx = start();
  const auto ok = sip::test::response(tx->request(), 200, "tag-a");
  tx->receiveResponse(ok);
  // A retransmitted 2xx before the TU ACKed: absorbed, not passed up again.
  tx->receiveResponse(ok);
  EXPECT_EQ(recorder.countOf("response:200"), 1u);
  EXPECT_EQ(transport.sentCount(), 1u);

  sip::test::RequestSpec ackSpec;
  ackSpec.method = "ACK";
  ackSpec.toTag = "tag-a";
  ackSpec.branch = "z9hG4bKwillbereplaced";
  host.scriptRandom(std::vector<uint32_t>(12, 0x40000000u));  // 0.25 -> each digit 8
  ASSERT_TRUE(tx->ackResponse(sip::test::request(ackSpec)));
  ASSERT_EQ(transport.sentCount(), 2u);
  const auto ack = sentRequest(1);
  EXPECT_EQ(ack.method, "ACK");
  EXPECT_EQ(ack.branch(), std::optional<std::string>("z9hG4bK888888888888"));
  EXPECT_NE(ack.branch(), tx->request().branch());  // the 2xx ACK is a transaction of its own

  // Each retransmission of that 2xx gets the same ACK again; the TU does not see it.
  tx->receiveResponse(ok);
  tx->receiveResponse(ok);
  ASSERT_EQ(transport.sentCount(), 4u);
  EXPECT_EQ(transport.sent()[2], transport.sent()[1]);
  EXPECT_EQ(transport.sent()[3], transport.sent()[1]);
  EXPECT_EQ(recorder.countOf("response:200"), 1u);
}

TEST_F(InviteClientTransactionTest, A2xxFromAnotherForkIsPassedUp) {
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 200, "fork-1"));
  tx->receiveResponse(sip::test::response(tx->request(), 200, "fork-2"));
  tx->receiveResponse(sip::test::response(tx->request(), 200, "fork-2"));  // its retransmission
  EXPECT_EQ(recorder.countOf("response:200"), 2u);
  ASSERT_EQ(recorder.responses.size(), 2u);
  EXPECT_EQ(recorder.responses[0].toTag(), std::optional<std::string>("fork-1"));
  EXPECT_EQ(recorder.responses[1].toTag(), std::optional<std::string>("fork-2"));
}

TEST_F(InviteClientTransactionTest, AckResponseWithoutToTagIsRefused) {
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 200));
  sip::test::RequestSpec ackSpec;
  ackSpec.method = "ACK";
  EXPECT_FALSE(tx->ackResponse(sip::test::request(ackSpec)));
  EXPECT_EQ(transport.sentCount(), 1u);
  EXPECT_TRUE(host.logged(LogLevel::Error, "To tag"));
}

TEST_F(InviteClientTransactionTest, NonSuccessFinalIsAckedInsideTheTransactionPer17113) {
  auto tx = start({"<sip:proxy1.example.com;lr>", "<sip:proxy2.example.com;lr>"});
  tx->receiveResponse(sip::test::response(tx->request(), 180, "tag-x"));
  tx->receiveResponse(sip::test::response(tx->request(), 486, "tag-x"));
  EXPECT_EQ(tx->state(), TransactionState::Completed);
  EXPECT_EQ(recorder.events,
            (Events{"state:Proceeding", "response:180", "state:Completed", "response:486"}));

  ASSERT_EQ(transport.sentCount(), 2u);
  const auto invite = sentRequest(0);
  const auto ack = sentRequest(1);
  EXPECT_EQ(ack.method, "ACK");
  EXPECT_EQ(ack.ruri.toString(), invite.ruri.toString());
  // Same top Via, so the same branch: the ACK is part of the INVITE transaction.
  EXPECT_EQ(ack.header("Via"), invite.header("Via"));
  EXPECT_EQ(ack.headerValues("Via").size(), 1u);
  EXPECT_EQ(ack.branch(), invite.branch());
  EXPECT_EQ(ack.toTag(), std::optional<std::string>("tag-x"));  // To of the response
  EXPECT_EQ(ack.header("From"), invite.header("From"));
  EXPECT_EQ(ack.callId(), invite.callId());
  ASSERT_TRUE(ack.cseq());
  EXPECT_EQ(ack.cseq()->number, invite.cseq()->number);
  EXPECT_EQ(ack.cseq()->method, "ACK");
  EXPECT_EQ(ack.headerValues("Route"), invite.headerValues("Route"));
  EXPECT_EQ(ack.headerValues("Route").size(), 2u);
  EXPECT_EQ(ack.maxForwards(), std::optional<uint32_t>(70));
  EXPECT_TRUE(ack.body.empty());
  EXPECT_EQ(ack.contentLength(), std::optional<uint32_t>(0));
}

TEST_F(InviteClientTransactionTest, RetransmittedFinalResponseInCompletedIsAckedAgainAndAbsorbed) {
  transport.setReliable(false);  // so that Completed lasts (Timer D = 32 s)
  auto tx = start();
  const auto busy = sip::test::response(tx->request(), 486);
  tx->receiveResponse(busy);
  tx->receiveResponse(busy);
  tx->receiveResponse(busy);
  EXPECT_EQ(recorder.countOf("response:486"), 1u);
  ASSERT_EQ(transport.sentCount(), 4u);  // INVITE + 3 ACKs
  EXPECT_EQ(transport.sent()[2], transport.sent()[1]);
  EXPECT_EQ(transport.sent()[3], transport.sent()[1]);
}

TEST_F(InviteClientTransactionTest, TimerDIsZeroOnReliableTransports) {
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 603));
  EXPECT_EQ(tx->state(), TransactionState::Completed);
  host.runDue();
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(host.now(), 0u);
  EXPECT_TRUE(table.empty());
}

TEST_F(InviteClientTransactionTest, TimerDIs32SecondsOnUnreliableTransports) {
  transport.setReliable(false);
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 100, ""));  // stops Timer A
  tx->receiveResponse(sip::test::response(tx->request(), 404));
  host.advance(31999);
  EXPECT_EQ(tx->state(), TransactionState::Completed);
  host.advance(1);
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(transport.sentCount(), 2u);  // no INVITE retransmission after the 100
}

TEST_F(InviteClientTransactionTest, TimerBTimesOutInCallingWithoutAnAck) {
  auto tx = start();
  host.advance(Timers::TIMER_B - 1);
  EXPECT_EQ(tx->state(), TransactionState::Calling);
  EXPECT_EQ(transport.sentCount(), 1u);  // reliable: no Timer A retransmissions
  host.advance(1);
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(recorder.events, (Events{"timeout", "state:Terminated"}));
  EXPECT_EQ(transport.sentCount(), 1u);  // "MUST NOT generate an ACK"
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(host.pendingTimers(), 0u);
}

TEST_F(InviteClientTransactionTest, ProvisionalResponseCancelsTimerB) {
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 180));
  host.advance(10 * Timers::TIMER_B);
  EXPECT_EQ(tx->state(), TransactionState::Proceeding);  // an INVITE may ring forever
  EXPECT_EQ(recorder.countOf("timeout"), 0u);
  EXPECT_EQ(host.pendingTimers(), 0u);
}

TEST_F(InviteClientTransactionTest, TimerARetransmitsWithDoublingIntervalsOnUnreliableTransports) {
  transport.setReliable(false);
  transport.mode = FakeTransport::Mode::Succeed;
  auto tx = start();
  std::vector<uint64_t> sendTimes{0};
  size_t seen = 1;
  while (host.now() < Timers::TIMER_B) {
    host.advance(1);
    while (seen < transport.sentCount()) {
      sendTimes.push_back(host.now());
      ++seen;
    }
  }
  // T1, 2T1, 4T1, ... after the first send, until Timer B fires at 64*T1.
  EXPECT_EQ(sendTimes, (std::vector<uint64_t>{0, 500, 1500, 3500, 7500, 15500, 31500}));
  for (const auto& message : transport.sent()) EXPECT_EQ(message, transport.sent()[0]);
  EXPECT_EQ(tx->state(), TransactionState::Terminated);
  EXPECT_EQ(recorder.events, (Events{"timeout", "state:Terminated"}));
}

TEST_F(InviteClientTransactionTest, TimerAStopsOnAnyResponse) {
  transport.setReliable(false);
  auto tx = start();
  host.advance(600);  // one retransmission at 500
  EXPECT_EQ(transport.sentCount(), 2u);
  tx->receiveResponse(sip::test::response(tx->request(), 180));
  host.advance(60000);
  EXPECT_EQ(transport.sentCount(), 2u);
}

TEST_F(InviteClientTransactionTest, SynchronousTransportFailureIsReportedAfterCreateReturns) {
  transport.mode = FakeTransport::Mode::FailSync;
  auto tx = start();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->state(), TransactionState::Calling);  // as with a rejected Promise: later
  EXPECT_TRUE(recorder.events.empty());
  host.runDue();
  EXPECT_EQ(recorder.events, (Events{"transportError:fake transport failure", "state:Terminated"}));
  EXPECT_TRUE(host.logged(LogLevel::Error, "Failed to send initial outgoing request."));
  EXPECT_TRUE(host.logged(LogLevel::Error, "Transport error occurred in INVITE client transaction"));
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(host.pendingTimers(), 0u);  // Timer B cleared
}

TEST_F(InviteClientTransactionTest, AsynchronousTransportFailureOfTheAckTerminates) {
  auto tx = start();
  transport.mode = FakeTransport::Mode::Defer;
  tx->receiveResponse(sip::test::response(tx->request(), 486));
  EXPECT_EQ(tx->state(), TransactionState::Completed);
  EXPECT_EQ(transport.deferredCount(), 1u);
  transport.settle(sip::core::TransportError{"socket closed"});
  EXPECT_EQ(recorder.events.back(), "state:Terminated");
  EXPECT_EQ(recorder.countOf("transportError:socket closed"), 1u);
  EXPECT_TRUE(host.logged(LogLevel::Error, "Failed to send ACK to non-2xx response."));
}

TEST_F(InviteClientTransactionTest, TransportFailureAfterTheTransactionEndedIsOnlyLogged) {
  transport.mode = FakeTransport::Mode::Defer;
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 486));
  host.runDue();  // Timer D (0) terminates
  ASSERT_EQ(tx->state(), TransactionState::Terminated);
  const size_t before = recorder.events.size();
  transport.settle(sip::core::TransportError{"late"});
  EXPECT_EQ(recorder.events.size(), before);
  EXPECT_TRUE(host.logged(LogLevel::Error, "late"));
}

TEST_F(InviteClientTransactionTest, SuccessfulDeferredSendsChangeNothing) {
  transport.mode = FakeTransport::Mode::Defer;
  auto tx = start();
  transport.settle();
  EXPECT_EQ(tx->state(), TransactionState::Calling);
  EXPECT_TRUE(recorder.events.empty());
}

TEST_F(InviteClientTransactionTest, UnexpectedAndInvalidResponsesAreDroppedWithALogLine) {
  auto tx = start();
  tx->receiveResponse(sip::test::response(tx->request(), 200));
  recorder.events.clear();
  tx->receiveResponse(sip::test::response(tx->request(), 180));  // 1xx after 2xx
  tx->receiveResponse(sip::test::response(tx->request(), 486));  // non-2xx after 2xx
  EXPECT_TRUE(recorder.events.empty());
  EXPECT_TRUE(host.logged(LogLevel::Warn, "Received unexpected 180 response while in state Accepted."));
  EXPECT_TRUE(host.logged(LogLevel::Warn, "Received unexpected 486 response while in state Accepted."));

  sip::Message bogus = sip::test::response(tx->request(), 200);
  bogus.statusCode = 700;
  tx->receiveResponse(bogus);
  bogus.statusCode = 99;
  tx->receiveResponse(bogus);
  EXPECT_TRUE(recorder.events.empty());
  EXPECT_TRUE(host.logged(LogLevel::Warn, "invalid status code 700"));
  tx->receiveResponse(tx->request());  // a request is not a response
  EXPECT_TRUE(recorder.events.empty());
  EXPECT_EQ(tx->state(), TransactionState::Accepted);
}

TEST_F(InviteClientTransactionTest, DisposeStopsTimersDropsTheUserAndLeavesTheTable) {
  transport.setReliable(false);
  auto tx = start();
  EXPECT_EQ(host.pendingTimers(), 2u);  // A and B
  tx->dispose();
  EXPECT_TRUE(tx->isDisposed());
  EXPECT_EQ(host.pendingTimers(), 0u);
  EXPECT_TRUE(table.empty());
  host.advance(100000);
  EXPECT_TRUE(recorder.events.empty());
  EXPECT_EQ(transport.sentCount(), 1u);
  tx->dispose();  // idempotent
}

TEST_F(InviteClientTransactionTest, StateChangeListenersRunAfterTheUserAndOnceListenersOnce) {
  auto tx = start();
  std::vector<std::string> order;
  recorder.events.clear();
  tx->addStateChangeListener([&] { order.push_back("every:" + std::string(toString(tx->state()))); });
  tx->addStateChangeListener([&] { order.push_back("once:" + std::string(toString(tx->state()))); }, true);
  const auto removed = tx->addStateChangeListener([&] { order.push_back("removed"); });
  tx->removeStateChangeListener(removed);
  tx->receiveResponse(sip::test::response(tx->request(), 180));
  tx->receiveResponse(sip::test::response(tx->request(), 486));
  EXPECT_EQ(order, (std::vector<std::string>{"every:Proceeding", "once:Proceeding", "every:Completed"}));
  EXPECT_EQ(recorder.events.front(), "state:Proceeding");
}

TEST_F(InviteClientTransactionTest, TheUserMayDropItsLastReferenceFromACallback) {
  // The table holds the transaction; the user disposes it from inside receiveResponse.
  std::shared_ptr<InviteClientTransaction> tx;
  sip::core::ClientTransactionUser user;
  int calls = 0;
  user.receiveResponse = [&](const sip::Message&) {
    ++calls;
    tx->dispose();
    tx.reset();
  };
  tx = InviteClientTransaction::create(host, transport, sip::test::outgoingRequest("INVITE"), user);
  table.add(tx);
  auto copyOfRequest = tx->request();
  std::weak_ptr<InviteClientTransaction> weak = tx;
  tx->receiveResponse(sip::test::response(copyOfRequest, 486));
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(weak.expired());
  EXPECT_TRUE(table.empty());
  host.advance(100000);
}

}  // namespace
