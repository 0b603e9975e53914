/**
 * Errors raised by {@link ProviderHost} calls, decoded from gRPC statuses the way the engine's
 * provider plugin client decodes them.
 */
import type { ServiceError } from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";

import { type PropertyMap } from "./propertyValues";

/** The fully qualified protobuf name the dynamic-provider host packs init failures under. */
const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

/** A provider RPC failed; `message` is the provider's own error message. */
export class HostError extends Error {
  /** The gRPC status code the host answered with (2 = UNKNOWN for provider exceptions). */
  readonly grpcCode: number;
  /** The RPC that failed, e.g. "Create". */
  readonly operation: string;

  constructor(operation: string, grpcCode: number, message: string) {
    super(message);
    this.name = "HostError";
    this.operation = operation;
    this.grpcCode = grpcCode;
  }
}

/**
 * Create or Update reached the provider's resource but it did not become healthy: the provider threw
 * an error carrying `id` (and optionally `properties` and `reasons`). The engine records such a
 * resource in state with this ID and these properties, plus the reasons as its init errors.
 */
export class ResourceInitFailedError extends HostError {
  /** ID of the resource that was created (or updated) but failed to initialize. */
  readonly id: string;
  /** The resource's properties as the provider reported them. */
  readonly properties: PropertyMap;
  /** Why initialization failed; empty when the provider gave no reasons. */
  readonly reasons: string[];

  constructor(
    operation: string,
    grpcCode: number,
    message: string,
    detail: provproto.ErrorResourceInitFailed,
  ) {
    super(operation, grpcCode, message);
    this.name = "ResourceInitFailedError";
    this.id = detail.getId();
    this.properties = (detail.getProperties()?.toJavaScript() ?? {}) as PropertyMap;
    this.reasons = detail.getReasonsList();
  }
}

/** Finds an `ErrorResourceInitFailed` in the `grpc-status-details-bin` trailer, if there is one. */
function initFailureDetail(error: ServiceError): provproto.ErrorResourceInitFailed | undefined {
  const raw = error.metadata?.get("grpc-status-details-bin") ?? [];
  for (const entry of raw) {
    // Binary ("-bin") metadata arrives as a Buffer; a string would mean something else sent it.
    if (typeof entry === "string") {
      continue;
    }
    const status = statusproto.Status.deserializeBinary(new Uint8Array(entry));
    for (const any of status.getDetailsList()) {
      if (any.getTypeName() !== INIT_FAILED_TYPE) {
        continue;
      }
      const detail = any.unpack(
        (bytes) => provproto.ErrorResourceInitFailed.deserializeBinary(bytes),
        INIT_FAILED_TYPE,
      );
      if (detail) {
        return detail;
      }
    }
  }
  return undefined;
}

/** Turns a gRPC error from the host into a {@link HostError} or {@link ResourceInitFailedError}. */
export function toHostError(operation: string, error: ServiceError): HostError {
  // grpc-js puts the provider's message in `details`; `message` adds a "2 UNKNOWN: " prefix.
  const message = error.details || error.message;
  const detail = initFailureDetail(error);
  return detail
    ? new ResourceInitFailedError(operation, error.code, message, detail)
    : new HostError(operation, error.code, message);
}
