// Transaction matching (RFC 3261 §17.1.3, §17.2.3 incl. the RFC 2543 fallback, §9.2 CANCEL) and the
// TransactionTable registry (removal on termination, no leaks).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/timers.h"
#include "core/transactions/invite_client_transaction.h"
#include "core/transactions/invite_server_transaction.h"
#include "core/transactions/non_invite_client_transaction.h"
#include "core/transactions/non_invite_server_transaction.h"
#include "core/transactions/transaction_matching.h"
#include "core/transactions/transaction_table.h"
#include "support/manual_host.h"
#include "support/sip_fixtures.h"
#include "support/transaction_recorder.h"

namespace {

using sip::core::InviteClientTransaction;
using sip::core::InviteServerTransaction;
using sip::core::NonInviteClientTransaction;
using sip::core::NonInviteServerTransaction;
using sip::core::ServerTransaction;
using sip::core::TransactionState;
using sip::core::TransactionTable;
using sip::test::FakeTransport;
using sip::test::ManualHost;
using sip::test::RequestSpec;
using sip::test::TransactionRecorder;

class TransactionTableTest : public ::testing::Test {
 protected:
  void TearDown() override {
    table.disposeAll();
    EXPECT_EQ(sip::core::Transaction::liveCount(), 0u) << "a transaction leaked";
  }
  std::shared_ptr<InviteServerTransaction> serverInvite(const RequestSpec& spec) {
    auto tx = InviteServerTransaction::create(host, transport, sip::test::request(spec), recorder.serverUser());
    EXPECT_TRUE(table.add(tx));
    return tx;
  }
  std::shared_ptr<NonInviteServerTransaction> serverNonInvite(const RequestSpec& spec) {
    auto tx = NonInviteServerTransaction::create(host, transport, sip::test::request(spec), recorder.serverUser());
    EXPECT_TRUE(table.add(tx));
    return tx;
  }
  static RequestSpec with(RequestSpec spec, const std::function<void(RequestSpec&)>& change) {
    change(spec);
    return spec;
  }
  std::shared_ptr<ServerTransaction> find(const RequestSpec& spec) {
    return table.findServerTransaction(sip::test::request(spec));
  }

  ManualHost host;
  FakeTransport transport;
  TransactionRecorder recorder;
  TransactionTable table{host};
};

// ---- §17.1.3 client matching ----

TEST_F(TransactionTableTest, ResponsesMatchClientTransactionsByBranchAndCSeqMethod) {
  auto invite = InviteClientTransaction::create(host, transport, sip::test::outgoingRequest("INVITE"), recorder.clientUser());
  ASSERT_TRUE(table.add(invite));
  // The CANCEL carries the INVITE's Via, so the same branch (§9.1).
  auto cancelRequest = sip::test::outgoingRequest("CANCEL");
  cancelRequest.setHeader("Via", *invite->request().header("Via"));
  auto cancel = NonInviteClientTransaction::create(host, transport, cancelRequest, recorder.clientUser());
  ASSERT_TRUE(cancel);
  EXPECT_EQ(cancel->id(), invite->id());
  ASSERT_TRUE(table.add(cancel));
  EXPECT_EQ(table.clientCount(), 2u);

  EXPECT_EQ(table.findClientTransaction(sip::test::response(invite->request(), 180)), invite);
  EXPECT_EQ(table.findClientTransaction(sip::test::response(cancel->request(), 200)), cancel);
  EXPECT_EQ(table.findClientTransaction(invite->id(), "INVITE"), invite);
  EXPECT_EQ(table.findClientTransaction(invite->id(), "CANCEL"), cancel);
  EXPECT_EQ(table.findClientTransaction(invite->id(), "BYE"), nullptr);

  // Another branch, or a request instead of a response, matches nothing.
  auto other = sip::test::response(invite->request(), 180);
  other.setHeader("Via", "SIP/2.0/WSS invalid.invalid;branch=z9hG4bKsomethingelse");
  EXPECT_EQ(table.findClientTransaction(other), nullptr);
  EXPECT_EQ(table.findClientTransaction(invite->request()), nullptr);
}

TEST_F(TransactionTableTest, ClientTransactionsLeaveTheTableWhenTheyTerminate) {
  auto tx = NonInviteClientTransaction::create(host, transport, sip::test::outgoingRequest("OPTIONS"), recorder.clientUser());
  ASSERT_TRUE(table.add(tx));
  const auto ok = sip::test::response(tx->request(), 200);
  table.findClientTransaction(ok)->receiveResponse(ok);
  EXPECT_EQ(table.size(), 1u);  // Completed, waiting for Timer K (0)
  host.runDue();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.findClientTransaction(ok), nullptr);  // a late retransmission is unmatched
}

TEST_F(TransactionTableTest, AddRefusesNullDuplicatesEndedAndAlreadyRegisteredTransactions) {
  std::shared_ptr<NonInviteClientTransaction> none;
  EXPECT_FALSE(table.add(none));

  auto tx = NonInviteClientTransaction::create(host, transport, sip::test::outgoingRequest("OPTIONS"), recorder.clientUser());
  ASSERT_TRUE(table.add(tx));
  EXPECT_FALSE(table.add(tx));  // same key
  TransactionTable other(host);
  EXPECT_FALSE(other.add(tx));  // already registered elsewhere

  auto server = NonInviteServerTransaction::create(host, transport, sip::test::request(with({}, [](RequestSpec& s) {
                                                     s.method = "OPTIONS";
                                                   })),
                                                   recorder.serverUser());
  ASSERT_TRUE(table.add(server));
  auto twin = NonInviteServerTransaction::create(host, transport, server->request(), recorder.serverUser());
  EXPECT_FALSE(table.add(twin));  // matches the same requests as a live one

  auto ended = NonInviteClientTransaction::create(host, transport, sip::test::outgoingRequest("OPTIONS"), recorder.clientUser());
  ended->dispose();
  EXPECT_FALSE(table.add(ended));
  EXPECT_EQ(table.size(), 2u);
}

// ---- §17.2.3 server matching, RFC 3261 peers ----

TEST_F(TransactionTableTest, RetransmittedInviteAndItsAckMatchTheInviteServerTransaction) {
  RequestSpec spec;
  auto ist = serverInvite(spec);
  EXPECT_EQ(find(spec), ist);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.sentBy = "CLIENT.Example.COM:5060"; })), ist);  // hosts compare case-insensitively
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) {
              s.method = "ACK";
              s.toTag = "uas-tag";
            })),
            ist);
  // A different branch, sent-by or port is another transaction.
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.branch = "z9hG4bKclient2"; })), nullptr);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.sentBy = "other.example.com:5060"; })), nullptr);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.sentBy = "client.example.com:5070"; })), nullptr);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.sentBy = "client.example.com"; })), nullptr);
  // CANCEL shares the branch but is a transaction of its own (§17.2.3: method matches, ACK aside).
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.method = "CANCEL"; })), nullptr);
  // Any other method with the same branch is not this transaction either.
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.method = "BYE"; })), nullptr);
}

TEST_F(TransactionTableTest, NonInviteServerTransactionsMatchTheirRetransmissions) {
  RequestSpec spec;
  spec.method = "MESSAGE";
  auto nist = serverNonInvite(spec);
  EXPECT_EQ(find(spec), nist);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.method = "INFO"; })), nullptr);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.method = "ACK"; })), nullptr);  // ACK only goes with INVITE
}

TEST_F(TransactionTableTest, CancelFindsTheInviteItTargetsPer92) {
  RequestSpec spec;
  auto ist = serverInvite(spec);
  const auto cancelSpec = with(spec, [](RequestSpec& s) { s.method = "CANCEL"; });
  const auto cancel = sip::test::request(cancelSpec);
  EXPECT_EQ(table.findInviteServerTransactionForCancel(cancel), ist);
  // The CANCEL's own transaction, once created, is found for its retransmissions.
  auto cancelTx = serverNonInvite(cancelSpec);
  EXPECT_EQ(table.findServerTransaction(cancel), cancelTx);
  EXPECT_EQ(table.findServerTransaction(sip::test::request(spec)), ist);
  // A CANCEL for an unknown INVITE (the UAS answers 481), or a non-CANCEL, finds nothing.
  EXPECT_EQ(table.findInviteServerTransactionForCancel(
                sip::test::request(with(cancelSpec, [](RequestSpec& s) { s.branch = "z9hG4bKunknown"; }))),
            nullptr);
  EXPECT_EQ(table.findInviteServerTransactionForCancel(sip::test::request(spec)), nullptr);
  // A CANCEL aimed at a non-INVITE transaction finds no INVITE transaction.
  RequestSpec message;
  message.method = "MESSAGE";
  message.branch = "z9hG4bKmessage";
  serverNonInvite(message);
  EXPECT_EQ(table.findInviteServerTransactionForCancel(
                sip::test::request(with(message, [](RequestSpec& s) { s.method = "CANCEL"; }))),
            nullptr);
}

// ---- §17.2.3 server matching, RFC 2543 peers (no magic cookie) ----

TEST_F(TransactionTableTest, Rfc2543InviteMatchesByRequestUriTagsCallIdCSeqAndTopVia) {
  RequestSpec spec;
  spec.branch = "abcdef12";  // no z9hG4bK
  auto ist = serverInvite(spec);
  EXPECT_EQ(ist->id(), "abcdef12");
  EXPECT_EQ(find(spec), ist);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.ruri = "sip:carol@example.com"; })), nullptr);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.fromTag = "other"; })), nullptr);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.toTag = "sometag"; })), nullptr);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.callId = "call-2@example.com"; })), nullptr);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.cseq = 2; })), nullptr);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.branch = "abcdef13"; })), nullptr);  // top Via differs
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.sentBy = "other.example.com"; })), nullptr);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.method = "CANCEL"; })), nullptr);
}

TEST_F(TransactionTableTest, Rfc2543RequestWithoutAnyBranchIsMatchedToo) {
  RequestSpec spec;
  spec.branch.clear();
  auto ist = serverInvite(spec);
  EXPECT_EQ(ist->id(), "");
  EXPECT_EQ(find(spec), ist);
  RequestSpec other = spec;
  other.callId = "call-2@example.com";
  auto second = serverInvite(other);  // two RFC 2543 transactions side by side
  EXPECT_EQ(find(other), second);
  EXPECT_EQ(find(spec), ist);
}

TEST_F(TransactionTableTest, Rfc2543AckMatchesByTheToTagOfTheResponseSent) {
  RequestSpec spec;
  spec.branch = "oldstyle1";
  auto ist = serverInvite(spec);
  const auto ackSpec = with(spec, [](RequestSpec& s) {
    s.method = "ACK";
    s.cseqMethod = "ACK";
    s.toTag = "uas-tag";
  });
  EXPECT_EQ(find(ackSpec), nullptr);  // no final response sent yet
  ASSERT_TRUE(ist->receiveResponse(486, sip::test::responseText(ist->request(), 486, "uas-tag")));
  EXPECT_EQ(find(ackSpec), ist);
  EXPECT_EQ(find(with(ackSpec, [](RequestSpec& s) { s.toTag = "another"; })), nullptr);
  EXPECT_EQ(find(with(ackSpec, [](RequestSpec& s) { s.cseq = 9; })), nullptr);
  table.findServerTransaction(sip::test::request(ackSpec))->receiveRequest(sip::test::request(ackSpec));
  EXPECT_EQ(ist->state(), TransactionState::Confirmed);
}

TEST_F(TransactionTableTest, Rfc2543CancelFindsTheInvite) {
  RequestSpec spec;
  spec.branch = "oldstyle2";
  auto ist = serverInvite(spec);
  const auto cancel = sip::test::request(with(spec, [](RequestSpec& s) { s.method = "CANCEL"; }));
  EXPECT_EQ(table.findInviteServerTransactionForCancel(cancel), ist);
  EXPECT_EQ(table.findServerTransaction(cancel), nullptr);
  const auto wrong = sip::test::request(with(spec, [](RequestSpec& s) {
    s.method = "CANCEL";
    s.cseq = 7;
  }));
  EXPECT_EQ(table.findInviteServerTransactionForCancel(wrong), nullptr);
}

TEST_F(TransactionTableTest, Rfc2543NonInviteMatchesIncludingTheCSeqMethod) {
  RequestSpec spec;
  spec.method = "OPTIONS";
  spec.branch.clear();
  auto nist = serverNonInvite(spec);
  EXPECT_EQ(find(spec), nist);
  EXPECT_EQ(find(with(spec, [](RequestSpec& s) { s.cseqMethod = "INFO"; })), nullptr);
}

TEST_F(TransactionTableTest, MatchingFunctionsDirectly) {
  const auto invite = sip::test::request(RequestSpec{});
  EXPECT_EQ(sip::core::serverTransactionKey(invite), sip::core::serverTransactionKey(
                                                         sip::test::request(with({}, [](RequestSpec& s) { s.method = "ACK"; }))));
  EXPECT_NE(sip::core::serverTransactionKey(invite), sip::core::serverTransactionKey(
                                                         sip::test::request(with({}, [](RequestSpec& s) { s.method = "CANCEL"; }))));
  EXPECT_EQ(sip::core::serverTransactionKey(invite),
            sip::core::serverTransactionKey(sip::test::request(with({}, [](RequestSpec& s) { s.method = "CANCEL"; })),
                                            std::string_view("INVITE")));
  EXPECT_EQ(sip::core::serverTransactionKey(sip::test::request(with({}, [](RequestSpec& s) { s.branch = "nocookie"; }))),
            std::nullopt);
  EXPECT_EQ(sip::core::clientTransactionKeyOfResponse(sip::test::response(invite, 200)),
            sip::core::clientTransactionKey("z9hG4bKclient1", "INVITE"));
  EXPECT_TRUE(sip::core::hasMagicCookie("z9hG4bK1"));
  EXPECT_FALSE(sip::core::hasMagicCookie("z9hg4bk1"));  // the cookie is case-sensitive
  EXPECT_FALSE(sip::core::hasMagicCookie("z9hG4b"));
}

// The write* forms replace whatever the buffer held (a lookup reuses one) and agree with the others.
TEST_F(TransactionTableTest, KeyWritersReplaceTheBufferAndAgree) {
  const auto invite = sip::test::request(RequestSpec{});
  std::string key(200, 'x');
  ASSERT_TRUE(sip::core::writeServerTransactionKey(key, invite));
  EXPECT_EQ(key, sip::core::serverTransactionKey(invite));
  ASSERT_TRUE(sip::core::writeServerTransactionKey(key, invite, std::string_view("INVITE")));
  EXPECT_EQ(key, sip::core::serverTransactionKey(invite, std::string_view("INVITE")));
  ASSERT_TRUE(sip::core::writeClientTransactionKeyOfResponse(key, sip::test::response(invite, 200)));
  EXPECT_EQ(key, sip::core::clientTransactionKey("z9hG4bKclient1", "INVITE"));
  sip::core::writeClientTransactionKey(key, "b", "BYE");
  EXPECT_EQ(key, "b\nBYE");
  EXPECT_FALSE(sip::core::writeServerTransactionKey(
      key, sip::test::request(with({}, [](RequestSpec& s) { s.branch = "nocookie"; }))));
}

// ---- CANCEL at the UAS, end to end (§9.2) ----

TEST_F(TransactionTableTest, UasAnswers200ToCancelAnd487ToTheInviteThenEverythingEnds) {
  RequestSpec spec;
  auto ist = serverInvite(spec);
  ist->receiveResponse(100, sip::test::responseText(ist->request(), 100, ""));
  ist->receiveResponse(180, sip::test::responseText(ist->request(), 180, "uas-tag"));

  const auto cancelSpec = with(spec, [](RequestSpec& s) { s.method = "CANCEL"; });
  const auto cancel = sip::test::request(cancelSpec);
  ASSERT_EQ(table.findServerTransaction(cancel), nullptr);  // a new transaction
  auto target = table.findInviteServerTransactionForCancel(cancel);
  ASSERT_EQ(target, ist);
  auto cancelTx = serverNonInvite(cancelSpec);
  ASSERT_TRUE(cancelTx->receiveResponse(200, sip::test::responseText(cancel, 200, "uas-tag")));
  ASSERT_EQ(target->state(), TransactionState::Proceeding);
  ASSERT_TRUE(target->receiveResponse(487, sip::test::responseText(ist->request(), 487, "uas-tag")));

  // The caller ACKs the 487 within the INVITE transaction.
  const auto ack = sip::test::request(with(spec, [](RequestSpec& s) {
    s.method = "ACK";
    s.toTag = "uas-tag";
  }));
  auto matched = table.findServerTransaction(ack);
  ASSERT_EQ(matched, ist);
  matched->receiveRequest(ack);
  EXPECT_EQ(ist->state(), TransactionState::Confirmed);
  host.runDue();  // Timers I and J are 0 on reliable transports
  EXPECT_EQ(ist->state(), TransactionState::Terminated);
  EXPECT_EQ(cancelTx->state(), TransactionState::Terminated);
  EXPECT_TRUE(table.empty());
  ASSERT_EQ(transport.sentCount(), 4u);
  EXPECT_EQ(sip::test::parseOrFail(transport.sent()[2]).cseq()->method, "CANCEL");
  EXPECT_EQ(sip::test::parseOrFail(transport.sent()[3]).statusCode, 487);
}

// ---- a client and a server talking through the tables ----

TEST_F(TransactionTableTest, ClientAndServerTransactionsInterworkOverTheWire) {
  // Alice's side: her own table and transport; Bob's side uses the fixture's.
  FakeTransport aliceTransport(/*reliable=*/false, "UDP");
  TransactionTable aliceTable(host);
  TransactionRecorder alice;
  auto ict = InviteClientTransaction::create(host, aliceTransport, sip::test::outgoingRequest("INVITE"), alice.clientUser());
  ASSERT_TRUE(aliceTable.add(ict));
  transport.setReliable(false);

  size_t aliceSeen = 0, bobSeen = 0;
  std::shared_ptr<InviteServerTransaction> ist;
  int newInvites = 0;
  // Delivers whatever each side sent to the other, as the network would.
  auto pump = [&] {
    for (; aliceSeen < aliceTransport.sentCount(); ++aliceSeen) {
      auto message = sip::test::parseOrFail(aliceTransport.sent()[aliceSeen]);
      if (auto tx = table.findServerTransaction(message)) {
        tx->receiveRequest(message);
      } else if (message.method == "INVITE") {
        ++newInvites;
        ist = InviteServerTransaction::create(host, transport, message, recorder.serverUser());
        ASSERT_TRUE(table.add(ist));
      }
    }
    for (; bobSeen < transport.sentCount(); ++bobSeen) {
      auto message = sip::test::parseOrFail(transport.sent()[bobSeen]);
      if (auto tx = aliceTable.findClientTransaction(message)) tx->receiveResponse(message);
    }
  };
  pump();
  ASSERT_TRUE(ist);
  host.advance(600);  // Timer A retransmits the INVITE: absorbed by Bob's transaction
  pump();
  EXPECT_EQ(newInvites, 1);
  EXPECT_EQ(aliceTransport.sentCount(), 2u);

  ist->receiveResponse(486, sip::test::responseText(ist->request(), 486, "bob-tag"));
  pump();  // Alice gets the 486 and ACKs it in her transaction
  EXPECT_EQ(ict->state(), TransactionState::Completed);
  EXPECT_EQ(alice.countOf("response:486"), 1u);
  pump();  // Bob gets the ACK
  EXPECT_EQ(ist->state(), TransactionState::Confirmed);

  host.advance(40000);  // D (32 s) and I (T4) end both
  pump();
  EXPECT_EQ(ict->state(), TransactionState::Terminated);
  EXPECT_EQ(ist->state(), TransactionState::Terminated);
  EXPECT_TRUE(aliceTable.empty());
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(host.pendingTimers(), 0u);
}

// ---- no leaks ----

TEST_F(TransactionTableTest, TheTableIsEmptyAndNothingLivesAfterEveryKindOfTransactionEnds) {
  {
    for (int i = 0; i < 20; ++i) {
      auto ict = InviteClientTransaction::create(host, transport, sip::test::outgoingRequest("INVITE", i + 1), {});
      auto nict = NonInviteClientTransaction::create(host, transport, sip::test::outgoingRequest("BYE", i + 1), {});
      RequestSpec spec;
      spec.branch = "z9hG4bKserver" + std::to_string(i);
      auto ist = InviteServerTransaction::create(host, transport, sip::test::request(spec), {});
      spec.method = "OPTIONS";
      auto nist = NonInviteServerTransaction::create(host, transport, sip::test::request(spec), {});
      ASSERT_TRUE(table.add(ict));
      ASSERT_TRUE(table.add(nict));
      ASSERT_TRUE(table.add(ist));
      ASSERT_TRUE(table.add(nist));
      // Leave them in different states: the table keeps them until their timers end them.
      if (i % 2 == 0) ict->receiveResponse(sip::test::response(ict->request(), 200));
      if (i % 3 == 0) nict->receiveResponse(sip::test::response(nict->request(), 100, ""));
      if (i % 2 == 1) ist->receiveResponse(603, sip::test::responseText(ist->request(), 603));
      if (i % 4 == 0) nist->receiveResponse(200, sip::test::responseText(nist->request(), 200));
    }
  }  // the test's references are gone: only the table holds the transactions now
  EXPECT_EQ(table.size(), 80u);
  EXPECT_EQ(sip::core::Transaction::liveCount(), 80u);
  host.advance(200000);
  // Server transactions the TU never answered stay (10 INVITE, 15 non-INVITE): answering them is the
  // TU's job. Every other transaction ended by itself.
  EXPECT_EQ(table.serverCount(), 25u);
  EXPECT_EQ(table.clientCount(), 0u);
  table.disposeAll();
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(sip::core::Transaction::liveCount(), 0u);
  EXPECT_EQ(host.pendingTimers(), 0u);
}

TEST_F(TransactionTableTest, DestroyingTheTableDisposesWhatIsLeft) {
  std::weak_ptr<InviteClientTransaction> weak;
  {
    TransactionTable scoped(host);
    auto ict = InviteClientTransaction::create(host, transport, sip::test::outgoingRequest("INVITE"), recorder.clientUser());
    ASSERT_TRUE(scoped.add(ict));
    weak = ict;
    EXPECT_EQ(host.pendingTimers(), 1u);  // Timer B
  }
  EXPECT_TRUE(weak.expired());
  EXPECT_EQ(host.pendingTimers(), 0u);
  host.advance(100000);
  EXPECT_TRUE(recorder.events.empty());
}

TEST_F(TransactionTableTest, AUserDroppingItsReferenceDoesNotEndATransaction) {
  TransactionRecorder local;
  {
    auto nict = NonInviteClientTransaction::create(host, transport, sip::test::outgoingRequest("REGISTER"), local.clientUser());
    ASSERT_TRUE(table.add(nict));
  }
  EXPECT_EQ(table.size(), 1u);
  host.advance(sip::core::Timers::TIMER_F);
  EXPECT_EQ(local.events, (std::vector<std::string>{"timeout", "state:Terminated"}));
  EXPECT_TRUE(table.empty());
}

// transactionAs replaces dynamic_cast (the Wasm module has no RTTI): it must give the object for its
// own class and null for every other kind, for null, and through the raw-pointer overload.
TEST_F(TransactionTableTest, TransactionAsDowncastsToTheTransactionsOwnClassOnly) {
  using sip::core::Transaction;
  using sip::core::transactionAs;
  std::shared_ptr<Transaction> ist = serverInvite({});
  std::shared_ptr<Transaction> nist = serverNonInvite(with({}, [](RequestSpec& s) { s.method = "OPTIONS"; }));
  std::shared_ptr<Transaction> ict =
      InviteClientTransaction::create(host, transport, sip::test::outgoingRequest("INVITE"), recorder.clientUser());
  std::shared_ptr<Transaction> nict =
      NonInviteClientTransaction::create(host, transport, sip::test::outgoingRequest("OPTIONS"), recorder.clientUser());
  ASSERT_TRUE(ist && nist && ict && nict);
  ASSERT_TRUE(table.add(std::static_pointer_cast<InviteClientTransaction>(ict)));
  ASSERT_TRUE(table.add(std::static_pointer_cast<NonInviteClientTransaction>(nict)));

  EXPECT_EQ(transactionAs<InviteServerTransaction>(ist), ist);
  EXPECT_EQ(transactionAs<InviteClientTransaction>(ict), ict);
  EXPECT_EQ(transactionAs<NonInviteServerTransaction>(nist), nist);
  EXPECT_EQ(transactionAs<NonInviteClientTransaction>(nict), nict);
  for (const auto& other : {nist, ict, nict}) EXPECT_EQ(transactionAs<InviteServerTransaction>(other), nullptr);
  for (const auto& other : {ist, nist, nict}) EXPECT_EQ(transactionAs<InviteClientTransaction>(other), nullptr);
  EXPECT_EQ(transactionAs<InviteServerTransaction>(std::shared_ptr<Transaction>()), nullptr);

  EXPECT_EQ(transactionAs<InviteServerTransaction>(ist.get()), ist.get());
  EXPECT_EQ(transactionAs<InviteServerTransaction>(static_cast<const Transaction*>(ict.get())), nullptr);
  EXPECT_EQ(transactionAs<InviteServerTransaction>(static_cast<const Transaction*>(nullptr)), nullptr);
}

}  // namespace
