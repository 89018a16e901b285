#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (committed; rerun after changing this file):
  parser/  the RFC 4475 torture messages (tests/native/data/rfc4475/*.sip) and ordinary
           SIP-over-WebSocket traffic as sip.js sends and receives it
  grammar/ one input per start rule: first byte = index of the rule in sipfuzz::kRules
           (tests/fuzz/fuzz_checks.h), then the text
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

SDP = ("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
       "a=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8\r\nc=IN IP4 0.0.0.0\r\n"
       "a=rtpmap:111 opus/48000/2\r\na=sendrecv\r\n")


def msg(head, body=""):
    lines = head.strip("\n").split("\n")
    if not any(l.lower().startswith("content-length") for l in lines):
        lines.append("Content-Length: %d" % len(body.encode()))
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


PARSER = {
    "invite_ws.sip": msg("""INVITE sip:bob@example.com SIP/2.0
Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK3849302
To: <sip:bob@example.com>
From: "Alice" <sip:alice@example.com>;tag=9fxced76sl
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 1 INVITE
Max-Forwards: 70
Contact: <sip:a8c1b2@df7jal23ls0d.invalid;transport=ws;ob>
Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER
Supported: outbound, 100rel, timer
Session-Expires: 1800;refresher=uac
User-Agent: SIP.js/0.21.2
Content-Type: application/sdp""", SDP),
    "register_auth.sip": msg("""REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK6611793;rport
Max-Forwards: 70
To: <sip:alice@example.com>
From: <sip:alice@example.com>;tag=s3qpk8g1t7
Call-ID: 0sbjo0tqr3la2bm8rh7t
CSeq: 2 REGISTER
Authorization: Digest algorithm=MD5, username="alice", realm="example.com", nonce="5f1a3b", uri="sip:example.com", response="0a4f113b3b2e5c0b2c2a5e1d8d7f6e5a", opaque="abc", qop=auth, cnonce="8d5h9s", nc=00000001
Contact: <sip:a8c1b2@df7jal23ls0d.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:6b2d9d2e-8f3c-4f5e-9a7e-3d1f0c2b4a59>";expires=600
Expires: 600
Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER
Supported: path, gruu, outbound
User-Agent: SIP.js/0.21.2"""),
    "ok_invite.sip": msg("""SIP/2.0 200 OK
Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK3849302;received=192.0.2.10;rport=50412
Record-Route: <sip:proxy.example.com;transport=ws;lr>, <sip:10.0.0.1;lr;r2=on>
To: <sip:bob@example.com>;tag=8321234356
From: "Alice" <sip:alice@example.com>;tag=9fxced76sl
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 1 INVITE
Contact: <sip:bob@192.0.2.4;transport=ws>
Require: timer
Session-Expires: 1800;refresher=uac
Content-Type: application/sdp""", SDP),
    "unauthorized.sip": msg("""SIP/2.0 401 Unauthorized
Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK6611792;received=192.0.2.10
To: <sip:alice@example.com>;tag=37GkEhwl6
From: <sip:alice@example.com>;tag=s3qpk8g1t7
Call-ID: 0sbjo0tqr3la2bm8rh7t
CSeq: 1 REGISTER
WWW-Authenticate: Digest realm="example.com", nonce="5f1a3b", opaque="abc", qop="auth,auth-int", algorithm=SHA-256, stale=FALSE
WWW-Authenticate: Digest realm="example.com", nonce="5f1a3c", qop="auth", algorithm=MD5"""),
    "notify.sip": msg("""NOTIFY sip:a8c1b2@df7jal23ls0d.invalid;transport=ws SIP/2.0
Via: SIP/2.0/WSS proxy.example.com;branch=z9hG4bK776sgdkse
Max-Forwards: 69
To: <sip:alice@example.com>;tag=8w9u2m
From: <sip:bob@example.com>;tag=ffd2
Call-ID: 9f8e7d6c5b
CSeq: 3 NOTIFY
Event: refer;id=93809824
Subscription-State: terminated;reason=noresource
Contact: <sip:bob@192.0.2.4;transport=ws>
Content-Type: message/sipfrag;version=2.0""", "SIP/2.0 200 OK\r\n"),
    "subscribe.sip": msg("""SUBSCRIBE sip:bob@example.com SIP/2.0
Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK0001
Max-Forwards: 70
To: <sip:bob@example.com>
From: <sip:alice@example.com>;tag=a1
Call-ID: sub1@df7jal23ls0d.invalid
CSeq: 1 SUBSCRIBE
Event: presence
Accept: application/pidf+xml, application/xpidf+xml;q=0.5
Expires: 3600
Contact: <sip:a8c1b2@df7jal23ls0d.invalid;transport=ws>"""),
    "refer.sip": msg("""REFER sip:bob@192.0.2.4;transport=ws SIP/2.0
Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK0002
Max-Forwards: 70
Route: <sip:proxy.example.com;transport=ws;lr>
To: <sip:bob@example.com>;tag=8321234356
From: "Alice" <sip:alice@example.com>;tag=9fxced76sl
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 3 REFER
Refer-To: <sip:carol@example.com?Replaces=12345%40192.0.2.1%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>
Referred-By: <sip:alice@example.com>
Contact: <sip:a8c1b2@df7jal23ls0d.invalid;transport=ws;ob>"""),
    "prack.sip": msg("""PRACK sip:bob@192.0.2.4;transport=ws SIP/2.0
Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK0003
Max-Forwards: 70
To: <sip:bob@example.com>;tag=8321234356
From: <sip:alice@example.com>;tag=9fxced76sl
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 2 PRACK
RAck: 1 1 INVITE"""),
    "message.sip": msg("""MESSAGE sip:bob@example.com SIP/2.0
v: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK0004
Max-Forwards: 70
t: <sip:bob@example.com>
f: "Ålice Ünïcode" <sip:alice@example.com>;tag=m1
i: msg1@df7jal23ls0d.invalid
CSeq: 1 MESSAGE
c: text/plain;charset=utf-8""", "Grüße, 世界 👋"),
    "bye_reason.sip": msg("""BYE sip:bob@192.0.2.4;transport=ws SIP/2.0
Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK0005
Max-Forwards: 70
To: <sip:bob@example.com>;tag=8321234356
From: <sip:alice@example.com>;tag=9fxced76sl
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 4 BYE
Reason: Q.850;cause=16;text="Normal call clearing", SIP;cause=200;text="Call completed elsewhere\""""),
    "info_dtmf.sip": msg("""INFO sip:bob@192.0.2.4;transport=ws SIP/2.0
Via: SIP/2.0/WSS [2001:db8::9:1]:5061;branch=z9hG4bK0006
Max-Forwards: 70
To: <sip:bob@example.com>;tag=8321234356
From: <sip:alice@example.com>;tag=9fxced76sl
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 5 INFO
Content-Type: application/dtmf-relay""", "Signal=5\r\nDuration=100\r\n"),
    "options_star.sip": msg("""REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK0007
Max-Forwards: 70
To: <sip:alice@example.com>
From: <sip:alice@example.com>;tag=u1
Call-ID: unreg1
CSeq: 9 REGISTER
Contact: *
Expires: 0"""),
    "trying.sip": msg("""SIP/2.0 100 Trying
Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK3849302
To: <sip:bob@example.com>
From: "Alice" <sip:alice@example.com>;tag=9fxced76sl
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 1 INVITE"""),
}

GRAMMAR = [
    ("Contact", '"Bob" <sip:bob@example.com;transport=ws>;expires=3600;q=0.7, <sip:b2@h>'),
    ("Name_Addr_Header", '"Bob \\"B\\"" <sips:bob@[2001:db8::1]:5061>;tag=abc'),
    ("Record_Route", "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>"),
    ("Request_Response", "INVITE sip:bob@example.com SIP/2.0"),
    ("SIP_URI", "sip:alice:secret@Example.COM:5060;transport=WS;lr?Subject=hi&X=%20y"),
    ("Subscription_State", "active;expires=600;retry-after=10"),
    ("Supported", "100rel, timer, replaces"),
    ("Require", "100rel"),
    ("Via", "SIP/2.0/WSS df7jal23ls0d.invalid:8443;branch=z9hG4bK1;rport=5060;received=[::1]"),
    ("absoluteURI", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
    ("Call_ID", "a84b4c76e66710@pc33.atlanta.com"),
    ("Content_Disposition", "session;handling=optional"),
    ("Content_Length", "349"),
    ("Content_Type", 'multipart/mixed;boundary="a b"'),
    ("CSeq", "4711 INVITE"),
    ("displayName", '"Alice \\\\ Liddell"'),
    ("Event", "dialog;id=1;call-id=abc"),
    ("From", "Alice <sip:alice@atlanta.com>;tag=1928301774"),
    ("host", "[2001:db8:0:0:0:0:0:1]"),
    ("Max_Forwards", "70"),
    ("Min_SE", "90;x=y"),
    ("Proxy_Authenticate", 'Digest realm="atlanta.com", nonce="xyz", qop="auth", algorithm=MD5'),
    ("quoted_string", '"hello \\"world\\" \xc3\xa9"'),
    ("Refer_To", "<sip:carol@example.com?Replaces=a%40b%3Bto-tag%3D1%3Bfrom-tag%3D2>"),
    ("Replaces", "12345@192.0.2.1;to-tag=12345;from-tag=5FFE-3994;early-only"),
    ("Session_Expires", "1800;refresher=uas"),
    ("stun_URI", "stuns:stun.example.com:3478"),
    ("To", "<sip:bob@biloxi.com>;tag=a6c85cf"),
    ("turn_URI", "turn:turn.example.com:3478?transport=tcp"),
    ("uuid", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
    ("WWW_Authenticate", 'Digest realm="r", nonce="n", opaque="o", stale=TRUE, algorithm=SHA-256, qop="auth,auth-int"'),
    ("challenge", 'Digest realm="r", nonce="n"'),
    ("sipfrag", "SIP/2.0 180 Ringing"),
    ("Referred_By", "<sip:referrer@example.com>;cid=x"),
    ("Route", "<sip:proxy.example.com;transport=ws;lr>"),
    ("Allow", "INVITE, ACK, CANCEL, BYE"),
    ("Authorization", 'Digest username="a", realm="r", nonce="n", uri="sip:r", response="0123456789abcdef0123456789abcdef"'),
    ("Proxy_Authorization", 'Digest username="a", realm="r", nonce="n", uri="sip:r", response="00"'),
    ("Expires", "3600"),
    ("Min_Expires", "60"),
    ("RSeq", "988789"),
    ("RAck", "776656 1 INVITE"),
    ("Reason", 'SIP;cause=487;text="Request Terminated"'),
    ("Allow_Events", "talk, hold, refer"),
    ("Unsupported", "foo"),
    ("Proxy_Require", "sec-agree"),
    ("P_Asserted_Identity", '"Cullen" <sip:fluffy@cisco.com>, <tel:+14085264000>'),
    ("Remote_Party_ID", '"John" <sip:john@example.com>;party=calling;screen=yes;privacy=off'),
    ("Accept", "application/sdp;level=1, */*;q=0.1"),
    ("Content_Encoding", "gzip"),
    ("Date", "Sat, 13 Nov 2010 23:29:00 GMT"),
    ("Timestamp", "54.2 0.5"),
    ("NoSuchRule", "anything"),
]

# Must match sipfuzz::kRules in tests/fuzz/fuzz_checks.h.
RULES = [
    "Contact", "Name_Addr_Header", "Record_Route", "Request_Response", "SIP_URI", "Subscription_State",
    "Supported", "Require", "Via", "absoluteURI", "Call_ID", "Content_Disposition", "Content_Length",
    "Content_Type", "CSeq", "displayName", "Event", "From", "host", "Max_Forwards", "Min_SE",
    "Proxy_Authenticate", "quoted_string", "Refer_To", "Replaces", "Session_Expires", "stun_URI", "To",
    "turn_URI", "uuid", "WWW_Authenticate", "challenge", "sipfrag", "Referred_By", "Route", "Allow",
    "Authorization", "Proxy_Authorization", "Expires", "Min_Expires", "RSeq", "RAck", "Reason",
    "Allow_Events", "Unsupported", "Proxy_Require", "P_Asserted_Identity", "Remote_Party_ID", "Accept",
    "Content_Encoding", "Date", "Timestamp", "NoSuchRule", "",
]


def main():
    pdir = os.path.join(HERE, "parser")
    gdir = os.path.join(HERE, "grammar")
    for d in (pdir, gdir):
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
    tdir = os.path.join(ROOT, "tests", "native", "data", "rfc4475")
    for name in sorted(os.listdir(tdir)):
        if name.endswith(".sip"):
            shutil.copy(os.path.join(tdir, name), os.path.join(pdir, "rfc4475_" + name))
    for name, data in PARSER.items():
        with open(os.path.join(pdir, name), "wb") as f:
            f.write(data)
    for rule, text in GRAMMAR:
        idx = RULES.index(rule)
        raw = text.encode("latin-1") if "\xc3" in text else text.encode("utf-8")
        with open(os.path.join(gdir, rule + ".txt"), "wb") as f:
            f.write(bytes([idx]) + raw)
    print("parser: %d seeds, grammar: %d seeds" % (len(os.listdir(pdir)), len(os.listdir(gdir))))


if __name__ == "__main__":
    main()
