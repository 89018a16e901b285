// Message serialization (RFC 3261 §7): start line, one line per header entry, empty line, body.
#include "sip/message.h"

namespace sip {

std::string serialize(const Message& m) {
  size_t size = 64 + m.body.size();
  for (const Header& h : m.headers) size += h.name.size() + h.value.size() + 4;
  std::string out;
  out.reserve(size);
  if (m.isRequest) {
    out += m.method;
    out += ' ';
    out += m.ruri.toRawString();
    out += " SIP/2.0\r\n";
  } else {
    out += "SIP/2.0 ";
    out += std::to_string(m.statusCode);
    out += ' ';
    out += m.reasonPhrase;
    out += "\r\n";
  }
  for (const Header& h : m.headers) {
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  out += "\r\n";
  out += m.body;
  return out;
}

}  // namespace sip
