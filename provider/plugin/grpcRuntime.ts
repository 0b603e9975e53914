/**
 * gRPC and protobuf as the installed `@pulumi/pulumi` has them: its generated stubs load these
 * packages from where it is installed, so the plugin takes the same copies from there (the
 * Struct and Any classes must be the ones its messages are built with), adding no dependency.
 * The standalone executable's bundle makes the same choice at build time, rewriting each
 * `pulumiRequire(…)` below into a `require` resolved from there (scripts/plugin/bundle.ts): keep
 * loading through `pulumiRequire` only.
 */
import { createRequire } from "node:module";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as anyTypes from "google-protobuf/google/protobuf/any_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/proto/provider_pb"));

/** `@grpc/grpc-js`, as `@pulumi/pulumi` loads it. */
export const grpc = pulumiRequire("@grpc/grpc-js") as typeof grpcTypes;

/** `google.protobuf.Struct`, as `@pulumi/pulumi`'s messages carry it. */
export const Struct = (pulumiRequire("google-protobuf/google/protobuf/struct_pb") as typeof structTypes)
  .Struct;

/** `google.protobuf.Any`, for a status's details. */
export const Any = (pulumiRequire("google-protobuf/google/protobuf/any_pb") as typeof anyTypes).Any;

/** `google.protobuf.Empty`, the answer of Delete and Cancel. */
export const Empty = (pulumiRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyTypes).Empty;
