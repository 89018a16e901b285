// The application's `extraHeaders`, checked before they reach the core (internal to the package).
//
// sip.js writes each entry into the message verbatim, so an entry without a colon, an empty one,
// a stray CR or LF, or a second Content-Length goes on the wire as a malformed message that the
// peer answers 400 (or, for an empty entry, ends the header section early). Here a wrong entry
// throws a TypeError that names it, before anything is sent or changes state:
// - every entry is a string of `Name: value` lines, the name an RFC 3261 token;
// - an entry holding several lines separated by CRLF (which sip.js would send as several headers)
//   gives one line each, and a line starting with white space continues the one before it
//   (RFC 3261 §7.3.1 folding, unfolded here);
// - the headers the core writes itself and that a message carries once (Via, From, To, Call-ID,
//   CSeq, Max-Forwards, Content-Length, in full or compact form) are refused: a second copy makes
//   the message invalid (RFC 3261 §20).

const HEADER_NAME = /^[A-Za-z0-9.!%*_+`'~-]+$/;
const WRITTEN_BY_THE_CORE = new Map([
  ["via", "Via"],
  ["v", "Via"],
  ["from", "From"],
  ["f", "From"],
  ["to", "To"],
  ["t", "To"],
  ["call-id", "Call-ID"],
  ["i", "Call-ID"],
  ["cseq", "CSeq"],
  ["max-forwards", "Max-Forwards"],
  ["content-length", "Content-Length"],
  ["l", "Content-Length"]
]);

function invalid(where, entry, why) {
  return new TypeError(`Invalid ${where} entry ${JSON.stringify(entry)}: ${why}.`);
}

/**
 * The header lines of `extraHeaders` (undefined or null: none), one `Name: value` line per element.
 * Throws a TypeError naming `where` (e.g. "extraHeaders") and the offending entry.
 */
export function extraHeaderLines(extraHeaders, where = "extraHeaders") {
  if (extraHeaders === undefined || extraHeaders === null) return [];
  if (!Array.isArray(extraHeaders)) {
    throw new TypeError(`Invalid ${where}: expected an array of "Name: value" strings.`);
  }
  const lines = [];
  for (const entry of extraHeaders) {
    if (typeof entry !== "string") throw invalid(where, entry, 'expected a "Name: value" string');
    const entryLines = [];
    for (const piece of entry.split("\r\n")) {
      if (/[\r\n\0]/.test(piece)) throw invalid(where, entry, "CR, LF and NUL may only appear as CRLF between lines");
      if (/^[ \t]/.test(piece)) {
        if (entryLines.length === 0) throw invalid(where, entry, "it starts with white space");
        if (piece.trim() !== "") entryLines[entryLines.length - 1] += " " + piece.trim();
        continue;
      }
      const colon = piece.indexOf(":");
      const name = colon < 0 ? "" : piece.slice(0, colon).trimEnd();
      if (!HEADER_NAME.test(name)) throw invalid(where, entry, 'expected "Name: value" with a token for the name');
      const coreHeader = WRITTEN_BY_THE_CORE.get(name.toLowerCase());
      if (coreHeader) throw invalid(where, entry, `${coreHeader} is written by the stack and must appear once`);
      entryLines.push(piece);
    }
    lines.push(...entryLines);
  }
  return lines;
}
