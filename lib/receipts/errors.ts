/** A receipt, key or checkpoint that cannot be built or used as asked. */
export class ReceiptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReceiptError";
  }
}
