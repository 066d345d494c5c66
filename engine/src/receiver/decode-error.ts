/** Raised by the OTLP decoders for input that does not follow the wire format; the message says where. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}
