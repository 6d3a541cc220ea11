/** How often live views poll (the server's cache keeps many viewers from costing more than one). */
export const livePollMs = 3000;
export const slowPollMs = 15_000;
