// NameAddrHeader: display name, URI, header parameters, clone, toString, argument checks.
import { Grammar, NameAddrHeader, URI } from "../../lib/grammar/index.js";

describe("NameAddrHeader", () => {
  const uri = () => new URI("sip", "alice", "Example.com", undefined, { transport: "ws" });

  test("display name, friendly name, parameters and toString", () => {
    const header = new NameAddrHeader(uri(), "Alice Ç", { Tag: "abc", lr: undefined });
    expect(header.displayName).toBe("Alice Ç");
    expect(header.friendlyName).toBe("Alice Ç");
    expect(header.parameters).toEqual({ tag: "abc", lr: null });
    expect(header.getParam("TAG")).toBe("abc");
    expect(header.toString()).toBe('"Alice Ç" <sip:alice@example.com;transport=ws>;tag=abc;lr');
  });

  test("without a display name", () => {
    const header = new NameAddrHeader(uri(), undefined, {});
    expect(header.displayName).toBeUndefined();
    expect(header.friendlyName).toBe("alice@example.com");
    expect(header.toString()).toBe("<sip:alice@example.com;transport=ws>");
    header.displayName = "";
    expect(header.toString()).toBe("<sip:alice@example.com;transport=ws>");
    header.displayName = "0";
    expect(header.toString()).toBe('"0" <sip:alice@example.com;transport=ws>');
  });

  test("parameters are optional", () => {
    expect(new NameAddrHeader(uri()).parameters).toEqual({});
  });

  test("clone is equal and independent, URI included", () => {
    const header = new NameAddrHeader(uri(), "A", { tag: "1" });
    const clone = header.clone();
    expect(clone).toEqual(header);
    expect(clone.uri).not.toBe(header.uri);
    clone.setParam("tag", "2");
    clone.uri.user = "bob";
    clone.displayName = "B";
    expect(header.toString()).toBe('"A" <sip:alice@example.com;transport=ws>;tag=1');
    expect(clone.toString()).toBe('"B" <sip:bob@example.com;transport=ws>;tag=2');
  });

  test("wrong arguments throw a TypeError saying what is wrong", () => {
    expect(() => new NameAddrHeader("sip:alice@example.com", "A", {})).toThrow('missing or invalid "uri" parameter');
    expect(() => new NameAddrHeader(undefined)).toThrow(TypeError);
    expect(() => new NameAddrHeader(uri(), 42, {})).toThrow('invalid "displayName" parameter');
    expect(() => new NameAddrHeader(uri(), "A", "tag=1")).toThrow('invalid "parameters" parameter');
    const header = new NameAddrHeader(uri(), "A", {});
    expect(() => {
      header.displayName = {};
    }).toThrow(TypeError);
    header.displayName = undefined;
    expect(header.displayName).toBeUndefined();
  });

  test("parsed from text", () => {
    const header = Grammar.nameAddrHeaderParse('"Iñaki ðđøþ" <SIP:%61liCE@versaTICA.Com:6060;TRansport=TCp>;QWE=QWE;ASd');
    expect(header).toBeInstanceOf(NameAddrHeader);
    expect(header.displayName).toBe("Iñaki ðđøþ");
    expect(header.uri).toBeInstanceOf(URI);
    expect(header.uri.user).toBe("aliCE");
    expect(header.parameters).toEqual({ qwe: "QWE", asd: null });
    expect(header.toString()).toBe('"Iñaki ðđøþ" <sip:aliCE@versatica.com:6060;transport=tcp>;qwe=QWE;asd');
    expect(Grammar.nameAddrHeaderParse("<sip:alice@")).toBeUndefined();
    expect(Grammar.nameAddrHeaderParse(undefined)).toBeUndefined();
  });
});
