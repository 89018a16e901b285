// Internal: which headers carry lists and how their elements are delimited. Used by the message
// parser and the JSON layer.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "sip/headers.h"
#include "sip/name_addr.h"

namespace sip::detail {

enum class ListKind {
  None,                // not split (one entry per header line)
  Via,                 // via-parm *(COMMA via-parm)
  Contact,             // "*" / contact-param *(COMMA contact-param)
  NameAddr,            // name-addr only (Route, Record-Route, Path, Service-Route)
  NameAddrOrAddrSpec,  // name-addr / addr-spec (P-Asserted-Identity, Remote-Party-ID)
};

// sip.js's headerize: "call-id" -> "Call-ID", "x_foo" -> "X-Foo" (no compact-form expansion).
std::string headerize(std::string_view name);

ListKind listKind(std::string_view canonicalName);

// Everything the message parser needs to know about a header name, in one lookup.
struct HeaderGrammar {
  bool known = false;
  ListKind list = ListKind::None;
  // Validator for non-list headers (nullptr for list headers: use splitList).
  bool (*validate)(std::string_view value, std::string* error) = nullptr;
};
HeaderGrammar headerGrammar(std::string_view canonicalName);

// Parses the list with its grammar and appends each element's text (trimmed) to `out`, and, when
// given, each element as read to `vias` (ListKind::Via) or `nameAddrs` (the others; nothing for
// Contact's "*"). Returns false (with *error) when the value does not match the grammar.
bool splitList(ListKind kind, std::string_view value, std::vector<std::string_view>& out, std::string* error,
               std::vector<Via>* vias = nullptr, std::vector<NameAddr>* nameAddrs = nullptr);

}  // namespace sip::detail
