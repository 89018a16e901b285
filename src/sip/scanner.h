// Shared lexing primitives of the SIP grammar (RFC 3261 §25.1), used by every parser in src/sip.
//
// The parsers are hand-written recursive descent over std::string_view with PEG semantics: ordered
// choice, greedy repetition without backtracking into it — the same semantics as sip.js's PEG
// grammar, so that inputs it accepts we accept and the ones it rejects we reject (with the few
// deliberate exceptions documented where they occur). Nothing here allocates except where a
// std::string is returned, nothing recurses, nothing throws.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sip {

// ---- character classes (bytes; every byte >= 0x80 is UTF8-NONASCII / UTF8-CONT) ----
namespace cc {
enum : uint16_t {
  kAlpha = 1 << 0,
  kDigit = 1 << 1,
  kHex = 1 << 2,
  kMark = 1 << 3,            // - _ . ! ~ * ' ( )
  kToken = 1 << 4,           // alphanum - . ! % * _ + ` ' ~
  kWordExtra = 1 << 5,       // ( ) < > : \ " / [ ] ? { }   (word = token chars + these)
  kUserUnreserved = 1 << 6,  // & = + $ , ; ? /
  kParamUnreserved = 1 << 7, // [ ] / : & + $
  kHnvUnreserved = 1 << 8,   // [ ] / ? : + $
  kReserved = 1 << 9,        // ; / ? : @ & = + $ ,
  kTokenNoDot = 1 << 10,     // token chars except '.'
};
extern const uint16_t kTable[256];
inline bool has(char c, uint16_t mask) { return (kTable[static_cast<unsigned char>(c)] & mask) != 0; }
}  // namespace cc

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isAlpha(char c) { return cc::has(c, cc::kAlpha); }
inline bool isAlphaNum(char c) { return cc::has(c, cc::kAlpha | cc::kDigit); }
inline bool isHex(char c) { return cc::has(c, cc::kHex); }
inline bool isTokenChar(char c) { return cc::has(c, cc::kToken); }
inline bool isWordChar(char c) { return cc::has(c, cc::kToken | cc::kWordExtra); }
inline bool isUnreserved(char c) { return cc::has(c, cc::kAlpha | cc::kDigit | cc::kMark); }
inline bool isWsp(char c) { return c == ' ' || c == '\t'; }
inline bool isNonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// Length of the UTF8-NONASCII sequence (RFC 3261 §25.1: lead octet and its UTF8-CONT octets) that
// starts at s[pos], 0 when there is none. pos must be < s.size().
size_t utf8NonAsciiLength(std::string_view s, size_t pos);

// Whole-string checks.
bool isToken(std::string_view s);
// Removes leading/trailing SP, HTAB, CR, LF.
std::string_view trimWhitespace(std::string_view s);

// A cursor over the input. Methods named match*/skip* advance only on success.
class Scanner {
 public:
  explicit Scanner(std::string_view input, size_t pos = 0) : s_(input), pos_(pos) {}

  std::string_view input() const { return s_; }
  size_t pos() const { return pos_; }
  void setPos(size_t p) { pos_ = p; }
  bool atEnd() const { return pos_ >= s_.size(); }
  size_t remaining() const { return s_.size() - pos_; }
  char peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  bool peekIs(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  std::string_view slice(size_t from) const { return s_.substr(from, pos_ - from); }
  std::string_view slice(size_t from, size_t to) const { return s_.substr(from, to - from); }
  std::string_view rest() const { return s_.substr(pos_); }
  void advance(size_t n = 1) { pos_ = pos_ + n <= s_.size() ? pos_ + n : s_.size(); }

  bool matchChar(char c) {
    if (peekIs(c)) {
      ++pos_;
      return true;
    }
    return false;
  }
  // Exact literal.
  bool matchLiteral(std::string_view lit);
  // ASCII case-insensitive literal (like a PEG "literal"i).
  bool matchLiteralCI(std::string_view lit);

  // Greedy runs; return the matched text (empty when nothing matched; position unchanged then).
  // A template so that the predicate inlines: these loops are the parser's inner loops.
  template <typename Pred>
  std::string_view takeWhile(Pred pred) {
    size_t start = pos_;
    while (pos_ < s_.size() && pred(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  std::string_view takeClass(uint16_t mask) {
    size_t start = pos_;
    while (pos_ < s_.size() && cc::has(s_[pos_], mask)) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  std::string_view takeDigits() { return takeClass(cc::kDigit); }
  // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
  std::string_view takeToken() { return takeClass(cc::kToken); }
  std::string_view takeWord() { return takeClass(cc::kToken | cc::kWordExtra); }

  // LWS = [*WSP CRLF] 1*WSP ; true when it matched (and advanced).
  bool skipLWS();
  // SWS = [LWS]; always succeeds.
  void skipSWS() { skipLWS(); }
  // *WSP (no line folding)
  void skipWsp() {
    while (pos_ < s_.size() && isWsp(s_[pos_])) ++pos_;
  }

  // The RFC 3261 separators: SWS c SWS (SEMI, COMMA, EQUAL, SLASH, COLON, STAR). On failure the
  // position is unchanged.
  bool matchSeparator(char c);
  bool semi() { return matchSeparator(';'); }
  bool comma() { return matchSeparator(','); }
  bool equal() { return matchSeparator('='); }
  bool slash() { return matchSeparator('/'); }
  // LAQUOT = SWS "<"; RAQUOT = ">" SWS
  bool laquot();
  bool raquot();

  // quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE. On success returns the text between
  // the quotes exactly as written (escapes kept) and sets *rawStart to the offset of the opening
  // quote (when non-null).
  std::optional<std::string_view> quotedString(size_t* rawStart = nullptr);
  // comment = LPAREN *(ctext / quoted-pair / comment) RPAREN, nesting handled with a counter (no
  // recursion). Returns the text including the parentheses.
  std::optional<std::string_view> comment();

  // escaped = "%" HEXDIG HEXDIG
  bool matchEscaped() {
    if (peek() == '%' && isHex(peek(1)) && isHex(peek(2))) {
      pos_ += 3;
      return true;
    }
    return false;
  }

 private:
  std::string_view s_;
  size_t pos_;
};

// Resolves quoted-pair escapes ("\x" -> "x") of the inside of a quoted-string.
std::string unescapeQuoted(std::string_view inner);
// Writes `s` as a quoted-string, escaping '"' and '\'.
std::string quote(std::string_view s);

// Parses 1*DIGIT; values above UINT32_MAX are clamped (so huge numbers stay "large" without UB).
uint32_t digitsToU32Clamped(std::string_view digits);
// Parses 1*DIGIT exactly; nullopt on overflow or empty / non-digit input.
std::optional<uint32_t> digitsToU32(std::string_view digits);

// Counts UTF-16 code units of a UTF-8 prefix, as JavaScript string indices count (a 4-byte
// sequence is 2 units; a stray byte counts 1, as a decoder's U+FFFD would).
size_t utf16Length(std::string_view utf8);

}  // namespace sip
