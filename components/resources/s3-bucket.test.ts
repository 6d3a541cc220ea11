import { describe, expect, it } from "vitest";
import { S3BucketName } from "@/lib/ivs/primitives";
import { bucketNameProblems } from "./s3-bucket";

describe("bucketNameProblems", () => {
  it("accepts ordinary bucket names", () => {
    for (const name of ["my-recordings", "show.archive.2026", "abc"]) expect(bucketNameProblems(name)).toEqual([]);
  });

  it("reports the S3 rules the IVS shape does not check", () => {
    expect(bucketNameProblems("-leading")).toHaveLength(1);
    expect(bucketNameProblems("trailing.")).toHaveLength(1);
    expect(bucketNameProblems("two..dots")).toEqual(["Must not contain two dots in a row."]);
    expect(bucketNameProblems("192.168.5.4")).toEqual(["Must not be formatted as an IP address."]);
    expect(bucketNameProblems("xn--bucket")[0]).toContain("xn--");
    expect(bucketNameProblems("amzn-s3-demo-bucket")[0]).toContain("amzn-s3-demo-");
    expect(bucketNameProblems("media-s3alias")[0]).toContain("-s3alias");
    // these all pass the shared shape: the extra rules are what catches them
    for (const name of ["-leading", "two..dots", "192.168.5.4"])
      expect(S3BucketName.safeParse(name).success).toBe(true);
  });

  it("leaves an empty name to the required-field message", () => {
    expect(bucketNameProblems("")).toEqual([]);
  });
});
