// SessionDescriptionHandlerModifiers for web browsers: small rewrites of SDP text (RFC 4566),
// line by line. Line endings are kept as they are (CRLF, or LF in a description that uses LF).

// Splits SDP into lines and remembers its line ending.
function splitLines(sdp) {
  const eol = sdp.includes("\r\n") || !sdp.includes("\n") ? "\r\n" : "\n";
  const trailing = sdp.endsWith(eol);
  const lines = sdp.split(/\r\n|\n/);
  if (trailing) {
    lines.pop();
  }
  return { lines, eol, trailing };
}

function joinLines({ lines, eol, trailing }) {
  return lines.join(eol) + (trailing ? eol : "");
}

// Groups lines into the session part and one part per media description ("m=" line first).
function sections(lines) {
  const result = [{ media: undefined, lines: [] }];
  for (const line of lines) {
    if (line.startsWith("m=")) {
      result.push({ media: line.slice(2).split(" ")[0], lines: [] });
    }
    result[result.length - 1].lines.push(line);
  }
  return result;
}

// Static RTP payload types (RFC 3551 §6) that need no a=rtpmap line.
const staticPayloadTypes = { PCMU: "0", GSM: "3", G723: "4", PCMA: "8", G722: "9", CN: "13", G729: "18" };

// Removes every RTP payload type whose encoding name is `encodingName` (case-insensitive):
// its format in the m= line, its a=rtpmap, a=fmtp, a=rtcp-fb and a=imageattr lines, and the RTX
// payload types that repair it (a=fmtp:N apt=PT).
function stripPayload(sdp, encodingName) {
  const split = splitLines(sdp);
  const wanted = String(encodingName).toLowerCase();
  const out = [];
  for (const section of sections(split.lines)) {
    if (section.media === undefined) {
      out.push(...section.lines);
      continue;
    }
    const mline = section.lines[0].split(" ");
    const formats = mline.slice(3);
    const mapped = new Set();
    const strip = new Set();
    for (const line of section.lines) {
      const rtpmap = /^a=rtpmap:(\d+) ([^/\s]+)/.exec(line);
      if (rtpmap) {
        mapped.add(rtpmap[1]);
        if (rtpmap[2].toLowerCase() === wanted) {
          strip.add(rtpmap[1]);
        }
      }
    }
    const staticType = staticPayloadTypes[String(encodingName).toUpperCase()];
    if (staticType !== undefined && formats.includes(staticType) && !mapped.has(staticType)) {
      strip.add(staticType);
    }
    if (strip.size === 0) {
      out.push(...section.lines);
      continue;
    }
    for (const line of section.lines) {
      const apt = /^a=fmtp:(\d+) .*\bapt=(\d+)/.exec(line);
      if (apt && strip.has(apt[2])) {
        strip.add(apt[1]);
      }
    }
    out.push([...mline.slice(0, 3), ...formats.filter((f) => !strip.has(f))].join(" "));
    for (const line of section.lines.slice(1)) {
      const attribute = /^a=(?:rtpmap|fmtp|rtcp-fb|imageattr):(\d+)(?:\s|$)/.exec(line);
      if (attribute && strip.has(attribute[1])) {
        continue;
      }
      out.push(line);
    }
  }
  split.lines = out;
  return joinLines(split);
}

// Removes every media description of this media type ("video", ...) and its mid from a=group lines.
function stripMediaDescription(sdp, media) {
  const split = splitLines(sdp);
  const all = sections(split.lines);
  const removedMids = [];
  const kept = all.filter((section) => {
    if (section.media !== media) {
      return true;
    }
    for (const line of section.lines) {
      const mid = /^a=mid:(\S+)/.exec(line);
      if (mid) {
        removedMids.push(mid[1]);
      }
    }
    return false;
  });
  if (kept.length === all.length) {
    return sdp;
  }
  const lines = [];
  for (const section of kept) {
    for (const line of section.lines) {
      const group = /^a=group:(\S+)(.*)$/.exec(line);
      if (group && section.media === undefined && removedMids.length) {
        const mids = group[2].split(" ").filter((m) => m !== "" && !removedMids.includes(m));
        if (mids.length) {
          lines.push(`a=group:${group[1]} ${mids.join(" ")}`);
        }
        continue;
      }
      lines.push(line);
    }
  }
  split.lines = lines;
  return joinLines(split);
}

/**
 * Modifier: removes TCP ICE candidates.
 * @public
 */
export function stripTcpCandidates(description) {
  const split = splitLines(description.sdp || "");
  split.lines = split.lines.filter((line) => !/^a=candidate:\S+ \d+ tcp /i.test(line));
  description.sdp = joinLines(split);
  return Promise.resolve(description);
}

/**
 * Modifier: removes the telephone-event payload types (RFC 4733 DTMF).
 * @public
 */
export function stripTelephoneEvent(description) {
  description.sdp = stripPayload(description.sdp || "", "telephone-event");
  return Promise.resolve(description);
}

/**
 * Modifier: rewrites a=imageattr ranges starting at 0 (`x=[0-...`), which Jitsi sends and
 * browsers refuse, to start at 1.
 * @public
 */
export function cleanJitsiSdpImageattr(description) {
  const split = splitLines(description.sdp || "");
  split.lines = split.lines.map((line) =>
    line.startsWith("a=imageattr:") ? line.replace(/\b(x|y)=\[0-/g, "$1=[1:") : line
  );
  description.sdp = joinLines(split);
  return Promise.resolve(description);
}

/**
 * Modifier: removes the G722 payload type.
 * @public
 */
export function stripG722(description) {
  description.sdp = stripPayload(description.sdp || "", "G722");
  return Promise.resolve(description);
}

/**
 * Makes a modifier that removes the payload types of an encoding name ("opus", "VP8", ...).
 * @param payload - The encoding name, as in a=rtpmap.
 * @public
 */
export function stripRtpPayload(payload) {
  return (description) => {
    description.sdp = stripPayload(description.sdp || "", payload);
    return Promise.resolve(description);
  };
}

/**
 * Modifier: removes the video media descriptions.
 * @public
 */
export function stripVideo(description) {
  description.sdp = stripMediaDescription(description.sdp || "", "video");
  return Promise.resolve(description);
}

/**
 * Modifier: numbers the media descriptions with a=mid lines (0, 1, ...) if there are none.
 * @public
 */
export function addMidLines(description) {
  const sdp = description.sdp || "";
  const split = splitLines(sdp);
  if (split.lines.some((line) => line.startsWith("a=mid"))) {
    return Promise.resolve(description);
  }
  const lines = [];
  let index = 0;
  for (const line of split.lines) {
    lines.push(line);
    if (line.startsWith("m=")) {
      lines.push(`a=mid:${index++}`);
    }
  }
  split.lines = lines;
  description.sdp = joinLines(split);
  return Promise.resolve(description);
}

/**
 * The modifier for a session that puts its peer on hold: sendrecv becomes sendonly and recvonly
 * becomes inactive; a description with no direction attribute at all gets a=sendonly in each
 * media description.
 * @param description - The description to modify.
 * @public
 */
export function holdModifier(description) {
  if (!description.sdp || !description.type) {
    throw new Error("Invalid SDP");
  }
  const split = splitLines(description.sdp);
  const isDirection = (line) => /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.test(line);
  const lines = [];
  if (split.lines.some(isDirection)) {
    for (const line of split.lines) {
      lines.push(isDirection(line) ? line.replace(/^a=sendrecv/, "a=sendonly").replace(/^a=recvonly/, "a=inactive") : line);
    }
  } else {
    for (const line of split.lines) {
      lines.push(line);
      if (line.startsWith("m=")) {
        lines.push("a=sendonly");
      }
    }
  }
  split.lines = lines;
  return Promise.resolve({ sdp: joinLines(split), type: description.type });
}
