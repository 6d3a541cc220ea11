import "server-only";

/**
 * A token bucket: `rate` tokens per second, holding at most `capacity`. `take()` resolves when a token is
 * available (callers wait their turn, first come first served); `tryTake()` never waits.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly waiters: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly rate: number,
    private readonly capacity: number = rate,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  private refill(): void {
    const at = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((at - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = at;
  }

  tryTake(): boolean {
    this.refill();
    if (this.waiters.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  take(): Promise<void> {
    if (this.tryTake()) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.schedule();
    });
  }

  /** How many callers are waiting for a token. */
  get queued(): number {
    return this.waiters.length;
  }

  private schedule(): void {
    if (this.timer) return;
    this.refill();
    const waitMs = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.rate) * 1000;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refill();
      while (this.waiters.length > 0 && this.tokens >= 1) {
        this.tokens -= 1;
        this.waiters.shift()?.();
      }
      if (this.waiters.length > 0) this.schedule();
    }, waitMs);
    this.timer.unref?.();
  }
}
