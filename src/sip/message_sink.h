// Internal: the message parser reports what it reads to a sink, in wire order. parseMessage's sink
// builds a Message; the JSON layer's writes the message JSON directly (no Message, no copies of
// the values, and the From/To/Via/Contact/Record-Route values parsed once).
#pragma once
#include <string>
#include <string_view>

#include "sip/headers.h"
#include "sip/name_addr.h"
#include "sip/uri.h"

namespace sip::detail {

class MessageSink {
 public:
  virtual ~MessageSink() = default;
  virtual void requestLine(std::string_view method, Uri&& ruri) = 0;
  virtual void statusLine(int code, std::string_view reason) = 0;
  // Whether header() should get the Via / name-addr the parser read for entries of this header.
  virtual bool wantsValues(std::string_view name) = 0;
  // One header entry (a list header gives one entry per element), the name canonical, the value
  // trimmed. `via` / `nameAddr`: the value as the parser read it when wantsValues(name) (list
  // elements, From, To, Refer-To); null otherwise.
  virtual void header(std::string&& name, std::string_view value, const Via* via, const NameAddr* nameAddr) = 0;
  // Last, once every check passed.
  virtual void body(std::string_view body) = 0;
};

// parseMessage's parser over a sink: returns "" when the message is valid, else parseMessage's
// error. After an error the sink has seen only a part of the message.
std::string parseMessageWith(std::string_view data, MessageSink& sink);

}  // namespace sip::detail
