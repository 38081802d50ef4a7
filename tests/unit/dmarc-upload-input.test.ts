// The dashboard's DMARC report upload is parsed at the edge (uploadDmarcReportSchema): a form's
// file or a script's base64 becomes one non-empty Blob, and a missing or empty file is named.
import { describe, expect, it } from "vitest";
import { AppError, parseInput } from "@/lib/errors";
import { uploadDmarcReportSchema } from "@/lib/validations/posture";

const refusal = (raw: unknown) => {
  try {
    parseInput(uploadDmarcReportSchema, raw);
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected a refusal");
};

describe("uploadDmarcReportSchema", () => {
  it("takes the form's file as it is", () => {
    const file = new File(["<feedback/>"], "report.xml", { type: "text/xml" });
    const { file: parsed } = parseInput(uploadDmarcReportSchema, { file });
    expect(parsed).toBe(file);
  });

  it("turns a script's contentBase64 into the same bytes", async () => {
    const { file } = parseInput(uploadDmarcReportSchema, {
      contentBase64: Buffer.from("<feedback/>").toString("base64"),
    });
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe("<feedback/>");
  });

  it.each([
    ["nothing", {}],
    ["an empty file (the form's file input left empty)", { file: new File([], "") }],
    ["empty base64", { contentBase64: "" }],
    ["a file that is not a file", { file: "report.xml" }],
  ])("names the file field for %s, with a 422", (_, raw) => {
    const error = refusal(raw);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: "validation_failed",
      status: 422,
      fieldErrors: { file: ["Choose a report file"] },
    });
  });
});
