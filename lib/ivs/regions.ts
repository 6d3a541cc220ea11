/** AWS regions with an IVS Real-Time endpoint (https://docs.aws.amazon.com/general/latest/gr/ivs.html). */
export const ivsRealTimeRegions = [
  "us-east-1",
  "us-west-2",
  "eu-central-1",
  "eu-west-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
] as const;

export const defaultRegion = "us-east-1";

/** The public endpoint of IVS Real-Time in a region (the standard `aws` partition). */
export function publicEndpoint(region: string): string {
  return `https://ivsrealtime.${region}.amazonaws.com`;
}
