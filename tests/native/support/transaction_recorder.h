// Records what transactions tell their users, as a list of events in order, e.g.
// {"state:Proceeding", "response:180", "state:Completed", "response:486", "state:Terminated"}.
#pragma once
#include <string>
#include <vector>

#include "core/transactions/transaction_user.h"

namespace sip::test {

struct TransactionRecorder {
  std::vector<std::string> events;
  std::vector<sip::Message> responses;  // what receiveResponse delivered

  core::ClientTransactionUser clientUser() {
    core::ClientTransactionUser user;
    fill(user);
    user.onRequestTimeout = [this] { events.push_back("timeout"); };
    user.receiveResponse = [this](const sip::Message& response) {
      events.push_back("response:" + std::to_string(response.statusCode));
      responses.push_back(response);
    };
    return user;
  }

  core::ServerTransactionUser serverUser() {
    core::ServerTransactionUser user;
    fill(user);
    return user;
  }

  size_t countOf(const std::string& event) const {
    size_t n = 0;
    for (const auto& e : events) n += e == event ? 1 : 0;
    return n;
  }

 private:
  void fill(core::TransactionUser& user) {
    user.onStateChange = [this](core::TransactionState state) {
      events.push_back("state:" + std::string(core::toString(state)));
    };
    user.onTransportError = [this](const core::TransportError& error) {
      events.push_back("transportError:" + error.message);
    };
  }
};

}  // namespace sip::test
