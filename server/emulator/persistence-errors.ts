/** Why the emulator refuses a state file or its journal (exit 1, nothing overwritten), or cannot write one. */
export class StateFileError extends Error {
  constructor(
    message: string,
    readonly kind: "corrupt" | "newer" | "unreadable" | "unwritable",
  ) {
    super(message);
    this.name = "StateFileError";
  }
}
