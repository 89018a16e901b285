#include "core/messages/utils.h"

#include "sip/headers.h"
#include "sip/text.h"

namespace sip::core {

std::string_view getReasonPhrase(int statusCode) {
  switch (statusCode) {
    case 100: return "Trying";
    case 180: return "Ringing";
    case 181: return "Call Is Being Forwarded";
    case 182: return "Queued";
    case 183: return "Session Progress";
    case 199: return "Early Dialog Terminated";
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Notification";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Moved Temporarily";
    case 305: return "Use Proxy";
    case 380: return "Alternative Service";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 412: return "Conditional Request Failed";
    case 413: return "Request Entity Too Large";
    case 414: return "Request-URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Unsupported URI Scheme";
    case 417: return "Unknown Resource-Priority";
    case 420: return "Bad Extension";
    case 421: return "Extension Required";
    case 422: return "Session Interval Too Small";
    case 423: return "Interval Too Brief";
    case 428: return "Use Identity Header";
    case 429: return "Provide Referrer Identity";
    case 430: return "Flow Failed";
    case 433: return "Anonymity Disallowed";
    case 436: return "Bad Identity-Info";
    case 437: return "Unsupported Certificate";
    case 438: return "Invalid Identity Header";
    case 439: return "First Hop Lacks Outbound Support";
    case 440: return "Max-Breadth Exceeded";
    case 469: return "Bad Info Package";
    case 470: return "Consent Needed";
    case 478: return "Unresolvable Destination";
    case 480: return "Temporarily Unavailable";
    case 481: return "Call/Transaction Does Not Exist";
    case 482: return "Loop Detected";
    case 483: return "Too Many Hops";
    case 484: return "Address Incomplete";
    case 485: return "Ambiguous";
    case 486: return "Busy Here";
    case 487: return "Request Terminated";
    case 488: return "Not Acceptable Here";
    case 489: return "Bad Event";
    case 491: return "Request Pending";
    case 493: return "Undecipherable";
    case 494: return "Security Agreement Required";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Server Time-out";
    case 505: return "Version Not Supported";
    case 513: return "Message Too Large";
    case 580: return "Precondition Failure";
    case 600: return "Busy Everywhere";
    case 603: return "Decline";
    case 604: return "Does Not Exist Anywhere";
    case 606: return "Not Acceptable";
    default: return "";
  }
}

std::string_view trimmed(std::string_view text) {
  auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<std::pair<std::string_view, std::string_view>> splitHeaderLineAsWritten(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view name = trimmed(line.substr(0, colon));
  if (name.empty()) return std::nullopt;
  return std::make_pair(name, trimmed(line.substr(colon + 1)));
}

std::optional<std::pair<std::string, std::string>> splitHeaderLine(std::string_view line) {
  auto split = splitHeaderLineAsWritten(line);
  if (!split) return std::nullopt;
  return std::make_pair(sip::canonicalHeaderName(split->first), std::string(split->second));
}

bool containsToken(const std::vector<std::string>& tokens, std::string_view token) {
  for (const auto& t : tokens) {
    if (sip::iequals(t, token)) return true;
  }
  return false;
}

void appendTokens(std::string& out, const std::vector<std::string>& tokens, std::string_view separator) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i != 0) out += separator;
    out += tokens[i];
  }
}

std::string joinTokens(const std::vector<std::string>& tokens, std::string_view separator) {
  std::string out;
  appendTokens(out, tokens, separator);
  return out;
}

}  // namespace sip::core
