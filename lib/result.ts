/** What server actions and loaders return: never a thrown error across the server/browser boundary. */
export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
  readonly retryable: boolean;
  /** Field-level messages for forms, keyed by dotted path (`video.width`). */
  readonly fields?: Readonly<Record<string, readonly string[]>>;
}

export type Result<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ErrorInfo };
