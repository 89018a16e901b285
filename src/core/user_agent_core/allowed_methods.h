// The methods the UA core accepts (SIP.js lib/core/user-agent-core/allowed-methods.js), in
// SIP.js's order, which is also the order of the Allow header it sends.
#pragma once
#include <string>
#include <vector>

namespace sip::core {

// ACK, BYE, CANCEL, INFO, INVITE, MESSAGE, NOTIFY, OPTIONS, PRACK, REFER, REGISTER, SUBSCRIBE.
// UPDATE (RFC 3311) is implemented but not in SIP.js's list; a configuration that wants it adds
// it to UserAgentCoreConfiguration::allowedMethods.
const std::vector<std::string>& defaultAllowedMethods();

// Media types SIP.js advertises in Accept (OPTIONS answers) and that a session body may have.
const std::vector<std::string>& defaultAcceptedBodyTypes();

}  // namespace sip::core
