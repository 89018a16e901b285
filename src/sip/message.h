// A SIP message (request or response) as received or to be sent, its parser and serializer.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/headers.h"
#include "sip/name_addr.h"
#include "sip/uri.h"

namespace sip {

struct Header {
  std::string name;   // canonical long name (canonicalHeaderName): "Call-ID", "Via", "X-Foo"
  std::string value;  // raw value text, trimmed, folding kept; for list headers ONE element
};

struct Message {
  bool isRequest = true;
  // Request line. For a parsed response, `method` is the CSeq method (as sip.js sets it).
  std::string method;  // case-sensitive token, e.g. "INVITE"
  Uri ruri;
  // Status line.
  int statusCode = 0;
  std::string reasonPhrase;
  // Header fields in wire order. List headers (isListHeader) are split: one entry per value.
  std::vector<Header> headers;
  std::string body;  // exactly Content-Length bytes when that header is present

  bool isResponse() const { return !isRequest; }

  // First value of the header (name: long or compact form, any case).
  std::optional<std::string_view> header(std::string_view name) const;
  // All values, in order.
  std::vector<std::string_view> headerValues(std::string_view name) const;
  bool hasHeader(std::string_view name) const;
  // Appends a header (name canonicalized). Does not split lists.
  void addHeader(std::string_view name, std::string_view value);
  // Replaces every occurrence of the header by one value (appended at the position of the first
  // occurrence, or at the end).
  void setHeader(std::string_view name, std::string_view value);
  // Removes every occurrence; returns how many were removed.
  size_t removeHeader(std::string_view name);

  // Typed accessors; they parse the stored text on each call (parseMessage already validated it,
  // so on a parsed message they only return nullopt/empty when the header is absent).
  std::optional<NameAddr> from() const;
  std::optional<NameAddr> to() const;
  std::optional<std::string> fromTag() const;
  std::optional<std::string> toTag() const;
  std::optional<std::string> callId() const;
  std::optional<CSeq> cseq() const;
  std::vector<Via> vias() const;
  std::optional<Via> topVia() const;
  std::optional<std::string> branch() const;  // top Via's branch
  // fromTag(), toTag(), callId() and branch() as views into the header text, for callers that only
  // compare, hash or append them (valid while that header is neither changed nor removed).
  std::optional<std::string_view> fromTagView() const;
  std::optional<std::string_view> toTagView() const;
  std::optional<std::string_view> callIdView() const;
  std::optional<std::string_view> branchView() const;
  std::optional<ContactValue> contact() const;
  std::vector<NameAddr> routes() const;        // Route, in order
  std::vector<NameAddr> recordRoutes() const;  // Record-Route, in order
  std::optional<uint32_t> maxForwards() const;
  std::optional<uint32_t> contentLength() const;
  std::optional<MediaType> contentType() const;
  std::optional<uint32_t> expires() const;
  // Every value of token-list headers, merged over occurrences (Allow, Supported, Require, ...).
  std::vector<std::string> tokens(std::string_view name) const;
};

struct ParseResult {
  std::optional<Message> message;
  std::string error;  // why parsing failed; empty on success
};

// Parses one complete SIP message (start line, headers, empty line, body). Never throws: every
// failure is reported in ParseResult::error ("missing CSeq header", "invalid Via header: ...").
// Checks: SIP/2.0 only; status code 100-699; header names are tokens; every header with a known
// grammar (isListHeader / validateHeaderValue) is valid; From, To, Call-ID, CSeq, Max-Forwards,
// Content-Length, Content-Type at most once; From, To, Call-ID, CSeq and Via present; body of
// Content-Length bytes (an error when fewer are there). CRLFs before the start line are skipped.
ParseResult parseMessage(std::string_view data);
// The same, into `out` (for a caller that wants the message in storage of its own, e.g. shared):
// returns the error, empty on success. `out` must be a default-constructed Message; on failure its
// content is unspecified.
std::string parseMessageInto(std::string_view data, Message& out);

// Semantic checks that make a UAS answer 400 to a request that parsed (RFC 3261 §8.2, RFC 4475
// §3.1.2.17/18): today, a CSeq method that differs from the request method. parseMessage accepts
// such requests on purpose so that the core can build that 400 response. nullopt when fine (and
// for responses).
std::optional<std::string> checkRequestSemantics(const Message& request);

// Serializes: start line, one line per header entry ("Name: value\r\n"), an empty line, the body.
// Content-Length is written as stored; use setHeader("Content-Length", ...) to keep it true.
std::string serialize(const Message& message);

}  // namespace sip
