// RFC 4475 (SIP torture messages) through the whole UA core: every message of the corpus in
// tests/native/data/rfc4475 is handed to UserAgentCore::receive as it arrives on the wire, and
// the answer is checked against what RFC 4475 says a UA should do (the README there lists it):
// §3.3 application-layer messages (416, 420 + Unsupported, 415 + Accept, 406, 400 for duplicated
// headers or a CSeq/method mismatch, a UAS answering OPTIONS with Max-Forwards 0, the response
// with two Vias dropped), §3.1.2 invalid messages (400 when enough can be read, 505 for SIP/7.0,
// responses dropped), §3.2 (400 for a bare magic-cookie branch), §3.1.1 and §3.4 valid ones
// processed normally. Nothing may throw, and nothing may be left behind.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/user_agents/invite_user_agent_server.h"
#include "support/sip_fixtures.h"
#include "support/ua_harness.h"

namespace {

using namespace sip::core;

std::string readMessage(const std::string& tag) {
  std::ifstream in(std::string(SIPWASM_TEST_DATA_DIR) + "/rfc4475/" + tag + ".sip", std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing corpus file " << tag;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct Expectation {
  const char* tag;
  std::set<int> statuses;  // acceptable final answers; 0 = nothing sent; 100 = INVITE accepted (100 Trying)
  const char* why;
};

// What our UA (user "bob", not a registrar, no Request-URI user check: the corpus addresses
// many users) answers to each message.
const Expectation kExpectations[] = {
    // §3.1.1 valid messages: processed normally.
    // wsinv carries a To tag: a request inside a dialog we do not have (§12.2.2).
    {"wsinv", {481}, "3.1.1.1 parsed and processed: no such dialog"},
    {"intmeth", {405}, "3.1.1.2 unknown method"},
    {"esc01", {100}, "3.1.1.3 INVITE processed"},
    {"escnull", {405}, "3.1.1.4 REGISTER to a non-registrar"},
    {"esc02", {405}, "3.1.1.5 RE%47IST%45R is an unknown method"},
    {"lwsdisp", {200}, "3.1.1.6 OPTIONS"},
    {"longreq", {100}, "3.1.1.7 INVITE processed"},
    {"dblreq", {405}, "3.1.1.8 the REGISTER, trailing INVITE ignored"},
    {"semiuri", {200}, "3.1.1.9 OPTIONS"},
    {"transports", {200}, "3.1.1.10 OPTIONS"},
    {"mpart01", {200}, "3.1.1.11 MESSAGE (the application's body)"},
    {"unreason", {0}, "3.1.1.12 a response matching nothing"},
    {"noreason", {0}, "3.1.1.13 a response matching nothing"},
    // §3.1.2 invalid messages.
    {"badinv01", {400}, "3.1.2.1"},
    {"clerr", {400}, "3.1.2.2"},
    {"ncl", {400}, "3.1.2.3"},
    {"scalar02", {400}, "3.1.2.4"},
    {"scalarlg", {0}, "3.1.2.5 response: discard"},
    {"quotbal", {400}, "3.1.2.6"},
    {"ltgtruri", {400}, "3.1.2.7"},
    {"lwsruri", {400}, "3.1.2.8"},
    {"lwsstart", {100, 400}, "3.1.2.9 reject or ignore the extra SP"},
    {"trws", {200, 400}, "3.1.2.10 reject or ignore the trailing SP"},
    {"escruri", {100, 400}, "3.1.2.11 400 or ignore the escaped headers"},
    {"baddate", {100, 400}, "3.1.2.12 liberal: ignore the Date"},
    {"regbadct", {405, 400}, "3.1.2.13"},
    {"badaspec", {200, 400}, "3.1.2.14"},
    {"baddn", {400}, "3.1.2.15"},
    {"badvers", {505}, "3.1.2.16 Version Not Supported"},
    {"mismatch01", {400}, "3.1.2.17 CSeq method mismatch"},
    {"mismatch02", {400}, "3.1.2.18 CSeq method mismatch, unknown method"},
    {"bigcode", {0}, "3.1.2.19 response: discard"},
    // §3.2 transaction layer.
    {"badbranch", {400}, "3.2.1 bare magic cookie"},
    // §3.3 application layer.
    {"insuf", {0}, "3.3.1 no Call-ID/From/To: nothing to answer with"},
    {"unkscm", {416}, "3.3.2 Unsupported URI Scheme"},
    {"novelsc", {416}, "3.3.3 Unsupported URI Scheme"},
    {"unksm2", {405}, "3.3.4 a non-registrar refuses the REGISTER"},
    {"bext01", {420}, "3.3.5 Bad Extension"},
    {"invut", {415}, "3.3.6 Unsupported Media Type"},
    {"regaut01", {405}, "3.3.7 a non-registrar refuses the REGISTER"},
    {"multi01", {400}, "3.3.8 duplicated single-value headers"},
    {"mcl01", {400}, "3.3.9 several Content-Length"},
    {"bcast", {0}, "3.3.10 a response with two Vias is not ours (§8.1.3.3)"},
    {"zeromf", {200}, "3.3.11 a UAS answers OPTIONS with Max-Forwards 0"},
    {"cparam01", {405}, "3.3.12 REGISTER to a non-registrar"},
    {"cparam02", {405}, "3.3.13 REGISTER to a non-registrar"},
    {"regescrt", {405}, "3.3.14 REGISTER to a non-registrar"},
    {"sdp01", {406}, "3.3.15 Not Acceptable"},
    // §3.4 backward compatibility.
    {"inv2543", {100}, "3.4.1 RFC 2543 INVITE processed"},
};

void PrintTo(const Expectation& expectation, std::ostream* os) { *os << expectation.tag; }

class UserAgentCoreRfc4475Test : public ::testing::TestWithParam<Expectation> {
 protected:
  void SetUp() override {
    wire = std::make_unique<sip::test::WireTransport>(host);
    auto configuration = sip::test::makeConfiguration("bob");
    configuration.checkRequestUriUser = false;
    core = std::make_unique<UserAgentCore>(host, *wire, configuration);
    core->delegate.onInvite = [this](std::shared_ptr<InviteUserAgentServer> uas) { invites.push_back(uas); };
  }
  void TearDown() override {
    invites.clear();
    core.reset();
    sip::test::expectNoLiveObjects();
  }
  sip::test::ManualHost host;
  std::unique_ptr<sip::test::WireTransport> wire;
  std::unique_ptr<UserAgentCore> core;
  std::vector<std::shared_ptr<InviteUserAgentServer>> invites;
};

TEST_P(UserAgentCoreRfc4475Test, AnswersAsRfc4475Says) {
  const Expectation& expectation = GetParam();
  const std::string text = readMessage(expectation.tag);
  EXPECT_NO_THROW(core->receive(text));
  host.runDue();

  // The status from the start line: an answer to a broken request echoes its broken From, To or
  // CSeq (RFC 3261 §8.2.6.2), so it need not parse itself.
  int status = 0;
  if (!wire->sent().empty()) {
    const std::string& answer = wire->sent().front();
    ASSERT_EQ(answer.rfind("SIP/2.0 ", 0), 0u) << answer;
    status = std::stoi(answer.substr(8, 3));
    if (!sip::parseMessage(answer).message) {
      EXPECT_EQ(status, expectation.statuses.count(505) ? 505 : 400) << "only a 400/505 to a broken request may echo broken fields";
    }
  }
  EXPECT_TRUE(expectation.statuses.count(status) != 0)
      << expectation.tag << " (" << expectation.why << "): answered " << status << "\n"
      << (wire->sent().empty() ? std::string("(nothing)") : wire->sent().front());
  EXPECT_LE(wire->sent().size(), 1u);
  if (status == 100) {
    ASSERT_EQ(invites.size(), 1u) << "the INVITE reached the application";
    // It can be accepted like any other (a dialog is created, even for an RFC 2543 caller).
    ResponseOptions options;
    options.body = sip::test::sdp(sip::test::kAnswerSdp);
    if (invites[0]->message().body.empty()) {
      EXPECT_NO_THROW(invites[0]->accept(options));
    } else {
      EXPECT_NO_THROW(invites[0]->accept(options));
    }
    ASSERT_EQ(wire->sent().size(), 2u);
    const auto ok = sip::test::parseOrFail(wire->sent().back());
    EXPECT_EQ(ok.statusCode, 200);
    EXPECT_TRUE(ok.toTag());
    EXPECT_EQ(core->dialogCount(), 1u);
  }
  if (status != 0 && status != 100 && sip::parseMessage(wire->sent().front()).message) {
    const auto answer = sip::test::parseOrFail(wire->sent().front());
    EXPECT_TRUE(answer.toTag()) << "a final response carries a To tag\n" << wire->sent().front();
    if (status == 420) EXPECT_EQ(answer.header("Unsupported").value_or(""), "nothingSupportsThis, nothingSupportsThisEither");
    if (status == 415 || status == 406) EXPECT_TRUE(answer.hasHeader("Accept"));
    if (status == 405) EXPECT_TRUE(answer.hasHeader("Allow"));
  }
  // Everything ends: the server transactions and any dialog (disposed with the core).
  host.advance(120000);
  EXPECT_EQ(core->userAgentServerCount(), 0u);
  EXPECT_EQ(core->transactionCount(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Corpus, UserAgentCoreRfc4475Test, ::testing::ValuesIn(kExpectations),
                         [](const ::testing::TestParamInfo<Expectation>& info) { return std::string(info.param.tag); });

// The whole corpus, back to back, into one core: no exception, no leak, the core still works.
TEST(UserAgentCoreRfc4475, WholeCorpusIntoOneCore) {
  sip::test::ManualHost host;
  sip::test::WireTransport wire(host);
  {
    auto configuration = sip::test::makeConfiguration("bob");
    configuration.checkRequestUriUser = false;
    UserAgentCore core(host, wire, configuration);
    for (const auto& expectation : kExpectations) EXPECT_NO_THROW(core.receive(readMessage(expectation.tag)));
    host.advance(120000);
    EXPECT_EQ(core.transactionCount(), 0u);
    sip::test::PeerRequest options;
    options.method = "OPTIONS";
    options.contact.clear();
    options.branch = "z9hG4bKafter";
    core.receive(options.text());
    host.runDue();
    EXPECT_EQ(wire.last("200 OPTIONS").statusCode, 200);
  }
  sip::test::expectNoLiveObjects();
}

}  // namespace
