import { createRequire } from "node:module";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { inspectAttachments, ATTACHMENT_RULE_NAMES: RULE } =
  require("../../relay/plugin/lib/content/attachments.js") as typeof import("../../relay/plugin/lib/content/attachments.js");
const { detectFileType } =
  require("../../relay/plugin/lib/content/file-type.js") as typeof import("../../relay/plugin/lib/content/file-type.js");

type Rules = import("../../relay/plugin/lib/content/attachments.js").AttachmentRules;

const rules: Rules = {
  blockedExtensions: ["exe", "js", "vbs", "scr", "bat", "cmd", "com", "jar", "msi", "ps1"],
  blockedTypes: ["executable", "script", "msi/ole"],
  maxAttachmentBytes: 10 * 1024 * 1024,
  scanArchives: true,
  action: "quarantine",
};

// A minimal Windows program's first bytes: "MZ", the DOS stub's offset to the PE header, "PE\0\0".
const PE = Buffer.concat([
  Buffer.from("MZ"),
  Buffer.alloc(58),
  Buffer.from([0x40, 0, 0, 0]),
  Buffer.from("PE\0\0"),
  Buffer.alloc(64),
]);
const PDF = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);
const TEXT = Buffer.from("Hello, the minutes of today's meeting are below.\n");

// A real ZipCrypto zip (made with `zip -P s3cret`): report.txt and tool.exe, both encrypted.
const ENCRYPTED_ZIP = Buffer.from(
  "UEsDBAoACQAAAJpig13O1yaBHgAAABIAAAAKABwAcmVwb3J0LnR4dFVUCQADo14Ra6NeEWt1eAsAAQQAAAAABAAAAACw6UfzsNL3k2SsQNNIUOYY" +
    "yrdjjPTQhGI0CUZtpxdQSwcIztcmgR4AAAASAAAAUEsDBAoACQAAAJpig12MxOlYHAAAABAAAAAIABwAdG9vbC5leGVVVAkAA6NeEWujXhFrdXgL" +
    "AAEEAAAAAAQAAAAAaAW0gd8lsidT9BxuMD4DRWD977uzazFLoBw/IlBLBwiMxOlYHAAAABAAAABQSwECHgMKAAkAAACaYoNdztcmgR4AAAASAAAA" +
    "CgAYAAAAAAABAAAApIEAAAAAcmVwb3J0LnR4dFVUBQADo14Ra3V4CwABBAAAAAAEAAAAAFBLAQIeAwoACQAAAJpig12MxOlYHAAAABAAAAAIABgA" +
    "AAAAAAAAAACkgXIAAAB0b29sLmV4ZVVUBQADo14Ra3V4CwABBAAAAAAEAAAAAFBLBQYAAAAAAgACAJ4AAADgAAAAAAA=",
  "base64",
);

const zip = (files: Record<string, Uint8Array>, level: 0 | 9 = 9) => Buffer.from(zipSync(files, { level }));
const inspect = (attachments: { filename: string; contentType?: string; bytes: Buffer }[], over: Partial<Rules> = {}) =>
  inspectAttachments(attachments, { ...rules, ...over }).findings;

describe("attachment inspection", () => {
  it("sees through an executable renamed to .pdf: declared pdf, really executable", () => {
    const findings = inspect([
      { filename: "invoice.pdf", contentType: "application/pdf; name=invoice.pdf", bytes: PE },
    ]);
    expect(findings).toEqual([
      {
        kind: "attachment",
        ruleName: RULE.type,
        action: "quarantine",
        where: "attachment:invoice.pdf",
        count: 1,
        samples: [
          { redacted: "invoice.pdf", context: "declared application/pdf (.pdf), really Windows executable (PE)" },
        ],
      },
    ]);
  });

  it("finds an executable inside a zip, by extension and by content", () => {
    const archive = zip({ "docs/setup.exe": PE, "docs/readme.txt": TEXT, "photo.jpg.txt": PE });
    const findings = inspect([{ filename: "files.zip", contentType: "application/zip", bytes: archive }]);
    expect(findings.map((f) => [f.ruleName, f.where, f.count, f.samples.map((s) => s.redacted)])).toEqual([
      [RULE.extension, "attachment:files.zip", 1, ["files.zip > docs/setup.exe"]],
      [RULE.type, "attachment:files.zip", 2, ["files.zip > docs/setup.exe", "files.zip > photo.jpg.txt"]],
    ]);
    expect(findings[1].samples[1].context).toBe("declared (.txt), really Windows executable (PE)");
  });

  it("does not look inside archives when the profile says not to", () => {
    const archive = zip({ "setup.exe": PE });
    expect(inspect([{ filename: "files.zip", bytes: archive }], { scanArchives: false })).toEqual([]);
  });

  it("catches double extensions, any case, trailing dots and spaces, and hidden direction marks", () => {
    const names = [
      "invoice.pdf.exe",
      "INVOICE.PDF.EXE",
      "evil.exe.",
      "evil.exe  ",
      "evil.exe . .",
      "invoice\u202Efdp.exe",
    ];
    for (const filename of names) {
      const findings = inspect([{ filename, bytes: TEXT }]);
      expect(
        findings.map((f) => f.ruleName),
        filename,
      ).toEqual([RULE.extension]);
    }
    const [finding] = inspect([{ filename: "invoice.pdf.exe", bytes: TEXT }]);
    expect(finding.samples[0].context).toBe(".exe is blocked (double extension: looks like .pdf)");
    // A blocked extension that is not the last one is not what runs.
    expect(inspect([{ filename: "notes.exe.txt", bytes: TEXT }])).toEqual([]);
  });

  it("lets a benign pdf, image and zip of them through", () => {
    const attachments = [
      { filename: "report.pdf", contentType: "application/pdf", bytes: PDF },
      { filename: "chart.png", contentType: "image/png", bytes: PNG },
      { filename: "bundle.zip", contentType: "application/zip", bytes: zip({ "a/report.pdf": PDF, "chart.png": PNG }) },
    ];
    expect(inspect(attachments)).toEqual([]);
  });

  it("refuses an attachment over the size limit", () => {
    const findings = inspect([{ filename: "big.pdf", bytes: Buffer.concat([PDF, Buffer.alloc(2048)]) }], {
      maxAttachmentBytes: 1024,
    });
    expect(findings.map((f) => [f.ruleName, f.samples[0].context])).toEqual([
      [RULE.size, "2.1 KB, the limit is 1.0 KB"],
    ]);
  });

  it("cannot inspect an encrypted zip: a finding with the profile's action, names still checked", () => {
    const findings = inspect([{ filename: "secret.zip", bytes: ENCRYPTED_ZIP }], { action: "reject" });
    expect(findings.map((f) => [f.ruleName, f.action, f.count, f.samples.map((s) => s.redacted)])).toEqual([
      [RULE.encrypted, "reject", 2, ["secret.zip > report.txt", "secret.zip > tool.exe"]],
      [RULE.extension, "reject", 1, ["secret.zip > tool.exe"]],
    ]);
    expect(RULE.encrypted).toBe("Archive cannot be inspected (encrypted)");
  });

  it("looks two archive levels deep and no further", () => {
    const level2 = zip({ "setup.exe": PE });
    const findings = inspect([{ filename: "a.zip", bytes: zip({ "b.zip": level2 }) }]);
    expect(findings.map((f) => [f.ruleName, f.samples[0].redacted])).toEqual([
      [RULE.extension, "a.zip > b.zip > setup.exe"],
      [RULE.type, "a.zip > b.zip > setup.exe"],
    ]);
    const tooDeep = inspect([{ filename: "a.zip", bytes: zip({ "b.zip": zip({ "c.zip": level2 }) }) }]);
    expect(tooDeep.map((f) => [f.ruleName, f.samples[0].redacted])).toEqual([[RULE.tooDeep, "a.zip > b.zip > c.zip"]]);
  });

  it("bounds a zip bomb: an inner archive that unpacks past the limit is a finding, quickly", () => {
    // 24 MB of zeros stored in an inner zip, deflated to a few KB in the outer one.
    const inner = zip({ "zeros.bin": new Uint8Array(24 * 1024 * 1024) }, 0);
    const bomb = zip({ "inner.zip": inner });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const started = performance.now();
    const findings = inspectAttachments([{ filename: "bomb.zip", bytes: bomb }], rules, {
      maxArchiveEntryBytes: 4 * 1024 * 1024,
    }).findings;
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(findings.map((f) => [f.ruleName, f.samples[0]])).toEqual([
      [RULE.tooLarge, { redacted: "bomb.zip > inner.zip", context: "inner archive unpacks to more than 4.0 MB" }],
    ]);
  });

  it("bounds the total unpacked over a message, and the number of entries", () => {
    const inner = zip({ "zeros.bin": new Uint8Array(3 * 1024 * 1024) }, 0);
    const many = zip(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`part${i}.zip`, inner])));
    const limits = { maxTotalInflatedBytes: 8 * 1024 * 1024 };
    const findings = inspectAttachments([{ filename: "parts.zip", bytes: many }], rules, limits).findings;
    expect(findings.map((f) => [f.ruleName, f.samples[0].context])).toEqual([
      [RULE.tooLarge, "over 8.0 MB unpacked in this message"],
    ]);

    const crowd = zip(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}.txt`, TEXT])));
    const crowded = inspectAttachments([{ filename: "crowd.zip", bytes: crowd }], rules, { maxEntries: 50 }).findings;
    expect(crowded.map((f) => [f.ruleName, f.samples[0].context])).toEqual([
      [RULE.tooMany, "60 entries; at most 50 are inspected"],
    ]);
  });

  it("does not trust declared sizes: a lie in the central directory changes nothing (default bounds)", () => {
    const inner = zip({ "zeros.bin": new Uint8Array(20 * 1024 * 1024) }, 0);
    const bomb = zip({ "inner.zip": inner });
    // Set the declared uncompressed size of the outer entry to 100 bytes (central directory, offset 24).
    const central = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(100, central + 24);
    const findings = inspect([{ filename: "liar.zip", bytes: bomb }]);
    expect(findings.map((f) => f.ruleName)).toEqual([RULE.tooLarge]);
  });

  it("looks into a file named .zip even when something else is in front of the archive", () => {
    const polyglot = Buffer.concat([Buffer.from("GIF89a"), Buffer.alloc(100), zip({ "setup.exe": PE })]);
    const findings = inspect([{ filename: "photos.zip", bytes: polyglot }]);
    // The offsets inside no longer fit: not readable, so a finding rather than a pass.
    expect(findings.map((f) => f.ruleName)).toEqual([RULE.damaged]);
  });

  it("reports a damaged archive as not inspectable", () => {
    const archive = zip({ "a.txt": TEXT });
    const findings = inspect([{ filename: "broken.zip", bytes: archive.subarray(0, archive.length - 10) }]);
    expect(findings.map((f) => f.ruleName)).toEqual([RULE.damaged]);
  });
});

describe("real file types by magic bytes", () => {
  const type = (bytes: number[] | Buffer) =>
    detectFileType(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes))?.type ?? null;

  it("knows executables of every platform", () => {
    expect(type(PE)).toBe("executable");
    expect(type([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])).toBe("executable");
    for (const magic of [
      [0xfe, 0xed, 0xfa, 0xce],
      [0xfe, 0xed, 0xfa, 0xcf],
      [0xce, 0xfa, 0xed, 0xfe],
      [0xcf, 0xfa, 0xed, 0xfe],
      [0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2],
      [0xca, 0xfe, 0xba, 0xbf, 0, 0, 0, 2],
    ]) {
      expect(type(magic), magic.toString()).toBe("executable");
    }
  });

  it("tells a Java class from a Mach-O universal binary, and knows scripts and OLE files", () => {
    expect(type([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52])).toBe("java");
    expect(type(Buffer.from("#!/bin/sh\nrm -rf ~\n"))).toBe("script");
    expect(type(Buffer.from("\ufeff#!/usr/bin/env python3\n"))).toBe("script");
    expect(type([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])).toBe("msi/ole");
  });

  it("knows the benign types and nothing of plain text", () => {
    expect(type(PDF)).toBe("pdf");
    expect(type(PNG)).toBe("png");
    expect(type([0xff, 0xd8, 0xff, 0xe0])).toBe("jpeg");
    expect(type(zip({ "a.txt": TEXT }))).toBe("zip");
    expect(type([0x1f, 0x8b, 8, 0])).toBe("gzip");
    expect(type(TEXT)).toBeNull();
    expect(type([])).toBeNull();
  });
});
