// libFuzzer target: the UA core's receive path (UserAgentCore::receive) with state across
// messages. The input is a sequence of messages separated by the byte 0x01; its first byte picks
// what the application does (answer INVITEs at once, ring, hold them, reject; accept re-INVITEs,
// UPDATEs, PRACKs; reliable or unreliable transport; whether the core first sends an INVITE of
// its own, so that responses have a client transaction to reach). Between messages and at the end
// the clock runs, firing every timer.
//
// Checked: nothing escapes receive() (it is noexcept: an escape is std::terminate), ASan/UBSan
// find nothing, and once the core is gone no dialog, UAC, UAS or transaction object is left.
//
// The host here is a tiny manual clock (tests/fuzz cannot use the GoogleTest support code). Its
// random() is constant, so the core's branch is always z9hG4bK5000000 and its tags "gggggggggg":
// seeds can answer the core's own INVITE.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/dialogs/dialog.h"
#include "core/dialogs/session_dialog.h"
#include "core/transactions/transaction.h"
#include "core/user_agent_core/user_agent_core.h"
#include "core/user_agents/invite_user_agent_client.h"
#include "core/user_agents/invite_user_agent_server.h"
#include "core/user_agents/prack_user_agent.h"
#include "core/user_agents/re_invite_user_agent.h"
#include "core/user_agents/update_user_agent.h"
#include "core/user_agents/user_agent_client.h"
#include "core/user_agents/user_agent_server.h"

namespace {

class FuzzHost : public sip::Host {
 public:
  sip::TimerId setTimer(uint32_t ms, std::function<void()> callback) override {
    const sip::TimerId id = nextId_++;
    timers_.emplace(id, Timer{now_ + ms, std::move(callback)});
    return id;
  }
  void clearTimer(sip::TimerId id) override { timers_.erase(id); }
  uint32_t random() override { return 0x80000000u; }
  bool isLogEnabled(sip::LogLevel) const override { return false; }
  void log(sip::LogLevel, std::string_view, std::string_view, std::string_view) override {}

  // Runs every timer due within `ms`, in due order (ids break ties: set order).
  void advance(uint64_t ms) {
    const uint64_t target = now_ + ms;
    for (int guard = 0; guard < 100000; ++guard) {
      auto next = timers_.end();
      for (auto it = timers_.begin(); it != timers_.end(); ++it) {
        if (it->second.due <= target && (next == timers_.end() || it->second.due < next->second.due)) next = it;
      }
      if (next == timers_.end()) break;
      now_ = next->second.due;
      auto callback = std::move(next->second.callback);
      timers_.erase(next);
      callback();
    }
    now_ = target;
  }

 private:
  struct Timer {
    uint64_t due;
    std::function<void()> callback;
  };
  uint64_t now_ = 0;
  sip::TimerId nextId_ = 1;
  std::map<sip::TimerId, Timer> timers_;
};

class FuzzTransport : public sip::core::Transport {
 public:
  explicit FuzzTransport(bool reliable) : reliable_(reliable) {}
  std::string protocol() const override { return reliable_ ? "WSS" : "UDP"; }
  bool reliable() const override { return reliable_; }
  void send(std::string message, SendCallback done) override {
    ++sent;
    if (done) done(failEvery != 0 && sent % failEvery == 0 ? std::optional<sip::core::TransportError>({"down"}) : std::nullopt);
    (void)message;
  }
  size_t sent = 0;
  size_t failEvery = 0;

 private:
  bool reliable_;
};

const char* kSdp = "v=0\r\no=bob 2 2 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\nm=audio 3456 RTP/AVP 0\r\n";

sip::core::Body sdp() { return sip::core::fromBodyLegacy(kSdp); }

template <class F>
void tryTo(F&& f) {
  try {
    f();
  } catch (...) {
    // Application calls may throw (state errors); the fuzzer only cares about receive().
  }
}

void run(const uint8_t* data, size_t size) {
  const uint8_t mode = data[0];
  FuzzHost host;
  FuzzTransport transport((mode & 0x01) == 0);
  if (mode & 0x80) transport.failEvery = 3;
  {
    sip::core::UserAgentCoreConfiguration configuration;
    configuration.aor = *sip::parseUri("sip:bob@example.com");
    configuration.contact.uri = *sip::parseUri("sip:bob@bob.invalid;transport=ws");
    configuration.viaHost = "bob.invalid";
    configuration.sipjsId = "bob-";
    configuration.supportedOptionTags = {"outbound", "100rel"};
    configuration.supportedOptionTagsResponse = {"outbound", "100rel"};
    configuration.credentials = sip::DigestCredentials{"bob", "secret", ""};
    if (mode & 0x02) configuration.allowedMethods.push_back("UPDATE");
    sip::core::UserAgentCore core(host, transport, configuration);
    std::vector<std::shared_ptr<sip::core::UserAgentServer>> held;

    sip::core::SessionDelegate session;
    session.onInvite = [&](std::shared_ptr<sip::core::ReInviteUserAgentServer> uas) {
      tryTo([&] {
        sip::core::ResponseOptions options;
        options.body = sdp();
        uas->accept(options);
      });
    };
    session.onUpdate = [&](std::shared_ptr<sip::core::UpdateUserAgentServer> uas) { tryTo([&] { uas->accept(); }); };
    session.onPrack = [&](std::shared_ptr<sip::core::PrackUserAgentServer> uas) { tryTo([&] { uas->accept(); }); };

    core.delegate.onInvite = [&](std::shared_ptr<sip::core::InviteUserAgentServer> uas) {
      held.push_back(uas);
      tryTo([&] {
        sip::core::ResponseOptions options;
        options.body = sdp();
        switch ((mode >> 2) & 0x03) {
          case 0:
            uas->accept(options).session->delegate = session;
            break;
          case 1:
            uas->progress().session->delegate = session;
            break;
          case 2:
            uas->progressReliable(options).session->delegate = session;
            uas->accept();  // held back until the PRACK
            break;
          default:
            uas->reject();
            break;
        }
      });
    };

    std::shared_ptr<sip::core::UserAgentClient> ours;
    if (mode & 0x10) {
      auto alice = *sip::parseUri("sip:alice@example.com");
      tryTo([&] {
        ours = core.invite(core.makeOutgoingRequestMessage("INVITE", alice, configuration.aor, alice, {},
                                                          {"Contact: <sip:bob@bob.invalid;transport=ws>"}, sdp()));
      });
    }

    std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    while (true) {
      const size_t cut = rest.find('\x01');
      core.receive(rest.substr(0, cut));
      host.advance((mode & 0x20) ? 600 : 0);
      if (cut == std::string_view::npos) break;
      rest.remove_prefix(cut + 1);
    }
    if (mode & 0x40) {
      // The application ends what it can.
      for (auto& dialog : core.dialogs()) {
        if (auto session = std::dynamic_pointer_cast<sip::core::SessionDialog>(dialog)) tryTo([&] { session->bye(); });
      }
    }
    for (int i = 0; i < 12; ++i) host.advance(30000);
    held.clear();
    ours.reset();
  }
  host.advance(1000);
  if (sip::core::Dialog::liveCount() != 0 || sip::core::UserAgentClient::liveCount() != 0 ||
      sip::core::UserAgentServer::liveCount() != 0 || sip::core::Transaction::liveCount() != 0) {
    std::fprintf(stderr, "core_receive_fuzz: objects left: dialogs %zu, UACs %zu, UASs %zu, transactions %zu\n",
                 sip::core::Dialog::liveCount(), sip::core::UserAgentClient::liveCount(),
                 sip::core::UserAgentServer::liveCount(), sip::core::Transaction::liveCount());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  run(data, size);
  return 0;
}
