/**
 * A resource that exists in SAE but did not become ready. Pulumi's dynamic provider host turns an
 * error carrying `id` and `properties` into a partial failure (ErrorResourceInitFailed), so the
 * engine records the resource with its ID instead of forgetting it; the next `pulumi up` then
 * updates it rather than creating a duplicate.
 */
export class ResourceInitError extends Error {
  override readonly name = "ResourceInitError";

  /**
   * @param message What went wrong, for the user.
   * @param id The ID of the resource that exists.
   * @param properties Its outputs, as far as they are known.
   * @param reasons Why it is not ready, one line each.
   */
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
  }
}
