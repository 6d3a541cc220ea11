/**
 * The console's AWS key pair in e2e runs: an extra credential of the emulator (same account as `test`/`test`),
 * distinctive enough that the secrets crawl can search every byte the browser receives for it.
 */
export const crawlAccessKeyId = "AKIAE2ECRAWL00000000";
export const crawlSecretAccessKey = "e2eCrawlSecret0wQ7zXk3Lp9Vn5Rt1My8Hb4Dg6Jc2Fs";
