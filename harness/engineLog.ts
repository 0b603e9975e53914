/**
 * A stand-in for the engine's gRPC `Engine` service, on loopback: a provider plugin is started
 * with its address and sends its log lines there. It records every line; the other methods answer
 * UNIMPLEMENTED, as no plugin of this package calls them.
 */
import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as engproto from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

/** One line a plugin logged. */
export interface EngineLogLine {
  /** 0 debug, 1 info, 2 warning, 3 error (`pulumirpc.LogSeverity`). */
  readonly severity: number;
  readonly message: string;
  /** The resource the line is about; "" when none. */
  readonly urn: string;
}

/** A running Engine stand-in. */
export class EngineLogServer {
  /** Every line logged, in order of arrival. */
  readonly lines: EngineLogLine[] = [];
  /** Called with each line as it arrives (see {@link onLine}). */
  private readonly listeners = new Set<(line: EngineLogLine) => void>();

  private constructor(
    private readonly server: grpc.Server,
    /** The address to start a plugin with (`127.0.0.1:<port>`). */
    readonly address: string,
  ) {}

  /** Starts the stand-in on a free loopback port. */
  static async start(): Promise<EngineLogServer> {
    const server = new grpc.Server();
    const lines: EngineLogLine[] = [];
    const listeners = new Set<(line: EngineLogLine) => void>();
    server.addService(engrpc.EngineService, {
      log: (call: { request: engproto.LogRequest }, callback: (e: null, r: Empty) => void) => {
        const line = {
          severity: call.request.getSeverity(),
          message: call.request.getMessage(),
          urn: call.request.getUrn(),
        };
        lines.push(line);
        for (const listener of listeners) {
          listener(line);
        }
        callback(null, new Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    const engine = new EngineLogServer(server, `127.0.0.1:${port}`);
    // The same array and set, so lines logged before `start` returns are kept.
    (engine as { lines: EngineLogLine[] }).lines = lines;
    (engine as unknown as { listeners: typeof listeners }).listeners = listeners;
    return engine;
  }

  /** Subscribes to lines as they arrive; returns a function that unsubscribes. */
  onLine(listener: (line: EngineLogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops listening. */
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }
}
