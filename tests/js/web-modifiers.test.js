// Web modifiers on real SDP text: an offer as Chrome writes it (audio, video with RTX, data,
// BUNDLE, host/srflx/TCP candidates), one as Firefox writes it, and a plain SIP phone's offer.
import * as Modifiers from "../../lib/platform/web/modifiers/index.js";
import * as Web from "../../lib/platform/web/index.js";
import * as SipJsModifiers from "sip.js/lib/platform/web/modifiers/index.js";

const {
  addMidLines,
  cleanJitsiSdpImageattr,
  holdModifier,
  stripG722,
  stripRtpPayload,
  stripTcpCandidates,
  stripTelephoneEvent,
  stripVideo
} = Modifiers;

const crlf = (lines) => lines.join("\r\n") + "\r\n";

const chrome = crlf([
  "v=0",
  "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0 1 2",
  "a=extmap-allow-mixed",
  "a=msid-semantic: WMS 9f4e2a",
  "m=audio 52764 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
  "c=IN IP4 192.0.2.10",
  "a=rtcp:9 IN IP4 0.0.0.0",
  "a=candidate:3348148302 1 udp 2122260223 192.0.2.10 52764 typ host generation 0 network-id 1",
  "a=candidate:1538574014 1 tcp 1518280447 192.0.2.10 9 typ host tcptype active generation 0 network-id 1",
  "a=candidate:842163049 1 udp 1686052607 198.51.100.7 52764 typ srflx raddr 192.0.2.10 rport 52764 generation 0 network-id 1",
  "a=ice-ufrag:8hhY",
  "a=ice-pwd:asd88fgpdd777uzjYhagZg",
  "a=ice-options:trickle",
  "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08",
  "a=setup:actpass",
  "a=mid:0",
  "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
  "a=sendrecv",
  "a=msid:9f4e2a 2b3c",
  "a=rtcp-mux",
  "a=rtpmap:111 opus/48000/2",
  "a=rtcp-fb:111 transport-cc",
  "a=fmtp:111 minptime=10;useinbandfec=1",
  "a=rtpmap:63 red/48000/2",
  "a=fmtp:63 111/111",
  "a=rtpmap:9 G722/8000",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:13 CN/8000",
  "a=rtpmap:110 telephone-event/48000",
  "a=rtpmap:126 telephone-event/8000",
  "a=ssrc:1001 cname:abc",
  "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99",
  "c=IN IP4 0.0.0.0",
  "a=rtcp:9 IN IP4 0.0.0.0",
  "a=ice-ufrag:8hhY",
  "a=ice-pwd:asd88fgpdd777uzjYhagZg",
  "a=setup:actpass",
  "a=mid:1",
  "a=sendrecv",
  "a=rtcp-mux",
  "a=rtcp-rsize",
  "a=rtpmap:96 VP8/90000",
  "a=rtcp-fb:96 goog-remb",
  "a=rtcp-fb:96 nack",
  "a=rtcp-fb:96 nack pli",
  "a=rtpmap:97 rtx/90000",
  "a=fmtp:97 apt=96",
  "a=rtpmap:98 H264/90000",
  "a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
  "a=rtpmap:99 rtx/90000",
  "a=fmtp:99 apt=98",
  "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
  "c=IN IP4 0.0.0.0",
  "a=ice-ufrag:8hhY",
  "a=ice-pwd:asd88fgpdd777uzjYhagZg",
  "a=setup:actpass",
  "a=mid:2",
  "a=sctp-port:5000",
  "a=max-message-size:262144"
]);

const firefox = crlf([
  "v=0",
  "o=mozilla...THIS_IS_SDPARTA-99.0 5182925457385424537 0 IN IP4 0.0.0.0",
  "s=-",
  "t=0 0",
  "a=sendrecv",
  "a=fingerprint:sha-256 0A:B1:C2:D3:E4:F5:06:17:28:39:4A:5B:6C:7D:8E:9F:A0:B1:C2:D3:E4:F5:06:17:28:39:4A:5B:6C:7D:8E:9F",
  "a=group:BUNDLE 0 1",
  "a=ice-options:trickle",
  "a=msid-semantic:WMS *",
  "m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101",
  "c=IN IP4 0.0.0.0",
  "a=candidate:0 1 UDP 2122252543 192.0.2.20 40000 typ host",
  "a=candidate:1 1 TCP 2105524479 192.0.2.20 9 typ host tcptype active",
  "a=sendrecv",
  "a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1",
  "a=fmtp:101 0-15",
  "a=mid:0",
  "a=rtcp-mux",
  "a=rtpmap:109 opus/48000/2",
  "a=rtpmap:9 G722/8000/1",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/8000/1",
  "a=setup:actpass",
  "m=video 9 UDP/TLS/RTP/SAVPF 120 124",
  "c=IN IP4 0.0.0.0",
  "a=sendrecv",
  "a=fmtp:120 max-fs=12288;max-fr=60",
  "a=fmtp:124 apt=120",
  "a=imageattr:120 send * recv [x=[0-1280],y=[0-720]]",
  "a=mid:1",
  "a=rtcp-fb:120 nack",
  "a=rtpmap:120 VP8/90000",
  "a=rtpmap:124 rtx/90000",
  "a=setup:actpass"
]);

// A SIP phone: no mids, no BUNDLE, no direction attribute, static payload types without rtpmap.
const phone = crlf([
  "v=0",
  "o=phone 1 1 IN IP4 203.0.113.5",
  "s=call",
  "c=IN IP4 203.0.113.5",
  "t=0 0",
  "m=audio 4000 RTP/AVP 0 8 9 101",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
  "a=ptime:20",
  "m=video 4002 RTP/AVP 99",
  "a=rtpmap:99 H264/90000"
]);

const lines = (sdp) => sdp.split("\r\n");
const mline = (sdp, media) => lines(sdp).find((l) => l.startsWith(`m=${media} `));
const run = async (modifier, sdp, type = "offer") => (await modifier({ type, sdp })).sdp;

describe("exports", () => {
  test("sip.js's modifier names, also under Web", () => {
    expect(Object.keys(Modifiers).sort()).toEqual(Object.keys(SipJsModifiers).sort());
    for (const name of Object.keys(Modifiers)) {
      expect(Web[name]).toBe(Modifiers[name]);
    }
  });

  test("a modifier resolves with the description it was given, its sdp rewritten", async () => {
    const description = { type: "offer", sdp: chrome };
    const result = stripTelephoneEvent(description);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe(description);
    expect(description.sdp).not.toContain("telephone-event");
  });
});

describe("stripTelephoneEvent, stripG722, stripRtpPayload", () => {
  test("stripTelephoneEvent removes every telephone-event payload type with its attributes", async () => {
    const out = await run(stripTelephoneEvent, chrome);
    expect(mline(out, "audio")).toBe("m=audio 52764 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13");
    expect(out).not.toMatch(/a=(rtpmap|fmtp|rtcp-fb):(110|126)\b/);
    // everything else is untouched, line for line
    expect(lines(out)).toEqual(lines(chrome).filter((l) => !/^a=rtpmap:(110|126) /.test(l)).map((l) =>
      l.startsWith("m=audio") ? "m=audio 52764 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13" : l
    ));
    expect(out.endsWith("\r\n")).toBe(true);
    expect(out.replace(/\r\n/g, "")).not.toContain("\n");

    const ff = await run(stripTelephoneEvent, firefox);
    expect(mline(ff, "audio")).toBe("m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8");
    expect(ff).not.toContain("a=fmtp:101");
    expect(ff).not.toContain("telephone-event");
    const ph = await run(stripTelephoneEvent, phone);
    expect(mline(ph, "audio")).toBe("m=audio 4000 RTP/AVP 0 8 9");
    expect(ph).not.toContain("a=fmtp:101");
    expect(ph).toContain("a=ptime:20");
  });

  test("stripG722 removes G722, also as the static payload type 9 with no rtpmap", async () => {
    const out = await run(stripG722, chrome);
    expect(mline(out, "audio")).toBe("m=audio 52764 UDP/TLS/RTP/SAVPF 111 63 0 8 13 110 126");
    expect(out).not.toContain("G722");
    expect(mline(await run(stripG722, firefox), "audio")).toBe("m=audio 9 UDP/TLS/RTP/SAVPF 109 0 8 101");
    const ph = await run(stripG722, phone);
    expect(mline(ph, "audio")).toBe("m=audio 4000 RTP/AVP 0 8 101");
    expect(mline(ph, "video")).toBe("m=video 4002 RTP/AVP 99");
  });

  test("stripRtpPayload(name): case-insensitive encoding name; fmtp, rtcp-fb and the codec's RTX go too", async () => {
    const noOpus = await run(stripRtpPayload("OPUS"), chrome);
    expect(mline(noOpus, "audio")).toBe("m=audio 52764 UDP/TLS/RTP/SAVPF 63 9 0 8 13 110 126");
    expect(noOpus).not.toMatch(/a=(rtpmap|fmtp|rtcp-fb):111 /);
    expect(noOpus).toContain("a=fmtp:63 111/111"); // another codec's parameters stay

    const noVp8 = await run(stripRtpPayload("VP8"), chrome);
    expect(mline(noVp8, "video")).toBe("m=video 9 UDP/TLS/RTP/SAVPF 98 99");
    expect(noVp8).not.toMatch(/a=(rtpmap|fmtp|rtcp-fb):(96|97) /);
    expect(noVp8).toContain("a=fmtp:99 apt=98");
    expect(mline(noVp8, "audio")).toBe(mline(chrome, "audio"));

    const ffNoVp8 = await run(stripRtpPayload("vp8"), firefox);
    expect(mline(ffNoVp8, "video")).toBe("m=video 9 UDP/TLS/RTP/SAVPF");
    expect(ffNoVp8).not.toMatch(/:(120|124) /);

    expect(await run(stripRtpPayload("AV1"), chrome)).toBe(chrome); // absent: unchanged
    expect(mline(await run(stripRtpPayload("PCMU"), phone), "audio")).toBe("m=audio 4000 RTP/AVP 8 9 101");
  });

  test("the data channel media description is left alone", async () => {
    const out = await run(stripRtpPayload("webrtc-datachannel"), chrome);
    expect(mline(out, "application")).toBe("m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
  });
});

describe("stripTcpCandidates", () => {
  test("removes TCP candidates (any case, any foundation), keeps UDP ones", async () => {
    const out = await run(stripTcpCandidates, chrome);
    expect(out).not.toContain(" tcp ");
    expect(out).toContain("a=candidate:3348148302 1 udp");
    expect(out).toContain("a=candidate:842163049 1 udp");
    expect(lines(out)).toHaveLength(lines(chrome).length - 1);
    const ff = await run(stripTcpCandidates, firefox);
    expect(ff).not.toContain(" TCP ");
    expect(ff).toContain("a=candidate:0 1 UDP");
    const foundation = "a=candidate:Zm9v+/x 1 tcp 1518280447 192.0.2.10 9 typ host tcptype active";
    expect(await run(stripTcpCandidates, crlf(["v=0", "m=audio 9 RTP/AVP 0", foundation]))).toBe(crlf(["v=0", "m=audio 9 RTP/AVP 0"]));
  });

  test("the same result as sip.js on Chrome's SDP", async () => {
    const ours = await run(stripTcpCandidates, chrome);
    const theirs = (await SipJsModifiers.stripTcpCandidates({ type: "offer", sdp: chrome })).sdp;
    expect(ours).toBe(theirs);
  });
});

describe("stripVideo", () => {
  test("removes the video media description and its mid from BUNDLE", async () => {
    const out = await run(stripVideo, chrome);
    expect(out).not.toContain("m=video");
    expect(out).not.toContain("VP8");
    expect(out).toContain("a=group:BUNDLE 0 2\r\n");
    expect(mline(out, "audio")).toBe(mline(chrome, "audio"));
    expect(mline(out, "application")).toBe(mline(chrome, "application"));
    const ff = await run(stripVideo, firefox);
    expect(ff).toContain("a=group:BUNDLE 0\r\n");
    expect(ff).not.toContain("m=video");
    const ph = await run(stripVideo, phone);
    expect(ph).toBe(crlf(lines(phone).slice(0, 9)));
  });

  test("removes exactly the video mids from groups (not mids that merely start the same), and an emptied group", async () => {
    const sdp = crlf([
      "v=0",
      "a=group:BUNDLE 1 10 2",
      "a=group:LS 1",
      "m=video 9 RTP/AVP 96",
      "a=mid:1",
      "m=audio 9 RTP/AVP 0",
      "a=mid:10",
      "m=video 9 RTP/AVP 96",
      "a=mid:2"
    ]);
    expect(await run(stripVideo, sdp)).toBe(crlf(["v=0", "a=group:BUNDLE 10", "m=audio 9 RTP/AVP 0", "a=mid:10"]));
  });

  test("no video: unchanged", async () => {
    const audioOnly = await run(stripVideo, chrome);
    expect(await run(stripVideo, audioOnly)).toBe(audioOnly);
  });
});

describe("addMidLines", () => {
  test("numbers the media descriptions when no a=mid exists, right after each m= line, with CRLF", async () => {
    const out = await run(addMidLines, phone);
    expect(out).toBe(
      crlf([
        "v=0",
        "o=phone 1 1 IN IP4 203.0.113.5",
        "s=call",
        "c=IN IP4 203.0.113.5",
        "t=0 0",
        "m=audio 4000 RTP/AVP 0 8 9 101",
        "a=mid:0",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=ptime:20",
        "m=video 4002 RTP/AVP 99",
        "a=mid:1",
        "a=rtpmap:99 H264/90000"
      ])
    );
  });

  test("leaves a description with mids as it is", async () => {
    expect(await run(addMidLines, chrome)).toBe(chrome);
    expect(await run(addMidLines, firefox)).toBe(firefox);
  });
});

describe("holdModifier", () => {
  test("sendrecv becomes sendonly; a new object with the same type", async () => {
    const description = { type: "offer", sdp: chrome };
    const held = await holdModifier(description);
    expect(held).not.toBe(description);
    expect(description.sdp).toBe(chrome);
    expect(held.type).toBe("offer");
    expect(held.sdp.match(/^a=sendonly$/gm)).toHaveLength(2);
    expect(held.sdp).not.toContain("a=sendrecv");
    expect(held.sdp).toBe(chrome.replace(/^a=sendrecv$/gm, "a=sendonly"));
    expect(held.sdp).toBe((await SipJsModifiers.holdModifier({ type: "offer", sdp: chrome })).sdp);
  });

  test("recvonly becomes inactive; sendonly and inactive stay", async () => {
    const sdp = crlf(["v=0", "m=audio 9 RTP/AVP 0", "a=recvonly", "m=video 9 RTP/AVP 96", "a=sendonly", "m=audio 9 RTP/AVP 8", "a=inactive"]);
    expect((await holdModifier({ type: "answer", sdp })).sdp).toBe(
      crlf(["v=0", "m=audio 9 RTP/AVP 0", "a=inactive", "m=video 9 RTP/AVP 96", "a=sendonly", "m=audio 9 RTP/AVP 8", "a=inactive"])
    );
  });

  test("a session-level direction is rewritten (Firefox writes one)", async () => {
    const held = (await holdModifier({ type: "offer", sdp: firefox })).sdp;
    expect(held.match(/^a=sendonly$/gm)).toHaveLength(3);
    expect(held).not.toContain("a=sendrecv");
  });

  test("no direction at all: a=sendonly after each m= line", async () => {
    const held = (await holdModifier({ type: "offer", sdp: phone })).sdp;
    expect(held).toBe(phone.replace("m=audio 4000 RTP/AVP 0 8 9 101\r\n", "m=audio 4000 RTP/AVP 0 8 9 101\r\na=sendonly\r\n").replace(
      "m=video 4002 RTP/AVP 99\r\n",
      "m=video 4002 RTP/AVP 99\r\na=sendonly\r\n"
    ));
    expect(held).toBe((await SipJsModifiers.holdModifier({ type: "offer", sdp: phone })).sdp);
  });

  test("throws on a description without sdp or type", () => {
    expect(() => holdModifier({ type: "offer", sdp: "" })).toThrow("Invalid SDP");
    expect(() => holdModifier({ sdp: chrome })).toThrow("Invalid SDP");
  });
});

describe("cleanJitsiSdpImageattr", () => {
  test("rewrites imageattr ranges starting at 0 to start at 1", async () => {
    const out = await run(cleanJitsiSdpImageattr, firefox);
    expect(out).toContain("a=imageattr:120 send * recv [x=[1:1280],y=[1:720]]");
    expect(lines(out).filter((l) => !l.startsWith("a=imageattr"))).toEqual(lines(firefox).filter((l) => !l.startsWith("a=imageattr")));
    expect(await run(cleanJitsiSdpImageattr, chrome)).toBe(chrome);
  });
});

describe("LF-only descriptions keep their line ending", () => {
  test("stripTelephoneEvent, stripVideo, addMidLines and holdModifier on LF text", async () => {
    const lf = phone.replace(/\r\n/g, "\n");
    for (const modifier of [stripTelephoneEvent, stripVideo, addMidLines, holdModifier]) {
      const out = (await modifier({ type: "offer", sdp: lf })).sdp;
      expect(out).not.toContain("\r");
      expect(out.endsWith("\n")).toBe(true);
    }
    expect((await holdModifier({ type: "offer", sdp: lf })).sdp).toContain("m=audio 4000 RTP/AVP 0 8 9 101\na=sendonly\n");
  });
});
