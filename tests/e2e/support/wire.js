// Comparing what two UserAgents put on the wire (makeUserAgent's handle.wire): each message is
// reduced to what does not change from run to run, so that the same scenario played by sip.js
// 0.21.2 and by this package gives the same list wherever the two behave alike.
//
//   const ours = outgoing(phone.wire).map(normalize);
//
// What is replaced: tags (and Kamailio's ftag), Via branches, Call-IDs, the random contact user and *.invalid host,
// digest nonces/responses/cnonces, Kamailio's alias and received/rport values (ports), SDP session
// versions and media ports, instance ids, Content-Length. Everything else (start line, header
// names, their order, CSeq numbers, URIs, bodies) is kept.

const replacements = [
  [/;tag=[\w.!%*+`'~-]+/g, ";tag=TAG"],
  [/;ftag=[\w.!%*+`'~-]+/g, ";ftag=TAG"],
  [/branch=[\w.!%*+`'~-]+/g, "branch=BRANCH"],
  [/^(Call-ID|i):\s*\S+/gim, "$1: CALLID"],
  [/[a-z0-9]+\.invalid/g, "HOST.invalid"],
  [/sip:[a-z0-9]+@HOST\.invalid/g, "sip:USER@HOST.invalid"],
  [/\b(nonce|cnonce|response|opaque)="[^"]*"/g, '$1="X"'],
  [/\bnc=[0-9a-f]+/g, "nc=N"],
  [/alias=[\d.]+~\d+~\d+/g, "alias=ALIAS"],
  [/received=[\d.]+/g, "received=IP"],
  [/rport=\d+/g, "rport=PORT"],
  [/^o=(\S+) (\d+) \d+/gm, "o=$1 $2 VERSION"],
  [/^m=audio \d+/gm, "m=audio PORT"],
  [/urn:uuid:[0-9a-f-]+/g, "urn:uuid:UUID"],
  [/^(Content-Length|l):\s*\d+/gim, "$1: LENGTH"],
];

/** A SIP message text with its run-specific values replaced (see above). */
export function normalize(text) {
  let out = text;
  for (const [pattern, replacement] of replacements) out = out.replace(pattern, replacement);
  return out;
}

/** The messages a UserAgent sent (wire entries with out: true), as text. */
export function outgoing(wire) {
  return wire.filter((entry) => entry.out).map((entry) => entry.text);
}

/** A short name for a message: "INVITE" or "200 INVITE" (status and CSeq method of a response). */
export function kindOf(text) {
  const start = text.slice(0, text.indexOf("\r\n"));
  const response = /^SIP\/2\.0 (\d{3})/.exec(start);
  if (!response) return start.split(" ")[0];
  const cseq = /^CSeq:\s*\d+\s+(\w+)/im.exec(text);
  return `${response[1]} ${cseq ? cseq[1] : "?"}`;
}

/** The header lines of a message (its head without the start line). */
export function headerLines(text) {
  const end = text.indexOf("\r\n\r\n");
  return text.slice(0, end < 0 ? text.length : end).split("\r\n").slice(1);
}
