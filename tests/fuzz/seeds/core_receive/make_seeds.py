#!/usr/bin/env python3
"""Writes the seed inputs of core_receive_fuzz (see tests/fuzz/core_receive_fuzz.cpp): a mode byte,
then messages separated by 0x01. The core is "bob" (sip:bob@example.com); its random source is
constant, so its own INVITE has branch z9hG4bK5000000, From tag gggggggggg and Call-ID
bob-ggggggggggggggg, and every tag it makes is gggggggggg."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "..", "native", "data", "rfc4475")
SDP = "v=0\r\no=carol 1 1 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n"
RSEQ = 1 + ((0x80000000 * (0x7FFFFFFE - 0xFFFF)) >> 32)


def request(method, cseq, branch, to_tag="", body="", extra=(), cseq_method=None):
    lines = [f"{method} sip:bob@example.com SIP/2.0",
             f"Via: SIP/2.0/WSS carol.invalid;branch={branch}",
             "Max-Forwards: 70",
             "From: <sip:carol@example.com>;tag=carol1",
             "To: <sip:bob@example.com>" + (f";tag={to_tag}" if to_tag else ""),
             "Call-ID: fuzz-call-1",
             f"CSeq: {cseq} {cseq_method or method}",
             "Contact: <sip:carol@192.0.2.7>"]
    lines += list(extra)
    if body:
        lines.append("Content-Type: application/sdp")
    lines.append(f"Content-Length: {len(body.encode())}")
    return "\r\n".join(lines) + "\r\n\r\n" + body


def response(code, cseq, method, to_tag="alice1", body="", extra=()):
    lines = [f"SIP/2.0 {code} Whatever",
             "Via: SIP/2.0/WSS bob.invalid;branch=z9hG4bK5000000",
             "From: \"bob\" <sip:bob@example.com>;tag=gggggggggg",
             "To: <sip:alice@example.com>" + (f";tag={to_tag}" if to_tag else ""),
             "Call-ID: bob-ggggggggggggggg",
             f"CSeq: {cseq} {method}",
             "Contact: <sip:alice@192.0.2.9>"]
    lines += list(extra)
    if body:
        lines.append("Content-Type: application/sdp")
    lines.append(f"Content-Length: {len(body.encode())}")
    return "\r\n".join(lines) + "\r\n\r\n" + body


def write(name, mode, messages):
    data = bytes([mode]) + b"\x01".join(m.encode() if isinstance(m, str) else m for m in messages)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


TAG = "gggggggggg"
write("uas-call.bin", 0x00, [request("INVITE", 1, "z9hG4bKi1", body=SDP),
                            request("ACK", 1, "z9hG4bKa1", TAG),
                            request("INVITE", 2, "z9hG4bKi2", TAG, body=SDP),
                            request("ACK", 2, "z9hG4bKa2", TAG),
                            request("INFO", 3, "z9hG4bKn3", TAG),
                            request("BYE", 4, "z9hG4bKb4", TAG)])
write("uas-cancel.bin", 0x04, [request("INVITE", 1, "z9hG4bKi1", body=SDP),
                              request("CANCEL", 1, "z9hG4bKi1"),
                              request("ACK", 1, "z9hG4bKi1", TAG)])
write("uas-prack.bin", 0x08, [request("INVITE", 1, "z9hG4bKi1", body=SDP, extra=["Supported: 100rel"]),
                             request("PRACK", 2, "z9hG4bKp2", TAG, extra=[f"RAck: {RSEQ} 1 INVITE"]),
                             request("ACK", 1, "z9hG4bKa1", TAG)])
write("uas-update.bin", 0x02, [request("INVITE", 1, "z9hG4bKi1", body=SDP),
                              request("ACK", 1, "z9hG4bKa1", TAG),
                              request("UPDATE", 2, "z9hG4bKu2", TAG, body=SDP),
                              request("BYE", 1, "z9hG4bKb1", TAG)])
write("uas-glare.bin", 0x20, [request("INVITE", 1, "z9hG4bKi1", body=SDP),
                             request("INVITE", 2, "z9hG4bKi2", TAG, body=SDP),
                             request("ACK", 1, "z9hG4bKa1", TAG)])
write("uac-call.bin", 0x10, [response(100, 1, "INVITE", ""),
                            response(180, 1, "INVITE", extra=["Require: 100rel", "RSeq: 7"]),
                            response(183, 1, "INVITE", "alice2"),
                            response(200, 1, "INVITE", body=SDP),
                            response(200, 1, "INVITE", "alice2", body=SDP),
                            "BYE sip:bob@bob.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS alice.invalid;branch=z9hG4bKbye\r\n"
                            "From: <sip:alice@example.com>;tag=alice1\r\nTo: \"bob\" <sip:bob@example.com>;tag=gggggggggg\r\n"
                            "Call-ID: bob-ggggggggggggggg\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n"])
write("uac-auth.bin", 0x10, [response(407, 1, "INVITE", extra=[
    'Proxy-Authenticate: Digest realm="example.com", nonce="abc", qop="auth", algorithm=SHA-256'])])
write("uac-reject.bin", 0x50, [response(180, 1, "INVITE"), response(486, 1, "INVITE")])
for name in sorted(os.listdir(CORPUS)):
    if name.endswith(".sip"):
        with open(os.path.join(CORPUS, name), "rb") as f:
            write("rfc4475-" + name[:-4] + ".bin", 0x00, [f.read()])
