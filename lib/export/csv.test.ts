import { describe, expect, it } from "vitest";
import { csvCell, parseCsv, toCsv } from "./csv";

describe("CSV", () => {
  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(null)).toBe("");
    expect(csvCell(3.5)).toBe("3.5");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(true)).toBe("true");
  });

  it("defuses spreadsheet formulas but keeps ids and negative numbers", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("-abc_1")).toBe("-abc_1");
    expect(csvCell("-5")).toBe("-5");
    expect(csvCell("\tx")).toBe("'\tx");
  });

  it("writes CRLF rows that parse back to the same cells", () => {
    const rows = [
      ["2026-03-01T12:00:00.000Z", "PUBLISH_ERROR", 'a "quoted", value', "line\nbreak", ""],
      ["x", "y", "z", "", "last"],
    ];
    const text = toCsv(["t", "name", "c", "d", "e"], rows);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text)).toEqual([["t", "name", "c", "d", "e"], ...rows]);
  });
});
